"""A failed commit abandons the devices still committing (``Driver.abandon``): the deploy returns
without waiting for them, and every device is rolled back. Fake drivers stand in for the devices
(no lab): each one's behaviour at commit is scripted, and synchronised with events, not time."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops import deploy as deploy_mod
from mpls_interop.ops import fleet
from mpls_interop.ops.journal import journal_dir
from mpls_interop.sdk.driver import Driver, DriverError, Target
from tests.conftest import ROOT

#: how long a scripted wait lasts at most (a bound against a hang, never an expectation)
BOUND = 60.0
OLD = ""  # every fake device starts with no configuration


class Devices:
    """The fake network: each device's running config, what its commit does, what happened."""

    def __init__(self, script: dict[str, str]) -> None:
        self.script = script  # device → "ok" | "block" | "fail" | "signal" | "lapse"
        self.running = {name: OLD for name in script}
        self.blocked = threading.Event()  # a "block" device is in its wait
        #: an "ok" device's commit returned (a failing device waits for them: which commit fails
        #: first must not depend on how the threads are scheduled)
        self.ok_done = {name: threading.Event() for name, what in script.items() if what == "ok"}
        self.committed: set[str] = set()
        self.saw_abandon: set[str] = set()
        self.rollbacks: list[str] = []

    def driver_class(self, vendor: str) -> type[Driver]:
        devices = self

        class Fake(Driver):
            def connect(self) -> None: ...
            def close(self) -> None: ...

            def get_config(self) -> str:
                return devices.running[self.name]

            def load(self, config_text: str) -> None:
                self.staged = config_text
                self.before = devices.running[self.name]

            def diff(self) -> str:
                return "" if self.staged == devices.running[self.name] else "+ the intent"

            def commit(self, confirm_minutes: int | None = None) -> None:
                devices.committed.add(self.name)
                devices.running[self.name] = self.staged  # applied, then waits (as OpenFlow publishes)
                what = devices.script[self.name]
                if what == "block":
                    devices.blocked.set()
                    try:
                        self.pause(BOUND)  # a peer's labels that never come
                    except DriverError:
                        devices.saw_abandon.add(self.name)
                        raise
                elif what == "fail":
                    if "block" in devices.script.values():  # fails once the other one waits and the rest committed
                        devices.blocked.wait(BOUND)
                        for done in devices.ok_done.values():
                            done.wait(BOUND)
                    raise self.error("commit refused by the device")
                elif what == "signal":
                    devices.blocked.wait(BOUND)
                    fleet.STOP.set()  # what the CLI's SIGTERM handler does
                elif what == "lapse":
                    devices.blocked.wait(BOUND)  # committed; its window cannot be re-armed
                if what == "ok":
                    devices.ok_done[self.name].set()

            def extend_confirm(self, minutes: int) -> None:
                if devices.script[self.name] == "lapse":
                    raise self.error("extend refused by the device")

            def confirm(self) -> None: ...

            def rollback(self) -> None:
                devices.rollbacks.append(self.name)
                devices.running[self.name] = self.before

            def facts(self): ...
            def interfaces(self): ...
            def ospf_neighbors(self): ...
            def ldp_sessions(self): ...
            def lsps(self): ...
            def pseudowires(self): ...
            def bfd_sessions(self): ...
            def ping(self, *args, **kwargs): ...

        return Fake


