"""``show | compare`` computed locally, without a candidate: what loading a configuration text
with ``load replace`` semantics would change on a device running a given configuration.

Read-only commands (``diff``, ``deploy --dry-run``) use it so they never enter configuration mode:
the driver reads the committed configuration (``get-configuration``) and this module applies the
load to a copy of it — ``replace:`` swaps a statement whole, ``delete:`` removes it, everything
else merges (a new value replaces a single-valued leaf; list entries, flags and containers are
added) — then prints the differences the way Junos does: ``[edit …]`` banners, ``-``/``+`` lines,
two spaces of indentation under ``[edit]``, three under a one-level banner, four below, plus four
per nested level (Junos CLI User Guide, "Comparing configurations": ``show | compare``).

Without Junos's schema the module cannot always tell a single-valued leaf from a list entry: a
leaf statement is single-valued when the running and the loaded text each have exactly one
statement of that name at that place and the name is not a known list (:data:`LISTS`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from mpls_interop.vendors.junos.setform import tokens

#: statement names that are lists in Junos's schema (several may stand side by side), for leaf
#: statements the merge must add rather than overwrite
LISTS = frozenset({
    "address", "family", "interface", "unit", "neighbor", "member", "path", "label-switched-path",
    "community", "vrf-target", "import", "export", "route", "prefix-list", "policy-statement", "term",
    "from", "to", "vlan-id-list", "members", "peer", "group", "instance", "server", "user", "class",
})
TAGS = ("replace:", "delete:")


@dataclass
class Node:
    words: list[str]
    leaf: bool
    children: dict[str, Node] = field(default_factory=dict)
    tag: str = ""

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse(text: str) -> Node:
    """Curly configuration text (with load tags) → a tree; ValueError on unbalanced text."""
    root = Node([], False)
    stack = [root]
    words: list[str] = []
    tag = ""
    for tok, line in tokens(text):
        if tok in TAGS and not words:
            tag = tok[:-1]
        elif tok == "{":
            if not words:
                raise ValueError(f"line {line}: '{{' without a statement")
            node = Node(words, False, tag=tag)
            same = stack[-1].children.get(node.text)
            if same is not None and not same.leaf and not same.tag and not tag:
                node = same  # the same container written twice: one container
            else:
                _add(stack[-1], node)
            stack.append(node)
            words, tag = [], ""
        elif tok == ";":
            if words:
                _add(stack[-1], Node(words, True, tag=tag))
            words, tag = [], ""
        elif tok == "}":
            if len(stack) == 1:
                raise ValueError(f"line {line}: unbalanced '}}'")
            stack.pop()
        else:
            words.append(tok)
    if len(stack) != 1:
        raise ValueError(f"missing '}}' for {stack[-1].text!r}")
    return root


def _add(parent: Node, node: Node) -> None:
    # a block and a one-line statement of the same name are the same object
    parent.children[node.text] = node


def _slot(parent: Node, node: Node, other: Node) -> str | None:
    """The key in ``parent`` that ``node`` (from ``other``, the loaded text) overwrites, if any:
    the same statement, else the one value of a single-valued leaf of the same name."""
    if node.text in parent.children:
        return node.text
    if not node.leaf or len(node.words) < 2 or node.words[0] in LISTS:
        return None
    mine = [k for k, c in parent.children.items() if c.leaf and c.words[0] == node.words[0]]
    theirs = [c for c in other.children.values() if c.leaf and c.words[0] == node.words[0]]
    return mine[0] if len(mine) == 1 and len(theirs) == 1 else None


def _plain(node: Node) -> Node:
    out = Node(list(node.words), node.leaf, tag="")
    out.children = {k: _plain(c) for k, c in node.children.items() if c.tag != "delete"}
    return out


def merge(running: Node, load: Node) -> Node:
    """``running`` with ``load`` applied (``load replace`` semantics); neither is changed."""
    out = copy.deepcopy(running)
    _merge(out, load)
    return out


def _merge(into: Node, load: Node) -> None:
    for child in load.children.values():
        slot = _slot(into, child, load)
        if child.tag == "delete":
            if slot is not None:
                del into.children[slot]
            continue
        if child.tag == "replace" or child.leaf or slot is None or into.children[slot].leaf:
            if slot is not None and slot != child.text:
                # keep the position of an overwritten value
                into.children = {(child.text if k == slot else k): (_plain(child) if k == slot else v)
                                 for k, v in into.children.items()}
            else:
                into.children[child.text] = _plain(child)
            continue
        _merge(into.children[slot], child)


def _lines(node: Node, depth: int) -> list[str]:
    pad = "    " * depth
    if node.leaf:
        return [f"{pad}{node.text};"]
    out = [f"{pad}{node.text} {{"]
    for c in node.children.values():
        out += _lines(c, depth + 1)
    return out + [f"{pad}}}"]


def _diff(old: Node, new: Node, path: list[str], out: list[str], banner: list[str]) -> None:
    def emit(sign: str, node: Node) -> None:
        head = "[edit" + "".join(" " + p for p in path) + "]"
        if banner[0] != head:
            out.append(head)
            banner[0] = head
        pad = " " * (2 if not path else 3 if len(path) == 1 else 4)
        out.extend(sign + pad + line for line in _lines(node, 0))

    for key, o in old.children.items():
        if key not in new.children:
            emit("-", o)
    for key, n in new.children.items():
        o = old.children.get(key)
        if o is None:
            emit("+", n)
        elif n.leaf or o.leaf:
            if n.leaf != o.leaf or n.text != o.text or _lines(n, 0) != _lines(o, 0):
                emit("-", o)
                emit("+", n)
        else:
            _diff(o, n, path + [key], out, banner)


@cache
def _display() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("display_order.yml").read_text())


_PARTS = re.compile(r"(\d+)")
_PORT = re.compile(r"^([a-z]+)-(\d+)/(\d+)/(\d+)(?::(\d+))?(?:\.(\d+))?$")


def _entry_key(name: str) -> tuple:
    """Ports by FPC, PIC, port, channel and unit before every other name; the rest text and
    numbers in turn (``10.0.0.10`` after ``10.0.0.9``)."""
    m = _PORT.match(name)
    if m:
        kind, fpc, pic, port, chan, unit = m.groups()
        return (0, int(fpc), int(pic), int(port), int(chan or -1), kind, int(unit or -1))
    return (1, tuple((1, int(p)) if i % 2 else (0, p) for i, p in enumerate(_PARTS.split(name))))


def displayed(node: Node, path: tuple[str, ...] = ()) -> Node:
    """``node`` with its children in the order Junos shows them (``display_order.yml``)."""
    data = _display()
    items = list(node.children.items())
    order = data["statements"].get(" ".join(path), [])
    if order:
        def rank(i: int) -> tuple[int, int]:
            word = items[i][1].words[0]
            return (order.index(word) if word in order else len(order), i)
        items = [items[i] for i in sorted(range(len(items)), key=rank)]
    bare = bool(path) and path[-1] in data["keywordless"]
    groups: dict[str, list[int]] = {}
    for i, (_, c) in enumerate(items):
        if bare and not c.leaf:
            groups.setdefault("", []).append(i)
        elif len(c.words) > 1 and c.words[0] in data["sorted"]:
            groups.setdefault(c.words[0], []).append(i)
    out = list(items)
    for places in groups.values():
        name = (lambda c: c.words[0]) if bare else (lambda c: c.words[1])
        entries = sorted((items[i] for i in places), key=lambda kv: _entry_key(name(kv[1])))
        for i, kv in zip(places, entries, strict=True):
            out[i] = kv
    copy_ = Node(list(node.words), node.leaf, tag=node.tag)
    copy_.children = {k: displayed(c, (*path, c.words[0] if c.words else "")) for k, c in out}
    return copy_


def compare(running: str, load: str) -> str:
    """The ``show | compare`` text of loading ``load`` over ``running`` ('' when nothing changes)."""
    old = parse(running)
    out: list[str] = []
    _diff(displayed(old), displayed(merge(old, parse(load))), [], out, [""])
    return "\n".join(out)
