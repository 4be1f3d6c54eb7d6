"""Verify reports: JSON with a summary, JUnit with time/timestamp, --output checked up front."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree as ET

import pytest

from mpls_interop.core.checks import Check
from mpls_interop.ops import report
from tests.conftest import SEED_INVENTORY

CHECKS = [
    Check("link r1-r2", ("r1", "r2"), "pass", "ok"),
    Check("ospf r1-r2", ("r1", "r2"), "fail", "r1 neighbour 198.51.100.2 is Init"),
    Check("mtu ping r1->r2 (r1-r2)", ("r1", "r2"), "skip", "ping not run"),
]


def a_run() -> report.Run:
    start = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    return report.Run(inventory="inv/seed", started=start, finished=start + timedelta(seconds=12.5))


def test_json_has_summary_and_checks():
    data = json.loads(report.as_json(CHECKS, a_run()))
    s = data["summary"]
    assert (s["passed"], s["failed"], s["skipped"], s["total"], s["ok"]) == (1, 1, 1, 3, False)
    assert s["inventory"] == "inv/seed" and s["started"] == "2026-01-02T03:04:05+00:00"
    assert s["finished"] == "2026-01-02T03:04:17+00:00" and s["seconds"] == 12.5
    assert s["version"] and s["version"] != "unknown"
    assert [c["check"] for c in data["checks"]] == [c.check for c in CHECKS]


def test_junit_has_time_and_timestamp():
    root = ET.fromstring(report.as_junit(CHECKS, run=a_run()))
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("time") == "12.500" and suite.get("timestamp") == "2026-01-02T03:04:05"
    assert suite.get("failures") == "1" and suite.get("skipped") == "1" and suite.get("tests") == "3"
    assert len(suite.findall("testcase")) == 3 and all(tc.get("time") for tc in suite.findall("testcase"))


def test_text_report_for_files():
    text = report.as_text(CHECKS)
    assert "ospf r1-r2" in text and "1 passed, 1 failed, 1 skipped" in text and "\x1b[" not in text


@pytest.mark.parametrize("fmt", ["table", "json", "junit"])
def test_bad_output_path_is_refused_before_any_work(tmp_path, fmt):
    blocker = tmp_path / "file"
    blocker.write_text("")
    # no lab is running: the command must stop at --output before it tries to reach any device
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "verify", "-i", str(SEED_INVENTORY), "--lab",
                           "--format", fmt, "--output", str(blocker / "report.out")],
                          capture_output=True, text=True, env={"INTEROP_STATE_DIR": str(tmp_path / "state"),
                                                               "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2, proc.stderr
    assert "--output directory" in proc.stderr and "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr and "lab" not in proc.stderr.split("--output")[0].lower()


def test_output_directory_is_refused(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "verify", "-i", str(SEED_INVENTORY), "--lab",
                           "--output", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2 and "is a directory" in proc.stderr
