"""The Junos reply cleaner (``vendors/junos/ncreply.py``) builds the tree ncclient's own
``remove_namespaces`` builds with the Junos handler's stylesheet: byte for byte the same
serialisation on every capture that parses, on hand-made replies (default and prefixed
namespaces, attributes whose local names collide, ``xml:space``, blanks, comments, processing
instructions, CDATA) and on generated ones (hypothesis); replies that do not parse fail the same
way; another stylesheet still goes through ncclient."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from ncclient.devices.junos import JunosDeviceHandler
from ncclient.xml_ import NCElement

from mpls_interop.vendors.junos import ncreply

CAPTURES = Path(os.environ.get("INTEROP_SHARED", "/work/shared")) / "captures" / "junos"
XSLT = JunosDeviceHandler({"name": "junos"}).transform_reply()

HAND_MADE = [
    '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos"'
    ' message-id="urn:uuid:1"><route-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-routing">\n'
    '  <route-table junos:style="brief"><table-name>inet.0</table-name>\n  </route-table>\n</route-information>\n'
    '</rpc-reply>',
    '<a xmlns:x="urn:x" x:k="1" k="2"><b k="3" x:k="4"/></a>',
    '<a xmlns:x="urn:x"><x:b xml:space="preserve">  <c/>  </x:b><d>  <e/>  </d></a>',
    '<a><b xml:lang="en"> <c> </c> </b></a>',
    '<a><!-- c --><?pi x?><b><![CDATA[ <x> ]]></b>\n  <c>t<d/> </c></a>',
    '<a xmlns="urn:a"><b xmlns="urn:b"><c xmlns=""><d/></c></b></a>',
    '<configuration-text>\n## Last changed\nsystem {\n    host-name r1;\n}\n</configuration-text>',
]


def stock(raw: str, xslt: bytes = XSLT, huge_tree: bool = False) -> etree._Element:
    el = NCElement.__new__(NCElement)
    el._NCElement__transform_reply = xslt
    el._NCElement__huge_tree = huge_tree
    return ncreply.stock_remove_namespaces()(el, raw)


def same(raw: str) -> None:
    assert etree.tostring(ncreply.strip_namespaces(raw)) == etree.tostring(stock(raw))


@pytest.mark.parametrize("raw", HAND_MADE)
def test_hand_made(raw: str) -> None:
    same(raw)


def test_every_capture() -> None:
    files = sorted(p for p in CAPTURES.glob("*") if p.suffix in (".xml", ".netconf")) if CAPTURES.is_dir() else []
    if not files:
        pytest.skip("no Junos XML captures (INTEROP_SHARED)")
    parsed = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        try:
            want = etree.tostring(stock(raw))
        except etree.XMLSyntaxError:
            with pytest.raises(etree.XMLSyntaxError):
                ncreply.strip_namespaces(raw)
            continue
        assert etree.tostring(ncreply.strip_namespaces(raw)) == want, path.name
        parsed += 1
    assert parsed


_NAMES = st.sampled_from(["a", "b", "junos:c", "x:d", "e", "xml:space", "xml:lang", "x:a", "f"])
_TEXT = st.sampled_from(["", " ", "\n  ", "t", " t ", "&amp;", "<![CDATA[ c ]]>", "<!-- n -->", "<?p q?>"])


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(["r", "junos:r", "x:r", "s", "x:s", "t"]))
    attrs = draw(st.lists(st.tuples(_NAMES, st.sampled_from(["1", "preserve", "default", "v"])), max_size=3,
                          unique_by=lambda a: a[0]))
    decl = draw(st.sampled_from(["", ' xmlns="urn:d"', ' xmlns=""', ' xmlns:x="urn:x2"']))
    attr_text = "".join(f' {k}="{v}"' for k, v in attrs if k != "xml:space" or v in ("preserve", "default"))
    children = draw(st.lists(_element(depth + 1), max_size=3)) if depth < 3 else []
    parts = [draw(_TEXT)]
    for child in children:
        parts += [child, draw(_TEXT)]
    return f"<{tag}{decl}{attr_text}>{''.join(parts)}</{tag}>"


@settings(max_examples=300, deadline=None)
@given(_element())
def test_generated(body: str) -> None:
    raw = f'<rpc-reply xmlns:junos="urn:junos" xmlns:x="urn:x">{body}</rpc-reply>'
    try:
        want = etree.tostring(stock(raw))
    except (etree.XMLSyntaxError, etree.XSLTApplyError):
        with pytest.raises(etree.LxmlError):
            ncreply.strip_namespaces(raw)
        return
    assert etree.tostring(ncreply.strip_namespaces(raw)) == want


def test_installed_only_for_the_junos_stylesheet() -> None:
    ncreply.install()
    ncreply.install()  # once
    raw = HAND_MADE[0]
    assert etree.tostring(NCElement(raw, XSLT)._NCElement__doc) == etree.tostring(stock(raw))
    other = XSLT.replace(b'indent="no"', b'indent="yes"')
    assert etree.tostring(NCElement(raw, other)._NCElement__doc) == etree.tostring(stock(raw, other))


def _root(fn, raw: str):  # noqa: ANN001, ANN202
    try:
        tag, attrib = fn(raw)
    except Exception as exc:  # noqa: BLE001
        return type(exc)
    return tag, dict(attrib)


ROOTS = [
    *HAND_MADE,
    '<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="urn:uuid:7"><data>' + "<x a='1'>t</x>" * 3000
    + "</data></rpc-reply>",
    '<rpc-reply message-id="1"><data>' + "<x>t</x>" * 400 + "<bad></data></rpc-reply>",  # error in the first 32 KB
    '<rpc-reply message-id="1"><data>' + "<x>t</x>" * 5000 + "<bad></data></rpc-reply>",  # error after it
    '<rpc-reply message-id="1"><data>' + "<x>t</x>" * 400,  # truncated
    '<rpc-reply message-id="1"><data>' + "<j:x>t</j:x>" * 400 + "</data></rpc-reply>",  # undeclared prefix
    "garbage" + "<x/>" * 1000,
    "<?xml version='1.0'?>\n<!-- c -->\n<rpc-reply xmlns:junos='urn:j' junos:style='x' message-id='2'><data>"
    + "<x/>" * 1000 + "</data></rpc-reply>",
    " " * 3000 + "<a/>",
    "",
]


@pytest.mark.parametrize("raw", ROOTS)
def test_root_as_ncclient_reads_it(raw: str) -> None:
    from ncclient.xml_ import parse_root

    assert _root(ncreply.root_of, raw) == _root(parse_root, raw)


def test_root_of_every_capture() -> None:
    from ncclient.xml_ import parse_root

    files = sorted(p for p in CAPTURES.glob("*") if p.suffix in (".xml", ".netconf")) if CAPTURES.is_dir() else []
    if not files:
        pytest.skip("no Junos XML captures (INTEROP_SHARED)")
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert _root(ncreply.root_of, raw) == _root(parse_root, raw), path.name


@settings(max_examples=150, deadline=None)
@given(_element(), st.integers(0, 6000))
def test_root_of_generated(body: str, pad: int) -> None:
    from ncclient.xml_ import parse_root

    raw = f'<rpc-reply xmlns:junos="urn:junos" xmlns:x="urn:x" message-id="9">{"<p>é</p>" * pad}{body}</rpc-reply>'
    assert _root(ncreply.root_of, raw) == _root(parse_root, raw)
