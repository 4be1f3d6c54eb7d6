"""NetIron TextFSM templates + record mapping, against real captures and our own synthetic text.

Expected values for the captures were read off the capture files by hand; the genie cases are
additionally cross-checked against genieparser's own expected dicts shipped next to them.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from mpls_interop.vendors.netiron.parsers import (
    ParseError,
    canonical_interface,
    parse,
    pw_reason,
    pw_type,
    template_dir,
    to_facts,
    to_interfaces,
    to_ldp_sessions,
    to_lsps,
    to_ospf_neighbors,
    to_ping,
    to_pseudowires_vll,
    to_pseudowires_vpls,
)
from tests.conftest import capture


def _read(name: str) -> str:
    return capture(f"netiron/{name}").read_text()


def _genie(case: str) -> dict:
    text = capture(f"netiron/genie-ironware__{case}_expected.py").read_text()
    return ast.literal_eval(text.split("=", 1)[1].strip())


# --------------------------------------------------------------------------------------------
# index / command resolution


def test_index_lists_exactly_the_templates_on_disk() -> None:
    folder = template_dir()
    lines = [
        ln
        for ln in (folder / "index").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    rows = list(csv.reader(lines, skipinitialspace=True))
    assert rows[0] == ["Template", "Hostname", "Platform", "Command"]
    listed = {r[0] for r in rows[1:]}
    assert all(r[2] == "extreme_netiron" for r in rows[1:])
    on_disk = {p.name for p in folder.glob("*.textfsm")}
    assert listed == on_disk
    assert all(name.startswith("extreme_netiron_") for name in on_disk)


@pytest.mark.parametrize(
    ("command", "column"),
    [
        ("sh mpls vll det", "vc_id"),
        ("show mpls vll detail", "vc_id"),
        ("show mpls vll SOME-VLL", "vc_id"),
        ("sh   mpls   vpl det", "vpls_id"),
        ("sh int br", "port_state"),
        ("show interfaces", "link_status"),
        ("show interfaces ethernet 1/1", "link_status"),
        ("sh ip int", "method"),
        ("sh ip osp nei", "neighbor_id"),
        ("sh ip ospf int br", "neighbors_full"),
        ("sh mpls ldp nei", "ldp_id"),
        ("sh mpls ldp ses", "peer_ldp_id"),
        ("show mpls lsp", "up_down_times"),
        ("sh mpls lsp w", "up_down_times"),
        ("sh mpls lsp det", "primary_active"),
        ("show mpls lsp TO-R2", "primary_active"),
        ("sh ver", "os_version"),
        ("ping 192.0.2.1 count 5 size 1472 no-fragment", "frag_messages"),
    ],
)
def test_commands_resolve_through_the_index(command: str, column: str) -> None:
    # a header line that no template treats as data: the table is empty but its columns show
    # which template the index picked
    from textfsm import clitable

    table = clitable.CliTable("index", str(template_dir()))
    table.ParseCmd("\n", {"Command": " ".join(command.split()), "Platform": "extreme_netiron"})
    assert column in [h.lower() for h in table.header]


@pytest.mark.parametrize(
    "command",
    ["show running-config", "show inventory", "show mpls vll brief", "show mpls vll-local X"],
)
def test_commands_without_template_raise(command: str) -> None:
    with pytest.raises(ParseError, match="no NetIron template"):
        parse(command, "anything\n")


def test_abbreviated_and_full_commands_parse_the_same() -> None:
    text = _read("ansible-ironware__show_mpls_vll_detail")
    assert parse("sh mpls vll det", text) == parse("show mpls vll detail", text)
    assert parse("sh mpls vll det", text)[0]["vc_id"] == "111"


# --------------------------------------------------------------------------------------------
# show version


def test_show_version_ansible() -> None:
    rows = parse("show version", _read("ansible-ironware__show_version"))
    assert len(rows) == 1
    row = rows[0]
    assert row["model"] == "MLXe 4-slot"
    assert row["serial"] == "BGD2503J01F"
    assert row["os_version"] == "5.8.0fT163"  # the active MP's IronWare, not the line cards'
    assert row["uptime"] == "203 days 4 hours 44 minutes 54 seconds"
    facts = to_facts(rows, "mlx-a")
    assert (facts.hostname, facts.vendor, facts.model, facts.os_version, facts.serial) == (
        "mlx-a",
        "netiron",
        "MLXe 4-slot",
        "5.8.0fT163",
        "BGD2503J01F",
    )


def test_show_version_ntc() -> None:
    rows = parse("show version", _read("ntc__extreme_netiron_show_version.raw"))
    assert len(rows) == 1
    assert rows[0]["model"] == "MLXe 8-slot"
    assert rows[0]["serial"] == "BGB2514G01J"
    assert rows[0]["os_version"] == "6.3.0dT163"
    assert rows[0]["uptime"] == "2 hours 41 minutes 31 seconds"
    assert to_facts(rows, "mlx-b").os_version == "6.3.0dT163"


def test_facts_from_unrecognised_output_raise() -> None:
    with pytest.raises(ParseError):
        to_facts(parse("show version", "nothing useful here\n"), "x")


# --------------------------------------------------------------------------------------------
# show interfaces brief


def test_interfaces_brief_genie_layout() -> None:
    rows = parse(
        "show interfaces brief",
        _read("genie-ironware__ShowInterfacesBrief__golden_output1_output.txt"),
    )
    assert [r["port"] for r in rows] == ["1/1", "1/2", "1/3", "mgmt1", "lb1", "tn30"]
    assert rows[0]["link"] == "Disabled" and rows[0]["name"] == "description1"
    assert rows[2]["tag"] == "Yes" and rows[2]["mac"] == "cc4e.24ff.7242"
    assert rows[3]["speed"] == "100M" and rows[3]["name"] == ""
    assert rows[5]["link"] == "Down" and rows[5]["mac"] == "N/A"

    # cross-check against genie's own parse of the same text
    expected = _genie("ShowInterfacesBrief__golden_output1")["interfaces"]
    got = {canonical_interface(r["port"]): r for r in rows}
    assert set(got) == {canonical_interface(k) for k in expected}
    for name, exp in expected.items():
        row = got[canonical_interface(name)]
        assert (row["link"], row["port_state"], row["speed"], row["tag"], row["mac"]) == (
            exp["link"],
            exp["state"],
            exp["speed"],
            exp["tag"],
            exp["mac"],
        )
        assert row["name"] == (exp["description"] or "")

    intfs = {i.name: i for i in to_interfaces(rows)}
    assert intfs["ethe 1/1"].admin_up is False and intfs["ethe 1/1"].oper_up is False
    assert intfs["ethe 1/2"].admin_up and intfs["ethe 1/2"].oper_up
    assert intfs["tunnel 30"].admin_up and not intfs["tunnel 30"].oper_up
    assert intfs["management 1"].oper_up
    assert intfs["loopback 1"].l2_mtu is None  # brief shows no MTU


def test_interfaces_brief_wide_layout_with_truncated_names() -> None:
    rows = parse("sh int br", _read("ntc__brocade_netiron_show_interfaces_brief.raw"))
    by_port = {r["port"]: r for r in rows}
    assert list(by_port) == [
        "1/1",
        "1/2",
        "1/3",
        "1/4",
        "1/5",
        "1/16",
        "ve2",
        "ve10",
        "ve144",
        "ve145",
        "lb1",
        "lb6",
    ]
    assert by_port["1/1"]["name"] == "ATM1-G0-1"
    assert by_port["1/1"]["duplex"] == "Full" and by_port["1/1"]["priority"] == "level0"
    # names truncated to 15 characters run straight into the Type column
    assert by_port["1/4"]["name"] == "switch1a.clmamo"
    assert by_port["1/4"]["type"] == "default-port"
    assert by_port["1/4"]["trunk"] == "5"
    assert by_port["1/5"]["name"] == "CLMA-JFCY LAG #"
    assert by_port["1/5"]["port_state"] == "LACP-BLOCKED"
    assert by_port["ve2"]["name"] == "Main Ethernet V"
    assert by_port["ve144"]["name"] == "VOIPstate-Exter"
    assert by_port["1/2"]["name"] == "" and by_port["1/2"]["type"] == "default-port"
    # N/A in the MAC column, with and without a port name
    assert by_port["lb1"]["mac"] == "N/A" and by_port["lb1"]["name"] == "MPLS Loopback"
    assert by_port["lb6"]["name"] == "" and by_port["lb6"]["type"] == "default-port"
    assert all(r["type"] == "default-port" for r in rows)

    intfs = {i.name: i for i in to_interfaces(rows)}
    assert intfs["ethe 1/2"].admin_up is False
    assert intfs["ethe 1/16"].admin_up and not intfs["ethe 1/16"].oper_up
    assert intfs["ve 10"].description == "Admin VLAN 10"
    assert intfs["loopback 6"].oper_up


# --------------------------------------------------------------------------------------------
# show interfaces (detail)


def test_show_interfaces_detail_capture() -> None:
    rows = parse("show interfaces", _read("ansible-ironware__show_interfaces"))
    assert len(rows) == 34
    by_name = {r["interface"]: r for r in rows}
    r = by_name["10GigabitEthernet1/2"]
    assert (r["link_status"], r["protocol_status"]) == ("up", "up")
    assert r["description"] == "To ces01.lab e2/1"
    assert r["ip_address"] == ["10.69.1.77/30"]
    assert r["mtu"] == "9216" and r["ip_mtu"] == ""
    assert r["mac_address"] == "0024.38ae.ff01" and r["speed"] == "10Gbit"
    assert by_name["10GigabitEthernet1/5"]["link_status"] == "disabled"
    assert by_name["GigabitEthernet2/4"]["port_mode"] == "dual"  # wrapped VLAN line
    assert by_name["GigabitEthernet2/2"]["description"] == "To MikroTik-04 - ether1 - 10.69.5.44"
    assert by_name["Loopback1"]["ip_mtu"] == "1500" and by_name["Loopback1"]["mtu"] == ""

    intfs = {i.name: i for i in to_interfaces(detail_rows=rows)}
    assert len(intfs) == 34
    e12 = intfs["ethe 1/2"]
    assert e12.admin_up and e12.oper_up
    assert e12.l2_mtu == 9212  # frame size 9216 counts the 4-byte FCS
    assert e12.addresses == ("10.69.1.77/30",)
    assert e12.description == "To ces01.lab e2/1"
    e11 = intfs["ethe 1/1"]
    assert e11.admin_up and not e11.oper_up and e11.description == ""
    e15 = intfs["ethe 1/5"]
    assert not e15.admin_up and not e15.oper_up
    assert intfs["ethe 2/1"].addresses == ()
    assert intfs["management 1"].l2_mtu == 1544
    lo = intfs["loopback 1"]
    assert lo.ip_mtu == 1500 and lo.l2_mtu is None and lo.addresses == ("10.69.0.6/32",)


VE_DETAIL = """\
Ve100 is up, line protocol is up
  Hardware is Virtual Ethernet, address is 0000.5e00.5301 (bia 0000.5e00.5301)
  Port name is core link to mx1
  Vlan id: 100
  Internet address is 192.0.2.1/31, IP MTU 9000 bytes, encapsulation ethernet
  Configured BW 0 kbps
