"""Device plan → NetIron configuration lines.

NetIron knowledge lives here: frame size counts the FCS, VLL default is tagged mode (raw needs
``raw-mode``), VPLS default VC mode is raw (tagged needs ``vc-mode tagged``), router interfaces
(``ve``) for tagged core links, and an RSVP LSP to every PW peer.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from mpls_interop.sdk.plan import DevicePlan, L3Interface
from mpls_interop.sdk.spec import template_env


def _area(area: str) -> str:
    return str(int(ipaddress.IPv4Address(area)))


def _port_number(port: str) -> str:
    return port.split()[-1]


def _l3(i: L3Interface) -> dict[str, Any]:
    o = i.ospf
    return {
        "address": str(i.address),
        "ip_mtu": i.ip_mtu,
        "ve": i.router_interface,
        "ospf": None
        if o is None
        else {
            "area": _area(o.area),
            "network_type": o.network_type,
            "cost": o.cost,
            "hello": o.hello,
            "dead": o.dead,
            "bfd": o.bfd,
        },
    }


def build_context(plan: DevicePlan) -> dict[str, Any]:
    vlans: list[dict[str, Any]] = []
    ves: list[dict[str, Any]] = []
    service_ves: list[dict[str, Any]] = []
    port_l3: dict[str, dict[str, Any]] = {}
    mpls_ifs: list[str] = []
    for i in plan.l3:
        if i.router_interface is not None:
            vlans.append({"id": i.vlan, "name": i.link, "port": i.port, "ve": i.router_interface})
            ves.append(_l3(i))
            name = f"ve{i.router_interface}"  # the running config's own spelling
        else:
            port_l3[i.port] = _l3(i)
            name = f"e{_port_number(i.port)}"
        if i.mpls:
            mpls_ifs.append(name)

    vpls: list[dict[str, Any]] = []
    vll: list[dict[str, Any]] = []
    for svc in plan.services:
        peers = [p.address for p in svc.peers]
        if svc.kind == "vpls":
            by_vlan: dict[int, dict[str, Any]] = {}
            for a in svc.attachments:
                vid = a.vlan if a.vlan is not None else svc.id
                v = by_vlan.setdefault(vid, {"id": vid, "tagged": [], "untagged": [], "ve": None})
                v[a.tagging].append(a.port)
                if a.router_interface is not None:
                    v["ve"] = a.router_interface
                    service_ves.append({"ve": a.router_interface, "address": str(a.address), "ip_mtu": a.ip_mtu})
            vpls.append(
                {"name": svc.name, "id": svc.id, "mode": svc.mode, "mtu": svc.mtu, "peers": peers,
                 "vlans": list(by_vlan.values())}
            )
        else:
            a = svc.attachments[0]
            vll.append(
                {"name": svc.name, "id": svc.id, "mode": svc.mode, "mtu": svc.mtu, "peer": peers[0],
                 "vlan": a.vlan, "tagging": a.tagging, "port": f"e {_port_number(a.port or '')}"}
            )

    ports = [
        {"number": _port_number(p.name), "description": p.description, "l3": port_l3.get(p.name)}
        for p in sorted(plan.ports.values(), key=lambda p: tuple(int(x) for x in _port_number(p.name).split("/")))
    ]
    paths: dict[str, Any] = {}
    lsps = []
    for lsp in plan.lsps:
        for p in (lsp.primary, lsp.secondary):
            if p is not None and p.name not in paths:
                # a NetIron path needs at least one hop: "any route" is a loose hop to the egress
                hops = p.hops or (lsp.to,)
                paths[p.name] = {"name": p.name, "hops": hops, "strict": p.strict}
        lsps.append(lsp)
    areas = sorted({_area(i.ospf.area) for i in plan.l3 if i.ospf}, key=int)
    return {
        "name": plan.name,
        "hostname": plan.hostname or plan.name,
        "frame_size": plan.native_mtu,
        "loopback": plan.loopback,
        "loopback_area": _area(plan.loopback_area),
        "ospf_enabled": bool(areas),
        "ospf_areas": areas,
        "vlans": vlans,
        "ports": ports,
        "core_ves": ves,
        "service_ves": service_ves,
        "traffic_engineering": plan.traffic_engineering,
        "mpls_interfaces": mpls_ifs,
        "ldp_link": plan.ldp_link,
        "paths": list(paths.values()),
        "lsps": lsps,
        "vpls": vpls,
        "vll": vll,
    }


def render_netiron(plan: DevicePlan) -> str:
    return template_env(__package__).get_template("device.j2").render(d=build_context(plan))
