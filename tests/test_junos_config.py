"""The emulated Junos configuration database: parsing, keying, formats, diff, device commit rules."""

from __future__ import annotations

import re
import time

import pytest
from lxml import etree

from mpls_interop_lab.junos.config import JNode, JunosConfig, JunosSyntaxError
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.errors import JunosRpcError

PE1 = """\
## Last commit: 2024-03-01 09:00:00 UTC by lab
system {
    host-name pe1;
}
chassis {
    fpc 0 {
        pic 0 {
            tunnel-services {
                bandwidth 1g;
            }
        }
    }
}
interfaces {
    ge-1/0/0 {
        description "core link to pe2";
        flexible-vlan-tagging;
        mtu 9192;
        encapsulation flexible-ethernet-services;
        unit 1000 {
            vlan-id 1000;
            family inet {
                mtu 9000;
                address 192.0.2.1/30;
            }
            family mpls;
        }
        unit 600 {
            encapsulation vlan-ccc;
            vlan-id 600;
            input-vlan-map pop;
            output-vlan-map push;
            family ccc;
        }
        /* attachment for the VPLS */
        unit 40 {
            encapsulation vlan-vpls;
            vlan-id 40;
            family vpls;
        }
    }
    lt-0/0/10 {
        unit 1 {
            encapsulation ethernet;
            peer-unit 2;
            family inet {
                address 198.51.100.1/30;
            }
        }
        unit 2 {
            encapsulation ethernet-vpls;
            peer-unit 1;
            family vpls;
        }
    }
    lo0 {
        unit 0 {
            family inet {
                filter {
                    input PROTECT-RE;
                }
                address 10.0.0.1/32;
            }
        }
    }
}
firewall {
    family inet {
        filter PROTECT-RE {
            term ospf {
                from {
                    protocol ospf;
                }
                then accept;
            }
        }
    }
}
routing-options {
    router-id 10.0.0.1;
    static {
        route 0.0.0.0/0 next-hop 192.0.2.2;
    }
}
protocols {
    rsvp {
        interface ge-1/0/0.1000;
    }
    mpls {
        label-switched-path to-pe2 {
            from 10.0.0.1;
            to 10.0.0.2;
            fast-reroute;
            primary via-core;
        }
        path via-core {
            192.0.2.2 loose;
        }
        interface ge-1/0/0.1000;
    }
    ospf {
        traffic-engineering;
        area 0.0.0.0 {
            interface ge-1/0/0.1000 {
                hello-interval 10;
                dead-interval 40;
                bfd-liveness-detection {
                    minimum-interval 300;
                    multiplier 3;
                }
            }
            interface lo0.0 {
                passive;
            }
        }
    }
    ldp {
        interface lo0.0;
    }
    l2circuit {
        neighbor 10.0.0.2 {
            interface ge-1/0/0.600 {
                virtual-circuit-id 600;
                encapsulation-type ethernet;
                mtu 9100;
            }
        }
    }
}
routing-instances {
    vpls-40 {
        instance-type vpls;
        vlan-id none;
        interface ge-1/0/0.40;
        interface lt-0/0/10.2;
        protocols {
            vpls {
                vpls-id 40;
                mtu 9100;
                no-tunnel-services;
                neighbor 10.0.0.2;
            }
        }
    }
    vrf-a {
        instance-type vrf;
        interface lt-0/0/10.1;
        route-distinguisher 10.0.0.1:100;
        vrf-target target:65000:100;
        vrf-table-label;
    }
}
"""


@pytest.fixture()
def pe1() -> JunosConfig:
    return JunosConfig.parse_text(PE1)


# ---- keying (the network model reads these paths) ----------------------------------------------


