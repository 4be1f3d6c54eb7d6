"""Vendor-neutral state records returned by every driver's getters.

MTU convention used across the toolkit (so both vendors can be compared directly):

* ``l2_mtu`` is the largest Ethernet frame **without FCS**, counting the 14-byte header and any
  VLAN tags. Junos reports exactly this as the physical ``mtu`` (media MTU); NetIron reports a
  frame size that *includes* the 4-byte FCS, so its parsers subtract 4.
* ``ip_mtu`` is the largest IP packet (header included) the interface sends unfragmented.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

PwType = Literal["raw", "tagged"]
PwKind = Literal["vll", "vpls"]


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Facts(Record):
    hostname: str
    vendor: str  #: the vendor plugin's name
    model: str = ""
    os_version: str = ""
    serial: str = ""


class Interface(Record):
    name: str
    admin_up: bool
    oper_up: bool
    l2_mtu: int | None = None
    ip_mtu: int | None = None
    addresses: tuple[str, ...] = ()
    description: str = ""


class OspfNeighbor(Record):
    interface: str
    neighbor_id: str
    address: str
    state: str  # vendor word, normalised capitalisation: Full, ExStart, Exchange, Init, 2Way, Down
    full: bool


class LdpSession(Record):
    peer: str
    state: str  # vendor word (Junos Operational/Nonexistent, NetIron Operational/NonExistent)
    up: bool


class Lsp(Record):
    name: str
    destination: str
    source: str = ""
    up: bool
    state: str = ""  # vendor word
    active_path: Literal["primary", "secondary"] | None = None
    frr: bool = False


class Pseudowire(Record):
    kind: PwKind
    service_id: int
    name: str = ""
    peer: str
    up: bool
    status: str  # the vendor's own status code or text (Up, MM, EM, UP, VC-Parameter-MTU-Mismatch …)
    reason: str = ""  # root cause in plain words when down
    local_label: int | None = None
    remote_label: int | None = None
    pw_type: PwType | None = None
    remote_pw_type: PwType | None = None
    mtu: int | None = None
    remote_mtu: int | None = None
    #: the device's own words for the local/remote PW type (NetIron ``untag``/``tag``, Junos
    #: interface encapsulation ``ETHERNET``/``VLAN``…), "" when it does not say
    type_word: str = ""
    remote_type_word: str = ""


class BfdSession(Record):
    """One single-hop BFD session (intervals in milliseconds)."""

    neighbor: str
    interface: str = ""
    state: str  # vendor word (Junos Up/Down/Init/AdminDown, NetIron UP/DOWN/INIT/A.DOWN)
    up: bool
    interval: int | None = None  # transmit interval
    multiplier: int | None = None
    detection_time: int | None = None


class PingResult(Record):
    target: str
    size: int
    df: bool = True
    sent: int
    received: int
    frag_needed: bool = False
    error: str = ""

    @property
    def success(self) -> bool:
        return self.sent > 0 and self.received == self.sent
