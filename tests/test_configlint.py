"""`interop lint-config`: existing device configs with the field report's kinds of mistakes.

Every broken config starts from the toolkit's own rendering of the seed network and changes one
thing, so each case must give exactly the intended finding.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mpls_interop.core.configlint import lint_configs
from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from tests.conftest import SEED_INVENTORY


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return render_all(load_intent(SEED_INVENTORY))


def write(tmp_path: Path, configs: dict[str, str]) -> list[Path]:
    paths = []
    for name, text in configs.items():
        p = tmp_path / f"{name}.conf"
        p.write_text(text)
        paths.append(p)
    return paths


def sub(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


CASES = {
    # the Junos side
    "protocols-typo": ("r1", lambda t: sub(t, "protocols {", "protcols {"), "CFG002", "did you mean 'protocols'"),
    "missing-semicolon": ("r1", lambda t: sub(t, "                mtu 1500;", "                mtu 1500"), "CFG001",
                          "not terminated"),
    "l2circuit-encapsulation": (
        "r1", lambda t: sub(t, "encapsulation-type ethernet-vlan;", "encapsulation ethernet-vlan;"),
        "CFG003", "use 'encapsulation-type'"),
    "vpls-without-vlan-id-none": ("r1", lambda t: sub(t, "        vlan-id none;\n", "", 2), "CFG004",
                                  "one direction only"),
    "raw-vll-without-vlan-maps": (
        "r1", lambda t: sub(t, "            input-vlan-map pop;\n            output-vlan-map push;\n", ""),
        "CFG005", "still tagged"),
    "lt-without-tunnel-services": (
        "r1", lambda t: t[: t.index("chassis {")] + t[t.index("interfaces {"):], "CFG006", "tunnel-services"),
    "vpls-without-id": ("r1", lambda t: sub(t, "                vpls-id 40;\n", ""), "CFG007", "no vpls-id"),
    "inet-mtu-over-media": ("r1", lambda t: sub(t, "mtu 1500;", "mtu 9190;"), "CFG008", "exceeds"),
    # the NetIron side
    "vpls-defined-twice": (
        "r2", lambda t: sub(t, " vpls vpls-140 140\n", " vpls vpls-40 40\n"), "CFG101", "defined twice"),
    "vpls-id-reused": ("r2", lambda t: sub(t, " vpls vpls-140 140\n", " vpls vpls-140 40\n"), "CFG102",
                       "used by both 'vpls-40'"),
    "vll-mtu-out-of-range": ("r3", lambda t: sub(t, "vll-mtu 9100", "vll-mtu 9200"), "CFG103", "outside 64-9190"),
    "netiron-peer-without-lsp": ("r3", lambda t: sub(t, "  to 10.0.0.1\n", "  to 10.0.0.9\n"), "CFG104",
                                 "no RSVP LSP 'to 10.0.0.1'"),
    "vpls-id-reused-junos": ("r1", lambda t: sub(t, "vpls-id 140;", "vpls-id 40;"), "CFG009",
                             "vpls-id 40 is used by both routing instances vpls-40 and vpls-140"),
    "instance-defined-twice-junos": (
        "r1", lambda t: sub(t, "    vpls-140 {\n", "    vpls-140 {\n        instance-type vpls;\n    }\n    vpls-140 {\n"),
        "CFG010", "routing instance vpls-140 is defined twice"),
    "junos-peer-without-lsp": (
        "r1", lambda t: sub(t, "            to 10.0.0.2;", "            to 10.0.0.9;"), "CFG011",
        "PW peer 10.0.0.2 (VLL lt-0/0/10.4, VPLS vpls-140, VPLS vpls-40) has no label-switched-path 'to 10.0.0.2'"),
    "junos-address-slash-33": (
        "r1", lambda t: sub(t, "address 198.51.100.4/31;", "address 198.51.100.4/33;"), "CFG012",
        "'198.51.100.4/33' is not a valid IPv4 address"),
    "netiron-interface-typo": ("r2", lambda t: sub(t, "interface ethernet 1/5\n", "interfce ethernet 1/5\n"),
                               "CFG105", "unknown NetIron command 'interfce ethernet 1/5' (did you mean 'interface'?)"),
    "netiron-router-mpls-typo": ("r2", lambda t: sub(t, "router mpls\n", "router mpsl\n"), "CFG105",
                                 "'router mpsl' (did you mean 'mpls'?)"),
    "netiron-raw-mode-typo": ("r3", lambda t: sub(t, " vll vll-41 41 raw-mode\n", " vll vll-41 41 raw-mod\n"),
                              "CFG105", "unknown VLL option 'raw-mod' in 'vll vll-41 41 raw-mod' (did you mean 'raw-mode'?)"),
    "netiron-unknown-lsp-command": ("r3", lambda t: sub(t, "  frr\n", "  fast-reroute\n"), "CFG105",
                                    "'fast-reroute' in lsp mode"),
    # across devices
    "ospf-timers-differ": ("r1", lambda t: sub(t, "hello-interval 10;\n                dead-interval 40;",
                                                "hello-interval 3;\n                dead-interval 12;"),
                           "XCFG001", "hello/dead 3/12 vs 10/40"),
    "ospf-ip-mtu-differs": ("r2", lambda t: sub(t, " ip mtu 1500\n", " ip mtu 9000\n"), "XCFG002", "9000 vs 1500"),
    "pw-mtu-differs": ("r3", lambda t: sub(t, "vll-mtu 9100", "vll-mtu 9000"), "XCFG003",
                       "PW MTU differs: r1 9100, r3 9000"),
    "pw-type-differs": ("r3", lambda t: sub(t, " vll vll-41 41 raw-mode\n", " vll vll-41 41\n"), "XCFG004",
                        "PW type differs: r1 raw, r3 tagged"),
    "pw-on-one-side": ("r2", lambda t: sub(t, " vll vll-43 43 raw-mode\n", " vll vll-43 44 raw-mode\n"), "XCFG005",
                       "has none with that id back"),
}


#: what else a mistake rightly causes on the other devices
CONSEQUENCES: dict[str, set[str]] = {
    "vll-mtu-out-of-range": {"XCFG003"},  # the far end still says 9100
    "inet-mtu-over-media": {"XCFG002"},  # and the OSPF neighbour is at 1500
    "vpls-defined-twice": {"XCFG005"},  # r2 has no VPLS 140 any more
    "vpls-id-reused": {"XCFG005"},
    "vpls-without-id": {"XCFG005"},  # the instance signals id 0
    "vpls-id-reused-junos": {"XCFG005"},  # r1 has no VPLS 140 towards r2/r3 any more
    "netiron-router-mpls-typo": {"XCFG005"},  # r2's services are not under router mpls any more
    "netiron-raw-mode-typo": {"XCFG004"},  # without raw-mode the VLL is tagged
    "protocols-typo": {"XCFG005", "CFG011"},  # r1 has no protocols at all, so no LSPs
}


def test_rendered_seed_is_clean(tmp_path, rendered):
    assert lint_configs(write(tmp_path, rendered)) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_config_gives_intended_finding(tmp_path, rendered, case):
    device, change, rule, text = CASES[case]
    configs = dict(rendered)
    configs[device] = change(configs[device])
    findings = lint_configs(write(tmp_path, configs))
    rules = {f.rule for f in findings}
    assert rules == {rule, *CONSEQUENCES.get(case, ())}, [f"{f.rule}: {f.message}" for f in findings]
    hit = [f for f in findings if f.rule == rule]
    assert any(text in f.message for f in hit), [f.message for f in hit]
    assert all(f.source for f in hit)


def test_set_format_is_read_too(tmp_path):
    from mpls_interop.core.render import render_device

    text = render_device(load_intent(SEED_INVENTORY), "r1", "set").replace(
        "encapsulation-type ethernet-vlan", "encapsulation ethernet-vlan")
    (tmp_path / "r1.set").write_text(text)
    findings = lint_configs([tmp_path / "r1.set"])
    assert {f.rule for f in findings} == {"CFG003"}


def test_cli_json_and_exit_codes(tmp_path, rendered):
    configs = dict(rendered)
    configs["r1"] = CASES["protocols-typo"][1](configs["r1"])
    paths = [str(p) for p in write(tmp_path, configs)]
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint-config", *paths, "--format", "json"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data[0]["rule"] == "CFG002" and data[0]["source"].endswith("r1.conf:" + str(
        configs["r1"].splitlines().index("protcols {") + 1))
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint-config", str(tmp_path / "nope.conf")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "nope.conf: cannot read" in proc.stderr and "Traceback" not in proc.stderr


def test_recovers_after_a_syntax_error_and_keeps_cross_checks(tmp_path, rendered):
    """One missing ';' no longer hides the file's other findings nor drops it from the
    cross-device checks (which say the file was read with recovery)."""
    configs = dict(rendered)
    t = CASES["missing-semicolon"][1](configs["r1"])
    t = CASES["l2circuit-encapsulation"][1](t)
    configs["r1"] = CASES["ospf-timers-differ"][1](t)
    findings = lint_configs(write(tmp_path, configs))
    assert {f.rule for f in findings} == {"CFG001", "CFG003", "XCFG001"}, [f"{f.rule}: {f.message}" for f in findings]
    cross = next(f for f in findings if f.rule == "XCFG001")
    assert "r1.conf has syntax errors and was read with recovery" in cross.message


def test_every_syntax_error_is_reported(tmp_path, rendered):
    t = sub(rendered["r1"], "                mtu 1500;", "                mtu 1500")
    t = sub(t, "        vlan-id none;", "        vlan-id none")
    (tmp_path / "r1.conf").write_text(t)
    errors = [f for f in lint_configs([tmp_path / "r1.conf"]) if f.rule == "CFG001"]
    assert len(errors) == 2 and all("not terminated with ';'" in f.message for f in errors)


IOS = """version 15.2
service timestamps debug datetime msec
hostname R1
boot-start-marker
boot-end-marker
interface GigabitEthernet0/0
 ip address 10.0.0.1 255.255.255.0
