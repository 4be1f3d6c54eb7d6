"""The model against Linux + FRR + OVS on the seed network (bench/model_crosscheck.py): OSPF
neighbour states and the verifier's link DF pings must agree, on the seed and on the scenarios
that break OSPF or the links. Root and openvswitch-switch + frr needed (``.ci/run`` installs
them); skipped with the reason otherwise. Slow (about a minute per scenario, mostly waiting for FRR):
a few scenarios here, side by side; all of them in the bench."""

from __future__ import annotations

import os

import pytest

from mpls_interop_lab.ovs import missing_packages

if os.geteuid() != 0:
    pytest.skip("a real network needs root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)

SCENARIOS = ["seed", "ospf-ip-mtu-mismatch", "ospf-hello-mismatch", "link-mtu-fault"]


@pytest.fixture(scope="module")
def results():
    from bench.model_crosscheck import crosscheck

    return {r.scenario: r for r in crosscheck(SCENARIOS, parallel=len(SCENARIOS))}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_model_agrees_with_the_real_stack(results, scenario):
    r = results[scenario]
    assert r.ospf and r.pings, "nothing compared"
    assert r.disagreements == []


def test_the_comparison_is_not_vacuous(results):
    """The real stack does show what the scenarios break: stuck adjacencies, lost neighbours,
    DF pings refused at the boundary."""
    assert {s for *_, s in results["seed"].ospf} == {"Full"}
    assert "ExStart" in {s for *_, s in results["ospf-ip-mtu-mismatch"].ospf}
    # hellos dropped: the neighbours on that link are gone on both sides (fewer entries compared)
    assert len(results["ospf-hello-mismatch"].ospf) < len(results["seed"].ospf)
    fits = results["link-mtu-fault"].pings[0::2]  # pings come in pairs: IP MTU - 28, then one more
    assert any(not real for *_, real in fits), "the smaller port frame limit stops a fitting DF ping"
    seed_pings = results["seed"].pings
    assert any(real for *_, real in seed_pings) and any(not real for *_, real in seed_pings)
