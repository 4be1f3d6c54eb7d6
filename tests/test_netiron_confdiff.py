"""NetIron has no candidate config: the change engine decides what to push and how to undo it."""

from __future__ import annotations

from mpls_interop.vendors.netiron import confdiff

RUNNING = """\
!Current configuration:
!
ver V5.8.0fT163
hostname r2
default-max-frame-size 9216
!
interface management 1
 ip address 192.0.2.50/24
 enable
!
interface ethernet 1/2
 enable
 ip address 198.51.100.9/30
 ip mtu 9000
 port-name old
!
router mpls
 vll old-vll 99
  vll-peer 10.0.0.9
  vll-mtu 1500
!
end
"""

DESIRED = """\
hostname r2
default-max-frame-size 9216
!
interface ethernet 1/2
 enable
 ip address 198.51.100.9/30
 ip mtu 1500
!
router mpls
 vll vll-43 43 raw-mode
  vll-peer 10.0.0.1
  vll-mtu 9100
  vlan 43
   tagged e 1/5
!
"""


def test_changes_only_what_differs_and_leaves_unmanaged_blocks():
    chs = confdiff.changes(confdiff.parse(RUNNING), confdiff.parse(DESIRED))
    text = confdiff.diff_text(chs)
    assert "~ interface ethernet 1/2 > ip mtu 1500  (was: ip mtu 9000)" in text
    assert "- interface ethernet 1/2 > port-name old" in text
    assert "- router mpls > vll old-vll 99" in text
    assert "+ router mpls > vll vll-43 43 raw-mode" in text
    assert "management" not in text  # not rendered by the toolkit: never touched
    assert "- interface ethernet 1/2 > ip mtu 9000" not in text  # replaced, not removed separately
    assert "hostname" not in text


def test_commands_navigate_modes_and_remove_first():
    cmds = confdiff.commands(confdiff.changes(confdiff.parse(RUNNING), confdiff.parse(DESIRED)))
    assert cmds.index("no port-name old") < cmds.index("ip mtu 1500")
    i = cmds.index("vll vll-43 43 raw-mode")
    assert cmds[i + 1:i + 5] == ["vll-peer 10.0.0.1", "vll-mtu 9100", "vlan 43", "tagged e 1/5"]
    assert cmds[cmds.index("no vll old-vll") - 1] == "router mpls"  # negated by name
    # leaving interface mode before entering router mpls
    assert cmds[cmds.index("router mpls") - 1] == "exit"


def test_no_changes_when_equal():
    assert confdiff.changes(confdiff.parse(DESIRED), confdiff.parse(DESIRED)) == []


def test_rollback_returns_exactly_to_before():
    before = confdiff.parse(RUNNING)
    after = confdiff.parse(DESIRED)
    back = confdiff.changes(after, before, prune_top_level=True)
    text = confdiff.diff_text(back)
    assert "~ interface ethernet 1/2 > ip mtu 9000  (was: ip mtu 1500)" in text
    assert "+ router mpls > vll old-vll 99" in text
    assert "- router mpls > vll vll-43 43 raw-mode" in text
    cmds = confdiff.commands(back)
    assert "no vll vll-43" in cmds


def test_enable_is_undone_with_disable():
    assert confdiff.negate("enable") == "disable"
    assert confdiff.negate("ip mtu 1500") == "no ip mtu 1500"
    back = confdiff.changes(confdiff.parse(DESIRED), confdiff.parse(RUNNING), prune_top_level=True)
    assert "no ip mtu 1500" not in confdiff.commands(back)  # replaced by the old value


# ---------------------------------------------------------------------------------------------
# dependency order, sub-modes, leaf-level negation (checked by replaying the commands on the
# emulated NetIron's configuration, which applies NetIron's own checks)
# ---------------------------------------------------------------------------------------------

import pytest  # noqa: E402

from mpls_interop.core.load import load_intent  # noqa: E402
from mpls_interop.ops.deploy import deployable_configs  # noqa: E402
from mpls_interop_lab.netiron.config import NetIronConfig  # noqa: E402
from tests.conftest import SEED_INVENTORY  # noqa: E402


