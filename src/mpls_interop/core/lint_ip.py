"""Intent lint: IP address sanity (subnets that clash, loopbacks inside link subnets, network
addresses used as hosts, IP endpoints of one VPLS in different subnets or on the same address)."""

from __future__ import annotations

import bisect
import ipaddress
from collections.abc import Callable, Iterator

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.plan import Plan

Found = Iterator[tuple[tuple[str, ...], str]]


def _link_subnets(intent: Intent) -> list[tuple[str, ipaddress.IPv4Network, tuple[str, str]]]:
    return [(lk.label, lk.subnet, (lk.a.device, lk.b.device)) for lk in intent.links]


def subnets_overlap(intent: Intent, plan: Plan) -> Found:
    """Every pair of link subnets that overlap, in link order. CIDR blocks overlap only when one
    holds the other: a sweep in address order with a stack of the blocks still open finds the
    pairs without comparing every link with every other."""
    nets = _link_subnets(intent)
    order = sorted(range(len(nets)), key=lambda k: (int(nets[k][1].network_address), nets[k][1].prefixlen))
    pairs: list[tuple[int, int]] = []
    open_: list[tuple[int, int]] = []  # (last address, link index) of the blocks holding the current one
    for k in order:
        net = nets[k][1]
        start = int(net.network_address)
        while open_ and open_[-1][0] < start:
            open_.pop()
        pairs.extend((min(j, k), max(j, k)) for _, j in open_)
        open_.append((int(net.broadcast_address), k))
    for i, j in sorted(pairs):
        (la, na, da), (lb, nb, db) = nets[i], nets[j]
        how = "the same subnet" if na == nb else "overlapping subnets"
        yield tuple(sorted({*da, *db})), f"links {la} ({na}) and {lb} ({nb}) use {how}"


def subnet_covers_loopback(intent: Intent, plan: Plan) -> Found:
    loopbacks = sorted((int(dev.loopback), name) for name, dev in intent.devices.items())
    keys = [a for a, _ in loopbacks]
    for label, net, devs in _link_subnets(intent):
        lo = bisect.bisect_left(keys, int(net.network_address))
        hi = bisect.bisect_right(keys, int(net.broadcast_address))
        for _, name in sorted(loopbacks[lo:hi], key=lambda x: x[1]):
            dev = intent.devices[name]
            yield tuple(sorted({*devs, name})), (
                f"link {label} subnet {net} covers {name}'s loopback {dev.loopback}"
            )


def _host_addresses(intent: Intent) -> Iterator[tuple[str, str, ipaddress.IPv4Interface]]:
    for vrf in intent.services.vrf:
        yield vrf.device, f"VRF {vrf.name}", vrf.address
    for svc in intent.all_services():
        for ep in svc.endpoints:
            if ep.address is not None:
                yield ep.device, f"{svc.name} {ep.device} router interface {ep.router_interface}", ep.address


def network_address_as_host(intent: Intent, plan: Plan) -> Found:
    for device, where, addr in _host_addresses(intent):
        net = addr.network
        if net.prefixlen <= 30 and addr.ip in (net.network_address, net.broadcast_address):
            what = "network" if addr.ip == net.network_address else "broadcast"
            yield (device,), f"{where}: {addr} is the {what} address of {net}, not a host address"


def _vpls_ip_endpoints(intent: Intent) -> dict[str, list[tuple[str, str, ipaddress.IPv4Interface]]]:
    out: dict[str, list[tuple[str, str, ipaddress.IPv4Interface]]] = {}
    for svc in intent.services.vpls:
        eps = out.setdefault(svc.name, [])
        for ep in svc.endpoints:
            if ep.address is not None:
                eps.append((ep.device, f"{ep.device} router interface {ep.router_interface}", ep.address))
            elif ep.vrf is not None:
                vrf = intent.vrf(ep.vrf)
                eps.append((ep.device, f"{ep.device} VRF {vrf.name}", vrf.address))
    return out


def vpls_subnets_differ(intent: Intent, plan: Plan) -> Found:
    for name, eps in sorted(_vpls_ip_endpoints(intent).items()):
        nets = {str(a.network) for _, _, a in eps}
        if len(nets) > 1:
            detail = ", ".join(f"{w} {a}" for _, w, a in eps)
            yield tuple(sorted({d for d, _, _ in eps})), (
                f"VPLS {name}: its IP endpoints are in different subnets ({detail}): they cannot reach each other"
            )


def duplicate_addresses(intent: Intent, plan: Plan) -> Found:
    for name, eps in sorted(_vpls_ip_endpoints(intent).items()):
        seen: dict[ipaddress.IPv4Address, str] = {}
        for dev, where, addr in eps:
            if addr.ip in seen:
                yield tuple(sorted({dev, seen[addr.ip].split()[0]})), (
                    f"VPLS {name}: {where} and {seen[addr.ip]} both use {addr.ip}"
                )
            seen.setdefault(addr.ip, where)
    owners: dict[ipaddress.IPv4Address, str] = {}
    for name, dev in sorted(intent.devices.items()):
        if dev.loopback in owners:
            yield (owners[dev.loopback], name), f"{owners[dev.loopback]} and {name} both use loopback {dev.loopback}"
        owners.setdefault(dev.loopback, name)


def register(rule: Callable) -> None:
    rule("IP001", "error", "Link subnets that are the same or overlap")(subnets_overlap)
    rule("IP002", "error", "Link subnet that covers a loopback")(subnet_covers_loopback)
    rule("IP003", "error", "Network or broadcast address used as a host address")(network_address_as_host)
    rule("IP004", "error", "IP endpoints of one VPLS in different subnets")(vpls_subnets_differ)
    rule("IP005", "error", "The same address used twice (VPLS IP endpoints, loopbacks)")(duplicate_addresses)
