"""Commit-confirmed windows kept open while a deploy is alive and progressing.

A deploy activates its change under the device's own revert timer (``commit confirmed N``) and
confirms only after verification. On a large fleet the other devices' commits and the
verification (``--wait`` included) can outlast N minutes: the device would roll back on its own
in the middle of a deploy that is doing well. The keepalive re-arms each pending device's window
(``Driver.extend_confirm``) once less than a third of it is left, so the window stays N minutes
long (a toolkit that dies leaves every device rolling back within N minutes) but never lapses
while the toolkit runs.

It is stopped, and its re-arms in flight waited for, before the deploy confirms or rolls back,
and it stops by itself on SIGTERM/SIGINT (``fleet.STOP``): a re-arm never races a rollback. A
device whose window could not be re-armed, or whose deadline passed anyway, is reported: the
deploy must not confirm it (it may have rolled back by itself).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from mpls_interop.sdk.errors import InputError

#: seconds in one minute of the devices' confirm timers, for emulated labs whose timers run fast
#: (the lab's ``confirm-clock``); unset on real devices
MINUTE_ENV = "INTEROP_CONFIRM_MINUTE_SECONDS"
#: re-arm once less than this share of the window is left
REARM_BELOW = 1 / 3


def minute_seconds() -> float:
    """Seconds in one minute of the devices' confirm timers: 60 unless ``MINUTE_ENV`` says."""
    raw = os.environ.get(MINUTE_ENV, "").strip()
    if not raw:
        return 60.0
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0.1 <= value <= 60:
        raise InputError(MINUTE_ENV, f"{raw!r} is not a number of seconds from 0.1 to 60")
    return value


class Keepalive:
    """Re-arms the windows of the devices :meth:`armed` names until :meth:`stop`.

    ``extend(name)`` re-arms one device (its driver's ``extend_confirm``); ``window`` is the
    window's length in seconds; ``on_round(names)`` is told which devices a round re-armed (the
    journal); ``stop_event`` set (a signal) ends it."""

    def __init__(self, extend: Callable[[str], None], window: float, *,
                 on_round: Callable[[list[str]], None] | None = None,
                 stop_event: threading.Event | None = None, workers: int = 8,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._extend = extend
        self.window = window
        self._on_round = on_round or (lambda names: None)
        self._signal = stop_event or threading.Event()
        self._workers = max(1, workers)
        self._clock = clock
        self._deadlines: dict[str, float] = {}
        self._mutex = threading.Lock()
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        #: device → why its window could not be re-armed
        self.failed: dict[str, str] = {}
        #: device → how many times its window was re-armed
        self.extended: dict[str, int] = {}

    def armed(self, name: str, since: float) -> None:
        """``name`` activated its change under a window whose timer started no earlier than
        ``since`` (the clock read before the commit was sent)."""
        with self._mutex:
            self._deadlines[name] = since + self.window

    def start(self) -> Keepalive:
        self._thread = threading.Thread(target=self._loop, name="confirm-keepalive", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """No re-arm after this returns (one in flight is waited for: each is bounded by its
        driver's timeout)."""
        self._halt.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def lapsed(self) -> list[str]:
        """Devices whose window may have ended: re-arming failed, or its deadline passed."""
        now = self._clock()
        with self._mutex:
            late = {n for n, d in self._deadlines.items() if d <= now}
        return sorted(late | set(self.failed))

    def _halted(self) -> bool:
        return self._halt.is_set() or self._signal.is_set()

    def _loop(self) -> None:
        tick = min(self.window / 12, 5.0)
        with ThreadPoolExecutor(self._workers, thread_name_prefix="confirm-keepalive") as pool:
            while not self._halt.wait(tick):
                if self._signal.is_set():
                    return
                now = self._clock()
                with self._mutex:
                    due = sorted(n for n, d in self._deadlines.items()
                                 if d - now < self.window * REARM_BELOW and n not in self.failed)
                done = [n for n in pool.map(self._rearm, due) if n]
                if done:
                    self._on_round(done)

    def _rearm(self, name: str) -> str:
        if self._halted():
            return ""
        started = self._clock()
        try:
            self._extend(name)
        except Exception as exc:  # DriverError or a library's: one line, the deploy reports it
            self.failed[name] = " ".join(str(exc).split()) or type(exc).__name__
            return ""
        with self._mutex:
            self._deadlines[name] = started + self.window
        self.extended[name] = self.extended.get(name, 0) + 1
        return name
