"""The emulated Junos accepts and refuses what Juniper's YANG says a real MX does (issue 13).

A table of statements, each loaded through PyEZ into a running emulated device on top of a valid
base configuration: invalid ones must be refused at load (syntax, value) or at commit check
(``junos:must`` constraints, platform checks) with a Junos-shaped error; valid but unusual ones
must be accepted, committed and shown back.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from lxml import etree

from mpls_interop_lab.junos.config import JunosConfig, JunosSyntaxError
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.errors import JunosRpcError
from mpls_interop_lab.junos.netconf import start_netconf_server

USER, PASSWORD = "lab", "lab-pass-1"
BASE = """\
set system host-name pe1
set chassis fpc 0 pic 0 tunnel-services bandwidth 1g
set interfaces ge-1/0/0 flexible-vlan-tagging
set interfaces ge-1/0/0 mtu 9192
set interfaces ge-1/0/0 encapsulation flexible-ethernet-services
set interfaces ge-1/0/0 unit 1000 vlan-id 1000
set interfaces ge-1/0/0 unit 1000 family inet address 192.0.2.1/30
set interfaces ge-1/0/0 unit 1000 family mpls
set interfaces ge-1/0/0 unit 600 encapsulation vlan-ccc
set interfaces ge-1/0/0 unit 600 vlan-id 600
set interfaces ge-1/0/0 unit 600 family ccc
set interfaces ge-1/0/1 unit 0 family inet address 198.51.100.1/30
set interfaces lo0 unit 0 family inet address 10.0.0.1/32
set routing-options router-id 10.0.0.1
set protocols mpls interface ge-1/0/0.1000
set protocols ospf area 0.0.0.0 interface ge-1/0/0.1000
set protocols ospf area 0.0.0.0 interface lo0.0 passive
set protocols l2circuit neighbor 10.0.0.2 interface ge-1/0/0.600 virtual-circuit-id 600
"""
L2 = "set protocols l2circuit neighbor 10.0.0.2 interface ge-1/0/0.600 "
OSPF = "set protocols ospf area 0.0.0.0 interface ge-1/0/0.1000 "
XML_TYPO = ("<configuration><interfaces><interface><name>ge-1/0/0</name><mtux>9000</mtux>"
            "</interface></interfaces></configuration>")
XML_BAD_VALUE = ("<configuration><protocols><mpls><label-switched-path><name>l1</name>"
                 "<to>10.0.0.300</to></label-switched-path></mpls></protocols></configuration>")
XML_VALID = ("<configuration><protocols><mpls><path><name>p9</name><path-list><name>192.0.2.2</name>"
             "<strict/></path-list></path></mpls></protocols></configuration>")

# (id, format, content, outcome, needle): outcome "load" = refused at load, "commit" = refused by
# commit check, "ok" = accepted and committed. needle: the bad element (load) or a message part.
CASES = [
    # typos in keywords
    ("typo-top", "set", "set protcols ospf area 0.0.0.0 interface lo0.0", "load", "protcols"),
    ("typo-flag", "set", "set interfaces ge-1/0/0 flexible-vlan-taging", "load", "flexible-vlan-taging"),
    ("typo-vlan-map", "set", "set interfaces ge-1/0/0 unit 600 input-vlan-map popp", "load", "popp"),
    ("typo-instance-type", "set", "set routing-instances v1 instance-type vpsl", "load", "vpsl"),
    ("typo-strict", "set", "set protocols mpls path p1 192.0.2.2 stric", "load", "stric"),
    ("typo-l2-encap", "set", L2 + "encapsulation ethernet", "load", "encapsulation"),
    ("typo-encap-type", "set", L2 + "encapsulation-type ethernet-tagged", "load", "ethernet-tagged"),
    ("typo-unit-encap", "set", "set interfaces ge-1/0/0 unit 10 encapsulation vlan-cc", "load", "vlan-cc"),
    ("typo-ospf-type", "set", OSPF + "interface-type p2pp", "load", "p2pp"),
    ("typo-text", "text", "interfaces { ge-1/0/0 { unit 10 { family inet { adress 10.1.1.1/30; } } } }",
     "load", "adress"),
    ("typo-xml", "xml", XML_TYPO, "load", "mtux"),
    ("typo-family", "set", "set interfaces ge-1/0/0 unit 10 family inet7", "load", "inet7"),
    # values outside their type
    ("bad-ipv4", "set", "set protocols mpls label-switched-path l1 to 10.0.0.300", "load", "to"),
    ("bad-prefix-len", "set", "set interfaces ge-1/0/1 unit 0 family inet address 192.0.2.9/33",
     "load", "address"),
    ("vc-id-zero", "set", L2 + "virtual-circuit-id 0", "load", "virtual-circuit-id"),
    ("l2-mtu-range", "set", L2 + "mtu 70000", "load", "mtu"),
    ("native-vlan-range", "set", "set interfaces ge-1/0/0 native-vlan-id 5000", "load", "native-vlan-id"),
    ("hello-zero", "set", OSPF + "hello-interval 0", "load", "hello-interval"),
    ("bfd-mult-zero", "set", OSPF + "bfd-liveness-detection multiplier 0", "load", "multiplier"),
    ("router-id-short", "set", "set routing-options router-id 10.0.0", "load", "router-id"),
    ("neighbor-bad-ip", "set", "set protocols l2circuit neighbor 10.0.0.256 interface ge-1/0/0.600 "
     "virtual-circuit-id 5", "load", "neighbor"),
    ("revert-range", "set", "set protocols mpls label-switched-path l1 revert-timer 70000", "load",
     "revert-timer"),
    ("mtu-not-number", "set", "set interfaces ge-1/0/0 mtu jumbo", "load", "mtu"),
    ("xml-bad-value", "xml", XML_BAD_VALUE, "load", "to"),
    # missing keys and values, broken statements
    ("missing-value", "set", "set system host-name", "load", "host-name"),
    ("missing-key", "set", "set interfaces ge-1/0/0 unit", "load", "unit"),
    ("missing-path-name", "set", "set protocols mpls label-switched-path l1 primary", "load", "primary"),
    ("two-values", "text", "interfaces { ge-1/0/0 { mtu 9192 9000; } }", "load", "mtu 9192"),
    # commit-time constraints (junos:must) and platform checks
    ("vlan-id-none-in-vrf", "set", "set routing-instances v1 instance-type vrf\n"
     "set routing-instances v1 vlan-id none", "commit", "only for a VPLS or EVPN"),
    ("vlan-tags-in-vrf", "set", "set routing-instances v1 instance-type vrf\n"
     "set routing-instances v1 vlan-tags outer 10", "commit", "only for VPLS instance"),
    ("vlan-tags-untagged", "set", "set interfaces ge-1/0/1 unit 20 vlan-tags outer 20", "commit",
     "valid only with vlan-tagging"),
    ("native-vlan-needs-flex", "set", "set interfaces ge-1/0/1 native-vlan-id 5", "commit",
     "native-vlan-id can be specified with flexible-vlan-tagging"),
    ("inet-mtu-too-big", "set", "set interfaces ge-1/0/1 unit 0 family inet mtu 1600", "commit",
     "exceeds the maximum 1500"),
    ("lt-without-tunnel", "set", "set interfaces lt-1/0/10 unit 1 peer-unit 2", "commit",
     "tunnel services are not configured"),
    ("vlan-id-untagged", "set", "set interfaces ge-1/0/1 unit 5 vlan-id 5", "commit",
     "VLAN-ID can only be specified on tagged"),
    ("l2-unknown-ifl", "set", L2.replace("ge-1/0/0.600", "ge-1/0/0.601") + "virtual-circuit-id 601",
     "commit", "interface not configured"),
    ("unit-vlan-id-range", "set", "set interfaces ge-1/0/0 unit 20 vlan-id 5000", "commit",
     "vlan-id 5000 is not within range"),
    ("vpls-without-id", "set", "set routing-instances v2 instance-type vpls\n"
     "set routing-instances v2 protocols vpls neighbor 10.0.0.2", "commit", "vpls-id must be configured"),
    # valid but unusual
    ("unit-statistics", "set", "set interfaces ge-1/0/0 unit 1000 statistics", "ok", None),
    ("unit-mtu", "set", "set interfaces ge-1/0/1 unit 0 family inet mtu 1400", "ok", None),
    ("hop-default-strict", "set", "set protocols mpls path p1 192.0.2.2", "ok", None),
    ("hop-loose-then-strict", "set", "set protocols mpls path p1 192.0.2.2 loose\n"
     "set protocols mpls path p1 192.0.2.2 strict", "ok", None),
    ("vc-id-max", "set", L2 + "virtual-circuit-id 4294967295", "ok", None),
    ("no-control-word", "set", L2 + "no-control-word", "ok", None),
    ("encap-ethernet-vlan", "set", L2 + "encapsulation-type ethernet-vlan", "ok", None),
    ("l2-mtu-min", "set", L2 + "mtu 512", "ok", None),
    ("ospf-p2p", "set", OSPF + "interface-type p2p", "ok", None),
    ("quoted-description", "set", 'set interfaces ge-1/0/1 description "core; {to} pe2"', "ok", None),
    ("syslog-file", "set", "set system syslog file messages any notice", "ok", None),
    ("static-discard", "set", "set routing-options static route 0.0.0.0/0 discard", "ok", None),
    ("policy-term", "set", "set policy-options policy-statement p1 term t1 then accept", "ok", None),
    ("firewall-term", "set", "set firewall family inet filter f1 term t1 then discard", "ok", None),
    ("snmp-community", "set", "set snmp community public authorization read-only", "ok", None),
    ("groups-wildcard", "set", 'set groups jumbo interfaces "<ge-*>" mtu 9192\nset apply-groups jumbo',
     "ok", None),
    ("vpls-vlan-none", "set", "set routing-instances v3 instance-type vpls\n"
     "set routing-instances v3 vlan-id none\nset routing-instances v3 protocols vpls vpls-id 3\n"
     "set routing-instances v3 protocols vpls no-tunnel-services", "ok", None),
    ("inactive-text", "text", "protocols { inactive: ldp { interface lo0.0; } }", "ok", None),
    ("xml-path", "xml", XML_VALID, "ok", None),
    ("lsp-values", "set", "set protocols mpls label-switched-path l1 to 10.0.0.2\n"
     "set protocols mpls label-switched-path l1 revert-timer 65535", "ok", None),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[JunosDevice, int]]:
    import asyncssh

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    device = JunosDevice("pe1", config=JunosConfig.empty().apply_set(BASE))
    key = asyncssh.generate_private_key("ssh-ed25519")
    acceptor = asyncio.run_coroutine_threadsafe(
        start_netconf_server(device, "127.0.0.1", 0, USER, PASSWORD, key), loop
    ).result(20)
    port = acceptor.get_port()
    # a known_hosts file for clients that verify host keys (the toolkit's drivers)
    known = tmp_path_factory.mktemp("hostkeys") / "known_hosts"
    known.write_text(f"[127.0.0.1]:{port} {key.export_public_key().decode().strip()}\n")
    device.known_hosts = known  # type: ignore[attr-defined]
    yield device, port
    loop.call_soon_threadsafe(acceptor.close)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


@pytest.fixture(scope="module")
def pyez_config(server: tuple[JunosDevice, int]) -> Iterator[object]:
    from jnpr.junos import Device
    from jnpr.junos.utils.config import Config

    dev = Device(host="127.0.0.1", port=server[1], user=USER, passwd=PASSWORD, gather_facts=False)
    dev.open()
    yield Config(dev)
    dev.close()


def test_table_has_enough_cases() -> None:
    assert len(CASES) >= 40
    assert {c[3] for c in CASES} == {"load", "commit", "ok"}
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("fmt", "content", "outcome", "needle"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_statement_table_through_pyez(server, pyez_config, fmt, content, outcome, needle) -> None:  # type: ignore[no-untyped-def]
    from jnpr.junos.exception import CommitError, ConfigLoadError

    device, _ = server
    cu = pyez_config
    before = device.committed
    try:
        if outcome == "load":
            with pytest.raises(ConfigLoadError) as info:
                cu.load(content, format=fmt, merge=True)
            errs = info.value.errs
            assert errs, "a refusal names its problems"
            for e in errs:
                assert e["severity"] == "error" and e["message"] and e["edit_path"].startswith("[edit")
            assert any(needle == (e.get("bad_element") or "").split(" ")[0]
                       or needle in (e.get("bad_element") or "") for e in errs), errs
            count = info.value.rsp.getroottree().getroot().findtext(".//{*}load-error-count")
            assert count is not None and int(count) == len(errs)
            assert device.candidate == before  # nothing of a refused load is kept
        elif outcome == "commit":
            cu.load(content, format=fmt, merge=True)
            with pytest.raises(CommitError) as cinfo:
                cu.commit_check()
            messages = [e.get("message") or "" for e in cinfo.value.errs]
            assert any(needle in m for m in messages), messages
            paths = [e.get("edit_path") for e in cinfo.value.errs if needle in (e.get("message") or "")]
            assert paths and all(p and p.startswith("[edit") for p in paths)
        else:
            cu.load(content, format=fmt, merge=True)
            assert cu.commit_check() is True
            cu.commit()
            shown = device.committed.to_text()
            back = JunosConfig.parse_text(shown)  # what get-configuration shows loads back
            assert back == device.committed
            assert device.committed != before
    finally:
        cu.rollback(0)
        if device.committed != before:
            device.load(None, before.to_text(), fmt="text", action="override")
            device.commit(None)


def test_load_reports_every_problem_then_the_count() -> None:
    dev = JunosDevice("pe1")
    with pytest.raises(JunosRpcError) as info:
        dev.load(None, "set protcols ospf\nset interfaces ge-1/0/0 mtu 9192\n"
                 "set interfaces ge-1/0/0 unit 0 family inet address 10.0.0.1/40\n", action="set")
    errors = info.value.errors
    assert [e.bad_element for e in errors] == ["protcols", "address 10.0.0.1/40"]
    assert info.value.load_error_count == 2 and info.value.wrapper == "load-configuration-results"
    assert errors[1].path == "[edit interfaces ge-1/0/0 unit 0 family inet]"
    assert not dev.candidate.root.has("interfaces", "ge-1/0/0")  # a refused load changes nothing


def test_curly_text_reports_each_refused_block() -> None:
    text = "interfaces {\n  ge-1/0/0 {\n    mtux 1;\n    unit 0 { vlan-idd 5; }\n  }\n}\nprotcols { ospf; }\n"
    with pytest.raises(JunosSyntaxError) as info:
        JunosConfig.parse_text(text)
    assert [(e.statement, e.line) for e in info.value.errors] == [
        ("mtux", 3), ("vlan-idd", 4), ("protcols", 7)]


def test_choice_replaces_the_other_case_and_shows_one_line() -> None:
    cfg = JunosConfig.empty().apply_set(
        "set protocols mpls path p1 192.0.2.2 loose\nset protocols mpls path p1 192.0.2.2 strict\n"
        "set interfaces ge-1/0/0 unit 5 input-vlan-map pop\n")
    hop = cfg.root.get("protocols", "mpls", "path p1", "192.0.2.2")
    assert hop is not None and set(hop.children) == {"strict"}
    text = cfg.to_text()
    assert "            192.0.2.2 strict;\n" in text
    assert cfg.root.has("interfaces", "ge-1/0/0", "unit 5", "input-vlan-map", "pop")
    assert "            input-vlan-map pop;\n" in text  # as real MX `show configuration` prints it
    lacp = JunosConfig.empty().apply_set("set interfaces ae0 aggregated-ether-options lacp active")
    assert "            lacp {\n                active;\n            }\n" in lacp.to_text()
    assert "set protocols mpls path p1 192.0.2.2 strict\n" in cfg.to_set()
    assert JunosConfig.parse_text(text) == cfg
    assert JunosConfig.from_xml(etree.tostring(cfg.to_xml())) == cfg


def test_model_never_reads_a_misspelt_value() -> None:
    """`stric` used to load and become a loose hop; now it cannot load at all."""
    from mpls_interop_lab.model.junos_reader import read_junos

    with pytest.raises(JunosSyntaxError):
        JunosConfig.empty().apply_set("set protocols mpls path p1 192.0.2.2 stric")
    cfg = JunosConfig.empty().apply_set(
        "set protocols mpls label-switched-path l1 to 10.0.0.2\n"
        "set protocols mpls label-switched-path l1 primary p1\n"
        "set protocols mpls path p1 192.0.2.2\nset protocols mpls path p1 192.0.2.6 loose\n")
    lsp = read_junos("pe1", cfg).lsps[0]
    assert [(h.address, h.strict) for h in lsp.primary or []] == [("192.0.2.2", True), ("192.0.2.6", False)]


def test_model_understands_every_l2circuit_encapsulation_type() -> None:
    from mpls_interop_lab.junos.keywords import locate
    from mpls_interop_lab.model.junos_reader import read_junos

    enums = locate(["protocols", "l2circuit", "neighbor 10.0.0.2", "interface ge-1/0/0.600",
                    "encapsulation-type"]).enums()  # type: ignore[union-attr]
    assert "ethernet" in enums and "ethernet-vlan" in enums and "ethernet-tagged" not in enums
    for etype in enums:
        cfg = JunosConfig.empty().apply_set(BASE + L2 + f"encapsulation-type {etype}\n")
        pw = read_junos("pe1", cfg).pws[0]
        att = pw.attachments[0]
        if etype == "ethernet":
            assert pw.pw_type == "raw" and att.functional
        elif etype == "ethernet-vlan":
            assert pw.pw_type == "tagged" and att.functional
        else:
            assert not att.functional and etype in att.problem


@pytest.mark.parametrize("ntype", ["nbma", "p2mp", "p2p", "p2mp-over-lan", None])
def test_model_understands_every_ospf_interface_type(ntype: str | None) -> None:
    from mpls_interop_lab.junos.keywords import locate
    from mpls_interop_lab.model.junos_reader import read_junos

    enums = locate(["protocols", "ospf", "area 0.0.0.0", "interface ge-1/0/0.1000",
                    "interface-type"]).enums()  # type: ignore[union-attr]
    assert set(enums) == {"nbma", "p2mp", "p2p", "p2mp-over-lan"}
    extra = OSPF + f"interface-type {ntype}\n" if ntype else ""
    view = read_junos("pe1", JunosConfig.empty().apply_set(BASE + extra))
    ospf = next(i.ospf for i in view.ipifs if i.name == "ge-1/0/0.1000")
    assert ospf is not None and ospf.network_type == (ntype or "broadcast")
    assert ospf.hello == (30 if ntype in ("nbma", "p2mp") else 10) and ospf.dead == 4 * ospf.hello


def _target(device: JunosDevice, port: int):  # type: ignore[no-untyped-def]
    """The toolkit's target for the test server (with its host key where drivers verify it)."""
    import dataclasses

    from mpls_interop.sdk.driver import Target

    target = Target("pe1", "127.0.0.1", port, USER, PASSWORD, timeout=20)
    if "host_keys" in {f.name for f in dataclasses.fields(Target)}:
        from mpls_interop.sdk.hostkeys import HostKeyPolicy  # type: ignore[import-not-found]

        target = dataclasses.replace(target, host_keys=HostKeyPolicy(known_hosts=device.known_hosts))  # type: ignore[attr-defined]
    return target


