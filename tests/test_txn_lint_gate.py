"""Lint gate: a deploy of an intent with an error-level lint finding stops before any connection."""

from __future__ import annotations

import json

from tests.helpers import edit_yaml, seed_copy, service
from tests.lab_fixtures import cli


def _broken(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vpls-140").update(id=40))  # VPLS id reused
    return inv


def test_lint_error_stops_deploy_before_any_connection(tmp_path):
    inv = _broken(tmp_path)
    env = {"INTEROP_STATE_DIR": str(tmp_path / "state")}
    # no lab runs for this inventory: reaching the devices would fail with exit 2 ("no emulated lab")
    proc = cli("deploy", "-i", str(inv), "--lab", env=env)
    assert proc.returncode == 1, proc.stderr
    assert "PW004" in proc.stderr and "lint" in proc.stderr
    assert "no emulated lab" not in proc.stderr
    assert "Traceback" not in proc.stderr


def test_skip_lint_goes_on_to_the_devices(tmp_path):
    inv = _broken(tmp_path)
    env = {"INTEROP_STATE_DIR": str(tmp_path / "state")}
    proc = cli("deploy", "-i", str(inv), "--lab", "--skip-lint", env=env)
    assert "PW004" not in proc.stderr
    assert proc.returncode == 2 and "no emulated lab" in proc.stderr, proc.stderr


def test_clean_intent_passes_the_gate(tmp_path):
    inv = seed_copy(tmp_path)
    proc = cli("deploy", "-i", str(inv), "--lab", env={"INTEROP_STATE_DIR": str(tmp_path / "state")})
    assert proc.returncode == 2 and "no emulated lab" in proc.stderr, proc.stderr


def test_skip_lint_is_in_the_report(seed_lab):
    lab_seed = seed_lab
    lab_seed.ensure_seed()
    proc = lab_seed.run("deploy", "-i", str(lab_seed.inventory), "--lab", "--no-verify", "--skip-lint",
                        "--format", "json", "--timeout", "10")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["lint_skipped"] is True
    proc = lab_seed.run("deploy", "-i", str(lab_seed.inventory), "--lab", "--no-verify", "--skip-lint",
                        "--timeout", "10")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "lint skipped" in proc.stdout, proc.stdout
