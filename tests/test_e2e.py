"""End to end on the emulated lab: deploy the seed, verify, then break things one at a time.

Every failed deploy must leave every device exactly at its pre-deploy configuration.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.helpers import edit_yaml, service
from tests.lab_fixtures import RunningLab


@pytest.fixture
def lab(seed_lab):
    """The seed lab with the seed intent deployed and no fault (each test's starting state)."""
    seed_lab.ensure_seed()
    return seed_lab


@pytest.fixture
def factory_lab(seed_lab):
    """The seed lab at factory configuration."""
    seed_lab.reset()
    return seed_lab


def running_configs(lab: RunningLab) -> dict[str, str]:
    intent = load_intent(lab.inventory)
    out = {}
    with lab.environment():
        targets = lab_targets(intent, lab.inventory, sorted(intent.devices), timeout=20)
    for name, target in targets.items():
        with driver_class(intent.devices[name].vendor)(target) as d:
            out[name] = d.get_config()
    return out


def deploy(lab: RunningLab, inv: Path | None = None, *extra: str):
    return lab.run("deploy", "-i", str(inv or lab.inventory), "--lab", "--format", "json", "--timeout", "8", *extra)


def verify(lab: RunningLab, inv: Path | None = None) -> tuple[int, list[dict]]:
    proc = lab.run("verify", "-i", str(inv or lab.inventory), "--lab", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)["checks"]


@contextmanager
def edited(lab: RunningLab, change):
    """Edit the lab inventory's intent in place (the lab belongs to that inventory), then restore it."""
    path = lab.inventory / "intent.yml"
    original = path.read_text()
    edit_yaml(path, change)
    try:
        yield lab.inventory
    finally:
        path.write_text(original)


def failed(checks: list[dict]) -> dict[str, str]:
    return {c["check"]: c["detail"] for c in checks if c["status"] == "fail"}


def test_01_deploy_seed_then_verify_all_pass(factory_lab):
    lab = factory_lab
    proc = deploy(lab)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"] and {d["name"] for d in result["devices"] if d["changed"]} == {"r1", "r2", "r3"}
    assert result["checks"] and all(c["status"] == "pass" for c in result["checks"])
    rc, checks = verify(lab)
    assert rc == 0, failed(checks)
    assert {c["status"] for c in checks} == {"pass"}
    assert {"check", "devices", "status", "detail"} == set(checks[0])


def test_02_second_deploy_changes_nothing(lab):
    before = running_configs(lab)
    proc = deploy(lab)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["cause"] == "no changes"
    assert not any(d["changed"] for d in result["devices"])
    assert running_configs(lab) == before


def test_03_link_mtu_fault_found_by_verify(lab):
    lab.fault("link-mtu", "r3:ethe 1/2", "1400")
    try:
        rc, checks = verify(lab)
        bad = failed(checks)
        assert rc == 1
        assert "mtu ping r2->r3 (r2-r3)" in bad
        assert "largest DF payload that crosses is 1354" in bad["mtu ping r2->r3 (r2-r3)"]
        assert not any(k.startswith(("vll", "vpls", "ospf")) for k in bad)
    finally:
        lab.fault("clear")


def test_04_link_down_found_by_verify(lab):
    lab.fault("link-down", "r2:ethe 1/2")
    try:
        rc, checks = verify(lab)
        bad = failed(checks)
        assert rc == 1
        assert "link r2-r3" in bad and "down" in bad["link r2-r3"]
        assert "ospf r2-r3" in bad
        # PWs survive on the LSP secondaries through r1
        assert not any(k.startswith(("vll", "vpls")) for k in bad)
    finally:
        lab.fault("link-up", "r2:ethe 1/2")
    rc, checks = verify(lab)
    assert rc == 0, failed(checks)


def test_05_pw_mtu_mismatch_pushed_without_verify(lab):
    with edited(lab, lambda d: service(d, "vll-43").update(pw_mtu_overrides={"r2": 9000})) as inv:
        # the intent has a lint error (PW001) on purpose: pushed past the lint gate
        proc = deploy(lab, inv, "--no-verify", "--skip-lint")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        rc, checks = verify(lab, inv)
    bad = failed(checks)
    assert rc == 1 and set(bad) == {"vll vll-43"}
    assert "PW MTU differs: r1 9100, r2 9000" in bad["vll vll-43"]
    # back to the seed
    assert deploy(lab).returncode == 0


@pytest.mark.parametrize("fault, device, value", [("commit-fail", "r1", None), ("commit-fail", "r3", None),
                                                   ("drop-session", "r2", "5"), ("drop-session", "r1", "4"),
                                                   ("device-down", "r2", None)])
def test_06_failed_deploy_rolls_everything_back(lab, fault, device, value):
    before = running_configs(lab)
    lab.fault(fault, device, value)
    try:
        with edited(lab, lambda d: d["defaults"].update(pw_mtu=9050)) as inv:
            proc = deploy(lab, inv)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        result = json.loads(proc.stdout)
        assert not result["ok"] and device in result["cause"]
    finally:
        lab.fault("clear")
    assert running_configs(lab) == before


def test_07_verify_failure_during_deploy_rolls_back(lab):
    before = running_configs(lab)
    with edited(lab, lambda d: service(d, "vll-42").update(pw_mtu_overrides={"r3": 9000})) as inv:
        proc = deploy(lab, inv, "--skip-lint")  # a lint error on purpose: verification must catch it too
    assert proc.returncode == 1
    result = json.loads(proc.stdout)
    assert "verification failed" in result["cause"] and "vll vll-42" in result["cause"]
    assert running_configs(lab) == before


def test_08_junit_and_output_file(lab, tmp_path):
    out = tmp_path / "report.xml"
    proc = lab.run("verify", "-i", str(lab.inventory), "--lab", "--format", "junit", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    from xml.etree import ElementTree as ET

    root = ET.parse(out).getroot()
    cases = root.findall(".//testcase")
    assert len(cases) >= 29 and not root.findall(".//failure")


def test_09_dry_run_commits_nothing(lab):
    before = running_configs(lab)
    with edited(lab, lambda d: d["defaults"].update(pw_mtu=9050)) as inv:
        proc = deploy(lab, inv, "--dry-run")
    assert proc.returncode == 0
    result = json.loads(proc.stdout)
    assert result["dry_run"] and any("9050" in d["diff"] for d in result["devices"])
    assert running_configs(lab) == before
