"""Lint an existing NetIron configuration (``show running-config`` or config lines) for interop traps."""

from __future__ import annotations

import difflib
import ipaddress
import re

from mpls_interop.sdk.configfacts import ConfigFacts, OspfLink, PwFact
from mpls_interop.sdk.errors import InputError
from mpls_interop.vendors.netiron import linetree, vocab

PW_MTU_RANGE = (64, 9190)
SERVICE = re.compile(r"^(vpls|vll) (\S+) (\d+)(.*)$")


def _address(words: list[str]) -> ipaddress.IPv4Interface | None:
    try:
        if len(words) >= 2 and "." in words[1] and "/" not in words[0]:
            return ipaddress.IPv4Interface(f"{words[0]}/{words[1]}")
        return ipaddress.IPv4Interface(words[0])
    except (ValueError, IndexError):
        return None


def _value(node: linetree.Node, key: str) -> str | None:
    for line in node.children:
        if line.startswith(key + " "):
            return line[len(key) + 1:]
    return None


def _maybe_number(node: linetree.Node, key: str) -> int | None:
    value = _value(node, key)
    return int(value) if value and value.isdigit() else None


def _number(node: linetree.Node, key: str, default: int) -> int:
    value = _maybe_number(node, key)
    return default if value is None else value


def _suggest(word: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _lines(text: str):
    """(line number, indentation, words) of every configuration line."""
    for n, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("!") or stripped.startswith(linetree.IGNORED):
            continue
        yield n, len(raw) - len(raw.lstrip(" ")), stripped.split()


def _top_unknown(words: list[str]) -> str | None:
    """Why a top-level line is not NetIron ('' for a foreign vendor's mark), None when it is."""
    head = words[0]
    if head == "interface":
        kind = words[1].lower() if len(words) > 1 else ""
        return None if kind in vocab.INTERFACE_TYPES else f"interface {kind}"
    if head == "router":
        proto = words[1] if len(words) > 1 else ""
        return None if proto in vocab.ROUTERS else f"router {proto}"
    return None if head in vocab.TOP else head


def check_vocabulary(text: str, facts: ConfigFacts) -> None:
    """Reject files that are not NetIron configurations; flag unknown commands in the modes the
    interop traps live in (CFG105)."""
    lines = list(_lines(text))
    if not lines:
        raise InputError(facts.source, "empty file: not a NetIron configuration")
    top = [(n, w) for n, depth, w in lines if depth == 0]
    unknown_top = [(n, w, _top_unknown(w)) for n, w in top]
    unknown_top = [(n, w, why) for n, w, why in unknown_top if why is not None]
    foreign = [w[0] for _, w in top if w[0] in vocab.FOREIGN]
    if not top or foreign or 2 * len(unknown_top) > len(top):
        sample = foreign[0] if foreign else (unknown_top[0][2] if unknown_top else " ".join(lines[0][2]))
        raise InputError(facts.source, f"not a NetIron configuration ({len(unknown_top)} of {len(top)} top-level "
                                       f"lines are not NetIron commands, e.g. {sample!r})")
    stack: list[tuple[int, str]] = []  # (indentation, mode of the lines below it)
    for n, depth, words in lines:
        while stack and stack[-1][0] >= depth:
            stack.pop()
        mode = stack[-1][1] if stack else "top"
        head = words[0]
        if mode == "top":
            why = _top_unknown(words)
            if why is not None:
                known = vocab.ROUTERS if head == "router" else vocab.INTERFACE_TYPES if head == "interface" else vocab.TOP
                word = why.split()[-1] if why.split() else why
                facts.add("CFG105", "error", f"unknown NetIron command '{' '.join(words)}'{_suggest(word, known)}", n)
                stack.append((depth, "unknown"))
                continue
            key = f"router {words[1]}" if head == "router" and len(words) > 1 else head
        else:
            key = head
        words_here = vocab.WORDS.get(mode)
        if words_here is not None and mode != "top" and head not in words_here:
            facts.add("CFG105", "error", f"unknown NetIron command '{' '.join(words)}' in {mode} mode"
                      f"{_suggest(head, words_here)}", n)
            stack.append((depth, "unknown"))
            continue
        if mode == "mpls" and head == "vll":
            for opt in words[3:]:
                if opt not in vocab.VLL_OPTIONS and not opt.isdigit():
                    facts.add("CFG105", "error", f"unknown VLL option '{opt}' in '{' '.join(words)}'"
                              f"{_suggest(opt, vocab.VLL_OPTIONS)}", n)
        stack.append((depth, vocab.MODES.get((mode, key), "other" if words_here is None else "leaf")))


def read(text: str, source: str) -> ConfigFacts:
    facts = ConfigFacts(vendor="netiron", source=source)
    check_vocabulary(text, facts)
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

    tree = linetree.parse_tree(text)
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
        words = " ".join(c for c in node.children if c.startswith(("ip ospf hello-interval", "ip ospf dead-interval")))
        network = _value(node, "ip ospf network") or ""
        facts.ospf.append(OspfLink(
            line[len("interface "):], addr.network, addr.ip, _number(node, "ip ospf hello-interval", 10),
            _number(node, "ip ospf dead-interval", 40), _number(node, "ip mtu", 1500),
            _value(node, "ip ospf area") or "", "p2p" if "point-to-point" in network else "broadcast", words,
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
