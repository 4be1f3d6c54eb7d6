"""Out-of-band drift on an owned object is put back by the next deploy, on the emulated lab."""

from __future__ import annotations

import json
import os

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from tests.lab_fixtures import RunningLab


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


def netiron_cli(lab: RunningLab, name: str, lines: list[str]) -> str:
    """Configuration lines typed on the NetIron CLI (netmiko), as a colleague would; returns the
    running config afterwards."""
    from netmiko import ConnectHandler

    os.environ["INTEROP_STATE_DIR"] = lab.env["INTEROP_STATE_DIR"]
    t = lab_targets(load_intent(lab.inventory), lab.inventory, [name], timeout=20)[name]
    conn = ConnectHandler(device_type="extreme_netiron", host=t.host, port=t.port, username=t.username,
                          password=t.password, secret=t.password, fast_cli=True)
    try:
        conn.enable()
        conn.disable_paging(command="skip-page-display")
        if lines:
            out = conn.send_config_set(lines, cmd_verify=True)
            assert "Invalid input" not in out and "Error" not in out, out
        return conn.send_command("show running-config")
    finally:
        conn.disconnect()


def block(config: str, header: str) -> list[str]:
    lines = config.splitlines()
    start = lines.index(header)
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    return lines[start:end]


def test_an_address_changed_out_of_band_is_replaced_and_ospf_comes_back(lab):
    """Seed deployed; a colleague re-addresses r3's port to r1 by hand (`no ip address` + `ip
    address` of another subnet); the seed deployed again gives the port its own address back
    (only that one: a second address would be the primary, and OSPF runs on the primary), its
    OSPF lines are all there, and verify finds the r1-r3 adjacency and pings through."""
    lab.ensure_seed()
    before = block(netiron_cli(lab, "r3", []), "interface ethernet 1/1")
    assert " ip ospf area 0" in before and " ip address 198.51.100.5/31" in before
    netiron_cli(lab, "r3", ["interface ethernet 1/1", "no ip address 198.51.100.5/31",
                            "ip address 198.51.100.1/30"])
    try:
        proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--no-verify", "--format", "json")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert block(netiron_cli(lab, "r3", []), "interface ethernet 1/1") == before
        proc = lab.run("verify", "-i", str(lab.inventory), "--lab", "--format", "json")
        checks = {c["check"]: c for c in json.loads(proc.stdout)["checks"]}
        for name in ("ospf r1-r3", "mtu ping r1->r3 (r1-r3)", "mtu ping r3->r1 (r1-r3)"):
            assert checks[name]["status"] == "pass", checks[name]
    finally:
        lab.ensure_seed()
