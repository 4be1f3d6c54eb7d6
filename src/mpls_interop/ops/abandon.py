"""A fleet step whose devices give up as soon as the transaction is known to be rolled back.

In the commit phase every changed device commits in parallel. Once one commit fails (or a signal
arrives, or a commit-confirmed window lapsed) the deploy will roll every device back, so waiting
for the others to finish their commit only holds the locks and the operator's terminal: a device
waiting for its peers (PW labels from a peer whose commit failed) would wait in vain. The step
runs in a helper thread; the deploy's thread watches it and calls
:meth:`~mpls_interop.sdk.driver.Driver.abandon` on the drivers still in the step, and devices
that had not started yet do not start.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import Host

from mpls_interop.ops import fleet
from mpls_interop.sdk.driver import DriverError

#: seconds between two looks of the deploy's thread at the signal flag and the windows
TICK = 0.2


@dataclass
class Abandoned:
    """What a watched step ended with: each device's outcome, and why it was abandoned."""

    outcomes: dict[str, fleet.Outcome]
    #: why the transaction was abandoned ('' when it was not)
    reason: str = ""
    #: the device whose failure abandoned it ('' for a signal or a lapsed window)
    first_failed: str = ""
    #: devices told to abandon while in the step
    abandoned: list[str] = field(default_factory=list)


class _Watch:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[str] = set()
        self.reason = ""
        self.first_failed = ""
        self.wake = threading.Event()

    def enter(self, name: str) -> None:
        with self.lock:
            if self.reason:
                raise DriverError(name, f"abandoned before it started: {self.reason}")
            self.running.add(name)

    def leave(self, name: str, failed: bool) -> None:
        with self.lock:
            self.running.discard(name)
            if failed and not self.reason:
                self.reason, self.first_failed = f"another device failed ({name})", name
                self.wake.set()

    def trip(self, reason: str) -> list[str]:
        """Abandon for ``reason`` (the first reason stays); the devices in the step now."""
        with self.lock:
            if not self.reason:
                self.reason = reason
            return sorted(self.running)


def run(nr: Nornir, fn: Callable[[Host], Any], name: str, hosts: list[str], *,
        trouble: Callable[[], str], on_abandon: Callable[[str], None] | None = None) -> Abandoned:
    """``fleet.run(nr, fn, name, hosts)``, abandoned when a device fails or ``trouble()`` names
    a reason (polled from this thread: a signal, a lapsed window). ``on_abandon(device)`` is told
    each device abandoned in the step (the journal), after its driver was."""
    watch = _Watch()
    done = threading.Event()
    result: dict[str, fleet.Outcome] = {}
    crash: list[BaseException] = []

    def guarded(host: Host) -> Any:
        watch.enter(host.name)
        failed = True
        try:
            value = fn(host)
            failed = False
            return value
        finally:
            watch.leave(host.name, failed)

    def step() -> None:
        try:
            result.update(fleet.run(nr, guarded, name, hosts=hosts))
        except BaseException as exc:  # re-raised in the deploy's thread
            crash.append(exc)
        finally:
            done.set()
            watch.wake.set()

    worker = threading.Thread(target=step, name=f"deploy-{name}", daemon=True)
    told: list[str] = []
    sent = False
    worker.start()
    try:
        while not done.is_set():
            watch.wake.wait(TICK)
            if sent:
                done.wait(TICK)
                continue
            reason = watch.reason or trouble()
            if reason:
                sent = True
                for device in watch.trip(reason):
                    _abandon(nr, device, watch.reason)
                    told.append(device)
                    if on_abandon is not None:
                        on_abandon(device)
    except BaseException:  # a second signal: nothing may go on committing behind the rollback
        for device in watch.trip("interrupted"):
            _abandon(nr, device, watch.reason)
        worker.join()
        raise
    worker.join()
    if crash:
        raise crash[0]
    return Abandoned(result, watch.reason, watch.first_failed, told)


def _abandon(nr: Nornir, device: str, reason: str) -> None:
    drv = nr.inventory.hosts[device].data.get("driver")
    if drv is not None:
        with contextlib.suppress(Exception):  # advisory: the rollback that follows is what counts
            drv.abandon(reason)
