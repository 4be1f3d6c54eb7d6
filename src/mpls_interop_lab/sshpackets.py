"""The lab's SSH servers send the packets a router's SSH server sends: no SSH_MSG_IGNORE before each.

asyncssh puts an empty SSH_MSG_IGNORE in front of every packet it encrypts once keys are in use,
a countermeasure for the predictable IVs of CBC ciphers. The routers the lab stands for do not:
Junos's and NetIron's SSH servers send no unasked-for IGNORE (RFC 4253 §11.2: "No implementation
is required to send them"; OpenSSH's sshd sends none). With a counter-mode or AEAD cipher it
protects nothing, and it doubles every packet a client has to decrypt and authenticate and every
send the lab makes (bench/README.md, issue 18 "seventh pass"). So the lab's servers leave the
empty ones out unless a CBC cipher was negotiated; clients still have to accept IGNORE at any time
(paramiko does), which no router behaviour here relies on.

Installed once per process by the functions that start the lab's SSH servers; asyncssh clients
(used only by tests) are untouched. Checked against asyncssh 2.14.0 and 2.24.1 (the pinned range's
ends at the time): the same ``send_packet`` and ``_enc_alg_sc``.
"""

from __future__ import annotations

import threading
from typing import Any

import asyncssh.connection
from asyncssh.constants import MSG_IGNORE

_EMPTY = b"\x00\x00\x00\x00"  # an SSH string of length 0: what asyncssh inserts
_lock = threading.Lock()
_installed = False


def keeps_ignore(cipher: bytes) -> bool:
    """Whether the server still sends the empty IGNOREs with this negotiated cipher (CBC only)."""
    return cipher.endswith(b"-cbc") or b"-cbc@" in cipher


def install() -> None:
    """Leave asyncssh's empty IGNORE packets out of server connections (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        cls = asyncssh.connection.SSHServerConnection
        send = cls.send_packet

        def send_packet(self: Any, pkttype: int, *args: Any, **kwargs: Any) -> None:
            # a renamed attribute in another asyncssh keeps the stock behaviour (and fails
            # tests/test_lab_ssh_ignore.py): never an error in a device's session
            cipher = getattr(self, "_enc_alg_sc", None)
            empty_ignore = pkttype == MSG_IGNORE and args == (_EMPTY,)
            if empty_ignore and isinstance(cipher, bytes) and not keeps_ignore(cipher):
                return
            send(self, pkttype, *args, **kwargs)

        cls.send_packet = send_packet  # type: ignore[method-assign]
        _installed = True
