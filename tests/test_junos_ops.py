"""Junos operational RPC replies from the lab model (labs/junos/ops/).

1. Shape: for every RPC with a real capture in ../shared/captures/junos, the element paths the
   emulator emits (namespace-stripped local names, root = the reply element under rpc-reply),
   over several network states, are a subset of the capture's paths; attributes follow the
   capture (present where the capture always has them, in the ``junos:`` namespace where the
   capture puts them there). Emulator-only paths are listed below with the reason each is there.
   RPCs without a capture (l2circuit, VPLS, OSPF, LDP) are held to the element names
   ``vendors/junos/parsers.py`` documents or reads, plus listed extras.
2. Consumers: the toolkit's parsers read every emulator reply into records that agree with the
   model (MTUs, addresses, LSP paths, PW labels crossing with the far end).
3. ``show l2circuit connections`` text has the line shapes of the real output (blog capture).
4. End to end (slow, starts a lab): napalm's junos driver get_facts/get_interfaces/ping.
"""

from __future__ import annotations

import inspect
import re
import shutil
from collections.abc import Callable, Iterator

import pytest
from lxml import etree

from mpls_interop.vendors.junos import parsers
from mpls_interop_lab.junos.ops import DEFAULT_VERSION, OperationalRpcs
from mpls_interop_lab.model import LabNetwork
from tests.conftest import SEED_INVENTORY, capture
from tests.labmodel import pw, seed_network

DEVICE = "r1"

# ---------------------------------------------------------------------------------------------
# network states the replies are taken from


def _state(patches: dict[str, list[tuple[str, str]]] | None = None, down: tuple[str, ...] = ()) -> Callable[[], LabNetwork]:
    """The seed network with config edits (device -> [(old, new)]) and r1 ports down."""
    def make() -> LabNetwork:
        def patch(name: str, text: str) -> str:
            for old, new in (patches or {}).get(name, []):
                assert old in text, (name, old)
                text = text.replace(old, new, 1)
            return text
        net = seed_network(SEED_INVENTORY, patch)
        for port in down:
            net.faults.link_down.add((DEVICE, port))
        net.changed()
        return net
    return make


STATES: dict[str, Callable[[], LabNetwork]] = {
    "seed": _state(),
    "core-link-down": _state(down=("ge-1/0/0",)),
    "isolated": _state(down=("ge-1/0/0", "ge-1/0/1")),
    "customer-port-down": _state(down=("ge-1/1/9",)),
    "unit-disabled": _state({DEVICE: [("unit 0 {\n", "unit 0 {\n            disable;\n")]}),
    "port-disabled": _state({DEVICE: [("ge-1/0/1 {\n", "ge-1/0/1 {\n        disable;\n")]}),
    "vll-mtu-mismatch": _state({DEVICE: [("virtual-circuit-id 41;\n                mtu 9100;",
                                          "virtual-circuit-id 41;\n                mtu 9000;")]}),
    # r1-r3 jumbo, r3-r2 at 1500, r1-r2 down: a DF ping to r2 gets "frag needed" from r3
    "remote-frag": _state({
        DEVICE: [("mtu 1500;\n                address 198.51.100.4/31;", "mtu 9000;\n                address 198.51.100.4/31;")],
        "r3": [("198.51.100.5/31\n ip mtu 1500", "198.51.100.5/31\n ip mtu 9000")],
    }, down=("ge-1/0/0",)),
}


@pytest.fixture(scope="module")
def nets() -> dict[str, LabNetwork]:
    return {name: make() for name, make in STATES.items()}


@pytest.fixture(scope="module")
def seed(nets: dict[str, LabNetwork]) -> LabNetwork:
    return nets["seed"]


def ops_for(net: LabNetwork, name: str = DEVICE) -> OperationalRpcs:
    return OperationalRpcs(name, lambda: net.state)


def ask(net: LabNetwork, rpc: str, name: str = DEVICE) -> etree._Element:
    reply = ops_for(net, name).handle(etree.fromstring(rpc))
    assert reply is not None, rpc
    return reply


