"""The cross-vendor checks: intended network (plan) + collected device state → check results.

Pure functions, no I/O: the collector hands in vendor-neutral records per device and the results
of the pings it was asked to run, so every check can be tested without devices.
"""

from __future__ import annotations

import ipaddress
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.configfacts import ConfigFacts, OspfLink
from mpls_interop.sdk.plan import DevicePlan, L3Interface, LspPlan, Plan, ServicePlan
from mpls_interop.sdk.records import (
    BfdSession,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
)
from mpls_interop.sdk.spec import ETH_HEADER, VLAN_TAG, get_vendor

Status = Literal["pass", "fail", "skip"]
IP_ICMP = 28


@dataclass(frozen=True)
class Check:
    check: str
    devices: tuple[str, ...]
    status: Status
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "devices": list(self.devices), "status": self.status, "detail": self.detail}


@dataclass
class DeviceFacts:
    """What was collected from one device (error set when collection failed)."""

    interfaces: list[Interface] = field(default_factory=list)
    ospf: list[OspfNeighbor] = field(default_factory=list)
    ldp: list[LdpSession] = field(default_factory=list)
    lsps: list[Lsp] = field(default_factory=list)
    pws: list[Pseudowire] = field(default_factory=list)
    bfd: list[BfdSession] = field(default_factory=list)
    #: what the running configuration says (timers, service ids), read by the vendor's config
    #: reader; None when it could not be read
    config: ConfigFacts | None = None
    error: str = ""

    def interface(self, name: str) -> Interface | None:
        return next((i for i in self.interfaces if i.name == name), None)

    def ospf_config(self, address: str) -> OspfLink | None:
        if self.config is None:
            return None
        return next((o for o in self.config.ospf if str(o.address) == address), None)


@dataclass(frozen=True)
class PingJob:
    device: str
    target: str
    size: int
    df: bool = True
    source: str | None = None
    vrf: str | None = None


PingResults = dict[PingJob, PingResult]


# ---- what to ping ----------------------------------------------------------------------------------


def link_ends(intent: Intent, plan: Plan):
    for link in intent.links:
        a = next(i for i in plan.devices[link.a.device].l3 if i.link == link.label and i.peer_device == link.b.device)
        b = next(i for i in plan.devices[link.b.device].l3 if i.link == link.label and i.peer_device == link.a.device)
        yield link, (link.a.device, a), (link.b.device, b)


@dataclass(frozen=True)
class IpEndpoint:
    device: str
    service: str
    address: str
    ip_mtu: int
    vrf: str | None


def service_endpoints(plan: Plan) -> dict[str, list[IpEndpoint]]:
    """IP endpoints inside L2 services: Junos VRF lt- units and NetIron VPLS ve interfaces."""
    out: dict[str, list[IpEndpoint]] = {}
    for dp in plan.devices.values():
        for vrf in dp.vrfs:
            if vrf.service:
                out.setdefault(vrf.service, []).append(
                    IpEndpoint(dp.name, vrf.service, str(vrf.address.ip), vrf.ip_mtu, vrf.name)
                )
        for svc in dp.services:
            for a in svc.attachments:
                if a.address is not None and a.ip_mtu:
                    out.setdefault(svc.name, []).append(
                        IpEndpoint(dp.name, svc.name, str(a.address.ip), a.ip_mtu, None)
                    )
    return out


def ping_jobs(intent: Intent, plan: Plan) -> list[PingJob]:
    jobs: list[PingJob] = []
    for _link, (da, a), (db, b) in link_ends(intent, plan):
        for (dev, me), (_, other) in (((da, a), (db, b)), ((db, b), (da, a))):
            target = str(other.address.ip)
            jobs.append(PingJob(dev, target, me.ip_mtu - IP_ICMP))
            jobs.append(PingJob(dev, target, me.ip_mtu - IP_ICMP + 1))
    for eps in service_endpoints(plan).values():
        for src in eps:
            for dst in eps:
                if src.device == dst.device:
                    continue
                jobs.append(PingJob(src.device, dst.address, src.ip_mtu - IP_ICMP, vrf=src.vrf))
                jobs.append(PingJob(src.device, dst.address, src.ip_mtu - IP_ICMP + 1, vrf=src.vrf))
    return jobs


