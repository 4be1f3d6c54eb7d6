"""Lint an existing NetIron configuration (``show running-config`` or config lines) for interop traps."""

from __future__ import annotations

import ipaddress
import re

from mpls_interop.sdk.configfacts import ConfigFacts, OspfLink, PwFact
from mpls_interop.vendors.netiron import confdiff

PW_MTU_RANGE = (64, 9190)
SERVICE = re.compile(r"^(vpls|vll) (\S+) (\d+)(.*)$")


def _address(words: list[str]) -> ipaddress.IPv4Interface | None:
    try:
        if len(words) >= 2 and "." in words[1] and "/" not in words[0]:
            return ipaddress.IPv4Interface(f"{words[0]}/{words[1]}")
        return ipaddress.IPv4Interface(words[0])
    except (ValueError, IndexError):
        return None


def _value(node: confdiff.Node, key: str) -> str | None:
    for line in node.children:
        if line.startswith(key + " "):
            return line[len(key) + 1:]
    return None


def _maybe_number(node: confdiff.Node, key: str) -> int | None:
    value = _value(node, key)
    return int(value) if value and value.isdigit() else None


def _number(node: confdiff.Node, key: str, default: int) -> int:
    value = _maybe_number(node, key)
    return default if value is None else value


def read(text: str, source: str) -> ConfigFacts:
    facts = ConfigFacts(vendor="netiron", source=source)
    # a block defined twice is merged by the device: find it in the raw text first
    seen: dict[str, int] = {}
    names: dict[str, tuple[str, int]] = {}
    for n, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        m = SERVICE.match(line)
        if not m or not raw.startswith(" "):
            continue
        kind, name, sid = m.group(1), m.group(2), m.group(3)
        if line in seen:
            facts.add("CFG101", "error", f"'{line}' is defined twice (first at line {seen[line]}): the second "
                      "block is merged into the first; a different name and id were probably meant", n)
        seen.setdefault(line, n)
        key = f"{kind} {sid}"
        if key in names and names[key][0] != name:
            facts.add("CFG102", "error", f"{kind.upper()} id {sid} is used by both '{names[key][0]}' (line "
                      f"{names[key][1]}) and '{name}'", n)
        names.setdefault(key, (name, n))

    tree = confdiff.parse_tree(text)
    facts.hostname = next((ln.split(" ", 1)[1] for ln in tree.children if ln.startswith("hostname ")), "")
    for line, node in tree.children.items():
        if not line.startswith("interface "):
            continue
        addr = next((_address(c.split()[2:]) for c in node.children if c.startswith("ip address ")), None)
        if addr is None:
            continue
        if line.startswith("interface loopback"):
            facts.loopbacks.append(str(addr.ip))
            continue
        if _value(node, "ip ospf area") is None:
            continue
        facts.ospf.append(OspfLink(
            line[len("interface "):], addr.network, addr.ip, _number(node, "ip ospf hello-interval", 10),
            _number(node, "ip ospf dead-interval", 40), _number(node, "ip mtu", 1500),
        ))

    mpls = tree.children.get("router mpls")
    if mpls is None:
        return facts
    for line, node in mpls.children.items():
        if line.startswith("lsp "):
            to = _value(node, "to")
            if to:
                facts.lsp_targets.add(to)
    for line, node in mpls.children.items():
        m = SERVICE.match(line)
        if not m:
            continue
        kind, name, sid, tail = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        mtu = _maybe_number(node, f"{kind}-mtu")
        if mtu is not None and not PW_MTU_RANGE[0] <= mtu <= PW_MTU_RANGE[1]:
            facts.add("CFG103", "error", f"{kind} {name}: {kind}-mtu {mtu} outside {PW_MTU_RANGE[0]}-{PW_MTU_RANGE[1]}")
        if kind == "vpls":
            peers = [p for c in node.children if c.startswith("vpls-peer ") for p in c.split()[1:]]
            pw_type = "tagged" if "vc-mode tagged" in node.children else "raw"
        else:
            peers = [c.split()[1] for c in node.children if c.startswith("vll-peer ")]
            pw_type = "raw" if "raw-mode" in tail else "tagged"
        for peer in peers:
            facts.pws.append(PwFact(kind, sid, name, peer, pw_type, mtu))  # type: ignore[arg-type]
            if peer not in facts.lsp_targets:
                facts.add("CFG104", "error", f"{kind} {name}: peer {peer} has no RSVP LSP 'to {peer}' "
                          "(NetIron needs a tunnel LSP to every PW peer)")
    return facts
