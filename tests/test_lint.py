"""Deliberately broken intents: each gives exactly the intended lint finding."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mpls_interop.core.lint import RULES, lint
from mpls_interop.core.load import load_intent
from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml, link, seed_copy, service


def errors_and_warnings(inv):
    findings = lint(load_intent(inv))
    return (
        {f.rule for f in findings if f.severity == "error"},
        {f.rule for f in findings if f.severity == "warning"},
        findings,
    )


def test_seed_is_clean():
    assert lint(load_intent(SEED_INVENTORY)) == []


def test_rule_ids_are_unique():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def _intent(change):
    def apply(inv):
        edit_yaml(inv / "intent.yml", change)
    return apply


def _host(host, change):
    def apply(inv):
        edit_yaml(inv / "host_vars" / f"{host}.yml", change)
    return apply


CASES = {
    "pw-mtu-differs": (
        _intent(lambda d: service(d, "vll-41").update(pw_mtu_overrides={"r3": 9000})),
        {"PW001"}, set(), ("r1", "r3"), "PW MTU differs: r1 9100, r3 9000",
    ),
    "pw-mode-differs": (
        _intent(lambda d: service(d, "vll-41").update(mode_overrides={"r3": "tagged"})),
        {"PW002"}, set(), ("r1", "r3"), "r1 raw, r3 tagged",
    ),
    "pw-id-differs": (
        _intent(lambda d: service(d, "vpls-140").update(id_overrides={"r2": 141})),
        {"PW003"}, set(), ("r1", "r2", "r3"), "PW id differs",
    ),
    "vpls-id-reused": (
        _intent(lambda d: service(d, "vpls-140").update(id=40)),
        {"PW004"}, set(), ("r1", "r2", "r3"), "id 40 is used by vpls-40, vpls-140",
    ),
    "pw-mtu-over-physical": (
        _intent(lambda d: service(d, "vll-42").update(pw_mtu=9180)),
        {"PW005"}, {"MTU003"}, ("r1",), "PW MTU 9180 exceeds what r1 ge-1/1/9 carries",
    ),
    "netiron-peer-without-lsp": (
        _intent(lambda d: d["mpls"]["rsvp"].update(mesh=False)),
        {"PW006"}, {"PW007"}, ("r2", "r1"), "no RSVP LSP to it: netiron needs",
    ),
    "ospf-ip-mtu-differs": (
        _intent(lambda d: link(d, "r1-r2").update(b_ip_mtu=9000)),
        {"OSPF001"}, set(), ("r1", "r2"), "IP MTU differs (r1 1500, r2 9000)",
    ),
    "ospf-area-differs": (
        _intent(lambda d: link(d, "r2-r3").update(b_ospf={"area": 1, "cost": 10})),
        {"OSPF002"}, set(), ("r2", "r3"), "area differs",
    ),
    "ospf-hello-differs": (
        _intent(lambda d: link(d, "r1-r3").update(a_ospf={"hello": 3, "dead": 40, "cost": 100})),
        {"OSPF003"}, set(), ("r1", "r3"), "hello interval differs (r1 3, r3 10)",
    ),
    "ospf-dead-differs": (
        _intent(lambda d: link(d, "r1-r3").update(a_ospf={"hello": 10, "dead": 12, "cost": 100})),
        {"OSPF004"}, set(), ("r1", "r3"), "dead interval differs (r1 12, r3 40)",
    ),
    "lt-without-tunnel-services": (
        _host("r1", lambda d: d.pop("tunnel_services")),
        {"LT001"}, set(), ("r1",), "no tunnel_services",
    ),
    "lt-port-not-the-bandwidths": (
        _host("r1", lambda d: d["tunnel_services"].update(port=0)),
        set(), {"LT003"}, ("r1",), "tunnel_services port 0 but bandwidth 1g gives lt-0/0/10",
    ),
    "vlan-out-of-range": (
        _intent(lambda d: [e.update(vlan=4095) for e in service(d, "vpls-140")["endpoints"] if e["device"] == "r2"]),
        {"VLAN001"}, set(), ("r2",), "VLAN 4095 outside 1-4094",
    ),
    "vlan-twice-on-port": (
        _intent(lambda d: [e.update(vlan=41) for e in service(d, "vll-42")["endpoints"]]),
        {"VLAN002"}, set(), ("r1",), "VLAN 41 is used more than once",
    ),
    "junos-mtu-above-max": (
        _host("r1", lambda d: d.update(physical_mtu=9200)),
        {"MTU002"}, set(), ("r1",), "above the junos MX80 maximum 9192",
    ),
    "netiron-frame-above-max": (
        _host("r3", lambda d: d.update(physical_mtu=9300)),
        {"MTU002"}, set(), ("r3",), "above the netiron XMR maximum 9216",
    ),
    "ospf-network-type-differs": (
        _intent(lambda d: link(d, "r1-r3").update(a_ospf={"hello": 10, "dead": 40, "cost": 100, "network_type": "p2p"})),
        {"OSPF005"}, set(), ("r1", "r3"), "network type differs (r1 p2p, r3 broadcast)",
    ),
    "ospf-on-one-end": (
        _intent(lambda d: (link(d, "r1-r3").pop("ospf"), link(d, "r1-r3").update(b_ospf={"cost": 100}))),
        {"OSPF006"}, set(), ("r1", "r3"), "OSPF is enabled on r3 only",
    ),
    "ospf-dead-equals-hello": (
        _intent(lambda d: link(d, "r1-r3").update(ospf={"hello": 10, "dead": 10, "cost": 100})),
        {"OSPF007"}, set(), ("r1",), "OSPF dead 10 <= hello 10",
    ),
    "vll-into-vrf-tagged": (
        _intent(lambda d: service(d, "vll-43").update(mode="tagged")),
        set(), {"LT002"}, ("r1",), "VLL vll-43: handed into a VRF",
    ),
    "vll-id-reused-between-same-pes": (
        _intent(lambda d: service(d, "vll-42").update(id=41)),
        {"PW004"}, set(), ("r1", "r3"), "id 41 is used by vll-41, vll-42",
    ),
    "tagged-vll-endpoint-without-vlan": (
        _intent(lambda d: service(d, "vll-42")["endpoints"][0].pop("vlan")),
        {"VLAN003"}, set(), ("r1",), "r1 ge-1/1/9 has no 'vlan' but the VLL is tagged mode",
    ),
    "tagged-vpls-without-vlan": (
        _intent(lambda d: (service(d, "vpls-40").update(mode="tagged"),
                           [e.pop("vlan", None) or e.pop("tagging", None) for e in service(d, "vpls-40")["endpoints"]
                            if e["device"] == "r1"])),
        {"VLAN004"}, set(), ("r1",), "VPLS vpls-40 is tagged mode but none of r1's endpoints has a 'vlan'",
    ),
    "ldp-off-with-pws": (
        _intent(lambda d: d["mpls"]["ldp"].update(targeted=False)),
        {"LDP001"}, set(), ("r1", "r2", "r3"), "mpls.ldp.targeted is false",
    ),
    "unknown-model": (
        _host("r1", lambda d: d.update(model="MX9999")),
        {"MODEL001"}, set(), ("r1",), "model 'MX9999' is not a known junos model",
    ),
    "model-mtu-limit-allows-more": (
        _host("r1", lambda d: d.update(model="MX204", physical_mtu=16000)),
        set(), set(), (), "",
    ),
    "model-mtu-limit": (
        _host("r1", lambda d: d.update(model="MX80", physical_mtu=9500)),
        {"MTU002"}, set(), ("r1",), "physical MTU 9500 above the junos MX80 maximum 9192",
    ),
    "duplicate-link-subnet": (
        _intent(lambda d: link(d, "r2-r3").update(subnet="198.51.100.0/30")),
        {"IP001"}, set(), ("r1", "r2", "r3"), "links r1-r2 (198.51.100.0/30) and r2-r3 (198.51.100.0/30) use the same subnet",
    ),
    "overlapping-link-subnet": (
        _intent(lambda d: link(d, "r1-r3").update(subnet="198.51.100.2/31")),
        {"IP001"}, set(), ("r1", "r2", "r3"), "use overlapping subnets",
    ),
    "link-subnet-covers-loopback": (
        _intent(lambda d: link(d, "r2-r3").update(subnet="10.0.0.0/30")),
        {"IP002"}, set(), ("r1", "r2", "r3"), "covers r1's loopback 10.0.0.1",
    ),
    "network-address-as-host": (
        _intent(lambda d: service(d, "vrf-vll43").update(address="198.51.100.128/25")),
        {"IP003"}, set(), ("r1",), "198.51.100.128/25 is the network address of 198.51.100.128/25",
    ),
    "vpls-endpoints-in-different-subnets": (
        _intent(lambda d: [e.update(address="203.0.114.3/24") for e in service(d, "vpls-40")["endpoints"]
                           if e["device"] == "r3"]),
        {"IP004"}, set(), ("r1", "r2", "r3"), "r3 router interface 40 203.0.114.3/24",
    ),
    "ve-address-equals-vrf-address": (
        _intent(lambda d: [e.update(address="203.0.113.1/24") for e in service(d, "vpls-40")["endpoints"]
                           if e["device"] == "r2"]),
        {"IP005"}, set(), ("r1", "r2"), "r2 router interface 40 and r1 VRF vrf-lan40 both use 203.0.113.1",
    ),
    "ip-mtu-over-physical": (
        _intent(lambda d: link(d, "r2-r3").update(ip_mtu=9200)),
        {"MTU001"}, set(), ("r2",), "IP MTU 9200 exceeds 9198",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_intent_gives_intended_finding(tmp_path, case):
    change, want_errors, want_warnings, devices, text = CASES[case]
    inv = seed_copy(tmp_path)
    change(inv)
    errors, warnings, findings = errors_and_warnings(inv)
    assert errors == want_errors
    assert warnings == want_warnings
    hit = [f for f in findings if f.rule in want_errors | want_warnings]
    if not hit:
        assert findings == []  # a case that must stay clean
        return
    assert any(text in f.message for f in hit), [f.message for f in hit]
    assert any(set(devices) <= set(f.devices) for f in hit)


#: rule ids a case above shows; a rule without a case fails test_every_rule_has_a_case
COVERED_ELSEWHERE = {
    "PW007",  # together with PW006 in netiron-peer-without-lsp
    "CAP002",  # a plugin's own limits: test_openflow_vendor.py::test_lint_says_a_pw_peer_must_be_a_neighbour
    "CAP001",  # needs a vendor without a feature: test_vendor_plugins.py::test_lint_gates_on_the_plugins_capabilities
}


def test_every_rule_has_a_case():
    shown = {r for case in CASES.values() for r in (*case[1], *case[2])} | COVERED_ELSEWHERE
    assert {r.id for r in RULES} - shown == set()


def test_vll_id_reused_between_other_pes_is_fine(tmp_path):
    """LDP FECs are per peer: vll-43 (r1-r2) may take vll-41's id (r1-r3)."""
    inv = seed_copy(tmp_path)
    _intent(lambda d: service(d, "vll-43").update(id=41))(inv)
    assert lint(load_intent(inv)) == []


def test_vpls_id_reused_on_a_shared_pe_but_vll_elsewhere(tmp_path):
    inv = seed_copy(tmp_path)
    _intent(lambda d: service(d, "vll-43").update(id=40))(inv)  # VPLS 40 spans r1-r2 too
    errors, _, findings = errors_and_warnings(inv)
    assert errors == {"PW004"} and "vpls-40, vll-43" in findings[0].message


def test_lint_cli_json_and_exit_code(tmp_path):
    inv = seed_copy(tmp_path)
    CASES["pw-mtu-differs"][0](inv)
    proc = subprocess.run(
        [sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv), "--format", "json"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [set(d) for d in data] == [{"rule", "severity", "devices", "message"}]
    assert data[0]["rule"] == "PW001" and data[0]["devices"] == ["r1", "r3"]
    clean = subprocess.run(
        [sys.executable, "-m", "mpls_interop", "lint", "-i", str(SEED_INVENTORY), "--format", "json"],
        capture_output=True, text=True,
    )
    assert clean.returncode == 0 and json.loads(clean.stdout) == []
