"""NetIron show output → rows (TextFSM templates, clitable index) → vendor-neutral records.

``parse(command, text)`` finds the template for a (possibly abbreviated) command through the
``templates/textfsm/index`` file and returns one dict per row, keys lower-case, values stripped.
The ``to_*`` functions turn those rows into the records of :mod:`mpls_interop.sdk.records`.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

import textfsm
from textfsm import clitable

from mpls_interop.sdk.records import (
    BfdSession,
    Facts,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
    PwKind,
    PwType,
)
from mpls_interop.sdk.spec import FCS

PLATFORM = "extreme_netiron"
INDEX_FILE = "index"

Row = Mapping[str, "str | list[str]"]


class ParseError(ValueError):
    """Output (or a command) the NetIron templates cannot turn into the requested data."""


@cache
def template_dir() -> Path:
    """Directory of the TextFSM templates and their index, shipped in this vendor package."""
    path = Path(str(files(__package__) / "textfsm"))
    if not (path / INDEX_FILE).is_file():
        raise FileNotFoundError(f"TextFSM index not found in {path}")
    return path


def _clean(value: str | list[str]) -> str | list[str]:
    if isinstance(value, list):
        return [v.strip() for v in value]
    return value.strip()


_INDEX_LOCK = threading.Lock()


@cache
def _index() -> clitable.CliTable:
    """The template index (clitable's command abbreviations ``sh[[ow]]`` compiled), read once."""
    return clitable.CliTable(INDEX_FILE, str(template_dir()))


@lru_cache(maxsize=256)
def _template(cmd: str) -> str:
    """The text of the template the index maps ``cmd`` to (one template per row in ours)."""
    with _INDEX_LOCK:
        index = _index().index
        row = index.GetRowMatch({"Command": cmd, "Platform": PLATFORM})
        if not row:
            raise ParseError(f"no NetIron template for command {cmd!r}")
        names = index.index[row]["Template"].split(":")
    if len(names) != 1:
        raise ParseError(f"{cmd!r}: the index names {len(names)} templates, one is supported")
    return (template_dir() / names[0]).read_text()


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
#: idle compiled parsers per template: one per concurrent parse, reused by later ones (worker
#: threads come and go with each phase of a run)
_IDLE: dict[str, list[textfsm.TextFSM]] = {}
_IDLE_LOCK = threading.Lock()


@lru_cache(maxsize=256)
def _prefilter(template: str) -> re.Pattern[str]:
    """One regex that matches every line some rule of ``template`` (any state) matches: the
    alternation of all its rules, named groups made plain. A line it does not match matches no
    rule, and TextFSM does nothing with such a line: it is dropped before the per-rule loop."""
    fsm = textfsm.TextFSM(io.StringIO(template))
    rules = [_NAMED_GROUP.sub("(?:", rule.regex) for state in fsm.states.values() for rule in state]
    return re.compile("|".join(f"(?:{r})" for r in rules))


@contextmanager
def _fsm(template: str) -> Iterator[textfsm.TextFSM]:
    """A compiled parser of ``template`` for one parse, reset, then handed back for reuse (a
    TextFSM holds the state of one parse: two parses never share one at the same time)."""
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(template, [])
        fsm = idle.pop() if idle else None
    if fsm is None:
        fsm = textfsm.TextFSM(io.StringIO(template))
    else:
        fsm.Reset()
    try:
        yield fsm
    finally:
        with _IDLE_LOCK:
            _IDLE[template].append(fsm)


def warm() -> None:
    """Read the template index and build every template's line filter now (in the main thread,
    before the workers that would otherwise each do it at their first parse)."""
    for path in sorted(template_dir().glob("*.textfsm")):
        _prefilter(path.read_text())
    _index()


def parse(command: str, text: str) -> list[dict[str, str | list[str]]]:
    """Parse ``text`` (the output of ``command``) with the template the index maps it to
    (the same lookup and rows as ``clitable.CliTable.ParseCmd``, without re-reading the index
    and copying its tables on every call, nor re-compiling the template; lines no rule can
    match are dropped first, see :func:`_prefilter`)."""
    return parse_template(_template(" ".join(command.split())), text)


def parse_template(template: str, text: str) -> list[dict[str, str | list[str]]]:
    """The rows TextFSM makes of ``text`` with ``template`` (its text), keys lower-case."""
    keep = _prefilter(template).match
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    with _fsm(template) as fsm:
        rows = fsm.ParseText("\n".join(line for line in lines if keep(line)))
        header = [h.lower() for h in fsm.header]
    return [{k: _clean(v) for k, v in zip(header, row, strict=True)} for row in rows]


# ---------------------------------------------------------------------------------------------
# small value helpers


_ETH = re.compile(
    r"^(?:\d*\s*(?:gigabitethernet|ethernet|ethe|eth|e)\s*)?(\d{1,2}/\d{1,2})$", re.IGNORECASE
)
_NAMED = (
    (re.compile(r"^(?:ve|v|virtual-ethernet)\s*(\d+)$", re.IGNORECASE), "ve"),
    (re.compile(r"^(?:loopback|lb|lo)\s*(\d+)$", re.IGNORECASE), "loopback"),
    (re.compile(r"^(?:ethernetmgmt|mgmt|management)\s*(\d+)$", re.IGNORECASE), "management"),
    (re.compile(r"^(?:tunnel|tnl|tn)\s*(\d+)$", re.IGNORECASE), "tunnel"),
)


def canonical_interface(name: str) -> str:
    """NetIron interface name in config style: ``GigabitEthernet2/1``, ``1/1``, ``eth 2/1`` →
    ``ethe 2/1``; ``Ve100``/``v100`` → ``ve 100``; ``Loopback1``/``lb1`` → ``loopback 1``;
    ``Ethernetmgmt1``/``mgmt1`` → ``management 1``; ``tn30`` → ``tunnel 30``. Others unchanged."""
    name = name.strip()
    m = _ETH.match(name)
    if m:
        return f"ethe {m.group(1)}"
    for pattern, prefix in _NAMED:
        m = pattern.match(name)
        if m:
            return f"{prefix} {m.group(1)}"
    return name


def _int(value: str | list[str] | None) -> int | None:
    """An integer, or None for empty/``--``/``N/A``-style placeholders."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _text(row: Row, key: str) -> str:
    value = row.get(key, "")
    return value if isinstance(value, str) else " ".join(value)


def _require(rows: Iterable[Row], key: str, command: str) -> list[Row]:
    rows = list(rows)
    if rows and key not in rows[0]:
        raise ParseError(f"expected rows parsed from {command!r} (no {key!r} column)")
    return rows


_PW_CODE = re.compile(r"0x0*([0-9a-f]+)", re.IGNORECASE)


#: VC type texts meaning "nothing signalled/known"
_NO_PW_TYPE = ("", "--", "n/a", "unknown")


def pw_type(text: str) -> PwType | None:
    """NetIron VC type → ``raw``/``tagged``: ``untag`` (5.x), ``raw-mode``, ``raw-pass-through``
    (later releases; the frames keep their tag but the VC type is Ethernet) and
    ``Ethernet(0x05)`` → raw; ``tag`` and ``Ethernet VLAN(0x04)`` → tagged; ``--``/``UNKNOWN``/empty
    or a word not known → None (see :func:`known_pw_type`)."""
    t = text.strip().lower()
    if t in _NO_PW_TYPE:
        return None
    code = _PW_CODE.search(t)
    if code:
        return {"5": "raw", "4": "tagged"}.get(code.group(1))
    return _PW_WORDS.get(t)


#: VC type words of the releases: 5.x ``untag``/``tag``, later ``raw-mode``/``raw-pass-through``
_PW_WORDS: dict[str, PwType] = {
    "untag": "raw", "untagged": "raw", "raw": "raw", "raw-mode": "raw", "raw-pass-through": "raw",
    "raw-passthrough": "raw", "ethernet": "raw",
    "tag": "tagged", "tagged": "tagged", "ethernet vlan": "tagged",
}


_REASON = re.compile(r"\(\s*Reason\s*:\s*(.+?)\s*\)", re.IGNORECASE)
_DOWN_TEXT = re.compile(r"^DOWN\s*-\s*(.+?)\s*$", re.IGNORECASE)


def pw_reason(state: str) -> str:
    """Root cause in plain words from a NetIron PW state text.

    ``DOWN - PW is Down (Reason:Wait for peer label)`` → ``Wait for peer label``;
    ``DOWN - endpoint is not UP`` → ``endpoint is not UP``; ``Wait for peer label`` → itself."""
    m = _REASON.search(state)
    if m:
        return m.group(1)
    m = _DOWN_TEXT.match(state)
    if m:
        return m.group(1)
    return state.strip()


# ---------------------------------------------------------------------------------------------
# records


def _admin_up(link: str) -> bool:
    return link.strip().lower() not in ("disabled", "administratively down", "admin/down")


def _from_brief(row: Row) -> Interface:
    link = _text(row, "link")
    return Interface(
        name=canonical_interface(_text(row, "port")),
        admin_up=_admin_up(link),
        oper_up=link.lower() == "up",
        description=_text(row, "name"),
    )


def _from_detail(row: Row) -> Interface:
    mtu = _int(row.get("mtu"))
    addresses = row.get("ip_address") or []
    return Interface(
        name=canonical_interface(_text(row, "interface")),
        admin_up=_admin_up(_text(row, "link_status")),
        oper_up=_text(row, "protocol_status").lower() == "up",
        l2_mtu=mtu - FCS if mtu is not None else None,
        ip_mtu=_int(row.get("ip_mtu")),
        addresses=tuple(addresses) if isinstance(addresses, list) else (addresses,),
        description=_text(row, "description"),
    )


def to_interfaces(
    brief_rows: Iterable[Row] | None = None, detail_rows: Iterable[Row] | None = None
) -> list[Interface]:
    """Interfaces from ``show interfaces brief`` and/or ``show interfaces`` rows.

    Detail rows win where both name a port (they carry MTUs, addresses and the untruncated port
    name); brief-only ports are kept with what the brief table shows (no MTU, name ≤ 15 chars).
    ``l2_mtu`` is the reported frame size minus the FCS; ``ip_mtu`` is set only where the device
    prints an ``IP MTU``."""
    brief = _require(brief_rows or [], "link", "show interfaces brief")
    detail = _require(detail_rows or [], "link_status", "show interfaces")
    merged: dict[str, Interface] = {}
    for row in brief:
        intf = _from_brief(row)
        merged[intf.name] = intf
    for row in detail:
        intf = _from_detail(row)
        merged[intf.name] = intf
    return list(merged.values())


_OSPF_STATES = {
    "DOWN": "Down",
    "ATTEMPT": "Attempt",
    "INIT": "Init",
    "2WAY": "2Way",
    "EXSTART": "ExStart",
    "EXCHANGE": "Exchange",
    "LOADING": "Loading",
    "FULL": "Full",
}


def ospf_state(text: str) -> str:
    """``FULL/DR`` → ``Full``, ``EXSTART/BDR`` → ``ExStart`` (role dropped)."""
    word = text.split("/", 1)[0].strip()
    return _OSPF_STATES.get(word.upper(), word.capitalize())


def to_ospf_neighbors(rows: Iterable[Row]) -> list[OspfNeighbor]:
    """Neighbours from ``show ip ospf neighbor`` rows."""
    out = []
    for row in _require(rows, "neighbor_id", "show ip ospf neighbor"):
        state = ospf_state(_text(row, "state"))
        out.append(
            OspfNeighbor(
                interface=canonical_interface(_text(row, "interface")),
                neighbor_id=_text(row, "neighbor_id"),
                address=_text(row, "neighbor_address"),
                state=state,
                full=state == "Full",
            )
        )
    return out


def to_ldp_sessions(rows: Iterable[Row]) -> list[LdpSession]:
    """Sessions from ``show mpls ldp session`` rows (peer = LSR id without the label space)."""
    out = []
    for row in _require(rows, "peer_ldp_id", "show mpls ldp session"):
        state = _text(row, "state")
        out.append(
            LdpSession(
                peer=_text(row, "peer_ldp_id").split(":", 1)[0],
                state=state,
                up=state.lower() == "operational",
            )
        )
    return out


def _yes(value: str) -> bool:
    return value.strip().lower() == "yes"


def to_lsps(rows: Iterable[Row]) -> list[Lsp]:
    """LSPs from ``show mpls lsp detail`` rows or ``show mpls lsp [wide]`` rows.

    From the table (wide) form, ``frr`` is always False (the table does not say) and the active
    path is inferred: ``*`` after/before the name → secondary, otherwise primary while up."""
    rows = list(rows)
    if not rows:
        return []
    if "primary_active" in rows[0]:
        return [_lsp_from_detail(r) for r in rows]
    if "up_down_times" in rows[0]:
        return [_lsp_from_table(r) for r in rows]
    raise ParseError("expected rows parsed from 'show mpls lsp detail' or 'show mpls lsp wide'")


def _lsp_from_detail(row: Row) -> Lsp:
    state = _text(row, "oper_state")
    source = _text(row, "source")
    if _yes(_text(row, "primary_active")):
        active: str | None = "primary"
    elif _yes(_text(row, "secondary_active")):
        active = "secondary"
    else:
        active = None
    return Lsp(
        name=_text(row, "name"),
        destination=_text(row, "destination"),
        source="" if source.startswith("(") else source,
        up=state.upper() == "UP",
        state=state,
        active_path=active,  # type: ignore[arg-type]
        frr=bool(_text(row, "frr")),
    )


def _lsp_from_table(row: Row) -> Lsp:
    raw_name = _text(row, "name")
    state = _text(row, "oper_state")
    up = state.upper() == "UP"
    on_secondary = "*" in raw_name
    return Lsp(
        name=raw_name.strip("*"),
        destination=_text(row, "destination"),
        up=up,
        state=state,
        active_path="secondary" if on_secondary else ("primary" if up else None),
    )


def _word(text: str) -> str:
    return "" if text.strip() in ("", "--") else text.strip()


def _pw_status(state: str, up: bool) -> tuple[str, str]:
    return state, "" if up else pw_reason(state)


def _checked_pw_type(text: str, up: bool, where: str) -> PwType | None:
    """The PW type of an up PW must be a known word: an unknown one is reported, not skipped
    (the PW-type check would silently pass)."""
    found = pw_type(text)
    if found is None and up and text.strip().lower() not in _NO_PW_TYPE:
        raise ParseError(f"{where}: unknown VC type {text.strip()!r} on an up pseudowire")
    return found


def _pseudowire(kind: PwKind, row: Row, service_id: str, up: bool) -> Pseudowire:
    state = _text(row, "state")
    where = f"{kind.upper()} {service_id} peer {_text(row, 'peer')}"
    status, reason = _pw_status(state, up)
    return Pseudowire(
        kind=kind,
        service_id=int(service_id),
        name=_text(row, "name"),
        peer=_text(row, "peer"),
        up=up,
        status=status,
        reason=reason,
        local_label=_int(row.get("local_label")),
        remote_label=_int(row.get("remote_label")),
        pw_type=_checked_pw_type(_text(row, "local_vc_type"), up, where),
        remote_pw_type=_checked_pw_type(_text(row, "remote_vc_type"), up, where),
        type_word=_word(_text(row, "local_vc_type")),
        remote_type_word=_word(_text(row, "remote_vc_type")),
        mtu=_int(row.get("local_vc_mtu")),
        # a remote VC MTU of 0 means nothing was signalled
        remote_mtu=_int(row.get("remote_vc_mtu")) or None,
    )


def to_pseudowires_vll(rows: Iterable[Row]) -> list[Pseudowire]:
    """VLL pseudowires from ``show mpls vll detail`` / ``show mpls vll NAME`` rows.

    ``status`` is the whole State text (``UP``, ``DOWN - PW is Down (Reason:…)``); ``reason`` the
    cause in plain words. MTUs are the VC MTUs as signalled (no FCS adjustment: they are PW MTUs)."""
    out = []
    for row in _require(rows, "vc_id", "show mpls vll detail"):
        state = _text(row, "state").upper()
        out.append(_pseudowire("vll", row, _text(row, "vc_id"), state == "UP" or state.startswith("UP ")))
    return out


def to_pseudowires_vpls(rows: Iterable[Row]) -> list[Pseudowire]:
    """VPLS pseudowires (one per peer) from ``show mpls vpls detail`` rows; up only when the peer
    is ``Operational``."""
    return [
        _pseudowire("vpls", row, _text(row, "vpls_id"), _text(row, "state").lower() == "operational")
        for row in _require(rows, "vpls_id", "show mpls vpls detail")
    ]


def _us_to_ms(value: str | list[str] | None) -> int | None:
    n = _int(value)
    return None if n is None else n // 1000


def to_bfd_sessions(rows: Iterable[Row]) -> list[BfdSession]:
    """Sessions from ``show bfd neighbors`` rows (Holddown and Interval are in microseconds)."""
    out = []
    for row in rows:
        state = _text(row, "state")
        interval = _us_to_ms(row.get("interval"))
        hold = _us_to_ms(row.get("holddown"))
        out.append(BfdSession(
            neighbor=_text(row, "neighbor"),
            interface=canonical_interface(_text(row, "interface")),
            state=state,
            up=state.upper() == "UP",
            interval=interval,
            multiplier=(hold // interval) if hold and interval else None,
            detection_time=hold,
        ))
    return out


def to_ping(rows: Iterable[Row], target: str, size: int, df: bool = True) -> PingResult:
    """A ping result from ``ping`` rows. Received = the success-rate line's count, or the number
    of ``Reply from`` lines when that line is missing; any fragmentation-needed/DF line sets
    ``frag_needed``."""
    rows = list(rows)
    if not rows:
        return PingResult(
            target=target, size=size, df=df, sent=0, received=0, error="no ping output recognised"
        )
    row = rows[0]
    sent = _int(row.get("sent"))
    if sent is None:
        sent = _int(row.get("count")) or 0
    received = _int(row.get("received"))
    if received is None:
        received = len(row.get("replies") or [])
    return PingResult(
        target=target,
        size=size,
        df=df,
        sent=sent,
        received=received,
        frag_needed=bool(row.get("frag_messages")),
        error=_text(row, "error"),
    )


def to_facts(rows: Iterable[Row], hostname: str) -> Facts:
    """Facts from ``show version`` rows (hostname is not in that output, so it is passed in)."""
    rows = _require(rows, "os_version", "show version")
    if not rows:
        raise ParseError("show version output not recognised")
    row = rows[0]
    return Facts(
        hostname=hostname,
        vendor="netiron",
        model=_text(row, "model"),
        os_version=_text(row, "os_version"),
        serial=_text(row, "serial"),
    )
