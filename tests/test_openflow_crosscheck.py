"""The model against a real stack: OSPF states and DF verdicts on OpenFlow-to-OpenFlow links must
agree with FRR and OVS (bench/openflow_crosscheck.py). Root and openvswitch-switch + frr needed."""

from __future__ import annotations

import os

import pytest

from mpls_interop_lab.ovs import missing_packages

if os.geteuid() != 0:
    pytest.skip("real OpenFlow PEs need root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)


@pytest.fixture(scope="module")
def results():
    from bench.openflow_crosscheck import SCENARIOS, crosscheck

    return {r.scenario: r for r in crosscheck(SCENARIOS, parallel=True)}


@pytest.mark.parametrize("scenario", ["seed", "ip-mtu-mismatch", "ip-mtu-mismatch-a", "hello-mismatch"])
def test_model_agrees_with_the_real_stack(results, scenario):
    r = results[scenario]
    assert r.pings, "no DF ping compared"
    assert r.disagreements == []


def test_the_mtu_mismatch_scenarios_do_reach_exstart(results):
    """The comparison is not vacuous: the real stack does show the broken states."""
    states = {s for r in ("ip-mtu-mismatch", "ip-mtu-mismatch-a") for _, _, _, s in results[r].ospf}
    assert "ExStart" in states
    assert {s for _, _, _, s in results["seed"].ospf} == {"Full"}
