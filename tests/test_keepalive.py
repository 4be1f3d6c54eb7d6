"""ops.keepalive: which windows are re-armed, and that nothing is re-armed after stop or a signal
(fake devices; the lab test is tests/test_confirm_keepalive_lab.py)."""

from __future__ import annotations

import threading

import pytest

from mpls_interop.ops import keepalive as ka
from mpls_interop.sdk.errors import InputError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _keepalive(extend, clock, signal=None):
    # a 1.2 s window: the loop looks every 0.1 s (no assertion depends on how fast it does)
    return ka.Keepalive(extend, 1.2, stop_event=signal, clock=clock)


def test_only_windows_running_short_are_rearmed_and_the_deadline_moves():
    clock = Clock()
    calls: list[str] = []
    done = threading.Event()

    def extend(name: str) -> None:
        calls.append(name)
        done.set()

    k = _keepalive(extend, clock)
    k.armed("short", clock.now - 1.0)  # 0.2 s of 1.2 left: less than a third
    k.armed("fresh", clock.now)  # all of it left
    k.start()
    try:
        assert done.wait(30)
    finally:
        k.stop()
    assert set(calls) == {"short"} and k.extended == {"short": len(calls)}
    assert k.lapsed() == []  # re-armed from the clock read before the extension
    clock.now += 1.2
    assert k.lapsed() == ["fresh", "short"]  # the clock ran past both deadlines


def test_a_failed_rearm_is_reported_and_not_retried():
    clock = Clock()
    calls: list[str] = []
    done = threading.Event()

    def extend(name: str) -> None:
        calls.append(name)
        done.set()
        raise RuntimeError("r9: extend commit confirmed failed:\n session closed")

    k = _keepalive(extend, clock)
    k.armed("r9", clock.now - 1.1)
    k.start()
    try:
        assert done.wait(30)
    finally:
        k.stop()
    assert calls == ["r9"]
    assert k.lapsed() == ["r9"] and k.failed["r9"] == "r9: extend commit confirmed failed: session closed"


def test_nothing_is_rearmed_after_stop_or_a_signal():
    clock = Clock()
    calls: list[str] = []
    signal = threading.Event()
    signal.set()  # SIGTERM came before the first look
    k = _keepalive(calls.append, clock, signal)
    k.armed("r1", clock.now - 1.19)
    k.start()
    k._thread.join(30)  # noqa: SLF001 - the loop ends by itself on the signal
    assert calls == []
    k.stop()
    k2 = _keepalive(calls.append, clock)
    k2.armed("r1", clock.now - 1.19)
    k2.stop()  # stopped before it started: start() never called
    assert calls == []


def test_stop_waits_for_a_rearm_in_flight():
    clock = Clock()
    entered, release = threading.Event(), threading.Event()
    finished: list[str] = []

    def extend(name: str) -> None:
        entered.set()
        release.wait(30)
        finished.append(name)

    k = _keepalive(extend, clock)
    k.armed("r1", clock.now - 1.19)
    k.start()
    assert entered.wait(30)
    stopper = threading.Thread(target=k.stop)
    stopper.start()
    stopper.join(0.2)
    assert stopper.is_alive() and finished == []  # stop() is still waiting for the extension
    release.set()
    stopper.join(30)
    assert not stopper.is_alive() and finished == ["r1"]


@pytest.mark.parametrize("raw,expected", [("", 60.0), ("4", 4.0), (" 0.5 ", 0.5)])
def test_minute_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv(ka.MINUTE_ENV, raw)
    assert ka.minute_seconds() == expected


@pytest.mark.parametrize("raw", ["soon", "0", "61", "-1"])
def test_bad_minute_is_an_input_error(monkeypatch, raw):
    monkeypatch.setenv(ka.MINUTE_ENV, raw)
    with pytest.raises(InputError, match=ka.MINUTE_ENV):
        ka.minute_seconds()


def test_deploy_refuses_a_bad_minute_before_any_connection():
    import os
    import subprocess
    import sys

    from tests.conftest import SEED_INVENTORY

    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "deploy", "-i", str(SEED_INVENTORY)],
                          capture_output=True, text=True, env={**os.environ, ka.MINUTE_ENV: "soon"})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: {ka.MINUTE_ENV}: 'soon' is not a number of seconds from 0.1 to 60"]
