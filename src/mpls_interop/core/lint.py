"""Intent lint: the Junos/NetIron interop traps, found before anything is pushed.

Each rule has a stable id, a severity and a message naming the devices, link or service. Rules
work on the intent and on the plan (the per-device view), so per-device overrides are checked
exactly as they would be rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mpls_interop.core.intent import Intent, Vll, Vpls
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.findings import Finding, Severity
from mpls_interop.sdk.plan import DevicePlan, Plan, ServicePlan
from mpls_interop.sdk.spec import ETH_HEADER, VLAN_TAG, get_vendor

#: MPLS overhead of a PW frame on a core link: transport + PW label, control word
PW_OVERHEAD = 4 + 4 + 4


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Callable[[Intent, Plan], Iterator[tuple[tuple[str, ...], str]]]


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, title: str):
    def register(fn: Callable[[Intent, Plan], Iterator[tuple[tuple[str, ...], str]]]):
        RULES.append(Rule(rule_id, severity, title, fn))
        return fn

    return register


_ENDS: list[tuple[Plan, dict[tuple[str, str], list[tuple[DevicePlan, ServicePlan]]]]] = []


def _service_ends(plan: Plan) -> dict[tuple[str, str], list[tuple[DevicePlan, ServicePlan]]]:
    """Each service's ends (kept for the last plan: three rules ask for the same plan)."""
    if _ENDS and _ENDS[0][0] is plan:
        return _ENDS[0][1]
    ends: dict[tuple[str, str], list[tuple[DevicePlan, ServicePlan]]] = {}
    for dp in plan.devices.values():
        for svc in dp.services:
            ends.setdefault((svc.kind, svc.name), []).append((dp, svc))
    _ENDS[:] = [(plan, ends)]
    return ends


def _differs(intent: Intent, plan: Plan, attr: str, what: str) -> Iterator[tuple[tuple[str, ...], str]]:
    for (kind, name), ends in _service_ends(plan).items():
        values = {dp.name: getattr(svc, attr) for dp, svc in ends}
        if len(set(values.values())) > 1:
            detail = ", ".join(f"{d} {v}" for d, v in sorted(values.items()))
            yield tuple(sorted(values)), f"{kind.upper()} {name}: {what} differs: {detail}"


@rule("PW001", "error", "PW MTU differs between ends")
def pw_mtu_differs(intent: Intent, plan: Plan):
    yield from _differs(intent, plan, "mtu", "PW MTU")


@rule("PW002", "error", "PW mode (raw/tagged) differs between ends")
def pw_mode_differs(intent: Intent, plan: Plan):
    yield from _differs(intent, plan, "mode", "PW mode (raw/tagged)")


@rule("PW003", "error", "PW id differs between ends")
def pw_id_differs(intent: Intent, plan: Plan):
    yield from _differs(intent, plan, "id", "PW id")


def _pe_pairs(svc: Vpls | Vll) -> set[frozenset[str]]:
    """Pairs of PEs a service signals PWs between (a VLL: its two ends; a VPLS: its full mesh)."""
    devs = sorted({e.device for e in svc.endpoints})
    return {frozenset((a, b)) for i, a in enumerate(devs) for b in devs[i + 1:]}


def _ids_clash(s1: Vpls | Vll, s2: Vpls | Vll) -> bool:
    """LDP FECs are per peer: the same id clashes between services that share a pair of PEs; a
    VPLS id also names the VPLS on each of its PEs, so two VPLS sharing any PE clash."""
    if isinstance(s1, Vpls) and isinstance(s2, Vpls):
        return bool({e.device for e in s1.endpoints} & {e.device for e in s2.endpoints})
    return bool(_pe_pairs(s1) & _pe_pairs(s2))


@rule("PW004", "error", "PW/VPLS id reused by services that share PEs")
def pw_id_reused(intent: Intent, plan: Plan):
    owners: dict[int, list[Vpls | Vll]] = {}
    for svc in intent.all_services():
        owners.setdefault(svc.id, []).append(svc)
    for sid, svcs in sorted(owners.items()):
        clash = [s for s in svcs if any(o is not s and _ids_clash(s, o) for o in svcs)]
        if len(clash) > 1:
            devices = sorted({e.device for s in clash for e in s.endpoints})
            yield tuple(devices), (
                f"id {sid} is used by {', '.join(s.name for s in clash)}, which share PEs: "
                "services between the same PEs need their own ids"
            )


