"""What a real MLX/XMR refuses, driven through netmiko over the emulated NetIron's SSH CLI, and the
same change succeeding when done the way NetIron requires (issue 14).

Error texts the NetIron guides do not print are the emulator's best knowledge
(docs/fidelity/netiron.md); the tests hold the shapes (``Error - ...``, ``Invalid input -> ...``)
and the behaviour: a refused line changes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop_lab.model.netiron_reader import read_netiron
from mpls_interop_lab.netiron.cli import start_cli_server
from mpls_interop_lab.netiron.device import NetIronDevice

USER = "lab"
PASSWORD = "lab-pass-2"  # test-only credentials
ENABLE = "lab-enable-2"

BASE = """\
vlan 40 name core
 tagged ethe 1/1
 router-interface ve 40
!
interface ethernet 1/1
 enable
!
interface ve 40
 ip address 198.51.100.1/30
!
router mpls
 policy
  traffic-eng ospf

 mpls-interface ve40

 path direct
  strict 198.51.100.2

 path other
  loose 10.0.0.9

 lsp fixed
  to 10.0.0.2
  primary-path direct
  enable

 lsp adapt
  to 10.0.0.2
  primary-path direct
  adaptive
  enable
!
end
"""


class FastNetiron(ExtremeNetironSSH):
    """Stock netmiko, but its config-mode check reads to the prompt instead of waiting 2 s."""

    def check_config_mode(
        self, check_string: str = ")#", pattern: str = r"[>#]", force_regex: bool = False
    ) -> bool:
        return super().check_config_mode(check_string, pattern, force_regex)


class Session:
    """A netmiko session on one emulated device, privileged and without paging."""

    def __init__(self, device: NetIronDevice, port: int) -> None:
        self.device = device
        self.conn = FastNetiron(
            host="127.0.0.1", port=port, username=USER, password=PASSWORD, secret=ENABLE,
            fast_cli=True,
        )
        self.conn.enable()
        self.conn.send_command("skip-page-display")

    def config(self, *lines: str) -> str:
        """Lines sent in config mode (netmiko enters and leaves it)."""
        return self.conn.send_config_set(list(lines), cmd_verify=True, exit_config_mode=True)

    def running(self) -> str:
        return self.conn.send_command("show running-config")


@pytest.fixture
def session(loop: asyncio.AbstractEventLoop) -> Iterator[Session]:
    device = NetIronDevice("r2", enable_password=ENABLE, startup_config=BASE)
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    s = Session(device, acceptor.get_port())
    yield s
    s.conn.disconnect()
    loop.call_soon_threadsafe(acceptor.close)


def _lsp(device: NetIronDevice, name: str) -> list[str]:
    lsp = device.running.root.first("router mpls").first(f"lsp {name}")
    return [c.line for c in lsp.children]


def test_enabled_lsp_refuses_parameter_changes_until_disabled(session: Session) -> None:
    before = session.running()
    out = session.config("router mpls", "lsp fixed", "primary-path other")
    assert "Error - LSP fixed is enabled, disable it before changing its parameters" in out
    out = session.config("router mpls", "lsp fixed", "frr", " facility-backup")
    assert "Error - LSP fixed is enabled" in out
    assert "Invalid input -> facility-backup" in out  # `frr` refused: no frr mode was entered
    out = session.config("router mpls", "lsp fixed", "cos 3")  # kept verbatim, but a parameter
    assert "Error - LSP fixed is enabled" in out
    assert session.running() == before, "a refused change leaves the running config as it was"
    # the NetIron way: disable, change, enable
    out = session.config("router mpls", "lsp fixed", "disable", "primary-path other", "enable")
    assert "Error" not in out and "Invalid" not in out
    assert _lsp(session.device, "fixed") == ["to 10.0.0.2", "primary-path other", "enable"]


def test_enabled_lsp_destination_never_changes(session: Session) -> None:
    out = session.config("router mpls", "lsp adapt", "to 10.0.0.3")
    assert "Error - LSP adapt is enabled, its destination cannot be changed" in out
    assert "to 10.0.0.2" in _lsp(session.device, "adapt")


def test_adaptive_lsp_takes_changes_up_pending_until_re_enabled(session: Session) -> None:
    out = session.config("router mpls", "lsp adapt", "primary-path other")
    assert "Error" not in out
    assert "primary-path other" in _lsp(session.device, "adapt")  # shown at once
    signalled = {lsp.name: lsp for lsp in read_netiron("r2", session.device.running).lsps}
    assert signalled["adapt"].primary_name == "direct", "the signalled instance is kept"
    session.config("router mpls", "lsp adapt", "disable", "enable")
    signalled = {lsp.name: lsp for lsp in read_netiron("r2", session.device.running).lsps}
    assert signalled["adapt"].primary_name == "other"


def test_path_in_use_cannot_be_deleted(session: Session) -> None:
    out = session.config("router mpls", "no path direct")
    assert "Error - path direct is in use by lsp fixed" in out
    mpls = session.device.running.root.first("router mpls")
    assert mpls.first("path direct") is not None
    out = session.config(
        "router mpls", "lsp fixed", "disable", "no primary-path", "enable", "exit",
        "lsp adapt", "disable", "no primary-path", "enable", "exit", "no path direct",
    )
    assert "Error" not in out and "Invalid" not in out
    assert mpls.first("path direct") is None


def test_physical_interfaces_cannot_be_deleted(session: Session) -> None:
    for line in ("no interface ethernet 1/1", "no interface ethernet 1/2", "no interface pos 2/1"):
        out = session.config(line)
        assert f"Invalid input -> {line[len('no interface '):]}" in out, line
    assert "interface ethernet 1/1\n enable" in session.running()
    out = session.config("interface ethernet 1/1", "no enable")
    assert "Error" not in out and "Invalid" not in out


def test_referenced_ve_and_vlan_cannot_be_deleted(session: Session) -> None:
    out = session.config("no interface ve 40")
    assert "Error - ve 40 is the router-interface of a VLAN" in out
    out = session.config("no vlan 40")
    assert "Error - vlan 40 has router-interface ve 40" in out
    assert "interface ve 40" in session.running()
    # the NetIron way: unbind the ve, take it out of MPLS, delete it, then the VLAN
    out = session.config("vlan 40", "no router-interface ve 40")
    assert "Error" not in out
    out = session.config("no interface ve 40")
    assert "Error - ve 40 is an MPLS interface; remove mpls-interface ve40 first" in out
    out = session.config("router mpls", "no mpls-interface ve40", "exit", "no interface ve 40",
                         "no vlan 40")
    assert "Error" not in out and "Invalid" not in out
    running = session.running()
    assert "interface ve 40" not in running and "vlan 40" not in running


def test_lines_of_another_mode_are_refused_not_passed_up(session: Session) -> None:
    session.config("router mpls", "lsp fixed", "disable")
    out = session.config("router mpls", "lsp fixed", "frr", "revert-timer 30")
    assert "Invalid input -> revert-timer 30" in out
    assert not any(line.startswith("revert-timer") for line in _lsp(session.device, "fixed"))
    out = session.config("router mpls", "lsp fixed", "frr", "exit", "revert-timer 30")
    assert "Invalid" not in out and "revert-timer 30" in _lsp(session.device, "fixed")
    out = session.config("interface ethernet 1/1", "router mpls")
    assert "Invalid input -> router mpls" in out


def test_paging_and_configuration_need_enable(loop: asyncio.AbstractEventLoop) -> None:
    device = NetIronDevice("r2", enable_password=ENABLE, startup_config=BASE)
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    conn = FastNetiron(host="127.0.0.1", port=acceptor.get_port(), username=USER,
                             password=PASSWORD, secret=ENABLE, fast_cli=True)
    try:
        assert conn.find_prompt() == "SSH@r2>"
        for line in ("skip-page-display", "show running-config", "configure terminal"):
            out = conn.send_command(line, expect_string=r"SSH@r2>")
            assert f"Invalid input -> {line.split(' ', 1)[-1] if line.startswith('show') else line}" in out
        conn.enable()
        # paging is still on: netmiko's skip-page-display went to the `>` prompt
        conn.write_channel("show version\n")
        out = conn.read_until_pattern(pattern=r"--More--")
        assert "System Mode: MLX" in out
        conn.write_channel("q")
        conn.read_until_pattern(pattern=r"SSH@r2#")
        assert "Disable page display mode" in conn.send_command("skip-page-display")
        out = conn.send_command("show version")
        assert "--More--" not in out and "All show version done" in out
        assert "router mpls" in conn.send_command("show running-config")
    finally:
        conn.disconnect()
        loop.call_soon_threadsafe(acceptor.close)


def test_unmodelled_statements_are_kept_and_typos_refused(session: Session) -> None:
    out = session.config(
        "ip route 0.0.0.0/0 192.0.2.254", "snmp-server community public ro", "vlan 777 name mgmt",
        "exit", "router mpls", "ldp", "tunnel-metric 10", "exit", "rsvp", "exit", "dynamic-bypass",
        "enable",
    )
    assert "Error" not in out and "Invalid" not in out
    running = session.running().splitlines()
    for line in ("ip route 0.0.0.0/0 192.0.2.254", "snmp-server community public ro",
                 "vlan 777 name mgmt", " ldp", "  tunnel-metric 10", " rsvp", " dynamic-bypass",
                 "  enable"):
        assert line in running, line
    session.conn.config_mode()
    session.conn.write_channel("router isis\n")
    assert session.conn.read_until_pattern(pattern=r"\)#").rstrip().endswith("SSH@r2(config-isis-router)#")
    session.conn.write_channel("net 49.0001.0100.6900.0006.00\n")
    session.conn.read_until_pattern(pattern=r"\)#")
    session.conn.write_channel("interface ethernet 1/1\n")  # not the block's, and no pass-up
    assert "Invalid input -> interface ethernet 1/1" in session.conn.read_until_pattern(pattern=r"\)#")
    session.conn.exit_config_mode()
    assert "router isis\n net 49.0001.0100.6900.0006.00" in session.running()
    out = session.config("snmp-servr community x ro")
    assert "Invalid input -> snmp-servr community x ro" in out
    out = session.config("no snmp-server community public ro")
    assert "snmp-server community public ro" not in session.running()


def test_hostname_changes_the_prompt_at_once(loop: asyncio.AbstractEventLoop) -> None:
    device = NetIronDevice("mlx-factory", enable_password=ENABLE)
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    conn = FastNetiron(host="127.0.0.1", port=acceptor.get_port(), username=USER,
                             password=PASSWORD, secret=ENABLE, fast_cli=True)
    try:
        assert conn.find_prompt() == "SSH@mlx-factory>"
        conn.enable()
        conn.config_mode()
        conn.write_channel("hostname r2\n")
        out = conn.read_until_pattern(pattern=r"SSH@r2\(config\)#")
        assert out.rstrip().endswith("SSH@r2(config)#")
    finally:
        conn.disconnect()
        loop.call_soon_threadsafe(acceptor.close)
