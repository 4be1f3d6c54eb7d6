"""A deploy that outlasts the commit-confirmed window keeps it open while it lives (re-armed by
``ops.keepalive``), and a killed deploy still leaves Junos rolling back by its own timer.

The lab's ``confirm-clock`` makes one minute of r1's timer a few seconds long; the toolkit is told
the same (``minute=`` / ``INTEROP_CONFIRM_MINUTE_SECONDS``). Nothing here times anything: the
verification lasts until the journal shows re-arms, and the lab says what the device runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml

from mpls_interop.core.load import load_intent
from mpls_interop.ops import journal as jmod
from mpls_interop.ops import lab as labmod
from mpls_interop.ops.deploy import deploy
from mpls_interop.ops.targets import lab_targets
from tests.lab_fixtures import RunningLab

NAMES = ("r1", "r2", "r3")
MINUTE = 6.0  # seconds in one minute of r1's commit-confirmed timer (lab) and of the toolkit's
CONFIRM_MINUTES = 2  # a 12 s window: re-armed once less than 4 s are left


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


@pytest.fixture
def lab_env(lab, monkeypatch):
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    lab.ensure_seed()
    yield lab
    lab.fault("clear")


def configs(lab: RunningLab) -> dict[str, dict]:
    """Each device's running/saved config and pending commit confirmed, as the lab holds them."""
    reply = labmod.control(labmod.require_state(lab.inventory), {"cmd": "configs"}, timeout=30)
    assert reply.get("ok"), reply
    return reply["devices"]


def extended(lab: RunningLab, device: str) -> int:
    """How many times the newest journal of this inventory records re-arming ``device``."""
    d = jmod.journal_dir(lab.inventory)
    paths = sorted(d.glob("*.json")) if d.is_dir() else []
    if not paths:
        return 0
    try:
        data = json.loads(paths[-1].read_text())
    except ValueError:  # caught between two writes: read it again next time
        return 0
    return sum(s["step"] == "extended" and s["device"] == device for s in data["steps"])


def lower_pw_mtu(inventory) -> str:
    """The seed's network-wide PW MTU 9100 → 9000 (every PE changes); returns the old text."""
    path = inventory / "intent.yml"
    old = path.read_text()
    data = yaml.safe_load(old)
    data["defaults"]["pw_mtu"] = 9000
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return old


def wait_for(pred, limit: float = 120.0, pause: float = 0.2) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(pause)
    return pred()


def test_verification_longer_than_the_window_still_confirms(lab_env, tmp_path):
    lab = lab_env
    before = configs(lab)
    lab.fault("confirm-clock", "r1", str(MINUTE))
    old = lower_pw_mtu(lab.inventory)
    try:
        intent = load_intent(lab.inventory)
    finally:
        (lab.inventory / "intent.yml").write_text(old)
    targets = lab_targets(intent, lab.inventory, list(NAMES), timeout=20)
    during: dict[str, dict] = {}

    def slow_verify(nr):
        # three re-arms, each with less than a third of the window left: two windows and more
        # since r1's commit, a time after which its first window would long have rolled it back
        wait_for(lambda: extended(lab, "r1") >= 3)
        during.update(configs(lab))
        return []

    result = deploy(intent, targets, confirm_minutes=CONFIRM_MINUTES, verify=slow_verify,
                    inventory=lab.inventory, minute=MINUTE)
    assert result.ok, result.cause
    assert extended(lab, "r1") >= 3
    # while the verification ran, r1 still ran the new configuration, waiting for its confirmation
    assert during["r1"]["confirm_pending"]
    assert during["r1"]["running"] != before["r1"]["running"]
    after = configs(lab)
    assert not after["r1"]["confirm_pending"]
    assert after["r1"]["running"] == during["r1"]["running"]
    for name in NAMES:
        assert after[name]["saved"] != before[name]["saved"], name  # confirmed: the new one is saved
    assert not jmod.unfinished(lab.inventory)


def test_a_killed_deploy_still_rolls_back_by_the_device_timer(lab_env):
    lab = lab_env
    before = configs(lab)
    lab.fault("confirm-clock", "r1", str(MINUTE))
    lab.fault("link-down", "r2:ethe 1/2")  # the verification keeps failing: --wait keeps it going
    old = lower_pw_mtu(lab.inventory)
    proc = None
    try:
        env = {**os.environ, **lab.env, "INTEROP_CONFIRM_MINUTE_SECONDS": str(MINUTE)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "mpls_interop", "deploy", "-i", str(lab.inventory), "--lab", "--timeout", "20",
             "--confirm-minutes", str(CONFIRM_MINUTES), "--wait", "85"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # the keepalive is alive: r1's window was re-armed once (its first window was running out)
        assert wait_for(lambda: extended(lab, "r1") >= 1 or proc.poll() is not None)
        assert proc.poll() is None, "the deploy ended before its commit-confirmed window was re-armed"
        assert configs(lab)["r1"]["confirm_pending"]
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        # nobody re-arms any more: r1's own timer brings its previous configuration back
        assert wait_for(lambda: not configs(lab)["r1"]["confirm_pending"], limit=60)
        assert configs(lab)["r1"]["running"] == before["r1"]["running"]
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        (lab.inventory / "intent.yml").write_text(old)
        lab.fault("clear")
    # the NetIron devices were applied, not saved: recover brings them back from the journal
    rec = lab.run("recover", "-i", str(lab.inventory), "--lab", "--timeout", "20")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    after = configs(lab)
    for name in NAMES:
        assert after[name]["running"] == before[name]["running"], name
        assert after[name]["saved"] == before[name]["saved"], name


def test_junos_driver_rearms_without_moving_the_restore_point(lab_env, tmp_path):
    """Through the driver: commit confirmed, re-armed twice (no candidate change), then the timer
    fires (the lab lets it): the configuration from before the first commit comes back."""
    from mpls_interop.ops.deploy import deployable_config
    from mpls_interop.sdk.driver import DriverError, driver_class

    lab = lab_env
    before = configs(lab)
    old = lower_pw_mtu(lab.inventory)
    try:
        intent = load_intent(lab.inventory)
    finally:
        (lab.inventory / "intent.yml").write_text(old)
    target = lab_targets(intent, lab.inventory, ["r1", "r2"], timeout=20)
    with driver_class("netiron")(target["r2"]) as r2:  # nothing pending there: nothing happens
        r2.extend_confirm(CONFIRM_MINUTES)
    with driver_class("junos")(target["r1"]) as r1:
        with pytest.raises(DriverError, match="nothing committed"):
            r1.extend_confirm(CONFIRM_MINUTES)
        r1.load(deployable_config(intent, "r1"))
        r1.commit(CONFIRM_MINUTES)
        new = r1.get_config()
        r1.extend_confirm(CONFIRM_MINUTES)
        r1.extend_confirm(CONFIRM_MINUTES)
        assert r1.get_config() == new and r1.diff() == ""
    now = configs(lab)
    assert now["r1"]["confirm_pending"] and now["r2"] == before["r2"]
    reply = labmod.control(labmod.require_state(lab.inventory), {"cmd": "configs", "expire": True}, timeout=30)
    assert reply["devices"]["r1"]["running"] == before["r1"]["running"]
    assert not configs(lab)["r1"]["confirm_pending"]
