"""The batched push asks whether the session is still open between reads without writing to the
device (netmiko's ``is_alive`` sends a NUL byte into the CLI each time it is asked)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mpls_interop.sdk.driver import Target
from mpls_interop.vendors.netiron.driver import NetIronDriver


class _Conn:
    def __init__(self, chan) -> None:
        self.remote_conn = chan

    def write_channel(self, data: str) -> None:  # pragma: no cover - must not be called
        raise AssertionError(f"wrote {data!r} to the device")

    def is_alive(self) -> bool:  # pragma: no cover - must not be called
        raise AssertionError("netmiko's is_alive writes a NUL byte")


def _chan(closed=False, eof=False, active=True):
    return SimpleNamespace(closed=closed, eof_received=eof,
                           transport=SimpleNamespace(is_active=lambda: active))


@pytest.mark.parametrize("chan,expected", [
    (_chan(), True),
    (_chan(eof=True), False),
    (_chan(closed=True), False),
    (_chan(active=False), False),
    (None, False),
])
def test_open_is_judged_without_writing(chan, expected):
    drv = NetIronDriver(Target("r2", "127.0.0.1", 22, "u", "p"))
    drv.conn = _Conn(chan)
    assert drv._open() is expected


def test_no_session_is_not_open():
    drv = NetIronDriver(Target("r2", "127.0.0.1", 22, "u", "p"))
    drv.conn = None
    assert drv._open() is False
