"""What the toolkit owns on a NetIron device: objects named by the ``objects``/``containers``
rules in ``hier_rules.yml`` (an LSP, a VPLS, a ve, one line of a physical port, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

from mpls_interop.vendors.netiron import confdiff
from mpls_interop.vendors.netiron.linetree import Node, parse_tree

Lineage = tuple[str, ...]
SEP = " > "


@cache
def _rules(patterns_name: str) -> tuple[tuple[re.Pattern[str], ...], ...]:
    return tuple(confdiff._patterns(path) for path in confdiff.rules().raw.get(patterns_name, []))


@cache
def _rules_of_depth(patterns_name: str, depth: int) -> tuple[tuple[re.Pattern[str], ...], ...]:
    """The rules whose path has ``depth`` levels (the only ones a lineage that deep can match)."""
    return tuple(p for p in _rules(patterns_name) if len(p) == depth)


@lru_cache(maxsize=1 << 16)
def _key(patterns_name: str, lineage: Lineage, exact: bool) -> str | None:
    """Memoised: every device of a generated network has the same lineages many times over."""
    for n in range(1, len(lineage) + 1):
        if exact and n != len(lineage):
            continue
        head = lineage[:n]
        for pats in _rules_of_depth(patterns_name, n):
            found = confdiff._matches(pats, head)
            if found is not None:
                return SEP.join((*head[:-1], found[-1].group(0).strip()))
    return None


def object_key(lineage: Lineage) -> str | None:
    """The object a line belongs to (the line itself or a section above it)."""
    return _key("objects", lineage, exact=False)


def canonical(key: str) -> str:
    """A recorded object name as this version names it (a record written when each address of a
    port was its own object names the port's address object)."""
    return object_key(tuple(key.split(SEP))) or key


#: objects an older version owned whole and this one owns line by line under a container
_WHOLE_BEFORE = re.compile(r"^interface loopback \d+$")


def migrate(keys: set[str], present: Iterable[str]) -> set[str]:
    """A record's keys as this version names them. A loopback recorded whole (before its lines
    were objects of their own) owns the lines it covered then: its lines on the device now."""
    out = {canonical(k) for k in keys}
    for key in [k for k in out if _WHOLE_BEFORE.match(k)]:
        if not any(k.startswith(key + SEP) for k in out):  # recorded by the older version
            out.update(k for k in present if k.startswith(key + SEP))
    return out


def container_key(lineage: Lineage) -> str | None:
    return _key("containers", lineage, exact=True)


def is_container(key: str) -> bool:
    """A shared block (``router mpls``): never a conflict, removed only when empty."""
    return container_key(tuple(key.split(SEP))) == key


def _walk(node: Node, ctx: Lineage) -> Iterator[tuple[Lineage, Node]]:
    for line, child in node.children.items():
        lineage = (*ctx, line)
        yield lineage, child
        yield from _walk(child, lineage)


#: config texts whose objects are kept: the running and desired texts of a fleet of 512 devices
#: (a deployment asks for them in its inspect phase and again in staging; 64 kept were evicted
#: by the rest of a fleet of 200 before staging asked)
TEXTS_KEPT = 1024


def objects(text: str) -> dict[str, str]:
    """Object identity → its content (the lines under it, normalised), for a config text."""
    return dict(_objects(text))


@lru_cache(maxsize=TEXTS_KEPT)
def _objects(text: str) -> dict[str, str]:
    """Memoised per text (a deployment reads the same desired and running texts several times);
    :func:`objects` hands out copies."""
    out: dict[str, list[str]] = {}
    for lineage, _node in _walk(parse_tree(text), ()):
        key = object_key(lineage) or container_key(lineage)
        if key is not None:
            out.setdefault(key, []).append(SEP.join(lineage))
    return {k: "\n".join(sorted(v)) for k, v in out.items()}


def scope(owned: set[str]) -> confdiff.Scope:
    """Removal scope: a line may go when its object (or, for a container, itself) is owned."""

    def allowed(lineage: Lineage) -> bool:
        return object_key(lineage) in owned or container_key(lineage) in owned

    return allowed
