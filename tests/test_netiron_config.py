"""NetIron config engine (labs/netiron/config.py) without SSH: canonical lines, modes, errors."""

from __future__ import annotations

import re

import pytest

from mpls_interop_lab.netiron.config import ConfigError, NetIronConfig, expand_port_list
from tests.conftest import capture


def feed(cfg: NetIronConfig, text: str) -> list:
    """Type ``text`` line by line as a careful CLI client would: indentation gives the mode, and
    ``exit`` leaves a block before a line of an enclosing mode (NetIron does not pass lines up)."""
    ctx: list = []
    depths: list[int] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        while depths and depths[-1] >= indent:
            ctx = cfg.execute(ctx, "exit").context
            depths.pop()
        res = cfg.execute(ctx, line)
        if len(res.context) > len(ctx):
            depths.append(indent)
        ctx = res.context
    return ctx


def fresh() -> NetIronConfig:
    return NetIronConfig.factory("r2")


def refused(cfg: NetIronConfig, context: list[str], line: str) -> ConfigError:
    for i in range(len(context)):  # enter the mode first: that may create its block
        cfg.apply(context[:i], context[i])
    before = cfg.signature()
    with pytest.raises(ConfigError) as info:
        cfg.apply(context, line)
    assert cfg.signature() == before, "a refused line must not change the config"
    return info.value


SERVICE_CONFIG = """\
default-max-frame-size 9216
vlan 100 name core-r1
 tagged ethe 1/1
 router-interface ve 100
interface ethernet 1/1
 enable
interface ve 100
 ip address 198.51.100.2/30
 ip mtu 9000
 ip ospf area 0
router ospf
 area 0
router mpls
 policy
  traffic-eng ospf
 mpls-interface ve 100
  ldp-enable
 path via-r1
  loose 10.0.0.1
 lsp to-r1
  to 10.0.0.1
  primary via-r1
  enable
 vpls v40 40
  vpls-peer 10.0.0.1
  vpls-mtu 9100
  vlan 40
   tagged ethe 1/5
 vll x100 100 raw-mode
  vll-peer 10.0.0.1
  vll-mtu 9100
  vlan 41
   tagged ethernet 1/6
"""


# -- tree API ------------------------------------------------------------------------------


def test_tree_api_find_first_words() -> None:
    cfg = fresh()
    feed(cfg, SERVICE_CONFIG)
    mpls = cfg.root.first("router mpls")
    assert mpls is not None
    vpls = mpls.first("vpls v40")
    assert vpls is not None and vpls.words() == ["vpls", "v40", "40"]
    assert [n.line for n in mpls.find("vpls")] == ["vpls v40 40"]
    assert mpls.first("vpls v4") is None, "find matches whole words, not string prefixes"
    vlan = vpls.first("vlan 40")
    assert vlan is not None and [c.line for c in vlan.children] == ["tagged ethe 1/5"]
    vll = mpls.first("vll x100")
    assert vll is not None and vll.line == "vll x100 100 raw-mode"
    assert vll.first("vlan 41").children[0].line == "tagged e 1/6"
    lsp = mpls.first("lsp to-r1")
    assert [c.line for c in lsp.children] == ["to 10.0.0.1", "primary-path via-r1", "enable"]
    assert mpls.first("mpls-interface").line == "mpls-interface ve100"
    assert cfg.frame_size == 9216 and cfg.hostname == "r2"


def test_factory_default() -> None:
    cfg = NetIronConfig.factory("r9", mgmt_address="192.0.2.9/24")
    text = cfg.running_config()
    assert "hostname r9" in text
    mgmt = cfg.root.first("interface management 1")
    assert mgmt is not None and mgmt.first("ip address").line == "ip address 192.0.2.9/24"
    assert cfg.root.first("default-max-frame-size") is None
    assert cfg.frame_size == 1518


