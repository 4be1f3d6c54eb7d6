"""The SSH floor of a parallel deploy: bare sessions with a deploy's message pattern, no device logic.

    python bench/ssh_floor.py [--routers 200] [--workers 20] [--requests 44] [--reply 1100] [--repeat 3]

What a deploy + verify of one generated router costs on the wire was counted with
``deploy_scale.py --count-messages`` (bench/README.md, "seventh pass"): two SSH connections (the
host-key pre-flight, then the session), 43.4 messages (11.3 kB) sent and 58.6 (48.7 kB) received
per router. The defaults stay at or under each of those counts (31 requests of 200 B answered
with 1.3 kB in one message each: 44 sent, 45 received, 11 kB / 47 kB with the key exchanges), so
the figure is a floor. This script
replays exactly that against an asyncssh server in another process (the lab's SSH library), from
paramiko clients in threads (the toolkit's SSH library, through netmiko and ncclient): the server
answers each request line at once with a fixed reply (in ``--parts`` SSH messages) ending in a
prompt, the client reads until the prompt; the SSH traffic of one router is counted as
``deploy_scale.py --count-messages`` counts it, to compare. No configuration is parsed, rendered, diffed or committed on either side.

It prints the wall time and the CPU seconds of both processes for one router alone and for the
whole set in parallel (``--workers`` threads, the deploy's default), and the ratio: the lowest
ratio any toolkit built on these two libraries could show for that message pattern on this
machine, before it does any work of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Process, Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench.cpu import cpu_seconds  # noqa: E402
from bench.wire import WIRE, count_messages  # noqa: E402

PROMPT = b"\r\nR1#"


def _serve(reply_size: int, parts: int, ignore: bool, ports: Queue) -> None:
    import asyncssh

    if not ignore:  # as the lab's servers do (mpls_interop_lab.sshpackets)
        from mpls_interop_lab import sshpackets

        sshpackets.install()

    body = reply_size - len(PROMPT)
    cut = [body * i // parts for i in range(parts + 1)]
    # the reply in ``parts`` writes (SSH messages), the prompt with the last: as the lab writes
    # an exec command's echo before its output
    pieces = [b"x" * (cut[i + 1] - cut[i]) for i in range(parts)]
    pieces[-1] += PROMPT

    class Session(asyncssh.SSHServerSession):  # type: ignore[misc]
        def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
            self._chan = chan
            self._buf = b""

        def shell_requested(self) -> bool:
            return True

        def pty_requested(self, *_: object) -> bool:
            return True

        def session_started(self) -> None:
            self._chan.write(PROMPT)

        def data_received(self, data: bytes, datatype: int | None) -> None:
            self._buf += data
            while b"\n" in self._buf:
                _, _, self._buf = self._buf.partition(b"\n")
                for piece in pieces:
                    self._chan.write(piece)

    class Server(asyncssh.SSHServer):  # type: ignore[misc]
        def begin_auth(self, username: str) -> bool:
            return True

        def password_auth_supported(self) -> bool:
            return True

        def validate_password(self, username: str, password: str) -> bool:
            return password == "floor"

        def session_requested(self) -> Session:
            return Session()

    async def main() -> None:
        server = await asyncssh.listen(
            "127.0.0.1", 0, server_factory=Server, encoding=None,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")], keepalive_interval=0, line_editor=False)
        ports.put(server.sockets[0].getsockname()[1])
        await asyncio.Event().wait()

    asyncio.run(main())


def _one_router(port: int, requests: int, request_size: int, connections: int = 2) -> None:
    import paramiko

    line = b"s" * (request_size - 1) + b"\n"
    for preflight in [True] * (connections - 1) + [False]:  # host-key checks, then the session
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        t = paramiko.Transport(sock)
        try:
            t.start_client(timeout=30)
            t.get_remote_server_key()
            if preflight:
                continue
            t.auth_password("floor", "floor")
            chan = t.open_session()
            chan.get_pty()
            chan.invoke_shell()
            _read_until(chan, PROMPT)
            for _ in range(requests):
                chan.sendall(line)
                _read_until(chan, PROMPT)
            chan.close()
        finally:
            t.close()


def _read_until(chan: object, end: bytes) -> None:
    buf = b""
    while not buf.endswith(end):
        data = chan.recv(65536)  # type: ignore[attr-defined]
        if not data:
            raise EOFError("server closed the session")
        buf += data


def run(port: int, server_pid: int, routers: int, workers: int, requests: int, request_size: int,
        connections: int) -> tuple[float, float, float]:
    """Wall, client CPU and server CPU seconds of ``routers`` sessions on ``workers`` threads."""
    cpu0, srv0 = cpu_seconds(), cpu_seconds(server_pid)
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for f in [pool.submit(_one_router, port, requests, request_size, connections) for _ in range(routers)]:
            f.result()
    return time.perf_counter() - t, cpu_seconds() - cpu0, cpu_seconds(server_pid) - srv0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routers", type=int, default=200)
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--requests", type=int, default=31, help="requests per router on its session")
    ap.add_argument("--request", type=int, default=200, help="bytes per request")
    ap.add_argument("--reply", type=int, default=1300, help="bytes per reply, prompt included")
    ap.add_argument("--parts", type=int, default=1, help="SSH messages each reply is written in")
    ap.add_argument("--asyncssh-ignore", action="store_true",
                    help="let the server send asyncssh's empty IGNORE before every packet (the lab does not)")
    ap.add_argument("--connections", type=int, choices=[1, 2], default=2,
                    help="SSH connections per router: 2 = host-key pre-flight + session (the toolkit), 1 = session only")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ports: Queue = Queue()
    server = Process(target=_serve, args=(args.reply, args.parts, args.asyncssh_ignore, ports), daemon=True)
    server.start()
    port = ports.get(timeout=60)
    assert server.pid is not None
    print("load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg()), file=sys.stderr, flush=True)
    try:
        shape = (args.requests, args.request, args.connections)
        run(port, server.pid, 2, 1, *shape)  # warm up imports and the server
        one = [run(port, server.pid, 1, 1, *shape) for _ in range(args.repeat)]
        many = [run(port, server.pid, args.routers, args.workers, *shape) for _ in range(args.repeat)]
        count_messages()  # after the timed runs: the count costs CPU
        run(port, server.pid, 1, 1, *shape)
    finally:
        server.terminate()
    w1 = statistics.median(r[0] for r in one)
    wn = statistics.median(r[0] for r in many)
    print(f"{threading.active_count()} thread(s) left; load average "
          "{:.2f} {:.2f} {:.2f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
    print(f"per router: {args.connections} SSH connection(s), {args.requests} requests of {args.request} B, "
          f"replies of {args.reply} B in {args.parts} message(s); client side: "
          + ", ".join(f"{k} {v}" for k, v in sorted(WIRE.items())))
    for name, rows in (("one router", one), (f"{args.routers} routers, {args.workers} workers", many)):
        w, c, s = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"{name:<28} wall {w:7.3f} s   CPU client {c:6.2f} s  server {s:6.2f} s  "
              f"({(c + s) / (args.routers if rows is many else 1) * 1000:.1f} ms per router)")
    print(f"ratio {args.routers} routers / one router: x{wn / w1:.1f} (median of {args.repeat})")


if __name__ == "__main__":
    main()
