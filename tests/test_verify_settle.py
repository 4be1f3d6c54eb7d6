"""``--wait``: verification is taken again while a check fails, within a bound (a fake clock:
nothing is timed), and the CLI refuses a wait that would outlast the commit-confirmed window."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mpls_interop.core.checks import Check
from mpls_interop.ops import verify as verify_mod
from tests.conftest import SEED_INVENTORY


def _round(*statuses: str) -> list[Check]:
    return [Check(f"c{i}", ("r1",), s, "") for i, s in enumerate(statuses)]  # type: ignore[arg-type]


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


@pytest.fixture
def rounds(monkeypatch):
    """The verdicts successive verify() calls return, each costing 2 s of (fake) time."""
    queue: list[list[Check]] = []
    t = FakeTime()

    def fake_verify(intent, nr):
        t.now += 2
        return queue.pop(0), 4

    monkeypatch.setattr(verify_mod, "verify", fake_verify)
    return queue, t


def test_stops_at_the_first_round_where_everything_passes(rounds):
    queue, t = rounds
    queue += [_round("pass", "fail"), _round("fail", "fail"), _round("pass", "pass"), _round("fail", "fail")]
    told = []
    checks, sent = verify_mod.verify_settled(None, None, 60, interval=5, on_retry=lambda n, p: told.append((n, p)),
                                             clock=t.clock, sleep=t.sleep)
    assert [c.status for c in checks] == ["pass", "pass"]
    assert sent == 12 and t.slept == [5, 5] and told == [(1, 5), (2, 5)]
    assert len(queue) == 1  # never asked again once it passed


def test_a_lasting_failure_is_the_verdict_when_the_wait_is_over(rounds):
    queue, t = rounds
    queue += [_round("fail")] * 10
    checks, _ = verify_mod.verify_settled(None, None, 15, interval=5, clock=t.clock, sleep=t.sleep)
    assert [c.status for c in checks] == ["fail"]
    # rounds at 0-2, 7-9, 14-16 s: the last pause is cut to what is left of the 15 s
    assert t.slept == [5, 5] and t.now - 100 <= 15 + 2 + 5
    assert len(queue) == 7


def test_no_wait_takes_one_round(rounds):
    queue, t = rounds
    queue += [_round("fail"), _round("pass")]
    checks, _ = verify_mod.verify_settled(None, None, 0, clock=t.clock, sleep=t.sleep)
    assert [c.status for c in checks] == ["fail"] and t.slept == [] and len(queue) == 1


@pytest.mark.parametrize("args", [
    ["verify", "--wait", "-1"],
    ["verify", "--wait", "601"],
    ["verify", "--wait", "soon"],
    ["deploy", "--wait", "290"],  # 5-minute commit-confirmed window: less than 30 s left to confirm
    ["deploy", "--wait", "600", "--confirm-minutes", "10"],
])
def test_bad_wait_is_refused_before_any_connection(args):
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", *args, "-i", str(SEED_INVENTORY)],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "--wait" in proc.stderr and "Traceback" not in proc.stderr
