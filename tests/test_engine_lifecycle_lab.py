"""Service lifecycle on the emulated lab: the VLL rows of the issue-15 matrix (raw and tagged,
``tests/service_matrix.py``: add → verify → modify MTU and mode → verify → modify endpoints →
verify → remove, no residue, every step's rollback byte-equal), removing the last service of a
kind committing cleanly, targeted LDP off and on, and core modifications (LSP mesh options, OSPF
link cost) and back."""

from __future__ import annotations

import pytest

from tests.lifecycle import configs, deploy, restore, same, set_intent
from tests.service_matrix import VLL_CASES, run_case


@pytest.fixture(scope="module")
def lab(deployed_seed_lab):
    return deployed_seed_lab


@pytest.mark.parametrize("case", list(VLL_CASES))
def test_service_lifecycle(lab, case):
    run_case(lab, VLL_CASES[case])


def test_removing_every_vll_commits_and_comes_back(lab):
    original = (lab.inventory / "intent.yml").read_text()
    start = configs(lab)
    try:
        set_intent(lab, lambda d: d["services"].pop("vll"))
        result = deploy(lab)
        assert result["ok"], result["cause"]
        now = configs(lab)
        assert "l2circuit" not in now["r1"]
        assert " vll " not in now["r2"] and " vll " not in now["r3"]
        restore(lab, original)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start)
    finally:
        restore(lab, original)


def test_targeted_ldp_off_removes_ldp(lab):
    original = (lab.inventory / "intent.yml").read_text()
    start = configs(lab)
    try:
        set_intent(lab, lambda d: d["mpls"]["ldp"].update(targeted=False))
        result = deploy(lab, verify=False)
        assert result["ok"], result["cause"]
        assert "ldp {" not in configs(lab)["r1"]
        restore(lab, original)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start)
    finally:
        restore(lab, original)


# the secondary paths the mesh options step removes and the way back creates again
SECONDARY_PATHS = {"r1": ["path r1-r2-any", "path r1-r3-any"], "r2": ["path r2-r1-any", "path r2-r3-any"],
                   "r3": ["path r3-r1-any", "path r3-r2-any"]}


@pytest.mark.parametrize(("change", "moved"), [
    # LSP mesh members: NetIron LSPs are disabled, changed and enabled again
    pytest.param(lambda d: d["mpls"]["rsvp"].update(secondary=False, revert_timer=60), SECONDARY_PATHS,
                 id="lsp-mesh-options"),
    # OSPF link parameters on both vendors
    pytest.param(lambda d: next(lk for lk in d["links"] if lk["name"] == "r2-r3")["ospf"].update(cost=20), None,
                 id="ospf-link-cost"),
])
def test_core_modification_and_back(lab, change, moved):
    original = (lab.inventory / "intent.yml").read_text()
    start = configs(lab)
    try:
        set_intent(lab, change)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        assert configs(lab) != start
        restore(lab, original)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start, moved)
    finally:
        restore(lab, original)
