"""Junos RPC-reply parsers against the real captures and against small replies written here."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from mpls_interop.vendors.junos.parsers import (
    L2CKT_STATUS,
    ReplyError,
    parse_facts,
    parse_interfaces,
    parse_l2circuits,
    parse_ldp_sessions,
    parse_lsps,
    parse_ospf_neighbors,
    parse_ping,
    parse_reply,
    parse_rsvp_sessions,
    parse_vpls,
)
from tests.conftest import capture

NAPALM_IFACES = "junos/napalm-junos__test_get_interfaces_normal__get-interface-information.xml"
NAPALM_PING = (
    "junos/napalm-junos__test_ping_normal___command_ping_8_8_8_8_ttl_255_wait_2_size_100"
    "_count_5__command_.xml"
)


def _load(rel: str) -> etree._Element:
    return parse_reply(capture(rel).read_bytes())


def _by_name(records):
    return {r.name: r for r in records}


# --------------------------------------------------------------------------- interfaces (real)


@pytest.fixture(scope="module")
def centreon_ifaces():
    """The 1.6 MB centreon reply, parsed once for the module."""
    return _by_name(parse_interfaces(_load("junos/centreon-junos__interfaces.netconf")))


@pytest.fixture(scope="module")
def napalm_ifaces():
    return _by_name(parse_interfaces(_load(NAPALM_IFACES)))


def test_centreon_counts_physical_and_logical(centreon_ifaces):
    # 150 physical interfaces and 65 logical units in the capture (MANIFEST: 150 physical)
    assert len(centreon_ifaces) == 215
    assert sum(bool(re.search(r"\.\d+$", n)) for n in centreon_ifaces) == 65


def test_centreon_lag_mtus_and_address(centreon_ifaces):
    ae0 = centreon_ifaces["ae0"]
    assert (ae0.l2_mtu, ae0.ip_mtu, ae0.admin_up, ae0.oper_up) == (9192, None, True, True)
    assert ae0.description == "[INFRA BB] pe-ory361-rgo-11 lag ae11"
    unit = centreon_ifaces["ae0.0"]
    assert unit.ip_mtu == 9178  # inet mtu, not the mpls one (9158)
    assert unit.addresses == ("10.100.25.118/31",)
    assert unit.oper_up


def test_centreon_unlimited_mtu_is_none(centreon_ifaces):
    assert centreon_ifaces["gr-0/0/0"].l2_mtu is None
    assert centreon_ifaces["si-0/0/0"].l2_mtu == 9192
    assert centreon_ifaces["lo0.0"].ip_mtu is None


def test_centreon_states(centreon_ifaces):
    down = centreon_ifaces["ge-0/3/2"]  # admin down
    assert (down.admin_up, down.oper_up, down.l2_mtu) == (False, False, 9192)
    ge = centreon_ifaces["ge-0/2/0"]  # enabled, no link
    assert (ge.admin_up, ge.oper_up, ge.l2_mtu) == (True, False, 2000)
    unit = centreon_ifaces["ge-0/2/0.199"]  # iff-device-down
    assert (unit.admin_up, unit.oper_up, unit.description) == (True, False, "VLAN SERVICE VPLS")
    irb = centreon_ifaces["irb.4002"]  # iff-up together with iff-hardware-down
    assert (irb.oper_up, irb.ip_mtu, irb.addresses) == (False, 9170, ("10.102.30.254/24",))
    # loopback units carry no iff-up flag and are still up
    assert centreon_ifaces["lo0.0"].oper_up
    assert centreon_ifaces["lo0.0"].addresses == ("10.100.24.50",)


def test_centreon_abbreviated_destinations(centreon_ifaces):
    assert centreon_ifaces["xe-2/0/2.0"].addresses == ("213.174.106.205/30",)
    assert centreon_ifaces["xe-2/0/2.0"].ip_mtu == 1500
    assert centreon_ifaces["fxp0.0"].addresses == ("10.19.15.23/24", "10.19.15.25/24")
    em0 = centreon_ifaces["em0.0"].addresses
    assert em0[:3] == ("10.0.0.4/8", "128.0.0.1/2", "128.0.0.4/2")
    assert "fe80::200:ff:fe00:4/64" in em0
    assert not any(a.startswith("0x") for a in em0)  # the tnp family is not an address


def test_centreon_pppoe_unspecified_local_is_skipped(centreon_ifaces):
    pp = centreon_ifaces["pp0.3221225472"]
    assert pp.addresses == ()
    assert pp.ip_mtu == 1492


def test_napalm_interfaces_match_napalm_interface_list(napalm_ifaces):
    expected = json.loads(
        capture("junos/napalm-junos__test_get_facts_normal__expected_result.json").read_text()
    )
    physical = [n for n in napalm_ifaces if n == ".local." or "." not in n]
    assert sorted(physical) == sorted(expected["interface_list"])
    assert len(napalm_ifaces) == 67 + 27


def test_napalm_interface_values(napalm_ifaces):
    xe = napalm_ifaces["xe-0/1/0"]
    assert (xe.l2_mtu, xe.admin_up, xe.oper_up) == (1518, True, True)
    unit = napalm_ifaces["xe-0/1/0.2"]
    assert unit.ip_mtu == 1500
    assert unit.addresses[0] == "192.168.0.1/31"
    assert napalm_ifaces["me0.0"].addresses == ("10.48.71.102/22",)
    assert napalm_ifaces["bme0"].l2_mtu == 1576
    assert napalm_ifaces["bme0.32768"].ip_mtu == 1562
    # older Junos sends no iff-up for healthy units: still up
    assert napalm_ifaces["vlan.2"].oper_up and napalm_ifaces["vlan.2"].addresses == ("10.2.1.1/24",)
    assert not napalm_ifaces["vcp-0.32768"].oper_up  # iff-device-down
    assert not napalm_ifaces["ge-0/0/1"].oper_up and napalm_ifaces["ge-0/0/1"].admin_up


def test_napalm_file_parses_strictly_too():
    # the napalm reply is well-formed: the parser must not depend on parse_reply's recovery
    strict = etree.parse(str(capture(NAPALM_IFACES))).getroot()
    assert parse_interfaces(strict) == parse_interfaces(_load(NAPALM_IFACES))


def test_optics_reply_is_not_mistaken_for_interface_state():
    assert parse_interfaces(_load("junos/centreon-junos__interfaces_optical.netconf")) == []


# --------------------------------------------------------------------------- interfaces (own)

TERSE = """
<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos">
 <interface-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-interface"
                        junos:style="terse">
  <physical-interface>
   <name>
    ge-1/0/0
   </name>
   <admin-status>up</admin-status>
   <oper-status>up</oper-status>
   <logical-interface>
    <name>ge-1/0/0.1000</name>
    <admin-status>up</admin-status>
    <oper-status>down</oper-status>
    <address-family>
     <address-family-name>inet</address-family-name>
     <interface-address><ifa-local junos:emit="emit">192.0.2.1/30</ifa-local></interface-address>
    </address-family>
   </logical-interface>
  </physical-interface>
 </interface-information>
