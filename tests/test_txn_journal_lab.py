"""Transaction journal: kill -9 of a deploy at several instants, then ``interop recover``: every
device byte-equal (running and saved) to its state before the deploy; a deploy started before
``recover`` refuses with exit 1."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from mpls_interop.ops.journal import journal_dir
from tests.helpers import edit_yaml
from tests.test_txn_confirm_lab import snapshot


def _targets(lab):
    from mpls_interop.core.load import load_intent
    from mpls_interop.ops.targets import lab_targets

    intent = load_intent(lab.inventory)
    return lab_targets(intent, lab.inventory, list(intent.devices), timeout=20)


@pytest.fixture(scope="module")
def lab(seed_lab):
    """A private seed lab for this module (tests/lab_fixtures.py)."""
    return seed_lab


def _set_pw_mtu(lab, mtu: int) -> None:
    edit_yaml(lab.inventory / "intent.yml", lambda d: d["defaults"].update(pw_mtu=mtu))


def _journals(lab):
    with lab.environment():
        d = journal_dir(lab.inventory)
    return sorted(d.glob("*.json")) if d.is_dir() else []


def _kill_at(lab, predicate, deadline_s: float = 120, sig: int = signal.SIGKILL) -> str:
    """Start a deploy and send it ``sig`` as soon as its journal satisfies ``predicate(data)``;
    returns its output."""
    seen = set(_journals(lab))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mpls_interop", "deploy", "-i", str(lab.inventory), "--lab", "--timeout", "10"],
        env={**os.environ, **lab.env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    end = time.monotonic() + deadline_s
    try:
        while time.monotonic() < end and proc.poll() is None:
            new = [p for p in _journals(lab) if p not in seen]
            if new:
                try:
                    data = json.loads(new[0].read_text())
                except ValueError:
                    data = None
                if data and predicate(data):
                    proc.send_signal(sig)
                    break
            time.sleep(0.005)
        output, _ = proc.communicate(timeout=deadline_s)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL, f"the deploy ended before the instant ({proc.returncode})"
    else:
        assert proc.returncode == 1, output
    return output


def _steps(name: str, count: int = 1):
    return lambda data: sum(s["step"] == name for s in data["steps"]) >= count


INSTANTS = {
    "journal-written": lambda data: True,
    "after-staging": _steps("staged", 3),
    "after-first-commit": _steps("committed", 1),
    "after-all-commits": _steps("committed", 3),
}


@pytest.mark.parametrize("instant", list(INSTANTS))
def test_kill_then_recover_restores_every_device(lab, monkeypatch, instant):
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    _set_pw_mtu(lab, 9100)
    lab.ensure_seed()
    assert not any(json.loads(p.read_text())["status"] == "open" for p in _journals(lab))
    before = snapshot(lab)
    _set_pw_mtu(lab, 9000)
    try:
        _kill_at(lab, INSTANTS[instant])
        journal = [p for p in _journals(lab) if json.loads(p.read_text())["status"] == "open"]
        assert len(journal) == 1
        assert stat.S_IMODE(journal[0].stat().st_mode) == 0o600
        text = journal[0].read_text()
        for t in _targets(lab).values():
            assert t.password not in text  # no credentials in the journal

        refused = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--timeout", "10")
        assert refused.returncode == 1, refused.stderr
        assert journal[0].name in refused.stderr and "interop recover" in refused.stderr

        rec = lab.run("recover", "-i", str(lab.inventory), "--lab", "--timeout", "10")
        assert rec.returncode == 0, rec.stdout + rec.stderr
        after = snapshot(lab)
        for name in before:
            assert after[name][0] == before[name][0], f"{name}: running config differs"
            assert after[name][1] == before[name][1], f"{name}: saved config differs"
        assert json.loads(journal[0].read_text())["status"] == "recovered"
    finally:
        _set_pw_mtu(lab, 9100)


def test_second_deploy_on_a_locked_device_changes_nothing(lab, monkeypatch):
    from mpls_interop.ops.locks import DeviceLocks

    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    _set_pw_mtu(lab, 9100)
    lab.ensure_seed()
    before = snapshot(lab)
    _set_pw_mtu(lab, 9000)
    try:
        with DeviceLocks() as held:  # another deploy holds r2
            held.acquire([_targets(lab)["r2"]])
            proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--timeout", "10", "--format", "json")
        assert proc.returncode == 1, proc.stderr
        result = json.loads(proc.stdout)
        assert "r2 is locked" in result["cause"]
        assert not any(d["rolled_back"] or d["committed"] or d["error"] for d in result["devices"]), result
        assert snapshot(lab) == before
    finally:
        _set_pw_mtu(lab, 9100)


def test_sigterm_rolls_back_through_the_journal_and_reports(lab, monkeypatch):
    monkeypatch.setenv("INTEROP_STATE_DIR", lab.env["INTEROP_STATE_DIR"])
    _set_pw_mtu(lab, 9100)
    lab.ensure_seed()
    before = snapshot(lab)
    _set_pw_mtu(lab, 9000)
    try:
        output = _kill_at(lab, _steps("committed", 3), sig=signal.SIGTERM)
        assert "deploy FAILED" in output and "interrupted" in output, output
        assert "Traceback" not in output
        assert not any(json.loads(p.read_text())["status"] == "open" for p in _journals(lab))
        assert snapshot(lab) == before
    finally:
        _set_pw_mtu(lab, 9100)


def test_verify_limit_of_a_healthy_network_exits_0(lab, monkeypatch):
    _set_pw_mtu(lab, 9100)
    lab.ensure_seed()
    proc = lab.run("verify", "-i", str(lab.inventory), "--lab", "--limit", "r2,r3", "--format", "json")
    checks = json.loads(proc.stdout)
    checks = checks["checks"] if isinstance(checks, dict) else checks
    assert proc.returncode == 0, [c for c in checks if c["status"] == "fail"]
    assert not [c for c in checks if c["status"] == "fail"]
    limited = [c for c in checks if c["status"] == "skip" and "outside --limit" in c["detail"]]
    assert limited and all("r1" in c["devices"] for c in limited)
    assert [c for c in checks if c["status"] == "pass"]
