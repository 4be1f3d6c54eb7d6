"""The verifier's checks on facts taken from the lab model (no devices), one broken thing at a time."""

from __future__ import annotations

import pytest

from mpls_interop.core.checks import DeviceFacts, PingJob, all_checks, ping_jobs
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.records import (
    BfdSession,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
)
from mpls_interop.sdk.spec import get_vendor
from mpls_interop_lab.model.dataplane import ping
from mpls_interop_lab.model.vocab import ospf_state, pw_status
from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml, seed_copy, service
from tests.labmodel import network


def read_configs(intent, patch=None) -> dict:
    """What each vendor's config reader makes of the (patched) rendered configs."""
    import importlib

    from mpls_interop.core.render import render_all

    out = {}
    for name, text in render_all(intent).items():
        vendor = intent.devices[name].vendor
        if patch is not None:
            text = patch(name, text)
        out[name] = importlib.import_module(f"mpls_interop.vendors.{vendor}.configlint").read(text, name)
    return out


def facts_from_model(net, configs: dict | None = None) -> dict[str, DeviceFacts]:
    """Records as a driver would return them, straight from the model (stand-in for parsing)."""
    out = {}
    st = net.state
    for name, d in st.devices.items():
        spec = get_vendor(d.vendor)
        ifs = [Interface(name=p.name, admin_up=p.admin_up, oper_up=p.oper_up, l2_mtu=p.l2_mtu) for p in d.ports.values()]
        for i in d.view.ipifs:
            nm = i.name
            if d.vendor == "netiron" and nm.startswith("ethernet "):
                nm = "ethe " + nm.split()[1]
            ifs.append(Interface(name=nm, admin_up=i.admin_up, oper_up=d.ip_oper_up(i.name), ip_mtu=i.ip_mtu,
                                 addresses=(str(i.address),)))
        out[name] = DeviceFacts(
            interfaces=ifs,
            ospf=[OspfNeighbor(interface=n.interface, neighbor_id=n.neighbor_id, address=n.address,
                               state=n.state, full=n.state == "Full") for n in d.ospf],
            ldp=[LdpSession(peer=s.peer, state="Operational" if s.up else "Nonexistent", up=s.up) for s in d.ldp],
            lsps=[Lsp(name=x.name, destination=x.to, up=x.up, active_path=x.active) for x in d.lsps],
            pws=[Pseudowire(kind=p.kind, service_id=p.id, peer=p.peer, up=p.up,
                            status=pw_status(d.vendor, p.kind, p.code), local_label=p.local_label,
                            remote_label=p.remote_label, pw_type=p.pw_type, mtu=p.mtu) for p in d.pws],
            bfd=[BfdSession(neighbor=b.neighbor, interface=b.interface, state="Up" if b.up else "Down", up=b.up,
                            interval=b.interval, multiplier=b.multiplier) for b in d.bfd],
            config=(configs or {}).get(name),
        )
        assert spec and ospf_state  # vocab available for both vendors
    return out


def model_pings(net, jobs: list[PingJob]) -> dict[PingJob, PingResult]:
    res = {}
    for j in jobs:
        o = ping(net.state, j.device, j.target, j.size, j.df, 2, j.source, j.vrf)
        res[j] = PingResult(target=j.target, size=j.size, sent=o.sent, received=o.received, frag_needed=o.frag_needed)
    return res


def run(inv, patch=None):
    intent = load_intent(inv)
    plan = plan_intent(intent)
    net = network(intent, patch)
    jobs = ping_jobs(intent, plan)
    facts = facts_from_model(net, read_configs(intent, patch))
    return all_checks(intent, plan, facts, model_pings(net, jobs)), jobs


def test_seed_all_checks_pass():
    checks, jobs = run(SEED_INVENTORY)
    failed = [c for c in checks if c.status != "pass"]
    assert not failed, failed
    kinds = {c.check.split(" ")[0] for c in checks}
    assert kinds == {"link", "mtu", "ospf", "bfd", "ldp", "lsp", "vll", "vpls", "service"}
    # 3 links x 2 directions x 2 sizes + VPLS 40 endpoints (3 devices, 6 directions) x 2 sizes
    assert len(jobs) == 12 + 12


