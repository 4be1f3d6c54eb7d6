"""Junos XML configuration (``<configuration>``) to and from the tree, driven by the YANG schema.

Junos element style: list entries become ``<interface><name>ge-1/0/0</name>..``, ``<unit>
<name>1000</name>..``; families ``<family><inet>..</inet><mpls/></family>``; leaves
``<mtu>9192</mtu>``; flags ``<vlan-tagging/>``; leaf-lists repeat their element. Load tags map to
the Junos attributes ``inactive``/``active``/``delete``/``replace`` and the NETCONF ``operation``
attribute. Elements the schema does not have, and values outside their type, are refused.
"""

from __future__ import annotations

from lxml import etree

from mpls_interop_lab.junos.keywords import body, descend, root_node
from mpls_interop_lab.junos.order import ordered
from mpls_interop_lab.junos.textfmt import add_value
from mpls_interop_lab.junos.tree import JNode, JunosLoadErrors, JunosSyntaxError
from mpls_interop_lab.junos.yang import SNode, check_value

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


def _emit(el: etree._Element, node: JNode, snode: SNode | None) -> None:
    family_el: etree._Element | None = None
    for key, child in ordered(node, snode):
        sc = descend(snode, key) if snode is not None else None
        if " " in key and key.startswith("family ") and (sc is None or sc.kind == "c"):
            if family_el is None:
                family_el = etree.SubElement(el, "family")
            x = etree.SubElement(family_el, key.split(" ", 1)[1])
        elif sc is not None and sc.kind == "l":
            x = etree.SubElement(el, sc.name)
            name = key if sc.keywordless else key.split(" ", 1)[1]
            key_names = (sc.raw.get("key") or "name").split()
            values = name.split(" ") if len(key_names) > 1 else [name]
            for kname, kval in zip(key_names, values, strict=False):
                etree.SubElement(x, kname).text = kval
        elif " " in key:  # not in the schema (never loaded through it): keep the Junos shape
            kw, name = key.split(" ", 1)
            x = etree.SubElement(el, kw)
            etree.SubElement(x, "name").text = name
        elif child.value is not None:
            value = child.value
            if value.startswith("[") and value.endswith("]"):
                for item in value[1:-1].split():
                    x = etree.SubElement(el, key)
                    x.text = item.strip('"')
                    _mark(x, child)
                continue
            x = etree.SubElement(el, key)
            x.text = value
        else:
            x = etree.SubElement(el, key)
        _emit(x, child, body(sc) if sc is not None else None)
        _mark(x, child)


def tree_to_xml(root: JNode) -> etree._Element:
    conf = etree.Element("configuration")
    top = root_node()
    for key, child in root.children.items():
        if key == "groups" and child.value is None:
            for name, member in child.children.items():
                x = etree.SubElement(conf, "groups")
                etree.SubElement(x, "name").text = name
                _emit(x, member, top)
                _mark(x, member)
            continue
        holder = JNode("")
        holder.children[key] = child
        _emit(conf, holder, top)
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


def _elements(elements: list[etree._Element]) -> list[etree._Element]:
    out = []
    for x in elements:
        tag = local(x.tag)
        if not tag or "xml.juniper.net/junos" in (etree.QName(x.tag).namespace or ""):
            continue  # XML comments, processing instructions, <junos:comment> annotations
        if tag == "undocumented":  # Junos wraps hidden statements in <undocumented>
            out.extend(_elements(list(x)))
            continue
        out.append(x)
    return out


def _parse(elements: list[etree._Element], node: JNode, snode: SNode, path: list[str],
           errors: list[JunosSyntaxError]) -> None:
    for x in _elements(elements):
        try:
            _parse_one(x, node, snode, path, errors)
        except JunosSyntaxError as exc:
            errors.append(exc)


def _parse_one(x: etree._Element, node: JNode, snode: SNode, path: list[str],
               errors: list[JunosSyntaxError]) -> None:
    tag = local(x.tag)
    line = x.sourceline
    op, inactive = _flags(x)
    sc = snode.data_children().get(tag)
    if sc is None:
        raise JunosSyntaxError("syntax error", tag, line, path)
    kids = _elements(list(x))
    if sc.kind == "c" and tag == "family" and kids:
        for fam in kids:
            fam_s = sc.child(local(fam.tag))
            if fam_s is None:
                errors.append(JunosSyntaxError("syntax error", local(fam.tag), fam.sourceline, path))
                continue
            f_op, f_inactive = _flags(fam)
            child = _child(node, f"family {local(fam.tag)}", f_op, f_inactive)
            _parse(list(fam), child, fam_s, path + [child.key], errors)
        return
    if sc.kind == "l":
        key_name = sc.key or "name"
        key_el = next((c for c in kids if local(c.tag) == key_name), None)
        extra_keys = [c for c in kids if local(c.tag) in (sc.raw.get("key") or "").split()[1:]]
        if key_el is None or not _text(key_el):
            raise JunosSyntaxError(f"missing mandatory statement: '{key_name}'", tag, line, path)
        value = _text(key_el)
        leaf = sc.key_leaf
        reason = check_value(leaf.type, value) if leaf is not None else None
        if reason is not None:
            raise JunosSyntaxError(reason, tag, line, path, value=value)
        value = " ".join([value] + [_text(c) for c in extra_keys if _text(c)])
        key = value if sc.keywordless else f"{tag} {value}"
        child = _child(node, key, op, inactive)
        rest = [c for c in kids if c is not key_el and c not in extra_keys]
        _parse(rest, child, body(sc), path + [key], errors)
        return
    if sc.kind in ("f", "L"):
        value = _text(x)
        if sc.is_flag:
            if value:
                raise JunosSyntaxError("syntax error", tag, line, path, value=value)
            _child(node, tag, op, inactive)
            return
        if not value:
            if op == "delete":
                _child(node, tag, op, inactive)
                return
            raise JunosSyntaxError("syntax error, expecting <data>", tag, line, path)
        reason = check_value(sc.type, value)
        if reason is not None:
            if reason == "syntax error":
                raise JunosSyntaxError("syntax error", value, line, path + [tag])
            raise JunosSyntaxError(reason, tag, line, path, value=value)
        fresh = tag not in node.children
        child = _child(node, tag, op, inactive)
        if sc.kind == "L" and not fresh and child.value is not None:
            child.value = add_value(child.value, value)
        else:
            child.value = value
        return
    child = _child(node, tag, op, inactive)
    child.value = None
    _parse(kids, child, sc, path + [tag], errors)


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
    errors: list[JunosSyntaxError] = []
    top = root_node()
    for x in _elements(list(find_configuration(xml))):
        if local(x.tag) == "groups":
            name_el = next((c for c in x if local(c.tag) == "name"), None)
            if name_el is None:
                errors.append(JunosSyntaxError("missing mandatory statement: 'name'", "groups",
                                               x.sourceline, []))
                continue
            holder = _child(root, "groups", None, None)
            op, inactive = _flags(x)
            member = _child(holder, _text(name_el), op, inactive)
            _parse([c for c in x if c is not name_el], member, top, ["groups", member.key], errors)
            continue
        try:
            _parse_one(x, root, top, [], errors)
        except JunosSyntaxError as exc:
            errors.append(exc)
    if errors:
        raise JunosLoadErrors(errors)
    return root
