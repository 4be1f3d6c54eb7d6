"""paramiko checks the MAC of every SSH packet it receives with ``util.constant_time_bytes_eq``,
a byte-by-byte loop in Python (~7 % of the toolkit's CPU in a 50-router deployment, profiled).
``hmac.compare_digest`` is the standard library's constant-time comparison of the same inputs,
in C; :func:`use_c_compare` makes paramiko's packet reader use it. :func:`use_c_hmac` computes
the MACs themselves with the standard library's one-shot ``hmac.digest``."""

from __future__ import annotations

import hmac


def use_c_compare() -> None:
    """Idempotent; call before sessions start (the drivers' ``import_libraries``)."""
    import paramiko.util

    paramiko.util.constant_time_bytes_eq = hmac.compare_digest  # type: ignore[assignment]


def _hmac(key: bytes, message: bytes, digest_class: object) -> bytes:
    return hmac.digest(key, message, digest_class)  # type: ignore[arg-type]


def use_c_hmac() -> None:
    """paramiko computes the MAC of every SSH packet it sends and receives by building an
    ``hmac.HMAC`` object in Python (``packet.compute_hmac``); ``hmac.digest`` is the standard
    library's one-shot HMAC of the same key, message and hash, computed by OpenSSL in one C call
    (it falls back to the Python object for a hash OpenSSL does not have). Idempotent."""
    import paramiko.packet

    paramiko.packet.compute_hmac = _hmac  # type: ignore[assignment]
