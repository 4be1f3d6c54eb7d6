"""Junos NETCONF requests are written by the sending thread, framed as ncclient frames them."""

from __future__ import annotations

import pytest
from ncclient.transport.errors import TransportError
from ncclient.transport.session import NetconfBase

from mpls_interop.vendors.junos.ncsend import send_at_once


class FakeSession:
    def __init__(self, base: int, chunk: int = 1000) -> None:
        self._base = base
        self.connected = True
        self.written: list[bytes] = []
        self.chunk = chunk

    def _transport_write(self, data: bytes) -> int:
        self.written.append(data[: self.chunk])
        return len(data[: self.chunk])

    def send(self, message: str) -> None:  # ncclient's: queue for the session thread
        raise AssertionError("queued instead of written")


def test_chunked_framing_rfc6242() -> None:
    s = FakeSession(NetconfBase.BASE_11, chunk=7)
    send_at_once(s)
    s.send("<rpc/>")
    # partial writes are continued until everything is out
    assert b"".join(s.written) == b"\n#6\n<rpc/>\n##\n"
    assert len(s.written) > 1


def test_end_of_message_framing_base_10() -> None:
    s = FakeSession(NetconfBase.BASE_10)
    send_at_once(s)
    s.send("<hello/>")
    assert b"".join(s.written) == b"<hello/>]]>]]>"


def test_closed_session_refuses() -> None:
    s = FakeSession(NetconfBase.BASE_11)
    send_at_once(s)
    s.connected = False
    with pytest.raises(TransportError):
        s.send("<rpc/>")
