"""Junos curly-brace text and ``set`` command formats: tokenizer, parsers and renderers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mpls_interop_lab.junos.keywords import Step, Word, resolve
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError, label, quote

# Statement prefixes (tags) and what they mean for the loaded statement.
TAGS = {
    "inactive:": "inactive", "active:": "active", "replace:": "replace", "delete:": "delete",
    "protect:": "protect", "unprotect:": "protect",
}
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


def _place(node: JNode, steps: list[Step], tags: list[str]) -> JNode:
    cur = node
    for st in steps:
        child = cur.children.get(st.key)
        if st.leaf:
            if child is None:
                child = cur.children[st.key] = JNode(st.key, st.value)
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
    """Parse ``show configuration`` style text (with load tags) into a tree."""
    root = JNode("")
    stack: list[tuple[JNode, list[str], int]] = [(root, [], 0)]
    words: list[Word] = []
    tags: list[str] = []
    last_line = 1
    for tok in tokenize(text):
        node, path, _ = stack[-1]
        last_line = tok.line
        if tok.kind in ("word", "string", "list"):
            if tok.kind == "word" and not words and tok.text in TAGS:
                tags.append(TAGS[tok.text])
                continue
            words.append(Word(tok.text, tok.line, tok.kind != "word"))
        elif tok.kind == ";":
            if not words:
                raise JunosSyntaxError("syntax error", ";", tok.line, path)
            _place(node, resolve(words, path, block=False), tags)
            words, tags = [], []
        elif tok.kind == "{":
            if not words:
                raise JunosSyntaxError("syntax error, expecting <statement>", "{", tok.line, path)
            steps = resolve(words, path, block=True)
            child = _place(node, steps, tags)
            stack.append((child, path + [s.key for s in steps], words[0].line or tok.line))
            words, tags = [], []
        else:  # "}"
            if words:
                raise JunosSyntaxError(
                    "syntax error, expecting ';' or '{'", _words_text(words), words[0].line, path
                )
            if tags:
                raise JunosSyntaxError("syntax error, expecting <statement>", "}", tok.line, path)
            if len(stack) == 1:
                raise JunosSyntaxError("syntax error", "}", tok.line, path)
            stack.pop()
    if words:
        raise JunosSyntaxError(
            "syntax error, expecting ';' or '{'", _words_text(words), words[0].line, stack[-1][1]
        )
    if len(stack) > 1:
        _, path, opened = stack[-1]
        raise JunosSyntaxError(
            "syntax error, expecting '}'", label(path[-1]) + " {", opened or last_line, path[:-1]
        )
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
    if last in parent.children:
        del parent.children[last]
    elif " " not in last:  # `delete protocols rsvp interface` removes every `interface X`
        for key in [k for k in parent.children if k.startswith(last + " ")]:
            del parent.children[key]
    _prune_structural(root, keys[:-1])


def apply_set_lines(root: JNode, text: str) -> None:
    """Apply ``set``/``delete``/``activate``/``deactivate``/``edit``/``top``/``up`` lines in place."""
    edit: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
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
            _place(_ensure(root, edit), resolve(args, edit, block=False), [])
        elif verb == "delete":
            if not args:
                node = root.get(*edit)
                if node is not None:
                    node.children.clear()
                continue
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


def _ensure(root: JNode, keys: list[str]) -> JNode:
    node = root
    for key in keys:
        child = node.children.get(key)
        if child is None:
            child = node.children[key] = JNode(key)
        node = child
    return node


# ---- rendering --------------------------------------------------------------------------------------


def statement(node: JNode) -> str:
    """The statement text of one node without its block (``mtu 9192``, ``unit 1000``)."""
    prefix = (f"{node.op}: " if node.op else "") + ("inactive: " if node.inactive else "")
    text = prefix + label(node.key)
    if node.value is not None:
        text += " " + quote(node.value)
    return text


def node_lines(node: JNode, indent: int = 0) -> list[str]:
    """One node and its subtree, Junos style (4 spaces a level)."""
    pad = " " * indent
    if node.value is not None or not node.children:
        return [f"{pad}{statement(node)};"]
    lines = [f"{pad}{statement(node)} {{"]
    for child in node.children.values():
        lines.extend(node_lines(child, indent + 4))
    lines.append(pad + "}")
    return lines


def render_text(root: JNode) -> str:
    lines: list[str] = []
    for child in root.children.values():
        lines.extend(node_lines(child))
    return "\n".join(lines) + "\n" if lines else ""


def render_set(root: JNode) -> str:
    out: list[str] = []
    deactivate: list[str] = []

    def walk(node: JNode, prefix: list[str]) -> None:
        for child in node.children.values():
            path = prefix + [label(child.key)]
            if child.value is not None:
                out.append("set " + " ".join(path) + " " + quote(child.value))
            elif not child.children:
                out.append("set " + " ".join(path))
            else:
                walk(child, path)
            if child.inactive:
                deactivate.append("deactivate " + " ".join(path))

    walk(root, [])
    lines = out + deactivate
    return "\n".join(lines) + "\n" if lines else ""
