"""Intent → Plan: the planner.

It resolves everything that needs the whole network (link addresses, which PE peers with which,
generated LSP mesh and paths, lt- unit allocation, per-device overrides) so that each vendor
renderer only has to speak its own syntax for one device.
"""

from __future__ import annotations

import zlib
from typing import Literal

from mpls_interop.core.intent import Device, Endpoint, Intent, Link, Ospf, TunnelServices, Vll, Vpls
from mpls_interop.sdk.plan import (
    Attachment,
    BfdPlan,
    DevicePlan,
    L3Interface,
    LspPlan,
    OspfPlan,
    PathPlan,
    Peer,
    Plan,
    ServicePlan,
    VrfPlan,
)
from mpls_interop.sdk.spec import get_vendor


def _ospf(o: Ospf | None) -> OspfPlan | None:
    if o is None:
        return None
    bfd = BfdPlan(o.bfd.interval, o.bfd.min_rx, o.bfd.multiplier) if o.bfd else None
    return OspfPlan(str(o.area), o.cost, o.hello, o.dead, o.network_type, bfd)


def _norm(dev: Device, name: str) -> str:
    return get_vendor(dev.vendor).normalize_interface(name)


def plan_intent(intent: Intent) -> Plan:
    plans = {
        name: DevicePlan(
            name=name,
            vendor=d.vendor,
            model=d.model,
            loopback=str(d.loopback),
            native_mtu=d.native_mtu,
            tunnel_services=(
                (d.tunnel_services.fpc, d.tunnel_services.pic, d.tunnel_services.bandwidth)
                if d.tunnel_services
                else None
            ),
            ldp_targeted=intent.mpls.ldp.targeted,
            ldp_link=intent.mpls.ldp.link,
            hostname=d.hostname or name,
        )
        for name, d in intent.devices.items()
    }
    for link in intent.links:
        _plan_link(intent, plans, link)
    for p in plans.values():
        p.loopback_area = str(intent.defaults.ospf.area)
        areas = [i.ospf.area for i in p.l3 if i.ospf]
        if areas:
            p.loopback_area = areas[0]
    _plan_vrfs(intent, plans)
    for svc in intent.services.vpls:
        _plan_service(intent, plans, svc, "vpls")
    for svc in intent.services.vll:
        _plan_service(intent, plans, svc, "vll")
    _plan_lsps(intent, plans)
    return Plan(plans)


def _plan_link(intent: Intent, plans: dict[str, DevicePlan], link: Link) -> None:
    addrs = link.addresses()
    ends = (link.a, link.b)
    for idx, end in enumerate(ends):
        other = ends[1 - idx]
        dev = intent.device(end.device)
        plan = plans[end.device]
        port_name = _norm(dev, end.interface)
        port = plan.port(port_name)
        if end.vlan is not None:
            port.vlans.append(end.vlan)
        else:
            port.untagged_core = True
        ip_mtu = (link.a_ip_mtu if idx == 0 else link.b_ip_mtu) or link.ip_mtu or intent.defaults.core_ip_mtu
        ospf = (link.a_ospf if idx == 0 else link.b_ospf) or link.ospf
        if ospf is not None:
            plan.ospf = True
        plan.l3.append(
            L3Interface(
                port=port_name,
                address=addrs[idx],
                ip_mtu=ip_mtu,
                vlan=end.vlan,
                unit=end.unit if end.unit is not None else (end.vlan or 0),
                router_interface=end.router_interface,
                ospf=_ospf(ospf),
                mpls=link.mpls,
                peer_device=other.device,
                peer_address=str(addrs[1 - idx].ip),
                link=link.label,
            )
        )


#: port of the lt- interface a tunnel-services PIC provides, by bandwidth (Junos: ``lt-F/P/10``
#: with ``bandwidth 1g``, ``lt-F/P/0`` otherwise)
LT_PORT_BY_BANDWIDTH = {"1g": 10}
LT_PORT_OTHERWISE = 0
#: lt- units are allocated in pairs (VRF side odd, service side even) below this number
LT_UNIT_SLOTS = 8000