# requests per RPC: every style the emulator answers differently
REQUESTS: dict[str, list[str]] = {
    "get-interface-information": [
        "<get-interface-information/>",
        "<get-interface-information><detail/></get-interface-information>",
        "<get-interface-information><extensive/></get-interface-information>",
        "<get-interface-information><interface-name>ge-1/1/9</interface-name></get-interface-information>",
        "<get-interface-information><interface-name>lt-*</interface-name></get-interface-information>",
        "<get-interface-information><terse/></get-interface-information>",
        "<get-interface-information><interface-name>ge-1/0/0.1000</interface-name></get-interface-information>",
    ],
    "get-mpls-lsp-information": [
        "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>",
        "<get-mpls-lsp-information/>",
        "<get-mpls-lsp-information><ingress/><detail/></get-mpls-lsp-information>",
    ],
    "get-rsvp-session-information": ["<get-rsvp-session-information/>"],
    "ping": [
        "<ping><host>10.0.0.2</host><count>3</count><rapid/></ping>",
        # DF pings: fits, too big for the local IP MTU, too big for a core link
        "<ping><host>198.51.100.2</host><size>1472</size><do-not-fragment/><count>2</count></ping>",
        "<ping><host>198.51.100.2</host><size>1473</size><do-not-fragment/><count>2</count></ping>",
        "<ping><host>203.0.113.2</host><size>8973</size><do-not-fragment/>"
        "<routing-instance>vrf-lan40</routing-instance><count>2</count></ping>",
        "<ping><host>192.0.2.99</host><count>2</count></ping>",
        "<ping><host>10.0.0.2</host><size>2000</size><do-not-fragment/><count>2</count></ping>",
    ],
    "get-l2ckt-connection-information": ["<get-l2ckt-connection-information/>"],
    "get-bfd-session-information": [
        "<get-bfd-session-information/>",
        "<get-bfd-session-information><extensive/></get-bfd-session-information>",
    ],
    "get-vpls-connection-information": ["<get-vpls-connection-information/>"],
    "get-ospf-neighbor-information": ["<get-ospf-neighbor-information/>"],
    "get-ospf-interface-information": [
        "<get-ospf-interface-information/>",
        "<get-ospf-interface-information><detail/></get-ospf-interface-information>",
    ],
    "get-ldp-session-information": ["<get-ldp-session-information/>"],
    "get-ldp-neighbor-information": ["<get-ldp-neighbor-information/>"],
    "get-ldp-route-information": ["<get-ldp-route-information/>"],
}

CAPTURED: dict[str, list[str]] = {
    "get-interface-information": [
        "junos/napalm-junos__test_get_interfaces_normal__get-interface-information.xml",
        "junos/centreon-junos__interfaces.netconf",
    ],
    "get-mpls-lsp-information": ["junos/centreon-junos__lsp.netconf"],
    "get-rsvp-session-information": ["junos/centreon-junos__rsvp.netconf"],
    "ping": [
        "junos/napalm-junos__test_ping_normal___command_ping_8_8_8_8_ttl_255_wait_2_size_100_count_5__command_.xml",
    ],
}

# Emulator-only paths on captured RPCs, each with the reason it is allowed.
EXTRA: dict[str, dict[str, str]] = {
    "get-interface-information": {
        "interface-information/physical-interface/logical-interface/admin-status":
            "terse style: there is no terse capture; units carry their own status there "
            "(parsers.parse_interfaces reads it)",
        "interface-information/physical-interface/logical-interface/oper-status":
            "terse style, as above",
        "interface-information/physical-interface/logical-interface/if-config-flags/iff-down":
            "an administratively disabled unit; napalm's junos_logical_iface_view reads iff-down",
    },
    "get-mpls-lsp-information": {
        "mpls-lsp-information/rsvp-session-data/rsvp-session/mpls-lsp/is-fastreroute":
            "fast-reroute LSPs (the capture has node protection); public PyEZ tables and "
            "parsers.parse_lsps read is-fastreroute",
    },
    "ping": {
        "ping-results/ping-failure": "failed ping (the capture succeeded); parsers.parse_ping reads it",
        "ping-results/probe-result/icmp-type": "ICMP error from a router on the path "
                                               "(junos-rpc-ping icmp-type)",
        "ping-results/probe-result/icmp-type/icmp-unreach": "ICMP destination unreachable",
        "ping-results/probe-result/icmp-code": "ICMP code (junos-rpc-ping icmp-code)",
        "ping-results/probe-result/icmp-code/icmp-unreach-needfrag": "fragmentation needed "
                                                                     "(junos-rpc-ping)",
    },
}

# Emitted subtrees that sit elsewhere in the capture: (emitted prefix, captured prefix, reason).
ALIASES: dict[str, list[tuple[str, str, str]]] = {
    "get-interface-information": [(
        "interface-information/logical-interface",
        "interface-information/physical-interface/logical-interface",
        "a request for one unit returns it without its physical interface (no such capture; "
        "parsers.parse_interfaces reads this layout)",
    )],
}


def canonical(rpc: str, path: str) -> str:
    for ours, theirs, _ in ALIASES.get(rpc, []):
        if path == ours or path.startswith(ours + "/"):
            return theirs + path[len(ours):]
    return path


# RPCs without a capture: element names vendors/junos/parsers.py documents or reads.
_CONN = ("connection-id", "connection-type", "connection-status", "last-change", "up-transitions",
         "remote-pe", "control-word", "inbound-label", "outbound-label", "pw-status-tlv",
         "local-interface", "local-interface/interface-name", "local-interface/interface-status",
         "local-interface/interface-encapsulation")


