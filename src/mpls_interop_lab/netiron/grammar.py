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

from mpls_interop_lab.netiron import ports as P
from mpls_interop_lab.netiron.tokens import Tokens, error, incomplete, resolve
from mpls_interop_lab.netiron.tree import LAST, CNode, Rank, insert, remove, upsert

if TYPE_CHECKING:
    from mpls_interop_lab.netiron.config import NetIronConfig

DEFAULT_FRAME = 1518
FRAME_MIN, FRAME_MAX = 1298, 9216
#: 14-byte Ethernet header + 4-byte FCS: the largest ``ip mtu`` is the frame size minus 18
IP_OVERHEAD = 18
IP_MTU_MIN = 576
PW_MTU_MIN, PW_MTU_MAX = 64, 9190
#: VPLS id and VLL VC id
SERVICE_ID_MAX = 4294967294
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
    #: reading a saved config: new lines go after the ones already there (the file's order)
    loading: bool = False

    def rank(self) -> Rank:
        return (lambda n: LAST) if self.loading else rank_in(self.node.kind)


Handler = Callable[[Mode, Tokens, bool], "Outcome | None"]

# ---------------------------------------------------------------------------------------------
# display order
# ---------------------------------------------------------------------------------------------

ORDER: dict[str, list[str]] = {
    "interface": [
        "port-name", "enable", "disable", "bfd", "ip ospf area", "ip ospf network",
        "ip ospf passive", "ip ospf cost", "ip ospf priority", "ip ospf hello-interval",
        "ip ospf dead-interval", "ip ospf bfd",
        "ip address", "ip mtu",
    ],
    "vlan": ["tagged", "untagged", "router-interface"],
    "vpls-vlan": ["tagged", "untagged", "router-interface"],
    "vll-vlan": ["tagged", "untagged"],
    "ospf": ["area", "bfd all-interfaces", "bfd holdover-interval"],
    "mpls": ["policy", "vpls-policy", "mpls-interface", "path", "lsp", "vll", "vpls"],
    "vpls-policy": ["mtu-enforcement"],
    "policy": ["traffic-eng"],
    "mpls-if": ["ldp-enable"],
    "path": [],
    "lsp": ["to", "primary-path", "secondary-path", "adaptive", "frr", "revert-timer", "enable"],
    "secpath": ["standby"],
    "frr": ["facility-backup"],
    "vpls": ["vpls-peer", "vpls-mtu", "vc-mode", "vlan"],
    "vll": ["vll-peer", "vll-mtu", "untagged", "vlan"],
}
_IF_ORDER = {"management": 0, "loopback": 1, "ethernet": 2, "ve": 3}


def _root_rank(n: CNode) -> tuple[int, ...]:
    if n.rank is not None:
        return n.rank
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
        if n.rank is not None:
            return n.rank
        for i, p in enumerate(order):
            if n.line == p or n.line.startswith(p + " "):
                if p == "vlan":
                    return (i, int(n.words()[1]))
                return (i,)
        return (len(order),)

    return rank


def _set(m: Mode, key: str, line: str, kind: str = "") -> CNode:
    return upsert(m.node, key, line, m.rank(), kind)


def _add(m: Mode, line: str, kind: str = "", key: str | None = None) -> CNode:
    found = m.node.child(key or line)
    if found is not None:
        return found
    return insert(m.node, CNode(line, kind=kind, key=key or line), m.rank())


def _drop(m: Mode, key: str) -> None:
    remove(m.node, key)


def _put(m: Mode, key: str, line: str | None) -> None:
    """Set the single-valued child ``key`` to ``line``, or remove it when ``line`` is None."""
    if line is None:
        _drop(m, key)
    else:
        _set(m, key, line)


def _unset(m: Mode, t: Tokens, neg: bool, key: str) -> bool:
    """``no KEY ...``: remove the child ``key`` whatever words follow; True for a ``no`` form."""
    if neg:
        t.skip_rest()
        _drop(m, key)
    return neg


def _toggle(
    m: Mode, line: str, neg: bool, kind: str = "", key: str | None = None
) -> Outcome | None:
    """``LINE`` adds the line unless present, entering it when it opens a block (``kind``);
    ``no LINE`` removes it."""
    if neg:
        _drop(m, key or line)
        return None
    node = _add(m, line, kind=kind, key=key)
    return Outcome(enter=node) if kind else None


