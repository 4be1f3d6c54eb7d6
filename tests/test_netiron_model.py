"""Model corrections of issue 14, each on the seed network (or a small NetIron config), checked
against what real sources say: the MLX capture's VC MTU, the MPLS configuration guide's VPLS MTU
enforcement, genieparser's VC type words, RFC 2328's DBD exchange (measured with FRR), ...
"""

from __future__ import annotations

import re

import pytest

from mpls_interop.vendors.netiron import parsers
from mpls_interop_lab.model.dataplane import ping
from mpls_interop_lab.model.netiron_reader import read_netiron
from mpls_interop_lab.netiron.config import NetIronConfig
from mpls_interop_lab.netiron.device import NetIronDevice
from mpls_interop_lab.netiron.shows import ShowCommands
from tests.conftest import SEED_INVENTORY, capture
from tests.helpers import edit_yaml, link, seed_copy
from tests.labmodel import ospf_words, pw, seed_network


def _patched(device: str, *pairs: tuple[str, str]):
    def patch(name: str, text: str) -> str:
        if name != device:
            return text
        for old, new in pairs:
            assert old in text, (device, old)
            text = text.replace(old, new, 1)
        return text
    return seed_network(SEED_INVENTORY, patch)


def _show(net, name: str, command: str, **device_options) -> str:
    device = NetIronDevice(name, **device_options)
    device.running = net.configs[name] if hasattr(net, "configs") else device.running
    return ShowCommands(name, lambda: net.state, device).handle(command.split()) or ""


# -- default VC MTU follows the frame size ---------------------------------------------------


@pytest.mark.parametrize(("frame", "mtu"), [(None, 1500), (9216, 9190), (4000, 3982)])
def test_default_vc_mtu_follows_the_frame_size(frame: int | None, mtu: int) -> None:
    text = (f"default-max-frame-size {frame}\n" if frame else "") + (
        "router mpls\n vll x 5\n  vll-peer 10.0.0.9\n vpls y 6\n  vpls-peer 10.0.0.9\n"
    )
    view = read_netiron("r9", NetIronConfig.from_text(text))
    assert {p.kind: p.mtu for p in view.pws} == {"vll": mtu, "vpls": mtu}


def test_real_mlx_vll_mtu_from_its_running_config() -> None:
    """The capture pair of one real 5.8 MLX: its running-config (frame size 9216, `vll TEST-VLL`
    without vll-mtu) read by the model gives the VC MTU its `show mpls vll detail` printed."""
    running = capture("netiron/ansible-ironware__show_running-config").read_text()
    shown = capture("netiron/ansible-ironware__show_mpls_vll_detail").read_text()
    real_mtu = int(re.search(r"Local VC MTU\s+:\s+(\d+)", shown).group(1))
    view = read_netiron("mlx", NetIronConfig.from_text(running))
    assert {p.name: p.mtu for p in view.pws if p.kind == "vll"} == {"TEST-VLL": real_mtu}


def test_vll_without_vll_mtu_signals_9190_on_a_jumbo_box() -> None:
    """The real 5.8 MLX: default-max-frame-size 9216, no vll-mtu → Local VC MTU 9190; against
    r1's 9100 the VLL stays down on both ends (VLLs always compare MTUs)."""
    net = _patched("r3", (" vll vll-41 41 raw-mode\n  vll-peer 10.0.0.1\n  vll-mtu 9100\n",
                          " vll vll-41 41 raw-mode\n  vll-peer 10.0.0.1\n"))
    mine = pw(net, "r3", "vll", 41, "r1")
    assert mine.mtu == 9190 and mine.code == "mtu-mismatch"
    assert pw(net, "r1", "vll", 41, "r3").code == "mtu-mismatch"


# -- VPLS MTU enforcement is a switch (documented: disabled → the peer comes up) --------------


def _vpls40_mtu_9000_on_r2(*extra: tuple[str, str]):
    return _patched("r2", (" vpls vpls-40 40\n  vpls-peer 10.0.0.1 10.0.0.3\n  vpls-mtu 9100\n",
                           " vpls vpls-40 40\n  vpls-peer 10.0.0.1 10.0.0.3\n  vpls-mtu 9000\n"), *extra)


def test_vpls_mtu_not_enforced_by_default_on_netiron() -> None:
    net = _vpls40_mtu_9000_on_r2()
    assert pw(net, "r2", "vpls", 40, "r1").code == "up"
    assert pw(net, "r2", "vpls", 40, "r3").code == "up"
    assert pw(net, "r3", "vpls", 40, "r2").code == "up", "r3 does not enforce either"
    assert pw(net, "r1", "vpls", 40, "r2").code == "mtu-mismatch", "Junos always compares"


def test_vpls_mtu_enforcement_switched_on() -> None:
    net = _vpls40_mtu_9000_on_r2((" policy\n  traffic-eng ospf\n",
                                  " policy\n  traffic-eng ospf\n vpls-policy\n  mtu-enforcement\n"))
    assert pw(net, "r2", "vpls", 40, "r1").code == "mtu-mismatch"
    assert pw(net, "r2", "vpls", 40, "r3").code == "mtu-mismatch"
    assert pw(net, "r3", "vpls", 40, "r2").code == "up"


