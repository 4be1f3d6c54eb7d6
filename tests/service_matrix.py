"""The service lifecycle matrix of issue 15 on the emulated seed lab, for each service kind in both
modes across both vendors (every case has a Junos end, r1, and a NetIron end, r2 or r3):

add → verify passes → modify MTU and mode → verify passes → modify endpoints (another port,
VLAN or device; a VPLS gains and loses a member; the VRF hand-off's address changes) → verify
passes → remove → no residue (running and saved configs byte-equal to before the add) and
``interop diff --exit-code`` clean. Before every successful step the same step is deployed once
with one device's commit failing (Junos and NetIron in turn): every device's running and saved
config comes back byte-equal to before that step. After every step a re-deploy is a no-op.

The cases are run by ``tests/test_engine_lifecycle_lab.py`` (VLL) and
``tests/test_engine_lifecycle_vpls_lab.py`` (VPLS, VRF hand-off): two modules, two labs, so that
xdist workers share them out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.helpers import service
from tests.lab_fixtures import RunningLab
from tests.lifecycle import (
    deploy,
    failed_step_rolls_back,
    restore,
    same_snapshots,
    set_intent,
    settled,
    snapshots,
    verified,
)

Change = Callable[[dict[str, Any]], None]


@dataclass
class Step:
    """One change of the intent, deployed first with ``fails_on``'s commit failing."""

    what: str
    change: Change
    fails_on: str


@dataclass
class Case:
    add: Step
    modify: list[Step]
    remove_fails_on: str
    check: str  # the verification check of the service


def _add(kind: str, svc: dict[str, Any], vrf: dict[str, Any] | None = None) -> Change:
    def change(d: dict[str, Any]) -> None:
        d["services"].setdefault(kind, []).append(svc)
        if vrf:
            d["services"]["vrf"].append(vrf)
    return change


def _update(name: str, **fields: Any) -> Change:
    return lambda d: service(d, name).update(fields)


def _endpoints(name: str, *endpoints: dict[str, Any]) -> Change:
    return lambda d: service(d, name).update(endpoints=[dict(e) for e in endpoints])


def _vrf_address(name: str, address: str) -> Change:
    return lambda d: service(d, name).update(address=address)


def _both(*changes: Change) -> Change:
    def change(d: dict[str, Any]) -> None:
        for c in changes:
            c(d)
    return change


def _vll(name: str, vid: int, mode: str, *endpoints: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "id": vid, "mode": mode, "endpoints": [dict(e) for e in endpoints]}


R1_9 = {"device": "r1", "port": "ge-1/1/9"}
R1_8 = {"device": "r1", "port": "ge-1/1/8"}


def _at(port: dict[str, Any], vlan: int, **more: Any) -> dict[str, Any]:
    return {**port, "vlan": vlan, **more}


VRF_60 = {"name": "vrf-lan60", "device": "r1", "rd": "64500:60", "route_target": "64500:60",
          "address": "192.0.2.1/24"}

VLL_CASES = {
    "vll-raw": Case(
        add=Step("add", _add("vll", _vll("vll-44", 44, "raw", _at(R1_9, 44),
                                         {"device": "r3", "port": "ethe 1/5", "vlan": 44})), "r1"),
        modify=[
            Step("mtu+mode", _update("vll-44", mode="tagged", pw_mtu=9000), "r3"),
            Step("endpoints: other port and VLAN on both ends",
                 _endpoints("vll-44", _at(R1_8, 45), {"device": "r3", "port": "ethe 1/6", "vlan": 45}), "r1"),
        ],
        remove_fails_on="r3", check="vll vll-44"),
    "vll-tagged": Case(
        add=Step("add", _add("vll", _vll("vll-46", 46, "tagged", _at(R1_9, 46),
                                         {"device": "r2", "port": "ethe 1/5", "vlan": 46})), "r2"),
        modify=[
            Step("mtu+mode", _update("vll-46", mode="raw", pw_mtu=9000), "r1"),
            Step("endpoints: the NetIron end moves to another device, port and VLAN",
                 _endpoints("vll-46", _at(R1_9, 47), {"device": "r3", "port": "ethe 1/6", "vlan": 47}), "r3"),
        ],
        remove_fails_on="r1", check="vll vll-46"),
}