def test_keying_rules(pe1: JunosConfig) -> None:
    root = pe1.root
    ge = root.get("interfaces", "ge-1/0/0")
    assert ge is not None and ge.value_of("mtu") == "9192"
    assert ge.value_of("description") == "core link to pe2"
    assert ge.has("flexible-vlan-tagging") and ge.get("flexible-vlan-tagging").value is None  # type: ignore[union-attr]
    assert [k for k, _ in ge.items("unit ")] == ["unit 1000", "unit 600", "unit 40"]
    unit = root.get("interfaces", "ge-1/0/0", "unit 1000")
    assert unit is not None and unit.value_of("vlan-id") == "1000"
    assert unit.value_of("family inet", "mtu") == "9000"
    assert unit.has("family inet", "address 192.0.2.1/30")
    mpls = unit.get("family mpls")
    assert mpls is not None and mpls.value is None and not mpls.children
    # schema-true layout: input-vlan-map is a container holding the `pop` flag
    assert root.has("interfaces", "ge-1/0/0", "unit 600", "input-vlan-map", "pop")
    assert root.has("protocols", "mpls", "path via-core", "192.0.2.2", "loose")
    assert root.has("chassis", "fpc 0", "pic 0", "tunnel-services")
    assert root.value_of("chassis", "fpc 0", "pic 0", "tunnel-services", "bandwidth") == "1g"
    assert root.value_of("interfaces", "lt-0/0/10", "unit 2", "peer-unit") == "1"
    ospf_if = root.get("protocols", "ospf", "area 0.0.0.0", "interface ge-1/0/0.1000")
    assert ospf_if is not None and ospf_if.value_of("dead-interval") == "40"
    assert ospf_if.value_of("bfd-liveness-detection", "multiplier") == "3"
    assert root.has("protocols", "ospf", "area 0.0.0.0", "interface lo0.0", "passive")
    lsp = root.get("protocols", "mpls", "label-switched-path to-pe2")
    assert lsp is not None and lsp.value_of("to") == "10.0.0.2" and lsp.has("primary via-core")
    assert lsp.has("fast-reroute")
    pw = root.get("protocols", "l2circuit", "neighbor 10.0.0.2", "interface ge-1/0/0.600")
    assert pw is not None and pw.value_of("virtual-circuit-id") == "600"
    vpls = root.get("routing-instances", "vpls-40")
    assert vpls is not None and vpls.value_of("vlan-id") == "none"
    assert vpls.value_of("protocols", "vpls", "vpls-id") == "40"
    assert vpls.has("protocols", "vpls", "neighbor 10.0.0.2")
    assert [k for k, _ in vpls.items("interface ")] == ["interface ge-1/0/0.40", "interface lt-0/0/10.2"]
    vrf = root.get("routing-instances", "vrf-a")
    assert vrf is not None and vrf.value_of("vrf-target", "community") == "target:65000:100"
    assert vrf.value_of("route-distinguisher", "rd-type") == "10.0.0.1:100"
    assert vrf.has("vrf-table-label")
    assert root.value_of("routing-options", "static", "route 0.0.0.0/0", "next-hop") == "192.0.2.2"
    assert root.value_of("interfaces", "lo0", "unit 0", "family inet", "filter", "input", "filter-name") == "PROTECT-RE"
    assert root.has("firewall", "family inet", "filter PROTECT-RE", "term ospf", "from", "protocol")
    assert root.value_of("interfaces", "ge-1/0/0", "mtu", default="x") == "9192"
    assert root.value_of("interfaces", "ge-1/0/9", "mtu", default="1514") == "1514"


def test_render_is_junos_style(pe1: JunosConfig) -> None:
    text = pe1.to_text()
    assert text.startswith("system {\n    host-name pe1;\n}\n")
    assert '        description "core link to pe2";\n' in text
    assert "            family mpls;\n" in text
    assert "## Last commit" not in text and "/*" not in text


# ---- round trips -----------------------------------------------------------------------------------


def test_text_xml_text_round_trip(pe1: JunosConfig) -> None:
    xml = etree.tostring(pe1.to_xml())
    back = JunosConfig.from_xml(xml)
    assert back == pe1
    assert back.to_text() == pe1.to_text()


