"""Validated string types: names and descriptions that cannot inject CLI or config syntax."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,62}$")
_FORBIDDEN = set("\n\r;{}#\"'`\\")
#: a DNS name, an IPv4 address or a bracketless IPv6 address (with an optional %zone)
_HOST_RE = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.:%\-]{0,252})$")


def _check_name(value: str) -> str:
    if _NAME_RE.fullmatch(value):  # the pattern admits none of _FORBIDDEN (fullmatch: no trailing newline)
        return value
    bad = _FORBIDDEN.intersection(value)
    if bad:
        raise ValueError(f"{value!r} contains forbidden character {sorted(bad)[0]!r}")
    if not _NAME_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid name (letters, digits, '_', '-', '.', ':'; max 63, no spaces)"
        )
    return value


def _check_text(value: str) -> str:
    bad = _FORBIDDEN.intersection(value)
    if bad:
        raise ValueError(f"{value!r} contains forbidden character {sorted(bad)[0]!r}")
    if not value.isprintable():
        raise ValueError(f"{value!r} contains non-printable characters")
    if len(value) > 200:
        raise ValueError("longer than 200 characters")
    return value


def check_name(value: str) -> str:
    """``value`` if it is a valid name, else ValueError (a one-line message quoting it)."""
    return _check_name(value)


def _check_host(value: str) -> str:
    if not _HOST_RE.match(value):
        raise ValueError(f"{value!r} is not a host name or address")
    return value


Name = Annotated[str, AfterValidator(_check_name)]
#: a management address (``ansible_host``): it reaches SSH libraries and error messages
HostName = Annotated[str, AfterValidator(_check_host)]
Text = Annotated[str, AfterValidator(_check_text)]