# ---- the checks -----------------------------------------------------------------------------------------


def _l3_name(dp: DevicePlan, i: L3Interface) -> str:
    return get_vendor(dp.vendor).ip_interface_name(i.port, i.unit, i.router_interface)


def _unreachable(facts: dict[str, DeviceFacts], devices: tuple[str, ...], check: str) -> Check | None:
    outside = [d for d in devices if d not in facts]
    if outside:  # not selected (--limit): its state was not read, the check cannot be judged
        return Check(check, devices, "skip", f"needs {', '.join(outside)}, outside --limit")
    bad = [d for d in devices if facts[d].error]
    if not bad:
        return None
    detail = "; ".join(facts[d].error if d in facts and facts[d].error else f"{d}: not collected" for d in bad)
    return Check(check, devices, "fail", f"state not collected: {detail}")


def _addresses(i: Interface) -> list[ipaddress.IPv4Interface]:
    out = []
    for a in i.addresses:
        try:
            out.append(ipaddress.IPv4Interface(a))
        except ValueError:
            continue
    return out


class _AddressIndex:
    """Every interface address in the collected state (but VRF interfaces: another routing table
    may reuse a subnet), indexed so that the ones overlapping a subnet are found without comparing
    every link with every interface: CIDR blocks overlap only when one contains the other."""

    def __init__(self, plan: Plan, facts: dict[str, DeviceFacts]) -> None:
        #: (device, interface, address) in device-name, interface and address order
        self.entries: list[tuple[str, str, str]] = []
        starts: list[tuple[int, int]] = []
        #: prefix length → network address → entries
        self.by_len: dict[int, dict[int, list[int]]] = {}
        for dev, f in sorted(facts.items()):
            vrf_ifs = {f"{v.lt_interface}.{v.unit}" for v in plan.devices[dev].vrfs} if dev in plan.devices else set()
            for i in f.interfaces:
                if i.name in vrf_ifs:
                    continue
                for a in _addresses(i):
                    if a.network.prefixlen >= 32:
                        continue
                    start = int(a.network.network_address)
                    starts.append((start, len(self.entries)))
                    self.by_len.setdefault(a.network.prefixlen, {}).setdefault(start, []).append(len(self.entries))
                    self.entries.append((dev, i.name, str(a)))
        starts.sort()
        self.starts = [s for s, _ in starts]
        self.at = [n for _, n in starts]

    def overlapping(self, subnet: ipaddress.IPv4Network, mine: set[tuple[str, str]]) -> list[str]:
        """``dev interface (address)`` of each address overlapping ``subnet``, ``mine`` left out."""
        first, last = int(subnet.network_address), int(subnet.broadcast_address)
        # blocks inside the subnet (or starting where it starts) begin within it
        found = set(self.at[bisect_left(self.starts, first):bisect_right(self.starts, last)])
        for length, nets in self.by_len.items():  # blocks containing it begin at its masked address
            if length < subnet.prefixlen:
                found.update(nets.get(first & (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF, ()))
        return [f"{dev} {name} ({a})" for dev, name, a in (self.entries[n] for n in sorted(found))
                if (dev, name) not in mine]


def _clashes(plan: Plan, facts: dict[str, DeviceFacts], subnet: ipaddress.IPv4Network,
             mine: set[tuple[str, str]]) -> list[str]:
    """Interfaces other than the link's own ends with an address in (or overlapping) its subnet
    (VRF interfaces are another routing table and may reuse it). One subnet: the plain scan."""
    out = []
    for dev, f in sorted(facts.items()):
        vrf_ifs = {f"{v.lt_interface}.{v.unit}" for v in plan.devices[dev].vrfs} if dev in plan.devices else set()
        for i in f.interfaces:
            if (dev, i.name) in mine or i.name in vrf_ifs:
                continue
            for a in _addresses(i):
                if a.network.overlaps(subnet) and a.network.prefixlen < 32:
                    out.append(f"{dev} {i.name} ({a})")
    return out


def link_problems(intent: Intent, plan: Plan, facts: dict[str, DeviceFacts]) -> dict[str, list[str]]:
    """Per link label: what is wrong with the link itself (down ends, wrong or clashing addresses)."""
    out: dict[str, list[str]] = {}
    index = _AddressIndex(plan, facts)
    for link, (da, a), (db, b) in link_ends(intent, plan):
        if _unreachable(facts, (da, db), ""):
            continue
        problems = []
        names = {(dev, _l3_name(plan.devices[dev], i)) for dev, i in ((da, a), (db, b))}
        for dev, i in ((da, a), (db, b)):
            dp = plan.devices[dev]
            phys = facts[dev].interface(i.port)
            logical = facts[dev].interface(_l3_name(dp, i))
            if phys is None or logical is None:
                problems.append(f"{dev} has no {i.port if phys is None else _l3_name(dp, i)}")
                continue
            if not (phys.admin_up and phys.oper_up):
                problems.append(f"{dev} {i.port} is {'admin down' if not phys.admin_up else 'down'}")
            if not logical.oper_up:
                problems.append(f"{dev} {_l3_name(dp, i)} is down")
            have = _addresses(logical)
            if have and i.address not in have:
                problems.append(f"{dev} {_l3_name(dp, i)} has {', '.join(map(str, have))}, the intent says {i.address}")
        clash = index.overlapping(link.subnet, names)
        if clash:
            problems.append(f"subnet {link.subnet} of link {link.label} is also on {', '.join(clash)}: "
                            "two links share a subnet, so packets for it may go to the wrong router")
        out[link.label] = problems
    return out


def check_links(intent: Intent, plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    out: list[Check] = []
    problems_by_link = link_problems(intent, plan, facts)
    for link, (da, a), (db, b) in link_ends(intent, plan):
        devs = (da, db)
        name = f"link {link.label}"
        miss = _unreachable(facts, devs, name)
        if miss:
            out.append(miss)
            continue
        problems = list(problems_by_link.get(link.label, []))
        mtus = {}
        for dev, i in ((da, a), (db, b)):
            dp = plan.devices[dev]
            phys = facts[dev].interface(i.port)
            logical = facts[dev].interface(_l3_name(dp, i))
            if phys is not None and logical is not None:
                mtus[dev] = (phys.l2_mtu, logical.ip_mtu, i.vlan is not None)
        if len(mtus) == 2:
            (l2a, ipa, _tag_a), (l2b, ipb, _tag_b) = mtus[da], mtus[db]
            if ipa is not None and ipb is not None and ipa != ipb:
                problems.append(f"IP MTU differs: {da} {ipa}, {db} {ipb}")
            for dev, (l2, ip, tagged) in mtus.items():
                need = (ip or 0) + ETH_HEADER + (VLAN_TAG if tagged else 0)
                if l2 is not None and ip is not None and l2 < need:
                    problems.append(f"{dev} L2 MTU {l2} cannot carry IP MTU {ip} ({need} needed)")
            detail = f"L2 MTU (no FCS) {da} {l2a}, {db} {l2b}; IP MTU {da} {ipa}, {db} {ipb}"
        else:
            detail = ""
        out.append(Check(name, devs, "fail" if problems else "pass", "; ".join(problems) or detail))
    return out


def check_link_pings(intent: Intent, plan: Plan, pings: PingResults, search: dict[PingJob, int] | None = None,
                     facts: dict[str, DeviceFacts] | None = None) -> list[Check]:
    out: list[Check] = []
    broken = link_problems(intent, plan, facts) if facts else {}
    for link, (da, a), (db, b) in link_ends(intent, plan):
        for (dev, me), (far, other) in (((da, a), (db, b)), ((db, b), (da, a))):
            target = str(other.address.ip)
            fits = PingJob(dev, target, me.ip_mtu - IP_ICMP)
            over = PingJob(dev, target, me.ip_mtu - IP_ICMP + 1)
            name = f"mtu ping {dev}->{far} ({link.label})"
            r_fit, r_over = pings.get(fits), pings.get(over)
            if r_fit is None or r_over is None:
                out.append(Check(name, (dev, far), "skip", "ping not run"))
                continue
            problems = []
            if broken.get(link.label):
                fate = "passed" if r_fit.success else "failed"
                out.append(Check(name, (dev, far), "fail", (
                    f"the link itself is broken ({'; '.join(broken[link.label])}): the DF pings to {target} {fate} "
                    "but say nothing about this link's MTU")))
                continue
            if not r_fit.success:
                found = (search or {}).get(fits)
                reach = f"; largest DF payload that crosses is {found} (IP MTU {found + IP_ICMP})" if found else ""
                problems.append(
                    f"DF ping {fits.size} (IP MTU {me.ip_mtu}) to {target} failed "
                    f"({r_fit.received}/{r_fit.sent}{', frag needed' if r_fit.frag_needed else ''}){reach}"
                )
            if r_over.received:
                problems.append(f"DF ping {over.size} to {target} passed: the path takes more than IP MTU {me.ip_mtu}")
            ok = f"DF {fits.size} passes, {over.size} fails (IP MTU {me.ip_mtu})"
            out.append(Check(name, (dev, far), "fail" if problems else "pass", "; ".join(problems) or ok))
    return out


def check_ospf(intent: Intent, plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    out: list[Check] = []
    for link, (da, a), (db, b) in link_ends(intent, plan):
        if a.ospf is None and b.ospf is None:
            continue
        devs = (da, db)
        name = f"ospf {link.label}"
        miss = _unreachable(facts, devs, name)
        if miss:
            out.append(miss)
            continue
        problems = []
        states = []
        for dev, me, other in ((da, a, b), (db, b, a)):
            nbr = next((n for n in facts[dev].ospf if n.address == str(other.address.ip)), None)
            if nbr is None:
                problems.append(f"{dev} has no OSPF neighbour {other.address.ip} on {_l3_name(plan.devices[dev], me)}")
                states.append(f"{dev} none")
            else:
                states.append(f"{dev} {nbr.state}")
                if not nbr.full:
                    problems.append(f"{dev} neighbour {other.address.ip} is {nbr.state}")
        if problems:
            problems += _ospf_causes(plan, facts, (da, a), (db, b))
        out.append(Check(name, devs, "fail" if problems else "pass", "; ".join(problems) or ", ".join(states)))
    return out


def _ospf_causes(plan: Plan, facts: dict[str, DeviceFacts], end_a: tuple[str, L3Interface],
                 end_b: tuple[str, L3Interface]) -> list[str]:
    """Why an adjacency is not Full, from what each end's running configuration says."""
    (da, a), (db, b) = end_a, end_b
    ca, cb = facts[da].ospf_config(str(a.address.ip)), facts[db].ospf_config(str(b.address.ip))
    na, nb = _l3_name(plan.devices[da], a), _l3_name(plan.devices[db], b)
    if ca is None or cb is None:
        missing = [f"{d} {n}" for d, n, c in ((da, na, ca), (db, nb, cb)) if c is None and facts[d].config is not None]
        unread = [d for d in (da, db) if facts[d].config is None]
        out = [f"OSPF is not configured on {', '.join(missing)}"] if missing else []
        if unread:
            out.append(f"running config of {', '.join(unread)} not read: no configuration-based cause")
        if a.ip_mtu != b.ip_mtu:
            out.append(f"IP MTU differs: {da} {a.ip_mtu}, {db} {b.ip_mtu}")
        return out
    out = []

    def said(c: OspfLink) -> str:
        return f" ({c.words})" if c.words else " (defaults)"

    if (ca.hello, ca.dead) != (cb.hello, cb.dead):
        out.append(f"OSPF hello/dead differ: {da} {na} {ca.hello}/{ca.dead}{said(ca)}, {db} {nb} {cb.hello}/{cb.dead}"
                   f"{said(cb)}: each end drops the other's hellos, no adjacency forms")
    if ca.area and cb.area and _area(ca.area) != _area(cb.area):
        out.append(f"OSPF area differs: {da} {ca.area}, {db} {cb.area}")
    if ca.network_type and cb.network_type and ca.network_type != cb.network_type:
        out.append(f"OSPF network type differs: {da} {ca.network_type}, {db} {cb.network_type}: stuck in Init")
    if ca.ip_mtu and cb.ip_mtu and ca.ip_mtu != cb.ip_mtu:
        out.append(f"IP MTU differs: {da} {ca.ip_mtu}, {db} {cb.ip_mtu}: the smaller end stays in ExStart")
    return out


def _area(text: str) -> str:
    try:
        return str(ipaddress.IPv4Address(int(text))) if text.isdigit() else str(ipaddress.IPv4Address(text))
    except ValueError:
        return text


def check_bfd(intent: Intent, plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    """Where the intent asks for BFD on an OSPF link: a session Up on both ends."""
    out: list[Check] = []
    for link, (da, a), (db, b) in link_ends(intent, plan):
        wants = [d for d, i in ((da, a), (db, b)) if i.ospf is not None and i.ospf.bfd is not None]
        if not wants:
            continue
        devs = (da, db)
        name = f"bfd {link.label}"
        miss = _unreachable(facts, devs, name)
        if miss:
            out.append(miss)
            continue
        problems, shown = [], []
        for dev, me, other in ((da, a, b), (db, b, a)):
            target = str(other.address.ip)
            s = next((s for s in facts[dev].bfd if s.neighbor == target), None)
            where = _l3_name(plan.devices[dev], me)
            if s is None:
                problems.append(f"{dev} has no BFD session to {target} on {where}")
            elif not s.up:
                problems.append(f"{dev} BFD session to {target} is {s.state}")
            else:
                timers = f" ({s.interval} ms x{s.multiplier})" if s.interval and s.multiplier else ""
                shown.append(f"{dev} {target} {s.state}{timers}")
        if problems and len(wants) == 1:
            problems.append(f"the intent asks for BFD on {wants[0]} only")
        out.append(Check(name, devs, "fail" if problems else "pass", "; ".join(problems) or ", ".join(shown)))
    return out


def _peer_pairs(plan: Plan) -> list[tuple[str, str]]:
    pairs = set()
    for dp in plan.devices.values():
        for svc in dp.services:
            for p in svc.peers:
                pairs.add(tuple(sorted((dp.name, p.device))))
    return sorted(pairs)  # type: ignore[arg-type]


def _lsp_pairs(plan: Plan) -> list[tuple[str, str]]:
    """Pairs of devices with an LSP between them in the plan, or PWs (which need one)."""
    pairs = set(_peer_pairs(plan))
    for dp in plan.devices.values():
        for lsp in dp.lsps:
            pairs.add(tuple(sorted((dp.name, lsp.to_device))))  # type: ignore[arg-type]
    return sorted(pairs)  # type: ignore[arg-type]


class _TransportIndex:
    """The plan's LSPs and each device's LSP and LDP records keyed by what the transport checks
    look up (first record wins, as a scan in collection order would find it), so that a network
    with a full mesh of N(N-1) LSPs is checked in one pass rather than a scan per LSP pair."""

    def __init__(self, plan: Plan, facts: dict[str, DeviceFacts]) -> None:
        self.planned: dict[str, dict[str, list[LspPlan]]] = {}
        for name, dp in plan.devices.items():
            per: dict[str, list[LspPlan]] = {}
            for lsp in dp.lsps:
                per.setdefault(lsp.to_device, []).append(lsp)
            self.planned[name] = per
        self.by_name: dict[str, dict[str, Lsp]] = {}
        self.by_dest: dict[str, dict[str, list[Lsp]]] = {}
        self.ldp: dict[str, dict[str, LdpSession]] = {}
        for name, f in facts.items():
            names: dict[str, Lsp] = {}
            dests: dict[str, list[Lsp]] = {}
            for x in f.lsps:
                names.setdefault(x.name, x)
                dests.setdefault(x.destination, []).append(x)
            self.by_name[name], self.by_dest[name] = names, dests
            peers: dict[str, LdpSession] = {}
            for s in f.ldp:
                peers.setdefault(s.peer, s)
            self.ldp[name] = peers


def _lsp_problems(plan: Plan, index: _TransportIndex, me: str, other: str, shown: list[str]) -> list[str]:
    lo = plan.devices[other].loopback
    planned = index.planned[me].get(other, [])
    problems = []
    if not planned:  # a PW peer the plan has no LSP to: any LSP to it will do
        lsps = index.by_dest[me].get(lo, [])
        up = [x for x in lsps if x.up]
        if not lsps:
            problems.append(f"{me} has no LSP to {other} ({lo})")
        elif not up:
            problems.append(f"{me} LSP {lsps[0].name} to {lo} is {lsps[0].state or 'down'}")
        else:
            shown.append(f"{up[0].name} up ({up[0].active_path or 'active'})")
        return problems
    for p in planned:
        rec = index.by_name[me].get(p.name)
        if rec is None:
            problems.append(f"{me} has no LSP {p.name} to {other} ({lo})")
        elif not rec.up:
            problems.append(f"{me} LSP {p.name} to {lo} is {rec.state or 'down'}")
        elif rec.destination and rec.destination != lo:
            problems.append(f"{me} LSP {p.name} goes to {rec.destination}, the intent says {other} ({lo})")
        else:
            shown.append(f"{p.name} up ({rec.active_path or 'active'})")
    return problems


def check_transport(plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    """Targeted LDP both ways between PW peers, and every LSP the plan renders (also between PEs
    that share no PW), by name."""
    out: list[Check] = []
    pw_pairs = set(_peer_pairs(plan))
    index = _TransportIndex(plan, facts)
    for a, b in _lsp_pairs(plan):
        devs = (a, b)
        miss = _unreachable(facts, devs, f"lsp {a}<->{b}")
        if miss:
            if (a, b) in pw_pairs:
                out.append(Check(f"ldp {a}<->{b}", devs, miss.status, miss.detail))
            out.append(miss)
            continue
        lo = {d: plan.devices[d].loopback for d in devs}
        if (a, b) in pw_pairs:
            problems = []
            for me, other in ((a, b), (b, a)):
                s = index.ldp[me].get(lo[other])
                if s is None:
                    problems.append(f"{me} has no LDP session to {other} ({lo[other]})")
                elif not s.up:
                    problems.append(f"{me} LDP session to {lo[other]} is {s.state}")
            out.append(Check(f"ldp {a}<->{b}", devs, "fail" if problems else "pass",
                             "; ".join(problems) or "targeted LDP sessions Operational on both ends"))
        shown: list[str] = []
        problems = [p for me, other in ((a, b), (b, a)) for p in _lsp_problems(plan, index, me, other, shown)]
        out.append(Check(f"lsp {a}<->{b}", devs, "fail" if problems else "pass", "; ".join(problems) or ", ".join(shown)))
    return out


def _find_pw(facts: DeviceFacts, kind: str, sid: int, peer: str) -> Pseudowire | None:
    return next((p for p in facts.pws if p.kind == kind and p.service_id == sid and p.peer == peer), None)


def _type(p: Pseudowire | None, remote_of: Pseudowire | None, svc: ServicePlan) -> str:
    """A PW type in the device's own words with the neutral one: ``untag (raw)``."""
    if p is not None and (p.type_word or p.pw_type):
        neutral = p.pw_type or ""
        return f"{p.type_word} ({neutral})" if p.type_word and neutral else (p.type_word or neutral)
    if remote_of is not None and (remote_of.remote_type_word or remote_of.remote_pw_type):
        word, neutral = remote_of.remote_type_word, remote_of.remote_pw_type or ""
        return f"{word} ({neutral})" if word and neutral else (word or neutral)
    return f"{svc.mode} (intent)"


#: a down PW's neutral cause → what the check says (fields: ``dev``/``other`` the two devices,
#: ``mine``/``theirs`` both ends' PW MTUs, ``my_type``/``their_type`` both ends' PW types, ``status``
#: the device's own word, ``id`` the service id)
CAUSE_MESSAGES: dict[str, str] = {
    "mtu-mismatch": "PW MTU differs: {dev} {mine}, {other} {theirs}",
    "type-mismatch": "PW type differs: {dev} {my_type}, {other} {their_type}",
    "cw-mismatch": "control word differs between {dev} and {other} ({dev} reports {status})",
    "no-remote": "{dev} has no label from {other}: {other} has no matching PW (id {id}) or no LSP/LDP back",
    "no-lsp": "{dev} has no LSP to {other}",
    "no-ldp": "{dev} has no LDP session to {other}",
    "local-ac-down": "{dev} attachment circuit is down",
    "remote-ac-down": "{other} signals its attachment circuit down",
}


def _root_cause(plan: Plan, dev: str, p: Pseudowire, other_dev: str, q: Pseudowire | None, a_svc: ServicePlan,
                b_svc: ServicePlan) -> str:
    """The neutral cause of a down PW from the device's status words (the vendor's capability
    data maps them), with both ends' values (:data:`CAUSE_MESSAGES`)."""
    cause = get_vendor(plan.devices[dev].vendor).pw_cause(p.status, p.reason)
    template = CAUSE_MESSAGES.get(cause or "")
    if template is None:
        return f"{dev} reports {p.status}" + (f" ({p.reason})" if p.reason else "")
    return template.format(
        dev=dev, other=other_dev, status=p.status, id=a_svc.id,
        mine=p.mtu or a_svc.mtu, theirs=(q.mtu if q else None) or p.remote_mtu or b_svc.mtu,
        my_type=_type(p, None, a_svc), their_type=_type(q, p, b_svc),
    )


def _id_problems(kind: str, name: str, members: dict[str, ServicePlan], facts: dict[str, DeviceFacts]) -> list[str]:
    """What the running configurations say about the service's id: another service of the same
    kind using it on the same device, or this service configured with another id."""
    out = []
    for dev, svc in sorted(members.items()):
        cfg = facts[dev].config
        if cfg is None:
            continue
        mine = {p.id for p in cfg.pws if p.kind == kind and p.name == name}
        if kind == "vpls" and mine and svc.id not in mine:
            out.append(f"{dev} has {kind.upper()} {name} with id {', '.join(map(str, sorted(mine)))}, the intent says {svc.id}")
        others = sorted({p.name for p in cfg.pws if p.kind == kind and p.id == svc.id and p.name != name
                         and kind == "vpls"})
        if others:
            out.append(f"{dev} also uses {kind.upper()} id {svc.id} for {', '.join(others)}: the two services share "
                       "one id, so their PWs and MACs mix")
    return out


def check_pseudowires(plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    out: list[Check] = []
    ends: dict[tuple[str, str], dict[str, ServicePlan]] = {}
    for dp in plan.devices.values():
        for svc in dp.services:
            ends.setdefault((svc.kind, svc.name), {})[dp.name] = svc
    for (kind, name), members in sorted(ends.items()):
        devs = tuple(sorted(members))
        miss = _unreachable(facts, devs, f"{kind} {name}")
        if miss:
            out.append(miss)
            continue
        problems = _id_problems(kind, name, members, facts)
        pairs = [(a, b) for i, a in enumerate(devs) for b in devs[i + 1:]]
        for a, b in pairs:
            sa, sb = members[a], members[b]
            la, lb = plan.devices[a].loopback, plan.devices[b].loopback
            pa, pb = _find_pw(facts[a], kind, sa.id, lb), _find_pw(facts[b], kind, sb.id, la)
            for dev, other, p, q, s1, s2 in ((a, b, pa, pb, sa, sb), (b, a, pb, pa, sb, sa)):
                if p is None:
                    problems.append(f"{dev} has no {kind.upper()} {s1.id} PW to {other} ({plan.devices[other].loopback})")
                elif not p.up:
                    cause = get_vendor(plan.devices[dev].vendor).pw_cause(p.status, p.reason) or "unknown"
                    problems.append(f"{dev}->{other} {p.status} [{cause}]: {_root_cause(plan, dev, p, other, q, s1, s2)}")
            if pa is None or pb is None or not (pa.up and pb.up):
                continue
            if pa.service_id != pb.service_id:
                problems.append(f"service id differs: {a} {pa.service_id}, {b} {pb.service_id}")
            if pa.pw_type and pb.pw_type and pa.pw_type != pb.pw_type:
                problems.append(f"PW type differs: {a} {_type(pa, None, sa)}, {b} {_type(pb, None, sb)}")
            if pa.mtu and pb.mtu and pa.mtu != pb.mtu:
                problems.append(f"PW MTU differs: {a} {pa.mtu}, {b} {pb.mtu}")
            if pa.local_label is not None and pb.remote_label is not None and pa.local_label != pb.remote_label:
                problems.append(f"labels do not cross: {a} local {pa.local_label}, {b} remote {pb.remote_label}")
            if pb.local_label is not None and pa.remote_label is not None and pb.local_label != pa.remote_label:
                problems.append(f"labels do not cross: {b} local {pb.local_label}, {a} remote {pa.remote_label}")
        what = "mesh complete, " if kind == "vpls" else ""
        ok = f"{what}up on both ends of {len(pairs)} PW(s), ids/types/MTUs equal, labels cross"
        out.append(Check(f"{kind} {name}", devs, "fail" if problems else "pass", "; ".join(problems) or ok))
    return out


def check_service_pings(plan: Plan, pings: PingResults) -> list[Check]:
    out: list[Check] = []
    for svc, eps in sorted(service_endpoints(plan).items()):
        for src in eps:
            for dst in eps:
                if src.device == dst.device:
                    continue
                name = f"service ping {svc} {src.device}->{dst.device}"
                fit = pings.get(PingJob(src.device, dst.address, src.ip_mtu - IP_ICMP, vrf=src.vrf))
                over = pings.get(PingJob(src.device, dst.address, src.ip_mtu - IP_ICMP + 1, vrf=src.vrf))
                if fit is None or over is None:
                    out.append(Check(name, (src.device, dst.device), "skip", "ping not run"))
                    continue
                problems = []
                where = f" in {src.vrf}" if src.vrf else ""
                if not fit.success:
                    problems.append(f"DF {src.ip_mtu - IP_ICMP} from {src.address}{where} to {dst.address} failed "
                                    f"({fit.received}/{fit.sent}{', frag needed' if fit.frag_needed else ''})")
                if over.received:
                    problems.append(f"DF {src.ip_mtu - IP_ICMP + 1} passed: more than IP MTU {src.ip_mtu}")
                ok = f"DF {src.ip_mtu - IP_ICMP} passes, {src.ip_mtu - IP_ICMP + 1} fails across {svc}"
                out.append(Check(name, (src.device, dst.device), "fail" if problems else "pass",
                                 "; ".join(problems) or ok))
    return out


def all_checks(intent: Intent, plan: Plan, facts: dict[str, DeviceFacts], pings: PingResults,
               search: dict[PingJob, int] | None = None) -> list[Check]:
    return [
        *check_links(intent, plan, facts),
        *check_link_pings(intent, plan, pings, search, facts),
        *check_ospf(intent, plan, facts),
        *check_bfd(intent, plan, facts),
        *check_transport(plan, facts),
        *check_pseudowires(plan, facts),
        *check_service_pings(plan, pings),
    ]
