"""Verify on the emulated lab: one fault per failure class, set out of band as a colleague would
(netmiko on the NetIron CLI, PyEZ on Junos NETCONF, or `interop lab fault`), and the cause must
name the devices, both ends' values and the device's own words.

Every test first deploys the seed (its own starting state), so the tests run in any order.
"""

from __future__ import annotations

import json
import os

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from tests.helpers import edit_yaml, service
from tests.lab_fixtures import RunningLab


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


def _target(lab: RunningLab, name: str):
    os.environ["INTEROP_STATE_DIR"] = lab.env["INTEROP_STATE_DIR"]
    return lab_targets(load_intent(lab.inventory), lab.inventory, [name], timeout=20)[name]


def netiron_cli(lab: RunningLab, name: str, lines: list[str]) -> str:
    """Configuration lines typed on the NetIron CLI (netmiko), as a colleague would."""
    from netmiko import ConnectHandler

    t = _target(lab, name)
    conn = ConnectHandler(device_type="extreme_netiron", host=t.host, port=t.port, username=t.username,
                          password=t.password, secret=t.password, fast_cli=True)
    try:
        conn.enable()
        out = conn.send_config_set(lines, cmd_verify=True)
    finally:
        conn.disconnect()
    assert "Invalid input" not in out and "Error" not in out, out
    return out


def junos_set(lab: RunningLab, name: str, commands: list[str]) -> None:
    """``set`` commands committed over NETCONF with PyEZ, as a colleague would."""
    from jnpr.junos import Device
    from jnpr.junos.utils.config import Config

    t = _target(lab, name)
    with Device(host=t.host, port=t.port, user=t.username, passwd=t.password, gather_facts=False,
                normalize=False) as dev:
        cu = Config(dev)
        cu.lock()
        try:
            cu.load("\n".join(commands), format="set")
            cu.commit(comment="colleague")
        finally:
            cu.unlock()


