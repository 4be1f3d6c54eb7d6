"""paramiko's per-packet MAC check goes through the standard library's C constant-time compare."""

from __future__ import annotations

import hmac

import paramiko.packet
import paramiko.util

from mpls_interop.sdk.sshmac import use_c_compare
from mpls_interop.vendors.netiron.driver import NetIronDriver


def test_the_drivers_switch_paramiko_to_compare_digest() -> None:
    NetIronDriver.import_libraries()
    assert paramiko.util.constant_time_bytes_eq is hmac.compare_digest
    # the packet reader looks the function up on the module at every packet
    assert paramiko.packet.util is paramiko.util


def test_same_answers() -> None:
    use_c_compare()
    for a, b in ((b"", b""), (b"abc", b"abc"), (b"abc", b"abd"), (b"abc", b"ab"), (bytes(32), bytes(32))):
        assert paramiko.util.constant_time_bytes_eq(a, b) == (a == b)
