"""Every operational reply the emulated Junos produces uses only element paths that Juniper's RPC
YANG (junos-rpc-*, 23.4R1) defines for that RPC; ping failures and the l2circuit control word are
reported the way Junos models them."""

from __future__ import annotations

import copy
import inspect
from pathlib import Path

import pytest
import yaml
from lxml import etree

from mpls_interop.core.load import load_intent
from mpls_interop_lab.junos import oper
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.ops import OperationalRpcs
from mpls_interop_lab.junos.yang import reply_paths, rpc_schema, undefined_paths
from tests.labmodel import network, pw
from tests.test_junos_ops import REQUESTS, STATES, ops_for

JUNOS_DEVICES = ("r1",)


@pytest.fixture(scope="module")
def replies() -> list[tuple[str, str, etree._Element]]:
    """(state, rpc, reply) for every network state, request style and Junos device."""
    out = []
    for sname, make in STATES.items():
        net = make()
        for rpc, requests in REQUESTS.items():
            for request in requests:
                for dev in JUNOS_DEVICES:
                    reply = ops_for(net, dev).handle(etree.fromstring(request))
                    assert reply is not None, request
                    out.append((sname, rpc, reply))
    return out


def test_every_operational_rpc_is_exercised() -> None:
    handled = {
        name[len("rpc_"):].replace("_", "-")
        for name, _ in inspect.getmembers(OperationalRpcs, inspect.isfunction)
        if name.startswith("rpc_")
    }
    assert handled <= set(REQUESTS), handled - set(REQUESTS)
    for rpc in handled:
        assert rpc_schema().rpc_output(rpc) is not None, f"{rpc} is not a Junos RPC"


def test_model_replies_use_only_paths_the_rpc_yang_defines(replies) -> None:  # type: ignore[no-untyped-def]
    bad = {(rpc, path) for _, rpc, reply in replies for path in undefined_paths(rpc, reply)}
    assert not bad, sorted(bad)


def test_device_replies_use_only_paths_the_rpc_yang_defines() -> None:
    device = JunosDevice("pe1", model="MX480")
    device.commit(None, comment="second commit")
    produced = {
        "get-software-information": oper.software_information(device),
        "get-route-engine-information": oper.route_engine_information(device),
        "get-chassis-inventory": oper.chassis_inventory(device),
        "get-system-uptime-information": oper.system_uptime_information(device),
        "get-commit-information": oper.commit_information(device),
    }
    for rpc, reply in produced.items():
        assert undefined_paths(rpc, reply) == [], rpc


def test_checker_catches_an_element_juniper_does_not_define(replies) -> None:  # type: ignore[no-untyped-def]
    _, rpc, shared = next(r for r in replies if r[1] == "ping")
    reply = copy.deepcopy(shared)  # the fixture's replies are shared with the other tests
    etree.SubElement(reply, "ping-warning-message").text = "sendto: Message too long"
    assert undefined_paths(rpc, reply) == ["ping-results/ping-warning-message"]


def test_replies_carry_junos_namespaces(replies) -> None:  # type: ignore[no-untyped-def]
    for _, rpc, reply in replies:
        wire = etree.fromstring(etree.tostring(reply))  # as the client reads it
        ns = etree.QName(wire).namespace or ""
        assert ns.startswith("http://xml.juniper.net/junos/") and "/junos-" in ns, (rpc, ns)


# ---- ping failure modes ---------------------------------------------------------------------------


def _ping(state: str, request: str) -> etree._Element:
    return ops_for(STATES[state](), "r1").handle(etree.fromstring(request))  # type: ignore[return-value]


def test_remote_frag_needed_is_icmp_unreach_needfrag() -> None:
    reply = _ping("remote-frag", "<ping><host>10.0.0.2</host><size>2000</size><do-not-fragment/>"
                  "<count>2</count></ping>")
    paths = set(reply_paths(reply))
    assert "ping-results/probe-result/icmp-code/icmp-unreach-needfrag" in paths
    assert "ping-results/probe-result/icmp-type/icmp-unreach" in paths
    assert reply.findtext("{*}ping-failure") == "no response"
    assert "ping-results/probe-result/probe-success" not in paths