@pytest.mark.parametrize(("text", "named"), [
    ("protocols {\n    l2circuit {\n        neighbor 10.0.0.2 {\n            interface ge-1/0/0.600 {\n"
     "                mtu 70000;\n            }\n        }\n    }\n}\n", "statement: mtu 70000"),
    ("routing-instances {\n    v1 {\n        instance-type vpsl;\n    }\n}\n", "statement: vpsl"),
])
def test_toolkit_driver_error_names_the_statement(server, text: str, named: str) -> None:  # type: ignore[no-untyped-def]
    from mpls_interop.sdk.driver import DriverError, driver_class

    device, port = server
    drv = driver_class("junos")(_target(device, port))
    with drv, pytest.raises(DriverError) as info:
        drv.load(text)
    message = str(info.value)
    assert "load failed" in message and named in message and "\n" not in message
    assert device.candidate == device.committed


def test_toolkit_driver_commit_check_names_the_constraint(server) -> None:  # type: ignore[no-untyped-def]
    from mpls_interop.sdk.driver import DriverError, driver_class

    device, port = server
    before = device.committed
    drv = driver_class("junos")(_target(device, port))
    with drv:
        drv.load("routing-instances {\n    v1 {\n        instance-type vrf;\n        vlan-id none;\n"
                 "    }\n}\n")
        with pytest.raises(DriverError) as info:
            drv.commit(confirm_minutes=None)
        assert "only for a VPLS or EVPN" in str(info.value) and "vlan-id" in str(info.value)
        drv.rollback()
    assert device.committed == before and device.lock_owner is None