def _under(prefix: str, names: tuple[str, ...]) -> set[str]:
    return {prefix} | {f"{prefix}/{n}" for n in names}


DOCUMENTED: dict[str, set[str]] = {
    "get-l2ckt-connection-information": {
        "l2circuit-connection-information",
        "l2circuit-connection-information/l2circuit-neighbor",
        "l2circuit-connection-information/l2circuit-neighbor/neighbor-address",
    } | _under("l2circuit-connection-information/l2circuit-neighbor/connection", _CONN),
    "get-vpls-connection-information": {
        "vpls-connection-information",
        "vpls-connection-information/instance",
        "vpls-connection-information/instance/instance-name",
        "vpls-connection-information/instance/reference-site",
        "vpls-connection-information/instance/reference-site/vpls-id",
    } | _under("vpls-connection-information/instance/reference-site/connection",
               ("connection-id", "connection-status", "remote-pe", "inbound-label", "outbound-label",
                "local-interface", "local-interface/interface-encapsulation")),
    "get-ospf-neighbor-information": {"ospf-neighbor-information"} | _under(
        "ospf-neighbor-information/ospf-neighbor",
        ("neighbor-address", "interface-name", "ospf-neighbor-state", "neighbor-id")),
    "get-ldp-session-information": {"ldp-session-information"} | _under(
        "ldp-session-information/ldp-session", ("ldp-neighbor-address", "ldp-session-state")),
}
EXTRA_UNCAPTURED: dict[str, dict[str, str]] = {
    "get-vpls-connection-information": {
        f"vpls-connection-information/instance/reference-site/connection/{n}":
            "same connection fields as an l2circuit connection (parsers docstring, l2circuit list)"
        for n in ("connection-type", "last-change", "up-transitions", "control-word", "pw-status-tlv",
                  "local-interface/interface-name", "local-interface/interface-status")
    },
    "get-ospf-neighbor-information": {
        "ospf-neighbor-information/ospf-neighbor/neighbor-priority": "genieparser ShowOspfNeighbor schema",
        "ospf-neighbor-information/ospf-neighbor/activity-timer": "genieparser ShowOspfNeighbor schema",
    },
    "get-ldp-session-information": {
        f"ldp-session-information/ldp-session/{n}": "genieparser ShowLDPSession schema"
        for n in ("ldp-connection-state", "ldp-remaining-time", "ldp-session-adv-mode")
    },
    "get-ospf-interface-information": {
        p: "no capture and no toolkit consumer: names from Juniper's RPC YANG "
           "(junos-rpc-ospf, tests/test_junos_rpc_schema.py)"
        for p in {"ospf-interface-information"} | _under(
            "ospf-interface-information/ospf-interface",
            ("interface-name", "ospf-interface-state", "ospf-area", "dr-id", "bdr-id",
             "neighbor-count", "interface-type", "interface-address", "address-mask", "mtu",
             "interface-cost", "adj-count", "hello-interval", "dead-interval", "retransmit-interval"))
    },
    "get-ldp-route-information": {
        p: "no capture: names from Juniper's RPC YANG (junos-rpc-ldp, ldp-route-information-block)"
        for p in {"ldp-route-information"} | _under(
            "ldp-route-information/ldp-route",
            ("ldp-prefix", "ldp-label", "ldp-no-label", "ldp-ingress-route-status", "ldp-nexthop",
             "ldp-nexthop/interface-name", "ldp-nexthop/interface-address"))
    },
    "get-ldp-neighbor-information": {
        p: "no capture and no toolkit consumer; unverified"
        for p in {"ldp-neighbor-information"} | _under(
            "ldp-neighbor-information/ldp-neighbor",
            ("ldp-neighbor-address", "interface-name", "ldp-label-space-id", "ldp-remaining-time"))
    },
}

# ---------------------------------------------------------------------------------------------
# element paths and attributes

_JUNOS_NS = re.compile(r"^http://xml\.juniper\.net/junos/[^/]+/junos$")


def _local(tag: str) -> str:
    return etree.QName(tag).localname if tag.startswith("{") else tag.rsplit(":", 1)[-1]


def _attr(key: str) -> tuple[str, bool]:
    """(local name, in the junos namespace?) of an attribute key."""
    if key.startswith("{"):
        ns, name = key[1:].split("}", 1)
        return name, bool(_JUNOS_NS.match(ns))
    if key.startswith("junos:"):  # an undeclared prefix kept verbatim by the recovering parser
        return key.split(":", 1)[1], True
    return key, False


