"""Brownfield onboarding of a real router: the lab's r2 boots from the real MLX 5.8 running config
(../shared capture: IS-IS core, its own LSPs, a VLL, a local VLL, a VPLS, VLANs, a LAG, a
mirror, rate limits, TACACS, LLDP) and the seed intent is deployed onto it.

The seed inventory is moved onto ports the real router leaves free (a brownfield router's core
ports are taken), keeps the router's hostname and loopback (``hostname`` and ``loopback`` host
variables), and is otherwise the seed. Expected: the first deploy stops on an ownership conflict
before any change; ``adopt`` takes only what matches the intent and reports everything else as
"unmanaged, kept"; the deploy then passes verification and every line the router had before is
still there, unchanged and in the same order (running and saved config), with only the
intent's own lines added.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from tests.conftest import SEED_INVENTORY, capture
from tests.helpers import edit_yaml
from tests.lab_fixtures import RunningLab, stop_lab

MLX = "netiron/ansible-ironware__show_running-config"
#: the seed's r2 ports moved to ports the real MLX does not use
R2_PORTS = {"ethe 1/1": "ethe 1/7", "ethe 1/2": "ethe 1/8", "ethe 1/5": "ethe 1/6"}


def _move_r2(intent: dict) -> None:
    for link in intent["links"]:
        for end in (link["a"], link["b"]):
            if end["device"] == "r2":
                end["interface"] = R2_PORTS[end["interface"]]
        if link["name"] == "r1-r2":  # the real router already has a VLAN 1000 of its own
            link["a"]["vlan"] = link["b"]["vlan"] = 1001
            link["b"]["router_interface"] = 101
    for kind in ("vpls", "vll"):
        for svc in intent["services"][kind]:
            for end in svc["endpoints"]:
                if end["device"] == "r2" and "port" in end:
                    end["port"] = R2_PORTS[end["port"]]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    real = capture(MLX).read_text()
    inv = tmp_path_factory.mktemp("inv") / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    edit_yaml(inv / "intent.yml", _move_r2)
    host_vars = inv / "host_vars" / "r2.yml"
    # the router keeps its own name and loopback (from the capture: hostname, interface loopback 1)
    host_vars.write_text(host_vars.read_text().replace("loopback: 10.0.0.2", "loopback: 10.69.0.6")
                         + "hostname: mlx01.lab\n")
    startup = tmp_path_factory.mktemp("startup") / "r2.cfg"
    startup.write_text(real)
    running = RunningLab(inv, tmp_path_factory.mktemp("state"))
    running.startup = startup  # type: ignore[attr-defined]
    yield running
    stop_lab(running)


@pytest.fixture
def onboarding(lab: RunningLab) -> RunningLab:
    """Each test's start: r2 just booted from the real config, the others at factory, nothing
    owned yet (whatever an earlier test deployed or adopted)."""
    lab.run("lab", "down", "-i", str(lab.inventory))
    (lab.inventory / "ownership.json").unlink(missing_ok=True)
    proc = lab.run("lab", "up", "-i", str(lab.inventory), "--startup", f"r2={lab.startup}")  # type: ignore[attr-defined]
    if proc.returncode != 0:
        pytest.fail(f"lab up failed: {proc.stderr}")
    return lab


def _r2(lab: RunningLab) -> tuple[str, str]:
    intent = load_intent(lab.inventory)
    with lab.environment():
        target = lab_targets(intent, lab.inventory, ["r2"], timeout=20)["r2"]
    with driver_class("netiron")(target) as d:
        return d.get_config(), d.get_saved_config()


def _paths(text: str) -> list[tuple[str, ...]]:
    """Each configuration line as the path of block headers above it (indentation), in order;
    separators, the banner and blank lines left out."""
    out: list[tuple[str, ...]] = []
    stack: list[tuple[int, str]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        body = line.strip()
        if not body or body.startswith("!") or body == "end":
            continue
        depth = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= depth:
            stack.pop()
        out.append((*(s for _, s in stack), body))
        stack.append((depth, body))
    return out


def _run(lab: RunningLab, *args: str) -> tuple[int, dict]:
    proc = lab.run(*args, "-i", str(lab.inventory), "--lab", "--format", "json", "--timeout", "10")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _rendered_r2(lab: RunningLab) -> str:
    proc = lab.run("render", "-i", str(lab.inventory), "-d", "r2")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_real_mlx_router_onboarded_without_touching_a_foreign_line(onboarding: RunningLab) -> None:
    lab = onboarding
    real = capture(MLX).read_text()
    running0, saved0 = _r2(lab)
    before = _paths(running0)
    # the router runs the capture (the lab did not quietly start from factory)
    assert ("router mpls", "lsp LSP3", "frr", "facility-backup") in before
    assert ("router mpls", "vll TEST-VLL 111 raw-mode cos 1", "vll-peer 192.0.2.1") in before
    assert ("hostname mlx01.lab",) in before and real

    # 1. the intent declares objects the router already has, which nobody gave the toolkit
    rc, result = _run(lab, "deploy")
    assert rc == 1
    cause = result["cause"]
    assert "ownership conflict" in cause and "r2" in cause and "adopt" in cause, cause
    assert not any(d["committed"] for d in result["devices"])
    assert _r2(lab) == (running0, saved0)

    # 2. adopt: only what matches the intent; the router's own services stay unmanaged
    rc, result = _run(lab, "adopt")
    assert rc == 0
    status = {r["object"]: r["status"] for r in result["objects"] if r["device"] == "r2"}
    for key in ("router mpls > lsp LSP1", "router mpls > lsp LSP3", "router mpls > vll TEST-VLL",
                "router mpls > vpls TEST-VPLS", "router mpls > mpls-interface e1/1", "vlan 1000", "vlan 4040",
                "interface ethernet 1/1 > ip address", "interface ethernet 1/2 > port-name foo",
                "router mpls > policy > traffic-eng isis level-2", "interface loopback 1 > no ip redirect"):
        assert status.get(key) == "unmanaged, kept", (key, status.get(key))
    adopted = {k for k, s in status.items() if s == "adopted"}
    assert {"default-max-frame-size", "interface loopback 1 > ip address"} <= adopted
    assert not {k for k in adopted if "LSP" in k or "TEST" in k or k.startswith("vlan")}

    # 3. the deploy now goes through and verifies
    rc, result = _run(lab, "deploy")
    assert rc == 0, result["cause"]
    checks = result["checks"]
    assert checks and all(c["status"] == "pass" for c in checks), [c for c in checks if c["status"] != "pass"]
    assert any("r2" in c["devices"] and c["check"].startswith("service ping") for c in checks)

    running1, saved1 = _r2(lab)
    after = _paths(running1)
    # every line the router had is still there, in the same order
    kept = [p for p in after if p in set(before)]
    assert kept == before, "a line of the router changed, moved or went away"
    # and what was added is the intent's own configuration
    desired = set(_paths(_rendered_r2(lab)))
    added = set(after) - set(before)
    assert added and added <= desired, sorted(added - desired)[:10]
    # saved: the router boots into the same (its own lines and the intent's)
    def saved(text: str) -> list[tuple[str, ...]]:  # `show configuration` opens with where it is kept
        return [p for p in _paths(text) if not p[0].startswith("Startup-config data location")]

    assert saved(saved1) == after
    assert saved(saved0) == before

    # 4. a second deploy has nothing left to do
    rc, result = _run(lab, "deploy")
    assert rc == 0 and result["cause"] == "no changes", result["cause"]


def test_removing_a_service_from_the_onboarded_router_keeps_its_own(onboarding: RunningLab) -> None:
    lab = onboarding
    rc, _ = _run(lab, "adopt")
    assert rc == 0
    rc, result = _run(lab, "deploy")
    assert rc == 0, result["cause"]
    before = _paths(_r2(lab)[0])
    path = lab.inventory / "intent.yml"
    original = path.read_text()
    edit_yaml(path, lambda d: d["services"]["vpls"].pop())  # vpls-140
    try:
        rc, result = _run(lab, "deploy")
        assert rc == 0, result["cause"]
        after = _paths(_r2(lab)[0])
        gone = set(before) - set(after)
        assert gone and all(any("vpls-140" in part or "140" in part for part in p) for p in gone), sorted(gone)
        assert not any("TEST" in " ".join(p) and p not in set(after) for p in before)
    finally:
        path.write_text(original)
    rc, result = _run(lab, "deploy")
    assert rc == 0, result["cause"]
    assert Path(lab.inventory / "ownership.json").exists()
