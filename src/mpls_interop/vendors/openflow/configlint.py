"""Lint an existing OpenFlow PE program (what ``interop render`` produced, or ``get_config``)."""

from __future__ import annotations

import ipaddress

from mpls_interop.sdk.configfacts import ConfigFacts, OspfLink, PwFact
from mpls_interop.vendors.openflow.program import parse


def read(text: str, source: str) -> ConfigFacts:
    facts = ConfigFacts(vendor="openflow", source=source)
    try:
        prog = parse(text)
    except ValueError as exc:
        facts.add("CFG001", "error", str(exc))
        return facts
    facts.hostname = prog.value("device")
    if prog.value("loopback"):
        facts.loopbacks.append(prog.value("loopback"))
    for rec in prog.meta("ipif"):
        if "ospf" not in rec:
            continue
        area, hello, dead, *_ = rec["ospf"].split()
        addr = ipaddress.IPv4Interface(rec["address"])
        facts.ospf.append(OspfLink(rec["name"], addr.network, addr.ip, int(hello), int(dead), int(rec["ip_mtu"])))
    for rec in prog.meta("pw"):
        kind = rec["kind"]
        facts.pws.append(PwFact(kind, int(rec["id"]), rec["name"], rec["peer"],  # type: ignore[arg-type]
                                rec["mode"], int(rec["mtu"])))  # type: ignore[arg-type]
        if rec.get("local") != "ldp" or rec.get("remote") != "ldp":
            facts.add("CFG201", "error", f"{kind} {rec['name']}: PW labels must be the ones LDP signals "
                      f"('local ldp remote ldp'), not local {rec.get('local')} remote {rec.get('remote')}")
        if rec.get("via", "-") == "-":
            facts.add("CFG202", "error", f"{kind} {rec['name']}: PW to {rec['peer']} has no next hop "
                      "(the peer is not a direct neighbour)")
    flows = prog.lines("flows")
    if not flows:
        facts.add("CFG203", "warning", "the program has no flows: the bridge drops every frame")
    return facts