def replay(cfg: NetIronConfig, cmds: list[str]) -> None:
    """Send CLI lines the way a config session does (the mode follows each line)."""
    ctx: list = []
    for line in cmds:
        res = cfg.execute(ctx, line)
        ctx = [] if res.action == "end" else res.context


def seed(name: str) -> str:
    intent = load_intent(SEED_INVENTORY)
    return deployable_configs(intent, [name])[name]


def cmds_between(before: str, after: str, prune: bool = False) -> list[str]:
    return confdiff.commands(confdiff.changes(confdiff.parse(before), confdiff.parse(after), prune_top_level=prune))


@pytest.mark.parametrize("name", ["r2", "r3"])
def test_factory_to_seed_and_back_is_byte_equal(name):
    cfg = NetIronConfig.factory(name)
    factory = cfg.running_config()
    replay(cfg, cmds_between(factory, seed(name)))
    deployed = cfg.running_config()
    assert confdiff.changes(confdiff.parse(deployed), confdiff.parse(seed(name))) == []
    back = cmds_between(deployed, factory, prune=True)
    assert not [c for c in back if c.startswith("no interface ethernet")]
    replay(cfg, back)
    assert cfg.running_config() == factory


def test_rollback_lowers_ip_mtus_before_the_frame_size():
    cfg = NetIronConfig.factory("r2")
    factory = cfg.running_config()
    replay(cfg, cmds_between(factory, seed("r2")))
    back = cmds_between(cfg.running_config(), factory, prune=True)
    frame = back.index("no default-max-frame-size 9216")
    assert back.index("no ip mtu 9000") < frame
    # references go before what they name
    assert back.index("no lsp r2-to-r1") < back.index("no path r2-r1-direct")
    assert back.index("no vpls vpls-40") < back.index("no mpls-interface ve100")
    # a ve: its addresses first, then the VLAN stops naming it, then the ve goes
    assert back.index("no ip address 203.0.113.2/24") < back.index("no vpls vpls-40") < back.index("no interface ve 40")
    assert back.index("no router-interface ve 100") < back.index("no interface ve 100")
    assert back.index("no mpls-interface ve100") < back.index("no interface ve 100")


def test_referents_are_created_first():
    cmds = cmds_between(NetIronConfig.factory("r2").running_config(), seed("r2"))
    assert cmds.index("default-max-frame-size 9216") < cmds.index("ip mtu 9000")
    assert cmds.index("path r2-r1-direct") < cmds.index("lsp r2-to-r1")
    assert cmds.index("router-interface ve 100") < cmds.index("interface ve 100")
    assert cmds.index("router-interface ve 40") < cmds.index("interface ve 40")
    assert cmds.index("interface ve 100") < cmds.index("mpls-interface ve100")
    assert cmds.index("area 0") < cmds.index("ip ospf area 0")


def test_frr_is_a_sub_mode_left_before_the_next_lsp_setting():
    cmds = cmds_between(NetIronConfig.factory("r2").running_config(), seed("r2"))
    i = cmds.index("frr")
    assert cmds[i + 1] == "exit" and cmds[i + 2] == "revert-timer 30"


def _deployed(name: str) -> tuple[NetIronConfig, str]:
    cfg = NetIronConfig.factory(name)
    replay(cfg, cmds_between(cfg.running_config(), seed(name)))
    return cfg, cfg.running_config()


def test_lsp_parameter_change_goes_through_disable_and_enable():
    cfg, running = _deployed("r2")
    want = seed("r2").replace("  revert-timer 30\n  enable\n lsp r2-to-r3", "  revert-timer 60\n  enable\n lsp r2-to-r3")
    want = want.replace("  primary-path r2-r1-direct", "  primary-path r2-r1-any", 1)
    cmds = cmds_between(running, want)
    lsp = cmds.index("lsp r2-to-r1")
    body = cmds[lsp + 1:]
    assert body[0] == "disable"
    assert body.index("revert-timer 60") < body.index("enable")
    assert body.index("primary-path r2-r1-any") < body.index("enable")
    replay(cfg, cmds)
    assert confdiff.changes(confdiff.parse(cfg.running_config()), confdiff.parse(want)) == []
    # and back
    replay(cfg, cmds_between(cfg.running_config(), running, prune=True))
    assert cfg.running_config() == running