# -- canonical forms -----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["int e 1/1", "interface ethe 1/1", "interface e 1/1", "in ethernet 1/1"])
def test_interface_abbreviations_are_canonical(typed: str) -> None:
    cfg = fresh()
    cfg.apply([typed], "port-name core")
    cfg.apply(["interface ethernet 1/1"], "enable")
    ifs = cfg.root.find("interface ethernet")
    assert [n.line for n in ifs] == ["interface ethernet 1/1"]
    assert [c.line for c in ifs[0].children] == ["port-name core", "enable"]


def test_port_lists_canonical_and_merged() -> None:
    cfg = fresh()
    feed(cfg, "vlan 40\n tagged e 1/5\n tagged ethernet 1/6 to 1/7\n tagged ethe 2/1 ethe 1/5\n untagged eth 1/8")
    vlan = cfg.root.first("vlan 40")
    assert [c.line for c in vlan.children] == ["tagged ethe 1/5 to 1/7 ethe 2/1", "untagged ethe 1/8"]
    assert expand_port_list(vlan.first("tagged").words()) == ["1/5", "1/6", "1/7", "2/1"]


def test_vll_ports_use_short_keyword() -> None:
    cfg = fresh()
    feed(cfg, "router mpls\n vll a 7\n  untagged ethernet 1/3")
    vll = cfg.root.first("router mpls").first("vll a")
    assert vll.first("untagged").line == "untagged e 1/3"


def test_repeated_lines_deduplicated() -> None:
    cfg = fresh()
    feed(cfg, "interface loopback 1\n ip address 10.0.0.2/32\n ip address 10.0.0.2 255.255.255.255")
    feed(cfg, "router ospf\n area 0\n area 0\nrouter mpls\n vpls v 5\n  vpls-peer 10.0.0.1\n  vpls-peer 10.0.0.1")
    lo = cfg.root.first("interface loopback 1")
    assert [c.line for c in lo.children] == ["ip address 10.0.0.2/32"]
    assert [c.line for c in cfg.root.first("router ospf").children] == ["area 0"]
    assert cfg.root.first("router mpls").first("vpls v").first("vpls-peer").line == "vpls-peer 10.0.0.1"


def test_vpls_peers_accumulate() -> None:
    cfg = fresh()
    feed(cfg, "router mpls\n vpls v 5\n  vpls-peer 10.0.0.1\n  vpls-peer 10.0.0.3 10.0.0.4")
    vpls = cfg.root.first("router mpls").first("vpls v")
    assert vpls.first("vpls-peer").words()[1:] == ["10.0.0.1", "10.0.0.3", "10.0.0.4"]
    cfg.apply(["router mpls", "vpls v 5"], "no vpls-peer 10.0.0.3")
    assert vpls.first("vpls-peer").words()[1:] == ["10.0.0.1", "10.0.0.4"]


@pytest.mark.parametrize(
    ("context", "first", "second", "prefix"),
    [
        (["interface ethernet 1/2"], "ip mtu 1400", "ip mtu 1500", "ip mtu"),
        (["interface ethernet 1/2"], "ip ospf cost 10", "ip ospf cost 20", "ip ospf cost"),
        (["router mpls", "vpls v 5"], "vpls-mtu 1500", "vpls-mtu 9100", "vpls-mtu"),
        (["router mpls", "vll l 6"], "vll-mtu 1500", "vll-mtu 9100", "vll-mtu"),
        (["router mpls", "vll l 6"], "vll-peer 10.0.0.1", "vll-peer 10.0.0.3", "vll-peer"),
        (["router mpls", "lsp t"], "to 10.0.0.1", "to 10.0.0.3", "to"),
        (["router mpls", "lsp t"], "revert-timer 10", "revert-timer 30", "revert-timer"),
        ([], "hostname a", "hostname b", "hostname"),
    ],
)
def test_single_valued_settings_are_replaced(
    context: list[str], first: str, second: str, prefix: str
) -> None:
    cfg = fresh()
    cfg.apply(context, first)
    cfg.apply(context, second)
    parent = cfg.root
    for entry in context:
        key = " ".join(entry.split()[:2])
        parent = next(c for c in parent.children if c.line.startswith(key))
    assert [c.line for c in parent.find(prefix)] == [second]


