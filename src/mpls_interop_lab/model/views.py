"""What the network model knows of one device, read from its configuration.

Both vendor readers produce these views; the model computes protocol state from them and from the
wiring. MTUs are held in one convention: ``l2_mtu`` is the largest frame without FCS, Ethernet
header and VLAN tags included (Junos media MTU as is, NetIron frame size minus 4).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

ETH = 14
TAG = 4
FCS = 4


@dataclass
class PortView:
    name: str
    l2_mtu: int
    admin_up: bool = True


@dataclass(frozen=True)
class OspfIf:
    area: str
    hello: int = 10
    dead: int = 40
    network_type: Literal["broadcast", "p2p", "nbma", "p2mp", "p2mp-over-lan"] = "broadcast"
    passive: bool = False
    cost: int = 1
    #: DR election priority (0: never DR or BDR)
    priority: int = 1
    #: BFD for OSPF on this interface: (transmit interval ms, minimum receive ms, multiplier)
    bfd: tuple[int, int, int] | None = None


@dataclass
class IpIf:
    """An IP interface: a Junos logical unit, a NetIron port/ve/loopback, a Junos lt- unit."""

    name: str
    address: ipaddress.IPv4Interface
    ip_mtu: int
    #: physical ports the interface sends on (NetIron ve: members of its VLAN)
    ports: tuple[str, ...] = ()
    #: 802.1Q tag on the wire per port (None = untagged)
    tags: dict[str, int | None] = field(default_factory=dict)
    loopback: bool = False
    vrf: str | None = None
    ospf: OspfIf | None = None
    rsvp: bool = False
    mpls: bool = False
    #: L2 service the interface is bridged into: ("vpls"|"vll", service name); NetIron ve in a
    #: VPLS VLAN, Junos VRF lt- unit whose peer unit is in a VPLS instance or an l2circuit
    service: tuple[str, str] | None = None
    #: largest frame (common convention) the interface can emit towards its service (lt- media MTU)
    service_l2_mtu: int | None = None
    admin_up: bool = True

    @cached_property
    def ip_str(self) -> str:
        """The address without its prefix length, as text (read on every path the model walks)."""
        return str(self.address.ip)


@dataclass
class Attachment:
    """Where a PW service meets the device."""

    name: str  # ge-1/1/9.41, lt-0/0/10.4, "ethe 1/5"
    port: str | None  # physical port (None for lt-)
    vlan: int | None  # tag on the wire (None untagged)
    #: frames cross the PW carrying a VLAN tag (Junos raw VPLS without `vlan-id none`, raw VLL
    #: without `input-vlan-map pop`, tagged-mode PWs)
    tag_on_pw: bool = False
    functional: bool = True
    problem: str = ""


@dataclass
class PwConfig:
    kind: Literal["vll", "vpls"]
    name: str
    id: int
    peers: list[str]
    pw_type: Literal["raw", "tagged"]
    mtu: int
    attachments: list[Attachment] = field(default_factory=list)
    #: Junos VPLS instance VLAN normalisation: "none", a VLAN id, or None when absent
    vlan_id: str | None = None
    #: a peer whose PW MTU differs stays down (False: the MTU is only recorded, NetIron VPLS
    #: without MTU enforcement)
    mtu_enforced: bool = True
    #: control word the PW asks for: "null" (Junos's default), "none" (no-control-word), or None
    #: when the vendor's reader does not model it (then it never causes a mismatch)
    control_word: str | None = None


@dataclass(frozen=True)
class Hop:
    address: str
    strict: bool


@dataclass
class LspConfig:
    name: str
    to: str
    primary: list[Hop] | None = None
    primary_name: str = ""
    secondary: list[Hop] | None = None
    secondary_name: str = ""
    standby: bool = False
    frr: bool = False
    #: protection method as configured: "facility" | "one-to-one" ("" when frr is off)
    frr_method: str = ""
    enabled: bool = True
    revert_timer: int | None = None


@dataclass
class DeviceView:
    name: str
    vendor: Literal["junos", "netiron", "openflow"]
    router_id: str | None = None
    ports: dict[str, PortView] = field(default_factory=dict)
    ipifs: list[IpIf] = field(default_factory=list)
    lsps: list[LspConfig] = field(default_factory=list)
    pws: list[PwConfig] = field(default_factory=list)
    ospf_running: bool = False
    traffic_engineering: bool = False
    #: targeted LDP possible (Junos: `ldp interface lo0.0`; NetIron: always with PWs)
    ldp_targeted: bool = False
    #: IP interfaces running link LDP (an LDP LSP can carry PWs across them)
    ldp_interfaces: set[str] = field(default_factory=set)
    #: (PW id, peer) → the PW label this device signals, where a real LDP speaker decided it (a
    #: real OpenFlow PE's FRR, or the stand-in playing this device towards one); else the model's
    pw_labels: dict[tuple[int, str], int] = field(default_factory=dict)
    tunnel_services: bool = False
    #: L2 MTU and admin state of ports the configuration does not mention (vendor defaults)
    default_port_l2: int = 1514
    default_port_up: bool = True

    def ipif(self, name: str) -> IpIf | None:
        return self._index()[0].get(name)

    @property
    def loopbacks(self) -> list[str]:
        return list(self._index()[1])

    def owns(self, address: str) -> bool:
        return address in self._index()[2]

    def _index(self) -> tuple[dict[str, IpIf], tuple[str, ...], frozenset[str]]:
        """Name → interface, loopback addresses, all addresses; rebuilt if ``ipifs`` changed."""
        key = (id(self.ipifs), len(self.ipifs))
        cached = self.__dict__.get("_idx")
        if cached is None or cached[0] != key:
            names: dict[str, IpIf] = {}
            for i in self.ipifs:
                names.setdefault(i.name, i)
            loops = tuple(str(i.address.ip) for i in self.ipifs if i.loopback)
            cached = (key, (names, loops, frozenset(str(i.address.ip) for i in self.ipifs)))
            self.__dict__["_idx"] = cached
        return cached[1]