Ve200 is down, line protocol is down
  Hardware is Virtual Ethernet, address is 0000.5e00.5301 (bia 0000.5e00.5301)
  No port name
  Vlan id: 200
  Internet address is 198.51.100.1/24, IP MTU 1500 bytes, encapsulation ethernet
"""


def test_interfaces_detail_and_brief_merge() -> None:
    detail = parse("show interfaces ve 100", VE_DETAIL)
    brief = parse(
        "show interfaces brief",
        "Port   Link     Port-State   Speed Tag MAC            Name\n"
        "ve100  Up       N/A          N/A   N/A 0000.5e00.5301 core link to mx1\n"
        "ve300  Down     N/A          N/A   N/A 0000.5e00.5301\n",
    )
    intfs = {i.name: i for i in to_interfaces(brief, detail)}
    assert set(intfs) == {"ve 100", "ve 200", "ve 300"}
    ve100 = intfs["ve 100"]
    assert ve100.ip_mtu == 9000 and ve100.l2_mtu is None
    assert ve100.addresses == ("192.0.2.1/31",)
    assert ve100.description == "core link to mx1"
    assert intfs["ve 200"].ip_mtu == 1500 and not intfs["ve 200"].oper_up
    assert intfs["ve 300"].admin_up and not intfs["ve 300"].oper_up  # brief-only port kept


def test_to_interfaces_rejects_rows_of_another_command() -> None:
    rows = parse(
        "show ip ospf neighbor",
        _read("genie-ironware__ShowIPOSPFNeighbor__documentation_output_output.txt"),
    )
    with pytest.raises(ParseError):
        to_interfaces(detail_rows=rows)


# --------------------------------------------------------------------------------------------
# show ip interface / ospf


def test_show_ip_interface() -> None:
    rows = parse(
        "show ip interface", _read("genie-ironware__ShowIPInterface__golden_output1_output.txt")
    )
    assert [r["interface"] for r in rows] == [
        "eth 1/1",
        "eth 5/1",
        "eth 7/1",
        "ve 150",
        "mgmt 1",
        "loopback 1",
    ]
    assert rows[0]["status"] == "admin/down" and rows[0]["protocol"] == "down"
    assert rows[2]["method"] == "manual"
    assert rows[3]["flag"] == "VS" and rows[0]["flag"] == ""
    assert rows[4]["vrf"] == "oob" and rows[4]["ip_address"] == "172.16.15.4"

    expected = _genie("ShowIPInterface__golden_output1")["interfaces"]
    got = {canonical_interface(r["interface"]): r for r in rows}
    assert set(got) == {canonical_interface(k) for k in expected}
    for name, exp in expected.items():
        row = got[canonical_interface(name)]
        assert (
            row["ip_address"],
            row["ok"],
            row["method"],
            row["status"],
            row["protocol"],
            row["vrf"],
        ) == (
            exp["ip"],
            exp["ok"],
            exp["method"],
            exp["status"],
            exp["protocol"],
            exp["vrf"],
        )
        assert row["flag"] == exp.get("flag", "")


def test_show_ip_ospf_neighbor() -> None:
    rows = parse(
        "show ip ospf neighbor",
        _read("genie-ironware__ShowIPOSPFNeighbor__documentation_output_output.txt"),
    )
    assert len(rows) == 5
    assert rows[0]["interface"] == "v10" and rows[0]["state"] == "FULL/DR"
    assert rows[4]["neighbor_address"] == "10.1.14.2" and rows[4]["address"] == "10.1.14.1"

    expected = _genie("ShowIPOSPFNeighbor__documentation_output")["vrf"]["default"]["neighbors"]
    got = {r["neighbor_address"]: r for r in rows}
    assert set(got) == set(expected)
    for addr, exp in expected.items():
        row = got[addr]
        assert (
            row["interface"],
            row["address"],
            int(row["priority"]),
            row["state"],
            row["neighbor_id"],
        ) == (
            exp["interface"],
            exp["local_ip"],
            exp["priority"],
            exp["state"],
            exp["neighbor_rid"],
        )
        assert (int(row["events"]), int(row["options"]), int(row["retransmits"])) == (
            exp["state_changes"],
            exp["options"],
            exp["lsa_retransmits"],
        )

    nbrs = to_ospf_neighbors(rows)
    assert [n.interface for n in nbrs] == ["ve 10", "ve 11", "ve 12", "ve 13", "ve 14"]
    assert all(n.full and n.state == "Full" and n.neighbor_id == "10.65.12.1" for n in nbrs)
    assert nbrs[1].address == "10.1.11.2"


def test_ospf_neighbor_states_normalised() -> None:
    text = (
        "Port   Address         Pri State      Neigh Address   Neigh ID        Ev Opt Cnt\n"
        "v100   192.0.2.1       1   EXSTART/DR 192.0.2.2       10.0.0.2        3  2   0\n"
        "1/1    198.51.100.1    1   2WAY/OTHER 198.51.100.2    10.0.0.3        2  2   0\n"
    )
    nbrs = to_ospf_neighbors(parse("show ip ospf neighbor", text))
    assert [(n.interface, n.state, n.full) for n in nbrs] == [
        ("ve 100", "ExStart", False),
        ("ethe 1/1", "2Way", False),
    ]


def test_show_ip_ospf_interface_brief() -> None:
    rows = parse(
        "show ip ospf interface brief",
        _read("genie-ironware__ShowIPOSPFInterfaceBrief__documentation_output_output.txt"),
    )
    assert rows == [
        {
            "interface": "eth 1/2",
            "area": "0",
            "ip_address": "10.1.1.2/24",
            "cost": "1",
            "state": "down",
            "neighbors_full": "0",
            "neighbors_count": "0",
        }
    ]
    expected = _genie("ShowIPOSPFInterfaceBrief__documentation_output")
    assert expected["total"] == len(rows)
    exp = expected["interfaces"]["ethernet1/2"]
    assert canonical_interface(rows[0]["interface"]) == canonical_interface("ethernet1/2")
    assert (
        int(rows[0]["area"]),
        rows[0]["ip_address"],
        int(rows[0]["cost"]),
        rows[0]["state"],
    ) == (
        exp["area"],
        exp["network"],
        exp["cost"],
        exp["state"],
    )


# --------------------------------------------------------------------------------------------
# LDP


def test_show_mpls_ldp_neighbor() -> None:
    rows = parse(
        "show mpls ldp neighbor",
        _read("genie-ironware__ShowMPLSLDPNeighbor__documentation_output_output.txt"),
    )
    assert [(r["transport_address"], r["interface"], r["ldp_id"]) for r in rows] == [
        ("10.1.1.1", "p4/1", "10.1.1.1:0"),
        ("10.5.5.5", "p3/2", "10.5.5.5:0"),
        ("10.4.4.4", "(targeted)", "10.4.4.4:0"),
    ]
    assert rows[1]["time_left"] == "11"
    expected = _genie("ShowMPLSLDPNeighbor__documentation_output")["neighbors"]
    for row in rows:
        exp = expected[row["transport_address"]]
        assert (row["interface"], row["ldp_id"], int(row["max_hold"]), int(row["time_left"])) == (
            exp["interface"],
            exp["ldp_id"],
            exp["max_hold"],
            exp["time_left"],
        )
    # neighbour rows are adjacencies, not sessions
    with pytest.raises(ParseError):
        to_ldp_sessions(rows)


LDP_SESSION = """\
  Peer LDP ID     State          Adj Used   My Role   Max Hold   Time Left
  10.0.0.2:0      Operational    Targeted   Active    36         31
  10.0.0.3:0      Operational    Link       Passive   15         12
  10.0.0.4:0      NonExistent    Targeted   Passive   --         --
  10.0.0.5:0      OpenSent
