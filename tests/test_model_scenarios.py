"""The network model on the seed network: baseline, then one trap or fault per row.

Each row states what BOTH ends report in their vendor's words, and DF ping outcomes at the
boundary sizes. Configs come from `interop render` (patched for config-level mistakes).
"""

from __future__ import annotations

import re

import pytest

from mpls_interop_lab.model.dataplane import ping, service_delivery
from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml, link, seed_copy, service
from tests.labmodel import ospf_words, pw, pw_word, seed_network

# ---------------------------------------------------------------------------------------------
# baseline


@pytest.fixture(scope="module")
def seed():
    return seed_network(SEED_INVENTORY)


def test_seed_all_ospf_full(seed):
    st = seed.state
    expected = {"r1": 2, "r2": 2, "r3": 2}
    for dev, n in expected.items():
        states = [o.state for o in st.devices[dev].ospf]
        assert states == ["Full"] * n, (dev, states)
    assert ospf_words(seed, "r2")["ve 100"] == "FULL"
    assert ospf_words(seed, "r1")["ge-1/0/0.1000"] == "Full"


def test_seed_all_lsps_up_on_primary(seed):
    for dev in ("r1", "r2", "r3"):
        lsps = seed.state.devices[dev].lsps
        assert len(lsps) == 2
        for lsp in lsps:
            assert lsp.up and lsp.active == "primary", (dev, lsp)
            assert len(lsp.path) == 1  # strict primary over the direct link
            assert lsp.frr_available and lsp.secondary_up


def test_seed_all_pws_up_with_crossing_labels(seed):
    st = seed.state
    total = 0
    for dev, d in st.devices.items():
        for p in d.pws:
            total += 1
            assert p.up, (dev, p)
            other = pw(seed, p.peer_device, p.kind, p.id, dev)
            assert other.up
            assert p.local_label == other.remote_label and p.remote_label == other.local_label
            assert p.local_label is not None and p.local_label != p.remote_label
            assert p.remote_mtu == p.mtu == 9100 and p.remote_type == p.pw_type
    # r1: vll 41, 42, 43 + vpls 40, 140 to two peers each; r2: vpls x2 peers x2 + vll43; r3: 4 + 2
    assert total == 7 + 5 + 6
    assert pw_word(seed, "r1", "vll", 41, "r3") == "Up"
    assert pw_word(seed, "r3", "vll", 41, "r1") == "UP"
    assert pw_word(seed, "r2", "vpls", 40, "r1") == "Operational"


def test_seed_ldp_sessions_up(seed):
    for dev, d in seed.state.devices.items():
        assert d.ldp and all(s.up for s in d.ldp), (dev, d.ldp)


def test_seed_df_pings_at_pw_mtu_boundaries(seed):
    st = seed.state
    # VRF lt- unit on r1 into VPLS 40, to the ve interfaces on r2 and r3 (IP MTU 9000)
    for target in ("203.0.113.2", "203.0.113.3"):
        ok = ping(st, "r1", target, size=9000 - 28, vrf="vrf-lan40")
        assert ok.success, ok.reason
        big = ping(st, "r1", target, size=9000 - 27, vrf="vrf-lan40")
        assert big.received == 0 and big.frag_needed
    back = ping(st, "r2", "203.0.113.1", size=9000 - 28)
    assert back.success, back.reason
    assert ping(st, "r2", "203.0.113.3", size=8972).success
    # core links at IP MTU 1500
    assert ping(st, "r1", "198.51.100.2", size=1472).success
    over = ping(st, "r1", "198.51.100.2", size=1473)
    assert over.frag_needed and over.received == 0
    # loopback to loopback across OSPF
    assert ping(st, "r1", "10.0.0.3", size=1472, source="10.0.0.1").success
    assert ping(st, "r3", "10.0.0.2", size=100).success


# ---------------------------------------------------------------------------------------------
# traps and faults, one per row


def _intent_change(change):
    def make(tmp_path):
        inv = seed_copy(tmp_path)
        edit_yaml(inv / "intent.yml", change)
        return seed_network(inv)
    return make


def _patch(device, old, new, count=1):
    def make(tmp_path):
        def patch(name, text):
            if name != device:
                return text
            assert old in text, (device, old)
            return text.replace(old, new, count)
        return seed_network(SEED_INVENTORY, patch)
    return make


def _fault(**faults):
    def make(tmp_path):
        net = seed_network(SEED_INVENTORY)
        for port in faults.get("down", []):
            net.faults.link_down.add(port)
        for port, mtu in faults.get("mtu", {}).items():
            net.faults.link_mtu[port] = mtu
        net.changed()
        return net
    return make


