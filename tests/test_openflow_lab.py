"""OpenFlow PEs for real: OVS userspace bridges and FRR in network namespaces, next to an emulated
Junos PE (inventories/openflow). Needs root and the Debian packages openvswitch-switch and frr
(``.ci/run`` installs them); skipped with the reason otherwise."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from mpls_interop.sdk.testing import DriverContract
from mpls_interop_lab.ovs import missing_packages
from tests.conftest import ROOT
from tests.lab_fixtures import deployed_lab, start_lab, stop_lab

INVENTORY = ROOT / "inventories" / "openflow"

if os.geteuid() != 0:
    pytest.skip("real OpenFlow PEs need root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)


@pytest.fixture(scope="module")
def oflab(tmp_path_factory):
    yield from deployed_lab(tmp_path_factory, INVENTORY)


#: how long a verification may let FRR converge (OSPF 1 s/4 s timers, then LDP and PW labels) on a
#: machine whose two cores are busy with other tests; a lasting failure still fails
SETTLE = 150


def verify(lab, wait: float = 0) -> dict[str, dict]:
    proc = lab.run("verify", "-i", str(lab.inventory), "--lab", "--format", "json", "--wait", str(wait),
                   timeout=180 + wait)
    assert proc.returncode in (0, 1), proc.stderr
    return {c["check"]: c for c in json.loads(proc.stdout)["checks"]}


def converged(lab) -> dict[str, dict]:
    """Verification once the network has settled (``verify --wait``). A PW label LDP signalled
    after the commit's own wait is bound by one more deploy, as the PW's reason tells an operator
    (a documented limit of the driver without a controller: docs/openflow.md)."""
    checks = verify(lab, SETTLE)
    if any("LABEL-STALE" in c["detail"] for c in checks.values()):
        again = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--no-verify")
        assert again.returncode == 0, again.stdout + again.stderr
        checks = verify(lab, SETTLE)
    return checks


def frr_state(lab) -> str:
    """What both OpenFlow PEs' FRR saw (the tail of their OSPF and LDP logs): CI keeps nothing else
    of a lab once the module ends."""
    out = []
    for rec in Path(lab.env["INTEROP_STATE_DIR"]).rglob("ovs.json"):
        run_dir = Path(json.loads(rec.read_text())["run_dir"])
        for name in ("of1", "of2"):
            for daemon in ("ospfd", "ldpd"):
                log = run_dir / name / "frr" / f"{daemon}.log"
                lines = log.read_text(errors="replace").splitlines() if log.exists() else ["(no log)"]
                if daemon == "ospfd":  # the neighbour state changes (log-adjacency-changes detail)
                    lines = [line for line in lines if "AdjChg" in line] or lines
                tail = lines[-12:]
                out.append(f"--- {name} {daemon}.log\n" + "\n".join(tail))
    return "\n".join(out)


def driver(lab, name: str):
    from mpls_interop.core.load import load_intent
    from mpls_interop.ops.targets import lab_targets
    from mpls_interop.sdk.spec import get_vendor

    with lab.environment():
        intent = load_intent(lab.inventory)
        target = lab_targets(intent, lab.inventory, [name])[name]
    drv = get_vendor(intent.devices[name].vendor).driver_class()(target)
    drv.connect()
    return drv


def dump_flows(drv) -> list[str]:
    """The bridge's flows but the MACs its VPLS/VLL tables learnt (they come and go with traffic)."""
    out = subprocess.run(["ovs-ofctl", "-O", "OpenFlow14", "dump-flows", "--no-stats", drv.ids["mgmt"]],
                         capture_output=True, text=True, check=True).stdout
    return sorted(line.strip() for line in out.splitlines()
                  if line.strip() and not line.strip().startswith("cookie=0x6d61636c"))


def of_only(checks: dict[str, dict]) -> dict[str, dict]:
    return {k: c for k, c in checks.items() if set(c["devices"]) <= {"of1", "of2"}}


