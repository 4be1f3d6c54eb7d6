"""NetIron batched push: lines in round trips of whole sub-mode blocks, every reply tied to its
line from the echo, a rejected line stops the push and what the device took is reported."""

from __future__ import annotations

import asyncio
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.lab import definition
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import DriverError, Target
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.hostkeys import HostKeyPolicy
from mpls_interop.vendors.netiron import batch, confdiff
from mpls_interop.vendors.netiron.driver import NetIronDriver
from mpls_interop_lab.runtime import Lab
from tests.conftest import SEED_INVENTORY
from tests.helpers import edit_yaml, seed_copy

CURRENT = "hostname r2\n!\nvlan 10 name old\n!\n"
DESIRED = (
    "hostname r2\n!\nvlan 10 name old\n router-interface ve 10\n!\n"
    "interface ve 10\n ip address 10.9.0.1/24\n ip mtu 9000\n!\nvlan 20 name new\n!\n"
)


def test_top_level_starts_mark_where_the_session_is_at_config_level() -> None:
    ops = confdiff.changes(confdiff.parse(CURRENT), confdiff.parse(DESIRED))
    lines = confdiff.commands(ops)
    # worked out by hand from the CLI: vlan 10 (enter), router-interface, exit | interface ve 10
    # (enter), ip address, ip mtu, exit | vlan 20 (enter)
    assert lines == ["vlan 10 name old", "router-interface ve 10", "exit", "interface ve 10",
                     "ip address 10.9.0.1/24", "ip mtu 9000", "exit", "vlan 20 name new"]
    assert batch.top_level_starts(ops) == {0, 3, 7}


def test_batches_keep_blocks_whole_cap_their_size_and_send_hostname_alone() -> None:
    lines = ["a", " a1", "exit", "b", " b1", " b2", " b3", "exit", "hostname x", "c", "exit"]
    starts = {0, 3, 8, 9}
    out = batch.batches(lines, starts, max_lines=4)
    assert [x for chunk in out for x in chunk] == lines
    # a (3 lines) fits; b (5 lines) cannot join it and is split at the cap; hostname alone
    assert out == [["a", " a1", "exit"], ["b", " b1", " b2", " b3"], ["exit"], ["hostname x"], ["c", "exit"]]
    assert batch.batches(lines, starts, max_lines=100) == [lines[:8], ["hostname x"], ["c", "exit"]]
    assert all(len(c) == 1 for c in batch.batches(lines, starts, max_lines=1))
    assert batch.batches(["x" * 600, "y" * 600], None, max_lines=10, max_bytes=1024) == [["x" * 600], ["y" * 600]]


def test_cli_batch_lines_comes_from_the_inventory(tmp_path) -> None:
    inv = seed_copy(tmp_path)
    edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(cli_batch_lines=7))
    assert load_intent(inv).devices["r2"].cli_batch_lines == 7
    assert load_intent(SEED_INVENTORY).devices["r2"].cli_batch_lines is None
    edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(cli_batch_lines=0))
    with pytest.raises(InputError) as info:
        load_intent(inv)
    assert "host_vars/r2.yml" in str(info.value) and "r2.cli_batch_lines" in str(info.value)


def test_lab_targets_carry_the_batch_size(tmp_path, monkeypatch) -> None:
    import mpls_interop.ops.lab as labmod

    inv = seed_copy(tmp_path)
    edit_yaml(inv / "host_vars/r2.yml", lambda d: d.update(cli_batch_lines=5))
    intent = load_intent(inv)
    state = {"devices": [{"name": "r2", "host": "127.0.0.1", "port": 1, "username": "u", "password": "p"}]}
    monkeypatch.setattr(labmod, "require_state", lambda _inv: state)
    monkeypatch.setattr(labmod, "known_hosts", lambda _inv, _state: tmp_path / "kh")
    assert lab_targets(intent, inv, ["r2"])["r2"].batch_lines == 5


# ---- against the emulated CLI ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    d = definition(load_intent(SEED_INVENTORY), "batch-test")
    ev = asyncio.new_event_loop()
    thread = threading.Thread(target=ev.run_forever, daemon=True)
    thread.start()
    running = asyncio.run_coroutine_threadsafe(_start(d), ev).result(30)
    yield running
    asyncio.run_coroutine_threadsafe(running.stop(), ev).result(10)
    ev.call_soon_threadsafe(ev.stop)
    thread.join(5)


async def _start(d: dict) -> Lab:
    lab = Lab(d, password="lab-pass-5")  # test-only credentials
    await lab.start()
    return lab


def _driver(lab: Lab, batch_lines: int | None) -> NetIronDriver:
    policy = HostKeyPolicy(Path(tempfile.mkdtemp(prefix="known-hosts-")) / "known_hosts", accept_new=True)
    ld = lab.devices["r2"]
    return NetIronDriver(Target("r2", "127.0.0.1", ld.port, lab.username, lab.password, lab.password, 20,
                                policy, batch_lines))


def _vlans(config: str) -> list[str]:
    return [ln for ln in config.splitlines() if ln.startswith("vlan 30") or ln.startswith("vlan 5000")]


