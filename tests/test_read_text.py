"""``inventory.read_text`` reads a file's size (not the limit) and still enforces the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mpls_interop.core import inventory
from mpls_interop.core.inventory import read_text
from mpls_interop.sdk.errors import InputError


def test_limit_exactly_and_one_byte_over(tmp_path):
    f = tmp_path / "x.yml"
    f.write_bytes(b"a" * 100)
    assert read_text(f, 100) == "a" * 100
    f.write_bytes(b"a" * 101)
    with pytest.raises(InputError, match="larger than the 100 bytes limit"):
        read_text(f, 100)


def test_a_pipe_has_no_size_and_is_read_whole():
    r, w = os.pipe()
    os.write(w, b"x: 1\ny: 2\n")
    os.close(w)
    try:
        assert read_text(Path(f"/proc/self/fd/{r}")) == "x: 1\ny: 2\n"
    finally:
        os.close(r)


def test_a_file_larger_than_its_stat_said_is_read_on_up_to_the_limit(tmp_path, monkeypatch):
    f = tmp_path / "x.yml"
    f.write_bytes(b"b" * 50)
    real = os.fstat

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self.st_size = 10  # as if the file grew after the stat

    monkeypatch.setattr(inventory.os, "fstat", lambda fd: Small(real(fd)))
    assert read_text(f, 100) == "b" * 50
    f.write_bytes(b"b" * 150)
    with pytest.raises(InputError, match="larger than"):
        read_text(f, 100)