</rpc-reply>
"""


def test_terse_style_uses_unit_status_and_prefixed_local():
    recs = _by_name(parse_interfaces(parse_reply(TERSE)))
    assert recs["ge-1/0/0"].l2_mtu is None  # terse shows no MTU
    unit = recs["ge-1/0/0.1000"]
    assert (unit.admin_up, unit.oper_up, unit.addresses) == (True, False, ("192.0.2.1/30",))


def test_single_unit_reply_without_physical_parent():
    xml = """<interface-information><logical-interface><name>lo0.0</name>
      <if-config-flags><iff-snmp-traps/></if-config-flags>
      <address-family><address-family-name>inet</address-family-name><mtu>Unlimited</mtu>
      <interface-address><ifa-local>10.0.0.1</ifa-local></interface-address></address-family>
      </logical-interface></interface-information>"""
    (rec,) = parse_interfaces(parse_reply(xml))
    assert (rec.name, rec.admin_up, rec.oper_up, rec.ip_mtu) == ("lo0.0", True, True, None)


# --------------------------------------------------------------------------- LSP / RSVP (real)


def test_lsp_capture_ingress_only():
    lsps = _by_name(parse_lsps(_load("junos/centreon-junos__lsp.netconf")))
    assert set(lsps) == {"FROM-MX1-TO-MX2", "FROM-MX1-TO-MX3"}  # egress FROM-MX2-TO-MX1 left out
    up = lsps["FROM-MX1-TO-MX2"]
    assert (up.up, up.state, up.destination, up.source) == (True, "Up", "10.0.0.2", "10.0.0.1")
    assert up.active_path == "primary"
    assert up.frr  # node/link protection requested
    down = lsps["FROM-MX1-TO-MX3"]
    assert (down.up, down.state, down.destination, down.active_path) == (False, "Dn", "10.0.0.3", None)


def test_rsvp_capture_directions_and_labels():
    sessions = parse_rsvp_sessions(_load("junos/centreon-junos__rsvp.netconf"))
    assert [(s["direction"], s["name"]) for s in sessions] == [
        ("ingress", "FROM-MX1-TO-MX2"),
        ("egress", "FROM-MX2-TO-MX1"),
    ]
    ingress, egress = sessions
    assert (ingress["destination"], ingress["up"], ingress["label_in"], ingress["label_out"]) == (
        "10.0.0.2", True, None, 3)
    assert (egress["source"], egress["label_in"], egress["label_out"]) == ("10.0.0.2", 3, None)


def test_rsvp_parser_reads_lsp_detail_reply_too():
    sessions = parse_rsvp_sessions(_load("junos/centreon-junos__lsp.netconf"))
    assert [(s["direction"], s["name"], s["up"]) for s in sessions] == [
        ("ingress", "FROM-MX1-TO-MX2", True),
        ("ingress", "FROM-MX1-TO-MX3", False),
        ("egress", "FROM-MX2-TO-MX1", True),
    ]


# --------------------------------------------------------------------------- LSP (own)

LSP_NAMED = """
<mpls-lsp-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-routing">
 <rsvp-session-data>
  <session-type>Ingress</session-type>
  <rsvp-session>
   <mpls-lsp>
    <destination-address>10.0.0.3</destination-address>
    <source-address>10.0.0.1</source-address>
    <lsp-state>Up</lsp-state>
    <name>r1-to-r3</name>
    <active-path>via-r2</active-path>
    <is-fastreroute/>
    <mpls-lsp-path><title>Primary</title><name>direct</name><path-state>Dn</path-state></mpls-lsp-path>
    <mpls-lsp-path><title>Secondary</title><name>via-r2</name><path-active/>
      <path-state>Up</path-state></mpls-lsp-path>
   </mpls-lsp>
  </rsvp-session>
  <rsvp-session>
   <mpls-lsp>
    <destination-address>10.0.0.2</destination-address>
    <lsp-state>Up</lsp-state>
    <name>r1-to-r2</name>
    <active-path>direct (secondary)</active-path>
   </mpls-lsp>
  </rsvp-session>
 </rsvp-session-data>
 <rsvp-session-data>
  <session-type>Transit</session-type>
  <rsvp-session><mpls-lsp><name>r4-to-r5</name><lsp-state>Up</lsp-state>
    <destination-address>10.0.0.5</destination-address></mpls-lsp></rsvp-session>
 </rsvp-session-data>