def test_set_round_trip(pe1: JunosConfig) -> None:
    lines = pe1.to_set()
    assert "set interfaces ge-1/0/0 unit 1000 family inet address 192.0.2.1/30\n" in lines
    assert 'set interfaces ge-1/0/0 description "core link to pe2"\n' in lines
    assert "set chassis fpc 0 pic 0 tunnel-services bandwidth 1g\n" in lines
    rebuilt = JunosConfig.empty().apply_set(lines)
    assert rebuilt == pe1
    assert rebuilt.to_text() == pe1.to_text()


def test_xml_is_junos_element_style(pe1: JunosConfig) -> None:
    xml = pe1.to_xml()
    ge = xml.xpath("interfaces/interface[name='ge-1/0/0']")[0]
    assert ge.findtext("mtu") == "9192"
    assert ge.find("flexible-vlan-tagging") is not None and len(ge.find("flexible-vlan-tagging")) == 0
    unit = ge.xpath("unit[name='1000']")[0]
    family = unit.find("family")
    assert [c.tag for c in family] == ["inet", "mpls"]
    assert family.findtext("inet/mtu") == "9000"
    assert family.findtext("inet/address/name") == "192.0.2.1/30"
    inst = xml.xpath("routing-instances/instance[name='vpls-40']")[0]
    assert inst.findtext("protocols/vpls/vpls-id") == "40"
    assert xml.xpath("protocols/mpls/label-switched-path[name='to-pe2']/to")[0].text == "10.0.0.2"


def test_from_xml_handles_junos_reply_wrappers_and_operations() -> None:
    reply = """<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"
        xmlns:junos="http://xml.juniper.net/junos/21.2R3/junos">
      <configuration junos:changed-seconds="1709283600" junos:changed-localtime="2024-03-01 09:00:00 UTC">
        <version>21.2R3-S4.8</version>
        <interfaces>
          <interface>
            <name>ge-1/0/1</name>
            <mtu>9192</mtu>
            <unit><name>0</name><family><inet><address><name>203.0.113.1/31</name></address></inet></family></unit>
          </interface>
          <interface inactive="inactive"><name>ge-1/0/2</name><disable/></interface>
        </interfaces>
      </configuration>
    </rpc-reply>"""
    cfg = JunosConfig.from_xml(reply)
    assert cfg.root.value_of("version") == "21.2R3-S4.8"
    assert cfg.root.has("interfaces", "ge-1/0/1", "unit 0", "family inet", "address 203.0.113.1/31")
    assert cfg.root.get("interfaces", "ge-1/0/2").inactive  # type: ignore[union-attr]
    assert "    inactive: ge-1/0/2 {\n" in cfg.to_text()
    assert not cfg.active().root.has("interfaces", "ge-1/0/2")

    patch = JunosConfig.from_xml(
        """<configuration><interfaces>
             <interface><name>ge-1/0/1</name><mtu operation="delete"/>
               <unit operation="replace"><name>0</name><description>replaced</description></unit>
             </interface>
             <interface operation="delete"><name>ge-1/0/2</name></interface>
           </interfaces></configuration>"""
    )
    new = cfg.replace(patch)
    assert not new.root.has("interfaces", "ge-1/0/1", "mtu")
    unit = new.root.get("interfaces", "ge-1/0/1", "unit 0")
    assert unit is not None and unit.value_of("description") == "replaced" and not unit.has("family inet")
    assert not new.root.has("interfaces", "ge-1/0/2")
    assert cfg.root.has("interfaces", "ge-1/0/1", "mtu"), "the original is immutable"


# ---- load semantics ----------------------------------------------------------------------------------


