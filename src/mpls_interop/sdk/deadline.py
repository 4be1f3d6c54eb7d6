"""Bounds on every wait for a device, and on the size of every reply.

The libraries bound most waits themselves (the drivers pass them the timeout), but not all of
them: a device that sends endless output without a prompt, NETCONF garbage without a message
delimiter, a banner that never ends. A :class:`Watch` per driver covers the rest: each step (a
connection, a command, an RPC, a commit) runs inside :meth:`Watch.step`; when the step outlives
the timeout (for a batch of commands: when one command's answer does), one monitor thread cuts the device's TCP connection (``shutdown``), which ends every
blocked read in the libraries at once, and the step fails with :class:`StepTimeout`. The bytes a
device sends are counted (:meth:`Watch.count`): past ``max_reply`` the step fails with
:class:`ReplyTooLarge` and the connection is cut, so memory stays bounded.

:func:`waiting` tells a progress display which device waits for what, and for how long.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mpls_interop.sdk.driver import DriverError

#: default reply size cap: a big MLX running-config is a few MB
DEFAULT_MAX_REPLY = 16 * 1024 * 1024


class StepTimeout(DriverError):
    """A step got no complete answer within the timeout."""


class ReplyTooLarge(DriverError):
    """A device answered more than the reply size cap."""


class SessionClosed(DriverError):
    """The device closed the session in the middle of a step."""


def size_text(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


@dataclass(eq=False)
class _Step:
    watch: Watch
    what: str
    started: float
    deadline: float
    expired: bool = False
    #: a batch of commands: each command sent restarts the clock (the bound is per command)
    per_command: bool = False
    #: when the current wait began (the step's start, or the last command sent)
    since: float = 0.0


class _Monitor:
    """One daemon thread for all watches: sleeps until the earliest deadline, then cuts. A new
    step wakes it only when it is due before the monitor's next wake-up (a step is started for
    every read and command of every device: waking the thread for each cost the fleet a thread
    switch per round trip)."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.steps: list[_Step] = []
        self.thread: threading.Thread | None = None
        #: when the waiting monitor looks at the steps again (0: not waiting)
        self.wake_at = 0.0
        #: times the monitor looked at the steps (what the tests count)
        self.rounds = 0

    def add(self, step: _Step) -> None:
        with self.cond:
            self.steps.append(step)
            if self.thread is None or not self.thread.is_alive():
                self.wake_at = 0.0
                self.thread = threading.Thread(target=self._run, name="interop-deadlines", daemon=True)
                self.thread.start()
            if step.deadline < self.wake_at or not self.wake_at:
                self.cond.notify()

    def remove(self, step: _Step) -> None:
        with self.cond, contextlib.suppress(ValueError):
            self.steps.remove(step)

    def active(self) -> list[_Step]:
        with self.cond:
            return list(self.steps)

    def _run(self) -> None:
        while True:
            with self.cond:
                self.rounds += 1
                now = time.monotonic()
                due = [s for s in self.steps if not s.expired and s.deadline <= now]
                for s in due:
                    s.expired = True
                pending = [s.deadline for s in self.steps if not s.expired]
                if not due:
                    self.wake_at = min(pending) if pending else now + 1.0
                    self.cond.wait(self.wake_at - now)
                    self.wake_at = 0.0
            for s in due:
                s.watch.cut()


_MONITOR = _Monitor()


@dataclass(eq=False)
class Watch:
    """One device's timeout and reply cap; ``closer`` cuts its connection (set by the driver)."""

    device: str
    timeout: float
    max_reply: int = DEFAULT_MAX_REPLY
    received: int = 0
    _sock: socket.socket | None = field(default=None, repr=False)
    _closer: Callable[[], None] | None = field(default=None, repr=False)
    _too_large: bool = False
    _current: list[_Step] = field(default_factory=list, repr=False)

    def bind(self, sock: socket.socket | None = None, closer: Callable[[], None] | None = None) -> None:
        """What :meth:`cut` closes: the device's TCP socket (and/or a library closer)."""
        self._sock = sock
        self._closer = closer

    def cut(self) -> None:
        """End the connection now: every read blocked on it returns."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
        if self._closer is not None:
            with contextlib.suppress(Exception):
                self._closer()

    def progress(self) -> None:
        """A command of a per-command step was sent: its answer gets a full timeout again."""
        if self._current and self._current[-1].per_command and not self._current[-1].expired:
            now = time.monotonic()
            self._current[-1].since = now
            self._current[-1].deadline = now + self.timeout

    def count(self, n: int) -> None:
        """``n`` more bytes arrived; past the cap, cut the connection and fail the step."""
        self.received += n
        if self.received > self.max_reply:
            if not self._too_large:
                self._too_large = True
                self.cut()
            raise ReplyTooLarge(self.device, f"reply larger than {size_text(self.max_reply)}")

    @property
    def expired(self) -> bool:
        return any(s.expired for s in self._current)

    @contextlib.contextmanager
    def step(self, what: str, per_command: bool = False) -> Iterator[None]:
        """Run one wait-bounded step; a timeout or an oversized reply fails it in one line.
        ``per_command``: a batch whose driver calls :meth:`progress` for each command sent, each
        command's answer bounded by the timeout (otherwise the whole step is)."""
        now = time.monotonic()
        s = _Step(self, what, now, now + self.timeout, per_command=per_command, since=now)
        self._current.append(s)
        self.received = 0
        self._too_large = False
        _MONITOR.add(s)
        try:
            yield
        except BaseException as exc:
            if isinstance(exc, Exception):
                self._translate(s)
            if isinstance(exc, SessionClosed) and not exc.message.startswith(f"{what}: "):
                raise SessionClosed(self.device, f"{what}: {exc.message}") from None
            raise
        finally:
            _MONITOR.remove(s)
            self._current.remove(s)
        self._translate(s)

    def _translate(self, s: _Step) -> None:
        if self._too_large:
            self._too_large = False
            raise ReplyTooLarge(self.device, f"{s.what}: reply larger than {size_text(self.max_reply)}; "
                                "connection closed")
        if s.expired:
            raise StepTimeout(self.device, f"{s.what}: no complete answer within {self.timeout:g}s; "
                              "connection closed")


def waiting() -> list[tuple[str, str, float]]:
    """(device, step, seconds waited so far) of every step in progress, longest first."""
    now = time.monotonic()
    out = [(s.watch.device, s.what, now - s.since) for s in _MONITOR.active()]
    return sorted(out, key=lambda t: -t[2])
