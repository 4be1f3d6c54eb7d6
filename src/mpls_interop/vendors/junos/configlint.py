"""Lint an existing Junos configuration (curly text or ``set`` lines) for the interop traps.

The text is read as leaf statements (full paths of words), which is all the rules need.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from dataclasses import dataclass, field

from mpls_interop.sdk.configfacts import ConfigFacts, OspfLink, PwFact
from mpls_interop.sdk.errors import InputError
from mpls_interop.vendors.junos import recover

TOP_LEVEL = {
    "version", "groups", "apply-groups", "system", "chassis", "services", "security", "interfaces", "snmp",
    "forwarding-options", "event-options", "routing-options", "protocols", "policy-options", "class-of-service",
    "firewall", "routing-instances", "bridge-domains", "vlans", "logical-systems", "access", "applications",
    "switch-options", "accounting-options", "multi-chassis", "virtual-chassis", "poe", "dynamic-profiles",
}
MEDIA_DEFAULT = 1514

Stmt = tuple[int, list[str]]


@dataclass
class _Unit:
    line: int
    vlan: str | None = None
    encapsulation: str | None = None
    pop: bool = False
    addresses: list[str] = field(default_factory=list)
    inet_mtu: tuple[int, int] | None = None  # (mtu, line)


@dataclass
class _Circuit:
    line: int
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class _Instance:
    line: int
    values: dict[str, str] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    neighbors: list[str] = field(default_factory=list)


def _parse(text: str, facts: ConfigFacts) -> list[Stmt]:
    if any(line.strip().startswith(("set ", "delete ")) for line in text.splitlines()):
        out = []
        for n, line in enumerate(text.splitlines(), start=1):
            words = line.split()
            if words[:1] == ["set"] and len(words) > 1:
                out.append((n, [w.strip('"') for w in words[1:]]))
        return out
    parsed = recover.parse(text)
    for line, message in parsed.errors:
        facts.add("CFG001", "error", f"syntax error: {message}", line)
    facts.syntax_errors = len(parsed.errors)
    for where, first, second in parsed.repeated_blocks:
        if len(where) == 2 and where[0] == "routing-instances":
            facts.add("CFG010", "error", f"routing instance {where[1]} is defined twice (first at line {first}): "
                      "Junos merges the two blocks into one instance", second)
    return parsed.statements


def _find(stmts: list[Stmt], *prefix: str) -> list[Stmt]:
    n = len(prefix)
    return [(ln, w) for ln, w in stmts if w[:n] == list(prefix)]


def read(text: str, source: str) -> ConfigFacts:
    facts = ConfigFacts(vendor="junos", source=source)
    if not text.strip():
        raise InputError(source, "empty file: not a Junos configuration")
    stmts = _parse(text, facts)
    if not any(w[0] in TOP_LEVEL for _, w in stmts):
        raise InputError(source, "not a Junos configuration (no known top-level statement such as "
                                 "'interfaces' or 'protocols')")
    unknown: set[str] = set()
    for ln, w in stmts:
        if w[0] not in TOP_LEVEL and w[0] not in unknown:
            unknown.add(w[0])
            close = difflib.get_close_matches(w[0], TOP_LEVEL, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            where = re.search(rf"^(?:set\s+)?{re.escape(w[0])}\b", text, re.M)
            line = text.count("\n", 0, where.start()) + 1 if where else ln
            facts.add("CFG002", "error", f"unknown top-level statement '{w[0]}'{hint}", line)
    host = [(ln, w) for ln, w in _find(stmts, "system", "host-name") if len(w) > 2]
    facts.hostname = host[0][1][2] if host else ""

    # interfaces: media MTU, tagging, unit vlan/encapsulation/inet
    media: dict[str, int] = {}
    tagged_port: set[str] = set()
    units: dict[str, _Unit] = {}
    for ln, w in _find(stmts, "interfaces"):
        if len(w) < 3:
            continue
        ifd = w[1]
        if w[2] == "mtu" and len(w) > 3 and w[3].isdigit():
            media[ifd] = int(w[3])
        elif w[2] in ("vlan-tagging", "flexible-vlan-tagging"):
            tagged_port.add(ifd)
        elif w[2] == "unit" and len(w) > 4:
            u = units.setdefault(f"{ifd}.{w[3]}", _Unit(ln))
            rest = w[4:]
            if rest[0] == "vlan-id" and len(rest) > 1:
                u.vlan = rest[1]
            elif rest[0] == "encapsulation" and len(rest) > 1:
                u.encapsulation = rest[1]
            elif rest[:1] == ["input-vlan-map"]:
                u.pop = True
            elif rest[:2] == ["family", "inet"] and len(rest) > 3 and rest[2] == "address":
                u.addresses.append(rest[3])
            elif rest[:3] == ["family", "inet", "mtu"] and len(rest) > 3 and rest[3].isdigit():
                u.inet_mtu = (int(rest[3]), ln)
    for name, u in units.items():
        ifd = name.split(".")[0]
        limit = media.get(ifd, MEDIA_DEFAULT + (4 if ifd in tagged_port else 0)) - 14 - (4 if ifd in tagged_port else 0)
        if u.inet_mtu is not None:
            mtu, ln = u.inet_mtu
            if mtu > limit:
                facts.add("CFG008", "error", f"{name} family inet mtu {mtu} exceeds what media MTU "
                          f"{media.get(ifd, MEDIA_DEFAULT)} allows ({limit})", ln)
        if ifd == "lo0":
            facts.loopbacks += [a.split("/")[0] for a in u.addresses]

    if any(n.startswith("lt-") for n in units) and not any(
        "tunnel-services" in w for _, w in _find(stmts, "chassis")
    ):
        facts.add("CFG006", "error", "lt- interfaces are used but no chassis fpc/pic tunnel-services is configured")

    # OSPF interfaces with their subnets and timers
    ospf: dict[str, dict[str, str]] = {}
    for _, w in _find(stmts, "protocols", "ospf", "area"):
        if len(w) >= 6 and w[4] == "interface":
            cfg = ospf.setdefault(w[5], {"area": w[3]})
            if len(w) >= 8 and w[6] in ("hello-interval", "dead-interval", "interface-type"):
                cfg[w[6]] = w[7]
    for ifname, cfg in ospf.items():
        name = ifname if "." in ifname else f"{ifname}.0"
        unit = units.get(name)
        if unit is None or name.startswith("lo0") or not unit.addresses:
            continue
        try:
            iface = ipaddress.IPv4Interface(unit.addresses[0])
        except ValueError:
            facts.add("CFG012", "error", f"{name}: '{unit.addresses[0]}' is not a valid IPv4 address", unit.line)
            continue
        hello_text, dead_text = cfg.get("hello-interval", ""), cfg.get("dead-interval", "")
        hello = int(hello_text) if hello_text.isdigit() else 10
        dead = int(dead_text) if dead_text.isdigit() else 4 * hello
        words = " ".join(f"{k} {cfg[k]};" for k in ("hello-interval", "dead-interval") if k in cfg)
        facts.ospf.append(OspfLink(name, iface.network, iface.ip, hello, dead,
                                   unit.inet_mtu[0] if unit.inet_mtu else None, cfg["area"],
                                   "p2p" if cfg.get("interface-type") == "p2p" else "broadcast", words))

    for _, w in _find(stmts, "protocols", "mpls", "label-switched-path"):
        if len(w) >= 6 and w[4] == "to":
            facts.lsp_targets.add(w[5])

    # l2circuits
    circuits: dict[tuple[str, str], _Circuit] = {}
    for ln, w in _find(stmts, "protocols", "l2circuit", "neighbor"):
        if len(w) >= 7 and w[4] == "interface":
            c = circuits.setdefault((w[3], w[5]), _Circuit(ln))
            key, val = w[6], (w[7] if len(w) > 7 else "")
            if key == "encapsulation":
                facts.add("CFG003", "error", f"l2circuit {w[5]}: 'encapsulation {val}' is not an l2circuit "
                          "statement; use 'encapsulation-type'", ln)
            c.values[key] = val
    for (peer, ifname), c in circuits.items():
        unit_enc = units[ifname].encapsulation if ifname in units else None
        etype = c.values.get("encapsulation-type") or ("ethernet-vlan" if unit_enc == "vlan-ccc" else "ethernet")
        if etype == "ethernet" and unit_enc == "vlan-ccc" and not units[ifname].pop:
            facts.add("CFG005", "warning", f"raw l2circuit on VLAN unit {ifname} without input-vlan-map pop / "
                      "output-vlan-map push: frames cross the PW still tagged", c.line)
        vc = c.values.get("virtual-circuit-id", "0")
        pw_mtu = c.values.get("mtu", "")
        facts.pws.append(PwFact("vll", int(vc) if vc.isdigit() else 0, ifname, peer,
                                "tagged" if etype == "ethernet-vlan" else "raw", int(pw_mtu) if pw_mtu.isdigit() else None))

    # VPLS instances
    instances: dict[str, _Instance] = {}
    for ln, w in _find(stmts, "routing-instances"):
        if len(w) < 3:
            continue
        inst = instances.setdefault(w[1], _Instance(ln))
        rest = w[2:]
        if rest[0] in ("instance-type", "vlan-id") and len(rest) > 1:
            inst.values[rest[0]] = rest[1]
        elif rest[0] == "interface" and len(rest) > 1:
            inst.interfaces.append(rest[1])
        elif rest[:2] == ["protocols", "vpls"] and len(rest) > 2:
            if rest[2] == "neighbor" and len(rest) > 3:
                inst.neighbors.append(rest[3])
            elif len(rest) > 3:
                inst.values[rest[2]] = rest[3]
    vpls_ids: dict[str, str] = {}
    for name, inst in instances.items():
        if inst.values.get("instance-type") != "vpls":
            continue
        vid_text = inst.values.get("vpls-id")
        if vid_text is not None:
            if vid_text in vpls_ids:
                facts.add("CFG009", "error", f"vpls-id {vid_text} is used by both routing instances "
                          f"{vpls_ids[vid_text]} and {name}: every VPLS needs its own id", inst.line)
            vpls_ids.setdefault(vid_text, name)
        if "vpls-id" not in inst.values and inst.neighbors:
            facts.add("CFG007", "error", f"VPLS instance {name} has LDP neighbours but no vpls-id", inst.line)
        raw = inst.values.get("encapsulation-type", "ethernet") == "ethernet"
        tagged_units = [i for i in inst.interfaces if i in units and units[i].vlan]
        if raw and inst.values.get("vlan-id") != "none" and tagged_units:
            facts.add("CFG004", "warning", f"raw VPLS instance {name} has VLAN-tagged interfaces "
                      f"({', '.join(tagged_units)}) but no 'vlan-id none': their frames cross the PW tagged "
                      "and traffic works in one direction only", inst.line)
        vid = inst.values.get("vpls-id", "0")
        pw_mtu = inst.values.get("mtu", "")
        for peer in inst.neighbors:
            facts.pws.append(PwFact("vpls", int(vid) if vid.isdigit() else 0, name, peer,
                                    "raw" if raw else "tagged", int(pw_mtu) if pw_mtu.isdigit() else None))
    _peers_without_lsp(stmts, facts)
    return facts


def _peers_without_lsp(stmts: list[Stmt], facts: ConfigFacts) -> None:
    """A PW needs a transport LSP to its peer: RSVP (an LSP 'to' the peer) or LDP on core links."""
    link_ldp = any(len(w) > 3 and w[3] != "lo0.0" for _, w in _find(stmts, "protocols", "ldp", "interface"))
    if link_ldp:
        return
    for peer in sorted({pw.peer for pw in facts.pws}):
        if peer not in facts.lsp_targets:
            kinds = ", ".join(sorted({f"{pw.kind.upper()} {pw.name}" for pw in facts.pws if pw.peer == peer}))
            facts.add("CFG011", "error", f"PW peer {peer} ({kinds}) has no label-switched-path 'to {peer}' and "
                      "LDP runs on no core interface: the PW has no transport LSP")