</mpls-lsp-information>
"""


def test_named_secondary_path_and_fast_reroute():
    lsps = _by_name(parse_lsps(parse_reply(LSP_NAMED)))
    assert set(lsps) == {"r1-to-r3", "r1-to-r2"}  # the transit session is not ours
    assert lsps["r1-to-r3"].active_path == "secondary"
    assert lsps["r1-to-r3"].frr
    assert lsps["r1-to-r2"].active_path == "secondary"
    assert not lsps["r1-to-r2"].frr
    assert lsps["r1-to-r2"].source == ""


# --------------------------------------------------------------------------- OSPF / LDP (own)

OSPF = """
<rpc-reply><ospf-neighbor-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-routing">
 <ospf-neighbor>
  <neighbor-address>
   192.0.2.2
  </neighbor-address>
  <interface-name>ge-1/0/0.1000</interface-name>
  <ospf-neighbor-state>Full</ospf-neighbor-state>
  <neighbor-id>10.0.0.2</neighbor-id>
  <neighbor-priority>128</neighbor-priority>
  <activity-timer>33</activity-timer>
 </ospf-neighbor>
 <ospf-neighbor>
  <neighbor-address>198.51.100.2</neighbor-address>
  <interface-name>ge-1/0/1.0</interface-name>
  <ospf-neighbor-state>exstart</ospf-neighbor-state>
  <neighbor-id>10.0.0.3</neighbor-id>
 </ospf-neighbor>