def test_lsp_stops_naming_a_path_before_the_path_goes():
    cfg, running = _deployed("r2")
    want = seed("r2").replace(" path r2-r1-direct\n  strict 198.51.100.1\n", "")
    want = want.replace("  primary-path r2-r1-direct\n", "  primary-path r2-r1-any\n")
    cmds = cmds_between(running, want)
    assert cmds.index("primary-path r2-r1-any") < cmds.index("no path r2-r1-direct")
    replay(cfg, cmds)
    assert confdiff.changes(confdiff.parse(cfg.running_config()), confdiff.parse(want)) == []


def test_lowering_the_frame_size_lowers_ip_mtus_first():
    cfg, running = _deployed("r2")
    want = seed("r2").replace("default-max-frame-size 9216", "default-max-frame-size 5000").replace(
        "ip mtu 9000", "ip mtu 4000")
    cmds = cmds_between(running, want)
    assert cmds.index("ip mtu 4000") < cmds.index("default-max-frame-size 5000")
    replay(cfg, cmds)
    assert confdiff.changes(confdiff.parse(cfg.running_config()), confdiff.parse(want)) == []
    back = cmds_between(cfg.running_config(), running, prune=True)
    assert back.index("default-max-frame-size 9216") < back.index("ip mtu 9000")
    replay(cfg, back)
    assert cfg.running_config() == running


def test_removing_a_service_vlan_port_is_a_leaf_change():
    cfg, running = _deployed("r2")
    want = seed("r2").replace("  vlan 140\n   tagged ethe 1/5\n", "  vlan 140\n")
    cmds = cmds_between(running, want)
    assert cmds == ["router mpls", "vpls vpls-140 140", "vlan 140", "no tagged ethe 1/5"]


def test_seed_onto_a_real_mlx_config_touches_only_its_own_objects():
    """The real MLX 5.8 running config (../shared capture) as a brownfield router: the seed's
    operations never remove or change a line of a foreign object, and the objects both declare
    are reported as ownership conflicts."""
    from mpls_interop.ops.ownership import conflicts
    from mpls_interop.vendors.netiron import ownership
    from tests.conftest import capture

    real = capture("netiron/ansible-ironware__show_running-config").read_text()
    want = seed("r2")
    present, declared = ownership.objects(real), ownership.objects(want)
    clash = conflicts("netiron", present, declared, set())
    assert "router mpls > mpls-interface e1/2" in clash and "vlan 1000" in clash
    assert "router mpls" not in clash  # a shared container is not a conflict
    owned = set(declared) - set(clash)
    ops = confdiff.changes(confdiff.parse(real), confdiff.parse(want), scope=ownership.scope(owned))
    foreign = set(present) - set(declared)
    for op in ops:
        key = ownership.object_key(op.lineage)
        assert key not in foreign, op
        if op.action == "remove":
            assert key in owned, op
    cmds = confdiff.commands(ops)
    assert not [c for c in cmds if c.startswith("no interface ethernet")]
    # the router mpls sub-modes of the real config are entered once per visit, never repeated
    for header in ("rsvp", "ldp", "dynamic-bypass", "address-family ipv4 unicast"):
        assert header not in cmds


def test_rollback_on_a_real_mlx_config_negates_only_what_was_added():
    from tests.conftest import capture

    real = capture("netiron/ansible-ironware__show_running-config").read_text()
    # the device after the seed was pushed onto it: the real config with the seed's lines merged in
    after = confdiff.parse(real + "\n!\n" + seed("r2"))
    back = confdiff.changes(after, confdiff.parse(real), prune_top_level=True)
    cmds = confdiff.commands(back)
    assert not [c for c in cmds if c.startswith("no interface ethernet")]
    for header in ("rsvp", "ldp", "dynamic-bypass", "policy", "router isis"):
        assert cmds.count(header) <= 1, (header, cmds)
    assert "no lsp LSP1" not in cmds and "no vll TEST-VLL" not in cmds
    assert "no vpls vpls-40" in cmds and "no lsp r2-to-r1" in cmds


