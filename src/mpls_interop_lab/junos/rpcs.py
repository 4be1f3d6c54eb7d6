"""The RPCs one NETCONF session answers: Junos configuration RPCs, the standard NETCONF ones,
device-level operational RPCs, and everything else through ``device.op_handler``.

``dispatch`` returns the reply body (a list of elements; empty means ``<ok/>``) or raises
:class:`~mpls_interop_lab.junos.errors.JunosRpcError`.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from mpls_interop_lab.junos import oper
from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.junos.device import JunosDevice, timestamp
from mpls_interop_lab.junos.errors import JunosRpcError, RpcErrorInfo, syntax_rpc_error
from mpls_interop_lab.junos.keywords import Word, descend, locate, resolve
from mpls_interop_lab.junos.textfmt import node_lines
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError
from mpls_interop_lab.junos.xmlmap import local

PRIVATE_INSTANCE = "__juniper_private1__"


class CloseSession(Exception):
    """Raised after ``<close-session/>`` is answered: the session ends."""


@dataclass
class Session:
    device: JunosDevice
    sid: int
    user: str


def _el(tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    el = etree.Element(tag, attrib)
    el.text = text
    return el


def _child(op: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in op if local(c.tag) == name), None)


def _flag(op: etree._Element, name: str) -> bool:
    return _child(op, name) is not None


def _text(op: etree._Element, name: str) -> str | None:
    c = _child(op, name)
    return (c.text or "").strip() if c is not None else None


def not_supported(message: str, bad: str | None = None) -> JunosRpcError:
    return JunosRpcError(
        RpcErrorInfo(message, tag="operation-not-supported", bad_element=bad)
    )


def _int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise JunosRpcError(RpcErrorInfo(f"invalid value for {name}: {value}", bad_element=value))
    return int(value)


# ---- configuration output ------------------------------------------------------------------------


def _database(s: Session, name: str | None) -> JunosConfig:
    if name in (None, "", "candidate"):
        return s.device.candidate
    if name == "committed":
        return s.device.committed
    raise JunosRpcError(RpcErrorInfo(f"invalid value for database: {name}", bad_element=name))


def filter_config(full: etree._Element, filt: etree._Element) -> etree._Element:
    """Junos subtree filtering of a ``<configuration>`` element by a ``<configuration>`` filter."""
    out = etree.Element(full.tag, full.attrib, nsmap=full.nsmap)

    def select(src: etree._Element, f_parent: etree._Element, dst: etree._Element) -> None:
        for f in f_parent:
            tag = local(f.tag)
            if not tag:
                continue
            f_kids = [c for c in f if local(c.tag)]
            f_name = next((c for c in f_kids if local(c.tag) == "name"), None)
            wanted = (f.text or "").strip() if not f_kids else ""
            for s in src:
                if local(s.tag) != tag:
                    continue
                if f_name is not None and (f_name.text or "").strip() and (
                    (s.findtext("name") or "").strip() != (f_name.text or "").strip()
                ):
                    continue
                if wanted and (s.text or "").strip() != wanted:
                    continue
                deeper = [c for c in f_kids if c is not f_name]
                if not deeper:
                    dst.append(copy.deepcopy(s))
                    continue
                node = etree.SubElement(dst, s.tag, s.attrib)
                name = s.find("name")
                if name is not None:
                    node.append(copy.deepcopy(name))
                select(s, f, node)
                if len(node) == (1 if name is not None else 0):
                    dst.remove(node)

    select(full, filt, out)
    return out


def _config_element(s: Session, cfg: JunosConfig, committed: bool) -> etree._Element:
    el = cfg.to_xml()
    ns = "http://xml.juniper.net/junos/" + s.device.version.split("-")[0] + "/junos"
    wrapped = etree.Element("configuration", nsmap={"junos": ns})
    wrapped.extend(list(el))
    if committed:
        rec = s.device.history[0]
        wrapped.set(f"{{{ns}}}commit-seconds", str(int(rec.seconds)))
        wrapped.set(f"{{{ns}}}commit-localtime", timestamp(rec.seconds))
        wrapped.set(f"{{{ns}}}commit-user", rec.user)
    else:
        changed = s.device.candidate_changed
        wrapped.set(f"{{{ns}}}changed-seconds", str(int(changed)))
        wrapped.set(f"{{{ns}}}changed-localtime", timestamp(changed))
    return wrapped


def _header(s: Session, committed: bool) -> str:
    if committed:
        rec = s.device.history[0]
        return f"## Last commit: {timestamp(rec.seconds)} by {rec.user}\n"
    return f"## Last changed: {timestamp(s.device.candidate_changed)}\n"


def _render(s: Session, cfg: JunosConfig, fmt: str, committed: bool,
            filt: etree._Element | None) -> etree._Element:
    if filt is not None:
        filtered = filter_config(_config_element(s, cfg, committed), filt)
        if fmt == "xml":
            return filtered
        cfg = JunosConfig.from_xml(filtered)
    if fmt == "xml":
        return _config_element(s, cfg, committed)
    if fmt == "text":
        return _el("configuration-text", "\n" + _header(s, committed) + cfg.to_text())
    if fmt == "set":
        return _el("configuration-set", "\n" + cfg.to_set())
    raise JunosRpcError(RpcErrorInfo(f"format '{fmt}' is not supported by this device", bad_element=fmt))


def _compare_output(text: str) -> etree._Element:
    info = etree.Element("configuration-information")
    etree.SubElement(info, "configuration-output").text = "\n" + text + "\n" if text else "\n"
    return info


def get_configuration(s: Session, op: etree._Element) -> list[etree._Element]:
    fmt = op.get("format", "xml")
    database = op.get("database")
    committed = database == "committed"
    cfg = _database(s, database)
    rollback = _int(op.get("rollback"), "rollback")
    if op.get("compare") == "rollback":
        base = s.device.rollback_config(rollback or 0)
        return [_compare_output(cfg.compare(base))]
    if op.get("compare"):
        raise JunosRpcError(RpcErrorInfo(f"invalid value for compare: {op.get('compare')}"))
    if rollback is not None:
        cfg, committed = s.device.rollback_config(rollback), True
    filt = _child(op, "configuration")
    return [_render(s, cfg, fmt, committed, filt)]


def get_config(s: Session, op: etree._Element) -> list[etree._Element]:
    source = _child(op, "source")
    which = local(source[0].tag) if source is not None and len(source) else "running"
    committed = which == "running"
    cfg = s.device.committed if committed else s.device.candidate
    filt_el = _child(op, "filter")
    filt = None
    if filt_el is not None:
        filt = next((c for c in filt_el if local(c.tag) == "configuration"), None)
        if filt is None and len(filt_el):
            filt = etree.Element("configuration")
            filt.extend(copy.deepcopy(c) for c in filt_el)
    data = etree.Element("data")
    data.append(_render(s, cfg, "xml", committed, filt))
    return [data]


# ---- configuration changes -------------------------------------------------------------------------


def load_configuration(s: Session, op: etree._Element) -> list[etree._Element]:
    action = op.get("action", "merge")
    rollback = _int(op.get("rollback"), "rollback")
    if op.get("rescue") or op.get("url"):
        raise not_supported("loading from a URL or the rescue configuration is not supported")
    if rollback is not None:
        s.device.load(s.sid, rollback=rollback)
    else:
        text = _child(op, "configuration-text")
        sets = _child(op, "configuration-set")
        xml = _child(op, "configuration")
        if sets is not None:
            s.device.load(s.sid, sets.text or "", "text", "set")
        elif text is not None:
            s.device.load(s.sid, text.text or "", "text", action)
        elif xml is not None:
            s.device.load(s.sid, xml, "xml", action)
        elif _child(op, "configuration-json") is not None:
            raise not_supported("format json is not supported by this device", bad="configuration-json")
        else:
            raise JunosRpcError(
                RpcErrorInfo("syntax error, expecting <configuration>"),
                wrapper="load-configuration-results",
            )
    results = etree.Element("load-configuration-results")
    etree.SubElement(results, "ok")
    return [results]


def commit_configuration(s: Session, op: etree._Element) -> list[etree._Element]:
    if _flag(op, "at-time"):
        raise not_supported("commit at is not supported by this device")
    check = _flag(op, "check")
    confirmed = _flag(op, "confirmed")
    timeout = _int(_text(op, "confirm-timeout"), "confirm-timeout")
    revision = s.device.commit(
        s.sid, check=check, comment=_text(op, "log"), confirmed=confirmed, confirm_timeout=timeout
    )
    ns = "http://xml.juniper.net/junos/" + s.device.version.split("-")[0] + "/junos"
    results = etree.Element("commit-results", nsmap={"junos": ns})
    engine = etree.SubElement(results, "routing-engine")
    engine.set(f"{{{ns}}}style", "normal")
    etree.SubElement(engine, "name").text = "re0"
    if check:
        etree.SubElement(engine, "commit-check-success")
    else:
        etree.SubElement(engine, "commit-success")
        etree.SubElement(engine, "commit-revision").text = revision
    return [results]


def edit_config(s: Session, op: etree._Element) -> list[etree._Element]:
    target = _child(op, "target")
    if target is not None and len(target) and local(target[0].tag) != "candidate":
        raise JunosRpcError(RpcErrorInfo("only the candidate configuration can be edited", bad_element=local(target[0].tag)))
    default = _text(op, "default-operation") or "merge"
    config = _child(op, "config")
    text_holder = _child(op, "config-text")
    try:
        if text_holder is not None:
            patch = JunosConfig.parse_text(_text(text_holder, "configuration-text") or "")
        elif config is not None:
            holder = next((c for c in config if local(c.tag) == "configuration"), None)
            if holder is None:
                holder = etree.Element("configuration")
                holder.extend(copy.deepcopy(c) for c in config)
            patch = JunosConfig.from_xml(holder)
        else:
            raise JunosRpcError(RpcErrorInfo("missing <config>", tag="missing-element", bad_element="config"))
    except JunosSyntaxError as exc:
        raise syntax_rpc_error(exc) from None
    s.device.edit(s.sid, patch, replace_all=default == "replace")
    return []


def commit(s: Session, op: etree._Element) -> list[etree._Element]:
    seconds = _int(_text(op, "confirm-timeout"), "confirm-timeout")
    minutes = max(1, math.ceil(seconds / 60)) if seconds else None
    s.device.commit(s.sid, confirmed=_flag(op, "confirmed"), confirm_timeout=minutes)
    return []


def _target_ok(op: etree._Element) -> None:
    target = _child(op, "target")
    if target is not None and len(target) and local(target[0].tag) not in ("candidate", "running"):
        raise JunosRpcError(RpcErrorInfo("invalid target", tag="invalid-value", bad_element=local(target[0].tag)))


# ---- operational ------------------------------------------------------------------------------------


def _subconfig(cfg: JunosConfig, keys: list[str]) -> JunosConfig:
    """Only the statement at ``keys`` and the hierarchy above it."""
    root = JNode("")
    src, dst = cfg.root, root
    for i, key in enumerate(keys):
        child = src.children[key]
        copy_ = child.clone() if i == len(keys) - 1 else JNode(child.key, child.value, {}, child.inactive)
        dst.children[key] = copy_
        src, dst = child, copy_
    return JunosConfig(root)


def _show_configuration(s: Session, words: list[str], pipes: list[str], fmt: str) -> etree._Element:
    cfg = s.device.committed
    node = cfg.root
    keys: list[str] = []
    if words:
        try:
            keys = [st.key for st in resolve([Word(w) for w in words], [], block=False, partial=True)]
        except JunosSyntaxError as exc:
            raise syntax_rpc_error(exc) from None
        found = node.get(*keys)
        if found is None:
            return _el("configuration-text" if fmt == "text" else "configuration", "\n" if fmt == "text" else None)
        node = found
    display = " ".join(pipes)
    if "display set" in display:
        lines = []
        prefix = " ".join(words)
        for line in cfg.to_set().splitlines():
            if not prefix or line.split(" ", 1)[1].startswith(prefix):
                lines.append(line)
        return _el("configuration-set", "\n" + "\n".join(lines) + "\n")
    if fmt == "xml" or "display xml" in display:
        return _config_element(s, _subconfig(cfg, keys) if words else cfg, True)
    snode = locate(keys)
    body = [line for key, child in node.children.items()
            for line in node_lines(child, 0, descend(snode, key) if snode is not None else None)]
    if node is not cfg.root and node.value is not None:
        body = node_lines(node, 0, snode)
    text = "\n" + (_header(s, True) if not words else "") + "\n".join(body) + "\n"
    return _el("configuration-text", text)


def command(s: Session, op: etree._Element) -> list[etree._Element]:
    raw = (op.text or "").strip()
    fmt = op.get("format", "xml")
    parts = [p.strip() for p in raw.split("|")]
    words = parts[0].split()
    pipes = [p for p in parts[1:] if p and p != "no-more"]
    if not words:
        raise not_supported("empty command", bad="command")
    w = words + ["", "", ""]
    d = s.device
    if w[0] == "show" and w[1] == "version":
        if fmt == "text":
            return [_el("output", "\n" + oper.show_version_text(d))]
        if "invoke-on" in words:
            return [oper.software_information_all_res(d)]
        return [oper.software_information(d)]
    if w[0] == "show" and w[1] == "configuration":
        return [_show_configuration(s, words[2:], pipes, fmt)]
    builtin: dict[tuple[str, str], Callable[[JunosDevice], etree._Element]] = {
        ("system", "commit"): oper.commit_information,
        ("system", "uptime"): oper.system_uptime_information,
        ("chassis", "hardware"): oper.chassis_inventory,
        ("chassis", "routing-engine"): oper.route_engine_information,
    }
    if w[0] == "show" and (w[1], w[2]) in builtin and fmt != "text":
        return [builtin[(w[1], w[2])](d)]
    reply = _ask_model(s, op)
    if reply is not None:
        return reply
    bad = w[1] if w[0] == "show" and w[1] else w[0]
    raise not_supported("syntax error, expecting <command>", bad=bad)


def _ask_model(s: Session, op: etree._Element) -> list[etree._Element] | None:
    handler = s.device.op_handler
    if handler is None:
        return None
    try:
        reply = handler(op)
    except JunosRpcError:
        raise
    except Exception as exc:  # a model bug must not kill the session
        raise JunosRpcError(RpcErrorInfo(f"{local(op.tag)}: internal error ({type(exc).__name__})")) from exc
    if reply is None:
        return None
    return list(reply) if isinstance(reply, (list, tuple)) else [reply]


def file_show(s: Session, op: etree._Element) -> list[etree._Element]:
    name = _text(op, "filename") or ""
    content = oper.file_content(name)
    if content is None:
        raise JunosRpcError(RpcErrorInfo(f"could not resolve file: {name}", bad_element=name))
    return [content]


def get_interface_information(s: Session, op: etree._Element) -> list[etree._Element]:
    if _text(op, "routing-instance") == PRIVATE_INSTANCE:
        return [oper.private_interfaces(s.device)]
    return _model_or_error(s, op)


def _model_or_error(s: Session, op: etree._Element) -> list[etree._Element]:
    reply = _ask_model(s, op)
    if reply is None:
        raise not_supported("syntax error, expecting <command>", bad=local(op.tag))
    return reply


def _simple(build: Callable[[JunosDevice], etree._Element]) -> Callable[[Session, etree._Element], list[etree._Element]]:
    return lambda s, op: [build(s.device)]


def _lock(s: Session, op: etree._Element) -> list[etree._Element]:
    _target_ok(op)
    s.device.lock(s.sid)
    return []


def _unlock(s: Session, op: etree._Element) -> list[etree._Element]:
    _target_ok(op)
    s.device.unlock(s.sid)
    return []


def _close(s: Session, op: etree._Element) -> list[etree._Element]:
    raise CloseSession()


def _discard(s: Session, op: etree._Element) -> list[etree._Element]:
    s.device.discard(s.sid)
    return []


def _validate(s: Session, op: etree._Element) -> list[etree._Element]:
    s.device.commit(s.sid, check=True)
    return []


HANDLERS: dict[str, Callable[[Session, etree._Element], list[etree._Element]]] = {
    "get-configuration": get_configuration,
    "load-configuration": load_configuration,
    "commit-configuration": commit_configuration,
    "lock-configuration": _lock,
    "unlock-configuration": _unlock,
    "open-configuration": lambda s, op: [],
    "close-configuration": lambda s, op: [],
    "get-config": get_config,
    "edit-config": edit_config,
    "lock": _lock,
    "unlock": _unlock,
    "commit": commit,
    "discard-changes": _discard,
    "validate": _validate,
    "close-session": _close,
    "command": command,
    "get-software-information": _simple(oper.software_information),
    "get-route-engine-information": _simple(oper.route_engine_information),
    "get-chassis-inventory": _simple(oper.chassis_inventory),
    "get-system-uptime-information": _simple(oper.system_uptime_information),
    "get-commit-information": _simple(oper.commit_information),
    "file-show": file_show,
    "file-list": lambda s, op: [oper.directory_list(s.user)],
    "get-interface-information": get_interface_information,
}
_TAG_OK = re.compile(r"^[A-Za-z_][\w.-]*$")


def dispatch(s: Session, op: etree._Element) -> list[etree._Element]:
    tag = local(op.tag)
    handler = HANDLERS.get(tag)
    if handler is None:
        if not _TAG_OK.match(tag):
            raise not_supported("malformed RPC", bad=tag)
        return _model_or_error(s, op)
    return handler(s, op)
