"""NetIron configuration push of 80 lines: stock netmiko ``send_config_set`` vs the toolkit's
batched push (``mpls_interop.vendors.netiron.batch``), side by side in one run.

    python bench/batch_push.py [--repeat 3] [--lines 80] [--batch 1,4,16,40]

Each run pushes a fresh block of VLANs (``vlan N name …`` + ``router-interface ve N`` + ``exit``,
so every run changes the config) to r2 of the seed lab, over an open session (login not counted):
* stock: ``ConnectHandler(device_type="extreme_netiron").send_config_set(lines)``, netmiko's
  defaults (one line per round trip, its own config-mode checks);
* toolkit line by line: ``batch.send`` with one line per round trip (the echo reader, no batching);
* toolkit batched: ``batch.send`` at each ``--batch`` size (the driver's default is
  ``batch.DEFAULT_LINES``).
Every line's reply is checked; medians shown.
"""

from __future__ import annotations

import argparse
import os
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
from mpls_interop.vendors.netiron import batch  # noqa: E402
from mpls_interop.vendors.netiron.driver import FastNetironSSH  # noqa: E402


def config_lines(run: int, n: int) -> tuple[list[str], set[int]]:
    """``n`` lines of VLAN blocks (3 lines each) the CLI accepts, and where each block starts."""
    lines: list[str] = []
    starts: set[int] = set()
    v = 2000 + 40 * run
    while len(lines) < n:
        starts.add(len(lines))
        lines += [f"vlan {v} name bench-{v}", f"router-interface ve {v}", "exit"]
        v += 1
    return lines[:n], starts


def stock(dev: dict[str, Any], runs: list[int], n: int) -> list[float]:
    from netmiko import ConnectHandler

    conn = ConnectHandler(device_type="extreme_netiron", host=dev["host"], port=dev["port"],
                          username=dev["username"], password=dev["password"], secret=dev["password"])
    try:
        conn.enable()
        times = []
        for r in runs:
            lines, _ = config_lines(r, n)
            t = time.perf_counter()
            out = conn.send_config_set(lines)
            times.append(time.perf_counter() - t)
            if "Error" in out or "Invalid input" in out:
                raise SystemExit(f"the CLI rejected a benchmark line:\n{out}")
        return times
    finally:
        conn.disconnect()


def toolkit(dev: dict[str, Any], runs: list[int], n: int, size: int) -> list[float]:
    conn = FastNetironSSH(host=dev["host"], port=dev["port"], username=dev["username"], password=dev["password"],
                          secret=dev["password"], fast_cli=True)
    try:
        conn.enable()
        times = []
        for r in runs:
            lines, starts = config_lines(r, n)
            t = time.perf_counter()
            # as the driver does it: `configure terminal` and `end` ride along with the first/last batch
            result, _ = batch.send(conn.write_channel, conn.read_channel, batch.batches(lines, starts, size),
                                   conn.base_prompt, 30, enter="configure terminal", leave="end")
            times.append(time.perf_counter() - t)
            if result.first_error or len(result.replies) != len(lines) or len(result.control) != 2:
                raise SystemExit(f"the CLI rejected a benchmark line: {result.first_error}")
        return times
    finally:
        conn.disconnect()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lines", type=int, default=80)
    ap.add_argument("--batch", default=f"1,4,{batch.DEFAULT_LINES},40")
    args = ap.parse_args()
    sizes = [int(x) for x in args.batch.split(",")]

    inv = ROOT / "inventories" / "seed"
    os.environ["INTEROP_STATE_DIR"] = tempfile.mkdtemp(prefix="bench-batch-")
    intent = load_intent(inv)
    state = labmod.up(intent, inv)
    try:
        r2 = next(d for d in state["devices"] if d["name"] == "r2")
        run = iter(range(1000))
        base = stock(r2, [next(run) for _ in range(args.repeat)], args.lines)
        rows = [(f"toolkit, {s} line(s) per round trip", toolkit(r2, [next(run) for _ in range(args.repeat)],
                                                                 args.lines, s)) for s in sizes]
        b = statistics.median(base)
        print(f"NetIron CLI (r2), {args.lines}-line push, median of {args.repeat} (all runs in s)")
        print(f"  {'netmiko stock send_config_set':<38}: {b:8.3f} s   {' '.join(f'{x:.3f}' for x in base)}")
        for name, times in rows:
            m = statistics.median(times)
            print(f"  {name:<38}: {m:8.3f} s   {' '.join(f'{x:.3f}' for x in times)}   (x{b / m:.0f} faster)")
    finally:
        labmod.down(inv)


if __name__ == "__main__":
    main()