</ospf-neighbor-information></rpc-reply>
"""


def test_ospf_neighbors():
    full, stuck = parse_ospf_neighbors(parse_reply(OSPF))
    assert (full.interface, full.neighbor_id, full.address, full.state, full.full) == (
        "ge-1/0/0.1000", "10.0.0.2", "192.0.2.2", "Full", True)
    assert (stuck.state, stuck.full, stuck.neighbor_id) == ("ExStart", False, "10.0.0.3")


LDP = """
<ldp-session-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-routing">
 <ldp-session>
  <ldp-neighbor-address>10.0.0.2</ldp-neighbor-address>
  <ldp-session-state>Operational</ldp-session-state>
  <ldp-connection-state>Open</ldp-connection-state>
  <ldp-remaining-time>25</ldp-remaining-time>
 </ldp-session>
 <ldp-session>
  <ldp-neighbor-address>10.0.0.3</ldp-neighbor-address>
  <ldp-session-state>Nonexistent</ldp-session-state>
  <ldp-connection-state>Closed</ldp-connection-state>
 </ldp-session>
</ldp-session-information>
"""


def test_ldp_sessions():
    sessions = parse_ldp_sessions(parse_reply(LDP))
    assert [(s.peer, s.state, s.up) for s in sessions] == [
        ("10.0.0.2", "Operational", True),
        ("10.0.0.3", "Nonexistent", False),
    ]


# --------------------------------------------------------------------------- pseudowires (own)

L2CKT = """
<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos">
<l2circuit-connection-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-l2ckt"
                                  junos:style="normal">
 <l2circuit-neighbor>
  <neighbor-address>10.0.0.2</neighbor-address>
  <connection heading="    Interface                 Type  St     Time last up          # Up trans">
   <connection-id>
    ge-1/1/9.42(vc 42)
   </connection-id>
   <connection-type>rmt</connection-type>
   <connection-status>Up</connection-status>
   <last-change>Mar  3 10:20:30 2024</last-change>
   <up-transitions>1</up-transitions>
   <remote-pe>10.0.0.2</remote-pe>
   <control-word>Yes</control-word>
   <inbound-label>299808</inbound-label>
   <outbound-label>299840</outbound-label>
   <pw-status-tlv>No</pw-status-tlv>
   <local-interface>
    <interface-name>ge-1/1/9.42</interface-name>
    <interface-status>Up</interface-status>
    <interface-encapsulation>VLAN</interface-encapsulation>
   </local-interface>
  </connection>
  <connection>
   <connection-id>ge-1/1/9.43(vc 43)</connection-id>
   <connection-type>rmt</connection-type>
   <connection-status>MM</connection-status>
   <local-interface>
    <interface-name>ge-1/1/9.43</interface-name>
    <interface-status>Up</interface-status>
    <interface-encapsulation>ETHERNET</interface-encapsulation>
   </local-interface>
  </connection>
 </l2circuit-neighbor>
 <l2circuit-neighbor>
  <neighbor-address>10.0.0.3</neighbor-address>
  <connection>
   <connection-id>xe-0/0/1.0(vc 100)</connection-id>
   <connection-type>rmt</connection-type>
   <connection-status>OL</connection-status>
   <inbound-label>299856</inbound-label>
  </connection>
 </l2circuit-neighbor>
