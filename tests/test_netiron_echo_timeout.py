"""netmiko's ``send_command`` waits a fixed 10 s for a command's echo, whatever its read timeout;
the NetIron driver's session allows the driver's own limit instead (a 200-router lab busy
recomputing its network echoed a ``show`` later than 10 s and the verification failed)."""

from __future__ import annotations

import pytest
from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop.vendors.netiron.driver import BoundedNetironSSH


def test_the_echo_wait_is_the_drivers_not_netmikos_ten_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[float] = []
    monkeypatch.setattr(ExtremeNetironSSH, "command_echo_read",
                        lambda self, cmd, read_timeout: asked.append(read_timeout) or cmd)
    conn = object.__new__(BoundedNetironSSH)  # no session: only the echo wait is looked at
    conn.echo_timeout = 242.0
    conn.command_echo_read(cmd="show interfaces", read_timeout=10)
    conn.echo_timeout = 5.0
    conn.command_echo_read(cmd="show interfaces", read_timeout=10)
    assert asked == [242.0, 10]

