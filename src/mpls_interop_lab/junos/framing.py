"""NETCONF message framing over SSH (RFC 6242): ``]]>]]>`` (base:1.0) and chunked (base:1.1)."""

from __future__ import annotations

EOM = b"]]>]]>"
MAX_CHUNK = 4294967295


class FramingError(ValueError):
    """The peer broke the framing; the session must be closed."""


class FrameDecoder:
    """Splits the incoming byte stream into messages; call :meth:`pop` until it returns None.

    The mode can change between two messages (after the hellos), so messages are taken one at
    a time rather than all at once.
    """

    def __init__(self) -> None:
        self.chunked = False
        self._buf = bytearray()
        self._msg = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    def pop(self) -> bytes | None:
        return self._pop_chunked() if self.chunked else self._pop_eom()

    def _pop_eom(self) -> bytes | None:
        i = self._buf.find(EOM)
        if i < 0:
            return None
        msg = bytes(self._buf[:i])
        del self._buf[: i + len(EOM)]
        return msg

    def _pop_chunked(self) -> bytes | None:
        while True:
            # Whitespace between messages is tolerated (some clients send a newline after ##).
            while self._buf[:1] in (b" ", b"\r", b"\t") or self._buf[:2] == b"\n\n":
                del self._buf[:1]
            if len(self._buf) < 4:
                return None
            if not self._buf.startswith(b"\n#"):
                raise FramingError("expected a chunk header")
            if self._buf[2:4] == b"#\n":
                del self._buf[:4]
                msg = bytes(self._msg)
                self._msg.clear()
                return msg
            end = self._buf.find(b"\n", 2)
            if end < 0:
                if len(self._buf) > 13:
                    raise FramingError("chunk header too long")
                return None
            digits = bytes(self._buf[2:end])
            if not digits.isdigit() or digits.startswith(b"0") or int(digits) > MAX_CHUNK:
                raise FramingError("bad chunk size")
            size = int(digits)
            if len(self._buf) < end + 1 + size:
                return None
            self._msg += self._buf[end + 1 : end + 1 + size]
            del self._buf[: end + 1 + size]


def encode(message: bytes, chunked: bool) -> bytes:
    if chunked:
        return b"\n#%d\n%s\n##\n" % (len(message), message)
    return message + b"\n" + EOM
