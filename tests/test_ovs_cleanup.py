"""Cleaning up after a crashed OpenFlow lab kills only that lab's processes: a PID recorded before
the crash may belong to anything by the time the next lab starts (no OVS or root needed)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from mpls_interop_lab.ovs.fabric import RECORD, cleanup_stale


def _sleeper(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", *args])


def test_only_processes_naming_the_labs_run_directory_are_killed(tmp_path: Path) -> None:
    run_dir = tempfile.mkdtemp(prefix="mi-ovs-test-", dir=tmp_path)
    ours = _sleeper(f"--vty_socket={run_dir}/frr")   # a daemon of the crashed lab
    reused = _sleeper("--something-else")            # its PID was handed to another process
    try:
        (tmp_path / RECORD).write_text(json.dumps({"run_dir": run_dir, "netns": [], "pids": [ours.pid, reused.pid]}))
        cleanup_stale(tmp_path)
        assert ours.wait(timeout=10) != 0
        assert reused.poll() is None, "a process that is not the lab's was killed"
        assert not Path(run_dir).exists() and not (tmp_path / RECORD).exists()
    finally:
        for p in (ours, reused):
            p.kill()
            p.wait()
