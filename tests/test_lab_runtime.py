"""`interop lab up/status/down/fault` from a fresh shell, against the seed inventory."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEED_INVENTORY
from tests.lab_fixtures import RunningLab, cli, start_lab, stop_lab


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


def test_status_lists_every_device_reachable(lab: RunningLab):
    st = lab.status()
    assert st["running"]
    devices = {d["name"]: d for d in st["devices"]}
    assert set(devices) == {"r1", "r2", "r3"}
    assert devices["r1"]["vendor"] == "junos" and devices["r1"]["model"] == "MX80"
    assert devices["r2"]["vendor"] == "netiron" and devices["r3"]["model"] == "XMR"
    for d in devices.values():
        assert d["host"] == "127.0.0.1" and d["port"] > 0
        assert d["username"] and d["password"]
        assert d["reachable"] is True
    assert len({d["port"] for d in devices.values()}) == 3


def test_starting_twice_is_a_clear_error(lab: RunningLab):
    proc = lab.run("lab", "up", "-i", str(lab.inventory))
    assert proc.returncode == 2
    assert "already running" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_fault_requests(lab: RunningLab):
    for args, text in (
        (["explode", "r1"], "unknown fault kind"),
        (["link-down", "r9:ge-1/0/0"], "unknown device"),
        (["link-down", "r1:ge-9/9/9"], "no port"),
        (["link-mtu", "r2:ethe 1/1", "big"], "numeric"),
        (["device-down", "r7"], "unknown device"),
    ):
        proc = lab.run("lab", "fault", "-i", str(lab.inventory), *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert text in proc.stderr and "Traceback" not in proc.stderr


def test_device_down_and_up(lab: RunningLab):
    lab.fault("device-down", "r3")
    assert lab.device("r3")["reachable"] is False
    assert lab.device("r2")["reachable"] is True
    lab.fault("device-up", "r3")
    assert lab.device("r3")["reachable"] is True


def test_down_then_down_again_is_harmless(tmp_path):
    inv = tmp_path / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    running = start_lab(inv, tmp_path / "state")
    assert running.status()["running"]
    stop_lab(running)
    assert running.status() == {"running": False, "devices": []}
    proc = running.run("lab", "down", "-i", str(inv))
    assert proc.returncode == 0 and "no lab was running" in proc.stderr


def test_status_without_lab_and_fault_without_lab(tmp_path):
    env = {"INTEROP_STATE_DIR": str(tmp_path / "state")}
    proc = cli("lab", "status", "-i", str(SEED_INVENTORY), "--format", "json", env=env)
    assert proc.returncode == 0 and '"running": false' in proc.stdout
    proc = cli("lab", "fault", "-i", str(SEED_INVENTORY), "link-down", "r1:ge-1/0/0", env=env)
    assert proc.returncode == 2 and "no emulated lab is running" in proc.stderr
