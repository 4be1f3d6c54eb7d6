"""The vendor-neutral intent: devices (from the Ansible-style inventory), links, MPLS core, services.

Everything is validated by pydantic; cross-references (a link to an unknown device, a VLL with
three endpoints, a service endpoint on a VRF of another device…) are checked by the model
validators so that a loaded :class:`Intent` is always internally consistent. Interop *traps* that
are legal but wrong (PW MTUs that differ, OSPF timers that differ…) are the linter's job.
"""

from __future__ import annotations

import ipaddress
import warnings
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from mpls_interop.sdk.names import HostName, Name, Text
from mpls_interop.sdk.spec import available_vendors, get_vendor


def _not_bool(value: object) -> object:
    """YAML's true/false are not numbers: `ve: true` must not become `ve 1`."""
    if isinstance(value, bool):
        raise ValueError(f"expected an integer, got the boolean {str(value).lower()}")
    return value


def _address_text(value: object) -> object:
    """Addresses are written as text: a bare number (`loopback: 4294967295`) is refused rather
    than turned into 255.255.255.255."""
    if isinstance(value, (str, ipaddress.IPv4Address, ipaddress.IPv4Network, ipaddress.IPv4Interface)):
        return value
    shown = str(value).lower() if isinstance(value, bool) else repr(value)
    raise ValueError(f"expected an IPv4 address as text (like 192.0.2.1), got {shown}")


#: an integer that refuses YAML booleans
Int = Annotated[int, BeforeValidator(_not_bool)]
IPv4Address = Annotated[ipaddress.IPv4Address, BeforeValidator(_address_text)]
IPv4Network = Annotated[ipaddress.IPv4Network, BeforeValidator(_address_text)]
IPv4Interface = Annotated[ipaddress.IPv4Interface, BeforeValidator(_address_text)]

