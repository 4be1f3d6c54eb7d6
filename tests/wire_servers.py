"""Misbehaving devices on 127.0.0.1 for the timeout, size-cap and error-classification tests.

* :class:`TcpServer`: raw TCP: ``silent`` (accepts, never sends), ``close`` (accepts and closes
  before any SSH banner), ``junk`` (sends endless text that is not SSH);
* :class:`SshServer`: a real SSH server (asyncssh) with password login whose shell acts like a
  NetIron CLI (echo, ``r9#`` prompt) and whose ``netconf`` subsystem misbehaves on purpose:
  ``noisy`` (endless output, never a prompt or a NETCONF delimiter), ``big`` (``show
  running-config`` / the NETCONF hello answered with ``big_bytes`` of noise), ``silent`` (NETCONF
  subsystem that never says hello), ``stall`` (a proper login or NETCONF hello, then ``show
  running-config`` / the first RPC is never answered), ``bigrpc`` (a proper hello, then the
  first RPC answered with ``big_bytes`` of noise). In configuration mode every line is answered
  after ``config_delay`` seconds, and the line ``stall-here`` never.

Each server counts the connections and passwords it saw, so tests can tell retries apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from pathlib import Path

import asyncssh

PROMPT = "r9#"
HELLO = ('<?xml version="1.0" encoding="UTF-8"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
         "<capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities>"
         "<session-id>7</session-id></hello>]]>]]>")
NOISE_LINE = "noise noise noise noise noise noise noise noise noise noise noise noise\n"


class TcpServer:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.accepted = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            if self.mode == "close":
                conn.close()
            elif self.mode == "junk":
                threading.Thread(target=self._junk, args=(conn,), daemon=True).start()
            else:
                self.conns.append(conn)

    def _junk(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while not self.stop.is_set():
                conn.sendall(b"HTTP/1.1 400 Bad Request junk junk junk\r\n")
                time.sleep(0.01)
        conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for c in self.conns:
            c.close()
        self.sock.close()


class SshServer:
    def __init__(self, mode: str = "ok", password: str = "pw-for-tests", big_bytes: int = 0,
                 noise_rate: float = 0.01, config_delay: float = 0.0) -> None:
        self.mode = mode
        self.config_delay = config_delay
        self.password = password
        self.big_bytes = big_bytes
        self.noise_rate = noise_rate
        self.accepted = 0
        self.passwords: list[str] = []
        self.key = asyncssh.generate_private_key("ssh-ed25519")
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(20)
        self.port = self.server.sockets[0].getsockname()[1]

    def known_hosts(self, path: Path) -> Path:
        pub = self.key.export_public_key().decode().split()
        path.write_text(f"[127.0.0.1]:{self.port} {pub[0]} {pub[1]}\n")
        return path

    async def _start(self):
        outer = self

        class Server(asyncssh.SSHServer):
            def connection_made(self, conn) -> None:
                outer.accepted += 1

            def begin_auth(self, username: str) -> bool:
                return True

            def password_auth_supported(self) -> bool:
                return True

            def validate_password(self, username: str, password: str) -> bool:
                outer.passwords.append(password)
                return password == outer.password

        return await asyncssh.create_server(
            Server, "127.0.0.1", 0, server_host_keys=[self.key], process_factory=self._process,
            line_editor=False, encoding=None,
        )

    async def _noise(self, process, total: int | None) -> None:
        chunk = (NOISE_LINE * 900).encode()  # ~64 KiB
        sent = 0
        while total is None or sent < total:
            process.stdout.write(chunk)
            sent += len(chunk)
            await process.stdout.drain()
            if total is None:
                await asyncio.sleep(self.noise_rate)

    async def _process(self, process) -> None:
        try:
            if process.subsystem == "netconf":
                await self._netconf(process)
            else:
                await self._shell(process)
        except (asyncssh.Error, OSError, BrokenPipeError, ConnectionError):
            pass
        finally:
            with contextlib.suppress(Exception):
                process.exit(0)

    async def _netconf(self, process) -> None:
        if self.mode in ("stall", "bigrpc"):
            process.stdout.write(HELLO.encode())
            await process.stdout.drain()
            await process.stdin.readuntil(b"]]>]]>")  # the client's hello
            await process.stdin.readuntil(b"]]>]]>")  # its first RPC
            if self.mode == "bigrpc":
                await self._noise(process, self.big_bytes)
            await asyncio.sleep(3600)
        elif self.mode == "silent":
            await asyncio.sleep(3600)
        elif self.mode == "big":
            await self._noise(process, self.big_bytes)
            await asyncio.sleep(3600)
        else:  # noisy: garbage, never a delimiter
            await self._noise(process, None)

    async def _shell(self, process) -> None:
        if self.mode == "noisy":
            await self._noise(process, None)
            return
        process.stdout.write(f"\r\n{PROMPT}".encode())
        prompt = PROMPT
        buf = b""
        while True:
            data = await process.stdin.read(4096)
            if not data:
                return
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                line = raw.decode(errors="replace").strip()
                if prompt != PROMPT and line not in ("end", "exit", ""):
                    if line == "stall-here":  # a configuration line the device never answers
                        await asyncio.sleep(3600)
                    await asyncio.sleep(self.config_delay)  # a slow device: each line takes a while
                process.stdout.write(raw + b"\r\n")
                if self.mode == "big" and line == "show running-config":
                    await self._noise(process, self.big_bytes)
                if self.mode == "stall" and line == "show running-config":
                    await asyncio.sleep(3600)
                if line.startswith("conf"):
                    prompt = "r9(config)#"
                elif line in ("end", "exit"):
                    prompt = PROMPT
                process.stdout.write(prompt.encode())
                await process.stdout.drain()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