def test_lsp_paths_frr_and_standby() -> None:
    cfg = fresh()
    feed(
        cfg,
        "router mpls\n path p1\n  strict 198.51.100.1\n  loose 10.0.0.1\n lsp t\n  to 10.0.0.1\n"
        "  primary p1\n  secondary p1\n   standby\n  frr\n  revert-timer 5\n  enable",
    )
    mpls = cfg.root.first("router mpls")
    assert [c.line for c in mpls.first("path p1").children] == ["strict 198.51.100.1", "loose 10.0.0.1"]
    lsp = mpls.first("lsp t")
    assert [c.line for c in lsp.children] == [
        "to 10.0.0.1", "primary-path p1", "secondary-path p1", "frr", "revert-timer 5", "enable"
    ]
    assert [c.line for c in lsp.first("secondary-path").children] == ["standby"]
    cfg.apply(["router mpls", "lsp t"], "disable")
    assert lsp.first("enable") is None


def test_vll_raw_mode_and_vc_mode_tagged() -> None:
    cfg = fresh()
    feed(cfg, "router mpls\n vll a 10\n vll b 11 raw-mode\n vpls v 12\n  vc-mode tagged")
    mpls = cfg.root.first("router mpls")
    assert mpls.first("vll a").line == "vll a 10"
    assert mpls.first("vll b").line == "vll b 11 raw-mode"
    # re-entering a VLL without options keeps raw-mode
    cfg.apply(["router mpls"], "vll b 11")
    assert mpls.first("vll b").line == "vll b 11 raw-mode"
    assert mpls.first("vpls v").first("vc-mode").line == "vc-mode tagged"
    cfg.apply(["router mpls", "vpls v 12"], "no vc-mode tagged")
    assert mpls.first("vpls v").first("vc-mode") is None


# -- no forms ------------------------------------------------------------------------------


def test_no_forms_remove_lines_and_blocks() -> None:
    cfg = fresh()
    feed(cfg, SERVICE_CONFIG)
    mpls = cfg.root.first("router mpls")
    cfg.apply(["interface ve 100"], "no ip mtu")
    assert cfg.root.first("interface ve 100").first("ip mtu") is None
    cfg.apply(["router mpls", "vpls v40 40", "vlan 40"], "no tagged ethe 1/5")
    assert mpls.first("vpls v40").first("vlan 40").children == []
    cfg.apply(["router mpls", "vpls v40 40"], "no vlan 40")
    assert mpls.first("vpls v40").first("vlan 40") is None
    cfg.apply(["router mpls"], "no vpls v40")
    assert mpls.first("vpls") is None
    cfg.apply(["router mpls"], "no vll x100 100")
    assert mpls.first("vll") is None
    cfg.apply(["router mpls", "mpls-interface ve100"], "no ldp-enable")
    assert mpls.first("mpls-interface ve100").children == []
    cfg.apply([], "no default-max-frame-size")
    assert cfg.frame_size == 1518 and "default-max-frame-size" not in cfg.running_config()
    cfg.apply([], "no router mpls")
    assert cfg.root.first("router mpls") is None


def test_no_on_range_splits_it() -> None:
    cfg = fresh()
    feed(cfg, "vlan 40\n untagged ethe 1/5 to 1/8")
    cfg.apply(["vlan 40"], "no untagged e 1/6 to 1/7")
    assert cfg.root.first("vlan 40").first("untagged").line == "untagged ethe 1/5 ethe 1/8"


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("context", "line"),
    [
        (["router mpls", "vpls v 5"], "vpls-mtu 63"),
        (["router mpls", "vpls v 5"], "vpls-mtu 9191"),
        (["router mpls", "vll l 6"], "vll-mtu 9191"),
        ([], "default-max-frame-size 1297"),
        ([], "default-max-frame-size 9217"),
        (["interface ethernet 1/1"], "ip mtu 1501"),  # default frame 1518 -> 1500
        ([], "vlan 0"),
        ([], "vlan 4095"),
        (["router mpls", "vpls v 5"], "vlan 4095"),
        ([], "interface ethernet 0/1"),
        ([], "interface ve 200"),  # no VLAN names it as router-interface
    ],
)
def test_semantic_errors(context: list[str], line: str) -> None:
    cfg = fresh()
    err = refused(cfg, context, line)
    assert err.kind == "error"
    assert err.message.startswith("Error - ")


