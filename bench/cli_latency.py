"""Client latency against the emulated lab: NetIron CLI (netmiko) and Junos NETCONF (ncclient).

    python bench/cli_latency.py

Side by side:
* netmiko ``send_config_set`` of 20 lines with the stock ``extreme_netiron`` class vs the toolkit's
  class with the corrected config-mode check (DESIGN §6), and one round trip of a bare asyncssh
  client (the floor);
* ncclient per-RPC latency with its default 0.1 s polling TICK vs a small one, and the emulator's
  own time per RPC (server-side).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interop import lab as labmod  # noqa: E402
from interop.load import load_intent  # noqa: E402

LINES = [f"vlan {v}" for v in range(3001, 3011)] + [f"interface ve {v}" for v in range(3001, 3011)]


def netmiko_config(host: str, port: int, user: str, pw: str, fast: bool) -> float:
    from netmiko import ConnectHandler

    from vendors.netiron.driver import FastNetironSSH

    params = dict(host=host, port=port, username=user, password=pw, secret=pw, fast_cli=True)
    conn = FastNetironSSH(**params) if fast else ConnectHandler(device_type="extreme_netiron", **params)
    conn.enable()
    t = time.perf_counter()
    conn.send_config_set(LINES)
    took = time.perf_counter() - t
    conn.disconnect()
    return took


async def asyncssh_roundtrip(host: str, port: int, user: str, pw: str) -> float:
    import asyncssh

    async with asyncssh.connect(host, port=port, username=user, password=pw, known_hosts=None) as conn:
        proc = await conn.create_process(term_type="vt100")
        await proc.stdout.readuntil(">")
        times = []
        for _ in range(20):
            t = time.perf_counter()
            proc.stdin.write("\n")
            await proc.stdout.readuntil(">")
            times.append(time.perf_counter() - t)
        proc.close()
        return statistics.median(times)


def ncclient_rpc(host: str, port: int, user: str, pw: str, tick: float | None, n: int = 20) -> float:
    import ncclient.transport.parser as p
    import ncclient.transport.session as s
    from ncclient import manager

    old = s.TICK
    if tick is not None:
        s.TICK = p.TICK = tick
    try:
        with manager.connect(host=host, port=port, username=user, password=pw, hostkey_verify=False,
                             device_params={"name": "junos"}, look_for_keys=False, allow_agent=False) as m:
            m.rpc(_rpc("get-software-information"))
            times = []
            for _ in range(n):
                t = time.perf_counter()
                m.rpc(_rpc("get-software-information"))
                times.append(time.perf_counter() - t)
            return statistics.median(times)
    finally:
        s.TICK = p.TICK = old


def _rpc(name: str):
    from lxml import etree

    return etree.Element(name)


def emulator_rpc_time(n: int = 200) -> float:
    """Server-side cost of one RPC: the Junos device handling get-software-information."""
    from lxml import etree

    from labs.junos.device import JunosDevice

    dev = JunosDevice("r1")
    handler = getattr(dev, "handle_rpc", None)
    if handler is None:
        return float("nan")
    rpc = etree.Element("get-software-information")
    t = time.perf_counter()
    for _ in range(n):
        handler(rpc)
    return (time.perf_counter() - t) / n


def main() -> None:
    inv = ROOT / "inventories" / "seed"
    os.environ["INTEROP_STATE_DIR"] = tempfile.mkdtemp()
    intent = load_intent(inv)
    state = labmod.up(intent, inv)
    try:
        devs = {d["name"]: d for d in state["devices"]}
        r1, r2 = devs["r1"], devs["r2"]
        args2 = ("127.0.0.1", r2["port"], r2["username"], r2["password"])
        args1 = ("127.0.0.1", r1["port"], r1["username"], r1["password"])
        stock = netmiko_config(*args2, fast=False)
        fast = netmiko_config(*args2, fast=True)
        rt = asyncio.run(asyncssh_roundtrip(*args2))
        print("NetIron CLI, 20-line send_config_set")
        print(f"  netmiko stock extreme_netiron : {stock:7.3f} s")
        print(f"  corrected config-mode check   : {fast:7.3f} s   (x{stock / fast:.0f} faster)")
        print(f"  bare asyncssh round trip      : {rt * 1000:7.2f} ms per command")
        slow = ncclient_rpc(*args1, tick=None)
        quick = ncclient_rpc(*args1, tick=0.002)
        server = emulator_rpc_time()
        print("Junos NETCONF, get-software-information, median per RPC")
        print(f"  ncclient default TICK 0.1 s   : {slow * 1000:7.1f} ms")
        print(f"  ncclient TICK 0.002 s         : {quick * 1000:7.1f} ms   (x{slow / quick:.0f} faster)")
        print(f"  emulator's own time per RPC   : {server * 1000:7.3f} ms")
    finally:
        labmod.down(inv)


if __name__ == "__main__":
    main()