</l2circuit-connection-information>
</rpc-reply>
"""


def test_l2circuits():
    up, mtu, nolabel = parse_l2circuits(parse_reply(L2CKT))
    assert (up.kind, up.service_id, up.name, up.peer, up.up, up.status, up.reason) == (
        "vll", 42, "ge-1/1/9.42", "10.0.0.2", True, "Up", "")
    assert (up.local_label, up.remote_label, up.pw_type) == (299808, 299840, "tagged")
    assert (mtu.service_id, mtu.up, mtu.status, mtu.reason, mtu.pw_type) == (
        43, False, "MM", "MTU mismatch", "raw")
    assert (nolabel.service_id, nolabel.peer, nolabel.name) == (100, "10.0.0.3", "xe-0/0/1.0")
    assert (nolabel.reason, nolabel.local_label, nolabel.remote_label, nolabel.pw_type) == (
        "no outgoing label", 299856, None, None)


def test_l2circuit_status_table_matches_the_device_legend():
    text = capture("junos/saidvandeklundert-blog__2015-10-5-ldp-over-rsvp-and-l2circuit-juniper-mx.md")
    legend_block = text.read_text().split("Legend for connection status (St)", 1)[1]
    legend_block = legend_block.split("Legend for interface status", 1)[0]
    legend = dict(re.findall(r"(\S+) -- (.+?)(?:\s{2,}|\s*$)", legend_block, re.MULTILINE))
    assert len(legend) >= 20
    for code, words in legend.items():
        assert code in L2CKT_STATUS, code
        if code not in ("NC", "CB"):  # spelled out in full in our table
            assert L2CKT_STATUS[code].lower() == words.strip().lower(), code
    for code in ("MM", "EM", "VM", "OL", "RD", "LD", "CM", "NP", "Dn", "EI"):
        assert L2CKT_STATUS[code]


VPLS = """
<rpc-reply>
<vpls-connection-information xmlns="http://xml.juniper.net/junos/21.2R0/junos-l2ckt">
 <instance junos:style="normal" xmlns:junos="http://xml.juniper.net/junos/21.2R0/junos">
  <instance-name>lan40</instance-name>
  <reference-site>
   <vpls-id>140</vpls-id>
   <connection>
    <connection-id>10.0.0.2(vpls-id 140)</connection-id>
    <connection-type>rmt</connection-type>
    <connection-status>Up</connection-status>
    <remote-pe>10.0.0.2</remote-pe>
    <inbound-label>262145</inbound-label>
    <outbound-label>800000</outbound-label>
    <local-interface>
     <interface-name>lsi.1048832</interface-name>
     <interface-status>Up</interface-status>
     <interface-encapsulation>ETHERNET</interface-encapsulation>
    </local-interface>
   </connection>
   <connection>
    <connection-id>10.0.0.3(vpls-id 140)</connection-id>
    <connection-type>rmt</connection-type>
    <connection-status>EM</connection-status>
   </connection>
  </reference-site>
 </instance>
 <instance>
  <instance-name>lan50</instance-name>
  <ldp-vpls-reference-site><vpls-id>150</vpls-id></ldp-vpls-reference-site>
  <reference-site>
   <connection>
    <connection-id>10.0.0.4</connection-id>
    <connection-status>OL</connection-status>
   </connection>
  </reference-site>
 </instance>
 <instance>
  <instance-name>bgp-green</instance-name>
  <reference-site>
   <local-site-id>r1 (1)</local-site-id>
   <connection>
    <connection-id>2</connection-id>
    <connection-status>LN</connection-status>
    <remote-pe>10.0.0.5</remote-pe>
   </connection>
  </reference-site>
  <reference-site><interface><interface-name>ge-1/0/5.40</interface-name></interface></reference-site>
 </instance>
