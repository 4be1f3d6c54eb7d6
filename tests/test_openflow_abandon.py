"""The OpenFlow driver gives up its commit's PW-label wait when the deploy abandons the transaction
(a peer whose commit failed never signals), without OVS: FRR's label bindings, the bridge and the
host are faked at the driver's own seams. Whether it abandoned before publishing flows or in the
wait after publishing them, the commit undoes what it applied and the rollback has nothing left
to do; the real bridge's byte-equal restore is tests/test_openflow_lifecycle_lab.py's."""

from __future__ import annotations

import threading

import pytest

from mpls_interop.sdk.driver import DriverError, Target
from mpls_interop.vendors.openflow import driver as ofdriver
from mpls_interop.vendors.openflow.driver import HEADER_LINE, OpenFlowDriver
from mpls_interop.vendors.openflow.program import parse

BOUND = 60.0  # a bound against a hang, never an expectation
PW = (72, "10.0.0.1")


class Recorder(OpenFlowDriver):
    """The driver with its bridge, host and FRR replaced by a record of what it did."""

    def __init__(self) -> None:
        super().__init__(Target("of1", "127.0.0.1", 6640, "netops", "not-a-secret-7"))
        self.ids = {"mgmt": "unix:/nonexistent.mgmt", "netns": "nonexistent", "frr-vty": "/nonexistent"}
        self.did: list[str] = []
        self.polls = threading.Event()
        self.on_poll = lambda: None
        self.on_frr = lambda: None
        self.staged = parse(HEADER_LINE + "\n[meta]\n[host]\n[frr]\n[flows]\n")

    def _needed(self, prog):  # type: ignore[override]
        return {PW}

    def _signalled(self):  # type: ignore[override]
        self.polls.set()
        self.on_poll()
        return {PW: (16, None)}  # the peer signals nothing: its commit failed

    def _bind(self, prog, labels=None):  # type: ignore[override]
        return ""

    def get_config(self) -> str:
        return "the old program"

    def _ofctl(self, *args, stdin=None, check=True):  # type: ignore[override]
        return "the old flows"

    def _vsctl(self, *args):  # type: ignore[override]
        return ""

    def _apply_host(self, prog, old):  # type: ignore[override]
        self.did.append("host")

    def _apply_frr(self, prog, old):  # type: ignore[override]
        self.did.append("frr")
        self.on_frr()

    def _publish(self, prog, labels):  # type: ignore[override]
        self.did.append("publish")

    def _restore(self) -> None:
        self.did.append("restore")


def test_the_label_wait_returns_when_abandoned_from_the_deploys_thread():
    drv = Recorder()
    outcome: list[str] = []

    def wait() -> None:
        try:
            outcome.append(f"labels {drv._wait_for_labels(drv.staged)}")
        except DriverError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=wait)
    worker.start()
    assert drv.polls.wait(BOUND)  # it is waiting for the peer's label
    drv.abandon("another device failed (r1)")
    worker.join(BOUND)
    assert outcome == ["of1: abandoned: another device failed (r1)"]


def test_abandoned_in_the_wait_after_publishing_the_commit_undoes_it(monkeypatch):
    drv = Recorder()
    drv.on_poll = lambda: drv.did.count("publish") and drv.abandon()
    with pytest.raises(DriverError, match="abandoned: another device failed"):
        drv.commit(5)
    assert drv.did == ["host", "frr", "publish", "restore"]
    assert not drv._pending and drv._timer is None and drv._late is None
    drv.rollback()  # what the deploy then does: nothing is left to undo
    assert drv.did == ["host", "frr", "publish", "restore"]


def test_abandoned_before_publishing_the_commit_publishes_nothing_and_undoes_the_rest():
    drv = Recorder()
    drv.on_frr = drv.abandon
    with pytest.raises(DriverError, match="abandoned"):
        drv.commit(5)
    assert drv.did == ["host", "frr", "restore"]
    drv.rollback()
    assert drv.did == ["host", "frr", "restore"] and not drv._pending


def test_abandoned_before_the_commit_touches_nothing():
    drv = Recorder()
    drv.abandon()
    with pytest.raises(DriverError, match="abandoned"):
        drv.commit(5)
    drv.rollback()
    assert drv.did == []


def test_a_new_transaction_waits_for_labels_again(monkeypatch):
    monkeypatch.setattr(ofdriver, "LABEL_WAIT_SECONDS", 0)  # the wait is over at once
    drv = Recorder()
    drv.abandon()
    drv.start_transaction()
    assert drv._wait_for_labels(drv.staged) == {PW: (16, None)}
