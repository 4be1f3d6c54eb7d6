"""A running emulated lab for end-to-end tests (started and stopped with the real CLI)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

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

    @contextmanager
    def environment(self) -> Iterator[None]:
        """This lab's environment for in-process toolkit calls (restored afterwards)."""
        with patch.dict(os.environ, self.env):
            yield

    def reset(self) -> None:
        """Back to factory: restart the lab (every device at its factory config, no faults)."""
        self.run("lab", "down", "-i", str(self.inventory))
        proc = self.run("lab", "up", "-i", str(self.inventory))
        if proc.returncode != 0:
            pytest.fail(f"lab up failed: {proc.stderr}")

    def ensure_seed(self) -> None:
        """The seed intent deployed and no fault active, whatever ran before (a no-op when so)."""
        self.fault("clear")
        proc = self.run("deploy", "-i", str(self.inventory), "--lab", "--no-verify", "--timeout", "10")
        if proc.returncode != 0:
            self.reset()
            proc = self.run("deploy", "-i", str(self.inventory), "--lab", "--no-verify", "--timeout", "10")
        assert proc.returncode == 0, proc.stdout + proc.stderr

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


def deployed_lab(tmp_path_factory: pytest.TempPathFactory, inventory: Path) -> Iterator[RunningLab]:
    """A lab for a private copy of ``inventory``, its intent deployed (no verification); a failed
    first deploy stops the lab (namespaces, daemons) before the failure is reported."""
    import shutil

    inv = tmp_path_factory.mktemp("inv") / inventory.name
    shutil.copytree(inventory, inv)
    lab = start_lab(inv, tmp_path_factory.mktemp("state"))
    try:
        deployed = lab.run("deploy", "-i", str(inv), "--lab", "--no-verify")
        assert deployed.returncode == 0, deployed.stdout + deployed.stderr
        yield lab
    finally:
        stop_lab(lab)


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


@pytest.fixture(scope="module")
def deployed_seed_lab(seed_lab):
    """This module's seed lab with the seed intent deployed (no verification)."""
    proc = seed_lab.run("deploy", "-i", str(seed_lab.inventory), "--lab", "--format", "json", "--timeout", "8")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return seed_lab
