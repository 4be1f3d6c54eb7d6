"""The plan: the per-device, vendor-neutral desired state a vendor renderer turns into config.

The core's planner (``mpls_interop.core.planner``) builds it from the intent; vendors consume it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class BfdPlan:
    interval: int
    min_rx: int
    multiplier: int


@dataclass(frozen=True)
class OspfPlan:
    area: str
    cost: int | None
    hello: int
    dead: int
    network_type: str
    bfd: BfdPlan | None


@dataclass
class L3Interface:
    """An IP interface on a core link."""

    port: str
    address: ipaddress.IPv4Interface
    ip_mtu: int
    vlan: int | None = None
    unit: int | None = None
    router_interface: int | None = None
    ospf: OspfPlan | None = None
    mpls: bool = True
    peer_device: str = ""
    peer_address: str = ""
    link: str = ""


@dataclass
class Port:
    name: str
    native_mtu: int
    #: VLAN ids on this port (core or services)
    vlans: list[int] = field(default_factory=list)
    #: untagged VLAN carried on the port (Junos native-vlan-id)
    native_vlan: int | None = None
    has_services: bool = False
    untagged_core: bool = False
    description: str = ""


@dataclass(frozen=True)
class PathPlan:
    name: str
    hops: tuple[str, ...]
    strict: bool


@dataclass(frozen=True)
class LspPlan:
    name: str
    source: str
    to_device: str
    to: str
    frr: bool
    primary: PathPlan | None
    secondary: PathPlan | None
    standby: bool
    revert_timer: int | None


@dataclass(frozen=True)
class Attachment:
    """Where a service meets this device: a port/VLAN, or a VRF through an lt- pair."""

    kind: Literal["port", "vrf"]
    port: str | None = None
    vlan: int | None = None
    tagging: Literal["tagged", "untagged"] = "untagged"
    unit: int | None = None
    router_interface: int | None = None
    address: ipaddress.IPv4Interface | None = None
    ip_mtu: int | None = None
    vrf: str | None = None
    lt_interface: str | None = None
    lt_unit: int | None = None


@dataclass(frozen=True)
class Peer:
    device: str
    address: str


@dataclass
class ServicePlan:
    kind: Literal["vpls", "vll"]
    name: str
    id: int
    mode: Literal["raw", "tagged"]
    mtu: int
    peers: list[Peer]
    attachments: list[Attachment]
    description: str = ""


@dataclass(frozen=True)
class VrfPlan:
    name: str
    rd: str
    target: str
    address: ipaddress.IPv4Interface
    ip_mtu: int
    lt_interface: str
    unit: int
    peer_unit: int
    service_kind: Literal["vpls", "vll"]
    service: str
    description: str = ""


@dataclass
class DevicePlan:
    name: str
    vendor: str
    model: str
    loopback: str
    native_mtu: int
    ports: dict[str, Port] = field(default_factory=dict)
    l3: list[L3Interface] = field(default_factory=list)
    loopback_area: str = "0.0.0.0"
    ospf: bool = False
    lsps: list[LspPlan] = field(default_factory=list)
    services: list[ServicePlan] = field(default_factory=list)
    vrfs: list[VrfPlan] = field(default_factory=list)
    tunnel_services: tuple[int, int, str] | None = None
    ldp_targeted: bool = True
    ldp_link: bool = False
    traffic_engineering: bool = True
    #: the device's configured hostname (the inventory name unless the inventory sets one)
    hostname: str = ""

    @property
    def vpls(self) -> list[ServicePlan]:
        return [s for s in self.services if s.kind == "vpls"]

    @property
    def vlls(self) -> list[ServicePlan]:
        return [s for s in self.services if s.kind == "vll"]

    def port(self, name: str) -> Port:
        if name not in self.ports:
            self.ports[name] = Port(name=name, native_mtu=self.native_mtu)
        return self.ports[name]

    @property
    def ldp_peers(self) -> list[str]:
        return sorted({p.address for s in self.services for p in s.peers})


@dataclass
class Plan:
    devices: dict[str, DevicePlan]