def test_merge_replace_override() -> None:
    base = JunosConfig.parse_text(
        "interfaces { ge-1/0/0 { mtu 1514; unit 0 { family inet { address 192.0.2.9/30; } } } }"
    )
    patch = JunosConfig.parse_text(
        "interfaces { ge-1/0/0 { mtu 9192; replace: unit 0 { family inet { address 192.0.2.1/30; } } } }"
    )
    merged = base.merge(patch)
    assert merged.root.value_of("interfaces", "ge-1/0/0", "mtu") == "9192"
    inet = merged.root.get("interfaces", "ge-1/0/0", "unit 0", "family inet")
    assert inet is not None and set(inet.children) == {"address 192.0.2.9/30", "address 192.0.2.1/30"}
    replaced = base.replace(patch)
    inet = replaced.root.get("interfaces", "ge-1/0/0", "unit 0", "family inet")
    assert inet is not None and set(inet.children) == {"address 192.0.2.1/30"}
    assert "replace:" not in replaced.to_text()
    overridden = patch.clean()
    assert overridden.to_text() == replaced.to_text()
    deleted = merged.merge(JunosConfig.parse_text("interfaces { ge-1/0/0 { delete: unit 0; } }"))
    assert not deleted.root.has("interfaces", "ge-1/0/0", "unit 0")


def test_set_delete_deactivate_edit(pe1: JunosConfig) -> None:
    cfg = pe1.apply_set(
        "edit interfaces ge-1/0/0\n"
        "set unit 1000 family inet mtu 1500\n"
        "top\n"
        "delete interfaces ge-1/0/0 unit 600\n"
        "delete protocols l2circuit\n"
        "deactivate protocols ldp\n"
        "delete protocols rsvp interface\n"
        'set interfaces ge-1/0/1 description "spare port"\n'
    )
    root = cfg.root
    assert root.value_of("interfaces", "ge-1/0/0", "unit 1000", "family inet", "mtu") == "1500"
    assert not root.has("interfaces", "ge-1/0/0", "unit 600")
    assert not root.has("protocols", "l2circuit")
    assert root.get("protocols", "ldp").inactive  # type: ignore[union-attr]
    assert root.get("protocols", "rsvp").children == {}  # type: ignore[union-attr]
    assert root.value_of("interfaces", "ge-1/0/1", "description") == "spare port"
    assert "deactivate protocols ldp" in cfg.to_set()
    back = cfg.apply_set("activate protocols ldp")
    assert not back.root.get("protocols", "ldp").inactive  # type: ignore[union-attr]


def test_compare_show_compare_style(pe1: JunosConfig) -> None:
    assert pe1.compare(pe1) == ""
    new = pe1.apply_set(
        "set interfaces ge-1/0/0 mtu 9000\n"
        "set protocols ospf area 0.0.0.0 interface ge-1/0/1.0 passive\n"
        "delete routing-instances vrf-a vrf-table-label\n"
        "set system host-name pe9\n"
    )
    diff = new.compare(pe1)
    assert "[edit interfaces ge-1/0/0]\n-    mtu 9192;\n+    mtu 9000;" in diff
    assert "[edit protocols ospf area 0.0.0.0]\n+    interface ge-1/0/1.0 {\n+        passive;\n+    }" in diff
    assert "[edit routing-instances vrf-a]\n-    vrf-table-label;" in diff
    assert "[edit system]\n-   host-name pe1;\n+   host-name pe9;" in diff
    added = JunosConfig.empty().apply_set("set protocols ldp interface lo0.0").compare(JunosConfig.empty())
    assert added == "[edit]\n+  protocols {\n+      ldp {\n+          interface lo0.0;\n+      }\n+  }"