def _both(kind, sid, a, b, want_a, want_b):
    def check(net):
        assert pw_word(net, a, kind, sid, b) == want_a
        assert pw_word(net, b, kind, sid, a) == want_b
    return check


def _no_secondary(d):
    d["mpls"]["rsvp"]["secondary"] = False


def _remove_re(device, pattern):
    def make(tmp_path):
        def patch(name, text):
            if name != device:
                return text
            new, n = re.subn(pattern, "", text, flags=re.M)
            assert n, pattern
            return new
        return seed_network(SEED_INVENTORY, patch)
    return make


def check_fcs_boundary(net):
    st = net.state
    # NetIron frame 9192 counts the FCS: its largest DF ping on a tagged link is 9142
    assert ping(st, "r2", "198.51.100.1", size=9142).success
    assert ping(st, "r2", "198.51.100.1", size=9143).frag_needed
    # Junos media MTU 9192 excludes the FCS: it can send 9146 …
    assert ping(st, "r1", "198.51.100.2", size=9147).frag_needed
    # … but NetIron drops the 9192-byte frame as a giant; 9142 is the real boundary
    lost = ping(st, "r1", "198.51.100.2", size=9146)
    assert lost.received == 0 and not lost.frag_needed
    assert ping(st, "r1", "198.51.100.2", size=9142).success


def _fcs_setup(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(physical_mtu=9192))

    def change(d):
        lk = link(d, "r1-r2")
        lk.pop("ospf")
        lk.update(a_ip_mtu=9174, b_ip_mtu=9170)
    edit_yaml(inv / "intent.yml", change)
    return seed_network(inv)


def check_ospf_mtu(net):
    assert ospf_words(net, "r1")["ge-1/0/0.1000"] == "ExStart"
    # r2 has the bigger IP MTU but the higher router ID (master): it waits in ExStart for a slave
    # that never accepts its DBDs (measured with FRR: bench/openflow_crosscheck.py)
    assert ospf_words(net, "r2")["ve 100"] == "EXSTART"
    # LSPs between r1 and r2 survive on their secondary path through r3
    r1 = {lsp.name: lsp for lsp in net.state.devices["r1"].lsps}
    assert r1["r1-to-r2"].up and r1["r1-to-r2"].active == "secondary"
    assert pw_word(net, "r1", "vll", 43, "r2") == "Up"


def check_hello(net):
    assert "ge-1/0/1.0" not in ospf_words(net, "r1")
    assert "ethernet 1/1" not in ospf_words(net, "r3")
    assert ospf_words(net, "r1")["ge-1/0/0.1000"] == "Full"


def check_area(net):
    assert "ethernet 1/2" not in ospf_words(net, "r2")
    assert "ethernet 1/2" not in ospf_words(net, "r3")


def check_link_down_secondary(net):
    r1 = {lsp.name: lsp for lsp in net.state.devices["r1"].lsps}
    r2 = {lsp.name: lsp for lsp in net.state.devices["r2"].lsps}
    assert r1["r1-to-r2"].up and r1["r1-to-r2"].active == "secondary"
    assert r1["r1-to-r2"].devices == ["r1", "r3", "r2"]
    assert r2["r2-to-r1"].up and r2["r2-to-r1"].active == "secondary"
    assert "ge-1/0/0.1000" not in ospf_words(net, "r1")
    _both("vll", 43, "r1", "r2", "Up", "UP")(net)
    assert ping(net.state, "r1", "203.0.113.2", size=8972, vrf="vrf-lan40").success


def check_link_down_no_secondary(net):
    r1 = {lsp.name: lsp for lsp in net.state.devices["r1"].lsps}
    assert not r1["r1-to-r2"].up and "no route" in r1["r1-to-r2"].reason
    _both("vll", 43, "r1", "r2", "OL", "DOWN - PW is Down (Reason:Wait for LSP tunnel to Peer)")(net)
    assert pw_word(net, "r2", "vpls", 40, "r1") == "Wait for LSP tunnel to Peer"
    assert not ping(net.state, "r1", "203.0.113.2", size=100, vrf="vrf-lan40").success
    assert pw_word(net, "r1", "vll", 41, "r3") == "Up"  # the other side of the triangle is fine


def check_link_mtu(net):
    # OSPF still Full (hellos are small), but a 1472-byte DF ping over the link now dies
    assert ospf_words(net, "r1")["ge-1/0/0.1000"] == "Full"
    lost = ping(net.state, "r1", "198.51.100.2", size=1472)
    assert lost.received == 0 and not lost.frag_needed
    # NetIron frame 1400 counts the FCS: 1400 - 4 - 14 - 4 (tag) - 28 = 1350 is the new boundary
    assert ping(net.state, "r1", "198.51.100.2", size=1350).success
    assert ping(net.state, "r1", "198.51.100.2", size=1351).received == 0


