"""`interop render --out`: every file written, one summary line (not one line per device)."""

from __future__ import annotations

import subprocess
import sys

from bench.gen_inventory import generate


def test_render_out_prints_one_summary_line(tmp_path):
    inv = generate(tmp_path / "inv", routers=60, services=30, mesh="pw-peers")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "render", "-i", str(inv), "--out", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("*.conf"))) == 60
    assert proc.stderr.strip().splitlines() == [f"wrote 60 config(s) to {out}/ (junos 30, netiron 30)"]
    assert proc.stdout == ""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True)


def test_render_lint_stops_on_an_error_finding_and_writes_nothing(tmp_path):
    from tests.helpers import edit_yaml, seed_copy, service

    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vpls-140").update(id=40))  # VPLS id reused: PW004
    out = tmp_path / "out"
    proc = _cli("render", "-i", str(inv), "--lint", "--out", str(out))
    assert proc.returncode == 1, proc.stderr
    assert "PW004" in proc.stderr and proc.stdout == ""
    assert not out.exists()
    # without --lint the same intent renders (lint is the only gate)
    assert _cli("render", "-i", str(inv), "--out", str(out)).returncode == 0


def test_render_lint_on_a_clean_intent_writes_what_render_writes(tmp_path):
    from tests.conftest import SEED_INVENTORY

    plain, linted = tmp_path / "plain", tmp_path / "linted"
    assert _cli("render", "-i", str(SEED_INVENTORY), "--out", str(plain)).returncode == 0
    proc = _cli("render", "-i", str(SEED_INVENTORY), "--lint", "--out", str(linted))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in plain.glob("*.conf"))
    assert names == sorted(p.name for p in linted.glob("*.conf")) and names
    assert all((plain / n).read_text() == (linted / n).read_text() for n in names)
    lint = _cli("lint", "-i", str(SEED_INVENTORY))
    assert lint.returncode == 0, lint.stdout
    one = _cli("render", "-i", str(SEED_INVENTORY), "--lint", "-d", "r1")
    assert one.returncode == 0 and one.stdout == (plain / "r1.conf").read_text()
