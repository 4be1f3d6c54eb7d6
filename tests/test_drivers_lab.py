"""Both vendor drivers against the running emulated lab: push, diff, idempotency, rollback, faults,
getters and DF pings."""

from __future__ import annotations

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.deploy import deployable_config
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import DriverError, driver_class
from tests.lab_fixtures import RunningLab


@pytest.fixture
def lab(seed_lab):
    """The seed lab with the seed intent deployed and no fault (each test's starting state)."""
    seed_lab.ensure_seed()
    return seed_lab


@pytest.fixture
def factory_lab(seed_lab):
    seed_lab.reset()
    return seed_lab


@pytest.fixture(scope="module")
def intent(seed_lab):
    return load_intent(seed_lab.inventory)


def drv(lab: RunningLab, intent, name: str):
    with lab.environment():
        target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target)


def push(lab, intent, name: str) -> str:
    with drv(lab, intent, name) as d:
        d.load(deployable_config(intent, name))
        diff = d.diff()
        d.commit(confirm_minutes=None)
        d.confirm()
        return diff


def test_push_seed_then_nothing_left_to_change(factory_lab, intent):
    lab = factory_lab
    for name in ("r1", "r2", "r3"):
        assert push(lab, intent, name), f"{name}: first push had no diff"
    for name in ("r1", "r2", "r3"):
        with drv(lab, intent, name) as d:
            d.load(deployable_config(intent, name))
            assert d.diff() == "", f"{name} still differs"
            d.rollback()


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


@pytest.mark.parametrize("name, target, fits", [("r1", "198.51.100.2", 1472), ("r2", "198.51.100.1", 1472),
                                                ("r3", "198.51.100.9", 1472)])
def test_df_ping_boundary(lab, intent, name, target, fits):
    with drv(lab, intent, name) as d:
        ok = d.ping(target, fits, df=True, count=2)
        assert ok.success, ok
        over = d.ping(target, fits + 1, df=True, count=2)
        # Junos reports the local DF refusal as "frag needed"; NetIron's probes time out
        assert over.received == 0 and (over.frag_needed or d.vendor != "junos"), over


def test_service_ping_through_vrf(lab, intent):
    with drv(lab, intent, "r1") as d:
        assert d.ping("203.0.113.2", 8972, vrf="vrf-lan40").success
        assert d.ping("203.0.113.2", 8973, vrf="vrf-lan40").frag_needed
