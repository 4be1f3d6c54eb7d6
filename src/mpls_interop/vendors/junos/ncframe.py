"""ncclient's NETCONF 1.1 chunk reader without decoding the whole buffer at every delimiter.

ncclient reads a session 4 KB at a time and, after each read, its ``_parse11`` decodes
everything buffered from the current position to match the next chunk delimiter at its start
(and again after each chunk): a reply of n bytes costs it about n²/4 KB of decoding. The reader
below matches the same delimiter on the bytes at the position (no copy, no decoding); the ASCII
delimiter matches there exactly where ncclient's match on the decoded text does; where it does
not, the reader does what ncclient does (decode the rest and match, step for step), so
incomplete input and garbage end as they did. ``tests/test_junos_ncframe.py`` holds both readers to the
same messages, rest and errors on random framings.
"""

from __future__ import annotations

import re
import threading
from typing import Any

#: ncclient's RE_NC11_DELIM, on bytes
_DELIM = re.compile(rb"\n(?:#([0-9]+)|(##))\n")
_LOCK = threading.Lock()
_STOCK: dict[str, Any] = {}


def _parse11(self: Any) -> None:
    """``DefaultXMLParser._parse11`` step for step (same dispatches, kept chunks, rest and
    errors, its eager strict decoding of the rest where no delimiter matches included), except
    that a delimiter is first matched on the bytes at the position."""
    from ncclient.transport.parser import RE_NC11_DELIM, StringIO, textify

    session = self._session
    session._buffer.seek(0)
    data = session._buffer.getvalue()
    data_len = len(data)
    start = 0
    while start < data_len:
        m = _DELIM.match(data, start)
        if m is not None:
            rel_end, chunk, end_of_message = m.end() - start, m.group(1), m.group(2)
        else:  # what ncclient matches on the decoded rest (bytes it cannot decode are skipped)
            r = RE_NC11_DELIM.match(data[start:].decode("utf-8", errors="ignore"))
            if not r:
                data[start:].decode()  # ncclient's debug line decodes the rest strictly (may raise)
                break
            rel_end, chunk, end_of_message = r.end(), r.group(1), r.group(2)
        if end_of_message:
            start += rel_end
            message = "".join(session._message_list)
            session._message_list = []
            session._dispatch_message(message)
            break
        if chunk:
            digits = int(chunk)
            if data_len - start >= rel_end + digits:
                session._message_list.append(textify(data[start + rel_end:start + rel_end + digits]))
                start += rel_end + digits
            else:
                break
    if start > 0:
        session._buffer = StringIO(data[start:])
        if start < data_len:
            self._parse11()


def install() -> None:
    """Route ncclient's NETCONF 1.1 reader through :func:`_parse11` (once per process)."""
    from ncclient.transport.parser import DefaultXMLParser

    with _LOCK:
        if _STOCK:
            return
        _STOCK["parse11"] = DefaultXMLParser._parse11
        DefaultXMLParser._parse11 = _parse11


def stock_parse11() -> Any:
    """ncclient's own method (for comparisons), whether or not :func:`install` ran."""
    from ncclient.transport.parser import DefaultXMLParser

    return _STOCK.get("parse11", DefaultXMLParser._parse11)