def test_local_frag_and_no_route_are_ping_failures() -> None:
    local = _ping("seed", "<ping><host>198.51.100.2</host><size>1473</size><do-not-fragment/>"
                  "<count>2</count></ping>")
    assert local.findtext("{*}ping-failure") == "sendto: Message too long"
    assert local.find(".//{*}icmp-code") is None
    unrouted = _ping("seed", "<ping><host>192.0.2.99</host><count>2</count></ping>")
    assert unrouted.findtext("{*}ping-failure") in ("sendto: No route to host", "no response")


# ---- l2circuit control word ----------------------------------------------------------------------------


def _two_mx(tmp: Path) -> Path:
    """Two MX routers, one link, one l2circuit between them."""
    (tmp / "host_vars").mkdir(parents=True)
    (tmp / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {"junos": {"hosts": {
        "mx1": {"ansible_host": "192.0.2.1"}, "mx2": {"ansible_host": "192.0.2.2"}}}}}}))
    for i, n in enumerate(("mx1", "mx2"), 1):
        (tmp / "host_vars" / f"{n}.yml").write_text(yaml.safe_dump(
            {"model": "MX480", "loopback": f"10.0.0.{i}", "physical_mtu": "max"}))
    (tmp / "intent.yml").write_text(yaml.safe_dump({
        "links": [{"name": "mx1-mx2", "a": {"device": "mx1", "interface": "ge-0/0/0"},
                   "b": {"device": "mx2", "interface": "ge-0/0/0"}, "subnet": "198.51.100.0/30",
                   "ospf": {"area": 0}}],
        "mpls": {"rsvp": {"mesh": True}, "ldp": {"targeted": True}},
        "services": {"vll": [{"name": "vll-7", "id": 7, "mode": "raw", "endpoints": [
            {"device": "mx1", "port": "ge-0/0/5", "vlan": 7},
            {"device": "mx2", "port": "ge-0/0/5", "vlan": 7}]}]},
    }))
    return tmp


def _l2ckt(net, dev: str) -> etree._Element:  # type: ignore[no-untyped-def]
    return OperationalRpcs(dev, lambda: net.state).handle(
        etree.fromstring("<get-l2ckt-connection-information/>"))


def test_control_word_is_null_by_default_and_cm_when_the_ends_disagree(tmp_path: Path) -> None:
    intent = load_intent(_two_mx(tmp_path))
    net = network(intent)
    assert pw(net, "mx1", "vll", 7, "mx2").up
    conn = _l2ckt(net, "mx1").find(".//{*}connection")
    assert conn.findtext("{*}control-word") == "Yes (Null)"  # MX480 capture: Yes (Null)
    assert conn.findtext("{*}connection-status") == "Up"

    def no_cw(name: str, text: str) -> str:
        if name != "mx2":
            return text
        return text.replace("virtual-circuit-id 7;", "virtual-circuit-id 7;\n                no-control-word;")

    mixed = network(intent, no_cw)
    for dev in ("mx1", "mx2"):
        p = pw(mixed, dev, "vll", 7, "mx2" if dev == "mx1" else "mx1")
        assert not p.up and p.code == "cw-mismatch"
        assert _l2ckt(mixed, dev).find(".//{*}connection").findtext("{*}connection-status") == "CM"

    def both(name: str, text: str) -> str:
        return text.replace("virtual-circuit-id 7;", "virtual-circuit-id 7;\n                no-control-word;")

    off = network(intent, both)
    assert pw(off, "mx1", "vll", 7, "mx2").up
    assert _l2ckt(off, "mx1").find(".//{*}connection").findtext("{*}control-word") == "No"


def test_control_word_falls_back_to_none_towards_a_netiron_peer(replies) -> None:  # type: ignore[no-untyped-def]
    """The NetIron side does not model the control word: Junos falls back (RFC 4447), PW up."""
    _, _, reply = next(r for r in replies if r[0] == "seed" and r[1] == "get-l2ckt-connection-information")
    words = {c.findtext("{*}control-word") for c in reply.iter("{*}connection")}
    assert words == {"No"}
