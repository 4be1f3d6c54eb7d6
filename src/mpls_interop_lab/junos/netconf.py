"""NETCONF over SSH for one emulated Junos device (asyncssh, subsystem ``netconf``).

The server speaks like Junos: a hello with a session id and Junos capability URIs sent as soon as
the subsystem starts, ``]]>]]>`` framing until both hellos announce base:1.1 and chunked framing
after that, replies without an XML declaration that echo the ``<rpc>`` attributes, and
``<rpc-error>`` elements (type, tag, severity, message, path, bad element) for failures.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import asyncssh
from lxml import etree

from mpls_interop_lab import sshpackets
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.errors import JunosRpcError, RpcErrorInfo
from mpls_interop_lab.junos.framing import FrameDecoder, FramingError, encode
from mpls_interop_lab.junos.rpcs import CloseSession, Session, dispatch
from mpls_interop_lab.junos.xmlmap import local

log = logging.getLogger(__name__)

BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0"
BASE_10 = "urn:ietf:params:netconf:base:1.0"
BASE_11 = "urn:ietf:params:netconf:base:1.1"
CAPABILITIES = [
    BASE_10,
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:netconf:capability:url:1.0?scheme=http,ftp,file",
    "urn:ietf:params:xml:ns:netconf:base:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:url:1.0?protocol=http,ftp,file",
    "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring",
    "http://xml.juniper.net/netconf/junos/1.0",
    "http://xml.juniper.net/dmi/system/1.0",
]
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_host_key: asyncssh.SSHKey | None = None


def _default_host_key() -> asyncssh.SSHKey:
    global _host_key
    if _host_key is None:
        _host_key = asyncssh.generate_private_key("ssh-ed25519")
    return _host_key


@dataclass
class _ServerContext:
    device: JunosDevice
    username: str
    password: str
    base11: bool
    loop: asyncio.AbstractEventLoop
    connections: set[Any] = field(default_factory=set)

    def abort_all(self) -> None:
        for conn in list(self.connections):
            conn.abort()

    def abort_all_threadsafe(self) -> None:
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.abort_all)


def hello_message(session_id: int, base11: bool) -> bytes:
    caps = CAPABILITIES + ([BASE_11] if base11 else [])
    body = "".join(f"    <capability>{escape(c)}</capability>\n" for c in caps)
    return (
        f'<hello xmlns="{BASE_NS}">\n  <capabilities>\n{body}  </capabilities>\n'
        f"  <session-id>{session_id}</session-id>\n</hello>"
    ).encode()


def _error_xml(err: RpcErrorInfo) -> str:
    parts = [
        "<rpc-error>",
        f"<error-type>{escape(err.error_type)}</error-type>",
        f"<error-tag>{escape(err.tag)}</error-tag>",
        f"<error-severity>{escape(err.severity)}</error-severity>",
    ]
    if err.path:
        parts.append(f"<error-path>{escape(err.path)}</error-path>")
    parts.append(f"<error-message>{escape(err.message)}</error-message>")
    info = dict(err.info)
    if err.bad_element:
        info = {"bad-element": err.bad_element, **info}
    if info:
        parts.append(
            "<error-info>" + "".join(f"<{k}>{escape(v)}</{k}>" for k, v in info.items()) + "</error-info>"
        )
    parts.append("</rpc-error>")
    return "\n".join(parts)


def render_reply(
    attrs: dict[str, str], version: str, body: list[etree._Element] | None = None,
    error: JunosRpcError | None = None,
) -> bytes:
    """An ``<rpc-reply>`` in the NETCONF namespace; body elements inherit it, as on Junos."""
    junos_ns = "http://xml.juniper.net/junos/" + version.split("-")[0] + "/junos"
    head = f'<rpc-reply xmlns="{BASE_NS}" xmlns:junos="{junos_ns}"'
    head += "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items()) + ">"
    if error is not None:
        inner = "\n".join(_error_xml(e) for e in error.errors)
        if error.load_error_count is not None:
            inner += f"\n<load-error-count>{error.load_error_count}</load-error-count>"
        if error.wrapper:
            inner = f"<{error.wrapper}>\n{inner}\n</{error.wrapper}>"
    elif body:
        inner = "\n".join(etree.tostring(el, encoding="unicode", with_tail=False) for el in body)
    else:
        inner = "<ok/>"
    return f"{head}\n{inner}\n</rpc-reply>".encode()


class NetconfSession(asyncssh.SSHServerSession):  # type: ignore[misc]
    """One NETCONF session on one SSH channel."""

    def __init__(self, ctx: _ServerContext, user: str) -> None:
        self._ctx = ctx
        self._user = user
        self._chan: Any = None
        self._decoder = FrameDecoder()
        self._sid: int | None = None
        self._closed = False
        self._stalled = False

    # ---- asyncssh callbacks ------------------------------------------------------------------------
    def connection_made(self, chan: Any) -> None:
        self._chan = chan

    def subsystem_requested(self, subsystem: str) -> bool:
        return subsystem == "netconf"

    def exec_requested(self, command: str) -> bool:
        return command.strip().startswith("xml-mode netconf")

    def shell_requested(self) -> bool:
        return False

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        return False

    def session_started(self) -> None:
        self._sid = self._ctx.device.open_session(self._user)
        self._chan.write(encode(hello_message(self._sid, self._ctx.base11), chunked=False))

    def data_received(self, data: bytes, datatype: Any) -> None:
        if self._closed:
            return
        self._decoder.feed(data)
        try:
            while not self._closed:
                msg = self._decoder.pop()
                if msg is None:
                    break
                self._handle(msg)
        except FramingError:
            self._drop()

    def eof_received(self) -> bool:
        self._finish()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._finish()

    # ---- messages ----------------------------------------------------------------------------------
    def _finish(self) -> None:
        if self._sid is not None:
            self._ctx.device.close_session(self._sid)
            self._sid = None
        self._closed = True

    def _drop(self) -> None:
        """Cut the whole SSH connection, as a router that goes away would."""
        self._finish()
        conn = self._chan.get_extra_info("connection")
        if conn is not None:
            conn.abort()
        else:  # pragma: no cover - asyncssh always has one
            self._chan.abort()

    def _send(self, message: bytes) -> None:
        self._chan.write(encode(message, self._decoder.chunked))

    def _handle(self, raw: bytes) -> None:
        raw = raw.strip()
        if not raw:
            return
        try:
            root = etree.fromstring(raw, _PARSER)
        except etree.XMLSyntaxError as exc:
            err = JunosRpcError(RpcErrorInfo(f"malformed XML: {exc}", tag="malformed-message", error_type="rpc"))
            self._send(render_reply({}, self._ctx.device.version, error=err))
            return
        tag = local(root.tag)
        if tag == "hello":
            caps = [(c.text or "").strip() for c in root.iter() if local(c.tag) == "capability"]
            self._decoder.chunked = self._ctx.base11 and BASE_11 in caps
            return
        if tag != "rpc":
            return  # Junos ignores stray top-level elements
        device = self._ctx.device
        if device.faults.down or device.rpc_fault():
            self._drop()
            return
        if self._stalled or device.rpc_stall():
            self._stalled = True  # a hung session: this RPC and every later one get no reply
            return
        attrs = {local(k): v for k, v in root.attrib.items() if local(k) and "}" not in k}
        ops = [c for c in root if local(c.tag)]
        if not ops:
            err = JunosRpcError(RpcErrorInfo("syntax error, expecting <rpc> contents", tag="missing-element"))
            self._send(render_reply(attrs, device.version, error=err))
            return
        session = Session(device, self._sid or 0, self._user)
        close = False
        try:
            body = dispatch(session, ops[0])
            reply = render_reply(attrs, device.version, body)
        except CloseSession:
            reply, close = render_reply(attrs, device.version, []), True
        except JunosRpcError as exc:
            reply = render_reply(attrs, device.version, error=exc)
        except Exception as exc:  # never let one RPC kill the server
            log.exception("RPC %s failed", local(ops[0].tag))
            err = JunosRpcError(RpcErrorInfo(f"internal error: {type(exc).__name__}", tag="operation-failed", error_type="application"))
            reply = render_reply(attrs, device.version, error=err)
        self._send(reply)
        if close:
            self._finish()
            self._chan.close()


class _Server(asyncssh.SSHServer):  # type: ignore[misc]
    def __init__(self, ctx: _ServerContext) -> None:
        self._ctx = ctx
        self._conn: Any = None

    def connection_made(self, conn: Any) -> None:
        self._conn = conn
        if self._ctx.device.faults.down:
            self._ctx.loop.call_soon(conn.abort)
            return
        self._ctx.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self._ctx.connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        ok_user = hmac.compare_digest(username.encode(), self._ctx.username.encode())
        ok_pass = hmac.compare_digest(password.encode(), self._ctx.password.encode())
        return ok_user and ok_pass

    def session_requested(self) -> NetconfSession:
        user = self._conn.get_extra_info("username") or self._ctx.username
        return NetconfSession(self._ctx, user)


async def start_netconf_server(
    device: JunosDevice,
    host: str,
    port: int,
    username: str,
    password: str,
    host_key: asyncssh.SSHKey | None = None,
    *,
    base11: bool = True,
) -> asyncssh.SSHAcceptor:
    """Listen for NETCONF on ``host:port`` (0 picks a free port: ``acceptor.get_port()``).

    ``base11=False`` makes the device announce base:1.0 only, so sessions keep ``]]>]]>`` framing.
    """
    sshpackets.install()
    loop = asyncio.get_running_loop()
    ctx = _ServerContext(device, username, password, base11, loop)
    device.faults.on_down(ctx.abort_all_threadsafe)
    device.register_dropper(ctx.abort_all_threadsafe)
    acceptor = await asyncssh.listen(
        host,
        port,
        server_factory=lambda: _Server(ctx),
        server_host_keys=[host_key or _default_host_key()],
        encoding=None,
        allow_scp=False,
        agent_forwarding=False,
        x11_forwarding=False,
        keepalive_interval=0,
    )
    device.netconf_port = acceptor.get_port()
    return acceptor
