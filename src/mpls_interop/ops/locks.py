"""Local per-device locks: one deploy at a time per device on this machine.

NetIron has no configuration lock, so a second deploy could push into a device mid-transaction:
each deploy takes an exclusive ``flock`` on ``<state>/locks/<host>-<port>.lock`` for every device
it may change, all or none, before connecting. The kernel releases the locks when the process
dies (kill -9 included); the transaction journal covers what it left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable
from pathlib import Path

from mpls_interop.ops.lab import state_root
from mpls_interop.sdk.driver import Target


class DeviceLocked(Exception):
    def __init__(self, device: str, holder: str) -> None:
        self.device = device
        super().__init__(f"{device} is locked by another deploy{f' (pid {holder})' if holder else ''}; "
                         "nothing was changed")


class DeviceLocks:
    def __init__(self) -> None:
        self.fds: list[int] = []

    def acquire(self, targets: Iterable[Target]) -> None:
        """Every device's lock, or none (:class:`DeviceLocked` names the first one held)."""
        d = state_root() / "locks"
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        # one lock per management endpoint: devices behind the same one (several bridges of
        # one OVSDB server) share it
        endpoints: dict[tuple[str, int], Target] = {}
        for t in sorted(targets, key=lambda t: (t.host, t.port, t.name)):
            endpoints.setdefault((t.host, t.port), t)
        for t in endpoints.values():
            path = d / f"{t.host}-{t.port}.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = _read(path)
                os.close(fd)
                self.release()
                raise DeviceLocked(t.name, holder) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self.fds.append(fd)

    def release(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
        self.fds = []

    def __enter__(self) -> DeviceLocks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read(path: Path) -> str:
    with contextlib.suppress(OSError):
        return path.read_text().strip()
    return ""
