"""The deadline monitor (one thread for every device's wait-bounded steps) is woken by a new step
only when that step is due before the monitor's next look; a step due sooner is still cut."""

from __future__ import annotations

import threading
import time

from mpls_interop.sdk.deadline import Watch, _Monitor, _Step


def _step(monitor: _Monitor, seconds: float, cuts: list[str], name: str) -> _Step:
    watch = Watch(name, seconds)
    watch.bind(closer=lambda: cuts.append(name))
    now = time.monotonic()
    s = _Step(watch, "read", now, now + seconds, since=now)
    monitor.add(s)
    return s


def _until(cond, limit: float = 30.0) -> bool:
    """Poll ``cond`` (a generous limit: this is not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.005)
    return cond()


def _waiting(monitor: _Monitor) -> bool:
    with monitor.cond:
        return bool(monitor.wake_at)


def test_later_steps_do_not_wake_the_monitor() -> None:
    monitor, cuts = _Monitor(), []
    _step(monitor, 3600, cuts, "first")
    assert _until(lambda: _waiting(monitor))
    rounds = monitor.rounds
    for n in range(50):
        _step(monitor, 7200 + n, cuts, f"later{n}")
        assert _until(lambda: _waiting(monitor))
    assert monitor.rounds == rounds
    assert not cuts


def test_a_sooner_step_wakes_it_and_is_cut() -> None:
    monitor, cuts = _Monitor(), []
    long = _step(monitor, 3600, cuts, "long")
    assert _until(lambda: _waiting(monitor))
    short = _step(monitor, 0.05, cuts, "short")
    assert _until(lambda: short.expired)
    assert _until(lambda: cuts == ["short"])
    assert not long.expired


def test_steps_added_from_many_threads_are_all_watched() -> None:
    monitor, cuts = _Monitor(), []
    _step(monitor, 3600, cuts, "long")
    threads = [threading.Thread(target=_step, args=(monitor, 0.05 + n / 100, cuts, f"t{n}")) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _until(lambda: len(cuts) == 10)
    assert sorted(cuts) == sorted(f"t{n}" for n in range(10))
