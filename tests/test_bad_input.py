"""Bad inventories and intents: one line naming file and field, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.sdk.errors import InputError
from tests.helpers import edit_yaml, link, seed_copy, service


def _intent(change):
    return lambda inv: edit_yaml(inv / "intent.yml", change)


def _write(rel, text):
    def apply(inv):
        (inv / rel).write_text(text)
    return apply


CASES = {
    "malformed-yaml": (_write("intent.yml", "links:\n  - name: [unclosed\n"), "intent.yml:", "malformed YAML"),
    "malformed-hosts": (_write("hosts.yml", "all:\n  children: {junos: {hosts: {r1: }\n"), "hosts.yml", "malformed YAML"),
    "unknown-field": (_intent(lambda d: link(d, "r1-r2").update(mtu_ip=1500)), "intent.yml", "links[0].mtu_ip: unknown field"),
    "unknown-top-level": (_intent(lambda d: d.update(servces={})), "intent.yml", "servces: unknown field"),
    "wrong-type": (_intent(lambda d: link(d, "r1-r2").update(ip_mtu="big")), "intent.yml", "links[0].ip_mtu"),
    "invalid-ip": (lambda inv: edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(loopback="10.0.0.300")),
                   "host_vars/r2.yml", "r2.loopback"),
    "invalid-prefix": (_intent(lambda d: link(d, "r1-r3").update(subnet="198.51.100.0/24")),
                       "intent.yml", "must be a /30 or /31"),
    "bad-subnet": (_intent(lambda d: link(d, "r1-r3").update(subnet="198.51.100.999/30")),
                   "intent.yml", "links[1].subnet"),
    "duplicate-service": (_intent(lambda d: service(d, "vll-42").update(name="vll-41")),
                          "intent.yml", "duplicate service name 'vll-41'"),
    "duplicate-vrf": (_intent(lambda d: service(d, "vrf-vll43").update(name="vrf-lan40")),
                      "intent.yml", "duplicate VRF name"),
    "duplicate-loopback": (lambda inv: edit_yaml(inv / "host_vars/r3.yml", lambda d: d.update(loopback="10.0.0.2")),
                           "hosts.yml", "r3.loopback: 10.0.0.2 already used by r2"),
    "unknown-device": (_intent(lambda d: link(d, "r1-r2")["b"].update(device="r9")),
                       "intent.yml", "links[0].b.device: unknown device 'r9'"),
    "unknown-device-in-service": (_intent(lambda d: service(d, "vll-41")["endpoints"][1].update(device="r7")),
                                  "intent.yml", "services.vll[0].endpoints[1].device: unknown device 'r7'"),
    "wrong-vendor-interface": (_intent(lambda d: link(d, "r1-r2")["a"].update(interface="ethe 1/1")),
                               "intent.yml", "links[0].a.interface"),
    "vll-three-endpoints": (_intent(lambda d: service(d, "vll-42")["endpoints"].append(
        {"device": "r2", "port": "ethe 1/6", "vlan": 42})), "intent.yml", "exactly two endpoints"),
    "unknown-host-var": (lambda inv: edit_yaml(inv / "host_vars/r1.yml", lambda d: d.update(loopbak="10.0.0.1")),
                         "host_vars/r1.yml", "r1.loopbak: unknown field"),
    "secret-in-file": (lambda inv: edit_yaml(inv / "group_vars/all.yml", lambda d: d.update(ansible_password="hunter2")),
                       "group_vars/all.yml", "secrets are not read from files"),
    "no-intent": (lambda inv: (inv / "intent.yml").unlink(), "inv", "no intent.yml"),
}

INJECTIONS = {
    "newline": "vpls-40\nset system root-authentication",
    "semicolon": "vpls-40; delete",
    "brace-open": "vpls{40",
    "brace-close": "vpls}40",
    "hash": "vpls#40",
    "double-quote": 'vpls"40',
    "single-quote": "vpls'40",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_clear_error(tmp_path, case):
    change, where, what = CASES[case]
    inv = seed_copy(tmp_path)
    change(inv)
    with pytest.raises(InputError) as info:
        load_intent(inv)
    text = str(info.value)
    assert "\n" not in text
    assert where in text and what in text, text
    assert "hunter2" not in text


@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_injection_in_names_is_rejected(tmp_path, case):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vpls-40").update(name=INJECTIONS[case]))
    with pytest.raises(InputError) as info:
        load_intent(inv)
    assert "services.vpls[0].name" in str(info.value)


@pytest.mark.parametrize("case", ["newline", "semicolon", "brace-open", "hash", "double-quote"])
def test_injection_in_descriptions_is_rejected(tmp_path, case):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: service(d, "vll-41").update(description=INJECTIONS[case]))
    with pytest.raises(InputError) as info:
        load_intent(inv)
    assert "services.vll[0].description" in str(info.value)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True)


def test_cli_bad_input_exit_2_one_line_no_traceback(tmp_path):
    inv = seed_copy(tmp_path)
    CASES["unknown-device"][0](inv)
    for args in (["lint", "-i", str(inv)], ["render", "-i", str(inv)]):
        proc = _cli(*args)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and "unknown device 'r9'" in lines[0]
        assert proc.stdout == ""


def test_cli_usage_errors_exit_2(tmp_path):
    assert _cli("render").returncode == 2
    assert _cli("render", "-i", str(tmp_path), "--format", "xml").returncode == 2
    proc = _cli("render", "-i", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "inventory directory not found" in proc.stderr


def test_render_out_writes_all_or_nothing(tmp_path):
    from tests.conftest import SEED_INVENTORY

    out = tmp_path / "out"
    proc = _cli("render", "-i", str(SEED_INVENTORY), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r1.conf", "r2.conf", "r3.conf"]
    before = {p.name: p.read_text() for p in out.iterdir()}
    bad = seed_copy(tmp_path)
    CASES["unknown-field"][0](bad)
    proc = _cli("render", "-i", str(bad), "--out", str(out))
    assert proc.returncode == 2
    assert {p.name: p.read_text() for p in out.iterdir()} == before


def test_clab_inventory_option_is_wired_and_checked(tmp_path):
    from tests.conftest import SEED_INVENTORY

    for cmd in ("diff", "deploy", "verify"):
        proc = _cli(cmd, "-i", str(SEED_INVENTORY), "--clab-inventory", str(tmp_path / "missing.yml"))
        assert proc.returncode == 2, (cmd, proc.stderr)
        assert "missing.yml" in proc.stderr and "Traceback" not in proc.stderr