</vpls-connection-information>
</rpc-reply>
"""


def test_vpls():
    pws = parse_vpls(parse_reply(VPLS))
    assert [(p.name, p.service_id, p.peer, p.status) for p in pws] == [
        ("lan40", 140, "10.0.0.2", "Up"),
        ("lan40", 140, "10.0.0.3", "EM"),
        ("lan50", 150, "10.0.0.4", "OL"),
        ("bgp-green", 2, "10.0.0.5", "LN"),
    ]
    up, em, ol, ln = pws
    assert all(p.kind == "vpls" for p in pws)
    assert (up.up, up.reason, up.local_label, up.remote_label, up.pw_type) == (
        True, "", 262145, 800000, "raw")
    assert (em.up, em.reason, em.pw_type) == (False, "encapsulation mismatch", None)
    assert ol.reason == "no outgoing label"
    assert ln.reason == "local site not designated"


def test_vpls_neighbor_grouping_gives_the_peer():
    xml = """<vpls-connection-information><instance><instance-name>lan60</instance-name>
      <neighbor><neighbor-address>10.0.0.6</neighbor-address>
        <connection><connection-id>160</connection-id><connection-status>RD</connection-status>
        </connection></neighbor></instance></vpls-connection-information>"""
    (pw,) = parse_vpls(parse_reply(xml))
    assert (pw.peer, pw.service_id, pw.reason) == ("10.0.0.6", 160, "remote site signaled down")


# --------------------------------------------------------------------------- ping


def test_ping_capture():
    result = parse_ping(_load(NAPALM_PING), "8.8.8.8", 100)
    expected = json.loads(capture("junos/napalm-junos__test_ping_normal__expected_result.json")
                          .read_text())["success"]
    assert result.sent == expected["probes_sent"] == 5
    assert result.received == 5
    assert result.success and not result.frag_needed and result.error == ""
    assert (result.target, result.size, result.df) == ("8.8.8.8", 100, True)


PING_FAIL = """
<rpc-reply><ping-results>
 <target-host>192.0.2.2</target-host>
 <target-ip>192.0.2.2</target-ip>
 <packet-size>1472</packet-size>
 <probe-results-summary>
  <probes-sent>3</probes-sent>
  <responses-received>0</responses-received>
  <packet-loss>100</packet-loss>
 </probe-results-summary>
 <ping-failure>no response</ping-failure>
</ping-results></rpc-reply>
"""

PING_FRAG_ICMP = """
<ping-results>
 <target-host>192.0.2.2</target-host>
 <probe-result>
  <probe-index>1</probe-index>
  <ip-address>192.0.2.1</ip-address>
  <icmp-type>3</icmp-type>
  <icmp-code>4</icmp-code>
  <icmp-type-name>Frag needed and DF set</icmp-type-name>
 </probe-result>
 <probe-results-summary>
  <probes-sent>1</probes-sent>
  <responses-received>0</responses-received>
 </probe-results-summary>
 <ping-failure/>
</ping-results>
"""

PING_FRAG_LOCAL = """
<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
 <rpc-error>
  <error-type>protocol</error-type>
  <error-severity>error</error-severity>
  <error-message>
   ping: sendto: Message too long
  </error-message>
 </rpc-error>
</rpc-reply>
"""


PING_FRAG_YANG = """
<ping-results>
 <target-host>192.0.2.2</target-host>
 <probe-result>
  <probe-index>1</probe-index>
  <ip-address>192.0.2.1</ip-address>
  <icmp-type><icmp-unreach/></icmp-type>
  <icmp-code><icmp-unreach-needfrag/></icmp-code>
 </probe-result>
 <probe-results-summary>
  <probes-sent>1</probes-sent>
  <responses-received>0</responses-received>
 </probe-results-summary>
 <ping-failure>no response</ping-failure>
</ping-results>
"""


def test_ping_frag_needed_as_junos_yang_models_it():
    """junos-rpc-ping: an ICMP error is icmp-type/icmp-code flags, no text to match."""
    result = parse_ping(parse_reply(PING_FRAG_YANG), "192.0.2.2", 1473)
    assert (result.sent, result.received, result.frag_needed) == (1, 0, True)
    other = PING_FRAG_YANG.replace("icmp-unreach-needfrag", "icmp-unreach-host")
    assert not parse_ping(parse_reply(other), "192.0.2.2", 1473).frag_needed


def test_ping_failure_without_frag():
    result = parse_ping(parse_reply(PING_FAIL), "192.0.2.2", 1472)
    assert (result.sent, result.received, result.frag_needed) == (3, 0, False)
    assert result.error == "no response" and not result.success


def test_ping_frag_needed_from_icmp():
    result = parse_ping(parse_reply(PING_FRAG_ICMP), "192.0.2.2", 1473)
    assert (result.sent, result.received, result.frag_needed) == (1, 0, True)
    assert result.error  # an empty <ping-failure/> still reads as a failure


def test_ping_frag_needed_from_local_sendto_error():
    result = parse_ping(parse_reply(PING_FRAG_LOCAL), "192.0.2.2", 9000)
    assert (result.sent, result.received, result.frag_needed) == (0, 0, True)
    assert result.error == "ping: sendto: Message too long"


# --------------------------------------------------------------------------- facts


SOFTWARE = """
<rpc-reply><software-information>
 <host-name>
  r1
 </host-name>
 <product-model>mx80</product-model>
 <product-name>mx80</product-name>
 <junos-version>21.2R3.8</junos-version>
 <package-information><name>junos</name><comment>JUNOS Software Release [21.2R3.8]</comment>
 </package-information>
