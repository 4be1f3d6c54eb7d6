"""One emulated Junos device: candidate/committed configuration, rollback history, the exclusive
lock, commit (check, log, confirmed with automatic rollback), semantic commit checks and faults.

Session-scoped methods take the NETCONF session id (``sid``); None means a local caller (tests,
the lab runtime) that bypasses lock ownership. State is guarded by a re-entrant lock so a test
thread may look at it while the server's event loop changes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import re
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.junos.errors import JunosRpcError, RpcErrorInfo, syntax_rpc_error
from mpls_interop_lab.junos.must import must_errors
from mpls_interop_lab.junos.tree import JNode, JunosSyntaxError

HISTORY_MAX = 50  # Junos keeps rollback 0..49
DEFAULT_CONFIRM_MINUTES = 10
DEFAULT_MEDIA_MTU = 1514
MAX_MEDIA_MTU = {"MX80": 9192, "MX104": 9192, "MX204": 16000, "MX480": 9192, "MX960": 9192, "VMX": 9500}
ETHERNET = re.compile(r"^(ge|xe|et|fe|mge)-\d+/\d+/\d+$|^ae\d+$")
LT = re.compile(r"^lt-(\d+)/(\d+)/(\d+)$")

OnCommit = Callable[[JunosConfig], Any]
OpHandler = Callable[[etree._Element], "etree._Element | None"]


def timestamp(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


class Faults:
    """Faults the lab runtime injects; see the attribute comments.

    ``drop_after``: cut the next configuration session after this many more RPCs (0: at the next
    RPC); clears itself once fired. ``commit_fail``: the next commit fails with an rpc-error;
    clears itself. ``down``: the device stops answering; new connections are closed at once and
    live sessions are dropped when it is set. ``stall_after``: the next session hangs after this
    many more RPCs (no reply, connection kept; new sessions are served); ``stalled`` says it fired.
    """

    def __init__(self) -> None:
        self.drop_after: int | None = None
        self.commit_fail: bool = False
        self.stall_after: int | None = None
        self.stalled = False
        self._down = False
        self._down_listeners: list[Callable[[], None]] = []

    @property
    def down(self) -> bool:
        return self._down

    @down.setter
    def down(self, value: bool) -> None:
        self._down = bool(value)
        if self._down:
            for listener in list(self._down_listeners):
                listener()

    def on_down(self, listener: Callable[[], None]) -> None:
        self._down_listeners.append(listener)

    def remove_on_down(self, listener: Callable[[], None]) -> None:
        if listener in self._down_listeners:
            self._down_listeners.remove(listener)


@dataclass
class CommitRecord:
    config: JunosConfig
    seconds: float
    user: str
    client: str
    comment: str | None = None
    confirm_minutes: int | None = None
    revision: str = ""


@dataclass
class SessionInfo:
    user: str
    started: float
    client: str = "netconf"


@dataclass
class _Pending:
    restore: JunosConfig
    deadline: float
    token: int
    cancel: Callable[[], Any] | None = field(default=None, repr=False)


def factory_text(hostname: str) -> str:
    """The factory-default configuration, as ``show configuration`` prints it."""
    return (
        "system {\n"
        f"    host-name {hostname};\n"
        "    services {\n        netconf {\n            ssh;\n        }\n    }\n"
        "}\n"
        "interfaces {\n    fxp0 {\n        unit 0 {\n            family inet {\n"
        "                dhcp;\n            }\n        }\n    }\n}\n"
    )


def _factory_config(hostname: str) -> JunosConfig:
    """:func:`factory_text` built directly (the same tree the schema gives it; see the tests),
    so a lab starts without loading the schema: it loads on the first configuration RPC."""
    def node(key: str, value: str | None = None, *kids: JNode) -> JNode:
        return JNode(key, value, {k.key: k for k in kids})

    root = node(
        "",
        None,
        node("system", None, node("host-name", hostname),
             node("services", None, node("netconf", None, node("ssh")))),
        node("interfaces", None, node("fxp0", None, node("unit 0", None,
             node("family inet", None, node("dhcp"))))),
    )
    return JunosConfig(root)


class JunosDevice:
    """The configuration side of one emulated Junos router."""

    def __init__(
        self,
        hostname: str,
        model: str = "MX80",
        version: str = "21.2R3-S4.8",
        serial: str | None = None,
        on_commit: OnCommit | None = None,
        op_handler: OpHandler | None = None,
        config: str | JunosConfig | None = None,
    ) -> None:
        self.name = hostname
        self.model = model
        #: the configuration checked last (a copy), the model then, and the errors found
        self._last_check: tuple[JNode, str, list[RpcErrorInfo]] | None = None
        self.version = version
        self.serial = serial or f"JN{zlib.crc32(hostname.encode()) & 0xFFFFFFF:07X}AFC"
        self.on_commit = on_commit
        self.op_handler = op_handler
        self.faults = Faults()
        self.confirm_seconds_per_minute: float = 60.0
        # The emulated RE "booted" shortly before the lab started (a 0 s uptime reads as unknown).
        self.boot_seconds = time.time() - 600
        self._mutex = threading.RLock()
        if config is None:
            initial = _factory_config(hostname)
        elif isinstance(config, str):
            initial = JunosConfig.parse_text(config)
        else:
            initial = config
        self._seq = itertools.count(1)
        self._history: list[CommitRecord] = [
            CommitRecord(initial, self.boot_seconds, "root", "other", None, None, self._revision())
        ]
        self._candidate = initial
        self._candidate_changed = self.boot_seconds
        self._modified_by: int | None = None
        self.lock_owner: int | None = None
        self._sessions: dict[int, SessionInfo] = {}
        self._session_ids = itertools.count(2000 + zlib.crc32(hostname.encode()) % 5000)
        self._pending: _Pending | None = None
        self._tokens = itertools.count(1)
        self._droppers: list[Callable[[], None]] = []
        self.netconf_port: int | None = None  # set by the NETCONF server once it listens

    # ---- reading --------------------------------------------------------------------------------
    @property
    def committed(self) -> JunosConfig:
        return self._history[0].config

    @property
    def candidate(self) -> JunosConfig:
        return self._candidate

    @property
    def hostname(self) -> str:
        return self.committed.root.value_of("system", "host-name") or self.name

    @property
    def history(self) -> list[CommitRecord]:
        with self._mutex:
            return list(self._history)

    @property
    def candidate_changed(self) -> float:
        return self._candidate_changed

    @property
    def confirm_pending(self) -> bool:
        return self._pending is not None

    def rollback_config(self, index: int) -> JunosConfig:
        with self._mutex:
            if not 0 <= index < len(self._history):
                raise JunosRpcError(
                    RpcErrorInfo(f"rollback {index} does not exist", bad_element=str(index))
                )
            return self._history[index].config

    # ---- sessions and the exclusive lock ------------------------------------------------------------
    def open_session(self, user: str, client: str = "netconf") -> int:
        with self._mutex:
            sid = next(self._session_ids)
            self._sessions[sid] = SessionInfo(user, time.time(), client)
            return sid

    def close_session(self, sid: int) -> None:
        """A session ended (closed or dropped): its lock goes and, with it, its uncommitted changes."""
        with self._mutex:
            self._sessions.pop(sid, None)
            if self.lock_owner == sid:
                self.lock_owner = None
                self._set_candidate(self.committed, None)

    def _locked_error(self) -> JunosRpcError:
        owner = self._sessions.get(self.lock_owner or -1)
        who = owner.user if owner else "root"
        since = timestamp(owner.started if owner else time.time())
        return JunosRpcError(
            RpcErrorInfo(
                f"configuration database locked by:\n  {who} terminal p{self.lock_owner} "
                f"(pid {self.lock_owner}) on since {since}\n      exclusive [edit]",
                tag="lock-denied",
                info={"session-id": str(self.lock_owner)},
            )
        )

    def _check_writer(self, sid: int | None) -> None:
        if self.lock_owner is not None and sid is not None and sid != self.lock_owner:
            raise self._locked_error()

    def lock(self, sid: int | None) -> None:
        with self._mutex:
            if self.lock_owner is not None and self.lock_owner != sid:
                raise self._locked_error()
            if self._candidate != self.committed and self._modified_by not in (None, sid):
                raise JunosRpcError(
                    RpcErrorInfo("configuration database modified", tag="lock-denied")
                )
            self.lock_owner = sid

    def unlock(self, sid: int | None) -> None:
        """Release the lock; Junos discards the owner's uncommitted changes."""
        with self._mutex:
            if self.lock_owner is None or (sid is not None and self.lock_owner != sid):
                raise JunosRpcError(RpcErrorInfo("configuration database not locked"))
            self.lock_owner = None
            self._set_candidate(self.committed, None)

    # ---- candidate ------------------------------------------------------------------------------------
    def _set_candidate(self, config: JunosConfig, sid: int | None) -> None:
        if config != self._candidate:
            self._candidate_changed = time.time()
        self._candidate = config
        self._modified_by = None if config == self.committed else sid

    def load(
        self,
        sid: int | None,
        content: str | etree._Element | None = None,
        fmt: str = "text",
        action: str = "merge",
        rollback: int | None = None,
    ) -> None:
        """``load-configuration``: text (curly or ``set``), XML, or a rollback into the candidate."""
        wrapper = "load-configuration-results"
        with self._mutex:
            self._check_writer(sid)
            if rollback is not None:
                try:
                    self._set_candidate(self.rollback_config(rollback), sid)
                except JunosRpcError as exc:
                    exc.wrapper = wrapper
                    raise
                return
            if action not in ("merge", "replace", "override", "update", "set"):
                raise JunosRpcError(
                    RpcErrorInfo(f"invalid value for action: {action}", bad_element=action),
                    wrapper=wrapper,
                )
            try:
                if action == "set":
                    new = self._candidate.apply_set(_as_text(content))
                else:
                    if fmt == "xml":
                        if content is None:
                            raise JunosSyntaxError("syntax error, expecting <configuration>")
                        patch = JunosConfig.from_xml(content)
                    else:
                        patch = JunosConfig.parse_text(_as_text(content))
                    if action in ("override", "update"):
                        new = patch.clean()
                    elif action == "replace":
                        new = self._candidate.replace(patch)
                    else:
                        new = self._candidate.merge(patch)
            except JunosSyntaxError as exc:
                raise syntax_rpc_error(exc, wrapper) from None
            self._set_candidate(new, sid)

    def edit(self, sid: int | None, patch: JunosConfig, replace_all: bool = False) -> None:
        """NETCONF ``<edit-config>`` into the candidate (``operation`` attributes honoured)."""
        with self._mutex:
            self._check_writer(sid)
            new = patch.clean() if replace_all else self._candidate.replace(patch)
            self._set_candidate(new, sid)

    def discard(self, sid: int | None) -> None:
        with self._mutex:
            self._check_writer(sid)
            self._set_candidate(self.committed, sid)

    # ---- commit -------------------------------------------------------------------------------------
    def _revision(self) -> str:
        return f"re0-{int(time.time())}-{next(self._seq)}"

    def check_config(self, config: JunosConfig) -> list[RpcErrorInfo]:
        """The semantic errors Junos would refuse the configuration for at commit time.

        A deployment checks one candidate up to four times (``commit check``, the confirmed
        commit, its re-arming, the confirming commit): the answer for a configuration with the
        same statements in the same order as the one checked last (kept as a copy taken at that
        check, so a change made in place is seen too), on the same model, is a copy of that
        check's answer; anything else is checked afresh."""
        last = self._last_check
        if last is not None and last[1] == self.model and last[0].same(config.root):
            return [_copy_error(e) for e in last[2]]
        running = config.effective()  # Junos checks the configuration after group inheritance
        errors = must_errors(running.root) + semantic_errors(running, self.model)
        self._last_check = (config.root.clone(), self.model, [_copy_error(e) for e in errors])
        return errors

    def commit(
        self,
        sid: int | None,
        check: bool = False,
        comment: str | None = None,
        confirmed: bool = False,
        confirm_timeout: int | None = None,
        user: str | None = None,
    ) -> str | None:
        """Commit (or ``check``) the candidate; returns the commit revision (None for a check).

        A ``confirmed`` commit rolls back by itself after ``confirm_timeout`` minutes (each
        ``confirm_seconds_per_minute`` seconds long) unless another commit confirms it.
        """
        wrapper = "commit-results"
        with self._mutex:
            self._check_writer(sid)
            if not check and self.faults.commit_fail:
                self.faults.commit_fail = False
                raise JunosRpcError(
                    RpcErrorInfo("commit failed: (statements constraint check failed)"),
                    RpcErrorInfo("configuration check-out failed"),
                    wrapper=wrapper,
                )
            errors = self.check_config(self._candidate)
            if errors:
                errors.append(RpcErrorInfo("configuration check-out failed"))
                raise JunosRpcError(*errors, wrapper=wrapper)
            if check:
                if self._pending is not None:  # Junos: `commit check` also confirms
                    self._confirm()
                return None
            restore = self._pending.restore if self._pending else self.committed
            self._confirm()
            session = self._sessions.get(sid or -1)
            record = CommitRecord(
                self._candidate,
                time.time(),
                user or (session.user if session else "root"),
                session.client if session else "other",
                comment,
                (confirm_timeout or DEFAULT_CONFIRM_MINUTES) if confirmed else None,
                self._revision(),
            )
            self._push(record)
            self._modified_by = None
            if confirmed:
                minutes = confirm_timeout or DEFAULT_CONFIRM_MINUTES
                self._arm(restore, minutes * self.confirm_seconds_per_minute)
            self._notify()
            return record.revision

    def _push(self, record: CommitRecord) -> None:
        self._history.insert(0, record)
        del self._history[HISTORY_MAX:]

    def _notify(self) -> None:
        if self.on_commit is not None:
            self.on_commit(self.committed)

    def _confirm(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending.cancel is not None:
            pending.cancel()

    def _arm(self, restore: JunosConfig, seconds: float) -> None:
        token = next(self._tokens)
        pending = _Pending(restore, time.time() + seconds, token)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            pending.cancel = loop.call_later(seconds, self._expired, token).cancel
        else:
            timer = threading.Timer(seconds, self._expired, args=(token,))
            timer.daemon = True
            timer.start()
            pending.cancel = timer.cancel
        self._pending = pending

    def _expired(self, token: int) -> None:
        with self._mutex:
            if self._pending is None or self._pending.token != token:
                return
            self.expire_confirmed_commit()

    def expire_confirmed_commit(self) -> bool:
        """Roll back an unconfirmed ``commit confirmed`` now (the timer calls this); True if one was."""
        with self._mutex:
            if self._pending is None:
                return False
            restore = self._pending.restore
            self._confirm()
            self._push(CommitRecord(restore, time.time(), "root", "other", None, None, self._revision()))
            self._candidate = restore
            self._modified_by = None
            self._candidate_changed = time.time()
            self._notify()
            return True

    # ---- faults and sessions the server holds -------------------------------------------------------
    def register_dropper(self, dropper: Callable[[], None]) -> None:
        self._droppers.append(dropper)

    def unregister_dropper(self, dropper: Callable[[], None]) -> None:
        if dropper in self._droppers:
            self._droppers.remove(dropper)

    def drop_sessions(self) -> None:
        """Cut every live NETCONF session at once (the lab's drop-session fault)."""
        for dropper in list(self._droppers):
            dropper()

    def rpc_stall(self) -> bool:
        """Count one RPC against ``faults.stall_after``; True when the session must hang now."""
        with self._mutex:
            left = self.faults.stall_after
            if left is None:
                return False
            if left <= 0:
                self.faults.stall_after = None
                self.faults.stalled = True
                return True
            self.faults.stall_after = left - 1
            return False

    def snapshot(self) -> JunosConfig:
        """The committed configuration, for the lab's ``restore-state``."""
        return self.committed

    def restore_snapshot(self, config: JunosConfig) -> None:
        """A lab operator's reset: live sessions dropped, any pending ``commit confirmed``
        cancelled, ``config`` committed as the active (and boot) configuration."""
        self.drop_sessions()
        with self._mutex:
            self._confirm()
            self.lock_owner = None
            self._push(CommitRecord(config, time.time(), "root", "other", "lab reset", None, self._revision()))
            self._candidate = config
            self._modified_by = None
            self._candidate_changed = time.time()
            self._notify()

    def rpc_fault(self) -> bool:
        """Count one RPC against ``faults.drop_after``; True when the session must be cut now."""
        with self._mutex:
            left = self.faults.drop_after
            if left is None:
                return False
            if left <= 0:
                self.faults.drop_after = None
                return True
            self.faults.drop_after = left - 1
            return False


def _as_text(content: str | etree._Element | None) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return content.text or ""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _copy_error(error: RpcErrorInfo) -> RpcErrorInfo:
    return dataclasses.replace(error, info=dict(error.info))


def semantic_errors(config: JunosConfig, model: str = "MX80") -> list[RpcErrorInfo]:
    """Commit-time checks Junos makes that matter to this lab (``config`` without inactive parts)."""
    root = config.root
    errors: list[RpcErrorInfo] = []
    max_media = MAX_MEDIA_MTU.get(model.upper(), 9192)
    interfaces = root.get("interfaces")
    chassis = root.get("chassis")
    for name, ifd in interfaces.items() if interfaces else []:
        if " " in name:
            continue
        if ETHERNET.match(name):
            stacked = ifd.has("stacked-vlan-tagging")
            tagged = stacked or ifd.has("vlan-tagging") or ifd.has("flexible-vlan-tagging")
            tag_bytes = 8 if stacked else 4 if tagged else 0
            media = _int(ifd.value_of("mtu"))
            if ifd.value_of("mtu") is not None and media is None:
                errors.append(RpcErrorInfo(
                    f"invalid numeric value: {ifd.value_of('mtu')}",
                    path=f"[edit interfaces {name}]", bad_element="mtu",
                ))
                continue
            if media is not None and media > max_media:
                errors.append(RpcErrorInfo(
                    f"mtu {media} exceeds the maximum {max_media} supported by {name} on {model}",
                    path=f"[edit interfaces {name}]", bad_element="mtu",
                ))
            phys = media if media is not None else DEFAULT_MEDIA_MTU + tag_bytes
            limit = phys - 14 - tag_bytes
            for ukey, unit in ifd.items("unit "):
                uname = ukey.split(" ", 1)[1]
                for fam in ("inet", "inet6", "mpls", "iso"):
                    raw = unit.value_of(f"family {fam}", "mtu")
                    fmtu = _int(raw)
                    if raw is not None and (fmtu is None or fmtu > limit):
                        errors.append(RpcErrorInfo(
                            f"family {fam} mtu {raw} exceeds the maximum {limit} allowed on "
                            f"{name}.{uname} (media mtu {phys}"
                            + (f", {tag_bytes}-byte VLAN tagging" if tagged else "") + ")",
                            path=f"[edit interfaces {name} unit {uname} family {fam}]",
                            bad_element="mtu",
                        ))
                vid = unit.value_of("vlan-id")
                if vid not in (None, "none") and not (vid.isdigit() and int(vid) <= 4094):
                    # a string in the YANG; the interface daemon checks the 802.1Q range
                    errors.append(RpcErrorInfo(
                        f"vlan-id {vid} is not within range (0..4094)",
                        path=f"[edit interfaces {name} unit {uname}]", bad_element="vlan-id",
                    ))
                if unit.value_of("vlan-id") not in (None, "none") and not tagged:
                    errors.append(RpcErrorInfo(
                        f"VLAN-ID can only be specified on tagged ethernet interfaces ({name}.{uname})",
                        path=f"[edit interfaces {name} unit {uname}]", bad_element="vlan-id",
                    ))
        lt = LT.match(name)
        if lt:
            fpc, pic = lt.group(1), lt.group(2)
            tunnel = chassis is not None and chassis.has(f"fpc {fpc}", f"pic {pic}", "tunnel-services")
            if not tunnel:
                errors.append(RpcErrorInfo(
                    f"{name}: tunnel services are not configured on fpc {fpc} pic {pic} "
                    f"(chassis fpc {fpc} pic {pic} tunnel-services)",
                    path="[edit interfaces]", bad_element=name,
                ))
    l2circuit = root.get("protocols", "l2circuit")
    for nkey, neighbor in l2circuit.items("neighbor ") if l2circuit else []:
        for ikey, _ in neighbor.items("interface "):
            ifl = ikey.split(" ", 1)[1]
            ifd, _, unit = ifl.partition(".")
            if not root.has("interfaces", ifd, f"unit {unit or '0'}"):
                errors.append(RpcErrorInfo(
                    f"l2circuit {nkey} interface {ifl}: interface not configured",
                    path=f"[edit protocols l2circuit {nkey}]", bad_element=ikey,
                ))
    instances = root.get("routing-instances")
    for iname, inst in instances.items() if instances else []:
        if inst.value_of("instance-type") != "vpls":
            continue
        vpls = inst.get("protocols", "vpls")
        if vpls is None or not (vpls.has("vpls-id") or vpls.items("site ")):
            errors.append(RpcErrorInfo(
                f"routing-instance {iname}: vpls-id must be configured for an LDP-signalled VPLS",
                path=f"[edit routing-instances {iname} protocols vpls]", bad_element="vpls-id",
            ))
    return errors