"""


def test_show_mpls_ldp_session_synthetic() -> None:
    rows = parse("sh mpls ldp ses", LDP_SESSION)
    assert [r["peer_ldp_id"] for r in rows] == [
        "10.0.0.2:0",
        "10.0.0.3:0",
        "10.0.0.4:0",
        "10.0.0.5:0",
    ]
    assert rows[0]["adj_used"] == "Targeted" and rows[0]["role"] == "Active"
    assert rows[1]["max_hold"] == "15" and rows[1]["time_left"] == "12"
    assert rows[2]["max_hold"] == "--"
    assert rows[3]["state"] == "OpenSent" and rows[3]["role"] == ""
    sessions = to_ldp_sessions(rows)
    assert [(s.peer, s.state, s.up) for s in sessions] == [
        ("10.0.0.2", "Operational", True),
        ("10.0.0.3", "Operational", True),
        ("10.0.0.4", "NonExistent", False),
        ("10.0.0.5", "OpenSent", False),
    ]


# --------------------------------------------------------------------------------------------
# LSPs


def test_show_mpls_lsp_wide() -> None:
    rows = parse(
        "show mpls lsp wide", _read("genie-ironware__ShowMPLSLSP__golden_output1_output.txt")
    )
    assert [r["name"] for r in rows] == [
        "mlx8.1_to_ces.2",
        "mlx8.1_to_ces.1",
        "mlx8.1_to_mlx8.2",
        "mlx8.1_to_mlx8.3",
    ]
    assert rows[0]["destination"] == "10.4.1.1" and rows[0]["tunnel_interface"] == "tnl0"
    assert rows[3]["oper_state"] == "DOWN" and rows[3]["tunnel_interface"] == "--"

    expected = _genie("ShowMPLSLSP__golden_output1")["lsps"]
    for row in rows:
        exp = expected[row["name"]]
        assert (row["destination"], row["admin_state"], row["oper_state"]) == (
            exp["destination"],
            exp["admin"],
            exp["operational"],
        )
        assert (int(row["up_down_times"]), int(row["retries"])) == (
            exp["flap_count"],
            exp["retry_count"],
        )
        if "tunnel_interface" in exp:
            assert canonical_interface(row["tunnel_interface"]) == canonical_interface(
                exp["tunnel_interface"]
            )

    lsps = {lsp.name: lsp for lsp in to_lsps(rows)}
    assert lsps["mlx8.1_to_mlx8.2"].up and lsps["mlx8.1_to_mlx8.2"].destination == "10.36.3.3"
    assert lsps["mlx8.1_to_mlx8.2"].active_path == "primary"
    down = lsps["mlx8.1_to_mlx8.3"]
    assert not down.up and down.state == "DOWN" and down.active_path is None


def test_lsp_table_secondary_marker() -> None:
    text = (
        "Note: LSPs marked with * are taking a Secondary Path\n"
        "                    Admin Oper  Tunnel   Up/Dn Retry Active\n"
        "Name    To          State State Intf     Times No.   Path\n"
        "to-r2*  10.0.0.2    UP    UP    tnl1     3     0     sec1\n"
    )
    (lsp,) = to_lsps(parse("show mpls lsp", text))
    assert lsp.name == "to-r2" and lsp.up and lsp.active_path == "secondary"


def test_show_mpls_lsp_detail_capture() -> None:
    rows = parse("show mpls lsp detail", _read("ansible-ironware__show_mpls_lsp_detail"))
    assert [(r["name"], r["destination"]) for r in rows] == [
        ("LSP1", "192.0.2.1"),
        ("LSP3", "192.0.2.3"),
    ]
    assert rows[0]["admin_state"] == "DOWN" and rows[0]["source"] == "(n/a)"
    assert rows[0]["primary_path"] == "NONE" and rows[0]["primary_up"] == "no"
    assert rows[0]["frr"] == "facility backup desired, node protection desired"
    assert rows[0]["frr_backup_state"] == "DOWN"
    assert rows[0]["revert_timer"] == "300" and rows[1]["revert_timer"] == ""
    assert rows[1]["frr"] == ""
    lsp1, lsp3 = to_lsps(rows)
    assert (lsp1.up, lsp1.state, lsp1.source, lsp1.frr, lsp1.active_path) == (
        False,
        "DOWN",
        "",
        True,
        None,
    )
    assert (lsp3.name, lsp3.destination, lsp3.frr) == ("LSP3", "192.0.2.3", False)


LSP_DETAIL_UP = """\
LSP to-r2, to 10.0.0.2
  From: 10.0.0.1, admin: UP, status: UP, tunnel interface(primary path): tnl2
  Times primary LSP goes up since enabled: 1
  Metric: 0, number of installed aliases: 0
  Maximum retries: NONE, no. of retries: 0
  Pri. path: via-r3, up: no, active: no
  Setup priority: 7, hold priority: 0
  Sec. path: direct, up: yes, active: yes