# -- VC type words per release, read by the toolkit's parser -----------------------------------


def test_real_vc_type_words_are_the_5x_words() -> None:
    real = "\n".join(capture(f"netiron/{n}").read_text() for n in (
        "ansible-ironware__show_mpls_vll_detail", "genie-ironware__ShowMPLSVLL__untagged_output_output.txt"))
    seen = set(re.findall(r"Local VC type\s+:\s+(\S+)", real))
    assert seen == set(NetIronDevice("r2").vc_words.values())


@pytest.mark.parametrize(("words", "raw_word"), [("untag", "untag"), ("raw-mode", "raw-mode")])
def test_vc_type_words_per_release(words: str, raw_word: str) -> None:
    net = seed_network(SEED_INVENTORY)
    device = NetIronDevice("r2", vc_words=words)
    text = ShowCommands("r2", lambda: net.state, device).handle(["show", "mpls", "vll", "detail"])
    assert text is not None
    block = text[text.index("VLL vll-43"):]
    assert re.search(rf"Local VC type    : {re.escape(raw_word)}\n", block)
    parsed = {p.service_id: p for p in parsers.to_pseudowires_vll(parsers.parse("show mpls vll detail", text))}
    assert parsed[43].pw_type == "raw" and parsed[43].remote_pw_type == "raw"


def test_unknown_vc_type_word_on_an_up_pw_is_reported() -> None:
    net = seed_network(SEED_INVENTORY)
    text = ShowCommands("r2", lambda: net.state, NetIronDevice("r2")).handle(
        ["show", "mpls", "vll", "detail"])
    assert text is not None
    odd = text.replace("Local VC type    : untag", "Local VC type    : qinq-raw", 1)
    with pytest.raises(parsers.ParseError, match="unknown VC type 'qinq-raw' on an up pseudowire"):
        parsers.to_pseudowires_vll(parsers.parse("show mpls vll detail", odd))


# -- FRR protection method as configured --------------------------------------------------------


def test_frr_method_shown_as_configured() -> None:
    net = seed_network(SEED_INVENTORY)
    lsps = {lsp.name: lsp for lsp in net.state.devices["r2"].lsps}
    assert lsps["r2-to-r1"].frr_method == "one-to-one"  # a bare `frr`
    text = ShowCommands("r2", lambda: net.state).handle(["show", "mpls", "lsp", "detail"]) or ""
    assert "Fast Reroute: one-to-one backup desired" in text
    assert "facility" not in text
    net = _patched("r2", ("  frr\n  revert-timer 30\n", "  frr\n   facility-backup\n  revert-timer 30\n"))
    lsps = {lsp.name: lsp for lsp in net.state.devices["r2"].lsps}
    assert lsps["r2-to-r1"].frr_method == "facility" and lsps["r2-to-r3"].frr_method == "one-to-one"
    text = ShowCommands("r2", lambda: net.state).handle(["show", "mpls", "lsp", "detail"]) or ""
    assert text.count("Fast Reroute: facility backup desired") == 1


# -- one DR and one BDR per broadcast segment ---------------------------------------------------


def test_one_dr_and_one_bdr_per_segment() -> None:
    st = seed_network(SEED_INVENTORY).state
    roles = {(d, i): r for d, dev in st.devices.items() for i, r in dev.ospf_roles.items()}
    # r1-r2 over r2's ve 100: r2 (10.0.0.2) outranks r1 (10.0.0.1)
    assert roles[("r2", "ve 100")] == "DR" and roles[("r1", "ge-1/0/0.1000")] == "BDR"
    for dev in st.devices.values():
        for n in dev.ospf:
            mine = dev.ospf_roles.get(n.interface)
            if mine:
                assert {mine, n.role} == {"DR", "BDR"}, (dev.name, n)
    text = ShowCommands("r2", lambda: st).handle(["show", "ip", "ospf", "neighbor"]) or ""
    assert re.search(r"^v100\s+198\.51\.100\.2\s+1\s+FULL/BDR\s", text, re.M)
    assert text.count("/DR ") + text.count("/BDR ") == 2


# -- ExStart/Exchange by router ID on an IP MTU mismatch ----------------------------------------


def test_bigger_mtu_side_reaches_exchange_only_with_the_lower_router_id(tmp_path) -> None:
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "intent.yml", lambda d: link(d, "r1-r2").update(a_ip_mtu=9000))
    net = seed_network(inv)
    # r1 has the bigger MTU and the lower router ID: it is the DBD slave and accepts r2's DBDs
    assert ospf_words(net, "r1")["ge-1/0/0.1000"] == "Exchange"
    assert ospf_words(net, "r2")["ve 100"] == "EXSTART"


# -- ping size range and DF ----------------------------------------------------------------


