"""``write_files_atomically``: all files or none, unchanged files left alone, a new directory in one rename."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from mpls_interop.cli.common import write_files_atomically
from mpls_interop.sdk.errors import InputError


def _files(folder, n=5, text="config {i}\n"):
    return {folder / f"d{i}.conf": text.format(i=i) for i in range(n)}


def test_a_new_directory_gets_every_file_and_no_staging_is_left(tmp_path):
    out = tmp_path / "a" / "out"
    write_files_atomically(_files(out))
    assert sorted(p.name for p in out.iterdir()) == [f"d{i}.conf" for i in range(5)]
    assert (out / "d3.conf").read_text() == "config 3\n"
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["out"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())  # as mkstemp made them
    (tmp_path / "plain").mkdir()
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE((tmp_path / "plain").stat().st_mode)


def test_an_existing_directory_keeps_unchanged_files_and_foreign_ones(tmp_path):
    out = tmp_path / "out"
    write_files_atomically(_files(out))
    (out / "mine.txt").write_text("not the toolkit's")
    before = {p.name: p.stat().st_ino for p in out.iterdir()}
    changed = _files(out)
    changed[out / "d1.conf"] = "config one, changed\n"
    changed[out / "d9.conf"] = "new device\n"
    write_files_atomically(changed)
    after = {p.name: p.stat().st_ino for p in out.iterdir()}
    assert (out / "d1.conf").read_text() == "config one, changed\n" and after["d1.conf"] != before["d1.conf"]
    assert (out / "d9.conf").read_text() == "new device\n"
    assert all(after[f"d{i}.conf"] == before[f"d{i}.conf"] for i in (0, 2, 3, 4))  # not rewritten
    assert (out / "mine.txt").read_text() == "not the toolkit's"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_same_size_other_content_is_rewritten(tmp_path):
    out = tmp_path / "out"
    write_files_atomically({out / "x.conf": "aaaa\n"})
    write_files_atomically({out / "x.conf": "bbbb\n"})
    assert (out / "x.conf").read_text() == "bbbb\n"


#: write_files_atomically in a child process: prints the InputError it raised
_CHILD = """
import json, sys
from pathlib import Path
from mpls_interop.cli.common import write_files_atomically
from mpls_interop.sdk.errors import InputError
try:
    write_files_atomically({Path(k): v for k, v in json.loads(sys.argv[1]).items()})
except InputError as exc:
    print(f"InputError: {exc}")
"""


def _write_without_override(files: dict) -> str:
    """Root writes anywhere (CAP_DAC_OVERRIDE), and CI runs as root: the write runs in a child
    that lost that capability (util-linux ``setpriv``), so file modes bind it as they bind a user."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) not installed: root cannot drop CAP_DAC_OVERRIDE")
    proc = subprocess.run(
        ["setpriv", "--bounding-set=-dac_override", sys.executable, "-c", _CHILD,
         json.dumps({str(k): v for k, v in files.items()})],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0 and proc.stderr.startswith("setpriv:"):
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_nothing_is_written_when_the_directory_cannot_be_made(tmp_path):
    (tmp_path / "ro").mkdir(mode=0o500)
    files = _files(tmp_path / "ro" / "out")
    if os.geteuid() != 0:
        with pytest.raises(InputError):
            write_files_atomically(files)
    else:
        assert _write_without_override(files).startswith("InputError: "), "the write was not refused"
    assert list((tmp_path / "ro").iterdir()) == []


def test_a_failure_leaves_no_staging_directory(tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_open = os.open
    calls = []

    def failing_open(path, *args, **kw):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", failing_open)
    with pytest.raises(InputError, match="cannot write: No space left on device"):
        write_files_atomically(_files(out))
    assert list(tmp_path.iterdir()) == []