LSP to-r3, to 10.0.0.3
  From: 10.0.0.1, admin: UP, status: UP, tunnel interface(primary path): tnl3
  Pri. path: NONE, up: yes, active: yes
"""


def test_lsp_detail_active_path_synthetic() -> None:
    rows = parse("sh mpls lsp det", LSP_DETAIL_UP)
    assert rows[0]["tunnel_interface"] == "tnl2" and rows[0]["secondary_path"] == "direct"
    to_r2, to_r3 = to_lsps(rows)
    assert (to_r2.up, to_r2.source, to_r2.active_path) == (True, "10.0.0.1", "secondary")
    assert (to_r3.up, to_r3.active_path) == (True, "primary")
    assert rows[1]["secondary_path"] == ""  # not carried over from the previous LSP


# --------------------------------------------------------------------------------------------
# VLL


def test_show_mpls_vll_detail_capture() -> None:
    rows = parse("show mpls vll detail", _read("ansible-ironware__show_mpls_vll_detail"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["name"], row["vc_id"], row["vll_index"]) == ("TEST-VLL", "111", "4")
    assert (row["endpoint_type"], row["vlan"], row["endpoint_port"]) == ("tagged", "2005", "e 2/1")
    assert row["endpoint_state"] == "Up" and row["cos"] == "1"
    assert row["state"] == "DOWN - PW is Down (Reason:Wait for peer label)"
    assert (row["tunnel_lsp"], row["tunnel_interface"]) == ("lsp1", "tnl1")
    (pw,) = to_pseudowires_vll(rows)
    assert pw.kind == "vll" and pw.service_id == 111 and pw.name == "TEST-VLL"
    assert pw.peer == "192.0.2.1"
    assert not pw.up
    assert pw.status == "DOWN - PW is Down (Reason:Wait for peer label)"
    assert pw.reason == "Wait for peer label"
    assert pw.mtu == 9190 and pw.remote_mtu is None
    assert pw.pw_type == "raw"  # local VC type "untag"
    assert pw.remote_pw_type is None
    assert pw.local_label is None and pw.remote_label is None


def _check_against_genie_vll(row: dict, case: str) -> None:
    expected = _genie(f"ShowMPLSVLL__{case}")["vll"]
    ((name, exp),) = expected.items()
    local, peer = exp["local"], exp["peer"]
    assert row["name"] == name
    assert (int(row["vc_id"]), int(row["vll_index"])) == (exp["vcid"], exp["vll_index"])
    assert row["endpoint_type"] == local["type"]
    assert canonical_interface(row["endpoint_port"]) == canonical_interface(local["interface"])
    assert row["vlan"] == str(local.get("vlan_id", local.get("outer_vlan_id", "")))
    assert row["inner_vlan"] == str(local.get("inner_vlan_id", ""))
    assert (row["endpoint_state"], row["local_vc_type"], int(row["local_vc_mtu"]), row["cos"]) == (
        local["state"],
        local["vc_type"],
        local["mtu"],
        local["cos"],
    )
    assert row["peer"] == peer["ip"]
    assert row["state"].split(" - ", 1)[0] == peer["state"]
    if "reason" in peer:
        assert pw_reason(row["state"]) == peer["reason"]
    assert row["remote_vc_type"] == peer["vc_type"]
    assert (row["local_label"], row["remote_label"]) == (
        str(peer["local_label"]),
        str(peer["remote_label"]),
    )
    assert (row["tunnel_lsp"], row["tunnel_interface"]) == (
        peer["tunnel_lsp"]["name"],
        peer["tunnel_lsp"]["tunnel_interface"],
    )
    assert row["lsps_assigned"] == peer["lsps_assigned"]


def test_show_mpls_vll_name_down() -> None:
    rows = parse(
        "show mpls vll MY-DOWN-VLL", _read("genie-ironware__ShowMPLSVLL__down_output_output.txt")
    )
    assert len(rows) == 1
    _check_against_genie_vll(rows[0], "down_output")
    (pw,) = to_pseudowires_vll(rows)
    assert (pw.service_id, pw.peer, pw.up) == (2344, "192.168.1.1", False)
    assert pw.status == "DOWN - endpoint is not UP" and pw.reason == "endpoint is not UP"
    assert pw.pw_type == "tagged" and pw.mtu == 9190


def test_show_mpls_vll_name_qinq() -> None:
    rows = parse(
        "show mpls vll MY-QINQ-VLL", _read("genie-ironware__ShowMPLSVLL__qinq_output_output.txt")
    )
    assert rows[0]["vlan"] == "100" and rows[0]["inner_vlan"] == "45"
    _check_against_genie_vll(rows[0], "qinq_output")
    (pw,) = to_pseudowires_vll(rows)
    assert pw.up and pw.status == "UP" and pw.reason == ""
    assert pw.service_id == 4567 and pw.pw_type == "tagged"


def test_show_mpls_vll_name_untagged() -> None:
    rows = parse(
        "show mpls vll MY-UNTAGGED-VLL",
        _read("genie-ironware__ShowMPLSVLL__untagged_output_output.txt"),
    )
    assert (
        rows[0]["endpoint_type"] == "untagged"
        and rows[0]["vlan"] == ""
        and rows[0]["endpoint_port"] == "e 2/8"
    )
    _check_against_genie_vll(rows[0], "untagged_output")
    (pw,) = to_pseudowires_vll(rows)
    assert pw.up and pw.peer == "192.168.1.2"
    assert (pw.local_label, pw.remote_label) == (851974, 852059)
    # pw_type follows the VC type ("tag"), not the end-point's tagging (untagged)
    assert (pw.pw_type, pw.remote_pw_type) == ("tagged", "tagged")
    assert (pw.mtu, pw.remote_mtu) == (9190, 9190)


VLL_TWO = """\
VLL to-mx-a, VC-ID 1001, VLL-INDEX 1

  End-point        : tagged  vlan 300  inner-vlan 30  e 1/3
  End-Point state  : Up
  Local VC type    : tag
  Local VC MTU     : 9100
  COS              : 3

  Vll-Peer         : 10.0.0.2
    State          : DOWN - PW is Down (Reason:VC-Parameter-MTU-Mismatch)
    Remote VC type : tag               Remote VC MTU  : 9000
    Local label    : 983040            Remote label   : 299776
    Tunnel LSP     : to-r2 (tnl2)

