"""Interactive NetIron CLI over SSH (asyncssh): PTY shell, character echo, NetIron prompts.

Levels: user exec ``SSH@r2>``, ``enable`` (password prompt) to ``SSH@r2#``, ``configure terminal``
to ``SSH@r2(config)#`` and its sub-modes. Lines end with ``\\r``, ``\\n`` or ``\\r\\n``; backspace,
Ctrl-U and Ctrl-C edit the line; cursor-key escape sequences are ignored.

Output longer than a page stops at ``--More--`` (Space: next page, Return: next line, Ctrl-C or
``q``: stop) until ``skip-page-display`` (privileged EXEC) turns paging off for the session.
"""

from __future__ import annotations

import hmac
import logging

import asyncssh

from mpls_interop_lab import sshpackets
from mpls_interop_lab.netiron.config import CNode
from mpls_interop_lab.netiron.device import NetIronDevice
from mpls_interop_lab.netiron.show import EXEC_PRIV, EXEC_USER, PRIVILEGED_SHOW, expand_show
from mpls_interop_lab.netiron.tokens import ConfigError, Tokens, invalid

log = logging.getLogger(__name__)

WRONG_ENABLE = "Error - Incorrect username or password."
PAGING_OFF = "Disable page display mode"
PAGING_ON = "Enable page display mode"
MORE = "--More--, next page: Space, next line: Return key, quit: Control-c"
#: lines per page (``terminal length`` changes it for the session)
PAGE_LINES = 24

_host_key: asyncssh.SSHKey | None = None


def default_host_key() -> asyncssh.SSHKey:
    """One ECDSA key per process (fast to make, accepted by paramiko)."""
    global _host_key
    if _host_key is None:
        _host_key = asyncssh.generate_private_key("ecdsa-sha2-nistp256")
    return _host_key


