"""Errors that the CLI turns into one clear line and exit code 2."""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` with every non-printable character escaped (newlines, controls, bidi overrides,
    line separators, odd spaces, unassigned code points: ``\\n``, ``\\x1b``, ``\\u2028``…), so an
    echoed value can never start a line of its own or drive the terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif not ch.isprintable():
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


class InputError(Exception):
    """Bad input (inventory, intent, CLI argument, device reply): one line naming where."""

    def __init__(self, where: str, message: str) -> None:
        self.where = one_line(str(where))
        self.message = one_line(str(message))
        super().__init__(f"{self.where}: {self.message}" if self.where else self.message)
