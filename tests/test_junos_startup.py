"""A lab device starts from a given configuration (brownfield MX): runtime, ops and CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.runtime import Lab, StartupError

DATA = Path(__file__).parent / "data"
BROWNFIELD = DATA / "junos_brownfield_mx480.conf"


def _definition(startup: Path | None) -> dict:
    dev = {"name": "pe1", "vendor": "junos", "model": "MX480", "ports": ["xe-0/0/0", "xe-0/0/1"]}
    if startup is not None:
        dev["startup_config"] = str(startup)
    return {"name": "t", "devices": [dev], "wires": []}


def test_real_mx_configuration_loads_and_round_trips() -> None:
    from lxml import etree

    cfg = JunosConfig.parse_text(BROWNFIELD.read_text())
    root = cfg.root
    assert root.has("protocols", "l2circuit", "neighbor 10.255.0.7", "interface xe-0/0/1.200")
    assert root.value_of("routing-instances", "ACME-VPLS", "instance-type") == "vpls"
    assert root.has("protocols", "mpls", "label-switched-path to-pe9", "no-cspf")
    assert root.has("snmp", "community public-ro", "clients 198.51.100.0/24")
    assert root.has("interfaces", "ge-1/0/0", "gigether-options", "ieee-802.3ad")
    assert root.has("policy-options", "policy-statement EXPORT-LO", "term lo", "from",
                    "route-filter 10.255.0.1/32 exact")
    assert "            802.3ad ae0;\n" in cfg.to_text()
    assert JunosConfig.parse_text(cfg.to_text()) == cfg
    assert JunosConfig.from_xml(etree.tostring(cfg.to_xml())) == cfg
    assert JunosConfig.empty().apply_set(cfg.to_set()) == cfg


def test_lab_device_starts_from_the_brownfield_configuration() -> None:
    lab = Lab(_definition(BROWNFIELD))
    dev = lab.devices["pe1"].device
    assert dev.hostname == "mx480-edge1"
    assert dev.check_config(dev.committed) == []  # a real MX commits it
    view = lab.network.views["pe1"] if hasattr(lab.network, "views") else None
    if view is not None:
        assert any(pw.id == 7200 for pw in view.pws)


def test_refused_startup_configuration_names_file_device_and_statement(tmp_path: Path) -> None:
    bad = tmp_path / "pe1.conf"
    bad.write_text("system {\n    host-name pe1;\n}\nprotcols {\n    ospf;\n}\n")
    with pytest.raises(StartupError) as info:
        Lab(_definition(bad))
    text = str(info.value)
    assert str(bad) in text and "pe1" in text and "protcols" in text and "\n" not in text
    with pytest.raises(StartupError):
        Lab(_definition(tmp_path / "missing.conf"))


def test_cli_startup_option_rejects_unknown_device_and_missing_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    seed = Path(__file__).parent.parent / "inventories" / "seed"

    def run(spec: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", "from mpls_interop.cli.app import main; main()",
             "lab", "up", "-i", str(seed), "--startup", spec],
            capture_output=True, text=True, timeout=60,
        )

    res = run(f"nosuch={BROWNFIELD}")
    assert res.returncode == 2 and "nosuch" in res.stderr and "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = run(f"r1={tmp_path / 'x.conf'}")
    assert res.returncode == 2 and "x.conf" in res.stderr and "Traceback" not in res.stderr


def test_compare_shows_oneliners_as_junos_does() -> None:
    cfg = JunosConfig.parse_text(BROWNFIELD.read_text())
    new = cfg.apply_set(
        "set system syslog file messages any info\n"
        "set protocols mpls path via-p1 192.0.2.22 loose\n"
        "set interfaces ge-1/0/0 gigether-options 802.3ad ae1\n")
    diff = new.compare(cfg)
    assert "[edit system syslog file messages]\n-    any notice;\n+    any info;" in diff
    assert "[edit protocols mpls path via-p1]\n-    192.0.2.22 strict;\n+    192.0.2.22 loose;" in diff
    assert "[edit interfaces ge-1/0/0 gigether-options]\n-    802.3ad ae0;\n+    802.3ad ae1;" in diff
    assert "        user * {\n" in cfg.to_text()


def test_lab_up_startup_brownfield_mx_end_to_end(tmp_path: Path) -> None:
    """`interop lab up --startup r1=FILE`: PyEZ finds the brownfield MX with its foreign services."""
    import shutil

    from jnpr.junos import Device

    from tests.conftest import SEED_INVENTORY
    from tests.lab_fixtures import RunningLab

    inv = tmp_path / "seed"
    shutil.copytree(SEED_INVENTORY, inv)
    lab = RunningLab(inv, tmp_path / "state")
    proc = lab.run("lab", "up", "-i", str(inv), "--startup", f"r1={BROWNFIELD}")
    assert proc.returncode == 0, proc.stderr
    try:
        r1 = lab.device("r1")
        dev = Device(host=r1["host"], port=r1["port"], user=r1["username"], passwd=r1["password"],
                     gather_facts=False)
        dev.open()
        try:
            cfg = dev.rpc.get_config(options={"format": "text"})
            text = cfg.text if cfg.tag == "configuration-text" else cfg.findtext(".//configuration-text")
            assert "host-name mx480-edge1;" in text
            assert "virtual-circuit-id 7200;" in text and "ACME-VPLS" in text
            pws = dev.rpc.get_l2ckt_connection_information()
            ids = [c.findtext("connection-id") for c in pws.iter("connection")]
            assert "xe-0/0/1.200(vc 7200)" in ids  # foreign l2circuit, no far end in this lab
        finally:
            dev.close()
        assert lab.device("r2")["reachable"]
    finally:
        lab.run("lab", "down", "-i", str(inv))


def test_netiron_startup_text_is_passed_to_the_device(tmp_path: Path) -> None:
    import inspect

    from mpls_interop_lab.netiron.device import NetIronDevice

    conf = tmp_path / "r2.cfg"
    conf.write_text("ver V5.8.0fT163\nhostname brownfield-r2\n!\nend\n")
    definition = {"name": "t", "wires": [], "devices": [
        {"name": "r2", "vendor": "netiron", "model": "MLXe-4", "ports": ["ethe 1/1"],
         "startup_config": str(conf)}]}
    params = inspect.signature(NetIronDevice).parameters
    if "startup_config" in params or "config" in params:
        lab = Lab(definition)
        assert lab.devices["r2"].device.hostname == "brownfield-r2"
    else:  # this NetIron emulator cannot load a startup configuration yet: a clear refusal
        with pytest.raises(StartupError) as info:
            Lab(definition)
        assert str(conf) in str(info.value) and "r2" in str(info.value)


def test_startup_configuration_that_fails_commit_check_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "pe1.conf"
    bad.write_text(BROWNFIELD.read_text().replace(
        "    ACME-L3 {\n        instance-type vrf;\n",
        "    ACME-L3 {\n        instance-type vrf;\n        vlan-id none;\n"))
    with pytest.raises(StartupError) as info:
        Lab(_definition(bad))
    assert "only for a VPLS or EVPN" in str(info.value) and "[edit routing-instances ACME-L3]" in str(info.value)


def test_groups_are_inherited_for_commit_checks_and_the_model() -> None:
    from mpls_interop_lab.model.junos_reader import read_junos

    cfg = JunosConfig.parse_text(BROWNFIELD.read_text())
    assert cfg.root.has("groups", "CORE-IGP")  # stored as written
    run = cfg.effective().root
    assert not run.has("groups") and not run.has("apply-groups")
    area = run.get("protocols", "ospf", "area 0.0.0.0")
    assert area is not None
    assert area.has("interface xe-0/0/0.0", "ldp-synchronization")  # <*e*> matches
    assert not area.has("interface lo0.0", "ldp-synchronization")   # lo0.0 does not
    assert run.value_of("interfaces", "ae0", "aggregated-ether-options", "link-speed") == "1g"
    assert not run.has("interfaces", "<ae*>")  # a wildcard never creates a statement
    # explicit statements win over the group's
    mine = cfg.apply_set("set interfaces ae0 aggregated-ether-options link-speed 10g").effective()
    assert mine.root.value_of("interfaces", "ae0", "aggregated-ether-options", "link-speed") == "10g"
    # apply-groups-except stops a group below that level
    except_ = cfg.apply_set("set protocols ospf apply-groups-except CORE-IGP").effective()
    assert not except_.root.has("protocols", "ospf", "area 0.0.0.0", "interface xe-0/0/0.0",
                                "ldp-synchronization")
    # a group statement breaking a commit constraint fails the commit like an explicit one
    from mpls_interop_lab.junos.device import JunosDevice

    bad = cfg.apply_set("set groups VRF-BAD routing-instances <ACME-L3> vlan-id none\n"
                        "set apply-groups VRF-BAD")
    dev = JunosDevice("pe1", model="MX480")
    assert any("only for a VPLS or EVPN" in e.message for e in dev.check_config(bad))
    assert dev.check_config(cfg) == []
    assert read_junos("pe1", cfg).name == "pe1"


def test_every_constraint_the_brownfield_meets_is_evaluated() -> None:
    from mpls_interop_lab.junos.must import must_errors

    cfg = JunosConfig.parse_text(BROWNFIELD.read_text())
    unreadable: list[str] = []
    assert must_errors(cfg.effective().root, unreadable) == []
    assert unreadable == []
