"""Service lifecycle on the emulated lab, for each service kind across both vendors: add → verify
→ modify → verify → remove, with no residue (the running configs come back byte-equal to before
the service was added), a failed step rolled back byte-equal, and removing the last service of a
kind committing cleanly."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from tests.conftest import SEED_INVENTORY
from tests.helpers import service
from tests.lab_fixtures import start_lab, stop_lab
from tests.lifecycle import configs, deploy, failed_step_rolls_back, restore, same, set_intent


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    inv = tmp_path_factory.mktemp("inv") / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    running = start_lab(inv, tmp_path_factory.mktemp("state"))
    proc = running.run("deploy", "-i", str(inv), "--lab", "--format", "json", "--timeout", "8")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    yield running
    stop_lab(running)


VLL_44 = {"name": "vll-44", "id": 44, "mode": "raw",
          "endpoints": [{"device": "r1", "port": "ge-1/1/9", "vlan": 44}, {"device": "r3", "port": "ethe 1/5", "vlan": 44}]}
VPLS_50 = {"name": "vpls-50", "id": 50, "mode": "tagged",
           "endpoints": [{"device": "r1", "port": "ge-1/1/9", "vlan": 50, "tagging": "tagged"},
                         {"device": "r2", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"},
                         {"device": "r3", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"}]}
VRF_60 = {"name": "vrf-lan60", "device": "r1", "rd": "64500:60", "route_target": "64500:60",
          "address": "192.0.2.1/24"}
VPLS_60 = {"name": "vpls-60", "id": 60, "mode": "raw",
           "endpoints": [{"device": "r1", "vrf": "vrf-lan60"},
                         {"device": "r2", "port": "ethe 1/5", "vlan": 60, "tagging": "tagged"}]}


def _add(kind: str, svc: dict, vrf: dict | None = None) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        d["services"].setdefault(kind, []).append(dict(svc))
        if vrf:
            d["services"]["vrf"].append(dict(vrf))
    return change


CASES = {
    # kind: (add, modify, failing device for the modify step)
    "vll raw/tagged": (_add("vll", VLL_44),
                       lambda d: service(d, "vll-44").update(mode="tagged", pw_mtu=9000), "r3"),
    "vpls tagged/raw": (_add("vpls", VPLS_50),
                        lambda d: service(d, "vpls-50").update(mode="raw", pw_mtu=9000), "r1"),
    "vrf hand-off": (_add("vpls", VPLS_60, VRF_60),
                     lambda d: service(d, "vpls-60").update(pw_mtu=9000), "r2"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_service_lifecycle(lab, case):
    add, modify, fail_on = CASES[case]
    original = (lab.inventory / "intent.yml").read_text()
    start = configs(lab)
    try:
        set_intent(lab, add)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        added = configs(lab)
        assert added != start

        set_intent(lab, modify)
        failed_step_rolls_back(lab, fail_on)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        again = deploy(lab, verify=False)
        assert again["ok"] and again["cause"] == "no changes", again

        restore(lab, original)
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start)  # no residue: byte-equal to before the service existed
    finally:
        restore(lab, original)


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
