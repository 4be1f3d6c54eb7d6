"""A confirm phase that cannot split: a device failing at confirm leaves every device's running
AND saved config at the state from before the deploy (no NetIron startup config at the new intent)."""

from __future__ import annotations

import shutil

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.deploy import deploy
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.helpers import edit_yaml
from tests.lab_fixtures import RunningLab

NAMES = ("r1", "r2", "r3")


@pytest.fixture(scope="module")
def lab(seed_lab):
    """A private seed lab for this module (tests/lab_fixtures.py)."""
    return seed_lab


def _driver(lab: RunningLab, name: str):
    intent = load_intent(lab.inventory)
    target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target)


def snapshot(lab: RunningLab) -> dict[str, tuple[str, str]]:
    """(running, saved) config of every device, read from the devices."""
    out = {}
    for name in NAMES:
        with _driver(lab, name) as d:
            running = d.get_config()
            saved = d._send("show configuration") if d.vendor == "netiron" else running
            out[name] = (running, saved)
    return out


def changed_intent(lab: RunningLab, tmp_path):
    """The seed with the network-wide PW MTU lowered 9100 → 9000: every PE changes."""
    inv = tmp_path / "changed"
    shutil.copytree(lab.inventory, inv)

    def change(d):
        d["defaults"]["pw_mtu"] = 9000
    edit_yaml(inv / "intent.yml", change)
    return load_intent(inv)


@pytest.mark.parametrize("device", NAMES)
def test_commit_fail_at_confirm_leaves_old_running_and_saved(lab, tmp_path, monkeypatch, device):
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    lab.ensure_seed()
    before = snapshot(lab)
    intent = changed_intent(lab, tmp_path)
    targets = lab_targets(intent, lab.inventory, list(NAMES), timeout=20)

    def inject(nr):  # after commit, before confirm: the device's next commit / write memory fails
        lab.fault("commit-fail", device)
        return []

    steps: list[tuple[str, str]] = []
    try:
        result = deploy(intent, targets, verify=inject, inventory=lab.inventory,
                        progress=lambda d, msg: steps.append((d, msg)))
    finally:
        lab.fault("clear")
    assert not result.ok and "confirm failed" in result.cause and device in result.cause, result.cause
    assert all(r.changed for r in result.devices.values()), {n: r.diff for n, r in result.devices.items()}
    assert not any("rollback failed" in r.error for r in result.devices.values()), result.devices
    after = snapshot(lab)
    for name in NAMES:
        assert after[name][0] == before[name][0], f"{name}: running config differs"
        assert after[name][1] == before[name][1], f"{name}: saved config differs"
    # the order: the NetIron devices (whose confirm saves) only after the Junos one confirmed
    confirms = [d for d, msg in steps if msg == "confirm"]
    if device == "r1":
        assert confirms == ["r1"], steps
    else:
        assert confirms[0] == "r1" and set(confirms[1:]) == {"r2", "r3"}, steps
    assert all("9100" in after[n][1] for n in NAMES)  # really the old PW MTU everywhere


@pytest.mark.parametrize("command", ["dry-run", "diff"])
def test_dry_run_keeps_a_colleagues_concurrent_netiron_change(lab, tmp_path, monkeypatch, command):
    """A colleague changes r2 between the dry run's read and its end: the change survives."""
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    lab.ensure_seed()
    intent = changed_intent(lab, tmp_path)
    targets = lab_targets(intent, lab.inventory, list(NAMES), timeout=20)
    marker = f"colleague-{command}"

    def colleague(device: str, msg: str) -> None:
        if device == "r2" and msg.endswith("diff lines"):  # r2 was read and diffed
            with _driver(lab, "r2") as d:
                d.conn.send_config_set(["interface ethernet 1/4", f" port-name {marker}"])

    try:
        result = deploy(intent, targets, dry_run=True, inventory=lab.inventory, progress=colleague)
        assert result.ok and result.devices["r2"].diff, result.cause
        with _driver(lab, "r2") as d:
            assert f"port-name {marker}" in d.get_config()
    finally:
        with _driver(lab, "r2") as d:
            d.conn.send_config_set(["interface ethernet 1/4", f" no port-name {marker}"])