@rule("PW005", "error", "PW MTU larger than the attachment's physical MTU allows")
def pw_mtu_physical(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        spec = get_vendor(dp.vendor)
        for svc in dp.services:
            for a in svc.attachments:
                if a.kind == "vrf":
                    native = dp.native_mtu
                    tags = 0
                    where = f"{a.lt_interface}.{a.lt_unit}"
                else:
                    port = dp.ports[a.port or ""]
                    native = port.native_mtu
                    tags = 1 if a.vlan is not None and a.tagging == "tagged" else 0
                    where = a.port
                limit = spec.max_ip_mtu(native, tags)
                if svc.mtu > limit:
                    yield (dp.name,), (
                        f"{svc.kind.upper()} {svc.name}: PW MTU {svc.mtu} exceeds what {dp.name} {where} "
                        f"carries ({spec.name} physical MTU {native} → at most {limit})"
                    )
                low, high = spec.pw_mtu_range
                if not low <= svc.mtu <= high:
                    yield (dp.name,), (
                        f"{svc.kind.upper()} {svc.name}: PW MTU {svc.mtu} outside {spec.name}'s range {low}-{high}"
                    )


def _lsp_targets(dp: DevicePlan) -> set[str]:
    return {lsp.to for lsp in dp.lsps}


def _peers_without_lsp(plan: Plan, required: bool):
    """PW peers a device has no RSVP LSP to, on devices whose OS does (not) require one."""
    for dp in plan.devices.values():
        spec = get_vendor(dp.vendor)
        if spec.pw_needs_lsp_to_peer != required:
            continue
        for peer in sorted({p for s in dp.services for p in s.peers}, key=lambda p: p.address):
            if peer.address not in _lsp_targets(dp):
                why = f": {spec.name} needs a tunnel LSP whose destination is the PW peer" if required else ""
                yield (dp.name, peer.device), (
                    f"{dp.name} has PWs to {peer.device} ({peer.address}) but no RSVP LSP to it{why}"
                )


@rule("PW006", "error", "PW peer without the RSVP LSP the OS requires")
def peer_without_required_lsp(intent: Intent, plan: Plan):
    yield from _peers_without_lsp(plan, required=True)


@rule("PW007", "warning", "PW peer without an RSVP LSP to it")
def peer_without_lsp(intent: Intent, plan: Plan):
    yield from _peers_without_lsp(plan, required=False)


def _link_ends(intent: Intent, plan: Plan):
    for link in intent.links:
        a = next(i for i in plan.devices[link.a.device].l3 if i.link == link.label and i.peer_device == link.b.device)
        b = next(i for i in plan.devices[link.b.device].l3 if i.link == link.label and i.peer_device == link.a.device)
        yield link, a, b


@rule("OSPF001", "error", "IP MTU differs across an OSPF link")
def ospf_mtu(intent: Intent, plan: Plan):
    for link, a, b in _link_ends(intent, plan):
        if (a.ospf or b.ospf) and a.ip_mtu != b.ip_mtu:
            yield (link.a.device, link.b.device), (
                f"link {link.label}: IP MTU differs ({link.a.device} {a.ip_mtu}, {link.b.device} {b.ip_mtu}): "
                "OSPF stays in ExStart or black-holes large LSUs"
            )


def _ospf_attr(rule_id: str, attr: str, what: str):
    def check(intent: Intent, plan: Plan):
        for link, a, b in _link_ends(intent, plan):
            if a.ospf and b.ospf and getattr(a.ospf, attr) != getattr(b.ospf, attr):
                yield (link.a.device, link.b.device), (
                    f"link {link.label}: OSPF {what} differs ({link.a.device} {getattr(a.ospf, attr)}, "
                    f"{link.b.device} {getattr(b.ospf, attr)})"
                )

    return check


rule("OSPF002", "error", "OSPF area differs across a link")(_ospf_attr("OSPF002", "area", "area"))
rule("OSPF003", "error", "OSPF hello interval differs across a link")(_ospf_attr("OSPF003", "hello", "hello interval"))
rule("OSPF004", "error", "OSPF dead interval differs across a link")(_ospf_attr("OSPF004", "dead", "dead interval"))
rule("OSPF005", "error", "OSPF network type differs across a link")(
    _ospf_attr("OSPF005", "network_type", "network type")
)


@rule("OSPF006", "error", "OSPF on one end of a link only")
def ospf_one_sided(intent: Intent, plan: Plan):
    for link, a, b in _link_ends(intent, plan):
        if bool(a.ospf) != bool(b.ospf):
            on = link.a.device if a.ospf else link.b.device
            yield (link.a.device, link.b.device), f"link {link.label}: OSPF is enabled on {on} only"


@rule("OSPF007", "error", "OSPF dead interval not larger than hello: no adjacency holds")
def ospf_timers(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        for i in dp.l3:
            if i.ospf and i.ospf.dead <= i.ospf.hello:
                yield (dp.name,), (
                    f"link {i.link}: {dp.name} OSPF dead {i.ospf.dead} <= hello {i.ospf.hello}: the neighbour "
                    "expires before its next hello, so the adjacency cannot form or stay up"
                )


@rule("MTU001", "error", "IP MTU larger than the physical MTU allows")
def ip_mtu_physical(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        spec = get_vendor(dp.vendor)
        for i in dp.l3:
            native = dp.ports[i.port].native_mtu
            limit = spec.max_ip_mtu(native, 1 if i.vlan is not None else 0)
            if i.ip_mtu > limit:
                yield (dp.name,), (
                    f"link {i.link}: {dp.name} {i.port} IP MTU {i.ip_mtu} exceeds {limit} "
                    f"({spec.name} physical MTU {native})"
                )
        for vrf in dp.vrfs:
            limit = spec.max_ip_mtu(dp.native_mtu, 0)
            if vrf.ip_mtu > limit:
                yield (dp.name,), f"VRF {vrf.name}: IP MTU {vrf.ip_mtu} exceeds {limit}"


@rule("MTU002", "error", "Physical MTU above the vendor's or the model's maximum")
def physical_max(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        spec = get_vendor(dp.vendor)
        model_max = spec.model_mtu(dp.model) if dp.model else None
        limit = spec.max_native_mtu if model_max is None else model_max
        whose = spec.name if model_max is None else f"{spec.name} {dp.model}"
        if dp.native_mtu > limit:
            what = "frame size (FCS included)" if spec.native_includes_fcs else "media MTU (FCS excluded)"
            yield (dp.name,), f"{dp.name}: physical MTU {dp.native_mtu} above the {whose} maximum {limit} ({what})"


@rule("MODEL001", "error", "Model unknown to the vendor's capability data")
def unknown_model(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        spec = get_vendor(dp.vendor)
        if dp.model and spec.models and spec.model_mtu(dp.model) is None:
            yield (dp.name,), (
                f"{dp.name}: model {dp.model!r} is not a known {spec.name} model "
                f"(known: {', '.join(spec.models)})"
            )


@rule("MTU003", "warning", "PW frames do not fit the core links")
def pw_core_mtu(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        if not dp.services or not dp.l3:
            continue
        spec = get_vendor(dp.vendor)
        need = max(s.mtu + ETH_HEADER + (VLAN_TAG if s.mode == "tagged" else 0) + PW_OVERHEAD for s in dp.services)
        for i in dp.l3:
            if not i.mpls:
                continue
            room = spec.max_ip_mtu(dp.ports[i.port].native_mtu, 1 if i.vlan is not None else 0)
            if need > room:
                yield (dp.name,), (
                    f"link {i.link}: {dp.name} {i.port} carries MPLS packets up to {room} bytes, "
                    f"PW frames need {need}"
                )


@rule("LT001", "error", "lt- hand-off without tunnel services")
def lt_without_tunnel(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        if dp.vrfs and dp.tunnel_services is None:
            names = ", ".join(v.name for v in dp.vrfs)
            yield (dp.name,), (
                f"{dp.name}: VRF hand-off ({names}) uses lt- interfaces but no tunnel_services "
                "(chassis fpc/pic tunnel-services) is set"
            )


@rule("LT003", "warning", "lt- port does not match the tunnel-services bandwidth")
def lt_port_mismatch(intent: Intent, plan: Plan):
    from mpls_interop.core.planner import lt_port

    for name, dev in intent.devices.items():
        ts = dev.tunnel_services
        if ts is not None and "port" in ts.model_fields_set and ts.port != lt_port(ts):
            yield (name,), (
                f"{name}: tunnel_services port {ts.port} but bandwidth {ts.bandwidth} gives "
                f"lt-{ts.fpc}/{ts.pic}/{lt_port(ts)} (port 10 with 1g, 0 otherwise); drop 'port' "
                "unless the hardware really differs"
            )


@rule("LT002", "warning", "VLL into a VRF should be raw mode")
def lt_vll_tagged(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        for svc in dp.vlls:
            if svc.mode == "tagged" and any(a.kind == "vrf" for a in svc.attachments):
                yield (dp.name,), (
                    f"VLL {svc.name}: handed into a VRF through an ethernet-ccc lt- unit, which carries "
                    "untagged frames; use mode raw"
                )


@rule("VLAN001", "error", "VLAN outside 1-4094")
def vlan_range(intent: Intent, plan: Plan):
    for link in intent.links:
        for end in (link.a, link.b):
            if end.vlan is not None and not 1 <= end.vlan <= 4094:
                yield (end.device,), f"link {link.label}: {end.device} VLAN {end.vlan} outside 1-4094"
    for svc in intent.all_services():
        for ep in svc.endpoints:
            if ep.vlan is not None and not 1 <= ep.vlan <= 4094:
                yield (ep.device,), f"{svc.name}: {ep.device} {ep.port} VLAN {ep.vlan} outside 1-4094"


@rule("VLAN002", "error", "VLAN used twice on one port")
def vlan_twice(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        for port in dp.ports.values():
            seen: set[int] = set()
            for v in port.vlans:
                if v in seen:
                    yield (dp.name,), f"{dp.name} {port.name}: VLAN {v} is used more than once"
                seen.add(v)


def _features_used(intent: Intent, dp: DevicePlan) -> dict[str, str]:
    """Capability feature → what in the intent asks this device for it."""
    used: dict[str, str] = {}
    if any(i.ospf for i in dp.l3):
        used["ospf"] = "OSPF on its links"
    if dp.lsps:
        used["rsvp"] = f"RSVP LSPs ({', '.join(lsp.name for lsp in dp.lsps[:3])}{', …' if len(dp.lsps) > 3 else ''})"
    if dp.services and dp.ldp_targeted:
        used["ldp"] = "targeted LDP for its pseudowires"
    if dp.vpls:
        used["vpls"] = f"VPLS {', '.join(s.name for s in dp.vpls)}"
    if dp.vlls:
        used["vll"] = f"VLL {', '.join(s.name for s in dp.vlls)}"
    return used


@rule("CAP001", "error", "A device is asked for a feature its vendor does not have")
def feature_missing(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        features = get_vendor(dp.vendor).capabilities.features
        for feature, why in _features_used(intent, dp).items():
            if not getattr(features, feature):
                yield (dp.name,), f"{dp.name} ({dp.vendor}) cannot do {feature}: the intent asks for {why}"


@rule("VLAN003", "error", "Tagged-mode VLL endpoint on a port without a VLAN")
def tagged_vll_without_vlan(intent: Intent, plan: Plan):
    for svc in intent.services.vll:
        for ep in svc.endpoints:
            mode = svc.mode_overrides.get(ep.device, svc.mode)
            if mode == "tagged" and ep.port is not None and ep.vlan is None:
                yield (ep.device,), (
                    f"VLL {svc.name}: {ep.device} {ep.port} has no 'vlan' but the VLL is tagged mode: "
                    "the PW carries a VLAN tag the port does not have (set 'vlan', or use mode raw)"
                )


@rule("VLAN004", "error", "Tagged-mode VPLS without a VLAN to tag the PW frames with")
def tagged_vpls_without_vlan(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        for svc in dp.services:
            if svc.kind != "vpls" or svc.mode != "tagged":
                continue
            if not any(a.vlan is not None for a in svc.attachments):
                yield (dp.name,), (
                    f"VPLS {svc.name} is tagged mode but none of {dp.name}'s endpoints has a 'vlan': the PW frames "
                    "must carry a VLAN tag (a tagged VPLS is normalised with 'vlan-id N'; 'vlan-id none' "
                    "strips it); give an endpoint a vlan, or use mode raw"
                )


@rule("LDP001", "error", "PWs signalled by targeted LDP while LDP is off")
def ldp_off(intent: Intent, plan: Plan):
    services = intent.all_services()
    if services and not intent.mpls.ldp.targeted:
        devices = sorted({e.device for s in services for e in s.endpoints})
        yield tuple(devices), (
            f"mpls.ldp.targeted is false but {', '.join(s.name for s in services)} signal their PW "
            "labels with targeted LDP: no PW can come up"
        )


@rule("CAP002", "error", "A device's plan needs something its vendor plugin cannot do")
def plugin_limits(intent: Intent, plan: Plan):
    for dp in plan.devices.values():
        for message in get_vendor(dp.vendor).plan_findings(dp):
            yield (dp.name,), f"{dp.name} ({dp.vendor}): {message}"


from mpls_interop.core import lint_ip as _lint_ip  # noqa: E402  (registers the IP sanity rules)

_lint_ip.register(rule)


def lint(intent: Intent, plan: Plan | None = None) -> list[Finding]:
    plan = plan or plan_intent(intent)
    findings: list[Finding] = []
    for r in RULES:
        for devices, message in r.check(intent, plan):
            findings.append(Finding(r.id, r.severity, tuple(devices), message))
    order = {"error": 0, "warning": 1, "info": 2}
    findings.sort(key=lambda f: (order[f.severity], f.rule, f.devices, f.message))
    return findings
