"""The openflow vendor plugin without a data plane: capabilities, program, lint, config reader,
lab model reader and the lab's dependency check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from mpls_interop.core.lint import lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.spec import available_vendors, get_vendor
from mpls_interop.vendors.openflow.configlint import read
from mpls_interop.vendors.openflow.program import parse
from mpls_interop.vendors.openflow.render import label_placeholder
from mpls_interop_lab.model.openflow_reader import read_openflow
from tests.conftest import ROOT

INVENTORY = ROOT / "inventories" / "openflow"


@pytest.fixture(scope="module")
def plan():
    return plan_intent(load_intent(INVENTORY))


def test_registered_through_the_entry_point():
    assert "openflow" in available_vendors()
    caps = get_vendor("openflow").capabilities
    assert (caps.features.rsvp, caps.features.ldp, caps.features.vll) == (False, True, True)
    assert caps.management == "local"


def test_example_inventory_lints_without_errors():
    errors = [f for f in lint(load_intent(INVENTORY)) if f.severity == "error"]
    assert errors == []


def test_program_sections_and_pw_flows(plan):
    text = get_vendor("openflow").render(plan.devices["of1"])
    prog = parse(text)
    assert set(prog.sections) == {"meta", "host", "frr", "flows"}
    flows = prog.lines("flows")
    # the VPLS label of2 signals is pushed towards it; the one of1 signals is popped on arrival
    # (placeholders the driver binds to the labels LDP signalled)
    assert any("mpls_label={label:in:70:10.0.0.22}" in f and "decap()" in f for f in flows)
    assert any("set_field:{label:out:70:10.0.0.22}->mpls_label" in f for f in flows)
    assert label_placeholder("out", 71, "10.0.0.1") in "\n".join(flows)
    assert not any("200070" in f or "600070" in f for f in flows), "no fixed label plan"
    # every core output goes through the port's exact frame limit (physical_mtu 1600 in the inventory)
    outputs = [f for f in flows if "output:{eth1}" in f]
    assert outputs and all("reg0=0x1/0x1" in f or f.split("actions=")[1] == "output:{eth1}" for f in outputs)
    assert any("check_pkt_larger(1600)" in f for f in flows)
    frr = "\n".join(prog.lines("frr"))
    assert "router-id 10.0.0.21" in frr and "pw-id 71" in frr and "neighbor 10.0.0.1 targeted" in frr


def test_config_reader_facts(plan):
    facts = read(get_vendor("openflow").render(plan.devices["of1"]), "of1.txt")
    assert facts.hostname == "of1" and facts.loopbacks == ["10.0.0.21"]
    assert {(p.kind, p.id, p.peer) for p in facts.pws} == {("vpls", 70, "10.0.0.22"), ("vll", 71, "10.0.0.1")}
    assert {o.hello for o in facts.ospf} == {1}
    assert not [f for f in facts.findings if f.severity == "error"]


def test_config_reader_rejects_other_text():
    facts = read("interfaces { ge-0/0/0 { mtu 9192; } }\n", "x.conf")
    assert [f.rule for f in facts.findings] == ["CFG001"]


def _inventory_with(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    inv = tmp_path / "openflow"
    shutil.copytree(INVENTORY, inv)
    intent = yaml.safe_load((inv / "intent.yml").read_text())
    edit(intent)
    (inv / "intent.yml").write_text(yaml.safe_dump(intent))
    return inv


def test_lint_says_the_pe_has_no_rsvp(tmp_path):
    inv = _inventory_with(tmp_path, lambda i: i["mpls"].update(rsvp={"mesh": False, "lsps": [{"from": "of1", "to": "of2"}]}))
    cap = [f for f in lint(load_intent(inv)) if f.rule == "CAP001" and "of1" in f.devices]
    assert cap and "rsvp" in cap[0].message


def test_lint_says_a_pw_peer_must_be_a_neighbour(tmp_path):
    def far_vll(intent):  # of2 <-> r1 are not adjacent (of1 sits between them)
        intent["services"]["vll"].append({"name": "vll-72", "id": 72, "mode": "raw", "endpoints": [
            {"device": "of2", "port": "eth3", "vlan": 72}, {"device": "r1", "port": "ge-1/1/9", "vlan": 72}]})

    inv = _inventory_with(tmp_path, far_vll)
    cap = [f for f in lint(load_intent(inv)) if f.rule == "CAP002"]
    assert [f.devices for f in cap] == [("of2",)]
    assert "not a direct neighbour" in cap[0].message


def test_lint_refuses_a_pw_mtu_frr_cannot_signal(tmp_path):
    """FRR's ldpd takes an l2vpn MTU of 1500-9180 only: 1400 on the OpenFlow PE is a lint error
    (naming it), not a commit that fails on FRR; the Junos end of the same VLL may take it."""
    inv = _inventory_with(tmp_path, lambda i: i["services"]["vll"][0].update(pw_mtu=1400))
    pw = [f for f in lint(load_intent(inv)) if f.rule == "PW005" and f.severity == "error"]
    assert [f.devices for f in pw] == [("of1",)]
    assert "1400 outside openflow's range 1500-" in pw[0].message


def test_lab_model_reads_the_program(plan):
    view = read_openflow("of1", get_vendor("openflow").render(plan.devices["of1"]))
    assert view.router_id == "10.0.0.21" and view.ospf_running and view.ldp_targeted
    assert view.ports["eth1"].l2_mtu == 1600
    eth1 = view.ipif("eth1.0")
    assert eth1 is not None and eth1.ip_mtu == 1500 and eth1.ospf is not None and eth1.ospf.hello == 1
    assert view.ldp_interfaces == {"eth1.0", "eth2.0"}
    assert {(p.kind, p.id, tuple(p.peers), p.mtu) for p in view.pws} == {
        ("vpls", 70, ("10.0.0.22",), 1500), ("vll", 71, ("10.0.0.1",), 1500)}


def test_lab_model_of_an_empty_pe():
    view = read_openflow("of9", "")
    assert view.pws == [] and view.router_id is None and not view.ospf_running


def test_dependency_check_names_the_debian_packages(monkeypatch):
    from mpls_interop_lab.ovs import deps

    monkeypatch.setattr(deps.shutil, "which", lambda cmd: None)
    monkeypatch.setattr(deps, "FRR_DIR", Path("/nonexistent"))
    monkeypatch.setattr(deps, "NEEDS", {k.replace("/usr/lib/frr", "/nonexistent"): v for k, v in deps.NEEDS.items()})
    missing = deps.missing_packages()
    assert {"openvswitch-switch", "frr", "iproute2"} <= set(missing)
    with pytest.raises(deps.MissingDependency, match="apt-get install -y .*openvswitch-switch"):
        deps.check()


def test_lint_refuses_a_pw_between_netiron_and_an_openflow_pe(tmp_path):
    """A NetIron PE carries VLL/VPLS over RSVP tunnel LSPs only (its MPLS guide), and an OpenFlow PE
    has no RSVP-TE: lint says so from both sides (docs/openflow.md, transport)."""
    inv = tmp_path / "openflow"
    shutil.copytree(INVENTORY, inv)
    hosts = yaml.safe_load((inv / "hosts.yml").read_text())
    hosts["all"]["children"]["netiron"] = {"hosts": {"r2": {"ansible_host": "192.0.2.12"}}}
    (inv / "hosts.yml").write_text(yaml.safe_dump(hosts))
    (inv / "group_vars" / "netiron.yml").write_text("ansible_network_os: community.network.ironware\n")
    (inv / "host_vars" / "r2.yml").write_text("model: MLX\nloopback: 10.0.0.2\n")
    intent = yaml.safe_load((inv / "intent.yml").read_text())
    intent["links"].append({"name": "r2-of2", "a": {"device": "r2", "interface": "ethe 1/1"},
                            "b": {"device": "of2", "interface": "eth2"}, "subnet": "198.51.100.24/30",
                            "ospf": {"area": 0, "cost": 10, "hello": 1, "dead": 4}})
    intent["services"]["vll"].append({"name": "vll-73", "id": 73, "mode": "raw", "endpoints": [
        {"device": "of2", "port": "eth3", "vlan": 73}, {"device": "r2", "port": "ethe 1/5", "vlan": 73}]})
    (inv / "intent.yml").write_text(yaml.safe_dump(intent))
    errors = [f for f in lint(load_intent(inv)) if f.severity == "error"]
    about_r2 = [f for f in errors if "r2" in f.devices]
    assert about_r2, [f"{f.rule} {f.message}" for f in errors]
    assert [f.rule for f in about_r2] == ["PW006"] and "RSVP LSP" in about_r2[0].message
    # with an RSVP LSP asked for r2's sake, the OpenFlow end is refused instead
    intent["mpls"]["rsvp"] = {"mesh": False, "lsps": [{"from": "r2", "to": "of2"}, {"from": "of2", "to": "r2"}]}
    (inv / "intent.yml").write_text(yaml.safe_dump(intent))
    cap = [f for f in lint(load_intent(inv)) if f.rule == "CAP001" and "of2" in f.devices]
    assert cap and "rsvp" in cap[0].message