class CliSession(asyncssh.SSHServerSession):  # type: ignore[misc]
    """One SSH shell on the device."""

    def __init__(self, device: NetIronDevice) -> None:
        self.device = device
        self.level = "user"  # "user" | "enable" | "config"
        self.context: list[CNode] = []
        self._chan: asyncssh.SSHServerChannel | None = None
        self._buf: list[str] = []
        self._password = False
        self._after_cr = False
        self._esc = 0
        self._closed = False
        self._stalled = False
        self.paging = True
        self.page_lines = PAGE_LINES
        #: output held while one input chunk is processed (None: write at once)
        self._pending: list[str] | None = None
        #: output lines still to show after a ``--More--``
        self._pager: list[str] | None = None

    # -- asyncssh callbacks ----------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: tuple, term_modes: dict) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def session_started(self) -> None:
        self._write("\r\n" + self.prompt())

    def data_received(self, data: str, datatype: int | None) -> None:
        # what the input makes the CLI print is held and written in one piece (same bytes, in
        # order, far fewer writes), except that an exec command's echo leaves before it runs
        self._pending = []
        try:
            for ch in data:
                if self._closed or self._stalled or self.device.faults.down:
                    return
                self._feed(ch)
        finally:
            self._flush()

    def eof_received(self) -> bool:
        return False

    # -- line discipline -------------------------------------------------------------------

    def prompt(self) -> str:
        return self.device.prompt(self.level, self.context)

    def _write(self, text: str) -> None:
        if self._pending is not None:
            self._pending.append(text)
        elif self._chan is not None and not self._closed:
            self._chan.write(text)

    def _flush(self, keep: bool = False) -> None:
        """Write what is held; ``keep``: go on holding output afterwards."""
        pending, self._pending = self._pending, None
        if pending:
            self._write("".join(pending))
        if keep and pending is not None:
            self._pending = []

    def _feed(self, ch: str) -> None:
        if self._pager is not None:
            self._more_key(ch)
            return
        if self._esc == 1:  # ESC [ <params> <final>: swallow the whole sequence
            self._esc = 2 if ch == "[" else 0
            return
        if self._esc == 2:
            if ch.isalpha() or ch == "~":
                self._esc = 0
            return
        if ch == "\n" and self._after_cr:
            self._after_cr = False
            return
        self._after_cr = ch == "\r"
        if ch in "\r\n":
            line = "".join(self._buf)
            self._buf.clear()
            self._write("\r\n")
            if self.level != "config":
                # the echo leaves before an exec command runs (a client waits for it, and a show
                # or ping may take long); configuration lines run at once
                self._flush(keep=True)
            self._line(line)
        elif ch in "\x7f\x08":
            if self._buf:
                self._buf.pop()
                if not self._password:
                    self._write("\b \b")
        elif ch == "\x15":  # Ctrl-U
            if not self._password:
                self._write("\b \b" * len(self._buf))
            self._buf.clear()
        elif ch == "\x03":  # Ctrl-C
            self._buf.clear()
            self._password = False
            self._write("\r\n" + self.prompt())
        elif ch == "\x1b":
            self._esc = 1
        elif ch >= " ":
            self._buf.append(ch)
            if not self._password:
                self._write(ch)

    def _line(self, line: str) -> None:
        if self._password:
            self._password = False
            if self.device.check_enable(line):
                self.level = "enable"
            else:
                self._write(WRONG_ENABLE + "\r\n")
            self._write(self.prompt())
            return
        try:
            out = self._run(line)
        except ConfigError as exc:
            out = exc.message
        except Exception:  # an emulator bug must not take the session down
            log.exception("%s: failed on a CLI line", self.device.hostname)
            out = ""
        if out is None or self._closed:
            return
        lines = out.replace("\r\n", "\n").rstrip("\n").split("\n") if out else []
        if self.paging and self.page_lines and len(lines) > self.page_lines:
            self._page(lines)
            return
        for ln in lines:
            self._write(ln + "\r\n")
        self._write(self.prompt())

    # -- paging ----------------------------------------------------------------------------

    def _page(self, lines: list[str], count: int | None = None) -> None:
        """Show ``count`` lines (a page by default), then ``--More--`` or the prompt."""
        n = self.page_lines - 1 if count is None else count
        for ln in lines[:n]:
            self._write(ln + "\r\n")
        rest = lines[n:]
        if rest:
            self._pager = rest
            self._write(MORE)
        else:
            self._pager = None
            self._write(self.prompt())

    def _more_key(self, ch: str) -> None:
        rest = self._pager or []
        self._write("\r" + " " * len(MORE) + "\r")
        if ch == " ":
            self._page(rest)
        elif ch in "\r\n":
            self._page(rest, 1)
        elif ch in ("\x03", "q", "Q"):
            self._pager = None
            self._write(self.prompt())
        else:
            self._write(MORE)

    # -- commands --------------------------------------------------------------------------

    def _run(self, line: str) -> str | None:
        """Output of one line ("" for none); None when the session writes no prompt after it."""
        if self.level == "config":
            return self._config_line(line)
        text = line.strip()
        if not text:
            return ""
        t = Tokens(text)
        cmd = t.keyword(EXEC_PRIV if self.level == "enable" else EXEC_USER)
        if cmd == "enable":
            t.done()
            if self.level == "user":
                if self.device.enable_password is None:
                    self.level = "enable"
                else:
                    self._password = True
                    self._write("Password:")
                    return None
            return ""
        if cmd == "disable":
            t.done()
            self.level = "user"
            return ""
        if cmd in ("exit", "quit"):
            t.done()
            if cmd == "exit" and self.level == "enable":
                self.level = "user"
                return ""
            self._close()
            return None
        if cmd == "configure":
            t.keyword(["terminal"])
            t.done()
            self.level, self.context = "config", []
            return ""
        if cmd in ("skip-page-display", "page-display"):
            t.done()
            self.paging = cmd == "page-display"
            return PAGING_ON if self.paging else PAGING_OFF
        if cmd == "terminal":
            what = t.keyword(["length", "width"])
            n = t.integer()
            t.done()
            if what == "length":
                self.page_lines = n
            return ""
        if cmd == "show" and self.level == "user":
            canon = expand_show(["show", *t.words[1:]])
            if len(canon) > 1 and canon[1] in PRIVILEGED_SHOW:
                raise invalid(" ".join(t.words[1:]))
        return self.device.exec_command([cmd, *t.words[1:]])

    def _config_line(self, line: str) -> str | None:
        stripped = line.strip()
        if not stripped or stripped.startswith("!"):
            return ""
        faults = self.device.faults
        cut_after = False
        if faults.drop_after is not None:
            if faults.drop_after <= 0:
                faults.drop_after = None
                self._drop()
                return None
            faults.drop_after -= 1
            if faults.drop_after == 0:
                faults.drop_after = None
                cut_after = True
        if faults.stall_after is not None:
            if faults.stall_after <= 0:
                faults.stall_after = None
                faults.stalled = True
                self._stalled = True  # hangs here: this line is never executed nor answered
                return None
            faults.stall_after -= 1
        try:
            out = self._config_command(line)
        except ConfigError as exc:
            out = exc.message
        if cut_after:
            self._drop()
            return None
        return out

    def _config_command(self, line: str) -> str:
        res = self.device.configure(self.context, line)
        self.context = res.context
        if res.action == "end":
            self.level, self.context = "enable", []
        elif res.action in ("show", "write"):
            self._flush(keep=True)  # the echo before a show from config mode runs
            return self.device.exec_command(res.words)
        return res.message

    # -- ending ----------------------------------------------------------------------------

    def _close(self) -> None:
        self._flush()
        self._closed = True
        if self._chan is not None:
            self._chan.exit(0)

    def _drop(self) -> None:
        """Cut the TCP connection without a goodbye (a session lost mid-push)."""
        self._flush()
        self._closed = True
        if self._chan is not None:
            self._chan.get_extra_info("connection").abort()


class _Server(asyncssh.SSHServer):  # type: ignore[misc]
    def __init__(self, device: NetIronDevice, username: str, password: str) -> None:
        self._device = device
        self._username = username.encode()
        self._password = password.encode()

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        if self._device.faults.down:
            conn.abort()

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return False

    def validate_password(self, username: str, password: str) -> bool:
        user_ok = hmac.compare_digest(username.encode(), self._username)
        return hmac.compare_digest(password.encode(), self._password) and user_ok

    def session_requested(self) -> CliSession:
        return CliSession(self._device)


async def start_cli_server(
    device: NetIronDevice,
    host: str,
    port: int,
    username: str,
    password: str,
    host_key: asyncssh.SSHKey | str | None = None,
) -> asyncssh.SSHAcceptor:
    """Serve ``device``'s CLI on ``host:port`` (0 picks a free port: ``acceptor.get_port()``)."""
    sshpackets.install()
    return await asyncssh.create_server(
        lambda: _Server(device, username, password),
        host,
        port,
        server_host_keys=[host_key or default_host_key()],
        line_editor=False,
        encoding="utf-8",
    )
