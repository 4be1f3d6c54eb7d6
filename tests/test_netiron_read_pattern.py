"""The NetIron session reads up to a pattern as netmiko's own ``read_until_pattern`` does (same
output returned, same rest kept for the next read, ``ReadTimeout`` when the pattern never comes),
with its compiled patterns kept: compared with netmiko's method on the same chunked output."""

from __future__ import annotations

import re
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from netmiko.base_connection import BaseConnection
from netmiko.exceptions import ReadTimeout

from mpls_interop.vendors.netiron.driver import BoundedNetironSSH

PATTERNS = [r"SSH@r2#", r"SSH@r2(?:\([^)\r\n]*\))?[#>]", r"\)#", r"show interfaces", r"--More--", r"(SSH@r2#)",
            r"[>#]", r"ping 10\.0\.0\.1 size 1472"]
TEXTS = ["show interfaces\n", "SSH@r2#", "SSH@r2(config)#", "line\r\n", "--More--", "ping 10.0.0.1 size 1472\n",
         "SSH@r", "2#", ")", "#", "x" * 40, "\n"]


class _Chunks:
    """A channel that hands out one chunk per read, then nothing."""

    def __init__(self, chunks: list[str]) -> None:
        self.chunks = list(chunks)

    def read_channel(self) -> str:
        return self.chunks.pop(0) if self.chunks else ""


def _session(cls: type, chunks: list[str]) -> BaseConnection:
    conn = cls.__new__(cls)  # no connection: only the reading state
    conn.channel = _Chunks(chunks)
    conn._read_buffer = ""
    conn.read_timeout_override = None
    conn.disable_lf_normalization = True
    conn.ansi_escape_codes = False
    conn.session_log = None
    conn.watch = None
    conn.remote_conn = None
    conn._session_locker = threading.Lock()
    conn.session_timeout = 5.0
    return conn


def _stock(chunks: list[str], pattern: str, timeout: float) -> tuple[str, str] | None:
    conn = _session(BoundedNetironSSH, chunks)
    try:
        out = BaseConnection.read_until_pattern(conn, pattern=pattern, read_timeout=timeout)
    except ReadTimeout:
        return None
    return out, conn._read_buffer


def _ours(chunks: list[str], pattern: str, timeout: float) -> tuple[str, str] | None:
    conn = _session(BoundedNetironSSH, chunks)
    try:
        out = conn.read_until_pattern(pattern=pattern, read_timeout=timeout)
    except ReadTimeout:
        return None
    return out, conn._read_buffer


@settings(max_examples=60, deadline=None)
@given(chunks=st.lists(st.lists(st.sampled_from(TEXTS), max_size=4).map("".join), min_size=1, max_size=5),
       pattern=st.sampled_from(PATTERNS))
def test_same_output_and_rest_as_netmiko(chunks: list[str], pattern: str) -> None:
    joined = "".join(chunks)

    if re.search(pattern, joined) is None:
        return  # netmiko would wait out its timeout: the timeout case is tested below
    assert _ours(chunks, pattern, 5.0) == _stock(chunks, pattern, 5.0)


def test_prompt_after_partial_chunks() -> None:
    chunks = ["show mpls lsp\r\n", "lsp1 up\r\nSSH@r", "2#extra"]
    assert _ours(chunks, r"SSH@r2#", 5.0) == ("show mpls lsp\r\nlsp1 up\r\nSSH@r2#", "extra")


def test_timeout_when_the_pattern_never_comes() -> None:
    conn = _session(BoundedNetironSSH, ["SSH@r2(config)#"])
    with pytest.raises(ReadTimeout, match="Pattern not detected"):
        conn.read_until_pattern(pattern=r"SSH@r3#", read_timeout=0.05)
    assert _stock(["SSH@r2(config)#"], r"SSH@r3#", 0.05) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .()[]*+?|^$\\{}#>-\n\r\t1")), max_size=12))
def test_escaped_text_is_read_as_text(text: str) -> None:
    """A pattern that is ``re.escape`` of a text (netmiko's command echo) is that text; the read
    finds it where the regex finds it."""
    from mpls_interop.vendors.netiron.driver import _literal

    pattern = re.escape(text)
    assert _literal(pattern) == text
    chunks = ["x" + text[: len(text) // 2], text[len(text) // 2:] + "rest" + text]
    assert _ours(chunks, pattern, 5.0) == _stock(chunks, pattern, 5.0)


@pytest.mark.parametrize("pattern", [r"[>#]", r"a.b", r"\)#|x", r"\d+", r"SSH@r2(?:\([^)\r\n]*\))?[#>]", r"\n", "a\\"])
def test_regex_is_not_taken_for_text(pattern: str) -> None:
    from mpls_interop.vendors.netiron.driver import _literal

    assert _literal(pattern) is None