#: range 1–4094 is checked by the linter (rule VLAN001) so that it reports every offender
VlanId = Annotated[Int, Field(ge=0, le=65535)]
Mtu = Annotated[Int, Field(ge=64, le=16000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TunnelServices(Strict):
    fpc: Int = Field(0, ge=0, le=15)
    pic: Int = Field(0, ge=0, le=3)
    bandwidth: Literal["1g", "10g", "40g", "100g"] = "1g"
    #: port number of the built-in lt- interface (MX80: lt-0/0/10)
    port: Int = Field(10, ge=0, le=99)

    @property
    def lt_interface(self) -> str:
        return f"lt-{self.fpc}/{self.pic}/{self.port}"


class Device(Strict):
    name: Name
    vendor: str
    model: str = ""
    loopback: IPv4Address
    #: management address/port/user from ansible_host, ansible_port, ansible_user
    host: HostName | None = None
    port: Int | None = Field(None, ge=1, le=65535)
    username: Name | None = None
    #: the router's own hostname where it differs from the inventory name (inventory variable
    #: ``hostname``; unset: the inventory name), for vendors whose configuration carries one
    hostname: Name | None = None
    #: known_hosts file for this device's SSH host key (inventory variable ``known_hosts``)
    known_hosts: str | None = None
    #: configuration lines per round trip for CLI drivers (inventory variable ``cli_batch_lines``;
    #: unset: the driver's documented default)
    cli_batch_lines: Int | None = Field(None, ge=1, le=256)
    #: physical MTU on every port: "max" (the vendor's maximum) or a number in the vendor's own convention
    physical_mtu: Annotated[
        Literal["max"] | Annotated[int, Field(ge=256, le=16000)], BeforeValidator(_not_bool)
    ] = "max"
    tunnel_services: TunnelServices | None = None
    groups: tuple[str, ...] = ()

    @field_validator("loopback")
    @classmethod
    def _unicast(cls, value: ipaddress.IPv4Address) -> ipaddress.IPv4Address:
        if value.is_unspecified or value.is_multicast or value.is_reserved or value.is_loopback \
                or value.is_link_local:
            raise ValueError(f"{value} is not a usable router loopback (a unicast host address)")
        return value

    @field_validator("vendor")
    @classmethod
    def _known_vendor(cls, value: str) -> str:
        if value not in available_vendors():
            raise ValueError(f"unknown vendor {value!r} (known: {', '.join(available_vendors())})")
        return value

    @property
    def native_mtu(self) -> int:
        spec = get_vendor(self.vendor)
        return spec.max_native_mtu if self.physical_mtu == "max" else self.physical_mtu


class IntentDeprecation(UserWarning):
    """An old spelling that still works; the CLI prints it as one ``warning:`` line."""


#: vendor words the intent once used → the vendor-neutral word that replaced them
RENAMED = {"ve": "router_interface"}


def _renamed_words(data: object) -> object:
    if not isinstance(data, dict):
        return data
    for old, new in RENAMED.items():
        if old in data:
            if new in data:
                raise ValueError(f"give '{new}' only ('{old}' is its old name)")
            warnings.warn(
                f"'{old}' is deprecated in intent.yml, write '{new}' (same meaning)", IntentDeprecation, stacklevel=2
            )
            data = {(new if k == old else k): v for k, v in data.items()}
    return data


class LinkEnd(Strict):
    device: Name
    interface: str
    #: Junos logical unit (default: the VLAN id, or 0 untagged)
    unit: Int | None = Field(None, ge=0, le=16385)
    #: 802.1Q tag carried on the link
    vlan: VlanId | None = None
    #: numbered router interface on the link VLAN (where the vendor has them, e.g. NetIron ve)
    router_interface: Int | None = Field(None, ge=1, le=4095)
    description: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: object) -> object:
        return _renamed_words(data)


class Bfd(Strict):
    interval: Int = Field(100, ge=50, le=30000)
    min_rx: Int = Field(100, ge=50, le=30000)
    multiplier: Int = Field(3, ge=1, le=50)


def _area(value: object) -> object:
    _not_bool(value)
    if isinstance(value, int):
        return str(ipaddress.IPv4Address(value))
    return value


class Ospf(Strict):
    area: ipaddress.IPv4Address = ipaddress.IPv4Address("0.0.0.0")
    cost: Int | None = Field(None, ge=1, le=65535)
    hello: Int = Field(10, ge=1, le=65535)
    dead: Int = Field(40, ge=1, le=65535)
    network_type: Literal["broadcast", "p2p"] = "broadcast"
    bfd: Bfd | None = None

    @field_validator("area", mode="before")
    @classmethod
    def _int_area(cls, value: object) -> object:
        return _area(value)


class Link(Strict):
    name: Name | None = None
    a: LinkEnd
    b: LinkEnd
    subnet: IPv4Network
    ip_mtu: Mtu | None = None
    ospf: Ospf | None = None
    #: per-end overrides, used to model (and lint) real-world mistakes
    a_ip_mtu: Mtu | None = None
    b_ip_mtu: Mtu | None = None
    a_ospf: Ospf | None = None
    b_ospf: Ospf | None = None
    mpls: bool = True

    @field_validator("subnet")
    @classmethod
    def _p2p(cls, value: ipaddress.IPv4Network) -> ipaddress.IPv4Network:
        if value.prefixlen not in (30, 31):
            raise ValueError(f"{value} must be a /30 or /31")
        return value

    def addresses(self) -> tuple[ipaddress.IPv4Interface, ipaddress.IPv4Interface]:
        """The two ends' addresses: the /31's two addresses, the /30's two hosts."""
        plen = self.subnet.prefixlen
        first = int(self.subnet.network_address) + (0 if plen == 31 else 1)
        return ipaddress.IPv4Interface((first, plen)), ipaddress.IPv4Interface((first + 1, plen))

    @property
    def label(self) -> str:
        return self.name or f"{self.a.device}-{self.b.device}"


class Path(Strict):
    name: Name
    hops: list[IPv4Address] = Field(default_factory=list)
    strict: bool = False


class LspIntent(Strict):
    name: Name | None = None
    source: Name = Field(alias="from")
    to: Name
    frr: bool = True
    primary: Path | None = None
    secondary: Path | None = None
    standby: bool = True
    revert_timer: Int | None = Field(None, ge=1, le=65535)


class Rsvp(Strict):
    #: generate LSPs between PEs: ``true`` from every PE to every other PE, ``pw-peers`` only
    #: between PEs that share a pseudowire (what the PWs need; scales with services, not PEs²)
    mesh: bool | Literal["pw-peers"] = True
    frr: bool = True
    #: generated LSPs get a standby secondary path that may take any route
    secondary: bool = True
    revert_timer: Int = Field(30, ge=1, le=65535)
    lsps: list[LspIntent] = Field(default_factory=list)


class Ldp(Strict):
    targeted: bool = True
    #: also run link LDP on core interfaces
    link: bool = False


class MplsCore(Strict):
    rsvp: Rsvp = Rsvp()
    ldp: Ldp = Ldp()


class Endpoint(Strict):
    device: Name
    port: str | None = None
    vlan: VlanId | None = None
    tagging: Literal["tagged", "untagged"] | None = None
    #: Junos logical unit override (default: the VLAN id)
    unit: Int | None = Field(None, ge=0, le=16385)
    #: hand the service into this VRF (Junos lt- pair) instead of a port
    vrf: Name | None = None
    #: router interface on the service VLAN with an address: an IP endpoint inside the VPLS
    router_interface: Int | None = Field(None, ge=1, le=4095)
    address: IPv4Interface | None = None
    ip_mtu: Mtu | None = None

    @model_validator(mode="before")
    @classmethod
    def _old_words(cls, data: object) -> object:
        return _renamed_words(data)

    @model_validator(mode="after")
    def _shape(self) -> Endpoint:
        if (self.port is None) == (self.vrf is None):
            raise ValueError("an endpoint needs exactly one of 'port' or 'vrf'")
        if self.vrf is not None and (self.vlan or self.tagging or self.router_interface):
            raise ValueError("a 'vrf' endpoint takes no vlan/tagging/router_interface")
        if self.tagging == "tagged" and self.vlan is None:
            raise ValueError("a tagged endpoint needs a 'vlan'")
        if (self.router_interface is None) != (self.address is None):
            raise ValueError("'router_interface' and 'address' go together")
        return self

    @property
    def effective_tagging(self) -> str:
        return self.tagging or ("tagged" if self.vlan is not None else "untagged")


class ServiceBase(Strict):
    name: Name
    id: Int = Field(ge=1, le=4294967295)
    mode: Literal["raw", "tagged"]
    pw_mtu: Mtu | None = None
    description: Text | None = None
    endpoints: list[Endpoint]
    #: per-device PW MTU overrides (to model and lint mistakes)
    pw_mtu_overrides: dict[Name, Mtu] = Field(default_factory=dict)
    mode_overrides: dict[Name, Literal["raw", "tagged"]] = Field(default_factory=dict)
    id_overrides: dict[Name, Int] = Field(default_factory=dict)


class Vpls(ServiceBase):
    mode: Literal["raw", "tagged"] = "raw"

    @model_validator(mode="after")
    def _members(self) -> Vpls:
        if len({e.device for e in self.endpoints}) < 2:
            raise ValueError("a VPLS needs endpoints on at least two devices")
        return self


class Vll(ServiceBase):
    mode: Literal["raw", "tagged"] = "tagged"

    @model_validator(mode="after")
    def _two(self) -> Vll:
        if len(self.endpoints) != 2:
            raise ValueError(f"a VLL needs exactly two endpoints, got {len(self.endpoints)}")
        if self.endpoints[0].device == self.endpoints[1].device:
            raise ValueError("the two VLL endpoints must be on different devices")
        if any(e.router_interface for e in self.endpoints):
            raise ValueError("VLL endpoints cannot be router interfaces")
        return self


class Vrf(Strict):
    name: Name
    device: Name
    rd: Annotated[str, Field(pattern=r"^\d{1,10}:\d{1,10}$|^\d+\.\d+\.\d+\.\d+:\d{1,5}$")]
    route_target: Annotated[str, Field(pattern=r"^(target:)?\d{1,10}:\d{1,10}$")]
    address: IPv4Interface
    ip_mtu: Mtu | None = None
    #: lt- units (VRF side, service side); allocated automatically when absent
    lt_units: tuple[Int, Int] | None = None
    description: Text | None = None

    @property
    def target(self) -> str:
        rt = self.route_target
        return rt if rt.startswith("target:") else f"target:{rt}"


class Defaults(Strict):
    pw_mtu: Mtu = 9100
    ip_mtu: Mtu = 9000
    core_ip_mtu: Mtu = 1500
    ospf: Ospf = Ospf()


class Services(Strict):
    vpls: list[Vpls] = Field(default_factory=list)
    vll: list[Vll] = Field(default_factory=list)
    vrf: list[Vrf] = Field(default_factory=list)


class Intent(Strict):
    """The whole network: what the operator wants, vendor-neutral."""

    devices: dict[str, Device]
    defaults: Defaults = Defaults()
    links: list[Link] = Field(default_factory=list)
    mpls: MplsCore = MplsCore()
    services: Services = Services()

    @model_validator(mode="after")
    def _references(self) -> Intent:
        _check_references(self)
        return self

    # ---- convenience -------------------------------------------------------------------
    def device(self, name: str) -> Device:
        return self.devices[name]

    def vrf(self, name: str) -> Vrf:
        return next(v for v in self.services.vrf if v.name == name)

    def all_services(self) -> list[Vpls | Vll]:
        return [*self.services.vpls, *self.services.vll]

    def pe_devices(self) -> list[str]:
        """Devices that terminate at least one pseudowire (all devices when there is none)."""
        pes = {e.device for s in self.all_services() for e in s.endpoints}
        return sorted(pes) if pes else sorted(self.devices)


class ReferenceError_(ValueError):
    def __init__(self, loc: str, message: str) -> None:
        self.loc = loc
        super().__init__(message)


def _check_references(intent: Intent) -> None:
    devices = intent.devices

    def need(loc: str, name: str) -> Device:
        if name not in devices:
            raise ReferenceError_(loc, f"unknown device {name!r}")
        return devices[name]

    def check_if(loc: str, dev: Device, name: str) -> None:
        try:
            get_vendor(dev.vendor).normalize_interface(name)
        except ValueError as exc:
            raise ReferenceError_(loc, f"{exc} (device {dev.name}, vendor {dev.vendor})") from None

    names: dict[str, str] = {}
    for i, link in enumerate(intent.links):
        for side in ("a", "b"):
            end: LinkEnd = getattr(link, side)
            dev = need(f"links[{i}].{side}.device", end.device)
            check_if(f"links[{i}].{side}.interface", dev, end.interface)
            if end.router_interface is not None and not get_vendor(dev.vendor).capabilities.features.router_interfaces:
                raise ReferenceError_(f"links[{i}].{side}.router_interface", f"{dev.name} ({dev.vendor}) has no numbered router interfaces")
            if end.router_interface is not None and end.vlan is None:
                raise ReferenceError_(f"links[{i}].{side}.router_interface", "a router interface needs the link 'vlan'")
        if link.a.device == link.b.device:
            raise ReferenceError_(f"links[{i}]", "a link needs two different devices")
        if link.name:
            if link.name in names:
                raise ReferenceError_(f"links[{i}].name", f"duplicate link name {link.name!r}")
            names[link.name] = "link"

    for i, lsp in enumerate(intent.mpls.rsvp.lsps):
        need(f"mpls.rsvp.lsps[{i}].from", lsp.source)
        need(f"mpls.rsvp.lsps[{i}].to", lsp.to)

    vrfs: dict[str, Vrf] = {}
    for i, vrf in enumerate(intent.services.vrf):
        dev = need(f"services.vrf[{i}].device", vrf.device)
        if vrf.name in vrfs:
            raise ReferenceError_(f"services.vrf[{i}].name", f"duplicate VRF name {vrf.name!r}")
        if not get_vendor(dev.vendor).supports_lt:
            raise ReferenceError_(
                f"services.vrf[{i}].device", f"{dev.name} ({dev.vendor}) cannot hand off into a VRF through lt-"
            )
        vrfs[vrf.name] = vrf

    service_names: dict[str, str] = {}
    vrf_use: dict[str, str] = {}
    for kind in ("vpls", "vll"):
        for i, svc in enumerate(getattr(intent.services, kind)):
            loc = f"services.{kind}[{i}]"
            if svc.name in service_names:
                raise ReferenceError_(f"{loc}.name", f"duplicate service name {svc.name!r}")
            service_names[svc.name] = kind
            for d in (*svc.pw_mtu_overrides, *svc.mode_overrides, *svc.id_overrides):
                need(f"{loc}.overrides", d)
            for j, ep in enumerate(svc.endpoints):
                dev = need(f"{loc}.endpoints[{j}].device", ep.device)
                if ep.port is not None:
                    check_if(f"{loc}.endpoints[{j}].port", dev, ep.port)
                if ep.router_interface is not None and not get_vendor(dev.vendor).capabilities.features.router_interfaces:
                    raise ReferenceError_(f"{loc}.endpoints[{j}].router_interface", f"{dev.name} ({dev.vendor}) has no numbered router interfaces")
                if ep.vrf is not None:
                    vrf = vrfs.get(ep.vrf)
                    if vrf is None:
                        raise ReferenceError_(f"{loc}.endpoints[{j}].vrf", f"unknown VRF {ep.vrf!r}")
                    if vrf.device != ep.device:
                        raise ReferenceError_(
                            f"{loc}.endpoints[{j}].vrf", f"VRF {ep.vrf!r} is on {vrf.device}, not {ep.device}"
                        )
                    if ep.vrf in vrf_use:
                        raise ReferenceError_(
                            f"{loc}.endpoints[{j}].vrf", f"VRF {ep.vrf!r} is already attached to {vrf_use[ep.vrf]}"
                        )
                    vrf_use[ep.vrf] = svc.name
            if kind == "vll":
                continue
            seen: set[tuple[str, int | None]] = set()
            for j, ep in enumerate(svc.endpoints):
                key = (ep.device, ep.router_interface)
                if ep.router_interface is not None and key in seen:
                    raise ReferenceError_(f"{loc}.endpoints[{j}].router_interface", f"duplicate router interface {ep.router_interface}")
                seen.add(key)
