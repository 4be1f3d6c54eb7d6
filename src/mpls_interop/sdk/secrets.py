"""Secret scrubbing for every text the toolkit writes (errors, reports, journal, logs).

Credentials are registered once, when a device's target is built (:func:`register`), and
:func:`scrub` removes them from any text:

* a secret of :data:`MIN_ANYWHERE` characters or more is replaced wherever it occurs;
* a shorter one (a lab's ``lab``) only where it stands as a whole token, so ordinary words that
  contain it (``label``, ``collaborate``) are left alone;
* the value in a secret-bearing position of a library message or repr (``passwd=x``,
  ``'password': 'x'``, ``"secret": "x"``) is always replaced, registered or not.
"""

from __future__ import annotations

import re
import threading

MASK = "****"
#: secrets at least this long are scrubbed wherever they occur, shorter ones as whole tokens
MIN_ANYWHERE = 6

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern[str] | None = None

#: secret-bearing positions in library messages and reprs: ``passwd=x``, ``password=x``,
#: ``'password': 'x'``, ``"secret": "x"``
_KEYWORD_RE = re.compile(
    r"""(?P<key>(?:(?P<kq>['"])\w*(?:password|passwd|passphrase|secret|token)(?P=kq)\s*:\s*"""
    r"""|\b\w*(?:password|passwd|passphrase|secret|token)=))"""
    r"""(?P<q>['"]?)(?P<value>[^\s'",;)}\]]+)(?P=q)""",
    re.IGNORECASE,
)


def register(*secrets: str | None) -> None:
    """Remember credentials (empty and None are ignored)."""
    global _pattern
    fresh = {s for s in secrets if s}
    with _lock:
        if fresh <= _secrets:
            return
        _secrets.update(fresh)
        long = sorted((s for s in _secrets if len(s) >= MIN_ANYWHERE), key=len, reverse=True)
        short = sorted((s for s in _secrets if len(s) < MIN_ANYWHERE), key=len, reverse=True)
        parts = [re.escape(s) for s in long]
        parts += [rf"(?<![\w.-]){re.escape(s)}(?![\w-])" for s in short]
        _pattern = re.compile("|".join(parts)) if parts else None


def forget_all() -> None:
    """Drop every registered secret (tests)."""
    global _pattern
    with _lock:
        _secrets.clear()
        _pattern = None


def scrub(text: object, *extra: str | None) -> str:
    """``text`` without any registered secret, any of ``extra``, or any value after a
    secret-bearing keyword."""
    out = str(text)
    if extra:
        register(*extra)
    pattern = _pattern
    if pattern is not None:
        out = pattern.sub(MASK, out)
    return _KEYWORD_RE.sub(_mask_value, out)


def _mask_value(m: re.Match[str]) -> str:
    value = m.group("value")
    if value == MASK:
        return m.group(0)
    return f"{m.group('key')}{m.group('q')}{MASK}{m.group('q')}"