def lt_port(ts: TunnelServices) -> int:
    """The lt- port the tunnel-services bandwidth gives."""
    return LT_PORT_BY_BANDWIDTH.get(ts.bandwidth, LT_PORT_OTHERWISE)


def lt_interface(ts: TunnelServices | None) -> str:
    """The device's lt- interface: the explicit ``port`` when given, else the bandwidth's."""
    if ts is None:
        return "lt-0/0/10"  # where the seed hardware has it; lint flags the missing PIC
    port = ts.port if "port" in ts.model_fields_set else lt_port(ts)
    return f"lt-{ts.fpc}/{ts.pic}/{port}"


def lt_unit_pair(vrf_name: str, taken: set[int]) -> tuple[int, int]:
    """lt- units for a VRF hand-off, derived from the VRF's name so that adding or removing
    another hand-off never renumbers this one (a collision moves to the next free pair)."""
    slot = zlib.crc32(vrf_name.encode()) % LT_UNIT_SLOTS
    for step in range(LT_UNIT_SLOTS):
        unit = 2 * ((slot + step) % LT_UNIT_SLOTS) + 1
        if unit not in taken and unit + 1 not in taken:
            return unit, unit + 1
    raise ValueError("no free lt- unit pair")


def _plan_vrfs(intent: Intent, plans: dict[str, DevicePlan]) -> None:
    used: dict[str, set[int]] = {}
    attached = {
        ep.vrf: (kind, svc.name)
        for kind in ("vpls", "vll")
        for svc in getattr(intent.services, kind)
        for ep in svc.endpoints
        if ep.vrf
    }
    for vrf in intent.services.vrf:
        dev = intent.device(vrf.device)
        plan = plans[vrf.device]
        lt = lt_interface(dev.tunnel_services)
        taken = used.setdefault(vrf.device, set())
        # pinned units first, so that a derived pair never takes them
        for other in intent.services.vrf:
            if other.device == vrf.device and other.lt_units:
                taken.update(other.lt_units)
        unit, peer = vrf.lt_units or lt_unit_pair(vrf.name, taken)
        taken.update({unit, peer})
        kind, service = attached.get(vrf.name, ("vpls", ""))
        plan.vrfs.append(
            VrfPlan(
                name=vrf.name,
                rd=vrf.rd,
                target=vrf.target,
                address=vrf.address,
                ip_mtu=vrf.ip_mtu or intent.defaults.ip_mtu,
                lt_interface=lt,
                unit=unit,
                peer_unit=peer,
                service_kind=kind,  # type: ignore[arg-type]
                service=service,
                description=vrf.description or "",
            )
        )


def _attachment(intent: Intent, plans: dict[str, DevicePlan], ep: Endpoint) -> Attachment:
    dev = intent.device(ep.device)
    plan = plans[ep.device]
    if ep.vrf:
        vrf = next(v for v in plan.vrfs if v.name == ep.vrf)
        return Attachment(kind="vrf", vrf=ep.vrf, lt_interface=vrf.lt_interface, lt_unit=vrf.peer_unit)
    port_name = _norm(dev, ep.port or "")
    port = plan.port(port_name)
    port.has_services = True
    tagging = ep.effective_tagging
    if ep.vlan is not None:
        port.vlans.append(ep.vlan)
        if tagging == "untagged":
            port.native_vlan = ep.vlan
    return Attachment(
        kind="port",
        port=port_name,
        vlan=ep.vlan,
        tagging=tagging,  # type: ignore[arg-type]
        unit=ep.unit if ep.unit is not None else (ep.vlan if ep.vlan is not None else 0),
        router_interface=ep.router_interface,
        address=ep.address,
        ip_mtu=(ep.ip_mtu or intent.defaults.ip_mtu) if ep.address else None,
    )


