"""Junos emulator: ``commit confirmed`` issued again while one is pending moves the rollback
deadline and keeps the first restore point (Juniper NETCONF ``<commit>``: "The rollback can be
delayed repeatedly in this way"; RFC 6241 §8.4.1: the configuration from before the first
confirmed commit comes back)."""

from __future__ import annotations

from mpls_interop_lab.junos.device import JunosDevice


def test_confirmed_again_moves_the_deadline_and_keeps_the_first_restore_point() -> None:
    dev = JunosDevice("pe1")
    original = dev.committed
    dev.load(None, "set system host-name pe1-a", action="set")
    dev.commit(None, confirmed=True, confirm_timeout=1)
    first = dev._pending.deadline
    dev.load(None, "set system host-name pe1-b", action="set")
    dev.commit(None, confirmed=True, confirm_timeout=10)  # a follow-up confirmed commit with a change
    dev.commit(None, confirmed=True, confirm_timeout=10)  # and one without: only the timer moves
    assert dev.confirm_pending and dev.hostname == "pe1-b"
    assert dev._pending.deadline > first + 5 * 60  # 10 minutes from now, not 1
    assert [r.confirm_minutes for r in dev.history[:3]] == [10, 10, 1]
    assert dev.expire_confirmed_commit()
    assert dev.committed == original and dev.hostname == "pe1"
    assert not dev.confirm_pending


def test_a_plain_commit_after_rearming_confirms() -> None:
    dev = JunosDevice("pe1")
    dev.load(None, "set system host-name pe1-a", action="set")
    dev.commit(None, confirmed=True, confirm_timeout=5)
    dev.commit(None, confirmed=True, confirm_timeout=5)
    dev.commit(None)
    assert not dev.confirm_pending and dev.expire_confirmed_commit() is False
    assert dev.hostname == "pe1-a"
