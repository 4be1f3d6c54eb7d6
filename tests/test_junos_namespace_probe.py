"""The Junos reply cleaner decides whether a reply carries namespaces with one XPath evaluated by
libxml2; it answers what asking :func:`_qualified` of every node answers, on the captures, on
each of their subtrees and on hand-made trees (default namespace, undeclared prefix on a tag or
an attribute, comments and processing instructions)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mpls_interop.vendors.junos.parsers import _clean, _has_namespaces, _qualified, parse_reply

CAPTURES = Path(os.environ.get("INTEROP_SHARED", "/work/shared")) / "captures" / "junos"

HAND_MADE = {
    b'<a xmlns:junos="http://x/junos"><b junos:style="brief">1</b></a>': True,
    b'<a><b junos:style="brief">1</b></a>': True,
    b"<a><c/><junos:b>1</junos:b></a>": True,
    b'<a xmlns="urn:x"><b/></a>': True,
    b'<a><b c="1"><!-- c --><d/></b><?pi x?></a>': False,
    b"<a/>": False,
}


def _plain(el) -> bool:
    return any(_qualified(node) for node in el.iter())


@pytest.mark.parametrize("raw", list(HAND_MADE))
def test_hand_made(raw: bytes) -> None:
    root = parse_reply(raw)
    assert _has_namespaces(root) is HAND_MADE[raw]
    assert _plain(root) is HAND_MADE[raw]


def test_every_capture_and_subtree() -> None:
    files = sorted(p for p in CAPTURES.glob("*") if p.suffix in (".xml", ".netconf")) if CAPTURES.is_dir() else []
    if not files:
        pytest.skip("no Junos XML captures (INTEROP_SHARED)")
    seen = set()
    for path in files:
        root = parse_reply(path.read_bytes())
        for node in root.iter():
            if isinstance(node.tag, str):
                assert _has_namespaces(node) == _plain(node), (path.name, node.tag)
                seen.add(_plain(node))
        stripped = _clean(root)
        assert not _has_namespaces(stripped) and not _plain(stripped)
        assert _clean(stripped) is stripped  # namespace-free: handed back as it is
    assert seen == {True, False}
