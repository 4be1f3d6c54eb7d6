"""Juniper's Junos YANG, compiled: schema nodes and value checks for the emulated Junos.

The schema ships as package data (``schema/junos-<release>-conf.json.gz`` and ``-rpc``), built
from Juniper's published modules by ``tools/build_junos_schema.py``; nothing here reads YANG.
Groupings stay shared in the data, and :class:`SNode` resolves them lazily, so loading is fast.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

RELEASE = "23.4R1"
# Lists that carry a description but that the Junos CLI still types without their keyword
# (``path via-core { 192.0.2.2 loose; }``).
KEYWORDLESS = {("path", "path-list")}
_LOCK = threading.Lock()


class SNode:
    """One schema node: container (``c``), list (``l``), leaf (``f``) or leaf-list (``L``)."""

    __slots__ = ("raw", "schema", "name", "kind", "parent", "_children", "_data", "_excl")

    def __init__(self, raw: dict, schema: Schema, parent: SNode | None = None) -> None:
        self.raw = raw
        self.schema = schema
        self.name: str = raw.get("n", "")
        self.kind: str = raw.get("k", "c")
        self.parent = parent
        self._children: dict[str, SNode] | None = None
        self._data: dict[str, SNode] | None = None
        self._excl: dict[str, list[str]] = {}

    # ---- shape ----------------------------------------------------------------------------------
    def children(self) -> dict[str, SNode]:
        if self._children is None:
            kids: dict[str, SNode] = {}
            self._collect(self.raw, kids, None)
            self._children = kids
        return self._children

    def _collect(self, raw: dict, kids: dict[str, SNode], choice: tuple[str, str] | None) -> None:
        for c in raw.get("c", ()):
            node = SNode(c, self.schema, self)
            if choice and "ch" not in c:
                node.raw = {**c, "ch": choice[0], "cs": choice[1]}
            kids.setdefault(node.name, node)
        for u in raw.get("u", ()):
            if isinstance(u, list):
                self._collect(self.schema.groupings[u[0]], kids, (u[1], u[2]))
            else:
                self._collect(self.schema.groupings[u], kids, choice)

    def child(self, name: str) -> SNode | None:
        return self.children().get(name)

    @property
    def key(self) -> str | None:
        k = self.raw.get("key")
        return k.split()[0] if k else None

    @property
    def key_leaf(self) -> SNode | None:
        return self.child(self.key) if self.key else None

    @property
    def keywordless(self) -> bool:
        """A list typed by its key alone (``interfaces ge-1/0/0``, ``routing-instances X``)."""
        if self.kind != "l":
            return False
        return bool(self.raw.get("kl")) or (self.parent_name, self.name) in KEYWORDLESS

    @property
    def parent_name(self) -> str:
        return self.parent.name if self.parent else ""

    @property
    def nokeyword(self) -> bool:
        return bool(self.raw.get("nk"))

    @property
    def oneliner(self) -> bool:
        return bool(self.raw.get("ol"))

    @property
    def presence(self) -> bool:
        return bool(self.raw.get("p"))

    @property
    def type(self) -> dict | None:
        t = self.raw.get("t")
        return self.schema.types[t] if t is not None else None

    @property
    def is_flag(self) -> bool:
        t = self.type
        return self.kind == "f" and t is not None and t.get("b") == "empty"

    @property
    def choice(self) -> tuple[str, str] | None:
        ch = self.raw.get("ch")
        return (ch, self.raw.get("cs", "")) if ch else None

    @property
    def musts(self) -> list[tuple[str, str | None]]:
        return [(m[0], m[1]) for m in self.raw.get("m", ())]

    @property
    def default(self) -> str | None:
        return self.raw.get("df")

    def data_children(self) -> dict[str, SNode]:
        """Children a statement may use below this node (a list's key leaf excluded)."""
        if self._data is None:
            kids = self.children()
            key = self.key
            if self.kind == "l" and key in kids:
                kids = {k: v for k, v in kids.items() if k != key}
            self._data = kids
        return self._data

    def excluded_by(self, child: SNode) -> list[str]:
        """Siblings that ``child`` replaces: the other cases of the choice it belongs to."""
        if child.name not in self._excl:
            choice = child.choice
            self._excl[child.name] = [] if choice is None else [
                name for name, other in self.data_children().items()
                if other.choice and other.choice[0] == choice[0] and other.choice[1] != choice[1]
            ]
        return self._excl[child.name]

    def nokeyword_leaves(self) -> list[SNode]:
        return [c for c in self.data_children().values() if c.nokeyword and c.kind in ("f", "L")]

    def keywordless_lists(self) -> list[SNode]:
        return [c for c in self.children().values() if c.keywordless]

    def enums(self) -> list[str]:
        return enums_of(self.type)

    def __repr__(self) -> str:
        return f"SNode({self.kind} {self.name})"


class Schema:
    """A compiled schema: type table, groupings and the root (``conf``) or RPC outputs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.release: str = data.get("release", "")
        self.types: list[dict] = data["types"]
        self.groupings: list[dict] = data["groupings"]
        self.root = SNode(data["root"], self)
        self._rpc_raw: dict[str, dict] = data.get("rpc", {})
        self._rpcs: dict[str, SNode] = {}

    def rpc_output(self, name: str) -> SNode | None:
        if name not in self._rpcs:
            raw = self._rpc_raw.get(name)
            if raw is None:
                return None
            self._rpcs[name] = SNode(raw, self)
        return self._rpcs[name]

    @property
    def rpc_names(self) -> list[str]:
        return list(self._rpc_raw)


def _load(kind: str) -> Schema:
    data = resources.files("mpls_interop_lab.junos").joinpath(
        "schema", f"junos-{RELEASE}-{kind}.json.gz"
    ).read_bytes()
    return Schema(json.loads(gzip.decompress(data)))


@lru_cache(maxsize=2)
def _cached(kind: str) -> Schema:
    return _load(kind)


def conf_schema() -> Schema:
    """The configuration schema (loaded once per process)."""
    with _LOCK:
        return _cached("conf")


def rpc_schema() -> Schema:
    """The operational RPC reply schema (loaded once per process)."""
    with _LOCK:
        return _cached("rpc")


# ---- value checks ---------------------------------------------------------------------------------

_POSIX = {
    "[:alnum:]": "a-zA-Z0-9", "[:alpha:]": "a-zA-Z", "[:digit:]": "0-9", "[:space:]": r"\s",
    "[:upper:]": "A-Z", "[:lower:]": "a-z", "[:xdigit:]": "0-9A-Fa-f", "[:punct:]": r"!-/:-@\[-`{-~",
    "[:print:]": r" -~", "[:graph:]": r"!-~", "[:blank:]": r" \t", "[:cntrl:]": r"\x00-\x1f",
}
INT_RANGES = {
    "int8": (-128, 127), "int16": (-32768, 32767), "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1), "uint8": (0, 255), "uint16": (0, 65535),
    "uint32": (0, 2**32 - 1), "uint64": (0, 2**64 - 1),
}
_NUMBER = re.compile(r"^[+-]?\d+$")
_SUFFIX = {"k": 10**3, "m": 10**6, "g": 10**9}


def enums_of(spec: dict | None) -> list[str]:
    if spec is None:
        return []
    if spec.get("b") == "union":
        return [e for u in spec.get("u", ()) for e in enums_of(u)]
    return list(spec.get("e", ()))


@lru_cache(maxsize=4096)
def _regex(pattern: str, posix: bool) -> re.Pattern[str] | None:
    p = pattern
    if posix:
        for cls, repl in _POSIX.items():
            p = p.replace(cls, repl)
    try:
        return re.compile(p)
    except re.error:
        return None


def _pattern_ok(pattern: str, value: str, posix: bool) -> bool:
    negate = pattern.startswith("!")
    rx = _regex(pattern[1:] if negate else pattern, posix)
    if rx is None:
        return True  # a pattern Python cannot read is not held against the value
    hit = bool(rx.search(value)) if posix else bool(rx.fullmatch(value))
    return hit != negate


def _ranges(text: str) -> list[tuple[float, float]]:
    out = []
    for part in text.split("|"):
        bounds = [b.strip() for b in part.split("..")]
        lo = bounds[0]
        hi = bounds[-1]
        out.append((float("-inf") if lo == "min" else float(lo), float("inf") if hi == "max" else float(hi)))
    return out


def _in_ranges(number: float, text: str) -> bool:
    return any(lo <= number <= hi for lo, hi in _ranges(text))


def _range_text(text: str) -> str:
    return ", ".join("..".join(b.strip() for b in p.split("..")) for p in text.split("|"))


def _ip(value: str, version: int | None = None) -> bool:
    try:
        addr = ipaddress.ip_address(value.split("%")[0])
    except ValueError:
        return False
    return version is None or addr.version == version


def _prefix(value: str, version: int | None, mandatory: bool) -> bool:
    if "/" not in value:
        return not mandatory and _ip(value, version)
    addr, _, plen = value.partition("/")
    if not plen.isdigit() or not _ip(addr, version):
        return False
    limit = 32 if ipaddress.ip_address(addr).version == 4 else 128
    return int(plen) <= limit


_MAC = re.compile(r"([0-9a-fA-F]{2}[:.-]?){5}[0-9a-fA-F]{2}")
_TYPEDEF_CHECKS: dict[str, Any] = {
    "ipv4addr": lambda v: _ip(v, 4),
    "ipv6addr": lambda v: _ip(v, 6),
    "ipaddr": lambda v: _ip(v),
    "ipv4prefix": lambda v: _prefix(v, 4, False),
    "ipv4prefix-mandatory": lambda v: _prefix(v, 4, True),
    "ipv4prefix-only": lambda v: _prefix(v, 4, True),
    "ipv4prefix-optional": lambda v: _prefix(v, 4, False),
    "ipv6prefix": lambda v: _prefix(v, 6, False),
    "ipv6prefix-mandatory": lambda v: _prefix(v, 6, True),
    "ipv6prefix-only": lambda v: _prefix(v, 6, True),
    "ipv6prefix-optional": lambda v: _prefix(v, 6, False),
    "ipprefix": lambda v: _prefix(v, None, False),
    "ipprefix-mandatory": lambda v: _prefix(v, None, True),
    "ipprefix-only": lambda v: _prefix(v, None, True),
    "ipprefix-optional": lambda v: _prefix(v, None, False),
    "areaid": lambda v: _ip(v, 4) or (v.isdigit() and int(v) < 2**32),
    "mpls-label": lambda v: v.isdigit() and int(v) < 2**20,
    "mac-addr": lambda v: _MAC.fullmatch(v) is not None,
    "mac-unicast": lambda v: _MAC.fullmatch(v) is not None,
}


def _typedef_ok(name: str, value: str) -> bool:
    """The meaning of junos-common-types string typedefs that carry no pattern in the YANG."""
    if value.startswith(("<", "$")):
        return True  # group wildcards and variables
    check = _TYPEDEF_CHECKS.get(name)
    return bool(check(value)) if check else True


def check_value(spec: dict | None, value: str) -> str | None:
    """None when ``value`` is allowed by the type, else the Junos-style reason."""
    if spec is None:
        return None
    base = spec.get("b", "string")
    if base == "union":
        reasons = [check_value(u, value) for u in spec.get("u", ())]
        if any(r is None for r in reasons):
            return None
        # the most telling reason: a range or pattern message beats a plain "invalid value"
        specific = [r for r in reasons if r and r != "invalid value"]
        return specific[-1] if specific else "invalid value"
    if base == "enumeration":
        return None if value in spec.get("e", ()) else "syntax error"
    if base == "empty":
        return "syntax error"
    if base == "boolean":
        return None if value in ("true", "false") else "invalid value"
    if base in INT_RANGES:
        text = value
        mult = 1
        if text and text[-1].lower() in _SUFFIX and _NUMBER.match(text[:-1]):
            mult = _SUFFIX[text[-1].lower()]
            text = text[:-1]
        if not _NUMBER.match(text):
            return f"invalid numeric value: '{value}'"
        number = int(text) * mult
        lo, hi = INT_RANGES[base]
        if not lo <= number <= hi or ("r" in spec and not _in_ranges(number, spec["r"])):
            shown = _range_text(spec["r"]) if "r" in spec else f"{lo}..{hi}"
            return f"Value {value} is not within range ({shown})"
        return None
    if base == "decimal64":
        try:
            number_f = float(value)
        except ValueError:
            return f"invalid numeric value: '{value}'"
        if "r" in spec and not _in_ranges(number_f, spec["r"]):
            return f"Value {value} is not within range ({_range_text(spec['r'])})"
        return None
    # strings
    if "len" in spec and not _in_ranges(len(value), spec["len"]):
        return f"Length {len(value)} is not within range ({_range_text(spec['len'])})"
    for pat in spec.get("pat", ()):
        if not _pattern_ok(pat, value, posix=pat.startswith(("!", "^"))):
            return "invalid value"
    for pat, msg in spec.get("px", ()):
        if not _pattern_ok(pat, value, posix=True):
            return msg or "invalid value"
    if "n" in spec and not _typedef_ok(spec["n"], value):
        return "invalid value"
    return None


# ---- operational replies ----------------------------------------------------------------------


def reply_paths(element: Any, prefix: str = "") -> list[str]:
    """Every element path of a reply (local names, ``a/b/c``), in document order."""
    from lxml import etree

    name = etree.QName(element).localname
    here = f"{prefix}/{name}" if prefix else name
    out = [here]
    for child in element:
        if isinstance(child.tag, str):
            out.extend(reply_paths(child, here))
    return out


def undefined_paths(rpc: str, element: Any) -> list[str]:
    """Element paths of ``element`` (a reply to ``rpc``) that Juniper's RPC YANG does not define."""
    from lxml import etree

    output = rpc_schema().rpc_output(rpc)
    if output is None:
        return [f"(no rpc {rpc} in the schema)"]
    bad: list[str] = []

    def walk(el: Any, node: SNode, path: str) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            here = f"{path}/{name}"
            sc = node.children().get(name)
            if sc is None:
                bad.append(here)
                continue
            if sc.kind in ("f", "L"):
                if any(isinstance(c.tag, str) for c in child):
                    bad.append(here + "/*")
                continue
            walk(child, sc, here)

    root_name = etree.QName(element).localname
    top = output.children().get(root_name)
    if top is None:
        return [root_name]
    walk(element, top, root_name)
    return bad
