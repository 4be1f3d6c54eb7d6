"""Client latency against the emulated seed lab: NetIron CLI (netmiko) and Junos NETCONF (ncclient).

    python bench/cli_latency.py [--repeat 3] [--rpcs 20]

Side by side:
* netmiko ``send_config_set`` of 20 valid lines (``vlan N name …`` + ``router-interface ve N`` +
  ``exit``, fresh VLANs each run) with the stock ``extreme_netiron`` class vs the toolkit's
  ``mpls_interop.vendors.netiron.driver.FastNetironSSH`` (corrected config-mode check, DESIGN §6); one netmiko
  ``send_command`` and one round trip of a bare asyncssh client on the same CLI (the floor);
* ncclient per-RPC latency with its default 0.1 s polling TICK, with a 2 ms TICK (the toolkit's
  earlier fix), and with requests written at once (``mpls_interop.vendors.junos.ncsend``, the
  toolkit's driver now, TICK left at 0.1 s), and the
  emulator's own time per RPC (server side: the framed request fed to the NETCONF session's
  ``data_received``, i.e. deframe + parse + ``mpls_interop_lab.junos.rpcs.dispatch`` + reply rendering +
  framing, without SSH).
Medians throughout; connect/login time is not counted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mpls_interop.core.load import load_intent  # noqa: E402
from mpls_interop.ops import lab as labmod  # noqa: E402

RPCS = ("get-software-information", "get-interface-information")
NCCLIENT_DEFAULT_TICK = 0.1  # ncclient.transport.session.TICK as shipped


def config_lines(block: int) -> list[str]:
    """20 config lines the NetIron CLI accepts; each block uses its own VLANs so every run changes config."""
    base = 3000 + 10 * block
    # each VLAN block is left with `exit` (a global command is refused inside a sub-mode)
    lines = [x for v in range(base, base + 7) for x in (f"vlan {v} name bench-{v}", f"router-interface ve {v}", "exit")]
    return lines[:20]


def netmiko_runs(dev: dict[str, Any], fast: bool, blocks: list[int]) -> tuple[list[float], tuple[float, float]]:
    """send_config_set times (one per block) and ``send_command`` medians (see _show_times)."""
    from netmiko import ConnectHandler

    from mpls_interop.vendors.netiron.driver import FastNetironSSH

    params = dict(host=dev["host"], port=dev["port"], username=dev["username"], password=dev["password"],
                  secret=dev["password"], fast_cli=True)
    conn = FastNetironSSH(**params) if fast else ConnectHandler(device_type="extreme_netiron", **params)
    try:
        conn.enable()
        conn.disable_paging(command="skip-page-display")  # refused before `enable` (as the driver does)
        times = []
        for b in blocks:
            t = time.perf_counter()
            out = conn.send_config_set(config_lines(b))
            times.append(time.perf_counter() - t)
            if "Error" in out or "Invalid input" in out:
                raise SystemExit(f"the CLI rejected a benchmark line:\n{out}")
        return times, _show_times(conn)
    finally:
        conn.disconnect()


def _show_times(conn: Any, n: int = 10) -> tuple[float, float]:
    """Median ``send_command("show version")``: as netmiko does it by default (finds the prompt
    first) and with the prompt given as ``expect_string``."""
    prompt = re.escape(conn.base_prompt) + r"[>#]"
    out = []
    for kwargs in ({}, {"expect_string": prompt}):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            conn.send_command("show version", **kwargs)
            times.append(time.perf_counter() - t)
        out.append(statistics.median(times))
    return out[0], out[1]


async def asyncssh_roundtrip(dev: dict[str, Any], line: str = "", n: int = 20) -> float:
    import asyncssh

    async with asyncssh.connect(dev["host"], port=dev["port"], username=dev["username"], password=dev["password"],
                                known_hosts=None) as conn:
        proc = await conn.create_process(term_type="vt100")
        prompt = f"SSH@{dev['name']}>"
        await proc.stdout.readuntil(prompt)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            proc.stdin.write(line + "\n")
            await proc.stdout.readuntil(prompt)
            times.append(time.perf_counter() - t)
        proc.close()
        return statistics.median(times)


def ncclient_rpc(dev: dict[str, Any], tick: float, n: int, at_once: bool = False) -> dict[str, float]:
    """Median time per RPC; ``at_once``: requests written by the caller (the toolkit's ``ncsend``)."""
    import ncclient.transport.parser as nc_parser
    import ncclient.transport.session as nc_session
    from lxml import etree
    from ncclient import manager

    old = nc_session.TICK, nc_parser.TICK
    nc_session.TICK = nc_parser.TICK = tick
    try:
        with manager.connect(host=dev["host"], port=dev["port"], username=dev["username"], password=dev["password"],
                             hostkey_verify=False, device_params={"name": "junos"}, look_for_keys=False,
                             allow_agent=False) as m:
            if at_once:
                from mpls_interop.vendors.junos.ncsend import send_at_once

                send_at_once(m._session)
            out = {}
            for name in RPCS:
                m.rpc(etree.Element(name))  # warm-up
                times = []
                for _ in range(n):
                    t = time.perf_counter()
                    m.rpc(etree.Element(name))
                    times.append(time.perf_counter() - t)
                out[name] = statistics.median(times)
            return out
    finally:
        nc_session.TICK, nc_parser.TICK = old


class _Channel:
    """Stands in for the asyncssh channel: collects what the server writes."""

    def __init__(self) -> None:
        self.out: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.out.append(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def close(self) -> None:
        pass

    def abort(self) -> None:
        pass


def emulator_rpc_time(intent: Any, inv: Path, n: int = 200) -> dict[str, float]:
    """Server-side time per RPC on the seed lab's r1 (same construction as the lab process)."""
    from mpls_interop_lab.junos.framing import encode
    from mpls_interop_lab.junos.netconf import BASE_11, NetconfSession, _ServerContext
    from mpls_interop_lab.runtime import Lab

    lab = Lab(labmod.definition(intent, inv.name))
    device = lab.devices["r1"].device
    loop = asyncio.new_event_loop()
    try:
        session = NetconfSession(_ServerContext(device, "lab", "x", True, loop), "lab")
        chan = _Channel()
        session.connection_made(chan)
        session.session_started()
        hello = (f'<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
                 f"<capability>{BASE_11}</capability></capabilities></hello>").encode()
        session.data_received(encode(hello, chunked=False), None)
        out = {}
        for i, name in enumerate(RPCS):
            msg = encode(f'<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="{i}"><{name}/></rpc>'
                         .encode(), chunked=True)
            chan.out.clear()
            session.data_received(msg, None)
            reply = b"".join(chan.out)
            if b"<rpc-reply" not in reply or b"rpc-error" in reply:
                raise SystemExit(f"the emulator did not answer {name} cleanly: {reply[:300]!r}")
            t = time.perf_counter()
            for _ in range(n):
                session.data_received(msg, None)
            out[name] = (time.perf_counter() - t) / n
            chan.out.clear()
        return out
    finally:
        loop.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="send_config_set runs per class (median shown)")
    ap.add_argument("--rpcs", type=int, default=20, help="NETCONF RPCs timed per RPC name and tick")
    args = ap.parse_args()

    from mpls_interop.vendors.junos.driver import FAST_TICK

    inv = ROOT / "inventories" / "seed"
    os.environ["INTEROP_STATE_DIR"] = tempfile.mkdtemp(prefix="bench-cli-")
    intent = load_intent(inv)
    state = labmod.up(intent, inv)
    try:
        devs = {d["name"]: d for d in state["devices"]}
        r1, r2 = devs["r1"], devs["r2"]
        stock, stock_show = netmiko_runs(r2, fast=False, blocks=list(range(args.repeat)))
        fast, fast_show = netmiko_runs(r2, fast=True, blocks=list(range(args.repeat, 2 * args.repeat)))
        rt = asyncio.run(asyncssh_roundtrip(r2))
        rt_show = asyncio.run(asyncssh_roundtrip(r2, "show version"))
        s, f = statistics.median(stock), statistics.median(fast)
        print(f"NetIron CLI (r2), 20-line send_config_set, median of {args.repeat} (all runs in s)")
        print(f"  netmiko stock extreme_netiron : {s:7.3f} s   {' '.join(f'{x:.2f}' for x in stock)}")
        print(f"  FastNetironSSH (toolkit)      : {f:7.3f} s   {' '.join(f'{x:.2f}' for x in fast)}"
              f"   (x{s / f:.0f} faster)")
        print(f"  netmiko send_command          : {stock_show[0] * 1000:7.1f} ms stock, {fast_show[0] * 1000:.1f} ms toolkit; "
              f"with expect_string=prompt {stock_show[1] * 1000:.1f} / {fast_show[1] * 1000:.1f} ms")
        print(f"  bare asyncssh round trip      : {rt * 1000:7.2f} ms (Enter -> prompt), "
              f"{rt_show * 1000:.2f} ms (show version -> prompt)")

        slow = ncclient_rpc(r1, NCCLIENT_DEFAULT_TICK, args.rpcs)
        quick = ncclient_rpc(r1, FAST_TICK, args.rpcs, at_once=True)
        polled = ncclient_rpc(r1, 0.002, args.rpcs)
        server = emulator_rpc_time(intent, inv)
        print(f"Junos NETCONF (r1), median per RPC over {args.rpcs}")
        print(f"  {'RPC':<28} {'TICK 0.1 s':>11} {'TICK 0.002 s':>13} {'sent at once':>13} {'ratio':>6} {'emulator':>9}")
        for name in RPCS:
            print(f"  {name:<28} {slow[name] * 1000:>8.1f} ms {polled[name] * 1000:>10.1f} ms "
                  f"{quick[name] * 1000:>10.1f} ms {slow[name] / quick[name]:>5.0f}x {server[name] * 1000:>6.3f} ms")
    finally:
        labmod.down(inv)


if __name__ == "__main__":
    main()
