"""The NETCONF 1.1 chunk reader (``vendors/junos/ncframe.py``) makes of any byte stream what
ncclient's own ``_parse11`` makes of it: the same messages dispatched, the same chunks kept, the
same rest in the buffer and the same error, for random messages (non-ASCII text, text that looks
like a delimiter), random chunk sizes (splitting characters too), random read sizes and garbage."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ncclient.transport.parser import DefaultXMLParser
from ncclient.transport.session import NetconfBase

from mpls_interop.vendors.junos import ncframe

ncframe.install()


class _Session:
    def __init__(self) -> None:
        self._buffer = BytesIO()
        self._message_list: list[str] = []
        self._base = NetconfBase.BASE_11
        self.parser: Any = None
        self.dispatched: list[str] = []

    def _dispatch_message(self, raw: str) -> None:
        self.dispatched.append(raw)


class _Stock(DefaultXMLParser):
    _parse11 = ncframe.stock_parse11()


class _Fast(DefaultXMLParser):
    _parse11 = ncframe._parse11


def _run(cls: type, reads: list[bytes]) -> tuple:
    session = _Session()
    parser = cls(session)
    session.parser = parser
    error = None
    for data in reads:
        try:
            parser.parse(data)
        except Exception as exc:  # noqa: BLE001  (both readers must fail alike)
            error = (type(exc).__name__, str(exc))
            break
    return session.dispatched, session._message_list, session._buffer.getvalue(), error


_TEXT = st.lists(st.sampled_from(list("<a/>x \n#9é€") + ["\n#12\n", "\n##\n"]), max_size=40).map("".join)


@st.composite
def _stream(draw: st.DrawFn) -> list[bytes]:
    out = b""
    for message in draw(st.lists(_TEXT, min_size=1, max_size=3)):
        raw = message.encode()
        pos = 0
        while pos < len(raw):
            size = draw(st.integers(1, max(1, len(raw) - pos)))
            out += b"\n#%d\n" % size + raw[pos:pos + size]
            pos += size
        out += b"\n##\n"
    if draw(st.booleans()):
        at = draw(st.integers(0, len(out)))
        out = out[:at] + draw(st.sampled_from([b"\xff", b"\n#", b"\n#x\n", b"junk", b"\n##"])) + out[at:]
    if draw(st.booleans()):
        out = out[: draw(st.integers(0, len(out)))]  # the stream stops early
    cuts = sorted(draw(st.lists(st.integers(0, len(out)), max_size=8)))
    edges = [0, *cuts, len(out)]
    return [out[a:b] for a, b in zip(edges, edges[1:], strict=False)]


@settings(max_examples=400, deadline=None)
@given(_stream())
def test_same_as_ncclient(reads: list[bytes]) -> None:
    assert _run(_Fast, reads) == _run(_Stock, reads)


def test_a_large_reply_in_small_reads() -> None:
    body = "<rpc-reply>" + "<x>é</x>" * 5000 + "</rpc-reply>"
    pieces = [body[i:i + 3000].encode() for i in range(0, len(body), 3000)]  # chunks of whole characters
    framed = b"".join(b"\n#%d\n" % len(p) + p for p in pieces)
    framed += b"\n##\n"
    reads = [framed[i:i + 4096] for i in range(0, len(framed), 4096)]
    got = _run(_Fast, reads)
    assert got == _run(_Stock, reads)
    assert got[0] == [body] and got[2] == b""