def test_openflow_to_openflow_checks_all_pass(oflab):
    checks = of_only(converged(oflab))
    assert {"ospf of1-of2", "ldp of1<->of2", "lsp of1<->of2", "vpls lan-70",
            "service ping lan-70 of1->of2", "mtu ping of1->of2 (of1-of2)"} <= set(checks)
    failed = {k: c["detail"] for k, c in checks.items() if c["status"] != "pass"}
    assert failed == {}, frr_state(oflab)


def _vpls_up(lab) -> None:
    """Both ends of VPLS lan-70 up (whatever test ran before), a late label bound by one deploy."""
    deadline = time.monotonic() + SETTLE
    redeployed = False
    while True:
        ends = []
        for name in ("of1", "of2"):
            drv = driver(lab, name)
            try:
                ends += [p for p in drv.pseudowires() if p.service_id == 70]
            finally:
                drv.close()
        if ends and all(p.up for p in ends):
            return
        if any(p.status == "LABEL-STALE" for p in ends) and not redeployed:
            again = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--no-verify")
            assert again.returncode == 0, again.stdout + again.stderr
            redeployed = True
            continue
        assert time.monotonic() < deadline, [(p.status, p.reason) for p in ends]
        time.sleep(2)


def test_df_pings_through_ovs_pass_and_fail_at_the_exact_boundary(oflab):
    _vpls_up(oflab)
    drv = driver(oflab, "of1")
    try:
        # across the VPLS pseudowire (real ICMP through both bridges): IP MTU 1500 → payload 1472
        assert drv.ping("203.0.113.22", 1472, count=2).success
        assert drv.ping("203.0.113.22", 1473, count=2).received == 0
        # across the core link
        assert drv.ping("198.51.100.18", 1472, count=2).success
        assert drv.ping("198.51.100.18", 1473, count=2).received == 0
    finally:
        drv.close()


def test_junos_to_openflow_link_and_pw_up_on_both_ends(oflab):
    checks = converged(oflab)
    assert checks["ospf r1-of1"]["status"] == "pass", checks["ospf r1-of1"]["detail"] + frr_state(oflab)
    assert checks["ldp of1<->r1"]["status"] == "pass", checks["ldp of1<->r1"]["detail"]
    for name in ("r1", "of1"):
        drv = driver(oflab, name)
        try:
            pw = next(p for p in drv.pseudowires() if p.service_id == 71)
        finally:
            drv.close()
        assert pw.up, (name, pw.status, pw.reason)


def test_out_of_band_flow_change_is_caught_and_repaired(oflab):
    drv = driver(oflab, "of2")
    try:
        subprocess.run(["ovs-ofctl", "-O", "OpenFlow14", "del-flows", drv.ids["mgmt"], "table=10"], check=True)
    finally:
        drv.close()
    broken = verify(oflab)
    assert broken["service ping lan-70 of1->of2"]["status"] == "fail"
    redeploy = oflab.run("deploy", "-i", str(oflab.inventory), "--lab", "--no-verify")
    assert redeploy.returncode == 0, redeploy.stdout + redeploy.stderr
    assert "changed out of band" in redeploy.stdout
    repaired = converged(oflab)
    assert repaired["service ping lan-70 of1->of2"]["status"] == "pass"


def test_failed_commit_keeps_the_flow_set_and_rollback_restores_it(oflab, monkeypatch):
    from mpls_interop.vendors.openflow import driver as ofdriver

    # bundles and rollback are the subject: the commit need not wait for PW labels to be signalled
    monkeypatch.setattr(ofdriver, "LABEL_WAIT_SECONDS", 2)
    drv = driver(oflab, "of1")
    try:
        before = dump_flows(drv)
        program = drv.get_config()
        # a program whose bundle OVS rejects: nothing of it is applied
        drv.load(program.replace("[flows]\n", "[flows]\ntable=0,priority=1,actions=no_such_action\n"))
        with pytest.raises(Exception, match="of1"):
            drv.commit()
        assert dump_flows(drv) == before
        assert drv.get_config() == program
        # a commit that took, then a rollback: the previous flow set comes back
        drv.load(program.replace("[flows]\n", "[flows]\ntable=0,priority=1,actions=drop\n"))
        drv.commit(confirm_minutes=1)
        assert dump_flows(drv) != before
        drv.rollback()
        assert dump_flows(drv) == before
        assert drv.get_config() == program
    finally:
        drv.close()


