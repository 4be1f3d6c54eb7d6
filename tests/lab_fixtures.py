"""A running emulated lab for end-to-end tests (started and stopped with the real CLI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


class RunningLab:
    def __init__(self, inventory: Path, state_dir: Path) -> None:
        self.inventory = inventory
        self.env = {"INTEROP_STATE_DIR": str(state_dir), "COLUMNS": "200"}

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return cli(*args, env=self.env, timeout=timeout)

    def status(self) -> dict:
        proc = self.run("lab", "status", "-i", str(self.inventory), "--format", "json")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    def device(self, name: str) -> dict:
        return next(d for d in self.status()["devices"] if d["name"] == name)

    def fault(self, kind: str, target: str = "", value: str | None = None) -> None:
        args = ["lab", "fault", "-i", str(self.inventory), kind]
        if target:
            args.append(target)
        if value is not None:
            args.append(value)
        proc = self.run(*args)
        assert proc.returncode == 0, proc.stderr


def start_lab(inventory: Path, state_dir: Path) -> RunningLab:
    lab = RunningLab(inventory, state_dir)
    proc = lab.run("lab", "up", "-i", str(inventory))
    if proc.returncode != 0:
        pytest.fail(f"lab up failed: {proc.stderr}")
    return lab


def stop_lab(lab: RunningLab) -> None:
    lab.run("lab", "down", "-i", str(lab.inventory))


@pytest.fixture(scope="module")
def seed_lab(tmp_path_factory):
    """A lab for a private copy of the seed inventory (tests may edit its intent in place)."""
    import shutil

    from tests.conftest import SEED_INVENTORY

    inv = tmp_path_factory.mktemp("inv") / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    running = start_lab(inv, tmp_path_factory.mktemp("state"))
    yield running
    stop_lab(running)
