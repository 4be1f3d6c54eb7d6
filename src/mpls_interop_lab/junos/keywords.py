"""Statement resolution against Juniper's YANG: which word is a keyword, a key or a value.

Junos statements are words; whether ``foo bar`` is a leaf with a value, a list entry or a
container holding a flag is decided by the schema (:mod:`mpls_interop_lab.junos.yang`), so curly
text, ``set`` lines and XML give the same tree, and anything the schema does not allow (unknown
keyword, value outside its type, missing key or value) is refused with Junos's wording.

Tree keying (the network model relies on it): containers and leaves by their keyword; list
entries ``"keyword key"`` (``unit 1000``, ``interface ge-1/0/0.1000``), lists typed without their
keyword by the bare key (``interfaces ge-1/0/0``, ``routing-instances vpls-40``, a path's
``192.0.2.2``); families ``"family inet"``; a leaf-list's values as one bracket list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from mpls_interop_lab.junos.tree import JunosSyntaxError
from mpls_interop_lab.junos.yang import SNode, check_value, conf_schema

# CLI keywords that YANG cannot spell (identifiers may not start with a digit).
CLI_TO_YANG = {"802.3ad": "ieee-802.3ad"}
YANG_TO_CLI = {v: k for k, v in CLI_TO_YANG.items()}
# The list whose entries hold a whole configuration (``groups NAME { ... }``).
WHOLE_CONFIG = ("groups", "group")


@dataclass
class Word:
    """A token of a statement: its text, the input line, and whether it was quoted."""

    text: str
    line: int | None = None
    quoted: bool = False


@dataclass
class Step:
    """One node of a resolved statement path.

    ``multi``: a leaf-list value (added to the values already there); ``excludes``: sibling keys
    a choice makes this statement replace (``strict`` replaces ``loose``).
    """

    key: str
    value: str | None = None
    leaf: bool = False
    multi: bool = False
    keys_block: bool = False  # `keyword {` opening a block of keys of that list
    excludes: list[str] = field(default_factory=list)
    snode: SNode | None = field(default=None, repr=False, compare=False)


def root_node() -> SNode:
    return conf_schema().root


def _list_for_key(node: SNode, key: str) -> SNode | None:
    """The keyword-less list at ``node`` that a bare ``key`` belongs to."""
    lists = node.keywordless_lists()
    for lst in lists:
        leaf = lst.key_leaf
        if leaf is None or check_value(leaf.type, key) is None:
            return lst
    return lists[0] if lists else None


def descend(node: SNode, key: str) -> SNode | None:
    """The schema node for tree key ``key`` below ``node`` (None when the schema has none)."""
    node = body(node)
    if " " in key:
        kw, name = key.split(" ", 1)
        kw = CLI_TO_YANG.get(kw, kw)
        child = node.child(kw)
        if child is not None and child.kind == "c" and kw == "family":
            return child.child(name)
        if child is not None and child.kind == "l" and not child.keywordless:
            return child
    child = node.data_children().get(key)
    if child is not None and not child.keywordless:
        return child
    return _list_for_key(node, key)


@lru_cache(maxsize=8192)
def _locate(keys: tuple[str, ...]) -> SNode | None:
    node: SNode | None = root_node()
    for key in keys:
        if node is None:
            return None
        node = descend(node, key)
    return node


def locate(path: list[str] | tuple[str, ...]) -> SNode | None:
    """The schema node of a tree path (list of keys from the root)."""
    return _locate(tuple(path))


def body(node: SNode) -> SNode:
    """Where the statements of an entry of ``node`` live (groups hold a whole configuration)."""
    if node.kind == "l" and (node.parent_name, node.name) == WHOLE_CONFIG:
        return root_node()
    return node


def _excludes(node: SNode, child: SNode) -> list[str]:
    return node.excluded_by(child)


def _bad_value(reason: str, word: Word, keyword: str, path: list[str]) -> JunosSyntaxError:
    # Junos names the statement whose value is wrong; a mistyped keyword value is a syntax error
    if reason == "syntax error":
        return JunosSyntaxError("syntax error", word.text, word.line, path)
    return JunosSyntaxError(f"{reason}", keyword, word.line, path, value=word.text)


def _check(node: SNode, word: Word, path: list[str], keyword: str) -> None:
    values = [word.text]
    if word.quoted and word.text.startswith("[") and word.text.endswith("]") and node.kind == "L":
        values = [v.strip('"') for v in word.text[1:-1].split()]
    for value in values:
        reason = check_value(node.type, value)
        if reason is not None:
            raise _bad_value(reason, Word(value, word.line, word.quoted), keyword, path)


def _missing_semicolon(words: list[Word], i: int, path: list[str]) -> JunosSyntaxError:
    stmt = " ".join(w.text for w in words[: i + 2]) if i + 1 < len(words) else words[i].text
    return JunosSyntaxError("syntax error, expecting ';' or '{'", stmt, words[i].line, path)


def resolve(
    words: list[Word], ctx: list[str], block: bool, partial: bool = False, chain: bool = False,
) -> list[Step]:
    """Split one statement (the words before ``;`` or ``{``) into tree steps below ``ctx``.

    ``block`` is True when the statement opens a ``{`` block; ``partial`` allows a path that
    stops at a keyword without its value or key (``delete interfaces ge-1/0/0 mtu``,
    ``delete protocols rsvp interface``); ``chain`` (``set`` lines) lets sibling statements
    follow a leaf (``set system login user u class super-user authentication …``), where curly
    text ends the statement at the leaf.
    """
    node = locate(ctx)
    if node is None:
        raise JunosSyntaxError("syntax error", words[0].text if words else None,
                               words[0].line if words else None, ctx)
    node = body(node)
    steps: list[Step] = []
    path = list(ctx)
    i, n = 0, len(words)
    # only a oneliner's leaves may follow each other in one statement (`file f size 1m;`)
    while i < n:
        w = words[i]
        rest = n - i
        text = w.text
        if not w.quoted and text in CLI_TO_YANG:
            text = CLI_TO_YANG[text]
        child = None if w.quoted else node.data_children().get(text)
        if child is not None and child.keywordless:
            child = None
        if child is not None:
            excl = _excludes(node, child)
            if child.kind == "c":
                if text == "family" and rest >= 2 and child.child(words[i + 1].text) is not None:
                    fam = words[i + 1]
                    step = Step(f"family {fam.text}", snode=child.child(fam.text))
                    i += 2
                elif text == "family" and not partial and rest >= 2:
                    raise JunosSyntaxError("syntax error", words[i + 1].text, words[i + 1].line,
                                           path + ["family"])
                elif text == "family" and not partial and child.children() and all(
                    c.kind == "c" for c in child.data_children().values()
                    if c.name not in ("apply-groups", "apply-groups-except", "apply-macro")
                ):
                    raise JunosSyntaxError("syntax error, expecting <data>", text, w.line, path)
                else:
                    step = Step(text, excludes=excl, snode=child)
                    i += 1
                steps.append(step)
                path.append(step.key)
                if step.snode is None:
                    raise JunosSyntaxError("syntax error", text, w.line, path[:-1])
                node = step.snode
                continue
            if child.kind == "l":
                if rest < 2:
                    if block and not partial:  # `clients { 10.0.0.0/8; }`: a block of keys
                        steps.append(Step(text, snode=child, keys_block=True))
                        return steps
                    if partial and not block:
                        steps.append(Step(text, snode=child))
                        return steps
                    raise JunosSyntaxError("syntax error, expecting <data>", text, w.line, path)
                key = words[i + 1]
                leaf = child.key_leaf
                if leaf is not None:
                    _check(leaf, key, path, text)
                parts = [key.text]
                i += 2
                # further keys of a multi-key list (`route-filter 10.0.0.0/8 upto /24`)
                for extra in (child.raw.get("key") or "").split()[1:]:
                    kl = child.child(extra)
                    if i >= n or kl is None or child.data_children().get(words[i].text) is not None:
                        break
                    if check_value(kl.type, words[i].text) is not None:
                        break
                    parts.append(words[i].text)
                    i += 1
                step = Step(f"{text} {' '.join(parts)}", excludes=excl, snode=child)
                steps.append(step)
                path.append(step.key)
                node = child
                continue
            # leaf or leaf-list
            if child.is_flag:
                if block:
                    raise _missing_semicolon(words, i, path)
                steps.append(Step(text, excludes=excl, snode=child))
                i += 1
                if i < n and not node.oneliner and not chain:
                    raise _missing_semicolon(words, i - 1, path)
                continue
            if rest == 1:
                if partial and not block:
                    steps.append(Step(text, snode=child))
                    return steps
                raise JunosSyntaxError("syntax error, expecting <data>", text, w.line, path)
            if block:
                raise _missing_semicolon(words, i, path)
            value = words[i + 1]
            _check(child, value, path, text)
            steps.append(Step(text, value.text, leaf=True, multi=child.kind == "L",
                              excludes=excl, snode=child))
            i += 2
            if i < n and not node.oneliner and not chain:
                raise _missing_semicolon(words, i - 2, path)
            continue
        # not a keyword here: the key of a keyword-less list, or a nokeyword leaf's value
        lst = _list_for_key(node, text)
        if lst is not None:
            leaf = lst.key_leaf
            if leaf is not None:
                _check(leaf, w, path, text)
            step = Step(text, snode=lst)
            steps.append(step)
            path.append(text)
            node = body(lst)
            i += 1
            continue
        leaf_nk = _nokeyword_for(node, w)
        if leaf_nk is not None and not block:
            steps.append(Step(leaf_nk.name, text, leaf=True, multi=leaf_nk.kind == "L",
                              snode=leaf_nk))
            i += 1
            if i < n and not node.oneliner and not chain:
                raise _missing_semicolon(words, i - 1, path)
            continue
        raise JunosSyntaxError("syntax error", text, w.line, path)
    return steps


def _nokeyword_for(node: SNode, word: Word) -> SNode | None:
    leaves = node.nokeyword_leaves()
    for leaf in leaves:
        if check_value(leaf.type, word.text) is None:
            return leaf
    return None


def check_keyword(path: list[str], word: Word) -> SNode:
    """The schema node of keyword ``word`` below ``path`` (XML element names), or a syntax error."""
    node = locate(path)
    child = body(node).data_children().get(word.text) if node is not None else None
    if child is None:
        raise JunosSyntaxError("syntax error", word.text, word.line, path)
    return child
