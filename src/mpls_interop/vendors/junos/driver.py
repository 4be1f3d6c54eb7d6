"""Junos driver: junos-eznc (PyEZ) over NETCONF.

Exclusive lock for the whole change, ``load replace`` of the rendered text (its ``replace:``
tags say which hierarchies the intent owns), ``show | compare`` diff, ``commit confirmed`` with
a timeout, a plain commit to confirm, and rollback to the configuration saved at the start of
the run (loaded with ``override`` and committed) on any failure.
"""

from __future__ import annotations

import contextlib
import math
import threading
import weakref
from typing import Any

import ncclient.transport.parser as nc_parser
import ncclient.transport.session as nc_session
from lxml import etree

from mpls_interop.sdk import hostkeys, sshmac
from mpls_interop.sdk.connerrors import (
    ConnectError,
    classify,
    connect_with_retries,
    open_socket,
    quiet_when_idle,
)
from mpls_interop.sdk.deadline import Watch
from mpls_interop.sdk.driver import Driver, DriverError, Target
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
from mpls_interop.vendors.junos import compare, ncframe, ncreply, ownership, parsers

#: ncclient polls its send queue every TICK seconds (0.1 by default): ~100 ms per RPC (DESIGN §6).
#: The toolkit writes requests at once instead (``ncsend``), so its sessions need no faster polling
#: (a small TICK made every open session's thread spin: a core busy at a few hundred sessions)
#: and its session thread waits on the socket, so TICK only bounds how often an idle one wakes
FAST_TICK = 1.0
STOCK_TICK = 0.1
COMMENT = "mpls-interop"

#: the watch of each open connection, by the socket's local address (ncclient reads in its own
#: thread, on a duplicate of the socket the driver opened)
_WATCHES: weakref.WeakValueDictionary[Any, Watch] = weakref.WeakValueDictionary()
_CAP_LOCK = threading.Lock()


def _count_replies() -> None:
    """Make ncclient's reader count every byte against its connection's watch (reply size cap):
    ncclient buffers a message until its delimiter arrives, with no limit of its own."""
    from ncclient.transport.ssh import SSHSession

    with _CAP_LOCK:
        if getattr(SSHSession._transport_read, "_interop_counted", False):
            return
        original = SSHSession._transport_read

        def counted(self: Any) -> bytes:
            data = original(self)
            watch = getattr(self, "_interop_watch", None)
            if watch is None:
                with contextlib.suppress(Exception):
                    watch = _WATCHES.get(self._transport.sock.getsockname())
                    self._interop_watch = watch
            if watch is not None and data:
                watch.count(len(data))  # past the cap: raises here, ncclient fails the waiting RPC
            return data

        counted._interop_counted = True  # type: ignore[attr-defined]
        SSHSession._transport_read = counted


def fast_ncclient(tick: float = FAST_TICK) -> None:
    nc_session.TICK = tick
    nc_parser.TICK = tick


def _message(exc: Exception) -> str:
    """One clear line out of PyEZ/ncclient exceptions."""
    rsp = getattr(exc, "rsp", None)
    errs = getattr(exc, "errs", None)
    if errs:
        msgs = [e.get("message") or "" for e in errs if isinstance(e, dict)]
        bad = [e.get("bad_element") for e in errs if isinstance(e, dict) and e.get("bad_element")]
        text = "; ".join(m.strip() for m in msgs if m)
        if bad:
            text += f" (statement: {bad[0]})"
        if text:
            return text
    if rsp is not None and isinstance(rsp, etree._Element):
        msg = rsp.findtext(".//{*}error-message") or rsp.findtext(".//error-message")
        if msg:
            return msg.strip()
    return f"{type(exc).__name__}: {exc}".strip()


def _device_class() -> Any:
    from jnpr.junos import Device

    class SocketDevice(Device):
        """PyEZ ``Device`` on a socket the driver opened (so a deadline can cut it). PyEZ ignores
        the ssh_config for a class *named* ``Device`` given a ``sock_fd``; the host key check of
        the pinned known_hosts needs it."""

    return SocketDevice


