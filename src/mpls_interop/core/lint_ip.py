"""Intent lint: IP address sanity (subnets that clash, loopbacks inside link subnets, network
addresses used as hosts, IP endpoints of one VPLS in different subnets or on the same address)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterator

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.plan import Plan

Found = Iterator[tuple[tuple[str, ...], str]]


def _link_subnets(intent: Intent) -> list[tuple[str, ipaddress.IPv4Network, tuple[str, str]]]:
    return [(lk.label, lk.subnet, (lk.a.device, lk.b.device)) for lk in intent.links]


def subnets_overlap(intent: Intent, plan: Plan) -> Found:
    nets = _link_subnets(intent)
    for i, (la, na, da) in enumerate(nets):
        for lb, nb, db in nets[i + 1:]:
            if na.overlaps(nb):
                how = "the same subnet" if na == nb else "overlapping subnets"
                yield tuple(sorted({*da, *db})), f"links {la} ({na}) and {lb} ({nb}) use {how}"


def subnet_covers_loopback(intent: Intent, plan: Plan) -> Found:
    for label, net, devs in _link_subnets(intent):
        for name, dev in sorted(intent.devices.items()):
            if dev.loopback in net:
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