def check_vlan_id_40(net):
    # control plane cannot see it: PWs are up …
    _both("vpls", 40, "r1", "r2", "Up", "Operational")(net)
    # … but frames leave r1 still tagged and die on the raw NetIron side: one direction only
    assert "VLAN-tagged" in service_delivery(net.state, "r1", "r2", "vpls", "vpls-40")
    assert service_delivery(net.state, "r2", "r1", "vpls", "vpls-40") == ""
    assert not ping(net.state, "r1", "203.0.113.2", size=100, vrf="vrf-lan40").success
    assert not ping(net.state, "r2", "203.0.113.1", size=100).success  # the reply is lost


def check_no_vlan_id_none(net):
    view = net.state.views["r1"]
    vpls40 = next(p for p in view.pws if p.name == "vpls-40")
    tagged = next(a for a in vpls40.attachments if a.name == "ge-1/1/9.40")
    assert tagged.tag_on_pw  # customer frames from the VLAN-40 unit cross the PW still tagged
    _both("vpls", 40, "r1", "r3", "Up", "Operational")(net)


def check_port_disabled(net):
    _both("vll", 41, "r3", "r1", "DOWN - endpoint is not UP", "RD")(net)
    assert pw_word(net, "r3", "vpls", 140, "r1") == "Wait for functional local ports"
    assert pw_word(net, "r1", "vpls", 140, "r3") == "RD"
    assert pw_word(net, "r2", "vpls", 140, "r3") == "Wait for remote PW status up"


def check_no_ldp_lo0(net):
    assert all(not s.up for s in net.state.devices["r1"].ldp)
    _both("vll", 42, "r1", "r3", "OL", "DOWN - PW is Down (Reason:Wait for LDP session to Peer)")(net)
    assert pw_word(net, "r2", "vpls", 140, "r3") == "Operational"


def check_no_te(net):
    assert all(not lsp.up for lsp in net.state.devices["r2"].lsps)
    assert pw_word(net, "r2", "vll", 43, "r1") == "DOWN - PW is Down (Reason:Wait for LSP tunnel to Peer)"
    assert pw_word(net, "r1", "vll", 43, "r2") == "OL"


def check_no_tunnel_services(net):
    _both("vll", 43, "r1", "r2", "LD", "DOWN - PW is Down (Reason:Remote PW status is down)")(net)
    # VPLS 40 still has the ge-1/1/9.40 attachment, so it stays up
    _both("vpls", 40, "r1", "r2", "Up", "Operational")(net)


def check_loopback_not_in_ospf(net):
    # r3 no longer advertises 10.0.0.3: targeted LDP to it cannot come up, so its PWs stay down
    assert not any(s.up for s in net.state.devices["r3"].ldp)
    _both("vll", 41, "r1", "r3", "OL", "DOWN - PW is Down (Reason:Wait for LDP session to Peer)")(net)
    assert pw_word(net, "r2", "vpls", 140, "r3") == "Wait for LDP session to Peer"
    _both("vll", 43, "r1", "r2", "Up", "UP")(net)
    assert not ping(net.state, "r1", "10.0.0.3", size=100, source="10.0.0.1").success


def check_raw_vll_without_vlan_maps(net):
    view = net.state.views["r1"]
    vll41 = next(p for p in view.pws if p.kind == "vll" and p.id == 41)
    assert vll41.attachments[0].tag_on_pw  # customer frames keep their tag inside a raw PW
    _both("vll", 41, "r1", "r3", "Up", "UP")(net)  # the control plane cannot see it


