"""The order Junos shows the entries of a list in, whatever order they were entered in.

Junos shows a configuration in a strict order, not in the order it was typed (Juniper,
"Displaying the Current Configuration"), except for lists whose order means something: those are
``ordered-by user`` in Juniper's YANG (MPLS paths and LSPs, OSPF areas, policy terms, …) and keep
the order they were entered in, a new entry going to the end (Juniper, "Inserting a New
Identifier in a Junos Configuration"). The entries of every other (``ordered-by system``) list are
sorted: units by number, interfaces by FPC, PIC and port before the other interfaces (a real MX
shows ``xe-0/0/0`` before ``ge-1/0/9`` and ``lo0`` after both), names and addresses part by part,
numbers numerically.

Juniper's YANG does not carry the CLI's order of a container's statements (a real router shows
``rsvp``, ``mpls``, ``ospf``, ``ldp``, ``l2circuit`` under ``protocols``; the YANG lists them in
another order): ``display_order.yml`` holds that order where real output shows it; elsewhere the
statements of a container keep the order they were entered in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml

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


@cache
def _display_order() -> dict[tuple[str, ...], list[str]]:
    raw = yaml.safe_load(resources.files(__package__).joinpath("display_order.yml").read_text())
    return {tuple(k.split()): list(v) for k, v in raw.items()}


def _statement_order(snode: SNode) -> list[str]:
    names: list[str] = []
    n: SNode | None = snode
    while n is not None and n.name:
        names.insert(0, n.name)
        n = n.parent
    for path, order in _display_order().items():
        if tuple(names[-len(path):]) == path:
            return order
    return []


def ordered(node: JNode, snode: SNode | None) -> Iterable[tuple[str, JNode]]:
    """``node``'s children in the order Junos shows them (``snode``: ``node``'s schema node): the
    statements in ``display_order.yml`` order where it has the container, the entries of each
    ``ordered-by system`` list sorted in the places those entries hold."""
    items = list(node.children.items())
    if snode is None or len(items) < 2:
        return items
    schema = [descend(snode, key) for key, _ in items]
    order = _statement_order(snode)
    if order:
        def rank(i: int) -> tuple[int, int]:
            sc = schema[i]
            return (order.index(sc.name) if sc is not None and sc.name in order else len(order), i)
        places = sorted(range(len(items)), key=rank)
        items, schema = [items[i] for i in places], [schema[i] for i in places]
    lists: dict[str, list[int]] = {}
    for i, sc in enumerate(schema):
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
