"""The fault campaign (``bench/fault_campaign.py``) in small: every fault kind on each vendor,
kill -9 at a few instants followed by ``interop recover``, from factory and from the deployed
seed; no run may leave a device whose running or saved configuration is neither the old nor the
new one, nor a network where devices disagree. References come from clean deploys and are read
from the lab itself (its ``configs`` control command), not through the toolkit's drivers."""

from __future__ import annotations

import json
import stat

import pytest

from bench import fault_campaign as fc
from tests.conftest import SEED_INVENTORY

TIMEOUT = 4  # per command in the faulted runs: a cut NetIron session costs one timeout


@pytest.fixture(scope="module")
def campaign(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        lab = fc.Lab.start(SEED_INVENTORY, tmp_path_factory.mktemp("faults"), setenv=mp.setenv)
        try:
            scenarios = {s.name: s for s in fc.prepare(lab, ["mtu"], timeout=20)}
            yield lab, scenarios
        finally:
            lab.stop()


def _check(run: fc.Run) -> None:
    assert not run.lost, f"{run.detail}: lost {run.lost} ({run.note})"
    assert not run.mixed, f"{run.detail}: mixed network ({run.note})"


# (scenario, kind, device, when/index): a cut session, a failing commit / write memory, a device
# that goes away, on a Junos and on a NetIron device, at staging, commit and confirm
IN_PROCESS = [
    ("factory", "drop-session", "r1", "3"),     # Junos: during staging (after lock)
    ("factory", "drop-session", "r2", "5"),     # NetIron: mid-push
    ("factory", "commit-fail", "r1", "before"),  # Junos commit confirmed refused
    ("factory", "commit-fail", "r2", "before"),  # NetIron write memory fails at confirm
    ("factory", "device-down", "r2", "at confirm"),
    ("mtu", "drop-session", "r1", "7"),         # Junos: the commit confirmed RPC
    ("mtu", "drop-session", "r3", "2"),         # NetIron: mid-push
    ("mtu", "commit-fail", "r1", "at confirm"),  # Junos confirming commit refused
    ("mtu", "commit-fail", "r3", "before"),
    ("mtu", "device-down", "r1", "at confirm"),
    ("mtu", "device-down", "r2", "before"),
]


@pytest.mark.parametrize(("scenario", "kind", "device", "when"), IN_PROCESS,
                         ids=[f"{s}-{k}-{d}-{w.replace(' ', '-')}" for s, k, d, w in IN_PROCESS])
def test_fault_leaves_every_device_old_or_new(campaign, scenario, kind, device, when):
    lab, scenarios = campaign
    sc = scenarios[scenario]
    kw: dict = {}
    if kind == "drop-session":
        kw["before"] = lambda: lab.fault("drop-session", device, when)
    elif when == "before":
        kw["before"] = lambda: lab.fault(kind, device)
    else:
        kw["between"] = lambda: lab.fault(kind, device)
    run, result = fc.run_in_process(lab, sc.start, sc.change, fc.Run(scenario, kind, device, when),
                                    timeout=TIMEOUT, **kw)
    fc.judge(lab, sc.old, sc.new, run)
    _check(run)
    assert result is not None and not result.ok, "the fault did not make the deploy fail"
    assert run.ended == "old", run.note
    assert not fc.jmod.unfinished(lab.inventory)


def test_verification_failure_rolls_everything_back(campaign):
    lab, scenarios = campaign
    sc = scenarios["mtu"]
    link = lab.intent.links[0]
    end = f"{link.a.device}:{link.a.interface}"
    run, result = fc.run_in_process(lab, sc.start, sc.change, fc.Run("mtu", "verification", link.name, "link-down"),
                                    between=lambda: lab.fault("link-down", end), real_verify=True, timeout=TIMEOUT)
    fc.judge(lab, sc.old, sc.new, run)
    _check(run)
    assert result is not None and not result.ok and "verification failed" in result.cause, result and result.cause
    assert run.ended == "old"


KILLS = [
    ("factory", "r2 push hung at line 5", "r2", 5),
    ("mtu", "r1 hung at its first RPC (before the journal)", "r1", 0),
    ("mtu", "r1 hung at RPC 7 (commit confirmed)", "r1", 7),
    ("mtu", "r3 push hung at line 3", "r3", 3),
]


@pytest.mark.parametrize(("scenario", "detail", "device", "index"), KILLS, ids=[k[1] for k in KILLS])
def test_kill_while_a_session_hangs_then_recover(campaign, scenario, detail, device, index):
    lab, scenarios = campaign
    sc = scenarios[scenario]
    run = fc.run_killed(lab, sc.start, sc.change, fc.Run(scenario, "kill -9", device, detail),
                        before=lambda: lab.fault("stall-session", device, str(index)), when=fc.stalled(device),
                        timeout=TIMEOUT + 6, verify=False)
    run.expect = "old"
    fc.judge(lab, sc.old, sc.new, run)
    assert "instant not reached" not in run.note, run.note
    assert "recover rc=0" in run.note, run.note
    _check(run)
    assert not fc.jmod.unfinished(lab.inventory)


def test_kill_after_the_first_confirm_then_recover_goes_back(campaign):
    lab, scenarios = campaign
    sc = scenarios["mtu"]
    run = fc.run_killed(lab, sc.start, sc.change, fc.Run("mtu", "kill -9", "", "first device confirmed"),
                        when=fc.journal_at(fc.steps("confirmed", 1)), timeout=TIMEOUT + 6, verify=False)
    run.expect = "old"
    fc.judge(lab, sc.old, sc.new, run)
    assert "instant not reached" not in run.note and "recover rc=0" in run.note, run.note
    _check(run)


def test_recover_forward_once_confirm_was_reached_everywhere(campaign):
    """Killed once every device reached its confirm step: a deploy refuses (exit 1, names the
    journal), ``recover --forward`` brings every device to the new state, running and saved."""
    lab, scenarios = campaign
    sc = scenarios["mtu"]
    changed = [n for n in lab.names if sc.old[n] != sc.new[n]]
    lab.restore(sc.start)
    lab.write_intent(sc.change)
    import signal
    import subprocess
    import sys
    import time

    seen = set(lab.journals())
    proc = subprocess.Popen([sys.executable, "-m", "mpls_interop", "deploy", "-i", str(lab.inventory), "--lab",
                             "--no-verify", "--timeout", "10"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < end:
            data = fc._new_journal(lab, seen)
            if data is not None and fc.steps("confirm", len(changed))(data):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "the deploy ended before every device reached confirm"
    journal = [p for p in lab.journals() if json.loads(p.read_text())["status"] == "open"]
    assert len(journal) == 1 and stat.S_IMODE(journal[0].stat().st_mode) == 0o600

    refused = lab.cli("deploy", "-i", str(lab.inventory), "--lab", "--timeout", "10")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert journal[0].name in refused.stderr and "interop recover" in refused.stderr

    rec = lab.cli("recover", "-i", str(lab.inventory), "--lab", "--forward", "--timeout", "10")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    run = fc.judge(lab, sc.old, sc.new, fc.Run("mtu", "kill -9", "", "confirm everywhere", expect="new"))
    _check(run)
    assert run.ended == "new"
    assert json.loads(journal[0].read_text())["status"] == "recovered-forward"


def test_recover_forward_is_refused_before_confirm_was_reached(campaign):
    lab, scenarios = campaign
    sc = scenarios["mtu"]
    run = fc.run_killed(lab, sc.start, sc.change, fc.Run("mtu", "kill -9", "", "first commit done"),
                        when=fc.journal_at(fc.steps("committed", 1)), forward=True,
                        timeout=TIMEOUT + 6, verify=False)
    assert "recover rc=1" in run.note and "did not reach the confirm step" in run.note, run.note
    assert len(fc.jmod.unfinished(lab.inventory)) == 1  # still open: plain recover is the way
    rec = lab.cli("recover", "-i", str(lab.inventory), "--lab", "--timeout", "10")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    run.expect = "old"
    _check(fc.judge(lab, sc.old, sc.new, run))


def test_kill_during_the_rollback_then_recover_forward_is_refused(campaign):
    """r3's write memory fails at confirm, the deploy rolls back and is killed doing so: the
    journal shows confirm reached everywhere, but a rollback had begun: only going back is
    consistent."""
    lab, scenarios = campaign
    sc = scenarios["mtu"]
    run = fc.run_killed(lab, sc.start, sc.change, fc.Run("mtu", "kill -9", "r3", "during rollback"),
                        before=lambda: lab.fault("commit-fail", "r3"),
                        when=fc.journal_at(fc.steps("rollback", 1)), forward=True,
                        timeout=TIMEOUT + 6, verify=False)
    assert "instant not reached" not in run.note, run.note
    assert "recover rc=1" in run.note and "started rolling back" in run.note, run.note
    rec = lab.cli("recover", "-i", str(lab.inventory), "--lab", "--timeout", "10")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    run.expect = "old"
    _check(fc.judge(lab, sc.old, sc.new, run))
