"""``diff`` and ``deploy --dry-run`` only read: a colleague holding the Junos exclusive
configuration lock with uncommitted changes is not disturbed (no lock, no candidate, no
configuration mode), and no NetIron device receives a single configuration line."""

from __future__ import annotations

import difflib
import json

import pytest

from bench import fault_campaign as fc
from mpls_interop.sdk.driver import driver_class
from tests.conftest import SEED_INVENTORY

COLLEAGUE = 'interfaces {\n    ge-1/1/8 {\n        description "colleague at work";\n    }\n}\n'


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        lab = fc.Lab.start(SEED_INVENTORY, tmp_path_factory.mktemp("readonly"), setenv=mp.setenv)
        try:
            fc.prepare(lab, [], timeout=20)
            yield lab
        finally:
            lab.stop()


@pytest.mark.parametrize("command", [["diff"], ["deploy", "--dry-run"]])
def test_read_only_commands_leave_a_colleagues_locked_candidate_alone(lab, command):
    lab.restore("seed")
    lab.write_intent("mtu")
    before = lab.configs()
    colleague = driver_class("junos")(lab.targets(20)["r1"])
    with colleague:
        colleague._lock()  # exclusive configuration lock, and an uncommitted change in the candidate
        colleague.cu.load(COLLEAGUE, format="text", merge=True)
        assert "colleague at work" in colleague.diff()
        for name in ("r2", "r3"):  # a NetIron device cuts the session at the first configuration line
            lab.fault("drop-session", name, "0")

        proc = lab.cli(*command, "-i", str(lab.inventory), "--lab", "--timeout", "15", "--format", "json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        result = json.loads(proc.stdout)
        diffs = {d["name"]: d["diff"] for d in result["devices"]}
        # the difference to the intent, from the committed configuration (the colleague's
        # uncommitted change is not in it), in show | compare form
        assert "[edit routing-instances vpls-40 protocols vpls]" in diffs["r1"], diffs["r1"]
        assert "-    mtu 9100;" in diffs["r1"] and "+    mtu 9000;" in diffs["r1"], diffs["r1"]
        assert "colleague" not in diffs["r1"]
        assert all("9000" in diffs[n] for n in ("r2", "r3")), diffs

        # the colleague still holds the lock with the change, and can commit-check it
        assert "colleague at work" in colleague.diff()
        colleague._call("commit check", colleague.cu.commit_check)
        status = lab.status()
        assert all(status[n]["armed"] == ["drop-session"] for n in ("r2", "r3")), status
        colleague._call("discard", colleague.cu.rollback, 0)
    lab.fault("clear")
    assert lab.configs() == before  # nothing anywhere was changed or saved


def test_local_junos_diff_equals_the_devices_show_compare(lab):
    """The read-only diff prints what the device's own ``show | compare`` of the staged load
    prints (read here through the lock the real deploy takes)."""
    from mpls_interop.core.load import load_intent
    from mpls_interop.ops.deploy import deployable_configs
    from mpls_interop.ops.ownership import Ownership

    for start, change in (("factory", None), ("seed", "mixed")):
        lab.restore(start)
        lab.write_intent(change)
        intent = load_intent(lab.inventory)
        config = deployable_configs(intent, ["r1"])["r1"]
        with driver_class("junos")(lab.targets(20)["r1"]) as drv:
            drv.owned = Ownership(lab.inventory).owned("r1")
            local = drv.preview(config)
            drv.load(config)
            staged = drv.diff()
            drv.rollback()
        assert local and local == staged, (start, change, "\n".join(difflib.unified_diff(
            staged.splitlines(), local.splitlines(), "device", "local", lineterm="", n=2)))


def test_deploy_while_a_colleague_holds_the_junos_lock_changes_nothing(lab):
    """The deploy cannot lock r1: it stops, changes nothing anywhere, reports no rollback and
    leaves no open journal; the colleague's uncommitted change is still theirs."""
    lab.restore("seed")
    lab.write_intent("mtu")
    before = lab.configs()
    colleague = driver_class("junos")(lab.targets(20)["r1"])
    with colleague:
        colleague._lock()
        colleague.cu.load(COLLEAGUE, format="text", merge=True)
        proc = lab.cli("deploy", "-i", str(lab.inventory), "--lab", "--timeout", "15", "--format", "json")
        assert proc.returncode == 1, proc.stdout + proc.stderr
        result = json.loads(proc.stdout)
        assert "staging failed" in result["cause"] and "r1" in result["cause"], result["cause"]
        assert not any(d["committed"] or d["rolled_back"] for d in result["devices"]), result
        assert not any("rollback failed" in d["error"] for d in result["devices"]), result
        assert "colleague at work" in colleague.diff()
        colleague._call("discard", colleague.cu.rollback, 0)
    assert not fc.jmod.unfinished(lab.inventory)
    assert lab.configs() == before