def walk(root: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    def rec(el: etree._Element, prefix: str) -> Iterator[tuple[str, etree._Element]]:
        if not isinstance(el.tag, str):
            return
        path = f"{prefix}/{_local(el.tag)}" if prefix else _local(el.tag)
        yield path, el
        for child in el:
            yield from rec(child, path)
    yield from rec(root, "")


def reply_root(el: etree._Element) -> etree._Element:
    if _local(el.tag) == "rpc-reply":
        return next(c for c in el if isinstance(c.tag, str))
    return el


class CaptureShape:
    """Paths, attributes seen / always present, and namespaced attributes of real replies."""

    def __init__(self, files: list[str]) -> None:
        self.paths: set[str] = set()
        self.attrs: dict[str, set[str]] = {}
        self.always: dict[str, set[str]] = {}
        self.namespaced: set[tuple[str, str]] = set()
        for rel in files:
            root = reply_root(parsers.parse_reply(capture(rel).read_bytes()))
            for path, el in walk(root):
                self.paths.add(path)
                names = {_attr(k)[0] for k in el.attrib}
                self.attrs.setdefault(path, set()).update(names)
                self.always[path] = self.always.get(path, names) & names
                self.namespaced.update((path, n) for n, ns in map(_attr, el.attrib) if ns)


@pytest.fixture(scope="module")
def emitted(nets: dict[str, LabNetwork]) -> dict[str, list[tuple[str, str, etree._Element]]]:
    """rpc -> [(state, path, element)] over every state and request style."""
    out: dict[str, list[tuple[str, str, etree._Element]]] = {}
    for state, net in nets.items():
        for rpc, requests in REQUESTS.items():
            for req in requests:
                for path, el in walk(ask(net, req)):
                    out.setdefault(rpc, []).append((state, path, el))
    return out


@pytest.mark.parametrize("rpc", sorted(CAPTURED))
def test_element_paths_are_those_of_the_real_captures(rpc, emitted):
    shape = CaptureShape(CAPTURED[rpc])
    extra = EXTRA.get(rpc, {})
    ours = {canonical(rpc, path) for _, path, _ in emitted[rpc]}
    assert ours, rpc
    unknown = sorted(p for p in ours - shape.paths if p not in extra)
    assert not unknown, f"{rpc}: paths not in the capture: {unknown}"
    # the listed extras are really emulator-only, and really emitted (no stale entries)
    assert not set(extra) & shape.paths
    assert set(extra) <= ours, sorted(set(extra) - ours)
    raw = {path for _, path, _ in emitted[rpc]}
    for prefix, _, _ in ALIASES.get(rpc, []):
        assert prefix in raw, prefix


@pytest.mark.parametrize("rpc", sorted(CAPTURED))
def test_attributes_follow_the_captures(rpc, emitted):
    shape = CaptureShape(CAPTURED[rpc])
    problems = []
    for state, path, el in emitted[rpc]:
        path = canonical(rpc, path)
        if path not in shape.paths:
            continue
        attrs = dict(map(_attr, el.attrib))
        if not set(attrs) <= shape.attrs[path]:
            problems.append((state, path, "unexpected", sorted(set(attrs) - shape.attrs[path])))
        if not shape.always[path] <= set(attrs):
            problems.append((state, path, "missing", sorted(shape.always[path] - set(attrs))))
        for name, junos in attrs.items():
            if (path, name) in shape.namespaced and not junos:
                problems.append((state, path, "not junos:", name))
    assert not problems, problems[:10]


def test_key_attributes_are_present(seed):
    """The attributes consumers read, spelled out (napalm: interface-flapped/@seconds)."""
    reply = ask(seed, "<get-interface-information/>")
    ns = {"j": reply.nsmap[None]}
    junos = reply.nsmap["junos"]
    assert reply.get(f"{{{junos}}}style") == "normal"
    for phy in reply.findall("j:physical-interface", ns):
        assert phy.find("j:admin-status", ns).get(f"{{{junos}}}format") in ("Enabled", "Administratively down")
        assert phy.find("j:interface-flapped", ns).get(f"{{{junos}}}seconds").isdigit()
    for sess in ask(seed, "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>").iter(
            "{*}rsvp-session"):
        assert sess.get(f"{{{junos}}}style") == "detail"
    assert _JUNOS_NS.match(junos)


@pytest.mark.parametrize("rpc", sorted(DOCUMENTED.keys() | EXTRA_UNCAPTURED.keys()))
def test_uncaptured_rpcs_use_documented_names(rpc, emitted):
    documented = DOCUMENTED.get(rpc, set())
    extra = EXTRA_UNCAPTURED.get(rpc, {})
    ours = {path for _, path, _ in emitted[rpc]}
    assert ours
    unknown = sorted(ours - documented - set(extra))
    assert not unknown, f"{rpc}: names neither documented nor listed: {unknown}"
    # the names claimed to be documented really are in the parsers module (docstring or code)
    source = inspect.getsource(parsers)
    for path in documented:
        assert path.rsplit("/", 1)[-1] in source, path


def test_namespaces_carry_the_release():
    reply = OperationalRpcs(DEVICE, lambda: seed_network(SEED_INVENTORY).state).handle(
        etree.fromstring("<get-rsvp-session-information/>"))
    release = DEFAULT_VERSION.split("-")[0]
    assert reply.nsmap[None] == f"http://xml.juniper.net/junos/{release}/junos-routing"
    assert reply.nsmap["junos"] == f"http://xml.juniper.net/junos/{release}/junos"


def test_default_version_is_the_devices():
    from mpls_interop_lab.junos.device import JunosDevice

    assert JunosDevice("x").version == DEFAULT_VERSION


# ---------------------------------------------------------------------------------------------
# consumers: the toolkit's parsers on every reply agree with the model


def test_interfaces_parse_to_the_model(nets):
    for state, net in nets.items():
        dev = net.state.devices[DEVICE]
        for style in ("", "<detail/>"):
            records = {i.name: i for i in parsers.parse_interfaces(
                ask(net, f"<get-interface-information>{style}</get-interface-information>"))}
            for name, port in dev.ports.items():
                rec = records[name]
                assert (rec.l2_mtu, rec.admin_up, rec.oper_up) == (port.l2_mtu, port.admin_up, port.oper_up), (
                    state, rec)
            for ipif in dev.view.ipifs:
                rec = records[ipif.name]
                assert rec.oper_up == dev.ip_oper_up(ipif.name), (state, rec)
                assert rec.admin_up == ipif.admin_up, (state, rec)
                if ipif.loopback:
                    assert rec.addresses == (str(ipif.address.ip),) and rec.ip_mtu is None
                else:
                    assert rec.addresses == (str(ipif.address),), (state, rec)
                    assert rec.ip_mtu == ipif.ip_mtu, (state, rec)
            for pwc in dev.view.pws:
                for att in pwc.attachments:
                    assert att.name in records, (state, att.name)


def test_seed_interface_values(seed):
    records = {i.name: i for i in parsers.parse_interfaces(ask(seed, "<get-interface-information/>"))}
    assert records["ge-1/0/0"].l2_mtu == records["ge-1/1/9"].l2_mtu == 9192
    assert records["ge-1/0/0.1000"].ip_mtu == records["ge-1/0/1.0"].ip_mtu == 1500
    assert records["ge-1/0/0.1000"].addresses == ("198.51.100.1/30",)
    assert records["lt-0/0/10.1"].ip_mtu == 9000
    assert records["ge-1/1/9.41"].oper_up and records["lt-0/0/10.4"].oper_up
    terse = {i.name: i for i in parsers.parse_interfaces(
        ask(seed, "<get-interface-information><terse/></get-interface-information>"))}
    assert terse["ge-1/0/0.1000"].addresses == ("198.51.100.1/30",) and terse["ge-1/0/0.1000"].oper_up
    one = parsers.parse_interfaces(ask(
        seed, "<get-interface-information><interface-name>ge-1/0/1.0</interface-name></get-interface-information>"))
    assert [(i.name, i.addresses) for i in one] == [("ge-1/0/1.0", ("198.51.100.4/31",))]


def test_down_states_read_as_down(nets):
    isolated = {i.name: i for i in parsers.parse_interfaces(ask(nets["isolated"], "<get-interface-information/>"))}
    assert not isolated["ge-1/0/0"].oper_up and isolated["ge-1/0/0"].admin_up
    assert not isolated["ge-1/0/0.1000"].oper_up
    disabled = {i.name: i for i in parsers.parse_interfaces(ask(nets["port-disabled"], "<get-interface-information/>"))}
    assert not disabled["ge-1/0/1"].admin_up and not disabled["ge-1/0/1"].oper_up
    unit = {i.name: i for i in parsers.parse_interfaces(ask(nets["unit-disabled"], "<get-interface-information/>"))}
    assert not unit["ge-1/0/1.0"].admin_up and not unit["ge-1/0/1.0"].oper_up and unit["ge-1/0/1"].oper_up


def test_lsps_parse_to_the_model(nets):
    for state, net in nets.items():
        model = {lsp.name: lsp for lsp in net.state.devices[DEVICE].lsps}
        reply = ask(net, "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>")
        lsps = {lsp.name: lsp for lsp in parsers.parse_lsps(reply)}
        assert lsps.keys() == model.keys(), state
        for name, lsp in lsps.items():
            m = model[name]
            assert (lsp.destination, lsp.source, lsp.up, lsp.frr) == (m.to, m.source, m.up, m.frr), (state, lsp)
            assert lsp.active_path == (m.active if m.up else None), (state, lsp)
        sessions = parsers.parse_rsvp_sessions(reply)
        rsvp = net.state.devices[DEVICE].rsvp
        assert sorted((s["direction"], s["name"], s["up"]) for s in sessions if s["direction"] != "ingress") == sorted(
            (s.role, s.name, s.up) for s in rsvp if s.role != "ingress")


def test_lsp_type_limits_the_reply_to_that_role(nets):
    """``show mpls lsp ingress|egress|transit`` (the YANG's no-keyword ``lsp-type``): one
    ``rsvp-session-data`` block, that role's; the ingress LSPs are the same as in the full reply."""
    for state, net in nets.items():
        full = ask(net, "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>")
        blocks = {r: ask(net, f"<get-mpls-lsp-information><{r}/><detail/></get-mpls-lsp-information>")
                  for r in ("ingress", "egress", "transit")}
        for role, reply in blocks.items():
            types = [t.text for t in reply.iter("{*}session-type")]
            assert types == [role.capitalize()], (state, role, types)
        assert parsers.parse_lsps(blocks["ingress"]) == parsers.parse_lsps(full), state
        both = [s for r in ("egress", "transit") for s in parsers.parse_rsvp_sessions(blocks[r])]
        assert sorted(map(repr, both)) == sorted(
            repr(s) for s in parsers.parse_rsvp_sessions(full) if s["direction"] != "ingress"), state


def test_seed_lsps_up_on_primary(seed):
    lsps = parsers.parse_lsps(ask(seed, "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>"))
    assert [(lsp.name, lsp.up, lsp.active_path, lsp.frr) for lsp in lsps] == [
        ("r1-to-r2", True, "primary", True), ("r1-to-r3", True, "primary", True)]


def test_core_link_down_moves_lsp_to_secondary(nets):
    lsps = {lsp.name: lsp for lsp in parsers.parse_lsps(
        ask(nets["core-link-down"], "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>"))}
    assert lsps["r1-to-r2"].up and lsps["r1-to-r2"].active_path == "secondary"
    isolated = parsers.parse_lsps(ask(nets["isolated"], "<get-mpls-lsp-information><detail/></get-mpls-lsp-information>"))
    assert not any(lsp.up for lsp in isolated) and all(lsp.active_path is None for lsp in isolated)


def test_rsvp_sessions_parse_to_the_model(nets):
    for state, net in nets.items():
        sessions = parsers.parse_rsvp_sessions(ask(net, "<get-rsvp-session-information/>"))
        model = net.state.devices[DEVICE].rsvp
        assert sorted((s["direction"], s["name"], s["destination"], s["up"]) for s in sessions) == sorted(
            (s.role, s.name, s.destination, s.up) for s in model), state
        for s in sessions:
            if s["up"] and s["direction"] == "ingress":
                assert (s["label_in"], s["label_out"]) == (None, 3)
            if s["up"] and s["direction"] == "egress":
                assert (s["label_in"], s["label_out"]) == (3, None)


def test_pseudowires_parse_to_the_model_and_cross_with_the_far_end(nets):
    for state, net in nets.items():
        model = net.state.devices[DEVICE].pws
        records = parsers.parse_l2circuits(ask(net, "<get-l2ckt-connection-information/>")) + parsers.parse_vpls(
            ask(net, "<get-vpls-connection-information/>"))
        assert len(records) == len(model), state
        for rec in records:
            m = next(p for p in model if p.kind == rec.kind and p.id == rec.service_id and p.peer == rec.peer)
            assert (rec.up, rec.local_label, rec.remote_label) == (m.up, m.local_label, m.remote_label), (state, rec)
            assert rec.pw_type == m.pw_type, (state, rec)
            if rec.kind == "vll":
                assert rec.name == m.attachments[0]
            else:
                assert rec.name == m.name
            if state == "seed":
                far = pw(net, m.peer_device, m.kind, m.id, DEVICE)
                assert rec.up and far.up
                assert rec.local_label == far.remote_label and rec.remote_label == far.local_label


def test_seed_pseudowires(seed):
    vlls = parsers.parse_l2circuits(ask(seed, "<get-l2ckt-connection-information/>"))
    assert sorted((p.service_id, p.peer, p.pw_type, p.status) for p in vlls) == [
        (41, "10.0.0.3", "raw", "Up"), (42, "10.0.0.3", "tagged", "Up"), (43, "10.0.0.2", "raw", "Up")]
    vpls = parsers.parse_vpls(ask(seed, "<get-vpls-connection-information/>"))
    assert sorted((p.name, p.service_id, p.peer, p.up) for p in vpls) == [
        ("vpls-140", 140, "10.0.0.2", True), ("vpls-140", 140, "10.0.0.3", True),
        ("vpls-40", 40, "10.0.0.2", True), ("vpls-40", 40, "10.0.0.3", True)]


def test_mtu_mismatch_reads_as_mm(nets):
    vlls = {p.service_id: p for p in parsers.parse_l2circuits(
        ask(nets["vll-mtu-mismatch"], "<get-l2ckt-connection-information/>"))}
    assert (vlls[41].status, vlls[41].up, vlls[41].reason) == ("MM", False, "MTU mismatch")
    assert vlls[42].up


def test_ospf_and_ldp_parse_to_the_model(nets):
    for state, net in nets.items():
        dev = net.state.devices[DEVICE]
        ospf = parsers.parse_ospf_neighbors(ask(net, "<get-ospf-neighbor-information/>"))
        assert [(n.interface, n.neighbor_id, n.state) for n in ospf] == [
            (n.interface, n.neighbor_id, n.state) for n in dev.ospf], state
        ldp = parsers.parse_ldp_sessions(ask(net, "<get-ldp-session-information/>"))
        assert [(s.peer, s.up) for s in ldp] == [(s.peer, s.up) for s in dev.ldp], state


@pytest.mark.parametrize(("req", "success", "frag"), [
    ("<ping><host>10.0.0.2</host><count>3</count></ping>", True, False),
    ("<ping><host>198.51.100.2</host><size>1472</size><do-not-fragment/><count>2</count></ping>", True, False),
    ("<ping><host>198.51.100.2</host><size>1473</size><do-not-fragment/><count>2</count></ping>", False, True),
    ("<ping><host>192.0.2.99</host><count>2</count></ping>", False, False),
])
def test_ping_parses_to_the_model(seed, req, success, frag):
    el = etree.fromstring(req)
    result = parsers.parse_ping(ask(seed, req), el.findtext("host"), int(el.findtext("size") or 56))
    assert (result.success, result.frag_needed) == (success, frag), result
    assert result.sent == int(el.findtext("count"))


def test_remote_frag_needed_names_the_router(nets):
    net = nets["remote-frag"]
    reply = ask(net, "<ping><host>10.0.0.2</host><size>2000</size><do-not-fragment/><count>2</count></ping>")
    result = parsers.parse_ping(reply, "10.0.0.2", 2000)
    assert result.frag_needed and result.received == 0 and result.sent == 2
    assert {el.text for el in reply.iter("{*}ip-address")} == {"10.0.0.3"}
    ok = parsers.parse_ping(ask(net, "<ping><host>10.0.0.2</host><size>1472</size><do-not-fragment/>"
                                     "<count>2</count></ping>"), "10.0.0.2", 1472)
    assert ok.success


def test_ping_command_is_answered_like_the_rpc(seed):
    """napalm's ping sends ``<command>ping …</command>``."""
    reply = ask(seed, "<command>ping 10.0.0.3 count 4 size 100 ttl 255 wait 2</command>")
    assert _local(reply.tag) == "ping-results"
    summary = reply.find("{*}probe-results-summary")
    assert summary.findtext("{*}probes-sent") == "4" and summary.findtext("{*}responses-received") == "4"


# ---------------------------------------------------------------------------------------------
# show l2circuit connections (text): the real output's line shapes

_SHAPES = [  # variable fields -> placeholders (column alignment is checked separately)
    (re.compile(r"\S+\(vc \d+\) +"), "IFVC "),
    (re.compile(r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}"), "DATE"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "IP"),
    (re.compile(r"\b[a-z]{2,3}-\d+/\d+/\d+\.\d+"), "IFL"),
    (re.compile(r"Yes \(Null\)|\bYes\b|\bNo\b"), "YN"),
    (re.compile(r"\b(?:ETHERNET|VLAN)\b"), "ENC"),
    (re.compile(r"\d+"), "9"),
]


def shape(line: str) -> str:
    for rx, word in _SHAPES:
        line = rx.sub(word, line)
    return line.rstrip()


def columns(header: str, row: str) -> bool:
    """A connection row lines up with its header: Type/St/Time under their titles, count right-aligned."""
    starts = [header.index(t) for t in ("Type", "St ", "Time last up")]
    end = header.index("# Up trans") + len("# Up trans")
    cells = [m.start() for m in re.finditer(r"\S+", row)]
    return all(s in cells for s in starts) and len(row) == end


def _blog_block() -> list[str]:
    text = capture("junos/saidvandeklundert-blog__2015-10-5-ldp-over-rsvp-and-l2circuit-juniper-mx.md").read_text()
    block = text.split("show l2circuit connections\n", 1)[1].split("</pre>", 1)[0]
    return [re.sub(r"</?font[^>]*>", "", line).rstrip() for line in block.splitlines()]


def test_l2circuit_text_has_the_real_line_shapes(seed):
    real = _blog_block()
    reply = ask(seed, '<command format="text">show l2circuit connections</command>')
    assert _local(reply.tag) == "output"
    ours = [line.rstrip() for line in reply.text.strip("\n").splitlines()]
    # everything up to the first neighbour is fixed device text: identical
    first_real = next(i for i, line in enumerate(real) if line.startswith("Neighbor:"))
    first_ours = next(i for i, line in enumerate(ours) if line.startswith("Neighbor:"))
    assert ours[:first_ours] == real[:first_real]
    # the neighbour block: every line kind of the real output appears in ours, with the same shape
    real_shapes = [shape(line) for line in real[first_real:]]
    our_shapes = {shape(line) for line in ours[first_ours:]}
    assert [s for s in real_shapes if s not in our_shapes] == []
    assert our_shapes <= set(real_shapes)
    # table rows line up with their header, as in the real output
    header = next(line for line in real if "Time last up" in line)
    assert columns(header, next(line for line in real if "(vc " in line))
    rows = [line for line in ours if "(vc " in line]
    assert len(rows) == 3 and all(columns(header, row) for row in rows)
    assert sum(line.startswith("Neighbor: ") for line in ours) == 2


def test_l2circuit_text_of_a_down_pw_has_no_time(nets):
    reply = ask(nets["vll-mtu-mismatch"], '<command format="text">show l2circuit connections</command>')
    row = next(line for line in reply.text.splitlines() if "(vc 41)" in line)
    assert row.split() == ["ge-1/1/9.41(vc", "41)", "rmt", "MM"]


def test_show_commands_in_xml_are_the_rpc_replies(seed):
    for cmd, tag in (("show interfaces terse", "interface-information"),
                     ("show mpls lsp detail", "mpls-lsp-information"),
                     ("show l2circuit connections", "l2circuit-connection-information"),
                     ("show interfaces ge-1/0/0", "interface-information")):
        reply = ask(seed, f"<command>{cmd}</command>")
        assert _local(reply.tag) == tag, cmd
    one = ask(seed, "<command>show interfaces ge-1/0/0</command>")
    assert [_local(c.tag) for c in one] == ["physical-interface"]
    assert ops_for(seed).handle(etree.fromstring("<command>show bogus thing</command>")) is None


def test_interface_flap_time_follows_state_changes():
    net = seed_network(SEED_INVENTORY)
    now = [1_000_000.0]
    ops = OperationalRpcs(DEVICE, lambda: net.state, clock=lambda: now[0])

    def flapped(port: str) -> int:
        reply = ops.handle(etree.fromstring(f"<get-interface-information><interface-name>{port}"
                                            "</interface-name></get-interface-information>"))
        el = reply.find("{*}physical-interface/{*}interface-flapped")
        return int(el.get(f"{{{reply.nsmap['junos']}}}seconds"))

    now[0] += 300
    assert flapped("ge-1/0/0") == 300  # up since the lab started
    net.faults.link_down.add((DEVICE, "ge-1/0/0"))
    net.changed()
    assert flapped("ge-1/0/0") == 0
    now[0] += 60
    assert flapped("ge-1/0/0") == 60
    assert flapped("ge-1/0/1") == 360


# ---------------------------------------------------------------------------------------------
# end to end: napalm's junos driver against the running lab


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    from tests.lab_fixtures import start_lab, stop_lab

    inv = tmp_path_factory.mktemp("inv") / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    running = start_lab(inv, tmp_path_factory.mktemp("state"))
    yield running
    stop_lab(running)


def test_napalm_against_the_lab(lab):
    from napalm import get_network_driver

    from mpls_interop.core.load import load_intent
    from mpls_interop.ops.deploy import deployable_config
    from mpls_interop.ops.targets import lab_targets
    from mpls_interop.sdk.driver import driver_class

    intent = load_intent(lab.inventory)
    with lab.environment():
        targets = lab_targets(intent, lab.inventory, ["r1", "r2", "r3"], timeout=20)
    for name, t in targets.items():  # r1's links come up only when the NetIron ends are enabled
        with driver_class(intent.devices[name].vendor)(t) as d:
            d.load(deployable_config(intent, name))
            d.commit(confirm_minutes=None)
            d.confirm()
    target = targets[DEVICE]

    device = get_network_driver("junos")(
        hostname=target.host, username=target.username, password=target.password,
        optional_args={"port": target.port},
    )
    device.open()
    try:
        facts = device.get_facts()
        assert facts["hostname"] == DEVICE and facts["vendor"] == "Juniper"
        assert "ge-1/0/0" in facts["interface_list"]
        ifaces = device.get_interfaces()
        ge = ifaces["ge-1/0/0"]
        assert ge["is_up"] and ge["is_enabled"] and ge["mtu"] == 9192 and ge["speed"] == 1000.0
        assert ge["last_flapped"] >= 0 and ge["mac_address"].count(":") == 5
        assert ifaces["ge-1/0/0.1000"]["is_up"] and ifaces["ge-1/0/0.1000"]["is_enabled"]
        assert ifaces["lo0"]["mtu"] == 0  # "Unlimited"
        result = device.ping("10.0.0.2", count=3)
        assert result["success"]["probes_sent"] == 3 and result["success"]["packet_loss"] == 0
    finally:
        device.close()
