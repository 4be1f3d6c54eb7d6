"""Lab scale: a generated 50-router inventory with 200 services.

    python bench/lab_scale.py [--routers 50] [--services 200]

Prints: `interop lab up` wall time (separate process, as a user runs it), in-process start time of
all emulated devices, model recompute time after one configuration change (full seed-style
configs loaded on every device), and peak memory — next to the same figures for the 3-router seed
network as the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_inventory import generate  # noqa: E402
from interop.lab import definition  # noqa: E402
from interop.load import load_intent  # noqa: E402
from interop.render import render_all  # noqa: E402
from labs.junos.config import JunosConfig  # noqa: E402
from labs.netiron.config import NetIronConfig  # noqa: E402
from labs.runtime import Lab  # noqa: E402


def cli_up_down(inv: Path) -> float:
    env = {**os.environ, "INTEROP_STATE_DIR": tempfile.mkdtemp()}
    t = time.perf_counter()
    up = subprocess.run([sys.executable, "-m", "interop", "lab", "up", "-i", str(inv)], env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    subprocess.run([sys.executable, "-m", "interop", "lab", "down", "-i", str(inv)], env=env, capture_output=True)
    if up.returncode:
        raise SystemExit(up.stderr)
    return took


async def in_process(inv: Path) -> dict[str, float]:
    intent = load_intent(inv)
    lab = Lab(definition(intent, inv.name))
    t = time.perf_counter()
    await lab.start()
    start = time.perf_counter() - t
    configs = render_all(intent)
    for name, ld in lab.devices.items():
        cfg = JunosConfig.parse_text(configs[name]) if ld.vendor == "junos" else NetIronConfig.from_text(configs[name])
        lab.network.set_config(name, ld.vendor, cfg)
    t = time.perf_counter()
    state = lab.network.state
    full = time.perf_counter() - t
    # one configuration change on one device, then the recompute it triggers
    first = next(iter(lab.devices))
    ld = lab.devices[first]
    changed = configs[first].replace("hello-interval 10", "hello-interval 11", 1)
    cfg = JunosConfig.parse_text(changed) if ld.vendor == "junos" else NetIronConfig.from_text(changed)
    t = time.perf_counter()
    lab.network.set_config(first, ld.vendor, cfg)
    lab.network.state  # noqa: B018 - force the recompute
    recompute = time.perf_counter() - t
    lsps = sum(len(d.lsps) for d in state.devices.values())
    pws = sum(len(d.pws) for d in state.devices.values())
    await lab.stop()
    return {"start": start, "first_compute": full, "recompute": recompute, "lsps": lsps, "pws": pws}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--routers", type=int, default=50)
    ap.add_argument("--services", type=int, default=200)
    args = ap.parse_args()
    big = generate(Path(tempfile.mkdtemp()) / "big", args.routers, args.services)
    seed = ROOT / "inventories" / "seed"
    rows = []
    for label, inv in (("seed (3 routers)", seed), (f"generated ({args.routers} routers, {args.services} services)", big)):
        up = cli_up_down(inv)
        figures = asyncio.run(in_process(inv))
        rows.append((label, up, figures))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'network':<40} {'lab up (CLI)':>12} {'start':>8} {'compute':>8} {'recompute':>10} {'LSPs':>6} {'PWs':>5}")
    for label, up, f in rows:
        print(f"{label:<40} {up:>11.2f}s {f['start']:>7.2f}s {f['first_compute']:>7.3f}s {f['recompute']:>9.3f}s "
              f"{f['lsps']:>6} {f['pws']:>5}")
    base, big_row = rows[0][2], rows[1][2]
    print(f"ratio generated/seed: start x{big_row['start'] / base['start']:.1f}, "
          f"recompute x{big_row['recompute'] / max(base['recompute'], 1e-6):.1f}")
    print(f"peak memory of this process (both labs in turn): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