ROWS = {
    "loopback-not-in-ospf": (_remove_re("r3", r"(?<=ip address 10\.0\.0\.3/32\n) ip ospf area 0\n"),
                             check_loopback_not_in_ospf),
    "junos-raw-vll-without-vlan-maps": (
        _patch("r1", "            input-vlan-map pop;\n            output-vlan-map push;\n", ""),
        check_raw_vll_without_vlan_maps,
    ),
    "vll-mtu-mismatch-junos-netiron": (
        _intent_change(lambda d: service(d, "vll-41").update(pw_mtu_overrides={"r3": 9000})),
        _both("vll", 41, "r1", "r3", "MM", "DOWN - PW is Down (Reason:VC-Parameter-MTU-Mismatch)"),
    ),
    "vpls-mtu-mismatch": (
        _intent_change(lambda d: service(d, "vpls-140").update(pw_mtu_overrides={"r2": 9000})),
        _both("vpls", 140, "r1", "r2", "MM", "VC-Parameter-MTU-Mismatch"),
    ),
    "raw-vs-tagged": (
        _intent_change(lambda d: service(d, "vll-41").update(mode_overrides={"r3": "tagged"})),
        _both("vll", 41, "r1", "r3", "EM", "DOWN - PW is Down (Reason:VC-Type-Mismatch)"),
    ),
    "pw-id-mismatch": (
        _intent_change(lambda d: service(d, "vll-42").update(id_overrides={"r3": 420})),
        lambda net: (
            pw_word(net, "r1", "vll", 42, "r3") == "OL" or pytest.fail("r1"),
            pw_word(net, "r3", "vll", 420, "r1") == "DOWN - PW is Down (Reason:Wait for peer label)"
            or pytest.fail("r3"),
        ),
    ),
    "vpls-id-mismatch": (
        _intent_change(lambda d: service(d, "vpls-140").update(id_overrides={"r2": 141})),
        lambda net: (
            _both("vpls", 140, "r1", "r3", "Up", "Operational")(net),
            pw_word(net, "r1", "vpls", 140, "r2") == "OL" or pytest.fail("r1"),
            pw_word(net, "r2", "vpls", 141, "r1") == "Wait for peer label" or pytest.fail("r2"),
        ),
    ),
    "netiron-missing-lsp": (
        _intent_change(lambda d: d["mpls"]["rsvp"].update(
            mesh=False,
            lsps=[{"from": a, "to": b} for a in ("r1", "r2", "r3") for b in ("r1", "r2", "r3")
                  if a != b and (a, b) != ("r3", "r1")])),
        _both("vll", 41, "r3", "r1", "DOWN - PW is Down (Reason:Wait for LSP tunnel to Peer)", "OL"),
    ),
    "ospf-ip-mtu-mismatch": (_intent_change(lambda d: link(d, "r1-r2").update(b_ip_mtu=9000)), check_ospf_mtu),
    "ospf-hello-mismatch": (
        _intent_change(lambda d: link(d, "r1-r3").update(a_ospf={"hello": 3, "dead": 12, "cost": 100})),
        check_hello,
    ),
    "ospf-area-mismatch": (
        _intent_change(lambda d: link(d, "r2-r3").update(b_ospf={"area": 1, "cost": 10})), check_area,
    ),
    "fcs-boundary-9142-vs-9146": (_fcs_setup, check_fcs_boundary),
    "vpls-vlan-normalised-one-way": (_patch("r1", "vlan-id none;", "vlan-id 40;"), check_vlan_id_40),
    "missing-vlan-id-none": (_patch("r1", "        vlan-id none;\n", ""), check_no_vlan_id_none),
    "link-down-with-secondary": (_fault(down=[("r1", "ge-1/0/0")]), check_link_down_secondary),
    "link-down-without-secondary": (
        lambda tmp: _no_secondary_down(tmp),
        check_link_down_no_secondary,
    ),
    "link-mtu-fault": (_fault(mtu={("r2", "ethe 1/1"): 1400}), check_link_mtu),
    "netiron-port-disabled": (_remove_re("r3", r"(?<=interface ethernet 1/5\n) enable\n"), check_port_disabled),
    "junos-ldp-not-on-loopback": (_patch("r1", "    ldp {\n        interface lo0.0;\n    }\n", ""), check_no_ldp_lo0),
    "netiron-without-traffic-eng": (_patch("r2", " policy\n  traffic-eng ospf\n", ""), check_no_te),
    "lt-without-tunnel-services": (_remove_re("r1", r"^chassis \{(?:\n.*?)*?\n\}\n"), check_no_tunnel_services),
}


def _no_secondary_down(tmp_path):
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", _no_secondary)
    net = seed_network(inv)
    net.faults.link_down.add(("r1", "ge-1/0/0"))
    net.changed()
    return net


@pytest.mark.parametrize("row", sorted(ROWS))
def test_scenario(tmp_path, row):
    make, check = ROWS[row]
    check(make(tmp_path))


def test_link_up_restores(tmp_path):
    net = _fault(down=[("r1", "ge-1/0/0")])(tmp_path)
    assert "ge-1/0/0.1000" not in ospf_words(net, "r1")
    net.faults.link_down.clear()
    net.changed()
    assert ospf_words(net, "r1")["ge-1/0/0.1000"] == "Full"
    assert all(lsp.active == "primary" for lsp in net.state.devices["r1"].lsps)