def _with(config: str, extra: str) -> str:
    return config.replace("\nend", "\n" + extra + "end") if "\nend" in config else config + extra


def test_batched_push_applies_everything_and_reads_every_echo(lab) -> None:
    with _driver(lab, 4) as drv:
        before = drv.get_config()
        extra = "".join(f"vlan {v} name b{v}\n router-interface ve {v}\n!\n" for v in range(3010, 3016))
        drv.load(_with(before, extra))
        drv.commit()
        # 6 blocks of vlan + router-interface + exit (the last without its exit)
        assert len(drv.applied) == 6 * 3 - 1
        assert _vlans(drv.get_config()) == [f"vlan {v} name b{v}" for v in range(3010, 3016)]
        assert drv.diff() == ""
        drv.rollback()
        assert drv.get_config() == before


def test_rejected_line_mid_batch_stops_the_push_and_rollback_restores(lab) -> None:
    device = lab.devices["r2"].device
    with _driver(lab, 4) as drv:
        before, saved = drv.get_config(), device.saved.copy().render("x")
        # lines: 1 vlan 3001, 2 exit, 3 vlan 3002, 4 exit | 5 vlan 5000 (refused), 6 exit, 7 vlan 3003,
        # 8 exit | 9 vlan 3004, 10 exit, 11 vlan 3005
        extra = "".join(f"vlan {v} name n{v}\n!\n" for v in (3001, 3002, 5000, 3003, 3004, 3005))
        drv.load(_with(before, extra))
        with pytest.raises(DriverError) as info:
            drv.commit()
        text = str(info.value)
        assert "line 5 of 11 'vlan 5000 name n5000'" in text and "out of range" in text
        assert "3 not sent" in text
        # the first batch went in; after the refused VLAN its exit left config mode, so the next
        # VLAN line reached exec level and was refused too; the third batch was never sent
        assert _vlans(drv.get_config()) == ["vlan 3001 name n3001", "vlan 3002 name n3002"]
        assert drv.applied[:4] == ["vlan 3001 name n3001", "exit", "vlan 3002 name n3002", "exit"]
        assert "vlan 5000 name n5000" not in drv.applied and "vlan 3004 name n3004" not in drv.applied
        assert drv.applied[4] == "exit"  # line 6 ran although its batch had a rejected line
        drv.rollback()
        assert drv.get_config() == before
    assert device.saved.render("x") == saved


def test_push_result_after_the_device_closes_the_session() -> None:
    """A device that stops answering mid-batch: the lines without a prompt are of unknown fate."""
    sent: list[str] = []
    replies = iter(["vlan 1\r\nSSH@r(config-vlan-1)#", "exit\r\nSSH@r(config)#exit\r\n"])

    def read() -> str:
        return next(replies, "")

    result, _ = batch.send(sent.append, read, [["vlan 1", "exit", "exit", "vlan 2"]], "SSH@r", 5,
                           alive=lambda: False)
    assert [r.line for r in result.replies] == ["vlan 1", "exit"]
    assert result.discarded == ["exit", "vlan 2"]
    assert sent == ["vlan 1\nexit\nexit\nvlan 2\n"]


def test_a_slow_answer_is_awaited_with_wait_not_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``wait`` (the driver's select on the channel) the reader blocks in it between reads,
    longer each time up to 50 ms, and never polls with sleeps."""
    monkeypatch.setattr(batch.time, "sleep", lambda s: pytest.fail("polled with time.sleep"))
    waits: list[float] = []
    answers = ["", "", "", "", "", "", "", "vlan 1\r\nSSH@r(config-vlan-1)#", "", "exit\r\nSSH@r(config)#"]

    def read() -> str:
        return answers.pop(0) if answers else ""

    result, _ = batch.send(lambda text: None, read, [["vlan 1", "exit"]], "SSH@r", 5, wait=waits.append)
    assert [r.line for r in result.replies] == ["vlan 1", "exit"]
    assert len(waits) == 8 and waits == sorted(waits[:7]) + waits[7:] and max(waits) <= 0.05
    assert waits[6] > 0.005  # past the polling cap: the wait returns when output comes anyway


def test_the_echo_leaves_before_the_line_runs() -> None:
    """A client reads the echo before the output (netmiko gives it 10 s): a show that takes long
    must not hold the echo back, even when several lines come in one write."""
    from mpls_interop_lab.netiron.cli import CliSession

    d = definition(load_intent(SEED_INVENTORY), "echo-test")
    device = Lab(d).devices["r2"].device
    written: list[str] = []

    class Chan:
        def write(self, data: str) -> None:
            written.append(data)

    seen_at_run: list[str] = []

    def handler(words: list[str]) -> str:
        seen_at_run.append("".join(written))
        return "output"

    device.show_handler = handler
    session = CliSession(device)
    session.connection_made(Chan())
    session.level = "enable"
    session.data_received("show mpls lsp\nshow mpls ldp session\n", None)
    assert seen_at_run[0].endswith("show mpls lsp\r\n")
    assert seen_at_run[1].endswith("show mpls ldp session\r\n")
    assert "".join(written) == ("show mpls lsp\r\noutput\r\nSSH@r2#show mpls ldp session\r\noutput\r\nSSH@r2#")
