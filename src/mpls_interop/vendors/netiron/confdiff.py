"""NetIron change engine: running config → desired config as ordered CLI operations.

NetIron has no candidate configuration, so the toolkit computes the change itself:

* ``hier_config`` parses both configs and compares them, with a NetIron rules driver built from
  ``hier_rules.yml`` (single-valued settings, how a line is negated);
* every difference becomes an :class:`Op` (add / modify / remove one line, in its sub-mode);
  removals are made at leaf level (a physical port's block is never deleted, only its lines),
  except for objects deleted whole (LSP, path, VLL, VPLS);
* the operations are ordered by their dependencies (``refs`` in the rules: create referents
  before references, delete references before referents), an LSP whose parameters change is
  disabled first and enabled again last, and the CLI lines navigate the sub-modes with ``exit``.

Rollback is the same computation from the changed config back to the saved one.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml
from hier_config import HConfig, HConfigChild
from hier_config.models import (
    IdempotentCommandsRule,
    MatchRule,
    NegationDefaultWithRule,
    NegationSubRule,
    PerLineSubRule,
)
from hier_config.platforms.driver_base import HConfigDriverBase, HConfigDriverRules

from mpls_interop.vendors.netiron.linetree import Node, parse_tree

__all__ = ["Node", "Op", "changes", "commands", "diff_text", "order", "parse", "parse_tree"]

RULES_FILE = Path(__file__).with_name("hier_rules.yml")

Lineage = tuple[str, ...]
#: decides whether a line only the device has may be removed (lineage of the line)
Scope = Callable[[Lineage], bool]


# ---------------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    path: tuple[re.Pattern[str], ...]
    gives: str | None = None
    needs: str | None = None
    by_value: bool = False
    #: "add" / "remove": the dependency holds only when creating / deleting
    when: str | None = None


@dataclass(frozen=True)
class Rules:
    raw: dict[str, Any]
    modes: tuple[tuple[re.Pattern[str], ...], ...]
    permanent: tuple[tuple[re.Pattern[str], ...], ...]
    whole: tuple[tuple[re.Pattern[str], ...], ...]
    refs: tuple[Ref, ...]
    disable_to_change: tuple[dict[str, Any], ...]
    add_before_remove: tuple[tuple[re.Pattern[str], ...], ...] = ()


def _patterns(path: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in path)


def _matches(path: tuple[re.Pattern[str], ...], lineage: Lineage) -> tuple[re.Match[str], ...] | None:
    """Each level's match of ``path`` against ``lineage`` (None: no match). Paths of another
    depth never match (checked before the memo: no hashing of the two tuples)."""
    if len(path) != len(lineage):
        return None
    return _matches_memo(path, lineage)


@lru_cache(maxsize=1 << 16)
def _matches_memo(path: tuple[re.Pattern[str], ...], lineage: Lineage) -> tuple[re.Match[str], ...] | None:
    """Memoised: the rules are fixed and the same lineages are matched by several passes;
    results are read-only."""
    found = []
    for pat, text in zip(path, lineage, strict=True):
        m = pat.search(text)
        if m is None:
            return None
        found.append(m)
    return tuple(found)


def _any(paths: tuple[tuple[re.Pattern[str], ...], ...], lineage: Lineage) -> bool:
    return any(_matches_memo(p, lineage) is not None for p in _of_depth(paths, len(lineage)))


@lru_cache(maxsize=64)
def _of_depth(paths: tuple[tuple[re.Pattern[str], ...], ...], depth: int) -> tuple[tuple[re.Pattern[str], ...], ...]:
    """The paths that have ``depth`` levels (the rules' tuples are few and fixed)."""
    return tuple(p for p in paths if len(p) == depth)


@cache
def rules() -> Rules:
    """The rules of ``hier_rules.yml``, compiled once (the driver builds them before its workers
    start: concurrent first calls would each build them)."""
    raw = yaml.load(RULES_FILE.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Rules(
        raw=raw,
        modes=tuple(_patterns(p) for p in raw["modes"]),
        permanent=tuple(_patterns(p) for p in raw["permanent"]),
        whole=tuple(_patterns(p) for p in raw["whole"]),
        refs=tuple(
            Ref(_patterns(r["path"]), r.get("gives"), r.get("needs"), bool(r.get("by_value")),
                r.get("when"))
            for r in raw["refs"]
        ),
        disable_to_change=tuple(
            {**d, "path": _patterns(d["path"])} for d in raw.get("disable_to_change", [])
        ),
        add_before_remove=tuple(_patterns(p) for p in raw.get("add_before_remove", [])),
    )


def _match_rules(path: Iterable[str]) -> tuple[MatchRule, ...]:
    return tuple(MatchRule(re_search=p) for p in path)


class NetIronHConfigDriver(HConfigDriverBase):
    """hier_config driver for NetIron, built from ``hier_rules.yml``."""

    @staticmethod
    def _instantiate_rules() -> HConfigDriverRules:
        raw = rules().raw
        return HConfigDriverRules(
            indentation=raw.get("indentation", 1),
            per_line_sub=[PerLineSubRule(search=p, replace="") for p in raw["ignore"]],
            idempotent_commands=[
                IdempotentCommandsRule(match_rules=_match_rules(p)) for p in raw["single_valued"]
            ],
            negate_with=[
                NegationDefaultWithRule(match_rules=_match_rules(r["path"]), use=r["use"])
                for r in raw["negate_with"]
            ],
            negation_sub=[
                NegationSubRule(match_rules=_match_rules(r["path"]), search=r["search"], replace=r["replace"])
                for r in raw["negate_sub"]
            ],
        )


@cache
def driver() -> NetIronHConfigDriver:
    return NetIronHConfigDriver()


def parse(text: str) -> HConfig:
    """A NetIron config (running config or rendered lines) as a hier_config tree.

    Indentation gives the structure (one space a level, deeper steps as shown by real MLX
    configs are fine); ``!`` ends a top-level block; a block shown twice is merged, as the
    device does.
    """
    ignore = [re.compile(p) for p in rules().raw["ignore"]]
    root = HConfig(driver())
    stack: list[tuple[int, HConfig | HConfigChild]] = [(-1, root)]
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("!"):
            stack = [(-1, root)]
            continue
        if not stripped or any(p.match(raw) for p in ignore):
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        while stack[-1][0] >= depth:
            stack.pop()
        node = stack[-1][1].add_child(" ".join(stripped.split()), return_if_present=True)
        stack.append((depth, node))
    return root


# ---------------------------------------------------------------------------------------------
# operations
# ---------------------------------------------------------------------------------------------


@dataclass
class Op:
    """One change: ``line`` added / modified / removed in the sub-mode ``context``."""

    context: Lineage
    line: str
    action: str  # "add" | "modify" | "remove"
    #: the CLI line sent (the negation for a removal)
    command: str = ""
    #: the value replaced by a modification
    old: str | None = None
    #: for a removal of a whole object, or a modification: every line that goes away
    removed: tuple[Lineage, ...] = ()
    synthetic: bool = False
    order: int = 0
    after: set[int] = field(default_factory=set)

    @property
    def lineage(self) -> Lineage:
        return (*self.context, self.line)

    @property
    def remove(self) -> bool:  # compatibility with the earlier engine's Change
        return self.action == "remove"

    def as_dict(self) -> dict[str, Any]:
        return {"context": list(self.context), "line": self.line, "action": self.action,
                "command": self.command, **({"old": self.old} if self.old else {})}


def _lineage(node: HConfigChild) -> Lineage:
    return tuple(n.text for n in node.lineage())


def _negation(node: HConfigChild) -> str:
    """The line that undoes ``node`` (driver rules: ``disable``, ``no vll NAME``, ``no LINE``)."""
    parent: HConfig | HConfigChild = HConfig(driver())
    for text in _lineage(node)[:-1]:
        parent = parent.add_child(text)
    return parent.add_child(node.text).negate().text


def _opens_mode(lineage: Lineage, has_children: bool) -> bool:
    return has_children or _any(rules().modes, lineage)


def changes(current: HConfig, desired: HConfig, prune_top_level: bool = False,
            scope: Scope | None = None) -> list[Op]:
    """Ordered operations turning ``current`` into ``desired``.

    A line only the device has is removed when ``scope(lineage)`` says the toolkit owns it. The
    default scope owns everything inside the top-level blocks ``desired`` also has, and the top
    level itself only with ``prune_top_level`` (used to return to a saved config exactly).
    """
    if scope is None:
        top = {c.text for c in desired.children}

        def scope(lineage: Lineage) -> bool:
            return prune_top_level or (len(lineage) > 1 and lineage[0] in top)

    ops: list[Op] = []
    _walk(current, desired, (), scope, ops)
    _wrap_disabled_changes(current, desired, ops)
    return order(ops)


def _renamed(node: HConfigChild, ctx: Lineage, others: Iterable[HConfigChild]) -> HConfigChild | None:
    """The section in ``others`` that is ``node`` under another header (``renamable`` rules)."""
    for path in rules().raw.get("renamable", []):
        pats = _patterns(path)
        mine = _matches(pats, (*ctx, node.text))
        if mine is None:
            continue
        for o in others:
            theirs = _matches(pats, (*ctx, o.text))
            if theirs is not None and theirs[-1].group(0) == mine[-1].group(0) and o.text != node.text:
                return o
    return None


def _walk(cur: HConfig | HConfigChild, want: HConfig | HConfigChild, ctx: Lineage, scope: Scope,
          ops: list[Op]) -> None:
    for c in cur.children:
        if c.text in want.children or _renamed(c, ctx, want.children) is not None:
            continue
        replaced = c.is_idempotent_command(want.children)
        if replaced:
            continue  # the desired value is set by a modification below
        if scope((*ctx, c.text)):
            _remove(c, ctx, ops, scope)
        elif c.children:
            _remove_owned_lines(c, (*ctx, c.text), ops, scope)
    for w in want.children:
        c = cur.children.get(w.text)
        if c is None and (old_section := _renamed(w, ctx, cur.children)) is not None:
            ops.append(Op(ctx, w.text, "modify", w.text, old=old_section.text))
            _walk(old_section, w, (*ctx, w.text), scope, ops)
            continue
        if c is None:
            old = w.is_idempotent_command(cur.children) and driver().idempotent_for(w, cur.children)
            if old:
                ops.append(Op(ctx, w.text, "modify", w.text, old=old.text,
                              removed=tuple(_lineage(n) for n in [old, *old.all_children()])))
                # what was under the old value goes with it (secondary-path options)
                for child in w.children:
                    _add(child, (*ctx, w.text), ops)
            else:
                _add(w, ctx, ops)
        else:
            _walk(c, w, (*ctx, w.text), scope, ops)


def _add(node: HConfigChild, ctx: Lineage, ops: list[Op]) -> None:
    ops.append(Op(ctx, node.text, "add", node.text))
    for child in node.children:
        _add(child, (*ctx, node.text), ops)


def _remove_owned_lines(node: HConfigChild, lineage: Lineage, ops: list[Op], scope: Scope) -> None:
    """A section the desired config no longer has and the toolkit does not own as a whole (a
    physical port): the lines in it that the toolkit owns go, the rest stays."""
    for child in node.children:
        if scope((*lineage, child.text)):
            _remove(child, lineage, ops, scope)
        elif child.children:
            _remove_owned_lines(child, (*lineage, child.text), ops, scope)


def _remove(node: HConfigChild, ctx: Lineage, ops: list[Op], scope: Scope) -> bool:
    """Negate ``node``: whole for a leaf or an object deleted whole, else line by line and then
    its header (unless it is permanent, or something the toolkit does not own stays in it).
    True when the whole block went."""
    lineage = (*ctx, node.text)
    r = rules()
    if not node.children or _any(r.whole, lineage):
        ops.append(Op(ctx, node.text, "remove", _negation(node),
                      removed=tuple(_lineage(n) for n in [node, *node.all_children()])))
        return True
    gone = [_remove(c, lineage, ops, scope) for c in node.children if scope((*lineage, c.text))]
    if len(gone) == len(node.children) and all(gone) and not _any(r.permanent, lineage):
        ops.append(Op(ctx, node.text, "remove", _negation(node), removed=(lineage,)))
        return True
    return False


def _wrap_disabled_changes(current: HConfig, desired: HConfig, ops: list[Op]) -> None:
    """An enabled object (LSP) whose parameters change: ``disable`` first, ``enable`` last."""
    for rule in rules().disable_to_change:
        touched: dict[Lineage, list[Op]] = {}
        depth = len(rule["path"])  # only a head this deep can match the rule's path
        for op in ops:
            lineage = op.lineage
            if len(lineage) > depth:
                head = lineage[:depth]
                if _matches(rule["path"], head) is not None:
                    touched.setdefault(head, []).append(op)
        for head, inner in touched.items():
            cur = _find(current, head)
            want = _find(desired, head)
            enabled = rule["enabled"]
            if cur is None or want is None or enabled not in cur.children:
                continue
            inner = [o for o in inner if o.lineage != (*head, enabled)]
            if not inner:
                continue
            off = Op(head, rule["disable"], "modify", rule["disable"], synthetic=True)
            ops.append(off)
            for o in inner:
                o.after.add(id(off))
            if enabled in want.children:
                on = Op(head, enabled, "modify", enabled, synthetic=True)
                on.after.update(id(o) for o in [off, *inner])
                ops.append(on)


def _find(root: HConfig, lineage: Lineage) -> HConfig | HConfigChild | None:
    node: HConfig | HConfigChild | None = root
    for text in lineage:
        if node is None:
            return None
        node = node.children.get(text)
    return node


# ---------------------------------------------------------------------------------------------
# ordering
# ---------------------------------------------------------------------------------------------


@cache
def _refs_of_depth(depth: int) -> tuple[Ref, ...]:
    """The references whose path has ``depth`` levels (the only ones a lineage that deep can
    match), in the rules' order."""
    return tuple(ref for ref in rules().refs if len(ref.path) == depth)


@lru_cache(maxsize=1 << 16)
def _keys(lineage: Lineage, kind: str, when: str | None = None) -> tuple[tuple[str, Ref, re.Match[str]], ...]:
    """Memoised (the same lineages recur across devices and passes); read-only results."""
    out = []
    for ref in _refs_of_depth(len(lineage)):
        key = getattr(ref, kind)
        if key is None or (when is not None and ref.when not in (None, when)):
            continue
        found = _matches(ref.path, lineage)
        if found is not None:
            # \1, \2 ... number the groups of all levels, outermost first
            groups = [g or "" for m in found for g in m.groups()]
            name = re.sub(r"\\(\d+)", lambda g, groups=groups: groups[int(g.group(1)) - 1], key)
            out.append((name, ref, found[-1]))
    return tuple(out)


def _direction(op: Op) -> str:
    """"up" when the op creates (or raises) what it gives, "down" when it removes (or lowers) it."""
    if op.action == "remove":
        return "down"
    if op.action == "modify" and op.old is not None:
        for _key, ref, m in _keys(op.lineage, "gives"):
            if ref.by_value:
                old = _matches(ref.path, (*op.context, op.old))
                if old is not None and int(m.group(1)) < int(old[-1].group(1)):
                    return "down"
    return "up"


def order(ops: list[Op]) -> list[Op]:
    """Operations sorted by dependency; among those ready, removals first, then the
    order of the configs (stable)."""
    for i, op in enumerate(ops):
        op.order = i
    index = {id(op): op for op in ops}
    edges: dict[int, set[int]] = {id(op): set() for op in ops}  # op -> ops that must come before

    def before(a: Op, b: Op) -> None:
        if a is not b:
            edges[id(b)].add(id(a))

    for op in ops:
        for prior in op.after:
            edges[id(op)].add(prior)

    # sub-modes: a section is created before what goes in it, and deleted after
    headers_added = {op.lineage: op for op in ops if op.action == "add"}
    headers_removed = {op.lineage: op for op in ops if op.action == "remove"}
    for op in ops:
        for n in range(1, len(op.context) + 1):
            head = op.context[:n]
            if op.action != "remove" and head in headers_added:
                before(headers_added[head], op)
            if op.action == "remove" and head in headers_removed:
                before(op, headers_removed[head])

    # a new value before the old one goes (``add_before_remove``: a port is never left without
    # an address)
    for path in rules().add_before_remove:
        adds = [op for op in ops if op.action != "remove" and _matches(path, op.lineage)]
        for gone in (op for op in ops if op.action == "remove" and _matches(path, op.lineage)):
            for new in adds:
                if new.context == gone.context:
                    before(new, gone)

    # references
    gives_up: dict[str, list[Op]] = {}
    gives_down: dict[str, list[Op]] = {}
    needs_new: dict[str, list[Op]] = {}
    needs_old: dict[str, list[Op]] = {}
    for op in ops:
        direction = _direction(op)
        gone = op.removed if op.action == "remove" else ()
        lineages_now = [] if op.action == "remove" else [op.lineage]
        lineages_old = list(gone)
        if op.action == "modify" and op.old is not None:
            lineages_old.append((*op.context, op.old))
        now_when = "add" if direction == "up" else "remove"
        for lin in lineages_now:
            for key, _ref, _m in _keys(lin, "gives", now_when):
                (gives_up if direction == "up" else gives_down).setdefault(key, []).append(op)
            for key, _ref, _m in _keys(lin, "needs", now_when):
                needs_new.setdefault(key, []).append(op)
        for lin in lineages_old:
            for key, _ref, _m in _keys(lin, "gives", "remove"):
                if op.action == "remove":
                    gives_down.setdefault(key, []).append(op)
            for key, _ref, _m in _keys(lin, "needs", "remove"):
                needs_old.setdefault(key, []).append(op)
    for key, givers in gives_up.items():
        for g in givers:
            for n in needs_new.get(key, []):
                before(g, n)
    for key, givers in gives_down.items():
        for g in givers:
            for n in needs_old.get(key, []) + [o for o in needs_new.get(key, []) if o.action == "modify"]:
                before(n, g)

    # Kahn's algorithm, removals first among the ready operations
    waiting = {k: set(v) for k, v in edges.items()}
    users: dict[int, list[int]] = {k: [] for k in edges}
    for k, v in edges.items():
        for dep in v:
            users[dep].append(k)

    def prio(op: Op) -> tuple[int, int]:
        return (0 if _direction(op) == "down" else 1, op.order)

    ready = [(prio(index[k]), k) for k, v in waiting.items() if not v]
    heapq.heapify(ready)
    out: list[Op] = []
    while ready:
        _, k = heapq.heappop(ready)
        out.append(index[k])
        for u in users[k]:
            waiting[u].discard(k)
            if not waiting[u]:
                heapq.heappush(ready, (prio(index[u]), u))
    if len(out) != len(ops):
        stuck = [index[k] for k, v in waiting.items() if v]
        raise ValueError("circular dependency between changes: "
                         + ", ".join(" > ".join(o.lineage) for o in stuck[:4]))
    return out


# ---------------------------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------------------------


def commands(ops: list[Op]) -> list[str]:
    """CLI lines for the operations, entering and leaving sub-modes with ``exit``."""
    out: list[str] = []
    ctx: list[str] = []
    for op in ops:
        target = list(op.context)
        common = 0
        while common < min(len(ctx), len(target)) and ctx[common] == target[common]:
            common += 1
        out.extend("exit" for _ in range(len(ctx) - common))
        ctx = ctx[:common]
        for line in target[common:]:
            out.append(line)
            ctx.append(line)
        out.append(op.command)
        if op.action != "remove" and _opens_mode(op.lineage, False):
            ctx.append(op.line)
    return out


def negate(line: str) -> str:
    """``no LINE`` (``enable`` ↔ ``disable``) for a top-level line."""
    if line == "enable":
        return "disable"
    if line == "disable":
        return "enable"
    return line[3:] if line.startswith("no ") else f"no {line}"


def diff_text(ops: list[Op]) -> str:
    """The ordered operations, one a line: ``+`` create, ``~`` modify (``was`` the old value;
    an LSP's ``disable``/``enable`` around its changes), ``-`` delete."""
    lines = []
    for op in ops:
        where = " > ".join(op.context)
        sign = {"add": "+", "modify": "~", "remove": "-"}[op.action]
        was = f"  (was: {op.old})" if op.old else ""
        lines.append(f"{sign} {where + ' > ' if where else ''}{op.line}{was}")
    return "\n".join(lines)
