"""Junos XML configuration (``<configuration>``) to and from the tree.

Junos element style: named list members become ``<interface><name>ge-1/0/0</name>..``, keyed
lists ``<unit><name>1000</name>..``, families ``<family><inet>..</inet><mpls/></family>``, leaves
``<mtu>9192</mtu>``, flags ``<vlan-tagging/>``; bracket lists repeat the leaf element. Load tags
map to the Junos attributes ``inactive``/``active``/``delete``/``replace`` and the NETCONF
``operation`` attribute.
"""

from __future__ import annotations

import re

from lxml import etree

from mpls_interop_lab.junos.keywords import (
    KEYED,
    KEYED_UNDER,
    NAMED_PARENTS,
    NOT_NAMES,
    UNWRAPPED,
    Word,
    check_family,
    check_keyword,
)
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError

# Leaves that Junos XML wraps in a one-child container.
WRAPPED_LEAVES = {"route-distinguisher": "rd-type", "vrf-target": "community"}
_XML_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


# ---- tree → XML --------------------------------------------------------------------------------


def _mark(el: etree._Element, node: JNode) -> None:
    if node.inactive:
        el.set("inactive", "inactive")
    if node.op == "delete":
        el.set("delete", "delete")
    elif node.op == "replace":
        el.set("replace", "replace")


def _emit(el: etree._Element, node: JNode) -> None:
    family_el: etree._Element | None = None
    for key, child in node.children.items():
        if node.key in NAMED_PARENTS and key not in NOT_NAMES and " " not in key:
            x = etree.SubElement(el, NAMED_PARENTS[node.key])
            etree.SubElement(x, "name").text = key
            _emit(x, child)
        elif " " in key:
            kw, name = key.split(" ", 1)
            if kw == "family" and _XML_NAME.match(name):
                if family_el is None:
                    family_el = etree.SubElement(el, "family")
                x = etree.SubElement(family_el, name)
            else:
                x = etree.SubElement(el, kw)
                etree.SubElement(x, "name").text = name
            _emit(x, child)
        elif not _XML_NAME.match(key):
            # mpls `path p1 { 192.0.2.1 loose; }` and other name-first statements
            x = etree.SubElement(el, "path-list" if node.keyword == "path" else "statement")
            etree.SubElement(x, "name").text = key
            if child.value is not None:
                if _XML_NAME.match(child.value):
                    etree.SubElement(x, child.value)
                else:
                    etree.SubElement(x, "value").text = child.value
            _emit(x, child)
        elif child.value is not None:
            value = child.value
            if key in WRAPPED_LEAVES:
                x = etree.SubElement(el, key)
                etree.SubElement(x, WRAPPED_LEAVES[key]).text = value
            elif value.startswith("[") and value.endswith("]"):
                items = value[1:-1].split()
                x = None
                for item in items:
                    x = etree.SubElement(el, key)
                    x.text = item.strip('"')
                    _mark(x, child)
                continue
            else:
                x = etree.SubElement(el, key)
                x.text = value
        else:
            x = etree.SubElement(el, key)
            _emit(x, child)
        _mark(x, child)


def tree_to_xml(root: JNode) -> etree._Element:
    conf = etree.Element("configuration")
    for key, child in root.children.items():
        if key in UNWRAPPED and child.value is None:
            for name, member in child.children.items():
                x = etree.SubElement(conf, key)
                etree.SubElement(x, "name").text = name
                _emit(x, member)
                _mark(x, member)
            continue
        holder = JNode("")
        holder.children[key] = child
        _emit(conf, holder)
    return conf


# ---- XML → tree --------------------------------------------------------------------------------


def _flags(el: etree._Element) -> tuple[str | None, bool | None]:
    op: str | None = None
    inactive: bool | None = None
    for name, value in el.attrib.items():
        attr = local(name)
        if attr == "operation":
            op = {"delete": "delete", "remove": "delete", "replace": "replace"}.get(value)
        elif attr == "delete" and value == "delete":
            op = "delete"
        elif attr == "replace" and value == "replace":
            op = "replace"
        elif attr == "inactive" and value == "inactive":
            inactive = True
        elif attr == "active" and value == "active":
            inactive = False
    return op, inactive


