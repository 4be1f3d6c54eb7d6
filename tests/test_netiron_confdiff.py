"""NetIron has no candidate config: the driver's own diff decides what to push and how to undo it."""

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
    assert "+ interface ethernet 1/2 > ip mtu 1500" in text
    assert "- interface ethernet 1/2 > port-name old" in text
    assert "- router mpls > vll old-vll 99" in text
    assert "+ router mpls > vll vll-43 43 raw-mode" in text
    assert "management" not in text  # not rendered by the toolkit: never touched
    assert "ip mtu 9000" not in text  # replaced by the new value, not removed separately
    assert "hostname" not in text


def test_commands_navigate_modes_and_remove_first():
    cmds = confdiff.commands(confdiff.changes(confdiff.parse(RUNNING), confdiff.parse(DESIRED)))
    assert cmds.index("no port-name old") < cmds.index("ip mtu 1500")
    i = cmds.index("vll vll-43 43 raw-mode")
    assert cmds[i + 1:i + 5] == ["vll-peer 10.0.0.1", "vll-mtu 9100", "vlan 43", "tagged e 1/5"]
    assert cmds[cmds.index("no vll old-vll 99") - 1] == "router mpls"
    # leaving interface mode before entering router mpls
    assert cmds[cmds.index("router mpls") - 1] == "exit"


def test_no_changes_when_equal():
    assert confdiff.changes(confdiff.parse(DESIRED), confdiff.parse(DESIRED)) == []


def test_rollback_returns_exactly_to_before():
    before = confdiff.parse(RUNNING)
    after = confdiff.parse(DESIRED)
    back = confdiff.changes(after, before, prune_top_level=True)
    text = confdiff.diff_text(back)
    assert "+ interface ethernet 1/2 > ip mtu 9000" in text
    assert "+ router mpls > vll old-vll 99" in text
    assert "- router mpls > vll vll-43 43 raw-mode" in text
    cmds = confdiff.commands(back)
    assert "no vll vll-43 43 raw-mode" in cmds


def test_enable_is_undone_with_disable():
    assert confdiff.negate("enable") == "disable"
    assert confdiff.negate("ip mtu 1500") == "no ip mtu 1500"
