"""Service lifecycle on the OpenFlow lab (OVS + FRR PEs next to an emulated Junos PE): a VLL from an
OpenFlow PE to the Junos PE and a VPLS between the two OpenFlow PEs are added → verify passes once
FRR has converged → their PW MTU and endpoints (VLANs) change → verify passes → they are removed →
no residue: every device's program/config (running and saved), the OpenFlow PEs' FRR running
config and their flow set (learnt MACs excluded, PW label values masked: LDP may allocate others
when a session is signalled again) byte-equal to before the add; ``interop diff --exit-code``
clean, also after the modification. Each step (add, modify, remove) is first deployed with the
Junos PE's commit failing (the OVS PE's lab faults are link faults only): every device, the
OpenFlow PEs that committed included, comes back byte-equal to before the step.

Needs root and the Debian packages openvswitch-switch and frr (``.ci/run`` installs them);
skipped with the reason otherwise. One lab for the module."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mpls_interop_lab.ovs import missing_packages
from tests.conftest import ROOT
from tests.lab_fixtures import RunningLab, deployed_lab
from tests.lifecycle import failed_step_rolls_back, restore, running_and_saved, same, set_intent

INVENTORY = ROOT / "inventories" / "openflow"

if os.geteuid() != 0:
    pytest.skip("real OpenFlow PEs need root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)

from tests.test_openflow_lab import converged, driver, frr_state  # noqa: E402  (after the skips)

OPENFLOW_PES = ("of1", "of2")
#: what a flow dump shows of MAC learning (its cookie) and of PW labels (their values)
_LEARNT = "cookie=0x6d61636c"
_LABELS = (re.compile(r"mpls_label=\d+"), re.compile(r"set_field:\d+->mpls_label"))


@pytest.fixture(scope="module")
def oflab(tmp_path_factory):
    yield from deployed_lab(tmp_path_factory, INVENTORY)


def _flows(drv: Any) -> str:
    """The bridge's flow set without learnt MACs, PW label values masked, in a stable order."""
    out = subprocess.run(["ovs-ofctl", "-O", "OpenFlow14", "dump-flows", "--no-stats", drv.ids["mgmt"]],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for line in out.splitlines():
        line = line.strip()
        if not line or line.startswith(_LEARNT):
            continue
        line = _LABELS[0].sub("mpls_label=L", line)
        lines.append(_LABELS[1].sub("set_field:L->mpls_label", line))
    return "\n".join(sorted(lines)) + "\n"


def state(lab: RunningLab) -> dict[str, str]:
    """Per device, running and saved config; per OpenFlow PE also FRR's running config and flows."""
    out = running_and_saved(lab)
    for name in OPENFLOW_PES:
        drv = driver(lab, name)
        try:
            out[f"{name} (FRR)"] = drv._vtysh("show running-config")
            out[f"{name} (flows)"] = _flows(drv)
        finally:
            drv.close()
    return out


def diagnosis(lab: RunningLab) -> str:
    """What CI keeps of the lab when a step fails: the lab's processes that are gone (FRR daemons,
    OVS) and the tail of the OpenFlow PEs' FRR logs."""
    gone = []
    for rec in Path(lab.env["INTEROP_STATE_DIR"]).rglob("ovs.json"):
        for pid in json.loads(rec.read_text())["pids"]:
            status = Path(f"/proc/{pid}/status")
            if not status.exists() or "zombie" in status.read_text().lower():
                gone.append(pid)
    return f"\nlab processes gone: {gone or 'none'}\n{frr_state(lab)}"


def deploy(lab: RunningLab, skip_lint: bool = False) -> dict[str, Any]:
    args = ["deploy", "-i", str(lab.inventory), "--lab", "--no-verify", "--format", "json"]
    proc = lab.run(*args, *(["--skip-lint"] if skip_lint else []), timeout=400)
    assert proc.returncode in (0, 1) and proc.stdout, proc.stderr
    return json.loads(proc.stdout)


def passes(lab: RunningLab, *names: str) -> None:
    """Once FRR has converged, every check passes, ``names`` among them."""
    checks = converged(lab)
    failed = {k: c["detail"] for k, c in checks.items() if c["status"] != "pass"}
    assert not failed, f"{failed}\n{frr_state(lab)}"
    for name in names:
        assert name in checks, (name, sorted(checks))


def nothing_to_change(lab: RunningLab) -> None:
    """``interop diff --exit-code`` clean. A PW label LDP signalled anew since the commit (a session
    that flapped on a loaded machine) is rebound by one deploy, as the diff tells an operator
    (docs/openflow.md); any other difference fails."""
    def diff() -> tuple[int, dict[str, Any]]:
        proc = lab.run("diff", "-i", str(lab.inventory), "--lab", "--exit-code", "--format", "json")
        assert proc.returncode in (0, 1) and proc.stdout, proc.stderr
        return proc.returncode, json.loads(proc.stdout)

    rc, result = diff()
    if rc == 1 and all("LDP signals other labels" in d["diff"] for d in result["devices"] if d["differs"]):
        assert deploy(lab)["ok"]
        rc, result = diff()
    assert rc == 0 and result["differs"] == [], result["differs"]


def _svc(d: dict[str, Any], name: str) -> dict[str, Any]:
    return next(s for kind in ("vll", "vpls") for s in d["services"][kind] if s["name"] == name)


def add(d: dict[str, Any]) -> None:
    d["services"]["vll"].append({"name": "vll-72", "id": 72, "mode": "raw", "endpoints": [
        {"device": "of1", "port": "eth3", "vlan": 72}, {"device": "r1", "port": "ge-1/1/9", "vlan": 72}]})
    d["services"]["vpls"].append({"name": "lan-73", "id": 73, "mode": "tagged", "endpoints": [
        {"device": "of1", "port": "eth3", "vlan": 73, "tagging": "tagged"},
        {"device": "of2", "port": "eth3", "vlan": 73, "tagging": "tagged"}]})


def modify(d: dict[str, Any]) -> None:
    """Larger PW MTUs, and every attachment on another VLAN."""
    vll, vpls = _svc(d, "vll-72"), _svc(d, "lan-73")
    vll["pw_mtu"] = vpls["pw_mtu"] = 1580  # FRR takes 1500-9180; eth3 carries 1582 tagged
    for ep in vll["endpoints"]:
        ep["vlan"] = 74
    for ep in vpls["endpoints"]:
        ep["vlan"] = 76


def fails_and_rolls_back(lab: RunningLab, device: str) -> dict[str, Any]:
    """:func:`tests.lifecycle.failed_step_rolls_back` reading the OpenFlow PEs' FRR and flows too."""
    return failed_step_rolls_back(lab, device, state, deploy_unverified=lambda lab: deploy(lab, skip_lint=True),
                           diagnosis=diagnosis)


def test_vll_and_vpls_added_modified_and_removed_without_residue(oflab):
    original = (oflab.inventory / "intent.yml").read_text()
    start = state(oflab)
    try:
        set_intent(oflab, add)
        # of1 commits and waits for r1's PW label, which never comes: r1's failure abandons the
        # wait (Driver.abandon), then of1 rolls back with the rest
        failed = fails_and_rolls_back(oflab, "r1")
        of1 = next(d for d in failed["devices"] if d["name"] == "of1")
        assert "abandoned" in of1["error"], failed["devices"]
        result = deploy(oflab)
        assert result["ok"], result["cause"] + diagnosis(oflab)
        passes(oflab, "vll vll-72", "vpls lan-73")
        added = state(oflab)
        assert " 72 " in added["of1"] and "lan-73" in added["of2 (FRR)"]

        set_intent(oflab, modify)
        fails_and_rolls_back(oflab, "r1")
        result = deploy(oflab)
        assert result["ok"], result["cause"] + diagnosis(oflab)
        passes(oflab, "vll vll-72", "vpls lan-73")
        modified = state(oflab)
        assert "vlan 74" in modified["of1"] and "vlan 76" in modified["of2"] and "mtu 1580" in modified["of2"]
        nothing_to_change(oflab)

        restore(oflab, original)
        fails_and_rolls_back(oflab, "r1")
        result = deploy(oflab)
        assert result["ok"], result["cause"] + diagnosis(oflab)
        same(state(oflab), start)  # no residue
        nothing_to_change(oflab)
    finally:
        restore(oflab, original)
        deploy(oflab, skip_lint=True)
