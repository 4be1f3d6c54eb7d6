"""Core lifecycle on the emulated lab: a PE joins and leaves the LSP mesh, and an OSPF core link
is added and removed, on both vendors: add → a failed add rolls back byte-equal → add → verify
passes → nothing left to change → remove → every running config byte-equal to before the add.

The lab's wiring is fixed at ``lab up`` (it comes from the intent's links), so this module's lab
is started from an intent with one more wire (r1 ge-1/0/2 — r3 ethe 1/3) that the intent then
leaves unused until the link test uses it.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml
from tests.lab_fixtures import start_lab, stop_lab
from tests.lifecycle import (
    configs,
    deploy,
    failed_step_rolls_back,
    restore,
    same,
    set_intent,
    settled,
    verified,
)

EXTRA_LINK = {"name": "r1-r3-b", "a": {"device": "r1", "interface": "ge-1/0/2"},
              "b": {"device": "r3", "interface": "ethe 1/3"}, "subnet": "198.51.100.12/31",
              "ospf": {"area": 0, "cost": 200, "hello": 10, "dead": 40}}


def add_link(d: dict[str, Any]) -> None:
    d["links"].append(dict(EXTRA_LINK))


def r2_terminates_no_pw(d: dict[str, Any]) -> None:
    """r2 keeps its links (a P router) but ends no pseudowire: it is not a PE, so not in the mesh."""
    for kind in ("vpls", "vll"):
        for svc in d["services"][kind]:
            svc["endpoints"] = [e for e in svc["endpoints"] if e["device"] != "r2"]
        d["services"][kind] = [s for s in d["services"][kind] if len(s["endpoints"]) >= 2]
    used = {e.get("vrf") for kind in ("vpls", "vll") for s in d["services"][kind] for e in s["endpoints"]}
    d["services"]["vrf"] = [v for v in d["services"]["vrf"] if v["name"] in used]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    inv = tmp_path_factory.mktemp("inv") / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    seed = (inv / "intent.yml").read_text()
    edit_yaml(inv / "intent.yml", add_link)  # wired at lab up ...
    running = start_lab(inv, tmp_path_factory.mktemp("state"))
    restore(running, seed)  # ... and left unused by the intent
    result = deploy(running, verify=False)
    assert result["ok"], result["cause"]
    yield running
    stop_lab(running)


def test_ospf_core_link_added_and_removed(lab):
    original = (lab.inventory / "intent.yml").read_text()
    start = configs(lab)
    try:
        set_intent(lab, add_link)
        failed_step_rolls_back(lab, "r1")
        result = deploy(lab)
        verified(result, "link r1-r3-b", "ospf r1-r3-b", "mtu ping r1->r3 (r1-r3-b)", "mtu ping r3->r1 (r1-r3-b)")
        added = configs(lab)
        assert "ge-1/0/2" in added["r1"] and "interface ethernet 1/3\n" in added["r3"]
        settled(lab)

        restore(lab, original)
        failed_step_rolls_back(lab, "r3")
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start)  # no residue
        settled(lab)
    finally:
        restore(lab, original)
        deploy(lab, verify=False)


def test_pe_joins_and_leaves_the_lsp_mesh(lab):
    original = (lab.inventory / "intent.yml").read_text()
    try:
        set_intent(lab, r2_terminates_no_pw)
        without = (lab.inventory / "intent.yml").read_text()
        result = deploy(lab)
        assert result["ok"], result["cause"]
        start = configs(lab)
        assert "label-switched-path r1-to-r2" not in start["r1"] and " lsp r3-to-r2\n" not in start["r3"]
        assert " lsp r2-to-" not in start["r2"]

        restore(lab, original)  # r2 ends pseudowires again: a PE, meshed with r1 and r3
        failed_step_rolls_back(lab, "r2")
        result = deploy(lab)
        verified(result, "lsp r1<->r2", "lsp r2<->r3", "ldp r1<->r2", "ldp r2<->r3")
        meshed = configs(lab)
        assert "label-switched-path r1-to-r2" in meshed["r1"] and " lsp r3-to-r2\n" in meshed["r3"]
        settled(lab)

        restore(lab, without)
        failed_step_rolls_back(lab, "r3")
        result = deploy(lab)
        assert result["ok"], result["cause"]
        same(configs(lab), start)  # no residue: r2's LSPs, paths and services gone everywhere
        settled(lab)
    finally:
        restore(lab, original)
        deploy(lab, verify=False)
