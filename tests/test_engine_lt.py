"""Stable lt- allocation: units follow the VRF's identity, the port follows the tunnel-services
bandwidth."""

from __future__ import annotations

from mpls_interop.core.lint import lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.spec import get_vendor
from tests.helpers import edit_yaml, seed_copy

NEW_VRF = {"name": "vrf-new", "device": "r1", "rd": "64500:77", "route_target": "64500:77",
           "address": "192.0.2.129/25"}


def _unpinned(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: [v.pop("lt_units", None) for v in d["services"]["vrf"]])
    return inv


def _set_lines(inv) -> set[str]:
    intent = load_intent(inv)
    plan = plan_intent(intent)
    return set(get_vendor("junos").render(plan.devices["r1"], "set").splitlines())


def _units(inv) -> dict[str, tuple[str, int, int]]:
    plan = plan_intent(load_intent(inv))
    return {v.name: (v.lt_interface, v.unit, v.peer_unit) for v in plan.devices["r1"].vrfs}


def test_adding_a_vrf_hand_off_only_adds(tmp_path):
    inv = _unpinned(tmp_path)
    before_units = _units(inv)
    before = _set_lines(inv)
    edit_yaml(inv / "intent.yml", lambda d: d["services"]["vrf"].insert(0, dict(NEW_VRF)))
    after_units = _units(inv)
    after = _set_lines(inv)
    for name, units in before_units.items():
        assert after_units[name] == units, name
    assert before <= after, sorted(before - after)  # nothing in service changes: only additions
    assert any("lt-0/0/10" in line and "vrf-new" in line for line in after - before)


def test_removing_a_vrf_hand_off_keeps_the_others(tmp_path):
    inv = _unpinned(tmp_path)
    second = {**NEW_VRF, "name": "vrf-second", "rd": "64500:78", "route_target": "64500:78"}

    def add_two(d):
        d["services"]["vrf"].insert(0, dict(NEW_VRF))
        d["services"]["vrf"].append(second)

    edit_yaml(inv / "intent.yml", add_two)
    before = _units(inv)
    edit_yaml(inv / "intent.yml", lambda d: d["services"]["vrf"].pop(0))
    after = _units(inv)
    assert "vrf-new" not in after and len(after) == 3
    assert after == {k: v for k, v in before.items() if k in after}


def test_pinned_units_are_kept_and_never_reused(tmp_path):
    inv = seed_copy(tmp_path)
    units = _units(inv)
    assert units["vrf-lan40"][1:] == (1, 2) and units["vrf-vll43"][1:] == (3, 4)


def test_lt_port_follows_tunnel_services_bandwidth(tmp_path):
    inv = seed_copy(tmp_path)
    assert {u[0] for u in _units(inv).values()} == {"lt-0/0/10"}  # MX80, bandwidth 1g
    edit_yaml(inv / "host_vars" / "r1.yml", lambda d: d["tunnel_services"].update(fpc=1, bandwidth="10g"))
    assert {u[0] for u in _units(inv).values()} == {"lt-1/0/0"}


def test_lint_flags_an_explicit_port_that_does_not_match(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "host_vars" / "r1.yml", lambda d: d["tunnel_services"].update(bandwidth="10g", port=10))
    findings = [f for f in lint(load_intent(inv)) if f.rule == "LT003"]
    assert findings and "r1" in findings[0].message and "lt-0/0/0" in findings[0].message
    assert {u[0] for u in _units(inv).values()} == {"lt-0/0/10"}  # explicit wins
    clean = seed_copy(tmp_path / "b")
    assert not [f for f in lint(load_intent(clean)) if f.rule == "LT003"]
