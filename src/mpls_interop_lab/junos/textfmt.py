"""Junos curly-brace text and ``set`` command formats: tokenizer, parsers and renderers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mpls_interop_lab.junos.keywords import YANG_TO_CLI, Step, Word, descend, resolve, root_node
from mpls_interop_lab.junos.order import ordered
from mpls_interop_lab.junos.tree import JNode, JunosLoadErrors, JunosSyntaxError, label, quote
from mpls_interop_lab.junos.yang import SNode

# Statement prefixes (tags) and what they mean for the loaded statement.
TAGS = {
    "inactive:": "inactive", "active:": "active", "replace:": "replace", "delete:": "delete",
    "protect:": "protect", "unprotect:": "protect",
}
# Containers Junos shows on one line when they hold only their operation flag, although the YANG
# does not mark them (real `show configuration` output: `input-vlan-map pop;`); `lacp { active; }`
# stays a block.
FLAG_LINES = {"input-vlan-map", "output-vlan-map"}
# Containers that have no meaning when empty; Junos drops them once their last child is deleted.
STRUCTURAL = {
    "interfaces", "protocols", "routing-options", "routing-instances", "chassis", "policy-options",
    "firewall", "class-of-service", "snmp", "services", "forwarding-options", "bridge-domains",
}
_LIST_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|[^\s\[\]]+')


@dataclass
class Token:
    kind: str  # word | string | list | { | } | ;
    text: str
    line: int


def tokenize(text: str, first_line: int = 1) -> Iterator[Token]:
    i, n, line = 0, len(text), first_line
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise JunosSyntaxError("syntax error, unterminated comment", "/*", line)
            line += text.count("\n", i, j)
            i = j + 2
        elif c in "{};":
            yield Token(c, c, line)
            i += 1
        elif c == '"':
            start, buf, j = line, [], i + 1
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                raise JunosSyntaxError("syntax error, unterminated string", text[i : i + 20], start)
            yield Token("string", "".join(buf), start)
            i = j + 1
        elif c == "[":
            j = text.find("]", i)
            if j < 0:
                raise JunosSyntaxError("syntax error, expecting ']'", "[", line)
            items = _LIST_ITEM.findall(text[i + 1 : j])
            yield Token("list", "[ " + " ".join(items) + " ]", line)
            line += text.count("\n", i, j)
            i = j + 1
        elif c == "]":
            raise JunosSyntaxError("syntax error", "]", line)
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '{};"[]':
                j += 1
            yield Token("word", text[i:j], line)
            i = j


def _words_text(words: list[Word]) -> str:
    return " ".join(quote(w.text) if w.quoted else w.text for w in words)


def _values(value: str) -> list[str]:
    if value.startswith("[") and value.endswith("]"):
        return value[1:-1].split()
    return [quote(value)]


def add_value(old: str | None, new: str) -> str:
    """A leaf-list after ``new`` is added (Junos keeps the order, no duplicates)."""
    values = _values(old) if old is not None else []
    for v in _values(new):
        if v not in values:
            values.append(v)
    return values[0].strip('"') if len(values) == 1 else "[ " + " ".join(values) + " ]"


def _place(node: JNode, steps: list[Step], tags: list[str]) -> JNode:
    cur = node
    for st in steps:
        for other in st.excludes:  # a choice: the new case replaces the other ones
            for key in [k for k in cur.children if k == other or k.startswith(other + " ")]:
                del cur.children[key]
        child = cur.children.get(st.key)
        if st.leaf:
            if child is None:
                child = cur.children[st.key] = JNode(st.key, st.value)
            elif st.multi:
                child.value = add_value(child.value, st.value or "")
            else:
                child.value, child.children = st.value, {}
        elif child is None:
            child = cur.children[st.key] = JNode(st.key)
        elif child.value is not None:
            child.value = None
        cur = child
    for tag in tags:
        if tag == "inactive":
            cur.inactive = True
        elif tag == "active":
            cur.inactive = False
        elif tag != "protect":  # protect: only guards against edits; nothing to keep
            cur.op = tag
    return cur


def parse_curly(text: str) -> JNode:
    """Parse ``show configuration`` style text (with load tags) into a tree.

    Every refused statement is reported (a refused block is skipped whole), as Junos does.
    """
    root = JNode("")
    # frames: node, path, line opened, skipping (inside a refused block), key-block keyword
    stack: list[tuple[JNode, list[str], int, bool]] = [(root, [], 0, False)]
    prefixes: list[str | None] = [None]
    words: list[Word] = []
    tags: list[str] = []
    errors: list[JunosSyntaxError] = []
    last_line = 1
    for tok in tokenize(text):
        node, path, _, skipping = stack[-1]
        last_line = tok.line
        if tok.kind in ("word", "string", "list"):
            if tok.kind == "word" and not words and tok.text in TAGS:
                tags.append(TAGS[tok.text])
                continue
            if not words and prefixes[-1] is not None:
                words.append(Word(prefixes[-1], tok.line))
            words.append(Word(tok.text, tok.line, tok.kind != "word"))
        elif tok.kind == ";":
            if not skipping:
                try:
                    if not words:
                        raise JunosSyntaxError("syntax error", ";", tok.line, path)
                    _place(node, resolve(words, path, block=False), tags)
                except JunosSyntaxError as exc:
                    errors.append(exc)
            words, tags = [], []
        elif tok.kind == "{":
            opened = words[0].line if words else tok.line
            if skipping:
                stack.append((node, path, opened, True))
                prefixes.append(None)
            else:
                try:
                    if not words:
                        raise JunosSyntaxError("syntax error, expecting <statement>", "{", tok.line, path)
                    steps = resolve(words, path, block=True)
                    prefix = None
                    if steps[-1].keys_block:
                        prefix = steps.pop().key
                    child = _place(node, steps, tags)
                    stack.append((child, path + [s.key for s in steps], opened or tok.line, False))
                    prefixes.append(prefix)
                except JunosSyntaxError as exc:
                    errors.append(exc)
                    stack.append((node, path, opened, True))
                    prefixes.append(None)
            words, tags = [], []
        else:  # "}"
            if words and not skipping:
                errors.append(JunosSyntaxError(
                    "syntax error, expecting ';' or '{'", _words_text(words), words[0].line, path
                ))
            elif tags and not skipping:
                errors.append(JunosSyntaxError("syntax error, expecting <statement>", "}", tok.line, path))
            words, tags = [], []
            if len(stack) == 1:
                errors.append(JunosSyntaxError("syntax error", "}", tok.line, path))
                break
            stack.pop()
            prefixes.pop()
    if words:
        errors.append(JunosSyntaxError(
            "syntax error, expecting ';' or '{'", _words_text(words), words[0].line, stack[-1][1]
        ))
    elif len(stack) > 1:
        _, path, opened, _ = stack[-1]
        errors.append(JunosSyntaxError(
            "syntax error, expecting '}'", (label(path[-1]) if path else "") + " {",
            opened or last_line, path[:-1],
        ))
    if errors:
        raise JunosLoadErrors(errors)
    return root


# ---- set / delete / activate / deactivate / edit ---------------------------------------------------


def _find(root: JNode, keys: list[str]) -> JNode | None:
    return root.get(*keys)


def _prune_structural(root: JNode, keys: list[str]) -> None:
    """Drop meaningless empty containers left on ``keys`` after a delete."""
    for depth in range(len(keys), 0, -1):
        parent = root.get(*keys[: depth - 1])
        node = root.get(*keys[:depth])
        if parent is None or node is None:
            continue
        if node.key in STRUCTURAL and not node.children and node.value is None:
            del parent.children[node.key]


def _delete(root: JNode, ctx: list[str], steps: list[Step]) -> None:
    keys = ctx + [s.key for s in steps]
    parent = root.get(*keys[:-1])
    if parent is None:
        return
    last = keys[-1]
    node = parent.children.get(last)
    if steps and steps[-1].multi and steps[-1].value is not None and node is not None:
        # a leaf-list loses one value (`delete ... members target:1:1`), the leaf when none is left
        rest = [v for v in _values(node.value or "") if v.strip('"') != steps[-1].value]
        if rest:
            node.value = rest[0].strip('"') if len(rest) == 1 else "[ " + " ".join(rest) + " ]"
            return
    if last in parent.children:
        del parent.children[last]
    elif " " not in last:  # `delete protocols rsvp interface` removes every `interface X`
        for key in [k for k in parent.children if k.startswith(last + " ")]:
            del parent.children[key]
    _prune_structural(root, keys[:-1])


def apply_set_lines(root: JNode, text: str) -> None:
    """Apply ``set``/``delete``/``activate``/``deactivate``/``edit``/``top``/``up`` lines in place.

    A refused line is reported and skipped; every refused line is reported together at the end.
    """
    edit: list[str] = []
    errors: list[JunosSyntaxError] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            edit = _apply_line(root, line, lineno, edit)
        except JunosLoadErrors as exc:
            errors.extend(exc.errors)
        except JunosSyntaxError as exc:
            errors.append(exc)
    if errors:
        raise JunosLoadErrors(errors)


def _apply_line(root: JNode, line: str, lineno: int, edit: list[str]) -> list[str]:
    """One command line; returns the edit path after it."""
    words: list[Word] = []
    for tok in tokenize(line, lineno):
        if tok.kind in "{};":
            raise JunosSyntaxError("syntax error", tok.text, lineno, edit)
        words.append(Word(tok.text, lineno, tok.kind != "word"))
    verb, args = words[0].text, words[1:]
    if verb == "top" and args:
        edit = []
        verb, args = args[0].text, args[1:]
    if verb == "set":
        if not args:
            raise JunosSyntaxError("syntax error, expecting <statement>", "set", lineno, edit)
        _place_chain(_ensure(root, edit), resolve(args, edit, block=False, chain=True))
    elif verb == "delete":
        if not args:
            node = root.get(*edit)
            if node is not None:
                node.children.clear()
            return edit
        _delete(root, edit, resolve(args, edit, block=False, partial=True))
    elif verb in ("activate", "deactivate"):
        if not args:
            raise JunosSyntaxError("syntax error, expecting <statement>", verb, lineno, edit)
        steps = resolve(args, edit, block=False, partial=True)
        node = root.get(*(edit + [s.key for s in steps]))
        if node is not None:
            node.inactive = verb == "deactivate"
    elif verb == "edit":
        if args:
            edit = edit + [s.key for s in resolve(args, edit, block=True)]
    elif verb == "top":
        edit = []
    elif verb in ("up", "exit"):
        count = int(args[0].text) if args and args[0].text.isdigit() else 1
        edit = edit[: max(0, len(edit) - count)]
    else:
        raise JunosSyntaxError("syntax error, expecting <command>", verb, lineno, edit)
    return edit


def _place_chain(node: JNode, steps: list[Step]) -> None:
    """Place a ``set`` line whose leaves may be followed by sibling statements."""
    group: list[Step] = []
    depth: list[int] = []  # index in ``group`` where each leaf sits, to restart after it
    for st in steps:
        group.append(st)
        if st.leaf or (st.snode is not None and st.snode.is_flag):
            _place(node, group, [])
            group = group[:-1]  # the next statement is a sibling of this leaf
            depth.append(len(group))
    if group and (not depth or len(group) > depth[-1]):
        _place(node, group, [])


def _ensure(root: JNode, keys: list[str]) -> JNode:
    node = root
    for key in keys:
        child = node.children.get(key)
        if child is None:
            child = node.children[key] = JNode(key)
        node = child
    return node


# ---- rendering --------------------------------------------------------------------------------------


def statement(node: JNode, snode: SNode | None = None) -> str:
    """The statement text of one node without its block (``mtu 9192``, ``unit 1000``).

    With its schema node, a nokeyword leaf is written as its value alone (``file messages``).
    """
    prefix = (f"{node.op}: " if node.op else "") + ("inactive: " if node.inactive else "")
    if snode is not None and snode.nokeyword and node.value is not None:
        return prefix + quote(node.value)
    text = prefix + cli_label(node.key, snode)
    if node.value is not None:
        text += " " + quote(node.value)
    return text


def cli_label(key: str, snode: SNode | None) -> str:
    """A node key as the CLI writes it (CLI spelling, each key of a multi-key list quoted alone)."""
    if " " in key:
        kw, name = key.split(" ", 1)
        kw = YANG_TO_CLI.get(kw, kw)
        if snode is not None and snode.kind == "l" and len((snode.raw.get("key") or "").split()) > 1:
            return kw + " " + " ".join(quote(p) for p in name.split(" "))
        return label(f"{kw} {name}")
    return label(YANG_TO_CLI.get(key, key))


def _child_snode(snode: SNode | None, key: str) -> SNode | None:
    return descend(snode, key) if snode is not None else None


def one_line(node: JNode, snode: SNode | None) -> bool:
    """Junos shows a oneliner (and a container of nokeyword values) on one line."""
    if snode is None or not node.children:
        return False
    kids = [(c, _child_snode(snode, k)) for k, c in node.children.items()]
    if any(c.children or c.inactive or c.op or s is None for c, s in kids):
        return False
    if snode.oneliner:
        return True
    if snode.name in FLAG_LINES and all(s is not None and s.is_flag for _, s in kids):
        return True
    if snode.keywordless and all(
        c.is_flag or c.name.startswith("apply-") for c in snode.data_children().values()
    ):
        return True  # `any notice;` (system's YANG is published without its oneliner marks)
    return all(s is not None and s.nokeyword for _, s in kids)


def node_lines(node: JNode, indent: int = 0, snode: SNode | None = None) -> list[str]:
    """One node and its subtree, Junos style (4 spaces a level); ``snode``: its schema node."""
    pad = " " * indent
    if node.value is not None or not node.children:
        return [f"{pad}{statement(node, snode)};"]
    if one_line(node, snode):
        parts = [statement(c, _child_snode(snode, k)) for k, c in ordered(node, snode)]
        return [f"{pad}{statement(node, snode)} {' '.join(parts)};"]
    lines = [f"{pad}{statement(node, snode)} {{"]
    for key, child in ordered(node, snode):
        lines.extend(node_lines(child, indent + 4, _child_snode(snode, key)))
    lines.append(pad + "}")
    return lines


def render_text(root: JNode) -> str:
    lines: list[str] = []
    top = root_node()
    for key, child in ordered(root, top):
        lines.extend(node_lines(child, 0, _child_snode(top, key)))
    return "\n".join(lines) + "\n" if lines else ""


def render_set(root: JNode) -> str:
    out: list[str] = []
    deactivate: list[str] = []

    def walk(node: JNode, snode: SNode | None, prefix: list[str]) -> None:
        for key, child in ordered(node, snode):
            sc = _child_snode(snode, key)
            words = [] if sc is not None and sc.nokeyword and child.value is not None else [cli_label(key, sc)]
            path = prefix + words
            if child.value is not None:
                out.append("set " + " ".join(path + [quote(child.value)]))
            elif not child.children:
                out.append("set " + " ".join(path))
            else:
                walk(child, sc, path)
            if child.inactive:
                deactivate.append("deactivate " + " ".join(path))

    walk(root, root_node(), [])
    lines = out + deactivate
    return "\n".join(lines) + "\n" if lines else ""