VPLS_CASES = {
    "vpls-raw": Case(
        add=Step("add", _add("vpls", {"name": "vpls-51", "id": 51, "mode": "raw", "endpoints": [
            _at(R1_9, 51, tagging="tagged"), {"device": "r2", "port": "ethe 1/5", "vlan": 51, "tagging": "tagged"}]}),
            "r1"),
        modify=[
            Step("mtu+mode", _update("vpls-51", mode="tagged", pw_mtu=9000), "r2"),
            Step("endpoints: r3 joins",
                 _endpoints("vpls-51", _at(R1_9, 51, tagging="tagged"),
                            {"device": "r2", "port": "ethe 1/5", "vlan": 51, "tagging": "tagged"},
                            {"device": "r3", "port": "ethe 1/5", "vlan": 51, "tagging": "tagged"}), "r3"),
            Step("endpoints: r3 leaves, r1 and r2 move to other ports and VLANs (r2 untagged)",
                 _endpoints("vpls-51", _at(R1_8, 52, tagging="tagged"),
                            {"device": "r2", "port": "ethe 1/6", "vlan": 52, "tagging": "untagged"}), "r1"),
        ],
        remove_fails_on="r2", check="vpls vpls-51"),
    "vpls-tagged": Case(
        add=Step("add", _add("vpls", {"name": "vpls-50", "id": 50, "mode": "tagged", "endpoints": [
            _at(R1_9, 50, tagging="tagged"), {"device": "r2", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"},
            {"device": "r3", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"}]}), "r3"),
        modify=[
            Step("mtu+mode", _update("vpls-50", mode="raw", pw_mtu=9000), "r1"),
            Step("endpoints: r3 leaves",
                 _endpoints("vpls-50", _at(R1_9, 50, tagging="tagged"),
                            {"device": "r2", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"}), "r2"),
            Step("endpoints: r3 joins again on another port and VLAN, r1 moves port",
                 _endpoints("vpls-50", _at(R1_8, 50, tagging="tagged"),
                            {"device": "r2", "port": "ethe 1/5", "vlan": 50, "tagging": "tagged"},
                            {"device": "r3", "port": "ethe 1/6", "vlan": 53, "tagging": "tagged"}), "r1"),
        ],
        remove_fails_on="r3", check="vpls vpls-50"),
    "vrf-hand-off": Case(
        add=Step("add", _add("vpls", {"name": "vpls-60", "id": 60, "mode": "raw", "endpoints": [
            {"device": "r1", "vrf": "vrf-lan60"}, {"device": "r2", "port": "ethe 1/5", "vlan": 60, "tagging": "tagged"}]},
            dict(VRF_60)), "r2"),
        modify=[
            # a VRF endpoint carries no VLAN: a tagged-mode VPLS needs one of r1's endpoints to
            # have one (lint VLAN004), so r1 gains a tagged port endpoint with the mode change
            Step("mtu+mode (and a tagged port on r1 to give the PW its VLAN)",
                 _both(_update("vpls-60", mode="tagged", pw_mtu=9000),
                       _endpoints("vpls-60", {"device": "r1", "vrf": "vrf-lan60"}, _at(R1_9, 60, tagging="tagged"),
                                  {"device": "r2", "port": "ethe 1/5", "vlan": 60, "tagging": "tagged"})), "r1"),
            Step("endpoints: the VRF's address changes, the NetIron end moves port and VLAN",
                 _both(_vrf_address("vrf-lan60", "192.0.2.129/25"),
                       _endpoints("vpls-60", {"device": "r1", "vrf": "vrf-lan60"}, _at(R1_9, 60, tagging="tagged"),
                                  {"device": "r2", "port": "ethe 1/6", "vlan": 61, "tagging": "tagged"})), "r2"),
            Step("mode back to raw, r1's port endpoint gone: the VRF alone on r1",
                 _both(_update("vpls-60", mode="raw"),
                       _endpoints("vpls-60", {"device": "r1", "vrf": "vrf-lan60"},
                                  {"device": "r2", "port": "ethe 1/6", "vlan": 61, "tagging": "tagged"})), "r1"),
        ],
        remove_fails_on="r1", check="vpls vpls-60"),
}


def _step(lab: RunningLab, step: Step, check: str) -> None:
    """``step`` deployed with one commit failing (every device rolled back byte-equal), then for
    real: verify passes, and a re-deploy is a no-op."""
    set_intent(lab, step.change)
    failed_step_rolls_back(lab, step.fails_on)
    verified(deploy(lab), check)
    settled(lab)


def run_case(lab: RunningLab, c: Case) -> None:
    """One case, from the intent and devices as they are, back to them (also when it fails)."""
    original = (lab.inventory / "intent.yml").read_text()
    start = snapshots(lab)
    try:
        _step(lab, c.add, c.check)
        for step in c.modify:
            _step(lab, step, c.check)

        restore(lab, original)
        failed_step_rolls_back(lab, c.remove_fails_on)
        verified(deploy(lab))
        same_snapshots(snapshots(lab), start)  # no residue, running and saved
        settled(lab, diff=True)  # and nothing left to change: diff --exit-code is clean
    finally:
        restore(lab, original)
        deploy(lab, verify=False)
