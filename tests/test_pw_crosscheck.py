"""The model's pseudowires against real frames through OVS (bench/model_crosscheck.py,
mpls_interop_lab/ovs/realpw.py): PW overhead exact to the byte and the one-way tag leak of a raw
PW. Root and openvswitch-switch needed (``.ci/run`` installs it); skipped with the reason
otherwise. About half a minute per scenario (no OSPF wait: the PWs ride the model's LSPs)."""

from __future__ import annotations

import os

import pytest

from mpls_interop_lab.ovs import missing_packages

if os.geteuid() != 0:
    pytest.skip("a real network needs root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)

#: a tagged core link narrowed (one-hop LSPs), the tag leak, a two-hop LSP through a narrow hop,
#: a Junos-to-Junos VLL with its control word
SCENARIOS = ["link-mtu-fault", "vpls-vlan-normalised-one-way", "pw-overhead-two-hops", "pw-control-word-junos-junos"]
R1_R2 = "r1 lt-0/0/10.1 → r2 ve 40 (vpls-40)"
R2_R1 = "r2 ve 40 → r1 lt-0/0/10.1 (vpls-40)"
R1_R3 = "r1 lt-0/0/10.1 → r3 ve 40 (vpls-40)"


@pytest.fixture(scope="module")
def results():
    from bench.model_crosscheck import crosscheck

    return {r.scenario: r for r in crosscheck(SCENARIOS, services_only=True, parallel=len(SCENARIOS))}


def _delivered(result, label, what):
    return {(w, s): real for p, w, s, _m, real in result.pws if p == label and w == what}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pws_agree_with_real_frames(results, scenario):
    r = results[scenario]
    assert r.pws and r.service_pings, "nothing compared"
    assert r.disagreements == []


def test_the_overhead_comparison_is_not_vacuous(results):
    """Where a core frame limit is the narrowest point, the largest payload crossing the PW is
    below the endpoints' IP MTU, and the real frames stop exactly there."""
    top = 9000 - 28
    # NetIron frame 1400 on the tagged r1–r2 link: 1396 − 14 − 4 (core tag) − 8 (2 labels) − 14
    # (inner Ethernet) − 28 = 1328
    fault = results["link-mtu-fault"]
    assert fault.largest[R1_R2][0] == fault.largest[R2_R1][0] == 1328
    assert _delivered(fault, R1_R2, "fits") == {("fits", 1328): True}
    assert _delivered(fault, R1_R2, "over") == {("over", 1329): False}
    assert fault.largest[R1_R3][0] == top  # the other PW does not cross that link
    # r1's LSP to r2 runs r1 → r3 → r2; the r3–r2 hop (untagged, NetIron frame 2000) bounds it:
    # 1996 − 14 − 8 − 14 − 28 = 1932
    two = results["pw-overhead-two-hops"]
    assert two.largest[R1_R2][0] == 1932
    assert _delivered(two, R1_R2, "over") == {("over", 1933): False}


def test_the_control_word_counts(results):
    """Two Junos ends negotiate the null control word: 4 more bytes on the PW. Media MTU 1600 on
    the untagged r1–r3 link: 1600 − 14 − 8 (2 labels) − 4 (control word) − 14 − 28 = 1532 (the
    model said 1536 before the cross-check found it)."""
    r = results["pw-control-word-junos-junos"]
    (label,) = [p for p in r.largest if p.startswith("r1 ")]
    assert r.largest[label][0] == 1532
    assert _delivered(r, label, "over") == {("over", 1533): False}


def test_the_tag_leak_is_one_way_for_real(results):
    """vlan-id 40 in r1's VPLS: r1's frames cross the raw PW tagged and the NetIron side's
    untagged interface drops them; r2's frames reach r1."""
    leak = results["vpls-vlan-normalised-one-way"]
    assert _delivered(leak, R1_R2, "leak") == {("leak", 64): False}
    assert _delivered(leak, R2_R1, "leak") == {("leak", 64): True}


def test_a_wrong_overhead_in_the_model_is_caught(monkeypatch, tmp_path):
    """Sabotage: a model that counts one label instead of two lets 1332 bytes cross; the real
    frames do not."""
    from bench.model_crosscheck import compare, scenarios
    from mpls_interop_lab.model import dataplane

    monkeypatch.setattr(dataplane, "LABELS", 4)
    (tmp_path / "inv").mkdir()
    (tmp_path / "link-mtu-fault").mkdir()
    net = scenarios()["link-mtu-fault"](tmp_path / "inv")
    r = compare("link-mtu-fault", net, tmp_path, services_only=True)
    assert any("fits 1332: model delivered, real lost" in d for d in r.disagreements), r.disagreements