router ospf 1
 network 10.0.0.0 0.0.0.255 area 0
line vty 0 4
end
"""
NOT_CONFIGS = {
    "empty": ("", "empty file"),
    "blank": ("\n\n   \n", "empty file"),
    "random-text": ("the quick brown fox\njumps over the lazy dog\n", "not a NetIron configuration"),
    "cisco-ios": (IOS, "not a NetIron configuration"),
}


@pytest.mark.parametrize("case", sorted(NOT_CONFIGS))
def test_files_that_are_not_configs_exit_2(tmp_path, case):
    text, message = NOT_CONFIGS[case]
    path = tmp_path / "x.conf"
    path.write_text(text)
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint-config", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and "x.conf" in proc.stderr and "Traceback" not in proc.stderr


def test_netiron_config_named_as_junos_is_rejected(tmp_path, rendered):
    path = tmp_path / "r2.conf"
    path.write_text(rendered["r2"])
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint-config", "--vendor", "junos", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not a Junos configuration" in proc.stderr, proc.stderr


def _rule_ids() -> set[str]:
    import re

    import mpls_interop.core.configlint as core
    import mpls_interop.vendors.junos.configlint as junos
    import mpls_interop.vendors.netiron.configlint as netiron

    ids: set[str] = set()
    for mod in (core, junos, netiron):
        ids |= set(re.findall(r'"(X?CFG\d{3})"', Path(mod.__file__).read_text()))
    return ids


def test_every_rule_has_a_case():
    assert len(_rule_ids()) > 20
    shown = {case[2] for case in CASES.values()}
    assert _rule_ids() - shown == set()


def test_set_lines_cannot_crash(tmp_path):
    (tmp_path / "r1.set").write_text("set\nset system host-name\nset interfaces\nset protocols ospf area\n")
    lint_configs([tmp_path / "r1.set"])
