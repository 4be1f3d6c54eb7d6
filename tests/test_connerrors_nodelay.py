"""Every device connection the toolkit opens (``connerrors.open_socket``: the drivers' sessions
and the host-key pre-flight) has Nagle's algorithm off, as OpenSSH's interactive sessions do; a
plain ``create_connection`` socket has it on (so the check can fail)."""

from __future__ import annotations

import socket

from mpls_interop.sdk.connerrors import open_socket


def test_device_sockets_have_nodelay() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        plain = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock = open_socket("r1", "127.0.0.1", port, 5.0)
        try:
            assert plain.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            assert sock.gettimeout() == 5.0
        finally:
            sock.close()
            plain.close()
