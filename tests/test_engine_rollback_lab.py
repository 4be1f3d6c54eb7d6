"""Change engine on a lab that starts at factory state: a failed first deploy must leave every
device exactly as it was (running and saved config), also when a device's hostname differs from
its inventory name (the pushed ``hostname`` changes the prompt)."""

from __future__ import annotations

import json
import os

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.lab_fixtures import RunningLab


@pytest.fixture(scope="module")
def _module_lab(seed_lab):
    """A private seed lab for this module (tests/lab_fixtures.py)."""
    return seed_lab


@pytest.fixture
def lab(_module_lab):
    """Each test starts from factory devices and an inventory that owns nothing."""
    _module_lab.reset()
    (_module_lab.inventory / "ownership.json").unlink(missing_ok=True)
    return _module_lab


def _driver(lab: RunningLab, name: str):
    os.environ["INTEROP_STATE_DIR"] = lab.env["INTEROP_STATE_DIR"]
    intent = load_intent(lab.inventory)
    target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target)


def snapshot(lab: RunningLab) -> dict[str, tuple[str, str]]:
    """(running, saved) config of every device."""
    out = {}
    for name in ("r1", "r2", "r3"):
        with _driver(lab, name) as d:
            running = d.get_config()
            saved = d._send("show configuration") if d.vendor == "netiron" else running
            out[name] = (running, saved)
    return out


def deploy(lab: RunningLab) -> tuple[int, dict]:
    proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--format", "json", "--timeout", "8")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.parametrize("device", ["r1", "r2", "r3"])
def test_failed_first_deploy_leaves_factory_state(lab, device):
    factory = snapshot(lab)
    assert "router mpls" not in factory["r2"][0]  # really factory state
    lab.fault("commit-fail", device)
    try:
        rc, result = deploy(lab)
    finally:
        lab.fault("clear")
    assert rc == 1 and device in result["cause"], result
    assert not any("rollback failed" in d["error"] for d in result["devices"]), result
    after = snapshot(lab)
    for name in factory:
        assert after[name][0] == factory[name][0], f"{name}: running config differs"
        assert after[name][1] == factory[name][1], f"{name}: saved config differs"


def test_hostname_differing_from_inventory_deploys_fails_and_rolls_back(lab):
    # give r2 a factory hostname that is not its inventory name (out of band, saved)
    with _driver(lab, "r2") as d:
        d.conn.send_config_set(["hostname mlx01"], cmd_verify=False)
        d.conn.set_base_prompt()
        d.conn.save_config()
    before = snapshot(lab)
    assert "hostname mlx01" in before["r2"][0]

    lab.fault("commit-fail", "r3")
    try:
        rc, result = deploy(lab)
    finally:
        lab.fault("clear")
    assert rc == 1 and "r3" in result["cause"], result
    assert not any("Pattern not detected" in d["error"] for d in result["devices"]), result
    assert snapshot(lab) == before

    rc, result = deploy(lab)
    assert rc == 0, result
    with _driver(lab, "r2") as d:
        assert "hostname r2" in d.get_config()
        assert d.conn.base_prompt.endswith("r2")
