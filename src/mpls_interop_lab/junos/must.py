"""Junos commit-time constraints: the ``junos:must`` expressions of Juniper's YANG, evaluated.

An expression combines quoted CLI paths with ``!``, ``&&``, ``||``, parentheses, ``any``,
``unique`` and ``all``. A path starting with ``..`` is relative to the constrained statement
(``.`` itself), else absolute; ``$$`` is the statement's own value or key, ``${list}`` the key of
the enclosing ``list`` entry, ``$$-IFL`` a logical interface as ``IFD unit N``, ``X$$={v}`` the
literal ``v``, ``<glob>`` a key pattern. ``family inet`` counts as two levels (the YANG's family
container, then inet) and ``..`` from a list's key leaf is the entry itself. A path holds when the
configuration has it (with the given value for a leaf); a keyword the schema does not have at
that place cannot be configured, so such a path is absent. Anything else this evaluator cannot
read makes the whole expression count as holding (never a false refusal).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

from mpls_interop_lab.junos.errors import RpcErrorInfo
from mpls_interop_lab.junos.keywords import Step, Word, body, descend, resolve, root_node
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError, label
from mpls_interop_lab.junos.yang import SNode

_TOKEN = re.compile(r'\s*(\(|\)|!|&&|\|\||"(?:[^"\\]|\\.)*"|any\b|unique\b|all\b)')


class _Unreadable(Exception):
    """The expression (or one of its paths) is outside what this evaluator reads."""


@dataclass
class _Ctx:
    root: JNode
    path: list[str]  # tree keys of the constrained node
    node: JNode


@lru_cache(maxsize=4096)
def _tokens(expr: str) -> list[str]:
    """Memoised (the schema's expressions are few, evaluated at every statement on every commit):
    callers only read the list."""
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None:
            raise _Unreadable(expr)
        out.append(m.group(1))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    return out


def _own_value(ctx: _Ctx) -> str:
    if ctx.node.value is not None:
        return ctx.node.value
    return ctx.node.name  # a list entry's key (for the musts of its key leaf too)


def _list_key(ctx: _Ctx, name: str) -> str:
    node = root_node()
    found: str | None = None
    for key in ctx.path:
        if key == KEY_LEAF:
            break
        child = descend(node, key)
        if child is None:
            break
        if child.kind == "l" and child.name == name:
            found = key if child.keywordless else key.split(" ", 1)[1]
        node = body(child)
    if found is None:
        raise _Unreadable(name)
    return found


KEY_LEAF = "\x00key"  # the key leaf inside a list entry: ``..`` from it is the entry


def _levels(path: list[str]) -> list[tuple[str, str | None]]:
    """The schema levels of a tree path: ``family inet`` is two (the family container, then
    inet); each level names the tree key that ends there (None: inside a collapsed key)."""
    out: list[tuple[str, str | None]] = []
    for key in path:
        if key.startswith("family "):
            out.append((key, None))
        out.append((key, key))
    return out


def _words(text: str, ctx: _Ctx) -> tuple[list[str], list[str]]:
    """(base path, words) of one quoted CLI path."""
    words = text.split()
    prefix: list[str] = []
    if words and words[0] in ("..", "."):
        levels = _levels(ctx.path)
        while words and words[0] in ("..", "."):
            if words[0] == "..":
                levels = levels[:-1]
            words = words[1:]
        keys = [k for k, end in levels if end is not None]
        base = [k for k in keys if k != KEY_LEAF]
        if levels and levels[-1][1] is None:  # at the family container: `.. mpls` → family mpls
            prefix = ["family"]
    else:
        base = []
    out: list[str] = list(prefix)
    for w in words:
        if w == "$$-IFL":  # the interface device and unit of a logical interface name
            ifd, _, unit = _own_value(ctx).partition(".")
            out.extend([ifd, "unit", unit or "0"])
            continue
        w = w.replace("$$={", "{")
        if w.startswith("{") and w.endswith("}"):
            w = w[1:-1]
        w = w.replace("$$", _own_value(ctx))
        w = re.sub(r"\$\{([\w-]+)\}", lambda m: _list_key(ctx, m.group(1)), w)
        out.append(w)
    return base, out


#: ``_steps`` of a path this evaluator cannot read
_UNREADABLE: tuple[Step, ...] = (Step(key="<unreadable>"),)


@lru_cache(maxsize=1 << 14)
def _steps(words: tuple[str, ...], base: tuple[str, ...], text: str) -> tuple[Step, ...] | None:
    """The schema steps of a path (memoised: the schema does not change): None when the schema
    has no such statement there, ``_UNREADABLE`` when the path cannot be read."""
    try:
        steps = resolve([Word(w) for w in words], list(base), block=False, partial=True)
    except JunosSyntaxError as exc:
        literal = [w for w in text.split() if "$" not in w and "<" not in w]
        if exc.message == "syntax error" and exc.statement in literal:
            return None
        return _UNREADABLE
    return tuple(steps)


def _matches(ctx: _Ctx, text: str) -> list[JNode]:
    base, words = _words(text, ctx)
    if not words:
        node = ctx.root.get(*base)
        return [node] if node is not None else []
    steps = _steps(tuple(words), tuple(base), text)
    if steps is None:
        return []  # no such statement at that place in this schema: it cannot be configured
    if steps is _UNREADABLE:
        raise _Unreadable(text)
    nodes = [n for n in [ctx.root.get(*base)] if n is not None]
    for st in steps:
        key = st.key
        nxt: list[JNode] = []
        for node in nodes:
            if "<" in key and ">" in key:
                pattern = re.sub(r"<([^>]*)>", r"\1", key)
                nxt.extend(c for k, c in node.children.items() if fnmatch.fnmatchcase(k, pattern))
                continue
            child = node.children.get(key)
            if child is None:
                continue
            if st.leaf and st.value is not None and child.value is not None:
                values = child.value.strip("[] ").split() if st.multi else [child.value]
                if st.value not in [v.strip('"') for v in values]:
                    continue
            nxt.append(child)
        nodes = [n for n in nxt if not n.inactive]
    return nodes


class _Parser:
    def __init__(self, tokens: list[str], ctx: _Ctx) -> None:
        self.toks = tokens
        self.pos = 0
        self.ctx = ctx

    def peek(self) -> str | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> str:
        if self.pos >= len(self.toks):
            raise _Unreadable("end")
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def expr(self) -> bool:
        value = self.term()
        while self.peek() == "||":
            self.take()
            rhs = self.term()
            value = value or rhs
        return value

    def term(self) -> bool:
        value = self.factor()
        while self.peek() == "&&":
            self.take()
            rhs = self.factor()
            value = value and rhs
        return value

    def factor(self) -> bool:
        tok = self.take()
        if tok == "!":
            return not self.factor()
        if tok == "(":
            value = self.expr()
            if self.take() != ")":
                raise _Unreadable(")")
            return value
        if tok in ("any", "all"):
            return bool(_matches(self.ctx, self.take()[1:-1]))
        if tok == "unique":
            return len(_matches(self.ctx, self.take()[1:-1])) <= 1
        if tok.startswith('"'):
            return bool(_matches(self.ctx, tok[1:-1]))
        raise _Unreadable(tok)


def holds(expr: str, root: JNode, path: list[str], node: JNode,
          unreadable: list[str] | None = None) -> bool:
    """Whether ``expr`` holds for ``node`` at ``path`` (unreadable expressions hold, and are
    added to ``unreadable`` when given)."""
    try:
        parser = _Parser(_tokens(expr), _Ctx(root, path, node))
        value = parser.expr()
        if parser.peek() is not None:
            raise _Unreadable(expr)
        return value
    except _Unreadable:
        if unreadable is not None:
            unreadable.append(expr)
        return True


def _edit_path(keys: list[str]) -> str:
    return "[edit" + "".join(" " + label(k) for k in keys) + "]"


def must_errors(root: JNode, unreadable: list[str] | None = None) -> list[RpcErrorInfo]:
    """Every ``junos:must`` the (active) configuration breaks, as commit-check errors;
    ``unreadable`` collects the expressions that could not be evaluated."""
    errors: list[RpcErrorInfo] = []

    def walk(node: JNode, snode: SNode, path: list[str]) -> None:
        for key, child in node.children.items():
            sc = descend(snode, key)
            if sc is None:
                continue
            here = path + [key]
            for expr, message in sc.musts:
                if not holds(expr, root, here, child, unreadable):
                    errors.append(RpcErrorInfo(
                        message=message or f"statement constraint check failed: {expr}",
                        path=_edit_path(path),
                        bad_element=label(key) if child.value is None else child.keyword,
                    ))
            if sc.kind == "l":
                leaf = sc.key_leaf
                if leaf is not None:
                    for expr, message in leaf.musts:
                        if not holds(expr, root, here + [KEY_LEAF], child, unreadable):
                            errors.append(RpcErrorInfo(
                                message=message or f"statement constraint check failed: {expr}",
                                path=_edit_path(path), bad_element=label(key),
                            ))
            walk(child, body(sc), here)

    walk(root, root_node(), [])
    return errors
