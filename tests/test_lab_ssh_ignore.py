"""The lab's SSH servers send no empty SSH_MSG_IGNORE before each packet (mpls_interop_lab.sshpackets).

Counted from the client's side with paramiko (the toolkit's SSH library) on the real servers: the
NetIron CLI and the Junos NETCONF subsystem. With a CBC cipher negotiated the IGNOREs stay.
"""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from collections.abc import Iterator

import asyncssh
import paramiko
import pytest
from paramiko.common import MSG_CHANNEL_DATA, MSG_IGNORE

from mpls_interop_lab import sshpackets
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.netconf import start_netconf_server
from mpls_interop_lab.netiron.cli import start_cli_server
from mpls_interop_lab.netiron.device import NetIronDevice

USER, PASSWORD = "lab", "lab-pass-1"  # test-only credentials


def _counting(t: paramiko.Transport) -> Counter[int]:
    """Count the message types this transport receives (after its banner)."""
    seen: Counter[int] = Counter()
    read = t.packetizer.read_message

    def read_message():  # type: ignore[no-untyped-def]
        ptype, msg = read()
        seen[ptype] += 1
        return ptype, msg

    t.packetizer.read_message = read_message  # type: ignore[method-assign]
    return seen


def _session(port: int, *, subsystem: str | None, ready: bytes, send: bytes, until: bytes,
             ciphers: tuple[str, ...] | None = None) -> tuple[Counter[int], str]:
    """Log in, open a shell (or ``subsystem``), read until ``ready``, send ``send``, read until
    ``until``; the message types received, and the cipher the server sent with."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    t = paramiko.Transport(sock)
    if ciphers:
        t.get_security_options().ciphers = ciphers
    seen = _counting(t)
    try:
        t.start_client(timeout=10)
        t.auth_password(USER, PASSWORD)
        chan = t.open_session(timeout=10)
        if subsystem:
            chan.invoke_subsystem(subsystem)
        else:
            chan.get_pty()
            chan.invoke_shell()
        chan.settimeout(10)
        for end in (ready, until):
            buf = b""
            while end not in buf:
                data = chan.recv(65536)
                assert data, f"session closed before {end!r}: {buf[-200:]!r}"
                buf += data
            if end is ready:
                chan.sendall(send)
        return seen, t.remote_cipher
    finally:
        t.close()


@pytest.fixture
def netiron_port(loop: asyncio.AbstractEventLoop) -> Iterator[int]:
    device = NetIronDevice("r2")
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop).result(10)
    yield acceptor.get_port()
    loop.call_soon_threadsafe(acceptor.close)


@pytest.fixture
def junos_port(loop: asyncio.AbstractEventLoop) -> Iterator[int]:
    acceptor = asyncio.run_coroutine_threadsafe(
        start_netconf_server(JunosDevice("pe1"), "127.0.0.1", 0, USER, PASSWORD), loop).result(20)
    yield acceptor.get_port()
    loop.call_soon_threadsafe(acceptor.close)


def test_netiron_cli_sends_no_ignore(netiron_port: int) -> None:
    seen, cipher = _session(netiron_port, subsystem=None, ready=b">", send=b"show version\r",
                            until=b"Version")
    assert seen[MSG_CHANNEL_DATA] >= 2, seen  # the prompt, then the command's echo and output
    assert seen[MSG_IGNORE] == 0, (cipher, seen)


def test_junos_netconf_sends_no_ignore(junos_port: int) -> None:
    hello = (b'<?xml version="1.0"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
             b"<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>"
             b'<rpc message-id="1"><get-software-information/></rpc>]]>]]>')
    seen, cipher = _session(junos_port, subsystem="netconf", ready=b"]]>]]>", send=hello,
                            until=b"</rpc-reply>")
    assert seen[MSG_CHANNEL_DATA] >= 2, seen  # the hello, then the reply
    assert seen[MSG_IGNORE] == 0, (cipher, seen)


class _Shell(asyncssh.SSHServer):  # type: ignore[misc]
    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return password == PASSWORD


async def _echo_prompt(process: asyncssh.SSHServerProcess) -> None:
    process.stdout.write("cbc#")
    await process.stdin.readline()
    process.stdout.write("done#")
    process.exit(0)


def test_cbc_keeps_the_ignore_packets(loop: asyncio.AbstractEventLoop) -> None:
    """The countermeasure asyncssh's IGNOREs are for stays where it protects something."""
    sshpackets.install()

    async def listen() -> asyncssh.SSHAcceptor:
        return await asyncssh.listen(
            "127.0.0.1", 0, server_factory=_Shell, process_factory=_echo_prompt,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")],
            encryption_algs=["aes128-cbc"], line_editor=False)

    acceptor = asyncio.run_coroutine_threadsafe(listen(), loop).result(10)
    try:
        seen, cipher = _session(acceptor.get_port(), subsystem=None, ready=b"cbc#", send=b"x\n",
                                until=b"done#",
                                ciphers=("aes128-cbc",))
    finally:
        loop.call_soon_threadsafe(acceptor.close)
    assert cipher == "aes128-cbc"
    assert seen[MSG_IGNORE] >= seen[MSG_CHANNEL_DATA] >= 2, seen


@pytest.mark.parametrize(("cipher", "keeps"), [
    (b"aes128-ctr", False), (b"aes256-gcm@openssh.com", False), (b"chacha20-poly1305@openssh.com", False),
    (b"aes128-cbc", True), (b"3des-cbc", True), (b"seed-cbc@ssh.com", True),
])
def test_which_ciphers_keep_them(cipher: bytes, keeps: bool) -> None:
    assert sshpackets.keeps_ignore(cipher) is keeps
