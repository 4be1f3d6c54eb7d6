"""Validated string types: names and descriptions that cannot inject CLI or config syntax."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,62}$")
_FORBIDDEN = set("\n\r;{}#\"'`\\")


def _check_name(value: str) -> str:
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


Name = Annotated[str, AfterValidator(_check_name)]
Text = Annotated[str, AfterValidator(_check_text)]