VLL to-mx-b, VC-ID 1002, VLL-INDEX 2

  End-point        : untagged  e 1/4
  End-Point state  : Up
  Local VC type    : untag
  Local VC MTU     : 9100

  Vll-Peer         : 10.0.0.3
    State          : UP
    Remote VC type : untag             Remote VC MTU  : 9100
    Local label    : 983041            Remote label   : 299777
    Tunnel LSP     : to-r3 (tnl3)
"""


def test_vll_detail_two_vlls_do_not_leak_fields() -> None:
    rows = parse("show mpls vll detail", VLL_TWO)
    assert [(r["name"], r["peer"]) for r in rows] == [
        ("to-mx-a", "10.0.0.2"),
        ("to-mx-b", "10.0.0.3"),
    ]
    assert rows[0]["inner_vlan"] == "30" and rows[1]["inner_vlan"] == "" and rows[1]["vlan"] == ""
    assert rows[0]["cos"] == "3" and rows[1]["cos"] == ""  # absent line: not carried over
    a, b = to_pseudowires_vll(rows)
    assert not a.up and a.reason == "VC-Parameter-MTU-Mismatch"
    assert (a.mtu, a.remote_mtu, a.local_label, a.remote_label) == (9100, 9000, 983040, 299776)
    assert b.up and (b.pw_type, b.remote_pw_type) == ("raw", "raw")


# --------------------------------------------------------------------------------------------
# VPLS


def test_show_mpls_vpls_detail_capture() -> None:
    rows = parse("show mpls vpls detail", _read("ansible-ironware__show_mpls_vpls_detail"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["name"], row["vpls_id"], row["max_mac_entries"]) == ("TEST-VPLS", "333", "2048")
    assert row["vlans"] == ["5", "6"]
    assert row["tagged_ports"] == ["ethe 2/5 to 2/6"]
    assert row["untagged_ports"] == ["ethe 2/4", "ethe 2/7"]
    assert row["vc_mode"] == "Raw"
    assert (row["total_peers"], row["operational_peers"]) == ("1", "0")
    assert row["peer"] == "192.0.2.3" and row["state"] == "Wait for functional local ports"
    assert row["tunnel"] == "tnl1(3)[RSVP]" and row["peer_index"] == "0"
    assert (row["local_label"], row["remote_label"]) == ("N/A", "N/A")
    assert (row["local_vc_mtu"], row["remote_vc_mtu"]) == ("9190", "0")
    assert (row["local_vc_type"], row["remote_vc_type"]) == ("Ethernet(0x05)", "UNKNOWN")
    (pw,) = to_pseudowires_vpls(rows)
    assert pw.kind == "vpls" and pw.service_id == 333 and pw.name == "TEST-VPLS"
    assert pw.peer == "192.0.2.3" and not pw.up
    assert pw.status == "Wait for functional local ports"
    assert pw.reason == "Wait for functional local ports"
    assert (pw.local_label, pw.remote_label) == (None, None)
    assert (pw.pw_type, pw.remote_pw_type) == ("raw", None)
    assert (pw.mtu, pw.remote_mtu) == (9190, None)


VPLS_TWO = """\
VPLS core-a, Id 140, Max mac entries: 8192
 Total vlans: 1, Tagged ports: 1 (1 Up), Untagged ports 0 (0 Up)
 IFL-ID: n/a
  Vlan 140
   L2 Protocol: NONE
   Tagged: ethe 1/3
 VC-Mode: Tagged
 Total VPLS peers: 2 (1 Operational)
 Peer address: 10.0.0.2, State: Operational, Uptime: 2 hr 3 min
  Tnnl in use: tnl2(4)[RSVP]    Peer Index:0
  Local VC lbl: 983050, Remote VC lbl: 262145
  Local VC MTU: 9100, Remote VC MTU: 9100
  Local VC-Type: Ethernet VLAN(0x04), Remote VC-Type: Ethernet VLAN(0x04)
 Peer address: 10.0.0.3, State: VC-Parameter-MTU-Mismatch
  Tnnl in use: tnl3(5)[RSVP]    Peer Index:1
  Local VC lbl: 983051, Remote VC lbl: 262146
  Local VC MTU: 9100, Remote VC MTU: 9000
  Local VC-Type: Ethernet VLAN(0x04), Remote VC-Type: Ethernet VLAN(0x04)
 CPU-Protection: OFF