</software-information></rpc-reply>
"""

SOFTWARE_MULTI_RE = """
<multi-routing-engine-results>
 <multi-routing-engine-item>
  <re-name>re0</re-name>
  <software-information xmlns:junos="http://xml.juniper.net/junos/12.3R6/junos">
   <host-name>r2-re0</host-name>
   <product-model>mx480</product-model>
   <package-information><name>jbase</name><comment>JUNOS Base OS boot [12.3R6.6]</comment>
   </package-information>
   <package-information><name>junos</name><comment>JUNOS Software Release [12.3R6.7]</comment>
   </package-information>
  </software-information>
 </multi-routing-engine-item>
 <multi-routing-engine-item>
  <re-name>re1</re-name>
  <software-information><host-name>r2-re1</host-name></software-information>
 </multi-routing-engine-item>
</multi-routing-engine-results>
"""


def test_facts_single_re():
    facts = parse_facts(parse_reply(SOFTWARE))
    assert (facts.hostname, facts.vendor, facts.model, facts.os_version, facts.serial) == (
        "r1", "junos", "mx80", "21.2R3.8", "")


def test_facts_multi_re_version_from_junos_package():
    facts = parse_facts(parse_reply(SOFTWARE_MULTI_RE))
    assert (facts.hostname, facts.model, facts.os_version) == ("r2-re0", "mx480", "12.3R6.7")


# --------------------------------------------------------------------------- robustness


def _strip_ns(text: str) -> str:
    text = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", text)
    return re.sub(r'\sjunos:\w+="[^"]*"', "", text)


@pytest.mark.parametrize(
    ("parser", "xml"),
    [
        (parse_interfaces, TERSE),
        (parse_ospf_neighbors, OSPF),
        (parse_ldp_sessions, LDP),
        (parse_lsps, LSP_NAMED),
        (parse_l2circuits, L2CKT),
        (parse_vpls, VPLS),
    ],
)
def test_same_records_with_or_without_namespaces_and_wrapper(parser, xml):
    with_ns = parser(parse_reply(xml))
    plain = _strip_ns(xml).replace("<rpc-reply>", "").replace("</rpc-reply>", "")
    assert with_ns
    assert parser(parse_reply(plain)) == with_ns


def test_caller_element_is_not_modified():
    root = etree.fromstring(LDP.strip())
    before = etree.tostring(root)
    parse_ldp_sessions(root)
    assert etree.tostring(root) == before
    assert root.tag.startswith("{http://xml.juniper.net/")


def test_element_tree_and_netconf_delimiter_are_accepted():
    tree = etree.ElementTree(parse_reply(LDP + "]]>]]>"))
    assert [s.peer for s in parse_ldp_sessions(tree)] == ["10.0.0.2", "10.0.0.3"]


def test_error_reply_raises_instead_of_returning_nothing():
    error = """<rpc-reply><rpc-error><error-severity>error</error-severity>
      <error-message>syntax error</error-message></rpc-error></rpc-reply>"""
    for parser in (parse_lsps, parse_l2circuits, parse_vpls, parse_interfaces, parse_facts):
        with pytest.raises(ReplyError, match="syntax error"):
            parser(parse_reply(error))


def test_empty_data_is_an_empty_list_not_an_error():
    assert parse_l2circuits(parse_reply("<l2circuit-connection-information/>")) == []
    assert parse_lsps(parse_reply(
        "<mpls-lsp-information><rsvp-session-data><session-type>Ingress</session-type>"
        "<count>0</count></rsvp-session-data></mpls-lsp-information>")) == []
