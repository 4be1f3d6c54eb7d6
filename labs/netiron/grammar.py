"""NetIron configuration grammar: what each config mode accepts, the canonical line it stores, the
order the running config shows, and the checks NetIron makes before accepting a line.

Every handler parses its whole line before touching the tree, so a refused line changes nothing.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from labs.netiron import ports as P
from labs.netiron.tokens import Tokens, error, incomplete, resolve
from labs.netiron.tree import CNode, Rank, insert, remove, upsert

if TYPE_CHECKING:
    from labs.netiron.config import NetIronConfig

DEFAULT_FRAME = 1518
FRAME_MIN, FRAME_MAX = 1298, 9216
#: 14-byte Ethernet header + 4-byte FCS: the largest ``ip mtu`` is the frame size minus 18
IP_OVERHEAD = 18
IP_MTU_MIN = 576
PW_MTU_MIN, PW_MTU_MAX = 64, 9190
VLAN_MAX = 4094
VE_MAX = 4095


@dataclass
class Outcome:
    #: block the line opened (the session moves into its config mode)
    enter: CNode | None = None
    #: "exit" | "end" | "show" | "write": for the session to act on
    action: str | None = None
    #: what the device prints besides the prompt (notices, not errors)
    message: str = ""


@dataclass
class Mode:
    cfg: NetIronConfig
    node: CNode
    #: False while loading a saved/printed config, where NetIron's order of display (not of
    #: entry) can name a ve before the VLAN that creates it
    strict: bool = True


Handler = Callable[[Mode, Tokens, bool], "Outcome | None"]

# ---------------------------------------------------------------------------------------------
# display order
# ---------------------------------------------------------------------------------------------

ORDER: dict[str, list[str]] = {
    "interface": [
        "port-name", "enable", "disable", "bfd", "ip ospf area", "ip ospf network",
        "ip ospf passive", "ip ospf cost", "ip ospf hello-interval", "ip ospf dead-interval",
        "ip address", "ip mtu",
    ],
    "vlan": ["tagged", "untagged", "router-interface"],
    "vpls-vlan": ["tagged", "untagged", "router-interface"],
    "vll-vlan": ["tagged", "untagged"],
    "ospf": ["area"],
    "mpls": ["policy", "mpls-interface", "path", "lsp", "vll", "vpls"],
    "policy": ["traffic-eng"],
    "mpls-if": ["ldp-enable"],
    "path": [],
    "lsp": ["to", "primary-path", "secondary-path", "frr", "revert-timer", "enable"],
    "secpath": ["standby"],
    "frr": ["facility-backup"],
    "vpls": ["vpls-peer", "vpls-mtu", "vc-mode", "vlan"],
    "vll": ["vll-peer", "vll-mtu", "untagged", "vlan"],
}
_IF_ORDER = {"management": 0, "loopback": 1, "ethernet": 2, "ve": 3}


def _root_rank(n: CNode) -> tuple[int, ...]:
    w = n.words()
    if w[0] == "vlan":
        return (1, int(w[1]))
    if w[0] == "default-max-frame-size":
        return (2,)
    if w[0] == "hostname":
        return (3,)
    if n.line == "router ospf":
        return (4,)
    if w[0] == "interface":
        return (5, _IF_ORDER[w[1]], *(int(x) for x in w[2].split("/")))
    if n.line == "router mpls":
        return (6,)
    return (9,)


def rank_in(kind: str) -> Rank:
    if kind == "root":
        return _root_rank
    order = ORDER.get(kind, [])

    def rank(n: CNode) -> tuple[int, ...]:
        for i, p in enumerate(order):
            if n.line == p or n.line.startswith(p + " "):
                if p == "vlan":
                    return (i, int(n.words()[1]))
                return (i,)
        return (len(order),)

    return rank


def _set(m: Mode, key: str, line: str, kind: str = "") -> CNode:
    return upsert(m.node, key, line, rank_in(m.node.kind), kind)


def _add(m: Mode, line: str, kind: str = "", key: str | None = None) -> CNode:
    found = m.node.child(key or line)
    if found is not None:
        return found
    return insert(m.node, CNode(line, kind=kind, key=key or line), rank_in(m.node.kind))


def _drop(m: Mode, key: str) -> None:
    remove(m.node, key)


# ---------------------------------------------------------------------------------------------
# shared argument parsing
# ---------------------------------------------------------------------------------------------


def _vlan_id(t: Tokens) -> int:
    n = t.integer()
    if not 1 <= n <= VLAN_MAX:
        raise error(f"VLAN id {n} out of range, valid range is 1 - {VLAN_MAX}")
    return n


def _area(t: Tokens) -> str:
    word = t.peek()
    if word is None:
        raise incomplete()
    if word.isdigit() and int(word) <= 0xFFFFFFFF:
        t.pos += 1
        return str(int(word))
    try:
        ipaddress.IPv4Address(word)
    except ValueError:
        raise t.invalid() from None
    t.pos += 1
    return word


def _in_range(what: str, n: int, lo: int, hi: int) -> int:
    if not lo <= n <= hi:
        raise error(f"{what} {n} out of range, valid range is {lo} - {hi}")
    return n


def _ports_of(node: CNode | None) -> set[P.Port]:
    if node is None:
        return set()
    return {p for name in P.expand_port_list(node.words()) if (p := P.parse_port(name))}


def _mpls_if_name(t: Tokens) -> str:
    """``ethernet 1/1``, ``e 1/1``, ``e1/1``, ``ve 100``, ``ve100`` -> ``e1/1`` / ``ve100``."""
    word = t.peek()
    if word is None:
        raise incomplete()
    m = re.match(r"^([A-Za-z]+)(\S*)$", word)
    kind = resolve(m.group(1), ["ethernet", "ve"]) if m else None
    if m is None or kind is None:
        raise t.invalid()
    glued = m.group(2)
    t.pos += 1
    if kind == "ethernet":
        if glued:
            port = P.parse_port(glued)
            if port is None:
                t.pos -= 1
                raise t.invalid()
        else:
            port = P.take_port(t)
        return f"e{P.port_name(port)}"
    if glued:
        if not glued.isdigit():
            t.pos -= 1
            raise t.invalid()
        n = int(glued)
    else:
        n = t.integer()
    return f"ve{_in_range('ve', n, 1, VE_MAX)}"


# ---------------------------------------------------------------------------------------------
# session commands (valid in every config mode; the session acts on them)
# ---------------------------------------------------------------------------------------------


def _exit(m: Mode, t: Tokens, neg: bool) -> Outcome:
    t.done()
    return Outcome(action="exit")


def _end(m: Mode, t: Tokens, neg: bool) -> Outcome:
    t.done()
    return Outcome(action="end")


def _show(m: Mode, t: Tokens, neg: bool) -> Outcome:
    t.skip_rest()
    return Outcome(action="show")


def _write(m: Mode, t: Tokens, neg: bool) -> Outcome:
    t.skip_rest()
    return Outcome(action="write")


# ---------------------------------------------------------------------------------------------
# global configuration
# ---------------------------------------------------------------------------------------------


def _hostname(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "hostname")
        return
    name = t.take()
    t.done()
    _set(m, "hostname", f"hostname {name}")


def _frame_size(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        new = DEFAULT_FRAME
    else:
        new = _in_range("default-max-frame-size", t.integer(), FRAME_MIN, FRAME_MAX)
        t.done()
    for iface in m.cfg.root.find("interface"):
        mtu = iface.child("ip mtu")
        if mtu is not None and int(mtu.words()[2]) > new - IP_OVERHEAD:
            raise error(
                f"ip mtu {mtu.words()[2]} on {iface.line[len('interface '):]} exceeds "
                f"{new - IP_OVERHEAD}; lower it before default-max-frame-size {new}"
            )
    if neg:
        _drop(m, "default-max-frame-size")
    else:
        _set(m, "default-max-frame-size", f"default-max-frame-size {new}")


def _global_vlan(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    vid = _vlan_id(t)
    key = f"vlan {vid}"
    if neg:
        t.skip_rest()
        _drop(m, key)
        return None
    name = t.rest() if t.opt_keyword(["name"]) else None
    t.done()
    node = m.node.child(key)
    line = key if name is None else f"{key} name {name}"
    if node is None:
        node = _add(m, line, kind="vlan", key=key)
    elif name is not None:
        node.line = line
    return Outcome(enter=node)


def _interface_line(t: Tokens) -> str:
    typ = t.keyword(["ethernet", "ve", "loopback", "management"])
    if typ == "ethernet":
        return f"interface ethernet {P.port_name(P.take_port(t))}"
    n = t.integer()
    limits = {"ve": VE_MAX, "loopback": 64, "management": 1}
    if not 1 <= n <= limits[typ]:
        if typ == "ve":
            raise error("invalid virtual ethernet interface number.")
        raise error(f"invalid {typ} interface number {n}")
    return f"interface {typ} {n}"


def _interface(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    line = _interface_line(t)
    t.done()
    if neg:
        _drop(m, line)
        return None
    node = m.node.child(line)
    if node is None:
        if line.startswith("interface ve ") and m.strict and not m.cfg.ve_bound(int(line.split()[2])):
            # NetIron creates a ve only once a VLAN (or VPLS VLAN) names it as router-interface
            raise error("invalid virtual ethernet interface number.")
        node = _add(m, line, kind="interface")
    return Outcome(enter=node)


def _router(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    proto = t.keyword(["ospf", "mpls"])
    t.done()
    line = f"router {proto}"
    if neg:
        _drop(m, line)
        return None
    return Outcome(enter=_add(m, line, kind=proto))


# ---------------------------------------------------------------------------------------------
# interface mode
# ---------------------------------------------------------------------------------------------


def _physical(m: Mode) -> bool:
    return m.node.line.startswith(("interface ethernet", "interface management"))


def _port_name(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "port-name")
        return
    _set(m, "port-name", f"port-name {t.rest()}")


def _admin(up: bool) -> Handler:
    """Ethernet ports are disabled unless ``enable`` is shown; ve/loopback are up unless ``disable``."""

    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        t.done()
        want_up = up != neg
        if _physical(m):
            if want_up:
                _set(m, "enable", "enable")
            else:
                _drop(m, "enable")
        elif want_up:
            _drop(m, "disable")
        else:
            _set(m, "disable", "disable")

    return handler


def _ip(m: Mode, t: Tokens, neg: bool) -> None:
    sub = t.keyword(["address", "mtu", "ospf"])
    if sub == "address":
        if neg and not t.more():
            for n in m.node.find("ip address"):
                _drop(m, n.key)
            return
        line = f"ip address {t.ipv4_interface()}"
        t.done()
        if neg:
            _drop(m, line)
        else:
            _add(m, line)
        return
    if sub == "mtu":
        if neg:
            t.skip_rest()
            _drop(m, "ip mtu")
            return
        n = t.integer()
        t.done()
        frame = m.cfg.frame_size
        limit = frame - IP_OVERHEAD
        if n < IP_MTU_MIN:
            raise error(f"ip mtu {n} out of range, valid range is {IP_MTU_MIN} - {limit}")
        if n > limit:
            raise error(
                f"ip mtu {n} exceeds the maximum {limit} allowed by default-max-frame-size {frame}"
            )
        _set(m, "ip mtu", f"ip mtu {n}")
        return
    what = t.keyword(["area", "cost", "hello-interval", "dead-interval", "network", "passive"])
    key = f"ip ospf {what}"
    if neg:
        t.skip_rest()
        _drop(m, key)
        return
    if what == "area":
        line = f"{key} {_area(t)}"
    elif what == "network":
        net = t.keyword(["point-to-point", "broadcast", "non-broadcast"])
        t.done()
        if net == "broadcast":  # the default: not shown
            _drop(m, key)
            return
        line = f"{key} {net}"
    elif what == "passive":
        line = key
    else:
        hi = {"cost": 65535, "hello-interval": 65535, "dead-interval": 2147483647}[what]
        line = f"{key} {_in_range(key, t.integer(), 1, hi)}"
    t.done()
    _set(m, key, line)


def _bfd(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "bfd")
        return
    t.keyword(["interval"])
    interval = t.integer()
    t.keyword(["min-rx"])
    min_rx = t.integer()
    t.keyword(["multiplier"])
    mult = t.integer()
    t.done()
    _in_range("bfd interval", interval, 50, 30000)
    _in_range("bfd min-rx", min_rx, 50, 30000)
    _in_range("bfd multiplier", mult, 3, 50)
    _set(m, "bfd", f"bfd interval {interval} min-rx {min_rx} multiplier {mult}")


# ---------------------------------------------------------------------------------------------
# VLAN membership (global VLAN, VPLS VLAN, VLL VLAN, VLL untagged end-point)
# ---------------------------------------------------------------------------------------------


def _membership(tagging: str) -> Handler:
    other = "untagged" if tagging == "tagged" else "tagged"

    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        given = set(P.take_port_list(t))
        word = "e" if m.node.kind in ("vll", "vll-vlan") else "ethe"
        node = m.node.child(tagging)
        current = _ports_of(node)
        if neg:
            new = current - given
        else:
            clash = sorted(given & _ports_of(m.node.child(other)))
            if clash:
                raise error(
                    f"port {P.port_name(clash[0])} is already an {other} member of "
                    f"{m.node.line.split(' name ')[0]}"
                )
            new = current | given
        if new == current:
            return
        if new:
            _set(m, tagging, f"{tagging} {P.format_port_list(new, word)}")
        else:
            _drop(m, tagging)

    return handler


def _router_interface(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "router-interface")
        return
    t.keyword(["ve"])
    n = _in_range("ve", t.integer(), 1, VE_MAX)
    t.done()
    line = f"router-interface ve {n}"
    for _, node in m.cfg.root.walk():
        if node.line == line and node not in m.node.children:
            raise error(f"ve {n} is already the router-interface of another VLAN")
    _set(m, "router-interface", line)


# ---------------------------------------------------------------------------------------------
# router ospf
# ---------------------------------------------------------------------------------------------


def _ospf_area(m: Mode, t: Tokens, neg: bool) -> None:
    line = f"area {_area(t)}"
    t.done()
    if neg:
        _drop(m, line)
    else:
        _add(m, line)


# ---------------------------------------------------------------------------------------------
# router mpls
# ---------------------------------------------------------------------------------------------


def _block(kind: str, fixed: str | None = None) -> Handler:
    """A named sub-mode (``lsp NAME``, ``path NAME``) or a fixed one (``policy``, ``frr``)."""

    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
        line = fixed if fixed is not None else f"{kind} {t.take()}"
        t.done()
        if neg:
            _drop(m, line)
            return None
        return Outcome(enter=_add(m, line, kind=kind))

    return handler


def _traffic_eng(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "traffic-eng")
        return
    t.keyword(["ospf"])
    t.done()
    _set(m, "traffic-eng", "traffic-eng ospf")


def _mpls_interface(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    line = f"mpls-interface {_mpls_if_name(t)}"
    t.done()
    if neg:
        _drop(m, line)
        return None
    return Outcome(enter=_add(m, line, kind="mpls-if"))


def _flag(word: str) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        t.done()
        if neg:
            _drop(m, word)
        else:
            _set(m, word, word)

    return handler


def _hop(word: str) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        line = f"{word} {t.ipv4()}"
        t.done()
        if neg:
            _drop(m, line)
        else:
            _add(m, line)

    return handler


def _single_address(word: str) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        if neg:
            t.skip_rest()
            _drop(m, word)
            return
        line = f"{word} {t.ipv4()}"
        t.done()
        _set(m, word, line)

    return handler


def _primary_path(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "primary-path")
        return
    name = t.take()
    t.done()
    _set(m, "primary-path", f"primary-path {name}")


def _secondary_path(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    if neg:
        t.skip_rest()
        _drop(m, "secondary-path")
        return None
    name = t.take()
    t.done()
    line = f"secondary-path {name}"
    node = m.node.child("secondary-path")
    if node is not None and node.line != line:
        node.children = []  # the options belonged to the path being replaced
    return Outcome(enter=_set(m, "secondary-path", line, kind="secpath"))


def _lsp_admin(up: bool) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        t.done()
        if up != neg:
            _set(m, "enable", "enable")
        else:
            _drop(m, "enable")

    return handler


def _revert_timer(m: Mode, t: Tokens, neg: bool) -> None:
    if neg:
        t.skip_rest()
        _drop(m, "revert-timer")
        return
    n = _in_range("revert-timer", t.integer(), 1, 65535)
    t.done()
    _set(m, "revert-timer", f"revert-timer {n}")


def _vpls(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    name = t.take()
    key = f"vpls {name}"
    if neg:
        t.skip_rest()
        _drop(m, key)
        return None
    existing = m.node.child(key)
    if not t.more():
        if existing is None:
            raise incomplete()
        return Outcome(enter=existing)
    vid = _in_range("VPLS id", t.integer(), 1, 4294967294)
    t.done()
    if existing is not None:
        old = existing.words()[2]
        if old != str(vid):
            raise error(f"VPLS {name} already exists with id {old}")
        return Outcome(enter=existing)
    for other in m.node.find("vpls"):
        if other.words()[2] == str(vid):
            raise error(f"VPLS id {vid} is already used by VPLS {other.words()[1]}")
    return Outcome(enter=_add(m, f"vpls {name} {vid}", kind="vpls", key=key))


def _vll(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    name = t.take()
    key = f"vll {name}"
    if neg:
        t.skip_rest()
        _drop(m, key)
        return None
    existing = m.node.child(key)
    if not t.more():
        if existing is None:
            raise incomplete()
        return Outcome(enter=existing)
    vcid = _in_range("VC id", t.integer(), 1, 4294967294)
    raw = False
    cos: int | None = None
    while t.more():
        if t.keyword(["raw-mode", "cos"]) == "raw-mode":
            raw = True
        else:
            cos = _in_range("cos", t.integer(), 0, 7)
    if existing is not None:
        words = existing.words()
        if words[2] != str(vcid):
            raise error(f"VLL {name} already exists with VC id {words[2]}")
        # re-entering without options keeps them, as on the device
        raw = raw or "raw-mode" in words
        if cos is None and "cos" in words:
            cos = int(words[words.index("cos") + 1])
        existing.line = _vll_line(name, vcid, raw, cos)
        return Outcome(enter=existing)
    for other in m.node.find("vll"):
        if other.words()[2] == str(vcid):
            raise error(f"VC id {vcid} is already used by VLL {other.words()[1]}")
    return Outcome(enter=_add(m, _vll_line(name, vcid, raw, cos), kind="vll", key=key))


def _vll_line(name: str, vcid: int, raw: bool, cos: int | None) -> str:
    line = f"vll {name} {vcid}"
    if raw:
        line += " raw-mode"
    if cos is not None:
        line += f" cos {cos}"
    return line


def _vpls_peer(m: Mode, t: Tokens, neg: bool) -> None:
    given = [t.ipv4()]
    while t.more():
        given.append(t.ipv4())
    node = m.node.child("vpls-peer")
    current = node.words()[1:] if node is not None else []
    if neg:
        new = [a for a in current if a not in given]
    else:
        new = current + [a for a in dict.fromkeys(given) if a not in current]
    if new == current:
        return
    if new:
        _set(m, "vpls-peer", "vpls-peer " + " ".join(new))
    else:
        _drop(m, "vpls-peer")


def _pw_mtu(word: str) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        if neg:
            t.skip_rest()
            _drop(m, word)
            return
        n = _in_range(word, t.integer(), PW_MTU_MIN, PW_MTU_MAX)
        t.done()
        _set(m, word, f"{word} {n}")

    return handler


def _vc_mode(m: Mode, t: Tokens, neg: bool) -> None:
    t.keyword(["tagged"])
    t.done()
    if neg:
        _drop(m, "vc-mode")
    else:
        _set(m, "vc-mode", "vc-mode tagged")


def _pw_vlan(kind: str) -> Handler:
    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
        vid = _vlan_id(t)
        t.done()
        line = f"vlan {vid}"
        if neg:
            _drop(m, line)
            return None
        return Outcome(enter=_add(m, line, kind=kind))

    return handler


# ---------------------------------------------------------------------------------------------
# mode tables: keyword -> (handler, accepts a `no` form)
# ---------------------------------------------------------------------------------------------

_SESSION: dict[str, tuple[Handler, bool]] = {
    "exit": (_exit, False),
    "end": (_end, False),
    "quit": (_end, False),
}

_TABLES: dict[str, dict[str, tuple[Handler, bool]]] = {
    "root": {
        "default-max-frame-size": (_frame_size, True),
        "hostname": (_hostname, True),
        "interface": (_interface, True),
        "router": (_router, True),
        "vlan": (_global_vlan, True),
        "show": (_show, False),
        "write": (_write, False),
    },
    "interface": {
        "port-name": (_port_name, True),
        "enable": (_admin(True), True),
        "disable": (_admin(False), True),
        "ip": (_ip, True),
        "bfd": (_bfd, True),
    },
    "vlan": {
        "tagged": (_membership("tagged"), True),
        "untagged": (_membership("untagged"), True),
        "router-interface": (_router_interface, True),
    },
    "ospf": {"area": (_ospf_area, True)},
    "mpls": {
        "policy": (_block("policy", "policy"), True),
        "mpls-interface": (_mpls_interface, True),
        "path": (_block("path"), True),
        "lsp": (_block("lsp"), True),
        "vll": (_vll, True),
        "vpls": (_vpls, True),
    },
    "policy": {"traffic-eng": (_traffic_eng, True)},
    "mpls-if": {"ldp-enable": (_flag("ldp-enable"), True)},
    "path": {"strict": (_hop("strict"), True), "loose": (_hop("loose"), True)},
    "lsp": {
        "to": (_single_address("to"), True),
        "primary-path": (_primary_path, True),
        "secondary-path": (_secondary_path, True),
        "frr": (_block("frr", "frr"), True),
        "revert-timer": (_revert_timer, True),
        "enable": (_lsp_admin(True), True),
        "disable": (_lsp_admin(False), False),
    },
    "secpath": {"standby": (_flag("standby"), True)},
    "frr": {"facility-backup": (_flag("facility-backup"), True)},
    "vpls": {
        "vpls-peer": (_vpls_peer, True),
        "vpls-mtu": (_pw_mtu("vpls-mtu"), True),
        "vc-mode": (_vc_mode, True),
        "vlan": (_pw_vlan("vpls-vlan"), True),
    },
    "vpls-vlan": {
        "tagged": (_membership("tagged"), True),
        "untagged": (_membership("untagged"), True),
        "router-interface": (_router_interface, True),
    },
    "vll": {
        "vll-peer": (_single_address("vll-peer"), True),
        "vll-mtu": (_pw_mtu("vll-mtu"), True),
        "vlan": (_pw_vlan("vll-vlan"), True),
        "untagged": (_membership("untagged"), True),
    },
    "vll-vlan": {
        "tagged": (_membership("tagged"), True),
        "untagged": (_membership("untagged"), True),
    },
}
TABLES = {kind: {**table, **_SESSION} for kind, table in _TABLES.items()}


def lookup(kind: str, t: Tokens) -> tuple[Handler, bool] | None:
    """The handler for the line in mode ``kind`` and whether it is a ``no`` form; None when the
    mode does not know the command (the caller then tries the enclosing modes)."""
    table = TABLES[kind]
    first = resolve(t.words[0], [*table, "no"])
    if first is None:
        return None
    if first == "no":
        if len(t.words) < 2:
            raise incomplete()
        second = resolve(t.words[1], table)
        if second is None or not table[second][1]:
            return None
        t.pos = 2
        return table[second][0], True
    t.pos = 1
    return table[first][0], False


def unknown_at(kind: str, t: Tokens) -> int:
    """Index of the word NetIron quotes in ``Invalid input ->`` for a line no mode knows."""
    return 1 if resolve(t.words[0], [*TABLES[kind], "no"]) == "no" else 0