@pytest.mark.parametrize(
    ("context", "line"),
    [
        (["router mpls", "vpls v 5"], "vpls-mtu 64"),
        (["router mpls", "vpls v 5"], "vpls-mtu 9190"),
        ([], "default-max-frame-size 1298"),
        ([], "default-max-frame-size 9216"),
        (["interface ethernet 1/1"], "ip mtu 1500"),
        ([], "vlan 4094"),
    ],
)
def test_range_bounds_accepted(context: list[str], line: str) -> None:
    cfg = fresh()
    cfg.apply(context, line)
    assert re.search(rf"^ *{re.escape(line)}$", cfg.running_config(), re.M)


def test_ip_mtu_follows_frame_size() -> None:
    cfg = fresh()
    cfg.apply([], "default-max-frame-size 9216")
    cfg.apply(["interface ethernet 1/1"], "ip mtu 9198")
    err = refused(cfg, ["interface ethernet 1/1"], "ip mtu 9199")
    assert "9198" in err.message
    # lowering the frame below an interface's ip mtu is refused
    err = refused(cfg, [], "default-max-frame-size 9000")
    assert err.message.startswith("Error - ")
    assert cfg.frame_size == 9216


def test_vpls_id_reuse_and_name_with_other_id() -> None:
    cfg = fresh()
    cfg.apply(["router mpls"], "vpls v40 40")
    err = refused(cfg, ["router mpls"], "vpls other 40")
    assert err.message.startswith("Error - ") and "v40" in err.message
    err = refused(cfg, ["router mpls"], "vpls v40 41")
    assert err.message.startswith("Error - ")
    cfg.apply(["router mpls"], "vll x 40")  # VLL VC ids are a separate space
    err = refused(cfg, ["router mpls"], "vll y 40")
    assert err.message.startswith("Error - ") and "x" in err.message


def test_tagged_and_untagged_same_port_refused() -> None:
    cfg = fresh()
    feed(cfg, "vlan 40\n tagged ethe 1/5")
    err = refused(cfg, ["vlan 40"], "untagged ethe 1/4 to 1/6")
    assert err.message.startswith("Error - ")


def test_ve_exists_once_bound() -> None:
    cfg = fresh()
    feed(cfg, "router mpls\n vpls v 5\n  vlan 5\n   router-interface ve 205")
    cfg.apply(["interface ve 205"], "ip address 203.0.113.1/24")
    assert cfg.root.first("interface ve 205") is not None
    err = refused(cfg, ["vlan 9"], "router-interface ve 205")
    assert err.message.startswith("Error - ")


@pytest.mark.parametrize(
    ("context", "line", "remainder"),
    [
        ([], "interface foo 1/1", "foo 1/1"),
        ([], "interface ethernet 1-1", "1-1"),
        ([], "bogus command here", "bogus command here"),
        ([], "no bogus", "bogus"),
        (["interface ethernet 1/1"], "ip mtu abc", "abc"),
        (["interface ethernet 1/1"], "e", "e"),  # enable / end / exit
        (["router mpls", "vpls v 5"], "vpls-mtu 9100 extra", "extra"),
        (["router mpls", "vpls v 5"], "vpls", "vpls"),  # vpls-peer / vpls-mtu, and incomplete above
        (["router mpls", "vll l 6", "vlan 4"], "tagged 1/1", "1/1"),
    ],
)
def test_invalid_input_quotes_the_rest_of_the_line(
    context: list[str], line: str, remainder: str
) -> None:
    cfg = fresh()
    err = refused(cfg, context, line)
    assert err.kind in ("invalid", "incomplete"), err.message
    if err.kind == "invalid":
        assert err.message == f"Invalid input -> {remainder}\nType ? for a list"


