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
