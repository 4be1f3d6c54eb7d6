"""Two engineers deploying at once, and a limited deploy.

Two deploys of different intents (two clones of the inventory, so two intents, one lab) started
0–3 s apart: one succeeds or both refuse, never a mixed network — every device is wholly (running
and saved) at one of the intents or at the old state — and the loser reports only what it did.
``deploy --limit r2,r3`` of a change touching only r2/r3 succeeds and leaves r1 byte-untouched."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from bench import fault_campaign as fc
from mpls_interop.ops import lab as labmod
from tests.conftest import SEED_INVENTORY


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        work = tmp_path_factory.mktemp("concurrent")
        lab = fc.Lab.start(SEED_INVENTORY, work, setenv=mp.setenv)
        try:
            refs = {s.name: s for s in fc.prepare(lab, ["mtu", "add"], timeout=20)}
            # a colleague's clone of the same inventory, pointed at the same running lab
            other = work / "colleague" / SEED_INVENTORY.name
            shutil.copytree(SEED_INVENTORY, other)
            labmod.lab_dir(other).parent.mkdir(parents=True, exist_ok=True)
            labmod.lab_dir(other).symlink_to(labmod.lab_dir(lab.inventory))
            yield lab, other, refs
        finally:
            lab.stop()


def _where(lab: fc.Lab, refs: dict[str, fc.Scenario]) -> str:
    """'seed', 'mtu' or 'add' when every device is wholly (running and saved) there, else 'mixed'."""
    now = lab.configs()
    states = {"seed": refs["mtu"].old, "mtu": refs["mtu"].new, "add": refs["add"].new}
    for name, ref in states.items():
        if all(now[d] == ref[d] for d in lab.names):
            return name
    return "mixed"


def _deploy(inventory) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mpls_interop", "deploy", "-i", str(inventory), "--lab", "--timeout", "15",
         "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("offset", [0, 0.5, 1.5, 3])
def test_two_deploys_never_mix_the_network(env, offset):
    lab, other, refs = env
    lab.restore("seed")
    shutil.copy(lab.inventory / "ownership.json", other / "ownership.json")
    lab.write_intent("mtu")  # engineer 1: PW MTU 9100 → 9000 on every PE
    data = yaml.safe_load((SEED_INVENTORY / "intent.yml").read_text())
    fc.CHANGES["add"](data)  # engineer 2: a new VLL between r2 and r3
    (other / "intent.yml").write_text(yaml.safe_dump(data, sort_keys=False))

    first = _deploy(lab.inventory)
    time.sleep(offset)
    second = _deploy(other)
    outs = {}
    for name, proc in (("mtu", first), ("add", second)):
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode in (0, 1) and "Traceback" not in stderr, stderr
        outs[name] = (proc.returncode, json.loads(stdout))

    where = _where(lab, refs)
    assert where != "mixed", {n: r[1]["cause"] for n, r in outs.items()}
    ok = [n for n, (rc, _) in outs.items() if rc == 0]
    if len(ok) == 2:  # one after the other: the later one's intent stands
        assert where == "add", outs
    elif ok:
        assert where == ok[0], outs
    else:
        assert where == "seed", outs
    for name, (rc, result) in outs.items():
        if rc == 0:
            continue
        for d in result["devices"]:  # the loser speaks only of what it did
            assert not d["rolled_back"] or d["committed"], (name, d)
        if "locked by another deploy" in result["cause"]:
            assert not any(d["committed"] or d["rolled_back"] or d["error"] for d in result["devices"]), result
    assert not fc.jmod.unfinished(lab.inventory) and not fc.jmod.unfinished(other)


def test_limited_deploy_changes_only_the_selected_devices(env):
    lab, _other, refs = env
    lab.restore("seed")
    lab.write_intent("add")  # a VLL between r2 and r3: r1 has nothing to do with it
    proc = lab.cli("deploy", "-i", str(lab.inventory), "--lab", "--limit", "r2,r3", "--timeout", "15",
                   "--format", "json")
    result = json.loads(proc.stdout)
    assert proc.returncode == 0, (result["cause"], [c for c in result["checks"] if c["status"] == "fail"])
    assert sorted(d["name"] for d in result["devices"]) == ["r2", "r3"]
    assert [c for c in result["checks"] if c["status"] == "pass"], "the limited deploy verified nothing"
    now = lab.configs()
    assert now["r1"] == refs["add"].old["r1"], "r1 changed (running or saved)"
    for name in ("r2", "r3"):
        assert now[name] == refs["add"].new[name], f"{name} is not at the new intent"
    verify = lab.cli("verify", "-i", str(lab.inventory), "--lab", "--limit", "r2,r3", "--format", "json")
    assert verify.returncode == 0, verify.stdout[-2000:]