# ---- syntax errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "statement", "line"),
    [
        ("interfaces {\n    ge-1/0/0 {\n        mtu 9192\n        unit 0;\n    }\n}\n",
         "syntax error, expecting ';' or '{'", "mtu 9192", 3),
        ("system {\n    host-name pe1;\n}\n}\n", "syntax error", "}", 4),
        ("system {\n    host-name pe1;\n", "syntax error, expecting '}'", "system {", 1),
        ("protcols {\n    ospf;\n}\n", "syntax error", "protcols", 1),
        ("interfaces {\n    ge-1/0/0 {\n        unit 0 {\n            mtux 1500;\n        }\n    }\n}\n",
         "syntax error", "mtux", 4),
        ("protocols {\n  l2circuit {\n    neighbor 10.0.0.2 {\n      interface ge-1/0/0.600 {\n"
         "        encapsulation ethernet;\n      }\n    }\n  }\n}\n", "syntax error", "encapsulation", 5),
        ('system {\n    host-name "pe1;\n}\n', "syntax error, unterminated string", None, 2),
    ],
)
def test_syntax_errors_name_statement_and_line(text: str, message: str, statement: str | None, line: int) -> None:
    with pytest.raises(JunosSyntaxError) as info:
        JunosConfig.parse_text(text)
    err = info.value
    assert err.message == message
    if statement is not None:
        assert err.statement == statement
    assert err.line == line
    assert f"line {line}" in str(err)


def test_set_syntax_errors() -> None:
    with pytest.raises(JunosSyntaxError) as info:
        JunosConfig.empty().apply_set("set system host-name pe1\nsett interfaces ge-1/0/0 mtu 9192\n")
    assert info.value.statement == "sett" and info.value.line == 2
    with pytest.raises(JunosSyntaxError) as info:
        JunosConfig.empty().apply_set("set interfaces ge-1/0/0 unit 0 mtux 9000")
    assert info.value.statement == "mtux"
    assert info.value.edit_path == "[edit interfaces ge-1/0/0 unit 0]"


def test_xml_syntax_error_names_element() -> None:
    with pytest.raises(JunosSyntaxError) as info:
        JunosConfig.from_xml("<configuration><protcols><ospf/></protcols></configuration>")
    assert info.value.statement == "protcols"


# ---- the device: history, lock, commit checks, confirmed commit -----------------------------------------


def test_commit_history_and_rollback_depth() -> None:
    dev = JunosDevice("pe1")
    for mtu in range(1600, 1612):
        dev.load(None, f"set interfaces ge-1/0/0 mtu {mtu}", action="set")
        assert dev.commit(None, comment=f"mtu {mtu}")
    assert len(dev.history) >= 12
    assert dev.committed.root.value_of("interfaces", "ge-1/0/0", "mtu") == "1611"
    assert dev.rollback_config(10).root.value_of("interfaces", "ge-1/0/0", "mtu") == "1601"
    dev.load(None, rollback=3)
    assert dev.candidate.root.value_of("interfaces", "ge-1/0/0", "mtu") == "1608"
    assert "-    mtu 1611;\n+    mtu 1608;" in dev.candidate.compare(dev.committed)
    with pytest.raises(JunosRpcError):
        dev.rollback_config(99)


def test_lock_owned_by_one_session() -> None:
    dev = JunosDevice("pe1")
    a, b = dev.open_session("lab"), dev.open_session("lab")
    dev.lock(a)
    with pytest.raises(JunosRpcError) as info:
        dev.lock(b)
    assert info.value.errors[0].tag == "lock-denied"
    assert "locked by" in info.value.errors[0].message
    with pytest.raises(JunosRpcError):
        dev.load(b, "set system host-name other", action="set")
    dev.load(a, "set system host-name mine", action="set")
    dev.close_session(a)  # a session that ends loses its lock and its uncommitted changes
    assert dev.lock_owner is None and dev.candidate == dev.committed
    dev.lock(b)
    assert dev.lock_owner == b


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ("set interfaces ge-1/0/0 mtu 9192\nset interfaces ge-1/0/0 vlan-tagging\n"
         "set interfaces ge-1/0/0 unit 10 vlan-id 10\nset interfaces ge-1/0/0 unit 10 family inet mtu 9178",
         "family inet mtu 9178 exceeds the maximum 9174"),
        ("set interfaces ge-1/0/0 unit 0 family inet mtu 1600", "family inet mtu 1600 exceeds the maximum 1500"),
        ("set interfaces ge-1/0/0 mtu 9500", "mtu 9500 exceeds the maximum 9192"),
        ("set interfaces lt-0/0/10 unit 1 peer-unit 2", "tunnel services are not configured on fpc 0 pic 0"),
        ("set routing-instances vpls-9 instance-type vpls\nset routing-instances vpls-9 protocols vpls neighbor 10.0.0.2",
         "vpls-id must be configured"),
        ("set protocols l2circuit neighbor 10.0.0.2 interface ge-1/0/0.600 virtual-circuit-id 600",
         "ge-1/0/0.600: interface not configured"),
    ],
)
def test_semantic_errors_fail_the_commit(change: str, needle: str) -> None:
    dev = JunosDevice("pe1")
    before = dev.committed
    dev.load(None, change, action="set")
    with pytest.raises(JunosRpcError) as info:
        dev.commit(None)
    messages = [e.message for e in info.value.errors]
    assert any(needle in m for m in messages), messages
    assert messages[-1] == "configuration check-out failed"
    assert dev.committed == before


