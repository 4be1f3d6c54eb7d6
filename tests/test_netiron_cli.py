"""NetIron SSH CLI emulator (labs/netiron): real clients (netmiko, paramiko) against 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import paramiko
import pytest
import textfsm
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout
from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop_lab.netiron.cli import start_cli_server
from mpls_interop_lab.netiron.config import NetIronConfig
from mpls_interop_lab.netiron.device import NetIronDevice
from tests.conftest import capture

USER = "lab"
PASSWORD = "lab-pass-1"  # test-only credentials
ENABLE = "lab-enable-1"
PROMPT = re.compile(r"SSH@[\w.-]+(?:\([^)]*\))?[>#]$")


@dataclass
class Lab:
    device: NetIronDevice
    port: int
    #: canned network-model answers, by canonical command
    answers: dict[str, str] = field(default_factory=dict)
    asked: list[list[str]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


@pytest.fixture
def lab(loop: asyncio.AbstractEventLoop) -> Iterator[Lab]:
    device = NetIronDevice("r2", enable_password=ENABLE)
    lab = Lab(device, 0)

    def answer(words: list[str]) -> str | None:
        lab.asked.append(words)
        return lab.answers.get(" ".join(words))

    device.show_handler = answer
    device.on_change = lambda cfg: lab.changes.append(cfg.running_config())
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    lab.port = acceptor.get_port()
    yield lab
    loop.call_soon_threadsafe(acceptor.close)
    asyncio.run_coroutine_threadsafe(acceptor.wait_closed(), loop).result(10)


class FastNetiron(ExtremeNetironSSH):
    """The stock driver, but its config-mode check reads to the prompt instead of waiting 2 s."""

    def check_config_mode(
        self, check_string: str = ")#", pattern: str = r"[>#]", force_regex: bool = False
    ) -> bool:
        return super().check_config_mode(check_string, pattern, force_regex)


def connect(lab: Lab, password: str = PASSWORD) -> FastNetiron:
    return FastNetiron(
        host="127.0.0.1", port=lab.port, username=USER, password=password, secret=ENABLE,
        fast_cli=True,
    )


class Shell:
    """A raw interactive shell, for what netmiko hides (echo, prompts, line endings)."""

    def __init__(self, port: int, password: str = PASSWORD) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(
            "127.0.0.1", port=port, username=USER, password=password,
            look_for_keys=False, allow_agent=False, timeout=10,
        )
        self.chan = self.client.invoke_shell(term="vt100", width=511, height=1000)
        self.greeting = self.read_until(PROMPT)

    def read_until(self, pattern: re.Pattern[str], timeout: float = 10) -> str:
        buf = ""
        deadline = time.monotonic() + timeout
        while not pattern.search(buf):
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern.pattern!r} not seen in {buf!r}")
            if self.chan.recv_ready():
                data = self.chan.recv(65536)
                if not data:
                    raise EOFError(buf)
                buf += data.decode()
            elif self.chan.closed or self.chan.eof_received:
                raise EOFError(buf)
            else:
                time.sleep(0.005)
        return buf

    def cmd(self, line: str, end: str = "\n") -> str:
        self.chan.send(line + end)
        return self.read_until(PROMPT)

    def prompt_after(self, line: str) -> str:
        return self.cmd(line).rsplit("\r\n", 1)[-1]

    def enable(self, paging: bool = False) -> None:
        """``enable``, then ``skip-page-display`` unless ``paging`` (long output would stop at
        ``--More--``)."""
        self.chan.send("enable\n")
        self.read_until(re.compile(r"Password:$"))
        assert self.cmd(ENABLE, end="\n").endswith("SSH@r2#")
        if not paging:
            assert "Disable page display mode" in self.cmd("skip-page-display")

    def closed_by_peer(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.chan.recv_ready():
                if not self.chan.recv(65536):
                    return True
            elif self.chan.closed or self.chan.eof_received:
                return True
            else:
                time.sleep(0.005)
        return False

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def shell(lab: Lab) -> Iterator[Shell]:
    sh = Shell(lab.port)
    yield sh
    sh.close()


PUSH = [
    "default-max-frame-size 9216",
    "vlan 100 name core-r1",
    " tagged e 1/1",
    " router-interface ve 100",
    "exit",
    "int e 1/1",
    " port-name core-r1",
    " enable",
    "exit",
    "interface ve 100",
    " ip address 198.51.100.2/30",
    " ip mtu 9000",
    " ip ospf area 0",
    "exit",
    "router ospf",
    " area 0",
    "exit",
    "router mpls",
    " mpls-interface ve 100",
    "  ldp-enable",
    " exit",
    " vpls v40 40",
    "  vpls-peer 10.0.0.1",
    "  vpls-mtu 9100",
    "  vlan 40",
]
CANONICAL = [
    "default-max-frame-size 9216",
    "vlan 100 name core-r1",
    " tagged ethe 1/1",
    " router-interface ve 100",
    "interface ethernet 1/1",
    " port-name core-r1",
    "interface ve 100",
    " ip ospf area 0",
    " ip address 198.51.100.2/30",
    " ip mtu 9000",
    " mpls-interface ve100",
    "  ldp-enable",
    " vpls v40 40",
    "  vpls-peer 10.0.0.1",
    "  vpls-mtu 9100",
    "  vlan 40",
]


def _body(text: str) -> list[str]:
    """Config lines after the `!...configuration:` title."""
    lines = [ln.rstrip() for ln in text.strip().splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.endswith("configuration:"))
    return lines[start + 1 :]


# -- netmiko acceptance --------------------------------------------------------------------


def test_netmiko_push_save_and_read_back(lab: Lab) -> None:
    assert len(PUSH) == 25
    conn = connect(lab)
    try:
        assert conn.find_prompt() == "SSH@r2>"
        conn.enable()
        assert conn.find_prompt() == "SSH@r2#"
        # netmiko sent skip-page-display at `>`, where it is refused: again, now privileged
        assert "Disable page display mode" in conn.send_command("skip-page-display")
        version = conn.send_command("show version")
        assert f"Chassis: MLXe 4-slot (Serial #: {lab.device.serial}," in version
        assert "IronWare : Version 5.8.0fT163" in version

        out = conn.send_config_set(PUSH)
        assert "Invalid input" not in out and "Error -" not in out
        assert "SSH@r2(config-mpls-vpls-v40-vlan-40)#" in out
        assert conn.find_prompt() == "SSH@r2#"

        running = conn.send_command("show running-config")
        lines = running.splitlines()
        for line in CANONICAL:
            assert line in lines, line
        assert "vpls-mtu" not in conn.send_command("show configuration")

        saved = conn.save_config()
        assert "Write startup-config done." in saved
        startup = conn.send_command("show configuration")
        assert "Startup-config data location is flash memory" in startup
        assert _body(startup) == _body(running)
        assert _body(startup) == _body(lab.device.saved.running_config())
    finally:
        conn.disconnect()


def test_stock_extreme_netiron_driver_sees_config_mode(lab: Lab) -> None:
    """Unmodified `device_type='extreme_netiron'` (its slow 2 s config-mode check included)."""
    conn = ConnectHandler(
        device_type="extreme_netiron", host="127.0.0.1", port=lab.port, username=USER,
        password=PASSWORD, secret=ENABLE,
    )
    try:
        conn.enable()
        assert conn.check_config_mode() is False
        conn.write_channel("conf t\n")
        conn.read_until_pattern(pattern=r"\(config\)#")
        assert conn.check_config_mode() is True
        conn.write_channel("end\n")
        conn.read_until_pattern(pattern=r"SSH@r2#")
    finally:
        conn.disconnect()


def test_wrong_password_is_an_authentication_error(lab: Lab) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        connect(lab, password="not-the-password")


# -- shell behaviour -----------------------------------------------------------------------


def test_enable_asks_for_a_password(shell: Shell) -> None:
    assert shell.greeting.endswith("SSH@r2>")
    shell.chan.send("enable\n")
    shell.read_until(re.compile(r"Password:$"))
    out = shell.cmd("wrong-one")
    assert "wrong-one" not in out, "the password is not echoed"
    assert "Error - Incorrect username or password." in out
    assert out.endswith("SSH@r2>")
    shell.enable()
    assert shell.prompt_after("disable") == "SSH@r2>"


def test_character_echo_and_line_editing(shell: Shell) -> None:
    shell.enable(paging=True)
    shell.cmd("terminal length 100")
    out = shell.cmd("shw\x7fow ver")
    assert out.startswith("shw\b \bow ver\r\n")
    assert "System Mode: MLX" in out
    out = shell.cmd("garbage\x15show ver")
    assert "Invalid input" not in out and "All show version done" in out
    # \r\n is one line end: one prompt per command
    shell.chan.send("skip-page-display\r\nsh ver\r")
    out = shell.read_until(re.compile(r"All show version done\r\nSSH@r2#$"))
    assert "Disable page display mode" in out
    assert out.count("SSH@r2#") == 2  # after skip-page-display and after sh ver, none in between
    assert shell.prompt_after("terminal length 0") == "SSH@r2#"


def test_prompts_in_each_mode(shell: Shell) -> None:
    shell.enable()
    steps = [
        ("conf t", "SSH@r2(config)#"),
        ("int e 1/1", "SSH@r2(config-if-e10000-1/1)#"),
        ("exit", "SSH@r2(config)#"),
        ("interface ethernet 2/3", "SSH@r2(config-if-e1000-2/3)#"),
        ("exit", "SSH@r2(config)#"),
        ("vlan 100", "SSH@r2(config-vlan-100)#"),
        ("router-interface ve 100", "SSH@r2(config-vlan-100)#"),
        ("exit", "SSH@r2(config)#"),
        ("interface ve 100", "SSH@r2(config-vif-100)#"),
        ("exit", "SSH@r2(config)#"),
        ("interface loopback 1", "SSH@r2(config-lbif-1)#"),
        ("exit", "SSH@r2(config)#"),
        ("router ospf", "SSH@r2(config-ospf-router)#"),
        ("exit", "SSH@r2(config)#"),
        ("router mpls", "SSH@r2(config-mpls)#"),
        ("policy", "SSH@r2(config-mpls-policy)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("mpls-interface ve 100", "SSH@r2(config-mpls-if-ve-100)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("path p1", "SSH@r2(config-mpls-path-p1)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("lsp l1", "SSH@r2(config-mpls-lsp-l1)#"),
        ("secondary-path p1", "SSH@r2(config-mpls-lsp-l1-secpath-p1)#"),
        ("exit", "SSH@r2(config-mpls-lsp-l1)#"),
        ("frr", "SSH@r2(config-mpls-lsp-l1-frr)#"),
        ("exit", "SSH@r2(config-mpls-lsp-l1)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("vpls v40 40", "SSH@r2(config-mpls-vpls-v40)#"),
        ("vlan 40", "SSH@r2(config-mpls-vpls-v40-vlan-40)#"),
        ("exit", "SSH@r2(config-mpls-vpls-v40)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("vll x100 100", "SSH@r2(config-mpls-vll-x100)#"),
        ("vlan 41", "SSH@r2(config-mpls-vll-x100-vlan-41)#"),
        ("exit", "SSH@r2(config-mpls-vll-x100)#"),
        ("exit", "SSH@r2(config-mpls)#"),
        ("exit", "SSH@r2(config)#"),
        ("hostname edge9", "SSH@edge9(config)#"),
        ("exit", "SSH@edge9#"),
        ("exit", "SSH@edge9>"),
    ]
    for line, prompt in steps:
        assert shell.prompt_after(line) == prompt, line
    shell.chan.send("quit\n")
    assert shell.closed_by_peer()


def test_end_leaves_any_config_mode(shell: Shell) -> None:
    shell.enable()
    shell.cmd("conf t")
    shell.cmd("router mpls")
    shell.cmd("vpls v 5")
    assert shell.prompt_after("end") == "SSH@r2#"


def test_invalid_ambiguous_and_incomplete_input(shell: Shell) -> None:
    out = shell.cmd("configure terminal")
    assert "Invalid input -> configure terminal\r\nType ? for a list" in out, "not at user level"
    shell.enable()
    assert "Invalid input -> foo bar\r\nType ? for a list\r\nSSH@r2#" in shell.cmd("sh foo bar")
    assert "Invalid input -> s\r\n" in shell.cmd("s")  # show / skip-page-display
    assert "Incomplete command." in shell.cmd("conf")
    shell.cmd("conf t")
    assert "Invalid input -> foo 1/1" in shell.cmd("interface foo 1/1")
    shell.cmd("int e 1/1")
    assert "Invalid input -> e\r\n" in shell.cmd("e")  # enable / end / exit
    assert shell.prompt_after("ip mtu 1500") == "SSH@r2(config-if-e10000-1/1)#"


def test_error_replies_keep_the_mode(shell: Shell, lab: Lab) -> None:
    shell.enable()
    shell.cmd("conf t")
    shell.cmd("router mpls")
    shell.cmd("vpls v40 40")
    out = shell.cmd("vpls-mtu 9191")
    assert "Error - vpls-mtu 9191 out of range, valid range is 64 - 9190" in out
    assert out.endswith("SSH@r2(config-mpls-vpls-v40)#")
    assert "Invalid input -> vpls other 40" in shell.cmd("vpls other 40"), "no pass-up"
    assert shell.prompt_after("vpls-mtu 9190") == "SSH@r2(config-mpls-vpls-v40)#"
    shell.cmd("exit")
    assert "Error - " in shell.cmd("vpls other 40")
    shell.cmd("exit")
    out = shell.cmd("default-max-frame-size 9300")
    assert "Error - default-max-frame-size 9300" in out
    vpls = lab.device.running.root.first("router mpls").first("vpls v40")
    assert [c.line for c in vpls.children] == ["vpls-mtu 9190"]


def test_abbreviations_and_the_network_model_hook(shell: Shell, lab: Lab) -> None:
    lab.answers["show mpls vll detail"] = "VLL x100, VC-ID 100, VLL-INDEX 1\n\n  End-point        : untagged  e 1/3"
    shell.enable()
    out = shell.cmd("sh mpls vll det")
    assert "VLL x100, VC-ID 100, VLL-INDEX 1\r\n\r\n  End-point        : untagged  e 1/3\r\n" in out
    assert ["show", "mpls", "vll", "detail"] in lab.asked
    shell.cmd("sh ip osp nei")
    assert lab.asked[-1] == ["show", "ip", "ospf", "neighbor"]
    shell.cmd("sh mpls vll x100")
    assert lab.asked[-1] == ["show", "mpls", "vll", "x100"]
    asked = len(lab.asked)
    assert "System Mode: MLX" in shell.cmd("sh ver")
    assert "!Current configuration:" in shell.cmd("sh run")
    assert len(lab.asked) == asked, "the device answers these itself"
    brief = shell.cmd("sh int br")
    assert lab.asked[-1] == ["show", "interfaces", "brief"]
    assert re.search(r"^1/8\s+Disabled\s+None", brief, re.M), "fallback when the model says nothing"
    assert "Write startup-config done." in shell.cmd("wr mem")
    assert shell.prompt_after("conf t") == "SSH@r2(config)#"
    assert "System Mode: MLX" in shell.cmd("sh ver"), "show works in config mode"


def test_no_forms_over_ssh(shell: Shell, lab: Lab) -> None:
    shell.enable()
    for line in ["conf t", "router mpls", "vpls v40 40", "vpls-peer 10.0.0.1 10.0.0.3",
                 "vpls-mtu 9100", "exit", "vll x 7", "vll-mtu 1500", "exit"]:
        out = shell.cmd(line)
        assert "Error" not in out and "Invalid" not in out
    mpls = lab.device.running.root.first("router mpls")
    shell.cmd("no vll x")
    assert mpls.first("vll x") is None
    shell.cmd("vpls v40 40")
    shell.cmd("no vpls-peer 10.0.0.1")
    shell.cmd("no vpls-mtu")
    assert [c.line for c in mpls.first("vpls v40").children] == ["vpls-peer 10.0.0.3"]
    shell.cmd("exit")
    shell.cmd("no vpls v40")
    assert mpls.first("vpls") is None


def test_on_change_only_when_running_config_changes(shell: Shell, lab: Lab) -> None:
    shell.enable()
    shell.cmd("conf t")
    shell.cmd("int e 1/2")
    base = len(lab.changes)
    shell.cmd("ip mtu 1400")
    assert len(lab.changes) == base + 1 and " ip mtu 1400" in lab.changes[-1]
    shell.cmd("ip mtu 1400")
    shell.cmd("ip mtu 9999")  # refused
    shell.cmd("show version")
    assert len(lab.changes) == base + 1
    shell.cmd("no ip mtu")
    assert len(lab.changes) == base + 2


# -- faults --------------------------------------------------------------------------------


def test_commit_fail_fault_on_write_memory(lab: Lab) -> None:
    conn = connect(lab)
    try:
        conn.enable()
        conn.send_config_set(["interface ethernet 1/4", " port-name edge"])
        lab.device.faults.commit_fail = True
        out = conn.save_config()
        assert "Error - " in out and "Write startup-config done." not in out
        assert "port-name edge" not in lab.device.saved.running_config()
        assert lab.device.faults.commit_fail is False, "the fault clears itself"
        assert "Write startup-config done." in conn.save_config()
        assert "port-name edge" in lab.device.saved.running_config()
    finally:
        conn.disconnect()


def test_drop_after_cuts_the_session(shell: Shell, lab: Lab) -> None:
    shell.enable()
    shell.cmd("conf t")
    lab.device.faults.drop_after = 2
    assert shell.prompt_after("interface ethernet 1/5") == "SSH@r2(config-if-e10000-1/5)#"
    shell.chan.send("port-name second\n")
    assert shell.closed_by_peer()
    assert lab.device.faults.drop_after is None
    port = lab.device.running.root.first("interface ethernet 1/5")
    assert port is not None and port.first("port-name").line == "port-name second"
    # drop_after=0: the next line is not applied
    again = Shell(lab.port)
    try:
        again.enable()
        again.cmd("conf t")
        lab.device.faults.drop_after = 0
        again.chan.send("hostname never\n")
        assert again.closed_by_peer()
        assert lab.device.hostname == "r2"
    finally:
        again.close()


def test_drop_after_breaks_a_netmiko_push(lab: Lab) -> None:
    conn = connect(lab)
    try:
        conn.enable()
        lab.device.faults.drop_after = 3
        with pytest.raises((ReadTimeout, OSError, EOFError)):
            conn.send_config_set(
                ["interface ethernet 1/6", " port-name a", " enable", " ip mtu 1400"], read_timeout=2
            )
        port = lab.device.running.root.first("interface ethernet 1/6")
        assert [c.line for c in port.children] == ["port-name a", "enable"]
    finally:
        conn.disconnect()


def test_down_device_stops_answering(shell: Shell, lab: Lab) -> None:
    shell.enable()
    lab.device.faults.down = True
    shell.chan.send("show version\n")
    time.sleep(0.3)
    assert not shell.chan.recv_ready(), "a down device echoes nothing"
    with pytest.raises((paramiko.SSHException, EOFError, OSError)):
        Shell(lab.port)
    lab.device.faults.down = False
    assert shell.cmd("").endswith("SSH@r2#")
    Shell(lab.port).close()


# -- output formats against real captures and ntc-templates ------------------------------


def _ntc(name: str) -> Path:
    ntc = pytest.importorskip("ntc_templates")
    path = Path(ntc.__file__).parent / "templates" / name
    if not path.exists():
        pytest.skip(f"{name} not in this ntc-templates")
    return path


def with_exits(text: str) -> list[str]:
    """Config lines as a mode-aware client sends them: an `exit` before each line that leaves a
    mode by its indentation (which lines open a mode is learnt from a scratch config engine:
    `frr` or `mpls-interface ve100` open one even when nothing is shown under them)."""
    scratch = NetIronConfig.factory("scratch")
    out: list[str] = []
    ctx: list = []
    depths: list[int] = []  # indentation of the modes entered
    for line in text.splitlines():
        if not line.strip() or line.strip() == "!":
            continue
        indent = len(line) - len(line.lstrip())
        while depths and depths[-1] >= indent:
            out.append(" " * depths.pop() + "exit")
            ctx = ctx[:-1]
        out.append(line)
        res = scratch.execute(ctx, line)
        if len(res.context) > len(ctx):
            depths.append(indent)
        ctx = res.context
    return out


def _configured_device() -> NetIronDevice:
    dev = NetIronDevice("r2")
    ctx: list = []
    for line in PUSH + ["end", "interface ethernet 1/2", " enable", " ip address 198.51.100.9/30"]:
        res = dev.configure(ctx, line)
        ctx = [] if res.action == "end" else res.context
    return dev


def test_show_version_has_the_real_layout() -> None:
    real = capture("netiron/ansible-ironware__show_version").read_text()
    ours = NetIronDevice("r2", model="MLXe-4", version="5.8.0f", serial="BGD0001K01A").show(
        ["show", "version"]
    )
    patterns = [
        r"^System Mode: MLX$",
        r"^Chassis: MLXe 4-slot \(Serial #: \S+,  Part #: [\d-]+\)$",
        r"^SL M1: \S+ Management Module Active \(Serial #: \S+, Part #: [\d-]+\):$",
        r"^IronWare : Version 5\.8\.0fT163 Copyright \(c\) .+$",
        r"^Active Management uptime is .*\d+ seconds\s*$",
        r"^SL 1: .+ Module \(Serial #: \S+, Part #: [\d-]+\)$",
        r"^={74}$",
        r"^All show version done$",
    ]
    for pat in patterns:
        assert re.search(pat, real, re.M), f"capture: {pat}"
        assert re.search(pat, ours, re.M), f"ours: {pat}"
    assert "Serial #: BGD0001K01A," in ours
    xmr = NetIronDevice("r3", model="XMR", version="6.3.0d").show(["show", "version"])
    assert "System Mode: XMR" in xmr and "IronWare : Version 6.3.0dT163" in xmr


def test_interfaces_brief_parses_with_ntc_template() -> None:
    dev = _configured_device()
    text = dev.show(["show", "interfaces", "brief"])
    with _ntc("brocade_netiron_show_interfaces_brief.textfsm").open() as fh:
        rows = textfsm.TextFSM(fh).ParseTextToDicts(text)
    by_port = {r["INTERFACE"]: r for r in rows}
    assert by_port["1/1"]["LINKSTATE"] == "Up" and by_port["1/1"]["TAGONLY"] == "Yes"
    assert by_port["1/3"]["LINKSTATE"] == "Disabled"
    assert "ve100" in by_port


def test_interfaces_and_running_interface_parse_with_ntc_templates() -> None:
    dev = _configured_device()
    with _ntc("brocade_netiron_show_interfaces.textfsm").open() as fh:
        rows = textfsm.TextFSM(fh).ParseTextToDicts(dev.show(["show", "interfaces"]))
    by_if = {r["INTERFACE"]: r for r in rows}
    assert by_if["10GigabitEthernet1/2"]["INTSTATE"] == "up"
    assert by_if["10GigabitEthernet1/3"]["INTSTATE"] == "disabled"
    assert by_if["Ve100"]["L3MTUBYTES"] == "9000"
    # a routed port shows its frame size, as in the real capture (the template expects "IP MTU")
    real = capture("netiron/ansible-ironware__show_interfaces").read_text()
    routed = r"^  Internet address is (\S+), MTU (\d+) bytes, encapsulation ethernet\s*$"
    assert re.search(routed, real, re.M)
    ours = dev.show(["show", "interfaces", "ethernet", "1/2"])
    assert re.search(routed, ours, re.M).groups() == ("198.51.100.9/30", "9216")
    run = dev.show(["show", "running-config", "interface"])
    with _ntc("brocade_netiron_show_running-config_interface.textfsm").open() as fh:
        rows = textfsm.TextFSM(fh).ParseTextToDicts(run)
    ve = next(r for r in rows if r["INTERFACE_TYPE"] == "ve")
    assert ve["INTERFACE"] == "100" and ve["OSPFAREA"] == "0"
    assert ve["IP_ADDRESS"] == ["198.51.100.2"] and ve["IP_ADDR_CIDR"] == ["30"]
    assert NetIronConfig.from_text(dev.running.running_config()).running_config() == (
        dev.running.running_config()
    )


@pytest.mark.parametrize("name", ["r2", "r3"])
def test_rendered_seed_config_pushed_line_by_line(loop: asyncio.AbstractEventLoop, name: str) -> None:
    """`interop render` output for the seed's NetIron routers, sent through netmiko with an `exit`
    wherever the indentation leaves a block (NetIron does not pass lines up to an enclosing
    mode): no error, and every rendered line is in the running config afterwards (in its block)."""
    from mpls_interop.core.load import load_intent
    from mpls_interop.core.render import render_device
    from mpls_interop.vendors.netiron import confdiff
    from tests.conftest import SEED_INVENTORY

    text = render_device(load_intent(SEED_INVENTORY), name)
    device = NetIronDevice(name, model="XMR" if name == "r3" else "MLXe-4", enable_password=ENABLE)
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    try:
        conn = FastNetiron(host="127.0.0.1", port=acceptor.get_port(), username=USER, password=PASSWORD,
                           secret=ENABLE, fast_cli=True)
        conn.enable()
        conn.disable_paging(command="skip-page-display")
        lines = with_exits(text)
        out = conn.send_config_set(lines, cmd_verify=True)
        assert "Invalid input" not in out and "Error" not in out, out
        running = conn.send_command("show running-config")
        conn.disconnect()
    finally:
        loop.call_soon_threadsafe(acceptor.close)
    missing = confdiff.changes(confdiff.parse(running), confdiff.parse(text))
    assert missing == [], confdiff.diff_text(missing)
