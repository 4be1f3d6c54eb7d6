"""The order Junos shows the entries of a list in, whatever order they were entered in.

Junos shows a configuration in a strict order, not in the order it was typed (Juniper,
"Displaying the Current Configuration"), except for lists whose order means something: those are
``ordered-by user`` in Juniper's YANG (MPLS paths and LSPs, OSPF areas, policy terms, …) and keep
the order they were entered in, a new entry going to the end (Juniper, "Inserting a New
Identifier in a Junos Configuration"). The entries of every other (``ordered-by system``) list are
sorted: units by number, interfaces by FPC, PIC and port before the other interfaces (a real MX
shows ``xe-0/0/0`` before ``ge-1/0/9`` and ``lo0`` after both), names and addresses part by part,
numbers numerically.

The statements of a container keep the order they were entered in here: Juniper's YANG does not
carry the CLI's display order of a container's statements (``protocols`` shows ``rsvp``, ``mpls``,
``ospf``, ``ldp``, ``l2circuit`` on a real router; the YANG lists them in another order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mpls_interop_lab.junos.keywords import descend
from mpls_interop_lab.junos.tree import JNode
from mpls_interop_lab.junos.yang import SNode

_PARTS = re.compile(r"(\d+)")
_PORT = re.compile(r"^([a-z]+)-(\d+)/(\d+)/(\d+)(?::(\d+))?(?:\.(\d+))?$")


def natural(key: str) -> tuple[str | int, ...]:
    """Text and numbers in turn: ``10.0.0.10`` after ``10.0.0.9``."""
    return tuple(int(p) if i % 2 else p for i, p in enumerate(_PARTS.split(key)))


def entry_key(name: str) -> tuple:
    """Where a list entry named ``name`` sorts: a port name (``ge-1/0/9``, ``xe-0/0/0.100``) by
    FPC, PIC, port, channel and unit, before every other name; the rest by :func:`natural`."""
    m = _PORT.match(name)
    if m:
        kind, fpc, pic, port, chan, unit = m.groups()
        return (0, int(fpc), int(pic), int(port), int(chan or -1), kind, int(unit or -1))
    return (1, natural(name))


def ordered(node: JNode, snode: SNode | None) -> Iterable[tuple[str, JNode]]:
    """``node``'s children in the order Junos shows them (``snode``: ``node``'s schema node): the
    entries of each ``ordered-by system`` list sorted in the places those entries hold."""
    items = list(node.children.items())
    if snode is None or len(items) < 2:
        return items
    lists: dict[str, list[int]] = {}
    for i, (key, _child) in enumerate(items):
        sc = descend(snode, key)
        if sc is not None and sc.kind == "l" and not sc.raw.get("ob"):
            lists.setdefault(sc.name, []).append(i)
    out = list(items)
    for places in lists.values():
        if len(places) < 2:
            continue
        entries = sorted((items[i] for i in places), key=lambda kv: entry_key(_entry_name(kv[0], snode)))
        for i, kv in zip(places, entries, strict=True):
            out[i] = kv
    return out


def _entry_name(key: str, snode: SNode) -> str:
    sc = descend(snode, key)
    return key if sc is not None and sc.keywordless else key.split(" ", 1)[-1]