def test_semantic_limit_passes_at_the_boundary() -> None:
    dev = JunosDevice("pe1")
    dev.load(None, "set interfaces ge-1/0/0 mtu 9192\nset interfaces ge-1/0/0 vlan-tagging\n"
             "set interfaces ge-1/0/0 unit 10 vlan-id 10\nset interfaces ge-1/0/0 unit 10 family inet mtu 9174\n"
             "set chassis fpc 0 pic 0 tunnel-services bandwidth 1g\nset interfaces lt-0/0/10 unit 1 peer-unit 2",
             action="set")
    assert dev.commit(None)
    assert dev.committed.root.value_of("interfaces", "ge-1/0/0", "unit 10", "family inet", "mtu") == "9174"


def test_confirmed_commit_rolls_back_unless_confirmed() -> None:
    seen: list[JunosConfig] = []
    dev = JunosDevice("pe1", on_commit=seen.append)
    original = dev.committed
    dev.confirm_seconds_per_minute = 0.05
    dev.load(None, "set system host-name pe1-new", action="set")
    dev.commit(None, confirmed=True, confirm_timeout=1)
    assert dev.hostname == "pe1-new" and dev.confirm_pending
    deadline = time.monotonic() + 10
    while dev.confirm_pending and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not dev.confirm_pending
    assert dev.committed == original and dev.candidate == original
    assert [c.root.value_of("system", "host-name") for c in seen] == ["pe1-new", "pe1"]

    dev.confirm_seconds_per_minute = 60
    dev.load(None, "set system host-name pe1-kept", action="set")
    dev.commit(None, confirmed=True, confirm_timeout=5)
    dev.commit(None)  # a plain commit confirms
    assert not dev.confirm_pending
    assert dev.expire_confirmed_commit() is False
    assert dev.hostname == "pe1-kept"


def test_factory_config_is_what_the_schema_reads_from_its_text() -> None:
    from mpls_interop_lab.junos.device import factory_text

    dev = JunosDevice("pe7")
    assert dev.committed == JunosConfig.parse_text(factory_text("pe7"))
    assert dev.committed.to_text() == factory_text("pe7")


def test_jnode_api_basics() -> None:
    node = JNode("unit 5", children={"vlan-id": JNode("vlan-id", "5")})
    assert node.keyword == "unit" and node.name == "5"
    assert node.items("vlan") == [("vlan-id", node.children["vlan-id"])]
    assert node.value_of("missing", default="d") == "d"


def test_leaf_lists_add_and_delete_one_value() -> None:
    cfg = JunosConfig.empty().apply_set(
        "set policy-options community c members target:65000:1\n"
        "set policy-options community c members target:65000:2\n"
        "set policy-options community c members target:65000:1\n")
    assert cfg.root.value_of("policy-options", "community c", "members") == "[ target:65000:1 target:65000:2 ]"
    one = cfg.apply_set("delete policy-options community c members target:65000:1")
    assert one.root.value_of("policy-options", "community c", "members") == "target:65000:2"
    none = one.apply_set("delete policy-options community c members target:65000:2")
    assert not none.root.has("policy-options", "community c", "members")


