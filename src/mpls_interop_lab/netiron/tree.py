"""The running configuration as a tree of canonical lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

_MISSING = object()
#: how many changes any configuration tree has had (a line added, removed or rewritten); the
#: CLI compares it around a line to tell whether the line changed the configuration
_changes = [0]


def changes() -> int:
    return _changes[0]


def touch() -> None:
    """Count a change made in place (``children.append``/``insert``)."""
    _changes[0] += 1


@dataclass(eq=False)
class CNode:
    """One configuration line and the block under it (``line == ""`` for the root). Setting
    ``line`` or ``children`` to another value counts as a change (see :func:`changes`)."""

    line: str
    children: list[CNode] = field(default_factory=list)
    #: config mode the block opens ("interface", "vpls", ...); "" for a plain setting
    kind: str = ""
    #: identity among its siblings: "ip mtu" for a single-valued setting, "vpls v40" for a VPLS,
    #: the whole line for repeatable ones
    key: str = ""
    #: display rank of a line kept verbatim (it takes the rank of the line before it)
    rank: tuple[int, ...] | None = None
    #: an adaptive LSP changed while up: the instance still signalled (None: the config is)
    signalled: CNode | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("line", "children"):
            old = self.__dict__.get(name, _MISSING)
            if old is not _MISSING and old != value:
                _changes[0] += 1
        object.__setattr__(self, name, value)

    def find(self, prefix: str) -> list[CNode]:
        """Direct children whose line is ``prefix`` or starts with ``prefix + " "``."""
        return [c for c in self.children if c.line == prefix or c.line.startswith(prefix + " ")]

    def first(self, prefix: str) -> CNode | None:
        found = self.find(prefix)
        return found[0] if found else None

    def words(self) -> list[str]:
        return self.line.split()

    def child(self, key: str) -> CNode | None:
        return next((c for c in self.children if c.key == key), None)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, CNode]]:
        """Every node below this one, depth first, with its depth (children of root: 0)."""
        for c in self.children:
            yield depth, c
            yield from c.walk(depth + 1)

    def clone(self) -> CNode:
        return CNode(self.line, [c.clone() for c in self.children], self.kind, self.key, self.rank)


Rank = Callable[[CNode], tuple[int, ...]]
#: a rank after every other: lines loaded from a saved config keep the order they come in
LAST: tuple[int, ...] = (1 << 30,)


def insert(parent: CNode, node: CNode, rank: Rank) -> CNode:
    """Add ``node`` after the last sibling that ranks at or before it (NetIron's display order)."""
    r = rank(node)
    pos = len(parent.children)
    for i in range(len(parent.children) - 1, -1, -1):
        if rank(parent.children[i]) <= r:
            pos = i + 1
            break
    else:
        pos = 0
    parent.children.insert(pos, node)
    touch()
    return node


def upsert(parent: CNode, key: str, line: str, rank: Rank, kind: str = "") -> CNode:
    """Set the child with ``key`` to ``line`` (its block is kept), creating it when absent."""
    node = parent.child(key)
    if node is not None:
        node.line = line
        return node
    return insert(parent, CNode(line, kind=kind, key=key), rank)


def remove(parent: CNode, key: str) -> bool:
    before = len(parent.children)
    parent.children = [c for c in parent.children if c.key != key]
    return len(parent.children) != before