def _plan_service(
    intent: Intent, plans: dict[str, DevicePlan], svc: Vpls | Vll, kind: Literal["vpls", "vll"]
) -> None:
    members: dict[str, list[Endpoint]] = {}
    for ep in svc.endpoints:
        members.setdefault(ep.device, []).append(ep)
    for device, eps in members.items():
        peers = [Peer(other, plans[other].loopback) for other in members if other != device]
        plans[device].services.append(
            ServicePlan(
                kind=kind,
                name=svc.name,
                id=svc.id_overrides.get(device, svc.id),
                mode=svc.mode_overrides.get(device, svc.mode),
                mtu=svc.pw_mtu_overrides.get(device, svc.pw_mtu or intent.defaults.pw_mtu),
                peers=peers,
                attachments=[_attachment(intent, plans, ep) for ep in eps],
                description=svc.description or "",
            )
        )


def _direct_hops(plans: dict[str, DevicePlan], src: str) -> dict[str, str]:
    """Far-end address of the first direct MPLS link from ``src`` to each neighbour."""
    hops: dict[str, str] = {}
    for l3 in plans[src].l3:
        if l3.mpls:
            hops.setdefault(l3.peer_device, l3.peer_address)
    return hops


def _mesh_pairs(intent: Intent, plans: dict[str, DevicePlan]) -> dict[str, list[str]]:
    """Each PE → the PEs it gets a generated LSP to (``mesh: true`` all, ``pw-peers`` PW peers)."""
    rsvp = intent.mpls.rsvp
    # among the PEs whose vendor has RSVP-TE (lint says when a PW needs one elsewhere)
    pes = [d for d in intent.pe_devices() if get_vendor(intent.device(d).vendor).capabilities.features.rsvp]
    if rsvp.mesh == "pw-peers":
        able = set(pes)
        return {
            src: sorted({p.device for s in plans[src].services for p in s.peers if p.device in able})
            for src in pes
        }
    return {src: [dst for dst in pes if dst != src] for src in pes}


def _plan_lsps(intent: Intent, plans: dict[str, DevicePlan]) -> None:
    rsvp = intent.mpls.rsvp
    explicit = {(lsp.source, lsp.to) for lsp in rsvp.lsps}
    if rsvp.mesh:
        for src, dsts in _mesh_pairs(intent, plans).items():
            hops = _direct_hops(plans, src)
            for dst in dsts:
                if (src, dst) in explicit:
                    continue
                hop = hops.get(dst)
                primary = PathPlan(f"{src}-{dst}-direct", (hop,), True) if hop else None
                secondary = PathPlan(f"{src}-{dst}-any", (), False) if rsvp.secondary else None
                plans[src].lsps.append(
                    LspPlan(
                        name=f"{src}-to-{dst}",
                        source=plans[src].loopback,
                        to_device=dst,
                        to=plans[dst].loopback,
                        frr=rsvp.frr,
                        primary=primary,
                        secondary=secondary,
                        standby=rsvp.secondary,
                        revert_timer=rsvp.revert_timer,
                    )
                )
    for lsp in rsvp.lsps:
        plans[lsp.source].lsps.append(
            LspPlan(
                name=lsp.name or f"{lsp.source}-to-{lsp.to}",
                source=plans[lsp.source].loopback,
                to_device=lsp.to,
                to=plans[lsp.to].loopback,
                frr=lsp.frr,
                primary=_path(lsp.primary),
                secondary=_path(lsp.secondary),
                standby=lsp.standby and lsp.secondary is not None,
                revert_timer=lsp.revert_timer,
            )
        )


def _path(p: object) -> PathPlan | None:
    if p is None:
        return None
    return PathPlan(p.name, tuple(str(h) for h in p.hops), p.strict)  # type: ignore[attr-defined]