@pytest.fixture
def inventory(tmp_path, monkeypatch):
    monkeypatch.setenv("INTEROP_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(fleet, "STOP", threading.Event())  # a signal in one test stays there
    shutil.copytree(ROOT / "inventories" / "seed", tmp_path / "seed")
    return tmp_path / "seed"


def run(inventory: Path, monkeypatch, script: dict[str, str], workers: int = 20,
        minute: float = 60.0) -> tuple[Devices, deploy_mod.DeployResult]:
    devices = Devices(script)
    monkeypatch.setattr(fleet, "driver_class", devices.driver_class)
    intent = load_intent(inventory)
    targets = {n: Target(n, "192.0.2.1", 22, "netops", "not-a-secret-7") for n in script}
    result = deploy_mod.deploy(intent, targets, workers=workers, inventory=inventory, minute=minute)
    return devices, result


def journal(inventory: Path) -> dict:
    (path,) = journal_dir(inventory).glob("*.json")
    return json.loads(path.read_text())


def test_a_failed_commit_abandons_the_device_still_waiting_and_everything_rolls_back(inventory, monkeypatch):
    devices, result = run(inventory, monkeypatch, {"r1": "block", "r2": "fail", "r3": "ok"})
    assert not result.ok
    assert result.cause == "commit failed: r2: commit refused by the device", result.cause
    assert devices.saw_abandon == {"r1"}
    assert result.devices["r1"].error == "r1: abandoned: another device failed (r2)"
    assert devices.committed == {"r1", "r2", "r3"}
    assert all(result.devices[n].rolled_back for n in ("r1", "r2", "r3"))
    assert devices.running == {"r1": OLD, "r2": OLD, "r3": OLD}
    data = journal(inventory)
    assert data["status"] == "rolled-back"
    steps = [(s["device"], s["step"]) for s in data["steps"]]
    assert ("r1", "abandon") in steps and ("r2", "abandon") not in steps
    assert steps.index(("r1", "abandon")) < steps.index(("r1", "rollback"))


def test_devices_not_yet_committing_do_not_start_once_one_failed(inventory, monkeypatch):
    # one worker: r1 commits first and fails; r2 and r3 were staged, never committed
    devices, result = run(inventory, monkeypatch, {"r1": "fail", "r2": "ok", "r3": "ok"}, workers=1)
    assert not result.ok and result.cause.startswith("commit failed: r1: "), result.cause
    assert devices.committed == {"r1"}
    for name in ("r2", "r3"):
        assert result.devices[name].error == f"{name}: abandoned before it started: another device failed (r1)"
        assert not result.devices[name].committed and not result.devices[name].rolled_back
    assert sorted(devices.rollbacks) == ["r1", "r2", "r3"]  # r2, r3: their staged change discarded
    assert devices.running == {"r1": OLD, "r2": OLD, "r3": OLD}


def test_a_signal_abandons_the_device_still_waiting(inventory, monkeypatch):
    devices, result = run(inventory, monkeypatch, {"r1": "block", "r2": "signal", "r3": "ok"})
    assert not result.ok and result.cause == "interrupted by a signal: stopped and rolled back", result.cause
    assert devices.saw_abandon == {"r1"}
    assert result.devices["r1"].error == "r1: abandoned: interrupted by a signal"
    assert devices.running == {"r1": OLD, "r2": OLD, "r3": OLD}
    assert journal(inventory)["status"] == "rolled-back"


def test_a_window_that_cannot_be_kept_open_abandons_the_device_still_waiting(inventory, monkeypatch):
    # r1 (the seed's Junos: a commit-confirmed window) committed; re-arming its window fails, the
    # window is a few milliseconds long (minute=0.001 s), so the keepalive tries at once
    devices, result = run(inventory, monkeypatch, {"r1": "lapse", "r2": "block", "r3": "ok"}, minute=0.001)
    assert not result.ok
    assert result.cause == "the commit-confirmed window could not be kept open: r1: extend refused by the device"
    assert devices.saw_abandon == {"r2"}
    assert result.devices["r2"].error == "r2: abandoned: a commit-confirmed window lapsed (r1)"
    assert devices.running == {"r1": OLD, "r2": OLD, "r3": OLD}


def test_a_deploy_whose_commits_succeed_abandons_nothing(inventory, monkeypatch):
    devices, result = run(inventory, monkeypatch, {"r1": "ok", "r2": "ok", "r3": "ok"})
    assert result.ok, result.cause
    assert devices.saw_abandon == set() and devices.rollbacks == []
    assert all(devices.running[n] for n in ("r1", "r2", "r3"))  # the intent is on every device
    assert "abandon" not in {s["step"] for s in journal(inventory)["steps"]}


def test_pause_fails_once_abandoned_from_another_thread_until_a_new_transaction():
    drv = Devices({"x": "ok"}).driver_class("toy")(Target("x", "192.0.2.1", 22, "netops", "not-a-secret-7"))
    drv.pause(0)  # not abandoned: returns
    waiting, outcome = threading.Event(), []

    def wait() -> None:
        waiting.set()
        try:
            drv.pause(BOUND)
            outcome.append("slept the whole pause")
        except DriverError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=wait)
    worker.start()
    waiting.wait(BOUND)
    drv.abandon("a peer failed")
    worker.join(BOUND)
    assert outcome == ["x: abandoned: a peer failed"]
    with pytest.raises(DriverError, match="abandoned: a peer failed"):
        drv.check_abandoned()
    drv.start_transaction()
    drv.check_abandoned()
    drv.pause(0)
