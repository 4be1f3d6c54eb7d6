"""The intent commands (render, lint, lint-config, schema) run without importing the device side."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEED_INVENTORY

DEVICE_SIDE = ("mpls_interop.ops", "mpls_interop.cli.net", "nornir", "netmiko", "ncclient", "paramiko")

PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("loaded:" + ",".join(sorted(
    m for m in sys.modules if m.startswith({prefixes!r}))) + "\\n"))
sys.argv = ["interop", *{args!r}]
from mpls_interop.cli.app import main
main()
"""


def _loaded(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    code = PROBE.format(prefixes=DEVICE_SIDE, args=list(args))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("loaded:"))
    return proc, [m for m in line[len("loaded:"):].split(",") if m]


def test_lint_and_render_import_nothing_of_the_device_side(tmp_path):
    for args in (["lint", "-i", str(SEED_INVENTORY)], ["render", "-i", str(SEED_INVENTORY), "--out", str(tmp_path)]):
        proc, loaded = _loaded(*args)
        assert proc.returncode == 0, proc.stderr
        assert loaded == [], loaded


def test_device_commands_and_help_still_have_everything():
    proc, loaded = _loaded("--help")
    assert proc.returncode == 0
    for command in ("render", "lint", "deploy", "verify", "diff", "recover", "lab", "adopt"):
        assert f" {command} " in proc.stdout, command
    assert "mpls_interop.cli.net" in loaded
    proc, _ = _loaded("deploy", "--help")
    assert proc.returncode == 0 and "--confirm" in proc.stdout


def test_the_app_attribute_is_the_whole_application():
    from mpls_interop.cli import app as app_module

    names = {c.name or c.callback.__name__ for g in app_module.app.registered_groups
             for c in g.typer_instance.registered_commands}
    assert {"deploy", "verify", "render", "lint"} <= {n.replace("_", "-") for n in names}