def test_an_address_put_beside_the_declared_one_is_replaced_new_first():
    """Out of band, r3's OSPF port got another address (NetIron takes it as a further address of
    the port, and the first one shown is the primary that OSPF runs on): the port's addresses are
    one owned object, so the redeploy puts the declared address back and removes the other one,
    adding before removing so the port is never left without an address."""
    from mpls_interop.vendors.netiron import ownership

    want = seed("r3")
    port = "interface ethernet 1/1\n"
    assert port in want
    declared = next(line for line in want.split(port, 1)[1].splitlines() if line.startswith(" ip address "))
    drifted = want.replace(declared + "\n", " ip address 198.51.100.1/30\n", 1)
    owned = set(ownership.objects(want))
    assert "interface ethernet 1/1 > ip address" in owned
    ops = confdiff.changes(confdiff.parse(drifted), confdiff.parse(want), scope=ownership.scope(owned))
    assert [(o.action, o.line) for o in ops] == [("add", declared.strip()),
                                                 ("remove", "ip address 198.51.100.1/30")]
    assert confdiff.commands(ops) == ["interface ethernet 1/1", declared.strip(),
                                      "no ip address 198.51.100.1/30"]


def test_an_address_on_a_port_the_intent_gives_none_is_kept():
    from mpls_interop.vendors.netiron import ownership

    want = seed("r3")
    running = want + "!\ninterface ethernet 1/7\n enable\n ip address 192.0.2.129/25\n!\n"
    owned = set(ownership.objects(want))
    assert confdiff.changes(confdiff.parse(running), confdiff.parse(want), scope=ownership.scope(owned)) == []


def test_a_record_naming_each_address_names_the_port_address_object():
    from mpls_interop.vendors.netiron import ownership

    assert ownership.canonical("interface ethernet 1/1 > ip address 198.51.100.5/31") == \
        "interface ethernet 1/1 > ip address"
    assert ownership.canonical("router mpls > lsp r3-to-r1") == "router mpls > lsp r3-to-r1"
    assert ownership.canonical("router mpls") == "router mpls"


def test_a_port_the_intent_no_longer_uses_loses_only_its_owned_lines():
    """The intent stops using a port (a link or the last service on it removed): the port's
    block is not in the desired config at all, yet its owned lines go (leaf by leaf, `disable`
    for `enable`) and a line the toolkit never wrote stays."""
    from mpls_interop.vendors.netiron import ownership

    running = ("hostname r3\ninterface ethernet 1/3\n port-name colleague\n enable\n ip ospf area 0\n"
               " ip address 198.51.100.13/31\n ip mtu 1500\n!\n")
    owned = {"interface ethernet 1/3 > enable", "interface ethernet 1/3 > ip ospf area 0",
             "interface ethernet 1/3 > ip address", "interface ethernet 1/3 > ip mtu 1500"}
    ops = confdiff.changes(confdiff.parse(running), confdiff.parse("hostname r3\n"), scope=ownership.scope(owned))
    assert sorted(o.command for o in ops) == sorted(
        ["disable", "no ip ospf area 0", "no ip address 198.51.100.13/31", "no ip mtu 1500"])
    assert {o.context for o in ops} == {("interface ethernet 1/3",)}


def test_ospf_lines_lost_with_the_address_are_put_back_after_it():
    """Had the port lost its `ip ospf …` lines with its address (a router that drops them), the
    redeploy puts the address back, then every OSPF line, and removes the other address only
    once the declared one is there."""
    from mpls_interop.vendors.netiron import ownership

    want = seed("r3")
    block = want.split("interface ethernet 1/1\n", 1)[1].split("!", 1)[0]
    bare = " enable\n ip address 198.51.100.1/30\n ip mtu 1500\n"
    drifted = want.replace(block, bare, 1)
    owned = set(ownership.objects(want))
    ops = confdiff.changes(confdiff.parse(drifted), confdiff.parse(want), scope=ownership.scope(owned))
    lines = [(o.action, o.line) for o in ops]
    ospf = [line.strip() for line in block.splitlines() if line.strip().startswith("ip ospf")]
    assert ospf and all(("add", line) in lines for line in ospf)
    address = lines.index(("add", "ip address 198.51.100.5/31"))
    assert address < min(lines.index(("add", line)) for line in ospf)
    assert lines.index(("remove", "ip address 198.51.100.1/30")) > address  # never without an address
