"""Device plan → Junos configuration (curly text, or ``set`` commands).

The Junos interop knowledge lives here: which encapsulation each attachment needs, when a
raw PW needs VLAN maps, ``vlan-id none`` on raw VPLS, lt- pairs with matching encapsulations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mpls_interop.sdk.plan import Attachment, DevicePlan, ServicePlan
from mpls_interop.sdk.spec import template_env
from mpls_interop.vendors.junos.setform import to_set


@dataclass
class Family:
    name: str
    mtu: int | None = None
    addresses: list[str] = field(default_factory=list)


@dataclass
class Unit:
    name: int
    encapsulation: str | None = None
    vlan_id: int | None = None
    peer_unit: int | None = None
    vlan_maps: bool = False
    families: list[Family] = field(default_factory=list)
    description: str = ""


@dataclass
class Ifd:
    name: str
    mtu: int | None = None
    flags: list[str] = field(default_factory=list)
    encapsulation: str | None = None
    native_vlan: int | None = None
    units: dict[int, Unit] = field(default_factory=dict)
    description: str = ""


def _quote(value: str) -> str:
    return f'"{value}"' if any(c.isspace() for c in value) else value


def _unit_name(a: Attachment) -> str:
    return f"{a.port}.{a.unit}" if a.kind == "port" else f"{a.lt_interface}.{a.lt_unit}"


def _pw_encapsulation(svc: ServicePlan) -> str:
    # RFC 4448: raw = Ethernet (type 5), tagged = Ethernet VLAN (type 4)
    return "ethernet" if svc.mode == "raw" else "ethernet-vlan"


def build_context(plan: DevicePlan) -> dict[str, Any]:
    ifds: dict[str, Ifd] = {}

    def ifd(name: str) -> Ifd:
        if name not in ifds:
            port = plan.ports.get(name)
            ifds[name] = Ifd(name=name, mtu=port.native_mtu if port else plan.native_mtu)
        return ifds[name]

    # physical ports: tagging mode first, so units below can rely on it
    for port in plan.ports.values():
        i = ifd(port.name)
        if port.has_services and port.vlans:
            i.flags.append("flexible-vlan-tagging")
            i.encapsulation = "flexible-ethernet-services"
            i.native_vlan = port.native_vlan
        elif port.vlans:
            i.flags.append("vlan-tagging")

    mpls_ifs: list[str] = []
    ospf_areas: dict[str, list[dict[str, Any]]] = {}
    for l3 in plan.l3:
        i = ifd(l3.port)
        unit = i.units.setdefault(l3.unit or 0, Unit(name=l3.unit or 0))
        unit.vlan_id = l3.vlan
        unit.description = f"to {l3.peer_device} ({l3.link})"
        unit.families.append(Family("inet", l3.ip_mtu, [str(l3.address)]))
        name = f"{l3.port}.{unit.name}"
        if l3.mpls:
            unit.families.append(Family("mpls"))
            mpls_ifs.append(name)
        if l3.ospf:
            o = l3.ospf
            ospf_areas.setdefault(o.area, []).append(
                {
                    "name": name,
                    "p2p": o.network_type == "p2p",
                    "metric": o.cost,
                    "hello": o.hello,
                    "dead": o.dead,
                    "bfd": o.bfd,
                }
            )

    lo = ifd("lo0")
    lo.mtu = None
    lo.units[0] = Unit(name=0, families=[Family("inet", None, [f"{plan.loopback}/32"])])

    for vrf in plan.vrfs:
        lt = ifd(vrf.lt_interface)
        lt.units[vrf.unit] = Unit(
            name=vrf.unit,
            encapsulation="ethernet",
            peer_unit=vrf.peer_unit,
            families=[Family("inet", vrf.ip_mtu, [str(vrf.address)])],
            description=f"VRF {vrf.name} side of {vrf.service}",
        )
        lt.units[vrf.peer_unit] = Unit(
            name=vrf.peer_unit,
            encapsulation="ethernet-vpls" if vrf.service_kind == "vpls" else "ethernet-ccc",
            peer_unit=vrf.unit,
            description=f"{vrf.service} side of VRF {vrf.name}",
        )

    l2circuit: dict[str, list[dict[str, Any]]] = {}
    vpls_instances: list[dict[str, Any]] = []
    for svc in plan.services:
        for a in svc.attachments:
            if a.kind != "port" or a.port is None:
                continue
            i = ifd(a.port)
            if a.vlan is None:
                # untagged attachment on a whole port
                i.encapsulation = "ethernet-vpls" if svc.kind == "vpls" else "ethernet-ccc"
                i.units[0] = Unit(name=0, families=[Family(svc.kind if svc.kind == "vpls" else "ccc")])
                continue
            unit = Unit(name=a.unit or 0, vlan_id=a.vlan, description=f"{svc.kind} {svc.name}")
            if svc.kind == "vpls":
                unit.encapsulation = "vlan-vpls"
                unit.families.append(Family("vpls"))
            else:
                unit.encapsulation = "vlan-ccc"
                # raw PW from a VLAN-tagged unit: strip the tag towards the PW, add it back out
                unit.vlan_maps = svc.mode == "raw"
                unit.families.append(Family("ccc"))
            i.units[unit.name] = unit
        if svc.kind == "vll":
            a = svc.attachments[0]
            l2circuit.setdefault(svc.peers[0].address, []).append(
                {
                    "interface": _unit_name(a),
                    "id": svc.id,
                    "mtu": svc.mtu,
                    "encapsulation_type": _pw_encapsulation(svc),
                    "description": svc.description,
                }
            )
        else:
            tagged_vlans = sorted({a.vlan for a in svc.attachments if a.vlan is not None})
            vpls_instances.append(
                {
                    "name": svc.name,
                    "description": svc.description,
                    # raw: strip tags so frames cross the PW untagged, as NetIron sends them
                    "vlan_id": "none" if svc.mode == "raw" else (tagged_vlans[0] if tagged_vlans else "none"),
                    "interfaces": [_unit_name(a) for a in svc.attachments],
                    "id": svc.id,
                    "mtu": svc.mtu,
                    "encapsulation_type": _pw_encapsulation(svc),
                    "neighbors": [p.address for p in svc.peers],
                }
            )

    paths: dict[str, Any] = {}
    for lsp in plan.lsps:
        for p in (lsp.primary, lsp.secondary):
            if p is not None:
                paths[p.name] = p

    interfaces = []
    for i in ifds.values():
        i.units = dict(sorted(i.units.items()))
        interfaces.append(i)
    interfaces.sort(key=lambda i: (i.name == "lo0", i.name))

    ts = plan.tunnel_services
    return {
        "name": plan.name,
        "loopback": plan.loopback,
        "tunnel_services": {"fpc": ts[0], "pic": ts[1], "bandwidth": ts[2]} if ts else None,
        "interfaces": [_as_dict(i) for i in interfaces],
        "mpls_interfaces": mpls_ifs,
        "ospf_areas": ospf_areas,
        "traffic_engineering": plan.traffic_engineering,
        "paths": list(paths.values()),
        "lsps": plan.lsps,
        "ldp": plan.ldp_targeted or plan.ldp_link,
        "ldp_interfaces": mpls_ifs if plan.ldp_link else [],
        "l2circuit": l2circuit,
        "vpls": vpls_instances,
        "vrfs": plan.vrfs,
    }


def _as_dict(i: Ifd) -> dict[str, Any]:
    return {
        "name": i.name,
        "mtu": i.mtu,
        "flags": i.flags,
        "encapsulation": i.encapsulation,
        "native_vlan": i.native_vlan,
        "description": i.description,
        "units": list(i.units.values()),
    }


def render_junos(plan: DevicePlan, fmt: str = "text") -> str:
    env = template_env(__package__)
    env.filters.setdefault("q", _quote)
    text = env.get_template("device.j2").render(d=build_context(plan))
    if fmt == "set":
        return to_set(text)
    if fmt == "replace":
        return replace_tags(text)
    if fmt != "text":
        raise ValueError(f"unknown Junos format {fmt!r} (text|set|replace)")
    return text


def replace_tags(text: str) -> str:
    """The ``load replace`` form: every object the intent owns (a unit, an LSP, a path, an
    l2circuit, a routing instance, ...) is tagged ``replace:`` and swapped whole; the hierarchies
    around them are merged, so foreign objects beside them stay untouched (ownership.yml)."""
    from mpls_interop.vendors.junos.ownership import tag_objects

    return tag_objects(text)