# ---------------------------------------------------------------------------------------------
# shared argument parsing
# ---------------------------------------------------------------------------------------------

#: reads one argument from the line (and checks it): ``Tokens.take``, ``_vlan_id``, ...
Parse = Callable[[Tokens], object]
#: reads the rest of a command and returns its canonical line
Reader = Callable[[Mode, Tokens], str]


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


def _within(what: str, lo: int, hi: int) -> Parse:
    """A number from ``lo`` to ``hi``; the range error names it ``what``."""
    return lambda t: _in_range(what, t.integer(), lo, hi)


def _choice(*words: str) -> Parse:
    return lambda t: t.keyword(words)


def _fixed(line: str) -> Reader:
    """A command without arguments."""
    return lambda m, t: line


def _arg(word: str, parse: Parse) -> Reader:
    """``WORD <argument>``."""
    return lambda m, t: f"{word} {parse(t)}"


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
# handler shapes most commands share
# ---------------------------------------------------------------------------------------------


def _setting(key: str, read: Callable[[Mode, Tokens], str | None]) -> Handler:
    """A single-valued setting: ``no KEY ...`` removes it whatever follows; otherwise the line
    ``read`` returns replaces it (None: the default, which is not shown). A ``read`` that checks
    more than syntax calls ``t.done()`` first: NetIron reports trailing words before bad values."""

    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        if _unset(m, t, neg, key):
            return
        line = read(m, t)
        t.done()
        _put(m, key, line)

    return handler


def _value(word: str, parse: Parse) -> Handler:
    """``WORD <argument>``, a single-valued setting."""
    return _setting(word, _arg(word, parse))


def _number(word: str, lo: int, hi: int) -> Handler:
    """``WORD N``, a single-valued setting from ``lo`` to ``hi``."""
    return _value(word, _within(word, lo, hi))


def _line(read: Reader, kind: str = "", key: str | None = None) -> Handler:
    """A line its ``no`` form names in full (see :func:`_toggle`): a repeatable setting, a flag, or
    a block that opens the config mode ``kind``."""

    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
        line = read(m, t)
        t.done()
        return _toggle(m, line, neg, kind, key)

    return handler


def _flag(word: str) -> Handler:
    return _line(_fixed(word))


def _subcommands(table: dict[str, Handler]) -> Handler:
    """A command whose next keyword picks the handler (``ip address``, ``ip ospf cost``)."""

    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
        return table[t.keyword(table)](m, t, neg)

    return handler


# ---------------------------------------------------------------------------------------------
# session commands (valid in every config mode; the session acts on them)
# ---------------------------------------------------------------------------------------------


def _session(action: str, args: bool = False) -> Handler:
    """``exit``/``end`` take no arguments; the exec commands ``show``/``write`` read their own."""

    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome:
        if args:
            t.skip_rest()
        else:
            t.done()
        return Outcome(action=action)

    return handler


# ---------------------------------------------------------------------------------------------
# global configuration
# ---------------------------------------------------------------------------------------------


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
    _put(m, "default-max-frame-size", None if neg else f"default-max-frame-size {new}")