VPLS core-b, Id 150, Max mac entries: 8192
 Total vlans: 1, Tagged ports: 0 (0 Up), Untagged ports 1 (1 Up)
  Vlan 150
   Untagged: ethe 1/4
 VC-Mode: Raw
 Total VPLS peers: 1 (0 Operational)
 Peer address: 10.0.0.2, State: Wait for peer label
  Tnnl in use: tnl2(4)[RSVP]    Peer Index:0
  Local VC lbl: 983052, Remote VC lbl: N/A
  Local VC MTU: 9100, Remote VC MTU: 0
  Local VC-Type: Ethernet(0x05), Remote VC-Type: UNKNOWN
"""


def test_vpls_detail_two_instances_synthetic() -> None:
    rows = parse("show mpls vpls detail", VPLS_TWO)
    assert [(r["name"], r["peer"]) for r in rows] == [
        ("core-a", "10.0.0.2"),
        ("core-a", "10.0.0.3"),
        ("core-b", "10.0.0.2"),
    ]
    # list fields belong to their own instance
    assert rows[1]["vlans"] == ["140"] and rows[1]["tagged_ports"] == ["ethe 1/3"]
    assert (
        rows[2]["vlans"] == ["150"]
        and rows[2]["tagged_ports"] == []
        and rows[2]["untagged_ports"] == ["ethe 1/4"]
    )
    up, mm, wait = to_pseudowires_vpls(rows)
    assert rows[0]["state"] == "Operational" and rows[0]["uptime"] == "2 hr 3 min"
    assert up.up and up.status == "Operational" and up.reason == ""
    assert (up.pw_type, up.remote_pw_type, up.local_label, up.remote_label) == (
        "tagged",
        "tagged",
        983050,
        262145,
    )
    assert not mm.up and mm.status == "VC-Parameter-MTU-Mismatch" and mm.remote_mtu == 9000
    assert not wait.up and wait.reason == "Wait for peer label" and wait.remote_label is None
    assert (wait.service_id, wait.pw_type, wait.remote_pw_type) == (150, "raw", None)


# --------------------------------------------------------------------------------------------
# ping


PING_OK = """\
Sending 5, 1472-byte ICMP Echo to 10.0.0.2, timeout 5000 msec, TTL 64
Type Control-c to abort
Reply from 10.0.0.2        : bytes=1472 time=1ms TTL=64
Reply from 10.0.0.2        : bytes=1472 time<1ms TTL=64
Reply from 10.0.0.2        : bytes=1472 time<1ms TTL=64
Reply from 10.0.0.2        : bytes=1472 time=2ms TTL=64
Reply from 10.0.0.2        : bytes=1472 time<1ms TTL=64
Success rate is 100 percent (5/5), round-trip min/avg/max=0/0/2 ms.
"""

PING_LOSS = """\
Sending 5, 16-byte ICMP Echo to 192.0.2.77, timeout 5000 msec, TTL 64
Type Control-c to abort
Request timed out.
Request timed out.
Request timed out.
Request timed out.
Request timed out.
No reply from remote host.
"""

PING_FRAG = """\
Sending 3, 8973-byte ICMP Echo to 198.51.100.2, timeout 5000 msec, TTL 64
Type Control-c to abort
Fragmentation needed and DF bit set, from 198.51.100.1
Fragmentation needed and DF bit set, from 198.51.100.1
Fragmentation needed and DF bit set, from 198.51.100.1
Success rate is 0 percent (0/3)
"""

PING_PARTIAL = """\
Sending 4, 100-byte ICMP Echo to 203.0.113.5, timeout 2000 msec, TTL 64
Type Control-c to abort
Reply from 203.0.113.5     : bytes=100 time=3ms TTL=60
Request timed out.
Reply from 203.0.113.5     : bytes=100 time=3ms TTL=60
Request timed out.
"""


def test_ping_success() -> None:
    rows = parse("ping 10.0.0.2 count 5 size 1472 no-fragment", PING_OK)
    assert rows[0]["size"] == "1472" and rows[0]["success_rate"] == "100"
    assert rows[0]["rtt_max"] == "2" and len(rows[0]["replies"]) == 5
    res = to_ping(rows, "10.0.0.2", 1472)
    assert (res.sent, res.received, res.frag_needed, res.error) == (5, 5, False, "")
    assert res.success and res.df


def test_ping_total_loss() -> None:
    rows = parse("ping 192.0.2.77", PING_LOSS)
    assert len(rows[0]["timeouts"]) == 5 and rows[0]["no_reply"]
    res = to_ping(rows, "192.0.2.77", 16, df=False)
    assert (res.sent, res.received, res.frag_needed) == (5, 0, False)
    assert not res.success and not res.df


def test_ping_total_loss_with_success_line() -> None:
    res = to_ping(
        parse("ping 192.0.2.77", PING_LOSS + "Success rate is 0 percent (0/5)\n"), "192.0.2.77", 16
    )
    assert (res.sent, res.received) == (5, 0)


def test_ping_frag_needed() -> None:
    rows = parse("ping 198.51.100.2 count 3 size 8973 no-fragment", PING_FRAG)
    assert len(rows[0]["frag_messages"]) == 3 and rows[0]["replies"] == []
    res = to_ping(rows, "198.51.100.2", 8973)
    assert res.frag_needed and (res.sent, res.received) == (3, 0) and not res.success


def test_ping_partial_without_summary_counts_replies() -> None:
    res = to_ping(parse("ping 203.0.113.5 count 4", PING_PARTIAL), "203.0.113.5", 100)
    assert (res.sent, res.received) == (4, 2) and not res.success


def test_ping_error_and_unrecognised_output() -> None:
    res = to_ping(parse("ping 10.0.0.2 bogus", "Invalid input -> bogus\n"), "10.0.0.2", 100)
    assert res.error.startswith("Invalid input") and res.sent == 0 and not res.success
    res = to_ping(parse("ping 10.0.0.2", "\n"), "10.0.0.2", 100)
    assert res.sent == 0 and res.error


# --------------------------------------------------------------------------------------------
# helpers


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("10GigabitEthernet1/2", "ethe 1/2"),
        ("GigabitEthernet2/1", "ethe 2/1"),
        ("1/16", "ethe 1/16"),
        ("eth 5/1", "ethe 5/1"),
        ("e 2/8", "ethe 2/8"),
        ("Ve100", "ve 100"),
        ("v10", "ve 10"),
        ("ve 150", "ve 150"),
        ("Loopback1", "loopback 1"),
        ("lb6", "loopback 6"),
        ("Ethernetmgmt1", "management 1"),
        ("mgmt 1", "management 1"),
        ("tn30", "tunnel 30"),
        ("tnl0", "tunnel 0"),
        ("(targeted)", "(targeted)"),
    ],
)
def test_canonical_interface(raw: str, canonical: str) -> None:
    assert canonical_interface(raw) == canonical


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("untag", "raw"),
        ("tag", "tagged"),
        ("Ethernet(0x05)", "raw"),
        ("Ethernet VLAN(0x04)", "tagged"),
        ("Ethernet-VLAN(0x0004)", "tagged"),
        ("--", None),
        ("UNKNOWN", None),
        ("", None),
    ],
)
def test_pw_type(text: str, expected: str | None) -> None:
    assert pw_type(text) == expected


def test_template_dir_is_inside_the_installed_vendor_package() -> None:
    import mpls_interop.vendors.netiron as netiron

    assert template_dir() == Path(next(iter(netiron.__path__))) / "textfsm"