def test_incomplete_command() -> None:
    cfg = fresh()
    err = refused(cfg, [], "interface")
    assert err.message == "Incomplete command."
    err = refused(cfg, ["router mpls"], "vpls newname")
    assert err.message == "Incomplete command."


# -- modes ---------------------------------------------------------------------------------


def test_commands_of_another_mode_are_refused() -> None:
    """No silent pass-up: a line of an enclosing mode is Invalid input until `exit` leaves the
    sub-mode (issue 14: LSP lines sent inside `frr` were silently applied to the LSP)."""
    cfg = fresh()
    ctx = feed(cfg, "router mpls\n vpls a 1\n  vlan 10\n   tagged ethe 1/1")
    assert [n.line for n in ctx] == ["router mpls", "vpls a 1", "vlan 10"]
    before = cfg.signature()
    with pytest.raises(ConfigError) as info:
        cfg.execute(ctx, " vpls b 2")
    assert info.value.message.startswith("Invalid input -> vpls b 2")
    with pytest.raises(ConfigError):
        cfg.execute(ctx, "interface ethernet 1/2")
    assert cfg.signature() == before
    ctx = cfg.execute(ctx, "exit").context
    ctx = cfg.execute(ctx, "exit").context
    ctx = cfg.execute(ctx, " vpls b 2").context
    assert [n.line for n in ctx] == ["router mpls", "vpls b 2"]
    ctx = feed(cfg, "router mpls\n lsp t\n  frr")
    assert [n.line for n in ctx] == ["router mpls", "lsp t", "frr"]
    with pytest.raises(ConfigError):
        cfg.execute(ctx, "revert-timer 30")
    assert cfg.root.first("router mpls").first("lsp t").first("revert-timer") is None
    res = cfg.execute(ctx[:1], "exit")
    assert res.context == [] and res.action is None
    assert cfg.execute([], "exit").action == "end"
    assert cfg.execute(ctx, "end").action == "end"


def test_session_commands_are_handed_back() -> None:
    cfg = fresh()
    ctx = feed(cfg, "interface ethernet 1/2")
    res = cfg.execute(ctx, "sh run")
    assert res.action == "show" and res.words == ["sh", "run"]
    assert cfg.execute(ctx, "wr mem").action == "write"


# -- text ----------------------------------------------------------------------------------


def test_running_config_layout_and_round_trip() -> None:
    cfg = NetIronConfig.factory("r2", header=["ver V5.8.0fT163"])
    feed(cfg, SERVICE_CONFIG)
    text = cfg.running_config()
    lines = text.splitlines()
    assert lines[0] == "!Current configuration:" and lines[-1] == "end"
    assert "ver V5.8.0fT163" in lines
    # NetIron order: VLANs, globals, router ospf, interfaces, router mpls
    order = [lines.index(x) for x in ("vlan 100 name core-r1", "default-max-frame-size 9216", "router ospf", "interface ve 100", "router mpls")]
    assert order == sorted(order)
    assert "   tagged ethe 1/5" in lines and "   tagged e 1/6" in lines
    assert "interface ethernet 1/3" not in text  # unconfigured ports are not listed
    again = NetIronConfig.from_text(text)
    assert again.running_config() == text
    assert [(d, n.line) for d, n in again.root.walk()] == [(d, n.line) for d, n in cfg.root.walk()]


def test_copy_is_independent() -> None:
    cfg = fresh()
    feed(cfg, SERVICE_CONFIG)
    saved = cfg.copy()
    cfg.apply(["router mpls"], "no vpls v40")
    assert saved.root.first("router mpls").first("vpls v40") is not None
    assert saved.running_config() != cfg.running_config()