def _global_vlan(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    vid = _vlan_id(t)
    key = f"vlan {vid}"
    if neg:
        _vlan_unused(m, m.node.child(key))
    if _unset(m, t, neg, key):
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


def _vlan_unused(m: Mode, vlan: CNode | None) -> None:
    """A VLAN whose router-interface ve still exists cannot go (best knowledge: no real text)."""
    if vlan is None or not m.strict:
        return
    ri = vlan.child("router-interface")
    if ri is not None and m.cfg.root.child(f"interface ve {ri.words()[2]}") is not None:
        raise error(
            f"{vlan.line.split(' name ')[0]} has router-interface ve {ri.words()[2]}; "
            f"remove interface ve {ri.words()[2]} first"
        )


def _ve_unused(m: Mode, n: str) -> None:
    """``no interface ve N`` while a VLAN or MPLS still names it (best knowledge: no real text)."""
    if not m.strict:
        return
    for _, node in m.cfg.root.walk():
        if node.line == f"router-interface ve {n}":
            raise error(f"ve {n} is the router-interface of a VLAN; remove it from the VLAN first")
        if node.line == f"mpls-interface ve{n}":
            raise error(f"ve {n} is an MPLS interface; remove mpls-interface ve{n} first")


def _interface(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    if neg and resolve(t.peek() or "", ["ethernet", "ve", "loopback", "management"]) in (
        "ethernet", "management"
    ):
        # physical ports cannot be deleted: `no interface` offers only virtual interfaces
        raise t.invalid()
    line = _interface_line(t)
    t.done()
    if neg and line.startswith("interface ve ") and m.node.child(line) is not None:
        _ve_unused(m, line.split()[2])
    new_ve = not neg and line.startswith("interface ve ") and m.node.child(line) is None
    if new_ve and m.strict and not m.cfg.ve_bound(int(line.split()[2])):
        # NetIron creates a ve only once a VLAN (or VPLS VLAN) names it as router-interface
        raise error("invalid virtual ethernet interface number.")
    return _toggle(m, line, neg, kind="interface")


def _router(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    proto = t.keyword(["ospf", "mpls"])
    t.done()
    return _toggle(m, f"router {proto}", neg, kind=proto)


# ---------------------------------------------------------------------------------------------
# interface mode (and the LSP's enable/disable)
# ---------------------------------------------------------------------------------------------


def _admin(up: bool) -> Handler:
    """Ethernet ports and LSPs are down unless ``enable`` is shown; ve/loopback are up unless
    ``disable``."""

    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        t.done()
        want_up = up != neg
        physical = m.node.line.startswith(("interface ethernet", "interface management"))
        if physical or m.node.kind == "lsp":
            _put(m, "enable", "enable" if want_up else None)
        else:
            _put(m, "disable", None if want_up else "disable")

    return handler


def _ip_address(m: Mode, t: Tokens, neg: bool) -> None:
    if neg and not t.more():  # `no ip address` removes them all
        for n in m.node.find("ip address"):
            _drop(m, n.key)
        return
    line = f"ip address {t.ipv4_interface()}"
    t.done()
    _toggle(m, line, neg)


def _ip_mtu(m: Mode, t: Tokens) -> str:
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
    return f"ip mtu {n}"


def _ospf_network(m: Mode, t: Tokens) -> str | None:
    net = t.keyword(["point-to-point", "broadcast", "non-broadcast"])
    return None if net == "broadcast" else f"ip ospf network {net}"


_ip = _subcommands(
    {
        "address": _ip_address,
        "mtu": _setting("ip mtu", _ip_mtu),
        "ospf": _subcommands(
            {
                "area": _value("ip ospf area", _area),
                "cost": _number("ip ospf cost", 1, 65535),
                "priority": _number("ip ospf priority", 0, 255),
                "hello-interval": _number("ip ospf hello-interval", 1, 65535),
                "dead-interval": _number("ip ospf dead-interval", 1, 2147483647),
                "network": _setting("ip ospf network", _ospf_network),
                "passive": _setting("ip ospf passive", _fixed("ip ospf passive")),
                "bfd": _setting("ip ospf bfd", _fixed("ip ospf bfd")),
            }
        ),
    }
)


def _bfd(m: Mode, t: Tokens) -> str:
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
    return f"bfd interval {interval} min-rx {min_rx} multiplier {mult}"


# ---------------------------------------------------------------------------------------------
# VLAN membership (global VLAN, VPLS VLAN, VLL VLAN, VLL untagged end-point)
# ---------------------------------------------------------------------------------------------


def _membership(tagging: str) -> Handler:
    other = "untagged" if tagging == "tagged" else "tagged"

    def handler(m: Mode, t: Tokens, neg: bool) -> None:
        given = set(P.take_port_list(t))
        word = "e" if m.node.kind in ("vll", "vll-vlan") else "ethe"
        current = _ports_of(m.node.child(tagging))
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
        if new != current:
            _put(m, tagging, f"{tagging} {P.format_port_list(new, word)}" if new else None)

    return handler


def _router_interface(m: Mode, t: Tokens) -> str:
    t.keyword(["ve"])
    n = _in_range("ve", t.integer(), 1, VE_MAX)
    t.done()
    line = f"router-interface ve {n}"
    for _, node in m.cfg.root.walk():
        if node.line == line and node not in m.node.children:
            raise error(f"ve {n} is already the router-interface of another VLAN")
    return line


# ---------------------------------------------------------------------------------------------
# router mpls
# ---------------------------------------------------------------------------------------------


def _path(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    name = t.take()
    t.done()
    if neg and m.strict:
        for lsp in m.node.find("lsp"):
            for ref in ("primary-path", "secondary-path"):
                node = lsp.child(ref)
                if node is not None and node.words()[1] == name:
                    raise error(f"path {name} is in use by {lsp.line}; remove it from the LSP first")
    return _toggle(m, f"path {name}", neg, kind="path")


def _service_vlan(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    """``vlan N`` of a VPLS: its block; ``no vlan N`` only once its ve is gone (as a global VLAN)."""
    line = f"vlan {_vlan_id(t)}"
    t.done()
    if neg:
        _vlan_unused(m, m.node.child(line))
    return _toggle(m, line, neg, kind="vpls-vlan")


def _secondary_path(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
    if _unset(m, t, neg, "secondary-path"):
        return None
    name = t.take()
    t.done()
    line = f"secondary-path {name}"
    node = m.node.child("secondary-path")
    if node is not None and node.line != line:
        node.children = []  # the options belonged to the path being replaced
    return Outcome(enter=_set(m, "secondary-path", line, kind="secpath"))


def _options(m: Mode, t: Tokens, readers: dict[str, Reader]) -> dict[str, str]:
    """Options to the end of the line, in any order, as keyword -> canonical text (a repeated one:
    the last wins). With no options, any word left is invalid input."""
    found: dict[str, str] = {}
    while t.more():
        word = t.keyword(readers)
        found[word] = readers[word](m, t)
    return found


def _service(
    kind: str, label: str, id_name: str, id_word: str, options: dict[str, Reader] | None = None
) -> Handler:
    """``vpls NAME ID`` / ``vll NAME VC-ID [options]``: ``NAME`` alone re-enters an instance.

    ``label`` names the service and ``id_name`` its id in replies ("VPLS id" / "VC id");
    ``id_word`` is how "already exists with ..." names the id; ``options`` are shown in their
    order.
    """
    readers = options or {}

    def compose(name: str, n: int, given: dict[str, str]) -> str:
        return " ".join([kind, name, str(n), *(given[w] for w in readers if w in given)])

    def handler(m: Mode, t: Tokens, neg: bool) -> Outcome | None:
        name = t.take()
        key = f"{kind} {name}"
        if _unset(m, t, neg, key):
            return None
        existing = m.node.child(key)
        if not t.more():
            if existing is None:
                raise incomplete()
            return Outcome(enter=existing)
        n = _in_range(id_name, t.integer(), 1, SERVICE_ID_MAX)
        given = _options(m, t, readers)
        if existing is not None:
            old = existing.words()
            if old[2] != str(n):
                raise error(f"{label} {name} already exists with {id_word} {old[2]}")
            # re-entering without options keeps them, as on the device
            kept = _options(m, Tokens(" ".join(old[3:])), readers)
            existing.line = compose(name, n, {**kept, **given})
            return Outcome(enter=existing)
        for other in m.node.find(kind):
            if other.words()[2] == str(n):
                raise error(f"{id_name} {n} is already used by {label} {other.words()[1]}")
        return Outcome(enter=_add(m, compose(name, n, given), kind=kind, key=key))

    return handler


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
    if new != current:
        _put(m, "vpls-peer", f"vpls-peer {' '.join(new)}" if new else None)


# ---------------------------------------------------------------------------------------------
# mode tables: keyword -> (handler, accepts a `no` form)
# ---------------------------------------------------------------------------------------------

#: ``vll NAME VC-ID [raw-mode] [cos N]``, in display order
_VLL_OPTIONS: dict[str, Reader] = {
    "raw-mode": _fixed("raw-mode"),
    "cos": _arg("cos", _within("cos", 0, 7)),
}

_SESSION: dict[str, tuple[Handler, bool]] = {
    "exit": (_session("exit"), False),
    "end": (_session("end"), False),
    "quit": (_session("end"), False),
    "show": (_session("show", args=True), False),
    "write": (_session("write", args=True), False),
}

_PORTS: dict[str, tuple[Handler, bool]] = {
    "tagged": (_membership("tagged"), True),
    "untagged": (_membership("untagged"), True),
}
_VLAN: dict[str, tuple[Handler, bool]] = {
    **_PORTS,
    "router-interface": (_setting("router-interface", _router_interface), True),
}

_TABLES: dict[str, dict[str, tuple[Handler, bool]]] = {
    "root": {
        "default-max-frame-size": (_frame_size, True),
        "hostname": (_value("hostname", Tokens.take), True),
        "interface": (_interface, True),
        "router": (_router, True),
        "vlan": (_global_vlan, True),
    },
    "interface": {
        "port-name": (_value("port-name", Tokens.rest), True),
        "enable": (_admin(True), True),
        "disable": (_admin(False), True),
        "ip": (_ip, True),
        "bfd": (_setting("bfd", _bfd), True),
    },
    "vlan": _VLAN,
    "ospf": {
        "area": (_line(_arg("area", _area)), True),
        # BFD for OSPFv2 on every OSPF interface, and the down-notification delay (Multi-Service
        # IronWare Switching Configuration Guide R05.6.00, "Configuring BFD for the specified
        # protocol"); per interface it is `ip ospf bfd`
        "bfd": (_subcommands({
            "all-interfaces": _flag("bfd all-interfaces"),
            "holdover-interval": _number("bfd holdover-interval", 0, 20),
        }), True),
    },
    "mpls": {
        "policy": (_line(_fixed("policy"), kind="policy"), True),
        "mpls-interface": (_line(_arg("mpls-interface", _mpls_if_name), kind="mpls-if"), True),
        "path": (_path, True),
        "vpls-policy": (_line(_fixed("vpls-policy"), kind="vpls-policy"), True),
        "lsp": (_line(_arg("lsp", Tokens.take), kind="lsp"), True),
        "vll": (_service("vll", "VLL", "VC id", id_word="VC id", options=_VLL_OPTIONS), True),
        "vpls": (_service("vpls", "VPLS", "VPLS id", id_word="id"), True),
    },
    "policy": {"traffic-eng": (_value("traffic-eng", _choice("ospf")), True)},
    "mpls-if": {"ldp-enable": (_flag("ldp-enable"), True)},
    "path": {
        "strict": (_line(_arg("strict", Tokens.ipv4)), True),
        "loose": (_line(_arg("loose", Tokens.ipv4)), True),
    },
    "lsp": {
        "to": (_value("to", Tokens.ipv4), True),
        "primary-path": (_value("primary-path", Tokens.take), True),
        "secondary-path": (_secondary_path, True),
        "frr": (_line(_fixed("frr"), kind="frr"), True),
        "adaptive": (_flag("adaptive"), True),
        "revert-timer": (_number("revert-timer", 1, 65535), True),
        "enable": (_admin(True), True),
        "disable": (_admin(False), False),
    },
    "secpath": {"standby": (_flag("standby"), True)},
    "vpls-policy": {"mtu-enforcement": (_flag("mtu-enforcement"), True)},
    "frr": {"facility-backup": (_flag("facility-backup"), True)},
    "vpls": {
        "vpls-peer": (_vpls_peer, True),
        "vpls-mtu": (_number("vpls-mtu", PW_MTU_MIN, PW_MTU_MAX), True),
        "vc-mode": (_line(_arg("vc-mode", _choice("tagged")), key="vc-mode"), True),
        "vlan": (_service_vlan, True),
    },
    "vpls-vlan": _VLAN,
    "vll": {
        "vll-peer": (_value("vll-peer", Tokens.ipv4), True),
        "vll-mtu": (_number("vll-mtu", PW_MTU_MIN, PW_MTU_MAX), True),
        "vlan": (_line(_arg("vlan", _vlan_id), kind="vll-vlan"), True),
        "untagged": _PORTS["untagged"],
    },
    "vll-vlan": _PORTS,
}
_TABLES["opaque"] = {}
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
