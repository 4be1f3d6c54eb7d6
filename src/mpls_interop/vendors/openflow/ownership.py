"""What the toolkit owns on an OpenFlow PE: the records of the program's ``[meta]`` section (a port
limit, an IP interface, a pseudowire per peer, an attachment circuit, a router interface).

The bridge itself is the PE: its flows, FRR configuration and TAP ports are derived from those
records and rewritten as a whole on every commit, so they are not objects of their own. The
device-wide records (``device``, ``loopback``, ``ldp``) are shared containers: never a conflict.
"""

from __future__ import annotations

from mpls_interop.vendors.openflow.program import parse

#: records naming the device as a whole
CONTAINERS = ("device", "loopback", "ldp")


def _key(words: list[str]) -> str:
    kind = words[0]
    if kind == "pw":  # one PW per (service, peer)
        rest = dict(zip(words[3::2], words[4::2], strict=False))
        return " ".join((*words[:3], rest.get("peer", "-")))
    if kind in ("ac",):
        rest = dict(zip(words[3::2], words[4::2], strict=False))
        return " ".join((*words[:3], rest.get("port", "-"), rest.get("vlan", "-")))
    if kind in ("ri",):
        return " ".join(words[:3])
    if kind in CONTAINERS:
        return kind
    return " ".join(words[:2])


def objects(text: str) -> dict[str, str]:
    """Object identity → its record line, for a program text ('' or not a program: none)."""
    if not text.strip():
        return {}
    try:
        prog = parse(text)
    except ValueError:
        return {}
    out: dict[str, list[str]] = {}
    for line in prog.lines("meta"):
        words = line.split()
        if words:
            out.setdefault(_key(words), []).append(" ".join(words))
    return {k: "\n".join(sorted(v)) for k, v in out.items()}


def is_container(key: str) -> bool:
    return key in CONTAINERS
