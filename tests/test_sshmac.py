"""paramiko's per-packet MAC check goes through the standard library's C constant-time compare,
and its MACs are computed by the standard library's one-shot ``hmac.digest`` (same bytes)."""

from __future__ import annotations

import hmac

import paramiko.packet
import paramiko.util
from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.sdk.sshmac import use_c_compare
from mpls_interop.vendors.netiron.driver import NetIronDriver


def STOCK_HMAC(key: bytes, message: bytes, digest_class: object) -> bytes:  # noqa: N802
    """paramiko's ``packet.compute_hmac`` as shipped (it may be replaced by now in this process)."""
    return hmac.HMAC(key, message, digest_class).digest()  # type: ignore[arg-type]


def test_the_drivers_switch_paramiko_to_compare_digest() -> None:
    NetIronDriver.import_libraries()
    assert paramiko.util.constant_time_bytes_eq is hmac.compare_digest
    # the packet reader looks the function up on the module at every packet
    assert paramiko.packet.util is paramiko.util


def test_same_answers() -> None:
    use_c_compare()
    for a, b in ((b"", b""), (b"abc", b"abc"), (b"abc", b"abd"), (b"abc", b"ab"), (bytes(32), bytes(32))):
        assert paramiko.util.constant_time_bytes_eq(a, b) == (a == b)


@settings(max_examples=200, deadline=None)
@given(key=st.binary(max_size=80), message=st.binary(max_size=600))
def test_one_shot_hmac_equals_paramikos_for_every_mac_it_offers(key: bytes, message: bytes) -> None:
    """``use_c_hmac``: every MAC paramiko negotiates (``Transport._mac_info``) computes the same
    bytes as paramiko's own ``compute_hmac``."""
    from paramiko.transport import Transport

    from mpls_interop.sdk.sshmac import _hmac

    for name, info in Transport._mac_info.items():
        assert _hmac(key, message, info["class"]) == STOCK_HMAC(key, message, info["class"]), name


def test_the_drivers_switch_paramiko_to_one_shot_hmac() -> None:
    from mpls_interop.sdk.sshmac import _hmac

    NetIronDriver.import_libraries()
    assert paramiko.packet.compute_hmac is _hmac