def _unknown_host(exc: BaseException) -> bool:
    """ncclient refused the host key (PyEZ wraps its SSHUnknownHostError)."""
    from ncclient.transport.errors import SSHUnknownHostError

    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, SSHUnknownHostError) or "Unknown host key" in str(e):
            return True
        e = e.__cause__ or e.__context__
    return False


class JunosDriver(Driver):
    vendor = "junos"

    def __init__(self, target: Target, tick: float | None = FAST_TICK) -> None:
        """``tick=None``: ncclient as shipped (requests wait for its session thread's poll)."""
        super().__init__(target)
        self.tick = tick
        self.dev: Any = None
        self.cu: Any = None
        self._locked = False
        self._before: str | None = None
        self._committed = False
        #: objects the toolkit owns besides those the loaded config declares (earlier deploys):
        #: the ones the config no longer has are deleted; nothing else ever is
        self.owned: set[str] = set()
        self.watch = Watch(self.name, target.timeout, target.max_reply)
        self._sock: Any = None
        #: one RPC at a time on the session: the deploy's keepalive re-arms the commit-confirmed
        #: window from its own thread while the verification reads through this driver
        self._serial = threading.RLock()

    @classmethod
    def import_libraries(cls) -> None:
        import jnpr.junos  # noqa: F401
        import jnpr.junos.utils.config  # noqa: F401
        import ncclient.transport.errors  # noqa: F401

        sshmac.use_c_compare()
        sshmac.use_c_hmac()

    # ---- session ---------------------------------------------------------------------------------
    def connect(self) -> None:
        t = self.target
        if t.unreachable:
            raise ConnectError(self.name, "unreachable", t.unreachable)
        connect_with_retries(self._connect_once, t.connect_attempts, t.timeout)

    def _connect_once(self) -> None:
        from pathlib import Path

        from jnpr.junos.utils.config import Config

        _count_replies()
        ncreply.install()  # the same reply trees as ncclient's stylesheet, without compiling it per reply
        ncframe.install()  # the same NETCONF 1.1 messages, without decoding the buffer at every chunk
        # TICK is a process-wide ncclient setting: always set it, so tick=None really means stock
        fast_ncclient(self.tick if self.tick is not None else STOCK_TICK)
        t = self.target
        with self.watch.step("connect"):
            # the host key first (key exchange only, no credentials), then ncclient's own strict
            # check of the session that authenticates, against the same known_hosts file
            hostkeys.verify(t.host_keys, self.name, t.host, t.port, t.timeout)
            self._sock = open_socket(self.name, t.host, t.port, t.timeout)
            self.watch.bind(self._sock)
            _WATCHES[self._sock.getsockname()] = self.watch
            with hostkeys.pinned(t.host_keys, t.host, t.port) as known_hosts:
                ssh_config = known_hosts.with_name("ssh_config")
                ssh_config.write_text(hostkeys.ncclient_ssh_config(known_hosts, Path("~/.ssh/config").expanduser()))
                try:
                    self.dev = _device_class()(
                        host=t.host, port=t.port, user=t.username, passwd=t.password, gather_facts=False,
                        timeout=math.ceil(t.timeout), conn_open_timeout=math.ceil(t.timeout), normalize=False,
                        attempts=1, hostkey_verify=True, ssh_config=str(ssh_config), sock_fd=self._sock.fileno(),
                    )
                    self.dev.open()
                except Exception as exc:  # ConnectError family
                    self.dev = None
                    self._drop_socket()
                    if isinstance(exc, DriverError):
                        raise
                    if _unknown_host(exc):
                        raise hostkeys.HostKeyError(
                            self.name, f"host key of {hostkeys.host_entry(t.host, t.port)} changed during the "
                            "connection or is not in the known_hosts file; refusing to authenticate",
                        ) from None
                    raise classify(self.name, exc, t.host, t.port, t.timeout) from None
        if self.tick is not None:
            # requests go out at once from this thread: no polling needed (see ncsend)
            from mpls_interop.vendors.junos.ncsend import send_at_once

            send_at_once(self.dev._conn._session)
            quiet_when_idle(getattr(self.dev._conn._session, "_transport", None))
        self.cu = Config(self.dev)

    def _drop_socket(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                _WATCHES.pop(self._sock.getsockname(), None)
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None

    def close(self) -> None:
        if self.dev is None:
            return
        with contextlib.suppress(Exception), self.watch.step("unlock"):
            if self._locked:
                self.cu.unlock()
        with contextlib.suppress(Exception), self.watch.step("close"):
            self.dev.close()
        self._locked = False
        self.dev = None
        self._drop_socket()

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if self.dev is None:
            raise self.error(f"{what}: not connected")
        try:
            with self._serial, self.watch.step(what):
                return fn(*args, **kwargs)
        except DriverError:
            raise
        except Exception as exc:
            raise self.error(f"{what} failed: {_message(exc)}") from None

    # ---- configuration ------------------------------------------------------------------------------
    def get_config(self) -> str:
        reply = self._call("get-configuration", self.dev.rpc.get_config, options={"format": "text"})
        text = reply.findtext(".//configuration-text") if reply is not None else None
        if text is None and reply is not None and reply.tag == "configuration-text":
            text = reply.text
        # the "## Last changed: <time>" header is commit metadata, not configuration
        lines = [ln for ln in (text or "").strip().splitlines() if not ln.startswith("## Last changed")]
        return "\n".join(lines).strip() + "\n"

    def _lock(self) -> None:
        if not self._locked:
            self._call("lock", self.cu.lock)
            self._locked = True

    def load(self, config_text: str) -> None:
        self._lock()
        if self._before is None:
            self._before = self.get_config()
        # replace: objects tagged `replace:` are swapped whole, `delete:` removes owned objects
        # the intent no longer has, everything else is merged
        gone = ownership.deletions(ownership.objects(self._before), ownership.objects(config_text),
                                   self.owned)
        text = config_text + ownership.delete_text(gone)
        self._call("load", self.cu.load, text, format="text", merge=False, ignore_warning=True)

    def diff(self) -> str:
        return (self._call("diff", self.cu.diff) or "").strip()

    def preview(self, config_text: str) -> str:
        """``show | compare`` of the load computed locally over the committed configuration
        (``get-configuration`` only: no lock, no candidate, no configuration mode)."""
        running = self.get_config()
        gone = ownership.deletions(ownership.objects(running), ownership.objects(config_text), self.owned)
        try:
            return compare.compare(running, config_text + ownership.delete_text(gone))
        except ValueError as exc:
            raise self.error(f"cannot compare the configuration: {exc}") from None

    def commit(self, confirm_minutes: int | None = None) -> None:
        self._lock()
        self._call("commit check", self.cu.commit_check)
        kwargs: dict[str, Any] = {"comment": COMMENT, "ignore_warning": True}
        if confirm_minutes:
            kwargs["confirm"] = int(confirm_minutes)
        # from here on the device may have committed (a reply lost with the session): a rollback
        # restores the configuration from before the run either way
        self._committed = True
        self._call("commit", self.cu.commit, **kwargs)

    def extend_confirm(self, minutes: int) -> None:
        """``commit confirmed`` again, the candidate unchanged, on the session that holds the
        lock: Junos moves the rollback deadline to ``minutes`` from now and still rolls back to
        the configuration from before the first confirmed commit (Juniper, NETCONF ``<commit>``:
        "The rollback can be delayed repeatedly in this way")."""
        if not self._committed:
            raise self.error("extend commit confirmed: nothing committed by this session")
        self._call("commit confirmed (extend)", self.cu.commit, comment=f"{COMMENT} extend",
                   confirm=int(minutes), ignore_warning=True)

    def confirm(self) -> None:
        # a plain commit confirms a pending commit confirmed
        self._call("confirm", self.cu.commit, comment=f"{COMMENT} confirm", ignore_warning=True)

    def rollback(self) -> None:
        if not self._committed or self._before is None:
            # only staged: the candidate goes with the lock, and a lost session (or a lock never
            # obtained) leaves nothing to discard
            if self._locked and self.dev is not None and self.dev.connected:
                self._call("discard", self.cu.rollback, 0)
            return
        if self.dev is None or not self.dev.connected:
            self.close()
            self.connect()
        self._lock()
        self._call("restore", self.cu.load, self._before, format="text", overwrite=True, ignore_warning=True)
        self._call("commit", self.cu.commit, comment=f"{COMMENT} rollback", ignore_warning=True)
        self._committed = False

    def restore(self, running: str, saved: str) -> None:
        """Load the recorded configuration whole (override) and commit it; the commit also
        confirms any pending commit confirmed. Junos boots the committed configuration."""
        self._lock()
        self._call("restore", self.cu.load, running, format="text", overwrite=True, ignore_warning=True)
        if self.diff() or self.get_config() != running:
            self._call("commit", self.cu.commit, comment=f"{COMMENT} recover", ignore_warning=True)
        else:
            self._call("discard", self.cu.rollback, 0)

    # ---- state ----------------------------------------------------------------------------------------
    def _rpc(self, name: str, **kwargs: Any) -> etree._Element:
        fn = getattr(self.dev.rpc, name)
        return self._call(name.replace("_", "-"), fn, **kwargs)

    def facts(self) -> Facts:
        return parsers.parse_facts(self._rpc("get_software_information"))

    def interfaces(self) -> list[Interface]:
        return parsers.parse_interfaces(self._rpc("get_interface_information"))

    def ospf_neighbors(self) -> list[OspfNeighbor]:
        return parsers.parse_ospf_neighbors(self._rpc("get_ospf_neighbor_information"))

    def ldp_sessions(self) -> list[LdpSession]:
        return parsers.parse_ldp_sessions(self._rpc("get_ldp_session_information"))

    def lsps(self) -> list[Lsp]:
        """RSVP LSPs (``show mpls lsp``), then LDP LSPs (``show ldp route``) to addresses no RSVP
        LSP goes to (a FEC learnt over targeted LDP beside RSVP transport is no LSP of its own)."""
        # ``show mpls lsp ingress detail``: the transit and egress sessions (most of the reply on
        # a core router of a large network) are not read
        rsvp = parsers.parse_lsps(self._rpc("get_mpls_lsp_information", detail=True, ingress=True))
        covered = {lsp.name for lsp in rsvp} | {lsp.destination for lsp in rsvp}
        ldp = parsers.parse_ldp_lsps(self._rpc("get_ldp_route_information"))
        return rsvp + [lsp for lsp in ldp if lsp.name not in covered and lsp.destination not in covered]

    def pseudowires(self) -> list[Pseudowire]:
        return parsers.parse_l2circuits(self._rpc("get_l2ckt_connection_information")) + parsers.parse_vpls(
            self._rpc("get_vpls_connection_information")
        )

    def bfd_sessions(self) -> list[BfdSession]:
        return parsers.parse_bfd_sessions(self._rpc("get_bfd_session_information"))

    def ping(
        self, target: str, size: int, df: bool = True, count: int = 3, source: str | None = None,
        vrf: str | None = None,
    ) -> PingResult:
        kwargs: dict[str, Any] = {"host": target, "size": str(size), "count": str(count), "rapid": True}
        if df:
            kwargs["do_not_fragment"] = True
        if source:
            kwargs["source"] = source
        if vrf:
            kwargs["routing_instance"] = vrf
        reply = self._rpc("ping", **kwargs)
        return parsers.parse_ping(reply, target, size, df)


DRIVER = JunosDriver