def _vtysh(drv, *commands: str) -> None:
    args = ["vtysh", "--vty_socket", drv.ids["frr-vty"]]
    for c in commands:
        args += ["-c", c]
    subprocess.run(args, check=True, capture_output=True)


def test_a_label_signalled_after_the_commit_is_bound_while_it_is_pending(oflab, monkeypatch):
    from mpls_interop.vendors.openflow import driver as ofdriver
    from mpls_interop.vendors.openflow.program import parse

    converged(oflab)
    of1, of2 = driver(oflab, "of1"), driver(oflab, "of2")
    pw = (70, "10.0.0.22")  # of1's end of VPLS lan-70
    try:
        frr2 = "\n".join(parse(of2.get_config()).lines("frr")) + "\n"
        _vtysh(of2, "configure terminal", "no mpls ldp", "no l2vpn lan-70 type vpls")  # of2 stops signalling
        deadline = time.monotonic() + 60
        while of1._signalled().get(pw, (None, None))[1] is not None and time.monotonic() < deadline:
            time.sleep(1)
        assert of1._signalled().get(pw, (None, None))[1] is None
        monkeypatch.setattr(ofdriver, "LABEL_WAIT_SECONDS", 1)
        of1.load(of1.get_config())
        of1.commit(confirm_minutes=2)  # the commit's own wait is over before of2 signals again
        assert of1._bound()[pw][1] is None
        conf = Path(oflab.env["INTEROP_STATE_DIR"]) / "of2-frr.conf"
        conf.write_text(frr2)
        conf.chmod(0o644)
        subprocess.run(["vtysh", "--vty_socket", of2.ids["frr-vty"], "-f", str(conf)], check=True, capture_output=True)
        deadline = time.monotonic() + 120
        while of1._bound()[pw][1] is None and time.monotonic() < deadline:
            time.sleep(1)
        # bound while the commit is pending, to the label of2 itself allocated for the PW
        assert of1._bound()[pw][1] is not None
        assert of1._bound()[pw][1] == of2._signalled()[(70, "10.0.0.21")][0]
        of1.confirm()
        assert of1._late is None
    finally:
        of1.close()
        of2.close()
    assert of_only(converged(oflab))["vpls lan-70"]["status"] == "pass"


def test_link_down_fault_cuts_the_real_wire(oflab):
    oflab.fault("link-down", "of1:eth1")
    try:
        checks = verify(oflab)
        assert checks["link of1-of2"]["status"] == "fail"
        assert "of1 eth1.0 is down" in checks["link of1-of2"]["detail"]
        assert checks["mtu ping of1->of2 (of1-of2)"]["status"] == "fail"
    finally:
        oflab.fault("link-up", "of1:eth1")
    drv = driver(oflab, "of1")
    try:
        # the re-plugged wire carries pings again (the first may still be lost to ARP)
        assert any(drv.ping("198.51.100.18", 1472, count=2).success for _ in range(5))
        deadline = time.monotonic() + 90  # OSPF and LDP back up before other tests run

        def recovered() -> bool:
            ospf = any(n.full for n in drv._ospf() if n.address == "198.51.100.18")
            ldp = all(s.up for s in drv._ldp(drv._program()) if s.peer == "10.0.0.22")
            return ospf and ldp and all(lsp.up for lsp in drv.lsps())  # the LDP LSPs too

        while time.monotonic() < deadline and not recovered():
            time.sleep(1)
    finally:
        drv.close()


