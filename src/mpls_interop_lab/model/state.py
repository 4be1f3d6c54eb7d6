"""Computed protocol state, vendor-neutral; the emulators render it in their vendor's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mpls_interop_lab.model.views import DeviceView

#: neutral PW status codes, in the order the model checks them
PW_CODES = (
    "up",
    "local-ac-down",
    "no-ldp",
    "no-lsp",
    "no-remote",
    "remote-ac-down",
    "type-mismatch",
    "mtu-mismatch",
)


@dataclass
class PortState:
    name: str
    admin_up: bool
    oper_up: bool
    l2_mtu: int


@dataclass
class OspfNeighbor:
    interface: str
    address: str
    neighbor_id: str
    device: str
    state: Literal["Full", "ExStart", "Exchange", "Init", "2Way"]
    area: str
    local_address: str = ""
    #: the neighbour's role on a broadcast segment: "DR" | "BDR" | "" (none elected / p2p)
    role: str = ""
    #: the neighbour's DR election priority
    priority: int = 1


@dataclass
class LspState:
    name: str
    source: str
    to: str
    up: bool
    active: Literal["primary", "secondary"] | None
    path: list[str] = field(default_factory=list)  # ERO: addresses of the next hops
    devices: list[str] = field(default_factory=list)  # routers along the path, head-end first
    frr: bool = False
    frr_method: str = ""
    frr_available: bool = False
    standby: bool = False
    secondary_up: bool = False
    primary_name: str = ""
    secondary_name: str = ""
    reason: str = ""
    enabled: bool = True
    revert_timer: int | None = None

    @property
    def active_path_name(self) -> str:
        """The name of the path the LSP runs on (the secondary's unless the primary is active)."""
        return self.primary_name if self.active == "primary" else self.secondary_name


@dataclass
class RsvpSession:
    role: Literal["ingress", "egress", "transit"]
    name: str
    source: str
    destination: str
    up: bool


@dataclass
class LdpSession:
    peer: str
    device: str
    up: bool
    reason: str = ""


@dataclass
class PwState:
    kind: Literal["vll", "vpls"]
    name: str
    id: int
    peer: str
    peer_device: str | None
    up: bool
    code: str
    reason: str
    pw_type: Literal["raw", "tagged"]
    mtu: int
    remote_type: Literal["raw", "tagged"] | None = None
    remote_mtu: int | None = None
    local_label: int | None = None
    remote_label: int | None = None
    tunnel: str | None = None
    attachments: list[str] = field(default_factory=list)
    attachment_up: bool = True
    #: the control word in use once both ends signalled: "null", "none", or None (not known)
    control_word: str | None = None


@dataclass
class BfdState:
    """A single-hop BFD session for an OSPF neighbour (times in milliseconds)."""

    neighbor: str
    interface: str
    up: bool
    interval: int  # agreed transmit interval
    multiplier: int
    detection_time: int


@dataclass
class DeviceState:
    name: str
    vendor: str
    view: DeviceView
    ports: dict[str, PortState] = field(default_factory=dict)
    ospf: list[OspfNeighbor] = field(default_factory=list)
    lsps: list[LspState] = field(default_factory=list)
    rsvp: list[RsvpSession] = field(default_factory=list)
    ldp: list[LdpSession] = field(default_factory=list)
    pws: list[PwState] = field(default_factory=list)
    #: this router's own role per OSPF broadcast interface with neighbours: "DR" | "BDR"
    ospf_roles: dict[str, str] = field(default_factory=dict)
    bfd: list[BfdState] = field(default_factory=list)

    def copy(self) -> DeviceState:
        """A shallow copy (the containers are shared: replace one, never change it in place)."""
        out = object.__new__(DeviceState)
        out.__dict__.update(self.__dict__)
        return out

    def ip_oper_up(self, ifname: str) -> bool:
        ipif = self.view.ipif(ifname)
        if ipif is None:
            return False
        if ipif.loopback or not ipif.ports:
            return ipif.admin_up
        return ipif.admin_up and any(self.ports[p].oper_up for p in ipif.ports if p in self.ports)


@dataclass
class PingOutcome:
    sent: int
    received: int
    frag_needed: bool = False
    no_route: bool = False
    reason: str = ""
    source: str = ""

    @property
    def success(self) -> bool:
        return self.sent > 0 and self.received == self.sent
