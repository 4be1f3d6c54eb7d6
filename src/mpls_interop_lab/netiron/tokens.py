"""Word-level parsing shared by the NetIron config engine and the exec commands.

NetIron accepts any unambiguous prefix of a keyword (``sh ver``, ``int e 1/1``) and answers bad input
with one of three replies, reproduced here: ``Invalid input -> <rest of line>`` followed by
``Type ? for a list`` (unknown or ambiguous word), ``Incomplete command.`` and ``Error - <reason>``
(well-formed but refused).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

TYPE_HINT = "Type ? for a list"


class ConfigError(Exception):
    """A reply NetIron gives instead of executing a line; ``message`` is the exact device text."""

    def __init__(self, message: str, kind: str = "error") -> None:
        super().__init__(message)
        self.message = message
        #: "invalid" | "incomplete" | "error"
        self.kind = kind


def invalid(remainder: str) -> ConfigError:
    return ConfigError(f"Invalid input -> {remainder}\n{TYPE_HINT}", "invalid")


def incomplete() -> ConfigError:
    return ConfigError("Incomplete command.", "incomplete")


def error(reason: str) -> ConfigError:
    return ConfigError(f"Error - {reason}", "error")


def resolve(word: str, choices: Iterable[str]) -> str | None:
    """The keyword ``word`` abbreviates: an exact match wins, else the only prefix match.

    None when nothing matches or the abbreviation is ambiguous (NetIron rejects both alike).
    """
    w = word.lower()
    options = list(choices)
    if w in options:
        return w
    hits = [c for c in options if c.startswith(w)]
    return hits[0] if len(hits) == 1 else None


class Tokens:
    """A command line as words, consumed left to right."""

    def __init__(self, text: str) -> None:
        #: the line as typed (verbatim statements keep their spelling and spacing)
        self.text = text.strip()
        self.words = text.split()
        self.pos = 0

    def more(self) -> bool:
        return self.pos < len(self.words)

    def peek(self) -> str | None:
        return self.words[self.pos] if self.more() else None

    def invalid(self) -> ConfigError:
        """Invalid input at the current word (the reply quotes the rest of the line)."""
        return invalid(" ".join(self.words[self.pos :]))

    def take(self) -> str:
        if not self.more():
            raise incomplete()
        word = self.words[self.pos]
        self.pos += 1
        return word

    def keyword(self, choices: Iterable[str]) -> str:
        if not self.more():
            raise incomplete()
        found = resolve(self.words[self.pos], choices)
        if found is None:
            raise self.invalid()
        self.pos += 1
        return found

    def opt_keyword(self, choices: Iterable[str]) -> str | None:
        if not self.more():
            return None
        found = resolve(self.words[self.pos], choices)
        if found is not None:
            self.pos += 1
        return found

    def integer(self) -> int:
        if not self.more():
            raise incomplete()
        word = self.words[self.pos]
        if not word.isdigit():
            raise self.invalid()
        self.pos += 1
        return int(word)

    def ipv4(self) -> str:
        if not self.more():
            raise incomplete()
        try:
            addr = ipaddress.IPv4Address(self.words[self.pos])
        except ValueError:
            raise self.invalid() from None
        self.pos += 1
        return str(addr)

    def ipv4_interface(self) -> str:
        """``A.B.C.D/M`` or ``A.B.C.D M.M.M.M``, returned as ``A.B.C.D/M``."""
        if not self.more():
            raise incomplete()
        word = self.words[self.pos]
        try:
            if "/" in word:
                iface = ipaddress.IPv4Interface(word)
                self.pos += 1
            else:
                ipaddress.IPv4Address(word)
                self.pos += 1
                if not self.more():
                    raise incomplete()
                mask = self.words[self.pos]
                iface = ipaddress.IPv4Interface(f"{word}/{mask}")
                self.pos += 1
        except ValueError:
            raise self.invalid() from None
        return f"{iface.ip}/{iface.network.prefixlen}"

    def rest(self) -> str:
        if not self.more():
            raise incomplete()
        text = " ".join(self.words[self.pos :])
        self.pos = len(self.words)
        return text

    def skip_rest(self) -> None:
        self.pos = len(self.words)

    def done(self) -> None:
        if self.more():
            raise self.invalid()
