"""The Junos configuration tree node and the syntax error type.

A :class:`JNode` is one statement. Keying rules (the network model depends on them):

* children of ``interfaces`` / ``routing-instances`` (and a few other name lists) are keyed by the
  bare name: ``ge-1/0/0``, ``vpls-40``;
* keyed-list statements are keyed ``"keyword name"``: ``unit 1000``, ``family inet``,
  ``interface ge-1/0/0.1000``;
* single-valued leaves are keyed by the keyword, ``value`` holding the rest (unquoted);
* flags have ``value`` None and no children.
"""

from __future__ import annotations

import re

# Junos shows `user *`, `interfaces <ge-*>` and `interface all` bare; spaces, block and comment
# characters, quotes and `$` (secrets such as "$6$...") are quoted.
_NEEDS_QUOTES = re.compile(r'[\s;{}\[\]"\'#$!&|()\\]')


class JunosSyntaxError(ValueError):
    """A statement Junos would refuse to load, with Junos's wording.

    ``message`` is the Junos text (``syntax error, expecting ';' or '{'``), ``statement`` the
    offending statement or keyword, ``line`` the 1-based input line (None for XML without line
    information) and ``path`` the hierarchy the statement sits at (``[edit ...]`` form via
    :attr:`edit_path`).
    """

    def __init__(
        self,
        message: str,
        statement: str | None = None,
        line: int | None = None,
        path: list[str] | tuple[str, ...] | None = None,
        value: str | None = None,
    ) -> None:
        self.message = message
        self.statement = statement
        self.value = value
        self.line = line
        self.path = list(path or [])
        super().__init__(str(self))

    @property
    def errors(self) -> list[JunosSyntaxError]:
        """Every problem found (a load reports them all); this one alone by default."""
        return [self]

    @property
    def edit_path(self) -> str:
        return "[edit" + "".join(" " + p for p in self.path) + "]"

    def __str__(self) -> str:
        text = self.message
        if self.statement:
            text += f": {self.statement}"
            if self.value is not None:
                text += f" {self.value}"
        if self.line is not None:
            text += f" (line {self.line})"
        return text


class JunosLoadErrors(JunosSyntaxError):
    """Several statements refused in one load: Junos reports each, then the count."""

    def __init__(self, errors: list[JunosSyntaxError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.statement, first.line, first.path, first.value)
        self._all = list(errors)

    @property
    def errors(self) -> list[JunosSyntaxError]:
        return list(self._all)


def quote(value: str) -> str:
    """Junos quoting: plain when safe, else double quotes with backslash escapes."""
    if value.startswith("[") and value.endswith("]"):
        return value  # a bracket list, already in Junos form
    if value and not _NEEDS_QUOTES.search(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def label(key: str) -> str:
    """A node key as it is written in a statement (names quoted when needed)."""
    if " " in key:
        kw, name = key.split(" ", 1)
        return f"{kw} {quote(name)}"
    return quote(key)


class JNode:
    """One configuration statement; see the module docstring for the keying rules.

    ``inactive`` marks a deactivated statement (``inactive:``); ``op`` is a load tag carried by
    loaded patches only (``"replace"`` or ``"delete"``), never by stored configurations.
    Treat nodes reached through a :class:`~mpls_interop_lab.junos.config.JunosConfig` as read-only.
    """

    __slots__ = ("key", "value", "children", "inactive", "op")

    def __init__(
        self,
        key: str,
        value: str | None = None,
        children: dict[str, JNode] | None = None,
        inactive: bool = False,
        op: str | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.children: dict[str, JNode] = children if children is not None else {}
        self.inactive = inactive
        self.op = op

    # ---- reading -------------------------------------------------------------------------------
    def get(self, *path: str) -> JNode | None:
        node: JNode | None = self
        for key in path:
            if node is None:
                return None
            node = node.children.get(key)
        return node

    def value_of(self, *path: str, default: str | None = None) -> str | None:
        node = self.get(*path)
        if node is None or node.value is None:
            return default
        return node.value

    def has(self, *path: str) -> bool:
        return self.get(*path) is not None

    def items(self, prefix: str = "") -> list[tuple[str, JNode]]:
        return [(k, n) for k, n in self.children.items() if k.startswith(prefix)]

    @property
    def keyword(self) -> str:
        return self.key.split(" ", 1)[0]

    @property
    def name(self) -> str:
        """The name of a keyed-list entry (``unit 1000`` → ``1000``), else the key itself."""
        return self.key.split(" ", 1)[1] if " " in self.key else self.key

    # ---- copying and comparing -----------------------------------------------------------------
    def clone(self) -> JNode:
        return JNode(
            self.key,
            self.value,
            {k: c.clone() for k, c in self.children.items()},
            self.inactive,
            self.op,
        )

    def clean(self) -> JNode:
        """A copy without load tags; children tagged ``delete`` are dropped."""
        return JNode(
            self.key,
            self.value,
            {k: c.clean() for k, c in self.children.items() if c.op != "delete"},
            self.inactive,
            None,
        )

    def pruned(self) -> JNode:
        """A copy without inactive statements (what the device actually runs)."""
        return JNode(
            self.key,
            self.value,
            {k: c.pruned() for k, c in self.children.items() if not c.inactive},
            False,
            None,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JNode):
            return NotImplemented
        return (
            self.key == other.key
            and self.value == other.value
            and self.inactive == other.inactive
            and self.op == other.op
            and self.children == other.children
        )

    __hash__ = None  # type: ignore[assignment]

    def same(self, other: JNode) -> bool:
        """Equal and with every statement in the same order (``==`` ignores the order of
        children, which the order of commit-check messages follows)."""
        if (self.key != other.key or self.value != other.value or self.inactive != other.inactive
                or self.op != other.op or len(self.children) != len(other.children)):
            return False
        return all(a == b and ca.same(cb) for (a, ca), (b, cb) in zip(self.children.items(), other.children.items(), strict=True))

    def __repr__(self) -> str:
        extra = f" = {self.value!r}" if self.value is not None else ""
        kids = f" ({len(self.children)} children)" if self.children else ""
        return f"JNode({self.key!r}{extra}{kids})"
