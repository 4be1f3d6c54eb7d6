"""Real running-configs in the emulated NetIron: the MLX capture loads, every statement comes back
in ``show running-config`` (order and spelling), and a lab device can have a factory hostname
other than its inventory name."""

from __future__ import annotations

import asyncio

import pytest
from netmiko.extreme.extreme_netiron import ExtremeNetironSSH

from mpls_interop_lab.netiron.cli import start_cli_server
from mpls_interop_lab.netiron.config import ConfigError, NetIronConfig
from mpls_interop_lab.netiron.device import NetIronDevice
from mpls_interop_lab.netiron_node import load_startup_config
from tests.conftest import capture

MLX = "netiron/ansible-ironware__show_running-config"
USER, PASSWORD, ENABLE = "lab", "lab-pass-3", "lab-enable-3"  # test-only credentials


def statements(text: str) -> list[str]:
    """Configuration statements in order, as written (separators and the title left out)."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if s and not s.startswith("!") and s != "end":
            out.append(s)
    return out


def test_mlx_capture_round_trips_through_the_config_engine() -> None:
    real = capture(MLX).read_text()
    cfg = NetIronConfig.from_text(real)
    shown = cfg.running_config()
    assert statements(shown) == statements(real)
    assert cfg.hostname == "mlx01.lab"
    # modelled statements are parsed, not just kept: the model sees them
    mpls = cfg.root.first("router mpls")
    assert [n.line for n in mpls.find("lsp")] == ["lsp LSP1", "lsp LSP3"]
    assert mpls.first("vll TEST-VLL").first("vll-peer").line == "vll-peer 192.0.2.1"
    assert cfg.frame_size == 9216
    # unindented lines of a block stay in it (interface ethernet 1/3 in the capture)
    port = cfg.root.child("interface ethernet 1/3")
    assert [c.line for c in port.children] == ["enable", "forward-lacp"]
    # and the text we print reads back to the same tree
    again = NetIronConfig.from_text(shown)
    assert again.running_config() == shown


def test_mlx_capture_loads_into_a_device_and_shows_back_over_ssh(loop: asyncio.AbstractEventLoop) -> None:
    real = capture(MLX).read_text()
    device = NetIronDevice("lab-r9", enable_password=ENABLE, startup_config=real)
    assert device.hostname == "mlx01.lab"
    acceptor = asyncio.run_coroutine_threadsafe(
        start_cli_server(device, "127.0.0.1", 0, USER, PASSWORD), loop
    ).result(10)
    conn = ExtremeNetironSSH(host="127.0.0.1", port=acceptor.get_port(), username=USER,
                             password=PASSWORD, secret=ENABLE, fast_cli=True)
    try:
        assert conn.find_prompt() == "SSH@mlx01.lab>"
        conn.enable()
        conn.send_command("skip-page-display")
        shown = conn.send_command("show running-config")
        assert statements(shown) == statements(real)
        saved = conn.send_command("show configuration")
        assert statements(saved)[1:] == statements(real), "booted from it: it is the startup config"
    finally:
        conn.disconnect()
        loop.call_soon_threadsafe(acceptor.close)


def test_a_line_netiron_would_not_take_names_its_line() -> None:
    text = "hostname x\nrouter mpls\n lsp a\n  to 10.0.0.1\n  frobnicate 3\n"
    with pytest.raises(ConfigError) as info:
        NetIronConfig.from_text(text)
    assert info.value.message.startswith("line 5: frobnicate 3: Invalid input -> frobnicate 3")
    errors: list[str] = []
    cfg = NetIronConfig.from_text(text, errors)
    assert errors == ["line 5: frobnicate 3: Invalid input -> frobnicate 3"]
    assert cfg.root.first("router mpls").first("lsp a").first("to") is not None


def test_node_startup_file_boots_the_device_and_is_saved() -> None:
    real = capture(MLX).read_text()
    device = NetIronDevice("lab-r9")
    seen: list[str] = []
    device.on_change = lambda cfg: seen.append(cfg.hostname or "")
    assert load_startup_config(device, real) == []
    assert seen == ["mlx01.lab"]
    assert statements(device.saved.running_config()) == statements(real)


def test_factory_hostname_differs_from_the_inventory_name() -> None:
    from mpls_interop_lab.runtime import Lab

    lab = Lab({"name": "t", "devices": [
        {"name": "r2", "vendor": "netiron", "model": "MLX", "ports": ["1/1"], "lab_hostname": "mlx-factory"},
        {"name": "r3", "vendor": "netiron", "model": "XMR", "ports": ["1/1"]},
    ], "wires": []})
    assert lab.devices["r2"].device.prompt("user", []) == "SSH@mlx-factory>"
    assert lab.devices["r3"].device.prompt("user", []) == "SSH@r3>"


def test_real_interface_section_round_trips() -> None:
    """`show running-config interface ve 1390` of another real NetIron (ntc-templates): unmodelled
    interface statements (qos-tos, vrf forwarding, ip helper-address) stay in place."""
    real = capture("netiron/ntc__brocade_netiron_show_running-config_interface.raw").read_text()
    cfg = NetIronConfig.from_text(real)
    assert statements(cfg.running_config()) == statements(real)
    ve = cfg.root.child("interface ve 1390")
    assert [c.line for c in ve.find("ip address")] == ["ip address 10.192.0.129/27", "ip address 10.192.4.1/24"]
