"""Configuration groups: the configuration a Junos device runs after ``apply-groups`` inheritance.

``apply-groups [ a b ]`` at a hierarchy level inherits, from each named group, the group's
statements at that same level; statements configured explicitly win, then the groups in the
order listed. A group key written ``<glob>`` (``<ge-*>``, ``unit <*>``) only adds to statements
that exist and match; it never creates one. ``apply-groups-except`` stops named groups from
flowing further down. Commit checks and the network model work on this inherited view; the
stored configuration keeps the groups as written.
"""

from __future__ import annotations

import fnmatch
import re

from mpls_interop_lab.junos.tree import JNode

_GLOB = re.compile(r"<([^>]*)>")


def _values(node: JNode | None) -> list[str]:
    if node is None or node.value is None:
        return []
    value = node.value
    if value.startswith("[") and value.endswith("]"):
        return [v.strip('"') for v in value[1:-1].split()]
    return [value]


def _matches(pattern_key: str, key: str) -> bool:
    if "<" not in pattern_key:
        return pattern_key == key
    return fnmatch.fnmatchcase(key, _GLOB.sub(r"\1", pattern_key))


def _at(group: JNode, path: list[str]) -> list[JNode]:
    """The group's subtrees at ``path`` (several when wildcards match)."""
    nodes = [group]
    for key in path:
        nodes = [c for n in nodes for k, c in n.children.items() if _matches(k, key)]
    return [n for n in nodes if not n.inactive]


def _without_globs(node: JNode) -> JNode:
    node.children = {k: _without_globs(c) for k, c in node.children.items() if "<" not in k}
    return node


def _merge_level(dst: JNode, src: JNode) -> None:
    """Add the statements of ``src`` that ``dst`` lacks, at this level (explicit ones win; the
    levels below are merged as the walk reaches them, so wildcards only meet what exists)."""
    for key, child in src.children.items():
        if child.inactive or "<" in key or key in ("apply-groups", "apply-groups-except"):
            continue
        if key not in dst.children:
            dst.children[key] = _without_globs(child.pruned())


def inherit(root: JNode) -> JNode:
    """A copy of ``root`` (already without inactive statements) with every group applied."""
    groups = root.children.get("groups") or JNode("groups")
    out = JNode("", None, {k: c.clone() for k, c in root.children.items() if k != "groups"})

    def walk(node: JNode, path: list[str], active: list[str]) -> None:
        excluded = set(_values(node.children.get("apply-groups-except")))
        names = [g for g in active if g not in excluded]
        names += [g for g in _values(node.children.get("apply-groups")) if g not in names]
        for name in names:
            group = groups.children.get(name)
            if group is None:
                continue
            for sub in _at(group, path):
                _merge_level(node, sub)
        node.children.pop("apply-groups", None)
        node.children.pop("apply-groups-except", None)
        for key, child in list(node.children.items()):
            if child.value is None and child.children:
                walk(child, path + [key], names)

    walk(out, [], [])
    return out