def test_real_vll_and_vpls_blocks_keep_their_form() -> None:
    """The VLL/VPLS blocks of a real `show running-config` parse and print back unchanged."""
    text = capture("netiron/ansible-ironware__show_running-config").read_text()
    lines = text.splitlines()
    start = lines.index("router mpls")
    blocks: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("!"):
            break
        if re.match(r"^ (vll|vpls) ", line):
            blocks.append([line])
        elif blocks and line.startswith("  ") and blocks[-1] is not None:
            blocks[-1].append(line)
        elif line.strip():
            blocks.append(None)  # type: ignore[arg-type]
    wanted = [b for b in blocks if b is not None]
    assert wanted, "capture has VLL/VPLS blocks"
    cfg = NetIronConfig.from_text("router mpls\n" + "\n".join(line for b in wanted for line in b))
    out = cfg.running_config().splitlines()
    for block in wanted:
        i = out.index(block[0])
        assert out[i : i + len(block)] == block


def test_vpls_vlan_with_a_live_ve_cannot_be_deleted() -> None:
    cfg = fresh()
    feed(cfg, "router mpls\n vpls v 40\n  vlan 40\n   router-interface ve 40\ninterface ve 40\n ip address 203.0.113.2/24")
    err = refused(cfg, ["router mpls", "vpls v 40"], "no vlan 40")
    assert err.message == "Error - vlan 40 has router-interface ve 40; remove interface ve 40 first"
    with pytest.raises(ConfigError):
        cfg.apply([], "no interface ve 40")  # still bound
    cfg.apply(["router mpls", "vpls v 40", "vlan 40"], "no router-interface ve 40")
    cfg.apply([], "no interface ve 40")
    cfg.apply(["router mpls", "vpls v 40"], "no vlan 40")
    assert cfg.root.first("router mpls").first("vpls v").first("vlan") is None


def test_removing_an_address_keeps_the_ports_ospf_lines() -> None:
    """`no ip address` takes the address only: the port's `ip ospf …` lines stay (best knowledge,
    docs/fidelity/netiron.md); a further address is shown after the first one."""
    cfg = fresh()
    feed(cfg, "router ospf\n area 0\ninterface ethernet 1/1\n ip ospf area 0\n ip ospf cost 100\n"
              " ip address 198.51.100.5/31\n")
    feed(cfg, "interface ethernet 1/1\n no ip address 198.51.100.5/31\n ip address 198.51.100.1/30\n"
              " ip address 198.51.100.5/31\n")
    text = cfg.running_config()
    port = text.split("interface ethernet 1/1\n", 1)[1].split("!", 1)[0]
    assert port.splitlines() == [" ip ospf area 0", " ip ospf cost 100", " ip address 198.51.100.1/30",
                                 " ip address 198.51.100.5/31"]


def test_bfd_for_ospf_on_all_interfaces_and_its_holdover() -> None:
    """`bfd all-interfaces` and `bfd holdover-interval 0-20` under `router ospf` (Multi-Service
    IronWare Switching Configuration Guide R05.6.00, BFD for the specified protocol)."""
    cfg = fresh()
    feed(cfg, "router ospf\n bfd holdover-interval 5\n bfd all-interfaces\n area 0\n")
    text = cfg.running_config()
    assert "router ospf\n area 0\n bfd all-interfaces\n bfd holdover-interval 5\n" in text
    feed(cfg, "router ospf\n bfd holdover-interval 10\n")
    assert "bfd holdover-interval 10\n" in cfg.running_config() and "holdover-interval 5" not in cfg.running_config()
    refused(cfg, ["router ospf"], "bfd holdover-interval 21")
    refused(cfg, ["router ospf"], "bfd everywhere")
    feed(cfg, "router ospf\n no bfd all-interfaces\n")
    assert "all-interfaces" not in cfg.running_config()