def _child(node: JNode, key: str, op: str | None, inactive: bool | None) -> JNode:
    child = node.children.get(key)
    if child is None:
        child = node.children[key] = JNode(key)
    if op:
        child.op = op
    if inactive is not None:
        child.inactive = inactive
    return child


def _text(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _parse(elements: list[etree._Element], node: JNode, path: list[str]) -> None:
    lists: dict[str, list[str]] = {}
    for x in elements:
        tag = local(x.tag)
        if not tag or "xml.juniper.net/junos" in (etree.QName(x.tag).namespace or ""):
            continue  # XML comments, processing instructions, <junos:comment> annotations
        if tag == "undocumented":  # Junos wraps hidden statements in <undocumented>
            _parse(list(x), node, path)
            continue
        kids = [c for c in x if local(c.tag)]
        name_el = next((c for c in kids if local(c.tag) == "name"), None)
        rest = [c for c in kids if c is not name_el]
        op, inactive = _flags(x)
        line = x.sourceline
        if node.key in NAMED_PARENTS and tag == NAMED_PARENTS[node.key] and name_el is not None:
            child = _child(node, _text(name_el), op, inactive)
            _parse(rest, child, path + [child.key])
            continue
        if not path and tag in UNWRAPPED and name_el is not None:
            holder = _child(node, tag, None, None)
            child = _child(holder, _text(name_el), op, inactive)
            _parse(rest, child, [tag, child.key])
            continue
        check_keyword(path, Word(tag, line))
        if tag == "family" and name_el is None and kids:
            for fam in kids:
                check_family(path, Word(local(fam.tag), fam.sourceline))
                f_op, f_inactive = _flags(fam)
                child = _child(node, f"family {local(fam.tag)}", f_op, f_inactive)
                _parse(list(fam), child, path + [child.key])
            continue
        if tag in ("path-list", "statement") and name_el is not None:
            child = _child(node, _text(name_el), op, inactive)
            value_el = next((c for c in rest if local(c.tag) == "value"), None)
            flags = [c for c in rest if not list(c) and not _text(c)]
            if value_el is not None:
                child.value = _text(value_el)
            elif flags:
                child.value = local(flags[0].tag)
            continue
        if tag in WRAPPED_LEAVES and len(kids) == 1 and local(kids[0].tag) == WRAPPED_LEAVES[tag]:
            child = _child(node, tag, op, inactive)
            child.value = _text(kids[0])
            continue
        if name_el is not None and (tag in KEYED or tag in KEYED_UNDER or kids[0] is name_el):
            child = _child(node, f"{tag} {_text(name_el)}", op, inactive)
            _parse(rest, child, path + [child.key])
            continue
        if not kids:
            text = _text(x)
            child = _child(node, tag, op, inactive)
            if text:
                lists.setdefault(tag, []).append(text)
                child.value = text
            continue
        child = _child(node, tag, op, inactive)
        child.value = None
        _parse(kids, child, path + [tag])
    for tag, values in lists.items():
        if len(values) > 1:
            node.children[tag].value = "[ " + " ".join(values) + " ]"


def find_configuration(xml: str | bytes | etree._Element) -> etree._Element:
    if isinstance(xml, (str, bytes)):
        data = xml.encode() if isinstance(xml, str) else xml
        try:
            el = etree.fromstring(data.strip(), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise JunosSyntaxError("syntax error, malformed XML", str(exc), exc.lineno) from None
    else:
        el = xml
    if local(el.tag) == "configuration":
        return el
    found = el.xpath(".//*[local-name()='configuration']")
    if found:
        return found[0]
    raise JunosSyntaxError("syntax error, expecting <configuration>", local(el.tag), el.sourceline)


def xml_to_tree(xml: str | bytes | etree._Element) -> JNode:
    root = JNode("")
    _parse(list(find_configuration(xml)), root, [])
    return root
