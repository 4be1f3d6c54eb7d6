"""Connection errors, classified the same way for every driver, and bounded connect retries.

What went wrong when reaching a device is one of a few causes, each with its own one-line
message: the TCP connection was refused, the host is unreachable, the server closed the
connection before its SSH banner, it sent something that is not SSH, no answer came within the
timeout, authentication failed, or the host key did not match. :func:`classify` turns whatever
the libraries raised (paramiko, netmiko, ncclient, PyEZ, sockets: their exceptions are chained
and often reworded) into a :class:`ConnectError` carrying that cause.

Only the causes where a second attempt can help (refused, closed before the banner, reset,
unreachable) are retried, by :func:`connect_with_retries` (tenacity); a timeout has already
waited the whole budget, and authentication or host-key failures never get better by retrying.
Nothing else (commands, commits) is ever retried.
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Callable
from typing import Any, TypeVar

from mpls_interop.sdk.driver import DriverError

T = TypeVar("T")

REFUSED = "refused"
UNREACHABLE = "unreachable"
CLOSED = "closed before banner"
NOT_SSH = "not ssh"
RESET = "reset"
TIMEOUT = "timeout"
AUTH = "auth"
HOST_KEY = "host key"
OTHER = "other"

#: causes a new attempt may cure (a device rebooting, a listener not up yet)
RETRYABLE = frozenset({REFUSED, UNREACHABLE, CLOSED, RESET})


class ConnectError(DriverError):
    """A device could not be reached or logged in to; ``kind`` is the classified cause."""

    def __init__(self, device: str, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(device, message)


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and all(e is not seen for seen in out):
        out.append(e)
        e = e.__cause__ or e.__context__
    return out


def kind_of(exc: BaseException) -> str:
    """The cause of a failed connection, from the whole exception chain."""
    chain = _chain(exc)
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if names & {"BadHostKeyException", "SSHUnknownHostError", "HostKeyError"} or "host key" in text \
            or "not found in known_hosts" in text:
        return HOST_KEY
    if names & {"AuthenticationException", "NetmikoAuthenticationException", "AuthenticationError",
                "ConnectAuthError", "BadAuthenticationType"} or "authentication fail" in text:
        return AUTH
    for e in chain:
        if isinstance(e, ConnectionRefusedError) or isinstance(e, OSError) and e.errno == errno.ECONNREFUSED:
            return REFUSED
        if isinstance(e, OSError) and e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EADDRNOTAVAIL):
            return UNREACHABLE
        if isinstance(e, socket.gaierror):
            return UNREACHABLE
    if "indecipherable protocol version" in text or "incompatible version" in text \
            or "not an ssh" in text:
        return NOT_SSH
    if names & {"TimeoutError", "timeout", "NetmikoTimeoutException", "ReadTimeout"} \
            or "timed out" in text or "timeout" in text:
        # netmiko words a refused TCP connection as a timeout; the chain says which it was
        return TIMEOUT
    if "error reading ssh protocol banner" in text or names & {"EOFError"}:
        return CLOSED
    if any(isinstance(e, ConnectionResetError) for e in chain) or "connection reset" in text:
        return RESET
    return OTHER


def describe(kind: str, host: str, port: int, timeout: float, detail: str = "") -> str:
    """The one-line message for a classified cause."""
    where = f"{host}:{port}"
    return {
        REFUSED: f"connection refused by {where} (nothing listens on that port)",
        UNREACHABLE: f"{where} is unreachable",
        CLOSED: f"{where} closed the connection before sending an SSH banner",
        NOT_SSH: f"{where} does not speak SSH (it sent something that is not an SSH banner)",
        RESET: f"{where} reset the connection",
        TIMEOUT: f"no answer from {where} within {timeout:g}s",
        AUTH: f"authentication failed at {where}",
        HOST_KEY: f"host key of {where} refused" + (f": {detail}" if detail else ""),
    }.get(kind, f"cannot connect to {where}" + (f": {detail}" if detail else ""))


def classify(device: str, exc: BaseException, host: str, port: int, timeout: float) -> ConnectError:
    """``exc`` (any library's) as a :class:`ConnectError` with a one-line message."""
    if isinstance(exc, ConnectError):
        return exc
    kind = kind_of(exc)
    detail = " ".join(str(exc).split())[:200] if kind in (OTHER, HOST_KEY) else ""
    return ConnectError(device, kind, describe(kind, host, port, timeout, detail))


def open_socket(device: str, host: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to the device (bounded by ``timeout``), classified on failure, with
    Nagle's algorithm off (``TCP_NODELAY``), as OpenSSH sets it for interactive sessions
    (``ssh_packet_set_interactive``): an SSH message written in two small pieces otherwise waits
    for the peer's delayed acknowledgement of the first (~40 ms on Linux) before the second leaves;
    a key exchange with the lab took 51 ms of wall time that way, 6 ms without."""
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        raise classify(device, exc, host, port, timeout) from None
    with contextlib.suppress(OSError):  # not a TCP socket (a test's stand-in): nothing to turn off
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(timeout)
    return sock


#: how often an idle SSH session's reader thread wakes up: paramiko polls its socket every 0.1 s
#: (and ncclient its session every TICK); with a few hundred sessions open in a large deployment
#: those thousands of wake-ups a second compete for the GIL with the work. Data, a close (the
#: packetizer is marked closed first) and the watch's cut (``shutdown``) wake it at once.
IDLE_WAKE = 1.0


def quiet_when_idle(transport: Any) -> None:
    """Let an open paramiko transport's reader wait :data:`IDLE_WAKE` s between idle checks."""
    if transport is None or getattr(transport, "sock", None) is None:
        return
    transport._active_check_timeout = IDLE_WAKE
    with contextlib.suppress(OSError):
        transport.sock.settimeout(IDLE_WAKE)


def connect_with_retries(attempt: Callable[[], T], attempts: int, budget: float) -> T:
    """``attempt()`` until it succeeds, at most ``attempts`` times and while ``budget`` seconds
    have not passed; only :data:`RETRYABLE` connection errors are retried (short backoff)."""
    from tenacity import (
        Retrying,
        retry_if_exception,
        stop_after_attempt,
        stop_after_delay,
        wait_exponential,
    )

    retrying = Retrying(
        stop=stop_after_attempt(max(1, attempts)) | stop_after_delay(budget),
        wait=wait_exponential(multiplier=0.2, max=2),
        retry=retry_if_exception(lambda e: isinstance(e, ConnectError) and e.kind in RETRYABLE),
        reraise=True,
    )
    return retrying(attempt)