def test_ping_size_range_and_df_reply() -> None:
    net = seed_network(SEED_INVENTORY)
    shows = ShowCommands("r2", lambda: net.state)
    assert shows.ping(["10.0.0.3", "size", "9171"]).startswith(
        "Error - size 9171 out of range, valid range is 0 - 9170")
    assert "Success rate is 100 percent" in shows.ping(["10.0.0.3", "size", "100"])
    assert "Sending 1, 9170-byte" in shows.ping(["10.0.0.3", "size", "9170"])
    big = shows.ping(["198.51.100.1", "size", "1473", "no-fragment"])  # over the core IP MTU
    assert "Success rate is 0 percent" in big
    assert "Error -" not in big and "Request timed out." in big
    parsed = parsers.to_ping(parsers.parse("ping 198.51.100.1 size 1473 no-fragment", big),
                             "198.51.100.1", 1473)
    assert parsed.received == 0


# -- a down interface's address does not answer -------------------------------------------------


def test_address_on_a_down_interface_does_not_answer() -> None:
    net = seed_network(SEED_INVENTORY)
    assert ping(net.state, "r3", "198.51.100.2", size=100).success  # r2's ve 100, via r2
    net.faults.link_down.add(("r1", "ge-1/0/0"))
    net.changed()
    st = net.state
    far = ping(st, "r3", "198.51.100.2", size=100)
    assert not far.success, "r2's ve 100 is down: its address must not answer"
    assert not ping(st, "r1", "198.51.100.2", size=100).success
    assert not ping(st, "r1", "198.51.100.1", size=100).success, "nor r1's own end"
    assert ping(st, "r3", "10.0.0.2", size=100).success, "loopbacks still answer"
    # the MTU ping across the down link fails as well, whatever its size
    assert not ping(st, "r1", "198.51.100.2", size=1472).success


def test_ospf_priority_decides_the_dr_before_the_router_id() -> None:
    """r1 (lower router ID) with priority 100 on the r1-r2 segment becomes DR; r2 priority 0 is
    neither DR nor BDR."""
    net = _patched("r2", ("\ninterface ve 100\n", "\ninterface ve 100\n ip ospf priority 0\n"))
    st = net.state
    assert st.devices["r2"].ospf_roles["ve 100"] == ""
    assert st.devices["r1"].ospf_roles["ge-1/0/0.1000"] == "DR"
    text = ShowCommands("r2", lambda: st).handle(["show", "ip", "ospf", "neighbor"]) or ""
    assert re.search(r"^v100\s+198\.51\.100\.2\s+1\s+FULL/DR\s", text, re.M)
    brief = ShowCommands("r2", lambda: st).handle(["show", "ip", "ospf", "interface", "brief"]) or ""
    assert re.search(r"^ve 100 0 198\.51\.100\.2/30 100 OTHER 1/1$", brief, re.M)


# -- BFD for OSPFv2: per interface or for all OSPF interfaces -----------------------------------


@pytest.mark.parametrize(("pairs", "up"), [
    ((), True),  # the seed: `ip ospf bfd` on the interface
    ((("router ospf\n area 0\n", "router ospf\n area 0\n bfd all-interfaces\n"),
      (" ip ospf bfd\n", "")), True),
    (((" ip ospf bfd\n", ""),), False),  # timers only: OSPF is not a BFD client
], ids=["interface", "all-interfaces", "timers-only"])
def test_bfd_for_ospf_needs_the_protocol_told(pairs, up: bool) -> None:
    """NetIron runs BFD for OSPFv2 on an interface when OSPF is told to use it, per interface
    (`ip ospf bfd`) or for every OSPF interface (`bfd all-interfaces` under `router ospf`), and
    the interface has `bfd interval … min-rx … multiplier …` (docs/fidelity/netiron.md)."""
    net = _patched("r2", *pairs)
    sessions = [b for b in net.state.devices["r2"].bfd if b.interface == "ve 100"]
    assert [b.up for b in sessions] == ([True] if up else [])


def test_real_mlx_tells_each_protocol_to_use_bfd() -> None:
    """The real 5.8 config: the timers are on the port and the protocol (IS-IS there) is told
    per interface, as the renderer does for OSPF with `ip ospf bfd`."""
    real = capture("netiron/ansible-ironware__show_running-config").read_text()
    port = real.split("interface ethernet 1/1\n", 1)[1].split("!", 1)[0].splitlines()
    assert " bfd interval 100 min-rx 100 multiplier 5" in port and " isis bfd" in port


def test_ospf_runs_on_the_primary_address_only() -> None:
    """A port with two addresses speaks OSPF from the first (primary) one: a second address in
    the neighbour's subnet forms no adjacency (RFC 2328 §8.2/§10.5: hellos are sourced from and
    checked against the interface's own network)."""
    st = _patched("r3", (" ip address 198.51.100.5/31\n", " ip address 198.51.100.1/30\n ip address 198.51.100.5/31\n")).state
    assert not [n for n in st.devices["r3"].ospf if n.interface == "ethernet 1/1"]
    assert not [n for n in st.devices["r1"].ospf if n.device == "r3"]
    st = seed_network(SEED_INVENTORY).state
    assert [n.state for n in st.devices["r1"].ospf if n.device == "r3"] == ["Full"]