def _two_pe_inventory(tmp_path: Path) -> Path:
    inv = tmp_path / "inv"
    inv.mkdir()
    (inv / "hosts.yml").write_text("all:\n  hosts:\n    ofa: {ansible_host: 192.0.2.1}\n    ofb: {ansible_host: 192.0.2.2}\n")
    (inv / "group_vars").mkdir()
    (inv / "group_vars" / "all.yml").write_text("ansible_user: netops\nansible_network_os: openvswitch\n")
    (inv / "host_vars").mkdir()
    for n, lo in (("ofa", "10.9.9.1"), ("ofb", "10.9.9.2")):
        (inv / "host_vars" / f"{n}.yml").write_text(f"loopback: {lo}\n")
    (inv / "intent.yml").write_text(
        "links:\n  - {name: a-b, a: {device: ofa, interface: eth1}, b: {device: ofb, interface: eth1}, "
        "subnet: 198.51.100.0/30}\nmpls: {rsvp: {mesh: false}}\n")
    return inv


def _gone(record: dict) -> None:
    names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert not [ns for ns in record["netns"] if ns in names]
    assert not os.path.exists(record["run_dir"])
    for pid in record["pids"]:
        status = Path(f"/proc/{pid}/status")
        assert not status.exists() or "zombie" in status.read_text().lower()


def test_lab_down_removes_namespaces_and_processes(tmp_path):
    inv = _two_pe_inventory(tmp_path)
    lab = start_lab(inv, tmp_path / "state")
    try:
        record = json.loads(next((tmp_path / "state").glob("labs/*/ovs.json")).read_text())
        assert record["netns"]
    finally:
        stop_lab(lab)
    _gone(record)


def test_a_crashed_lab_is_cleaned_up(tmp_path):
    """kill -9 of the lab process: its daemons die with it (parent-death signal); the namespaces
    and run directory it leaves are removed when the next lab starts on the same state."""
    inv = _two_pe_inventory(tmp_path)
    start_lab(inv, tmp_path / "state")
    lab_dir = next((tmp_path / "state").glob("labs/*/ovs.json")).parent
    record = json.loads((lab_dir / "ovs.json").read_text())
    pid = json.loads((lab_dir / "state.json").read_text())["pid"]
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists() and \
            "zombie" not in Path(f"/proc/{pid}/status").read_text().lower():
        time.sleep(0.2)
    left = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert [ns for ns in record["netns"] if ns in left], "the crash leaves namespaces behind"
    again = start_lab(inv, tmp_path / "state")  # the same namespace names: created afresh
    try:
        assert not os.path.exists(record["run_dir"])
        for old in record["pids"]:
            status = Path(f"/proc/{old}/status")
            assert not status.exists() or "zombie" in status.read_text().lower()
    finally:
        stop_lab(again)
    names = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert not [ns for ns in record["netns"] if ns in names]


@pytest.fixture(scope="module")
def _connected(oflab):
    drv = driver(oflab, "of1")
    yield drv
    drv.close()


class TestOpenFlowDriverContract(DriverContract):
    """The SDK's driver contract on a deployed OpenFlow PE (of1: OSPF, LDP, PWs, real pings)."""

    @pytest.fixture
    def driver(self, _connected):
        return _connected

    @pytest.fixture
    def secret(self, _connected):
        if not _connected.target.password:  # local management needs none: give it one to hide
            _connected.target = dataclasses.replace(_connected.target, password="of-lab-secret-7")
        return _connected.target.password

    @pytest.fixture
    def ping_case(self):
        return ("198.51.100.18", 1472)  # of2 across the core link, IP MTU 1500

    def test_lsps_up_have_an_active_path(self, driver):
        """LDP LSPs have no primary/secondary path: each PW peer has one, named and typed."""
        lsps = driver.lsps()
        assert lsps and all(lsp.state == "LDP" and lsp.destination for lsp in lsps)
        assert any(lsp.up for lsp in lsps)
