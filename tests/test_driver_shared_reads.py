"""``Driver.shared_reads``: inside the block a read routed through ``read_shared`` goes to the
device once (a failed read is not kept, nested blocks share the outer one, outside every read is
fresh); the NetIron driver's running configuration is such a read, so a collection's interfaces
(IP MTUs) and config reader cost one ``show running-config``; the verification's collection and
the deploy's staging read inside such a block."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

from mpls_interop.ops import deploy, verify
from mpls_interop.sdk.driver import DriverError, Target
from mpls_interop.vendors.netiron.driver import NetIronDriver

CAPTURES = Path(os.environ.get("INTEROP_SHARED", "/work/shared")) / "captures" / "netiron"


def _driver(outputs: dict[str, str]) -> tuple[NetIronDriver, list[str]]:
    drv = NetIronDriver(Target("r1", "127.0.0.1", 22, "u", "secret-pw", None, 5.0))
    sent: list[str] = []

    def send(command: str) -> str:
        sent.append(command)
        if command not in outputs:
            raise drv.error(f"'{command}': no answer")
        return outputs[command]

    drv._send = send  # type: ignore[method-assign]
    return drv, sent


def test_one_read_inside_fresh_reads_outside() -> None:
    drv, sent = _driver({"show running-config": "hostname r1\n"})
    assert drv.get_config() == drv.get_config() == "hostname r1\n"
    assert sent == ["show running-config"] * 2
    sent.clear()
    with drv.shared_reads():
        assert drv.get_config() == "hostname r1\n"
        with drv.shared_reads():
            assert drv.get_config() == "hostname r1\n"
        assert drv.get_config() == "hostname r1\n"
    assert sent == ["show running-config"]
    drv.get_config()
    assert sent == ["show running-config"] * 2


def test_a_failed_read_is_not_kept() -> None:
    drv, sent = _driver({})
    with drv.shared_reads():
        for _ in range(2):
            with pytest.raises(DriverError):
                drv.get_config()
    assert sent == ["show running-config"] * 2


def test_collection_reads_the_configuration_once() -> None:
    interfaces = CAPTURES / "ansible-ironware__show_interfaces"
    running = CAPTURES / "ansible-ironware__show_running-config"
    if not (interfaces.is_file() and running.is_file()):
        pytest.skip("no NetIron captures (INTEROP_SHARED)")
    outputs = {"show interfaces": interfaces.read_text(), "show running-config": running.read_text()}
    drv, sent = _driver(outputs)
    with drv.shared_reads():
        records = drv.interfaces()
        facts = verify.running_config(drv)
    assert records and facts is not None
    assert sent.count("show running-config") == 1
    drv.interfaces()
    verify.running_config(drv)
    assert sent.count("show running-config") == 3


def test_collection_and_staging_read_in_one_block() -> None:
    assert "drv.shared_reads()" in inspect.getsource(verify.collect)
    assert "drv.shared_reads()" in inspect.getsource(deploy._deploy)