def test_system_ordered_lists_are_shown_sorted_user_ordered_lists_as_entered() -> None:
    """Units, interfaces and LDP interfaces (ordered-by system in Juniper's YANG) show sorted
    whatever order they were entered in: a unit deleted and added again is back in its place;
    ports by FPC/PIC/port before lo0 (as a real MX shows xe-0/0/0, ge-1/1/0, lo0). LSPs and MPLS
    interfaces (ordered-by user) keep the order they were entered in, a new one at the end."""
    cfg = JunosConfig.empty().apply_set(
        "set interfaces lo0 unit 0 family inet address 10.0.0.1/32\n"
        "set interfaces ge-1/0/0 unit 1000 vlan-id 1000\n"
        "set interfaces ge-1/0/0 vlan-tagging\n"
        "set interfaces ge-1/0/0 unit 40 vlan-id 40\n"
        "set interfaces xe-0/0/0 unit 0 family mpls\n"
        "set protocols ldp interface lo0.0\n"
        "set protocols ldp interface ge-1/0/0.1000\n"
        "set protocols ldp interface xe-0/0/0.0\n"
        "set protocols mpls label-switched-path b to 10.0.0.2\n"
        "set protocols mpls label-switched-path a to 10.0.0.3\n"
    )
    text = cfg.to_text()
    assert re.findall(r"^    (\S+) \{", text, re.M)[:3] == ["xe-0/0/0", "ge-1/0/0", "lo0"]
    ge = text.split("    ge-1/0/0 {\n", 1)[1]
    assert ge.index("unit 40") < ge.index("unit 1000")
    assert ge.index("vlan-tagging") > ge.index("unit 40")  # a statement, not an entry: where entered
    ldp = text.split("    ldp {\n", 1)[1].split("    }\n", 1)[0]
    assert re.findall(r"interface (\S+);", ldp) == ["xe-0/0/0.0", "ge-1/0/0.1000", "lo0.0"]
    assert text.index("label-switched-path b") < text.index("label-switched-path a")
    again = cfg.apply_set("delete interfaces ge-1/0/0 unit 40").apply_set(
        "set interfaces ge-1/0/0 unit 40 vlan-id 40")
    assert again.to_text() == text and again.to_set() == cfg.to_set()
    lsp = cfg.apply_set("delete protocols mpls label-switched-path b").apply_set(
        "set protocols mpls label-switched-path b to 10.0.0.2").to_text()
    assert lsp.index("label-switched-path a") < lsp.index("label-switched-path b")


def test_container_statements_in_the_order_a_real_router_shows_them() -> None:
    """`protocols` and `protocols mpls` statements in Junos's order whatever the entry order, so a
    block deleted and added again comes back where it was (ldp before l2circuit; LSPs, then
    paths, then interfaces)."""
    cfg = JunosConfig.empty().apply_set(
        "set protocols l2circuit neighbor 10.0.0.3 interface ge-1/1/9.41 virtual-circuit-id 41\n"
        "set protocols ldp interface lo0.0\n"
        "set protocols mpls interface ge-1/0/0.1000\n"
        "set protocols mpls path p1 10.0.0.2 loose\n"
        "set protocols mpls label-switched-path l1 to 10.0.0.2\n"
        "set protocols ospf area 0.0.0.0 interface lo0.0 passive\n"
        "set protocols ospf traffic-engineering\n"
        "set protocols rsvp interface ge-1/0/0.1000\n"
    )
    text = cfg.to_text()
    assert re.findall(r"^    (\S+) \{", text, re.M) == ["rsvp", "mpls", "ospf", "ldp", "l2circuit"]
    assert text.index("label-switched-path l1") < text.index("path p1 ") < text.index("interface ge-1/0/0.1000;\n    }\n    ospf")
    assert text.index("traffic-engineering") < text.index("area 0.0.0.0")
    again = cfg.apply_set("delete protocols ldp").apply_set("set protocols ldp interface lo0.0")
    assert again.to_text() == text