def test_pw_mtu_mismatch_root_cause(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vll-43").update(pw_mtu_overrides={"r2": 9000}))
    checks, _ = run(inv)
    failed = {c.check: c for c in checks if c.status == "fail"}
    assert set(failed) == {"vll vll-43"}
    assert "PW MTU differs: r1 9100, r2 9000" in failed["vll vll-43"].detail
    assert "MM" in failed["vll vll-43"].detail


def test_collection_failure_fails_checks_naming_device():
    intent = load_intent(SEED_INVENTORY)
    plan = plan_intent(intent)
    net = network(intent)
    facts = facts_from_model(net)
    facts["r3"] = DeviceFacts(error="r3: cannot connect to 127.0.0.1:1: refused")
    checks = all_checks(intent, plan, facts, model_pings(net, ping_jobs(intent, plan)))
    bad = [c for c in checks if c.status == "fail"]
    assert bad and all("r3" in c.devices for c in bad)
    assert all(c.status == "pass" for c in checks if "r3" not in c.devices and not c.check.startswith("vpls"))


@pytest.mark.parametrize("size_delta, expect", [(0, "fail"), (1, "pass")])
def test_link_ping_detects_far_end_smaller(size_delta, expect, tmp_path):
    """Far end frame size lowered by a fault: the fitting DF ping now dies and the binary-search
    figure is reported."""
    intent = load_intent(SEED_INVENTORY)
    plan = plan_intent(intent)
    net = network(intent)
    if not size_delta:
        net.faults.link_mtu[("r2", "ethe 1/2")] = 1400
        net.changed()
    jobs = ping_jobs(intent, plan)
    pings = model_pings(net, jobs)
    search = {}
    for j, r in pings.items():
        if not r.success and not r.frag_needed:
            lo, hi = 0, j.size
            while hi - lo > 1:
                mid = (lo + hi) // 2
                ok = ping(net.state, j.device, j.target, mid, True, 1).success
                lo, hi = (mid, hi) if ok else (lo, mid)
            search[j] = lo
    checks = all_checks(intent, plan, facts_from_model(net), pings, search)
    c = next(c for c in checks if c.check == "mtu ping r3->r2 (r2-r3)")
    assert c.status == expect
    if expect == "fail":
        assert "largest DF payload that crosses is 1354" in c.detail  # frame 1400 - FCS 4 - 14 - 28


def _after(text: str, anchor: str, old: str, new: str) -> str:
    i = text.index(anchor)
    j = text.index(old, i)
    return text[:j] + new + text[j + len(old):]


def test_ospf_timer_mismatch_cause_from_both_configs():
    def patch(dev, text):
        if dev == "r3":
            return _after(text, "interface ethernet 1/1\n", " ip ospf hello-interval 10\n", " ip ospf hello-interval 3\n")
        return text

    checks, _ = run(SEED_INVENTORY, patch)
    c = next(c for c in checks if c.check == "ospf r1-r3")
    assert c.status == "fail"
    assert "r1 has no OSPF neighbour 198.51.100.5" in c.detail
    assert "OSPF hello/dead differ: r1 ge-1/0/1.0 10/40 (hello-interval 10; dead-interval 40;), " \
           "r3 ethe 1/1 3/40 (ip ospf hello-interval 3 ip ospf dead-interval 40)" in c.detail


def test_a_vrf_may_reuse_a_core_subnet(tmp_path):
    """VRF interfaces are another routing table: no 'two links share a subnet' for them."""
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vrf-vll43").update(address="198.51.100.9/30"))
    checks, _ = run(inv)
    assert not any("share a subnet" in c.detail for c in checks), [c for c in checks if c.status == "fail"]


def test_pings_across_a_down_link_fail_even_when_they_pass():
    intent = load_intent(SEED_INVENTORY)
    plan = plan_intent(intent)
    net = network(intent)
    net.faults.link_down.add(("r2", "ethe 1/2"))
    net.changed()
    pings = model_pings(net, ping_jobs(intent, plan))
    checks = all_checks(intent, plan, facts_from_model(net, read_configs(intent)), pings)
    c = next(c for c in checks if c.check == "mtu ping r2->r3 (r2-r3)")
    assert any(j.device == "r2" and j.target == "198.51.100.10" for j in pings)  # the pings were sent
    # whatever they got back (the far address may be reachable another way round, or not answer
    # at all on a down interface), the check fails and names the down port
    assert c.status == "fail" and "r2 ethe 1/2 is down" in c.detail


def test_bfd_down_when_only_one_end_runs_it():
    def patch(dev, text):
        return text.replace(" ip ospf bfd\n", "") if dev == "r2" else text

    checks, _ = run(SEED_INVENTORY, patch)
    c = next(c for c in checks if c.check == "bfd r1-r2")
    assert c.status == "fail"
    assert "r1 BFD session to 198.51.100.2 is Down" in c.detail
    assert "r2 has no BFD session to 198.51.100.1 on ve 100" in c.detail