def seed_state(lab: RunningLab) -> None:
    """The test's starting state: no lab fault, the seed intent deployed (which also puts back
    what an earlier test changed out of band on the toolkit's objects)."""
    lab.fault("clear")
    proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--format", "json", "--no-verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def verify(lab: RunningLab) -> tuple[int, dict]:
    proc = lab.run("verify", "-i", str(lab.inventory), "--lab", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def failed(report: dict) -> dict[str, str]:
    return {c["check"]: c["detail"] for c in report["checks"] if c["status"] == "fail"}


def test_seed_passes_every_check_and_report_has_summary(lab):
    seed_state(lab)
    rc, report = verify(lab)
    assert rc == 0, failed(report)
    s = report["summary"]
    assert s["failed"] == 0 and s["passed"] == len(report["checks"]) and s["inventory"] == str(lab.inventory)
    kinds = {c["check"].split()[0] for c in report["checks"]}
    assert {"link", "mtu", "ospf", "bfd", "ldp", "lsp", "vll", "vpls", "service"} <= kinds


def test_ospf_hello_mismatch_names_both_timers(lab):
    seed_state(lab)
    netiron_cli(lab, "r3", ["interface ethernet 1/1", "ip ospf hello-interval 5"])
    rc, report = verify(lab)
    bad = failed(report)
    assert rc == 1
    detail = bad["ospf r1-r3"]
    assert "OSPF hello/dead differ" in detail
    assert "r1 ge-1/0/1.0 10/40" in detail and "r3 ethe 1/1 5/40" in detail
    assert "ip ospf hello-interval 5" in detail and "hello-interval 10;" in detail  # each device's words


def test_vll_raw_vs_tagged_uses_the_devices_words(lab):
    seed_state(lab)
    junos_set(lab, "r1", ["set protocols l2circuit neighbor 10.0.0.3 interface ge-1/1/9.41 "
                          "encapsulation-type ethernet-vlan"])
    rc, report = verify(lab)
    detail = failed(report)["vll vll-41"]
    assert rc == 1
    assert "PW type differs" in detail
    assert "r3 untag (raw)" in detail and "r1 VLAN (tagged)" in detail
    assert "VC-Type-Mismatch" in detail and "EM" in detail  # both devices' status words
    assert "r1->r3 EM [type-mismatch]" in detail  # and the neutral cause


def test_vpls_id_reused_is_named(lab):
    seed_state(lab)
    junos_set(lab, "r1", ["set routing-instances vpls-140 protocols vpls vpls-id 40"])
    rc, report = verify(lab)
    bad = failed(report)
    assert rc == 1, report
    assert "r1 has VPLS vpls-140 with id 40, the intent says 140" in bad.get("vpls vpls-140", ""), bad
    assert "r1 also uses VPLS id 40 for vpls-140" in bad.get("vpls vpls-40", ""), bad


def test_two_links_in_one_subnet_are_not_blamed_on_mtu(lab):
    seed_state(lab)
    netiron_cli(lab, "r3", ["interface ethernet 1/1", "no ip address 198.51.100.5/31", "ip address 198.51.100.1/30"])
    rc, report = verify(lab)
    bad = failed(report)
    assert rc == 1
    assert "r3 ethe 1/1 has 198.51.100.1/30, the intent says 198.51.100.5/31" in bad["link r1-r3"]
    assert "subnet 198.51.100.0/30 of link r1-r2 is also on r3 ethe 1/1 (198.51.100.1/30)" in bad["link r1-r2"]
    pings = {k: v for k, v in bad.items() if k.startswith("mtu ping")}
    assert pings and all("the link itself is broken" in v for v in pings.values())
    assert not any("takes more than IP MTU" in v for v in bad.values())


def test_pings_across_a_down_link_fail(lab):
    seed_state(lab)
    lab.fault("link-down", "r2:ethe 1/2")
    try:
        rc, report = verify(lab)
    finally:
        lab.fault("link-up", "r2:ethe 1/2")
    bad = failed(report)
    assert rc == 1
    for name in ("mtu ping r2->r3 (r2-r3)", "mtu ping r3->r2 (r2-r3)"):
        assert "r2 ethe 1/2 is down" in bad[name] and "the link itself is broken" in bad[name]


def test_bfd_missing_on_one_end(lab):
    seed_state(lab)
    netiron_cli(lab, "r2", ["interface ve 100", "no ip ospf bfd"])
    rc, report = verify(lab)
    detail = failed(report)["bfd r1-r2"]
    assert rc == 1
    assert "r1 BFD session to 198.51.100.2 is Down" in detail
    assert "r2 has no BFD session to 198.51.100.1 on ve 100" in detail


def test_lsp_between_pes_without_a_shared_pw_is_checked(lab):
    seed_state(lab)
    path = lab.inventory / "intent.yml"
    original = path.read_text()

    def drop_r3(d):
        for name in ("vpls-40", "vpls-140"):
            svc = service(d, name)
            svc["endpoints"] = [e for e in svc["endpoints"] if e["device"] != "r3"]

    edit_yaml(path, drop_r3)
    try:
        proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--format", "json", "--no-verify")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        netiron_cli(lab, "r2", ["router mpls", "lsp r2-to-r3", "disable"])
        rc, report = verify(lab)
    finally:
        path.write_text(original)
    bad = failed(report)
    names = {c["check"] for c in report["checks"]}
    assert rc == 1
    assert "lsp r2<->r3" in names and "ldp r2<->r3" not in names  # r2 and r3 share no PW now
    assert "r2 LSP r2-to-r3 to 10.0.0.3 is" in bad["lsp r2<->r3"]


def test_diff_exit_code_is_a_drift_check(lab):
    seed_state(lab)
    clean = lab.run("diff", "-i", str(lab.inventory), "--lab", "--exit-code")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    netiron_cli(lab, "r3", ["interface ethernet 1/1", "ip ospf hello-interval 5"])
    drift = lab.run("diff", "-i", str(lab.inventory), "--lab", "--exit-code", "--format", "json")
    assert drift.returncode == 1, drift.stdout + drift.stderr
    data = json.loads(drift.stdout)
    assert data["differs"] == ["r3"]
    r3 = next(d for d in data["devices"] if d["name"] == "r3")
    assert r3["differs"] and any(
        op["line"] == "ip ospf hello-interval 10" and op["op"] in ("add", "modify") for op in r3["changes"]
    ), r3["changes"]
    assert all(not d["changes"] and not d["differs"] for d in data["devices"] if d["name"] != "r3")
    # without --exit-code a drift is still exit 0; after a deploy, --exit-code says 0
    assert lab.run("diff", "-i", str(lab.inventory), "--lab").returncode == 0
    seed_state(lab)
    assert lab.run("diff", "-i", str(lab.inventory), "--lab", "--exit-code").returncode == 0


def test_diff_bad_input_exits_2(lab, tmp_path):
    proc = lab.run("diff", "-i", str(tmp_path / "nope"), "--lab", "--exit-code")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
