"""A third vendor is a pure addition: a throw-away plugin (tests/fixtures/plugins/toyos_vendor),
installed through the ``mpls_interop.vendors`` entry-point group, plans, renders and lints beside a
built-in vendor without any core file knowing it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mpls_interop.core.lint import lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.core.render import render_all
from mpls_interop.sdk import spec as registry
from tests.conftest import ROOT

PLUGIN = ROOT / "tests" / "fixtures" / "plugins" / "toyos_vendor"


def install_plugin(site: Path) -> Path:
    """The plugin as pip would leave it: the package plus a dist-info with its entry point."""
    shutil.copytree(PLUGIN, site / "toyos_vendor")
    info = site / "toyos_vendor-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toyos-vendor\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[mpls_interop.vendors]\ntoyos = toyos_vendor:SPEC\n")
    return site


@pytest.fixture
def toyos(tmp_path, monkeypatch):
    site = install_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    registry.refresh_vendors()
    yield site
    registry.refresh_vendors()
    for mod in [m for m in sys.modules if m.split(".")[0] == "toyos_vendor"]:
        del sys.modules[mod]


def mixed_inventory(root: Path, vpls_on_toy: bool = False, vll_mode: str = "raw") -> Path:
    root.mkdir()
    (root / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {
        "junos": {"hosts": {"r1": {"ansible_host": "192.0.2.1"}}},
        "toyos": {"hosts": {"t1": {"ansible_host": "192.0.2.2"}}},
    }}}))
    (root / "host_vars").mkdir()
    (root / "host_vars" / "r1.yml").write_text("model: MX80\nloopback: 10.9.0.1\nphysical_mtu: max\n")
    (root / "host_vars" / "t1.yml").write_text("model: Toy1\nloopback: 10.9.0.2\nphysical_mtu: max\n")
    intent = {
        "defaults": {"pw_mtu": 8000, "ip_mtu": 8000, "core_ip_mtu": 1500},
        "links": [{
            "name": "r1-t1", "subnet": "198.51.100.0/31",
            "a": {"device": "r1", "interface": "ge-0/0/0"}, "b": {"device": "t1", "interface": "port1"},
            "ospf": {"area": 0, "hello": 10, "dead": 40},
        }],
        "mpls": {"rsvp": {"mesh": True}, "ldp": {"targeted": True}},
        "services": {"vll": [{
            "name": "vll-7", "id": 7, "mode": vll_mode,
            "endpoints": [{"device": "r1", "port": "ge-0/0/1"}, {"device": "t1", "port": "port2"}],
        }]},
    }
    if vpls_on_toy:
        intent["services"]["vpls"] = [{
            "name": "vpls-8", "id": 8, "mode": "raw",
            "endpoints": [{"device": "r1", "port": "ge-0/0/2"}, {"device": "t1", "port": "port3"}],
        }]
    (root / "intent.yml").write_text(yaml.safe_dump(intent, sort_keys=False))
    return root


def test_plugin_is_discovered_through_the_entry_point(toyos):
    assert "toyos" in registry.available_vendors()
    assert registry.get_vendor("toyos").capabilities.default_port == 2222


def test_plugin_absent_without_its_distribution():
    assert "toyos" not in registry.available_vendors()


def test_third_vendor_plans_renders_and_lints(toyos, tmp_path):
    intent = load_intent(mixed_inventory(tmp_path / "inv"))
    plan = plan_intent(intent)
    t1 = plan.devices["t1"]
    assert t1.native_mtu == 9000  # 'max' from the plugin's capabilities
    assert [s.name for s in t1.vlls] == ["vll-7"] and t1.vlls[0].peers[0].address == "10.9.0.1"
    configs = render_all(intent)
    assert "pseudowire vll-7 id 7 mode raw mtu 8000 peer 10.9.0.1" in configs["t1"]
    assert "ip port1 address 198.51.100.1/31 mtu 1500 ospf area 0.0.0.0 hello 10 dead 40" in configs["t1"]
    assert "l2circuit" in configs["r1"]  # the built-in vendor renders its end unchanged
    assert [f for f in lint(intent) if f.severity == "error"] == []


def test_lint_gates_on_the_plugins_capabilities(toyos, tmp_path):
    intent = load_intent(mixed_inventory(tmp_path / "inv", vpls_on_toy=True))
    cap = [f for f in lint(intent) if f.rule == "CAP001"]
    assert [(f.devices, f.severity) for f in cap] == [(("t1",), "error")]
    assert "cannot do vpls" in cap[0].message and "vpls-8" in cap[0].message


def test_lint_reports_the_plugins_own_plan_findings(toyos, tmp_path):
    # the SDK hook (VendorSpec.plan_findings) serves any plugin: the core names no vendor
    raw = lint(load_intent(mixed_inventory(tmp_path / "raw")))
    assert [f for f in raw if f.rule == "CAP002"] == []
    tagged = [f for f in lint(load_intent(mixed_inventory(tmp_path / "tagged", vll_mode="tagged")))
              if f.rule == "CAP002"]
    assert [(f.devices, f.severity) for f in tagged] == [(("t1",), "error")]
    assert "raw VLLs only" in tagged[0].message and "vll-7" in tagged[0].message


def test_plugin_in_a_fresh_process_through_the_cli(toyos, tmp_path):
    inv = mixed_inventory(tmp_path / "inv")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(toyos), os.environ.get("PYTHONPATH", "")])}
    run = [sys.executable, "-m", "mpls_interop"]
    out = subprocess.run([*run, "render", "-i", str(inv), "--device", "t1"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("hostname t1\nloopback 10.9.0.2\n")
    assert subprocess.run([*run, "lint", "-i", str(inv)], capture_output=True, text=True, env=env).returncode == 0
    cfg = tmp_path / "t1.cfg"
    cfg.write_text(out.stdout)
    lc = subprocess.run([*run, "lint-config", str(cfg), "--format", "json"], capture_output=True, text=True, env=env)
    assert lc.returncode == 0 and json.loads(lc.stdout) == [], lc.stdout + lc.stderr
    cfg.write_text(out.stdout + "frobnicate everything\n")
    lc = subprocess.run([*run, "lint-config", str(cfg), "--format", "json"], capture_output=True, text=True, env=env)
    assert lc.returncode == 1 and [f["rule"] for f in json.loads(lc.stdout)] == ["TOY001"]


def test_unknown_vendor_group_is_bad_input_without_the_plugin(tmp_path):
    inv = mixed_inventory(tmp_path / "inv")
    out = subprocess.run([sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv)], capture_output=True, text=True)
    assert out.returncode == 2 and "t1" in out.stderr and "Traceback" not in out.stderr
