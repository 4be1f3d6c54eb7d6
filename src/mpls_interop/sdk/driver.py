"""The driver contract the core uses to talk to any vendor's device.

Life cycle of a change: ``connect`` → ``load`` (staged) → ``diff`` → ``commit(confirm_minutes)``
→ verification by the caller → ``confirm`` (or ``rollback`` to what the device had before this
run) → ``close``. Getters return the vendor-neutral records of :mod:`mpls_interop.sdk.records`.
Every failure is a :class:`DriverError` with one line naming the device.

A deploy that knows its transaction will be rolled back (another device's commit failed, a signal
arrived, a commit-confirmed window lapsed) calls :meth:`Driver.abandon` on the drivers still
committing; a driver blocked in a wait (:meth:`Driver.pause`) then gives up at once.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING

from mpls_interop.sdk.errors import one_line
from mpls_interop.sdk.records import (
    BfdSession,
    Facts,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
)
from mpls_interop.sdk.secrets import register, scrub

if TYPE_CHECKING:
    from mpls_interop.sdk.hostkeys import HostKeyPolicy


class DriverError(Exception):
    def __init__(self, device: str, message: str) -> None:
        self.device = device
        # always one line, no control chars, no credentials
        self.message = one_line(scrub(" ".join(str(message).split())))
        super().__init__(f"{device}: {self.message}")


@dataclass(frozen=True)
class Target:
    """How to reach one device. The password is never logged or shown (repr hides it)."""

    name: str
    host: str
    port: int
    username: str
    password: str
    enable_password: str | None = None
    timeout: float = 30.0
    #: how the device's SSH host key is verified (None: ~/.ssh/known_hosts, unknown keys refused)
    host_keys: HostKeyPolicy | None = None
    #: configuration lines per round trip for CLI drivers that batch (None: the driver's default;
    #: inventory variable ``cli_batch_lines``)
    batch_lines: int | None = None
    #: connection attempts (only refused / closed / reset / unreachable are retried)
    connect_attempts: int = 2
    #: largest reply accepted from the device, bytes (see mpls_interop.sdk.deadline)
    max_reply: int = 16 * 1024 * 1024
    #: why the device could not be reached when its host key was checked ('' when it was):
    #: the driver fails with it at once instead of waiting a second timeout
    unreachable: str = ""

    def __post_init__(self) -> None:
        register(self.password, self.enable_password)

    def __repr__(self) -> str:
        return f"Target(name={self.name!r}, host={self.host!r}, port={self.port}, username={self.username!r})"


class Driver(ABC):
    vendor: str
    #: answers of reads shared inside :meth:`shared_reads` (None outside; a class default, so a
    #: plugin's driver that does not call ``Driver.__init__`` still has it)
    _shared: dict[str, str] | None = None

    def __init__(self, target: Target) -> None:
        self.target = target
        self.name = target.name
        self._abandoned = threading.Event()
        self._abandon_reason = ""

    def __enter__(self) -> Driver:
        self.connect()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def error(self, message: object) -> DriverError:
        return DriverError(self.name, scrub(message, self.target.password, self.target.enable_password))

    @contextmanager
    def shared_reads(self) -> Iterator[None]:
        """Inside the block, a read the driver routes through :meth:`read_shared` (the running
        configuration) is sent to the device once and its answer reused: for a caller that
        changes nothing on the device between its reads (staging's load and diff, the
        verification's collection), so every getter sees one snapshot. Outside, every read is
        fresh. Nested blocks share the outer one's answers."""
        outer = self._shared
        if outer is None:
            self._shared = {}
        try:
            yield
        finally:
            if outer is None:
                self._shared = None

    def read_shared(self, key: str, read: Callable[[], str]) -> str:
        """``read()``, or its answer from earlier in the same :meth:`shared_reads` block (a
        failed read is not kept)."""
        shared = self._shared
        if shared is None:
            return read()
        if key not in shared:
            shared[key] = read()
        return shared[key]

    @classmethod
    def import_libraries(cls) -> None:
        """Import the driver's libraries now: called once in the main thread before workers start
        (concurrent first imports of different libraries in worker threads can fail)."""
        return None

    # ---- session and configuration --------------------------------------------------------------
    @abstractmethod
    def connect(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def get_config(self) -> str:
        """The running (committed) configuration as text."""

    @abstractmethod
    def load(self, config_text: str) -> None:
        """Stage a desired configuration; nothing is active yet."""

    @abstractmethod
    def diff(self) -> str:
        """What committing the staged configuration would change ('' when nothing)."""

    def preview(self, config_text: str) -> str:
        """Read-only: what loading and committing ``config_text`` would change ('' when nothing),
        computed from the running configuration without entering configuration mode, locking or
        staging anything (``diff``, ``deploy --dry-run``). Drivers of devices that can do this
        override it."""
        raise self.error("a read-only diff is not supported by this driver")

    @abstractmethod
    def commit(self, confirm_minutes: int | None = None) -> None:
        """Activate the staged configuration (Junos: commit confirmed when minutes are given)."""

    def extend_confirm(self, minutes: int) -> None:
        """Re-arm a pending commit-confirmed window: the change now reverts ``minutes`` from now
        unless confirmed, still to the configuration from before the first activation. Changes no
        configuration. Called by the deploy's keepalive from its own thread, between the caller's
        other calls on this driver (drivers whose capabilities say ``confirm_window`` make the two
        safe together); the default is for devices with nothing pending (no timer): nothing."""
        return None

    # ---- abandoning a transaction that will be rolled back --------------------------------------
    def abandon(self, reason: str = "another device failed") -> None:
        """The caller will roll this transaction back: a call of this driver blocked in a wait
        (:meth:`pause`: labels, convergence, a retry's back-off) stops waiting and fails with
        ``abandoned: <reason>``; a later :meth:`pause` or :meth:`check_abandoned` fails at once.

        Called from another thread than the one in ``commit`` (the deploy's), at any time; it
        touches neither the device nor the session. The abandoned call must leave the device in a
        state :meth:`rollback` restores (the deploy rolls back every device it committed). Drivers
        that never wait need nothing more than this default; a new transaction
        (:meth:`start_transaction`) forgets it."""
        self._abandon_reason = " ".join(str(reason).split()) or "another device failed"
        self._abandoned.set()

    def start_transaction(self) -> None:
        """A new transaction begins on this session (the deploy calls it before staging): an
        earlier :meth:`abandon` no longer applies."""
        self._abandoned.clear()
        self._abandon_reason = ""

    def check_abandoned(self) -> None:
        """Fail with ``abandoned: <reason>`` when :meth:`abandon` was called."""
        if self._abandoned.is_set():
            raise self.error(f"abandoned: {self._abandon_reason or 'another device failed'}")

    def pause(self, seconds: float) -> None:
        """Sleep ``seconds`` inside a wait, or less: fails at once (:meth:`check_abandoned`) when
        the transaction is abandoned before or during the sleep."""
        self.check_abandoned()
        if self._abandoned.wait(max(0.0, seconds)):
            self.check_abandoned()

    @abstractmethod
    def confirm(self) -> None:
        """Make the activated change permanent (Junos: confirming commit; NetIron: write memory)."""

    @abstractmethod
    def rollback(self) -> None:
        """Return the device to the configuration it had before this run."""

    def get_saved_config(self) -> str:
        """The configuration the device boots with (default: the committed one)."""
        return self.get_config()

    def restore(self, running: str, saved: str) -> None:
        """Make the device run ``running`` and boot ``saved`` again, as recorded in a transaction
        journal before a change (``interop recover``)."""
        raise self.error("restoring a recorded configuration is not supported by this driver")

    # ---- state --------------------------------------------------------------------------------------
    @abstractmethod
    def facts(self) -> Facts: ...

    @abstractmethod
    def interfaces(self) -> list[Interface]: ...

    @abstractmethod
    def ospf_neighbors(self) -> list[OspfNeighbor]: ...

    @abstractmethod
    def ldp_sessions(self) -> list[LdpSession]: ...

    @abstractmethod
    def lsps(self) -> list[Lsp]: ...

    @abstractmethod
    def pseudowires(self) -> list[Pseudowire]: ...

    @abstractmethod
    def bfd_sessions(self) -> list[BfdSession]:
        """Single-hop BFD sessions (Junos ``show bfd session``, NetIron ``show bfd neighbors``)."""

    @abstractmethod
    def ping(
        self, target: str, size: int, df: bool = True, count: int = 3, source: str | None = None,
        vrf: str | None = None,
    ) -> PingResult: ...


def driver_class(vendor: str) -> type[Driver]:
    """The vendor's driver, found through its plugin."""
    from mpls_interop.sdk.spec import get_vendor

    return get_vendor(vendor).driver_class()
