"""Deploying to a NetIron whose factory hostname is not its inventory name: the deployed
``hostname`` changes the prompt in the middle of the session, and the toolkit must keep working."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.deploy import deploy
from mpls_interop.ops.lab import definition
from mpls_interop.sdk.driver import Target
from mpls_interop.sdk.hostkeys import HostKeyPolicy
from mpls_interop.vendors.netiron.driver import NetIronDriver
from mpls_interop_lab.runtime import Lab
from tests.conftest import SEED_INVENTORY

FACTORY = {"r2": "mlx-factory-2", "r3": "xmr-factory-3"}


@pytest.fixture
def lab() -> Iterator[tuple[Lab, asyncio.AbstractEventLoop]]:
    """The seed lab in this process; r2 and r3 boot with factory hostnames."""
    d = definition(load_intent(SEED_INVENTORY), "hostname-test")
    for dev in d["devices"]:
        if dev["name"] in FACTORY:
            dev["lab_hostname"] = FACTORY[dev["name"]]
    ev = asyncio.new_event_loop()
    thread = threading.Thread(target=ev.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(_start(d), ev).result(30)
    yield running, ev
    asyncio.run_coroutine_threadsafe(running.stop(), ev).result(10)
    ev.call_soon_threadsafe(ev.stop)
    thread.join(5)


async def _start(d: dict) -> Lab:
    lab = Lab(d, password="lab-pass-4")  # test-only credentials
    await lab.start()
    return lab


def targets(lab: Lab, names: list[str]) -> dict[str, Target]:
    # the lab's keys are new to this test: trust on first use, into a file of the test's own
    policy = HostKeyPolicy(Path(tempfile.mkdtemp(prefix="known-hosts-")) / "known_hosts", accept_new=True)
    out = {}
    for n in names:
        ld = lab.devices[n]
        out[n] = Target(n, "127.0.0.1", ld.port, lab.username, lab.password, lab.password, 20, policy)
    return out


def test_driver_follows_the_prompt_when_the_hostname_changes(lab) -> None:
    running, _ = lab
    device = running.devices["r2"].device
    assert device.prompt("user", []) == "SSH@mlx-factory-2>"
    with NetIronDriver(targets(running, ["r2"])["r2"]) as drv:
        assert "hostname mlx-factory-2" in drv.get_config()
        drv.load("hostname r2\n")
        assert drv.diff() == "~ hostname r2  (was: hostname mlx-factory-2)"
        drv.commit()
        assert device.prompt("enable", []) == "SSH@r2#"
        # the session goes on under the new prompt
        assert "hostname r2" in drv.get_config()
        assert drv.facts().os_version
        assert drv.diff() == ""


def test_deploy_seed_to_devices_with_factory_hostnames(lab) -> None:
    running, _ = lab
    intent = load_intent(SEED_INVENTORY)
    result = deploy(intent, targets(running, ["r1", "r2", "r3"]), confirm_minutes=1)
    assert result.ok, result.cause
    for name in FACTORY:
        assert running.devices[name].device.hostname == name
