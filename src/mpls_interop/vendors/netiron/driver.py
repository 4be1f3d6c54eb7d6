"""NetIron driver: netmiko ``extreme_netiron`` over an SSH CLI session.

NetIron has no candidate configuration and no rollback, so the driver does both itself with the
change engine (``confdiff``): it keeps the running config from before the change, pushes only the
operations that turn it into the desired config (inside the objects the toolkit owns), and rolls
back with the same engine from the changed config to the saved one. ``write memory`` happens only
on confirm (and again after a rollback that follows it).
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import select
import time
from functools import lru_cache
from typing import Any

from netmiko.exceptions import ReadTimeout
from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop.sdk import hostkeys, sshmac
from mpls_interop.sdk.connerrors import (
    ConnectError,
    classify,
    connect_with_retries,
    open_socket,
    quiet_when_idle,
)
from mpls_interop.sdk.deadline import SessionClosed, Watch
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
from mpls_interop.vendors.netiron import batch, confdiff, ownership, parsers

ERROR_RE = re.compile(r"^(Invalid input.*|Error.*|Incomplete command.*)$", re.M)


@lru_cache(maxsize=4096)
def _pattern(pattern: str, flags: int) -> re.Pattern[str]:
    """netmiko's read patterns compiled once each: they include every device's prompt and every
    command's echo, more than the 512 patterns ``re`` keeps, so a fleet of a few hundred devices
    made ``re`` compile the same patterns again and again."""
    return re.compile(pattern, flags)


_ESCAPED = re.compile(r"\\(.)", re.S)


@lru_cache(maxsize=4096)
def _literal(pattern: str) -> str | None:
    """The text ``pattern`` stands for when it is ``re.escape`` of a text (netmiko's command
    echoes: one new pattern per distinct command, each ping's among them), else None: such a
    pattern matches exactly that text, found with ``str.find`` without compiling a regex."""
    text = _ESCAPED.sub(r"\1", pattern)
    return text if re.escape(text) == pattern else None


class BoundedNetironSSH(ExtremeNetironSSH):
    """netmiko's NetIron session whose reads count against the driver's reply cap and notice at
    once when the device closed the session (stock netmiko polls a dead channel until its read
    timeout), with patterns compiled once and reads that wake when output arrives."""

    def __init__(self, *args: Any, watch: Watch | None = None, echo_timeout: float = 10.0, **kwargs: Any) -> None:
        self.watch = watch
        #: how long the echo of a command may take: netmiko's ``send_command`` allows a fixed
        #: 10 s whatever its read timeout (a busy device, e.g. a large lab recomputing its
        #: network, echoes later); the driver passes its backstop, the watch still bounds the step
        self.echo_timeout = echo_timeout
        super().__init__(*args, **kwargs)

    def command_echo_read(self, cmd: str, read_timeout: float) -> str:
        return super().command_echo_read(cmd, max(read_timeout, self.echo_timeout))

    def read_until_pattern(self, pattern: str = "", read_timeout: float = 10.0, re_flags: int = 0,
                           max_loops: int | None = None) -> str:
        """netmiko's ``read_until_pattern``: the output up to and including the first match of
        ``pattern``, the rest kept in the read buffer for the next read; ``ReadTimeout`` after
        ``read_timeout`` s (0: no limit). Differences: the compiled pattern is kept
        (:func:`_pattern`; an escaped text is searched as text, :func:`_literal`), and between reads it waits on the channel's descriptor for at most
        the same 10 ms instead of sleeping them."""
        if max_loops is not None:  # netmiko's deprecated form: its own code
            return super().read_until_pattern(pattern, read_timeout, re_flags, max_loops)
        if self.read_timeout_override:
            read_timeout = self.read_timeout_override
        literal = None if re_flags else _literal(pattern)
        regex = _pattern(pattern, re_flags) if literal is None else None
        output = ""
        start = time.time()
        while (time.time() - start < read_timeout) or not read_timeout:
            output += self.read_channel()
            if regex is None:
                at = output.find(literal)  # type: ignore[arg-type]  # set when there is no regex
                end = at + len(literal) if at >= 0 else -1  # type: ignore[arg-type]
            else:
                m = regex.search(output)
                end = m.end() if m is not None else -1
            if end >= 0:
                output, rest = output[:end], output[end:]
                if rest:
                    self._read_buffer += rest
                return output
            self._wait_output(0.01)
        raise ReadTimeout(f"Pattern not detected: {pattern!r} in output within {read_timeout} s.")

    def _wait_output(self, seconds: float) -> None:
        """Until the channel has output (paramiko's channel has a pollable descriptor) or
        ``seconds`` passed."""
        chan = getattr(self, "remote_conn", None)
        if self._read_buffer:
            return
        try:
            select.select([chan], [], [], seconds)
        except (OSError, ValueError, TypeError):
            time.sleep(seconds)

    def write_channel(self, out_data: str) -> None:
        if self.watch is not None:
            self.watch.progress()  # in a batch (a configuration push) each command gets the timeout
        super().write_channel(out_data)

    def read_channel(self) -> str:
        data = super().read_channel()
        if self.watch is None:
            return data
        if data:
            self.watch.count(len(data))
            return data
        chan = getattr(self, "remote_conn", None)
        if chan is not None and (chan.closed or chan.eof_received) and not chan.recv_ready():
            raise SessionClosed(self.watch.device, "the device closed the session")
        return data


class FastNetironSSH(BoundedNetironSSH):
    """Stock netmiko waits ~2 s for the prompt on every config-mode check (DESIGN §6): read up
    to the prompt instead."""

    def check_config_mode(self, check_string: str = ")#", pattern: str = r"[>#]", force_regex: bool = False) -> bool:
        return super().check_config_mode(check_string=check_string, pattern=pattern, force_regex=force_regex)


def _host_key_refused(exc: BaseException) -> bool:
    """paramiko refused the host key (netmiko may wrap BadHostKeyException or the policy's error)."""
    import paramiko

    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        text = str(e)
        if isinstance(e, paramiko.BadHostKeyException) or "not found in known_hosts" in text \
                or "does not match" in text and "Host key" in text:
            return True
        e = e.__cause__ or e.__context__
    return False


class NetIronDriver(Driver):
    vendor = "netiron"

    def __init__(self, target: Target, fast: bool = True) -> None:
        super().__init__(target)
        self.fast = fast
        #: configuration in batches of whole blocks (``batch``); False: netmiko's line-by-line push
        self.batched = fast
        self.conn: Any = None
        self._before: str | None = None
        self._desired: str | None = None
        #: the lines the device accepted in the last push (read back from its echo)
        self._applied: list[str] = []
        #: ``write memory`` ran in this session: a rollback must save the restored config too
        self._saved = False
        #: ``commit`` started pushing in this session: only then does a rollback push anything
        self._committed = False
        #: objects the toolkit owns besides those the loaded config declares (earlier deploys);
        #: nothing else on the device is ever removed
        self.owned: set[str] = set()
        self.watch = Watch(self.name, target.timeout, target.max_reply)
        self._sock: Any = None
        #: (running, desired, owned) → operations of the last ``_pending``
        self._last_pending: tuple[tuple[str, str, frozenset[str]], list[confdiff.Op]] | None = None

    @classmethod
    def import_libraries(cls) -> None:
        import netmiko  # noqa: F401
        import netmiko.exceptions  # noqa: F401
        import paramiko  # noqa: F401

        sshmac.use_c_compare()
        sshmac.use_c_hmac()
        confdiff.rules()  # compiled once here, not by each worker that needs them first
        parsers.warm()

    # ---- session ----------------------------------------------------------------------------------
    def connect(self) -> None:
        t = self.target
        if t.unreachable:
            raise ConnectError(self.name, "unreachable", t.unreachable)
        connect_with_retries(self._connect_once, t.connect_attempts, t.timeout)

    def _connect_once(self) -> None:
        from netmiko.exceptions import NetmikoAuthenticationException

        t = self.target
        params: dict[str, Any] = {
            "host": t.host, "port": t.port, "username": t.username,
            "password": t.password, "secret": t.enable_password or t.password, "timeout": t.timeout,
            "conn_timeout": t.timeout, "auth_timeout": t.timeout, "banner_timeout": t.timeout,
            "fast_cli": True, "watch": self.watch, "echo_timeout": self._backstop,
        }
        with self.watch.step("connect"):
            # the host key first (key exchange only, no credentials)
            hostkeys.verify(t.host_keys, self.name, t.host, t.port, t.timeout)
            self._sock = open_socket(self.name, t.host, t.port, t.timeout)
            self.watch.bind(self._sock)
            try:
                # paramiko checks the session's key against the verified one before authenticating
                with hostkeys.pinned(t.host_keys, t.host, t.port) as known_hosts:
                    params.update(hostkeys.netmiko_options(known_hosts))
                    cls = FastNetironSSH if self.fast else BoundedNetironSSH
                    self.conn = cls(sock=self._sock, **params)
                if not self.conn.check_enable_mode():
                    self.conn.enable()
                # netmiko's session preparation sends skip-page-display before `enable`, where NetIron
                # refuses it: turn paging off now that the session is privileged
                self.conn.disable_paging(command="skip-page-display")
                if self.fast:
                    quiet_when_idle(self.conn.remote_conn.get_transport())
            except NetmikoAuthenticationException:
                self._drop_socket()
                raise ConnectError(self.name, "auth", f"authentication failed for {t.username}@{t.host}:{t.port}") \
                    from None
            except DriverError:
                self._drop_socket()
                raise
            except Exception as exc:
                self._drop_socket()
                if _host_key_refused(exc):
                    raise hostkeys.HostKeyError(
                        self.name, f"host key of {hostkeys.host_entry(t.host, t.port)} changed during the "
                        "connection or is not in the known_hosts file; refusing to authenticate",
                    ) from None
                raise classify(self.name, exc, t.host, t.port, t.timeout) from None

    def _drop_socket(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self._sock = None

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception), self.watch.step("disconnect"):
                self.conn.disconnect()
        self.conn = None
        self._drop_socket()

    @property
    def _backstop(self) -> float:
        """The libraries' own read limit: later than the watch's (``--timeout``), which cuts the
        session and reports the step in one line; this only bounds a wait the watch missed."""
        return self.target.timeout * 2 + 2

    def _alive(self) -> bool:
        try:
            return self.conn is not None and self.conn.is_alive()
        except Exception:
            return False

    def _open(self) -> bool:
        """The session is still open, judged from what paramiko knows (closed channel, end of
        file, transport down) without writing anything: the batch reader asks this between
        reads (netmiko's ``is_alive`` sends a NUL byte to the device's CLI each time)."""
        chan = getattr(self.conn, "remote_conn", None)
        transport = getattr(chan, "transport", None)
        if chan is None or transport is None:
            return False
        return not (chan.closed or chan.eof_received) and transport.is_active()

    def _send(self, command: str) -> str:
        if self.conn is None:
            raise self.error(f"'{command}': not connected")
        try:
            with self.watch.step(f"'{command}'"):
                # reading up to the known prompt saves netmiko's own prompt search on every command
                prompt = re.escape(self.conn.base_prompt) + r"[>#]"
                out = self.conn.send_command(command, read_timeout=self._backstop, expect_string=prompt)
        except DriverError:
            raise
        except Exception as exc:
            raise self.error(f"'{command}' failed: {_why(exc)}") from None
        m = ERROR_RE.search(out)
        if m and not command.startswith("ping"):
            raise self.error(f"'{command}': {m.group(1).strip()}")
        return out

    @property
    def applied(self) -> list[str]:
        """Lines the device accepted in the last push or rollback, from its echo and replies."""
        return list(self._applied)

    # ---- configuration --------------------------------------------------------------------------------
    def get_config(self) -> str:
        # one read per shared block (the collection's interfaces and config reader, staging's
        # load and diff): NetIron has no other way to show an interface's IP MTU
        return self.read_shared("running-config", lambda: self._send("show running-config"))

    def load(self, config_text: str) -> None:
        if self._before is None:
            self._before = self.get_config()
        self._desired = config_text

    def _pending(self) -> list[confdiff.Op]:
        """The change engine's operations from the running config (read now) to the desired one;
        the last answer is reused while running, desired and owned objects are the same (the
        diff and the commit of one deployment ask twice)."""
        if self._desired is None:
            return []
        running = self.get_config()
        key = (running, self._desired, frozenset(self.owned))
        if self._last_pending is not None and self._last_pending[0] == key:
            return list(self._last_pending[1])
        owned = set(ownership.objects(self._desired)) | self.owned
        ops = confdiff.changes(confdiff.parse(running), confdiff.parse(self._desired),
                               scope=ownership.scope(owned))
        self._last_pending = (key, list(ops))
        return ops

    def diff(self) -> str:
        return confdiff.diff_text(self._pending())

    def preview(self, config_text: str) -> str:
        """The change engine's diff of the running config against ``config_text``: a local
        comparison (``show running-config`` only, never configuration mode)."""
        before, desired = self._before, self._desired
        self._desired = config_text
        try:
            return self.diff()
        finally:
            self._before, self._desired = before, desired

    def _push(self, lines: list[str], starts: set[int] | None = None) -> str:
        if not lines:
            return ""
        if self.conn is None:
            raise self.error("configuration: not connected")
        if self.batched:
            return self._push_batched(lines, starts)
        try:
            with self.watch.step(f"configuration ({len(lines)} lines)", per_command=True):
                # cmd_verify reads each echo back: no fixed 2 s wait for silence at the end
                out = self.conn.send_config_set(lines, cmd_verify=True, read_timeout=self._backstop,
                                                exit_config_mode=True)
        except DriverError:
            raise
        except Exception as exc:
            raise self.error(f"configuration session failed: {_why(exc)}") from None
        finally:
            if any(line.startswith("hostname ") for line in lines):
                self._relearn_prompt()
        m = ERROR_RE.search(out)
        if m:
            raise self.error(f"device rejected the configuration: {m.group(1).strip()}")
        return out

    def _read_answers(self) -> str:
        """The channel's output; each prompt in it (a line answered) restarts the watch's clock,
        so a batch is bounded per line, as a line-by-line push is."""
        data = self.conn.read_channel()
        if data and self.conn.base_prompt in data:
            self.watch.progress()
        return data

    def _wait(self, seconds: float) -> None:
        """Until the channel has output (paramiko's channel has a pollable descriptor) or
        ``seconds`` passed: no polling loop while the device works on a batch."""
        chan = getattr(self.conn, "remote_conn", None)
        try:
            select.select([chan], [], [], seconds)
        except (OSError, ValueError, TypeError):
            time.sleep(seconds)

    def _push_batched(self, lines: list[str], starts: set[int] | None) -> str:
        """Lines in round trips of whole sub-mode blocks (``batch``); every reply read back to its
        line. A rejected line stops the push after its batch; ``applied`` says what the device
        took (including lines after the rejected one in the same batch)."""
        size = self.target.batch_lines or batch.DEFAULT_LINES
        chunks = batch.batches(lines, starts, max_lines=size)
        try:
            with self.watch.step(f"configuration ({len(lines)} lines)", per_command=True):
                self.conn.read_channel()  # nothing stale before the first echo
                # entering and leaving config mode ride along with the first and last batch
                result, prompt = batch.send(self.conn.write_channel, self._read_answers, chunks,
                                            self.conn.base_prompt, self._backstop, self._open, wait=self._wait,
                                            enter="configure terminal", leave="end")
            self.conn.base_prompt = prompt
        except DriverError:
            self._relearn_prompt()
            raise
        except Exception as exc:
            self._relearn_prompt()
            raise self.error(f"configuration session failed: {exc}") from None
        self._applied.extend(result.applied)
        self._back_to_exec(result.last_prompt)
        refused = next((r for r in result.control if r.error), None)
        if refused is not None:
            raise self.error(f"'{refused.line}' refused: {refused.error}")
        first = result.first_error
        if first is not None:
            i, reply = first
            after = result.replies[i + 1:]
            raise self.error(
                f"device rejected line {i + 1} of {len(lines)} {reply.line.strip()!r}: {reply.error}; "
                f"{len(result.applied)} line(s) applied ({sum(r.error is None for r in after)} of them "
                f"after the rejected one, in the same batch), {len(result.unsent)} not sent")
        if result.discarded:
            raise self.error(
                f"the device closed the session during the push after {len(result.replies)} of "
                f"{len(lines)} lines ({len(result.applied)} applied; {result.discarded[0].strip()!r} "
                "and what follows it may or may not have run)")
        return "\n".join(f"{r.line}\n{r.reply}" if r.reply else r.line for r in result.replies)

    def _back_to_exec(self, last_prompt: str) -> None:
        """Privileged exec again after a push, whatever level its lines left the session at
        (lines after a rejected sub-mode line can walk it out of config mode); a new session
        when the device closed this one."""
        try:
            if not last_prompt or not self._alive():
                self.close()
                self.connect()
            elif last_prompt.endswith(">"):
                self.conn.enable()
            elif "(config" in last_prompt:
                self.conn.exit_config_mode()
        except DriverError:
            raise
        except Exception as exc:
            raise self.error(f"cannot return to privileged mode after the push: {exc}") from None

    def _relearn_prompt(self) -> None:
        """A pushed ``hostname`` changes the prompt: learn it again (on push and on rollback)."""
        with contextlib.suppress(Exception), self.watch.step("learn the new prompt"):
            if self.conn.check_config_mode():
                self.conn.exit_config_mode()
            self.conn.set_base_prompt()

    def commit(self, confirm_minutes: int | None = None) -> None:
        """Apply the difference to the running config (NetIron has no commit confirmed; the
        caller verifies, then ``confirm`` saves it or ``rollback`` reverts it)."""
        ops = self._pending()
        lines = confdiff.commands(ops)
        self._applied = []
        self._committed = True  # from here on the running config may have changed
        self._push(lines, batch.top_level_starts(ops))

    def confirm(self) -> None:
        if self.conn is None:
            raise self.error("write memory: not connected")
        try:
            with self.watch.step("write memory"):
                out = self.conn.save_config()
        except DriverError:
            raise
        except Exception as exc:
            raise self.error(f"write memory failed: {_why(exc)}") from None
        m = ERROR_RE.search(out)
        if m:
            raise self.error(f"write memory failed: {m.group(1).strip()}")
        self._saved = True

    def rollback(self) -> None:
        """Back to the running config from before :meth:`load`, with the same engine (leaf-level
        negations in dependency order); saved again when this session had saved the change."""
        if self._before is None:
            return
        if not self._committed:
            # nothing was pushed in this session (staging and diff are read-only): nothing to
            # undo, and pushing back to the snapshot would revert a colleague's changes
            self._before = self._desired = None
            return
        if not self._alive():
            self.close()
            self.connect()
        current = confdiff.parse(self.get_config())
        back = confdiff.changes(current, confdiff.parse(self._before), prune_top_level=True)
        self._applied = []
        self._push(confdiff.commands(back), batch.top_level_starts(back))
        if self._saved:
            self._saved = False
            self.confirm()
            self._saved = False

    def get_saved_config(self) -> str:
        return self._send("show configuration")

    def _set_running(self, text: str) -> None:
        current = confdiff.parse(self.get_config())
        ops = confdiff.changes(current, confdiff.parse(text), prune_top_level=True)
        self._push(confdiff.commands(ops), batch.top_level_starts(ops))

    def restore(self, running: str, saved: str) -> None:
        """Running config back with the change engine; ``write memory`` when the startup config
        is not the recorded one (it then equals the restored running config)."""
        self._set_running(running)
        if self.get_config() != running:
            raise self.error("the running configuration could not be restored")
        if self.get_saved_config() != saved:
            self._saved = True
            self.confirm()
            if self.get_saved_config() != saved:
                raise self.error("the startup configuration was not the running one before the change; "
                                 "restored the running configuration and saved it")

    # ---- state ------------------------------------------------------------------------------------------
    def _parse(self, command: str) -> list[dict[str, Any]]:
        text = self._send(command)
        try:
            return parsers.parse(command, text)
        except Exception as exc:
            raise self.error(f"cannot parse '{command}': {exc}") from None

    def facts(self) -> Facts:
        return parsers.to_facts(self._parse("show version"), self.name)

    def interfaces(self) -> list[Interface]:
        records = parsers.to_interfaces(detail_rows=self._parse("show interfaces"))
        ip_mtus = _ip_mtus(self.get_config())
        out = []
        for r in records:
            mtu = ip_mtus.get(r.name, r.ip_mtu)
            out.append(r.model_copy(update={"ip_mtu": mtu}) if mtu != r.ip_mtu else r)
        return out

    def ospf_neighbors(self) -> list[OspfNeighbor]:
        return parsers.to_ospf_neighbors(self._parse("show ip ospf neighbor"))

    def ldp_sessions(self) -> list[LdpSession]:
        return parsers.to_ldp_sessions(self._parse("show mpls ldp session"))

    def lsps(self) -> list[Lsp]:
        return parsers.to_lsps(self._parse("show mpls lsp detail"))

    def pseudowires(self) -> list[Pseudowire]:
        return parsers.to_pseudowires_vll(self._parse("show mpls vll detail")) + parsers.to_pseudowires_vpls(
            self._parse("show mpls vpls detail")
        )

    def bfd_sessions(self) -> list[BfdSession]:
        return parsers.to_bfd_sessions(self._parse("show bfd neighbors"))

    def ping(
        self, target: str, size: int, df: bool = True, count: int = 3, source: str | None = None,
        vrf: str | None = None,
    ) -> PingResult:
        ipaddress.IPv4Address(target)
        cmd = f"ping {target}"
        if source:
            cmd += f" source {source}"
        cmd += f" count {count} size {size}"
        if df:
            cmd += " no-fragment"
        if vrf:
            cmd += f" vrf {vrf}"
        return parsers.to_ping(self._parse(cmd), target, size, df)


def _why(exc: BaseException) -> str:
    """The first line of a library error (netmiko appends paragraphs of advice)."""
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def _ip_mtus(config: str) -> dict[str, int]:
    """``ip mtu`` per interface from the running config (NetIron shows it nowhere else)."""
    out: dict[str, int] = {}
    tree = confdiff.parse_tree(config)
    for line, node in tree.children.items():
        if not line.startswith("interface "):
            continue
        name = parsers.canonical_interface(line[len("interface "):])
        for child in node.children:
            if child.startswith("ip mtu "):
                out[name] = int(child.split()[2])
    return out


DRIVER = NetIronDriver
