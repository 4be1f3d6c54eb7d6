"""Push the seed configs to the three seed devices, then collect all their state: toolkit settings
vs stock library settings, side by side.

    python bench/push_collect.py [--repeat 1]

Toolkit: ``JunosDriver(target)`` (small ncclient TICK) and ``NetIronDriver(target)``
(``FastNetironSSH``). Stock: ``JunosDriver(target, tick=None)`` with ncclient's TICK at its shipped
0.1 s, and ``NetIronDriver(target, fast=False)`` (netmiko's ``extreme_netiron``).

Each run starts a fresh emulated lab (factory configs), so every push really changes the devices.
Devices are handled one after the other: first the push on each
(connect + ``load(deployable_config)`` + ``diff`` + ``commit(5)`` + ``confirm``), then, on the same
sessions, the collection on each (interfaces, ospf_neighbors, ldp_sessions, lsps, pseudowires).
Medians over ``--repeat`` runs.
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

import ncclient.transport.parser as nc_parser  # noqa: E402
import ncclient.transport.session as nc_session  # noqa: E402

from mpls_interop.core.load import load_intent  # noqa: E402
from mpls_interop.ops import lab as labmod  # noqa: E402
from mpls_interop.ops.deploy import deployable_config  # noqa: E402
from mpls_interop.ops.targets import lab_targets  # noqa: E402
from mpls_interop.sdk.driver import Driver, Target  # noqa: E402
from mpls_interop.vendors.junos.driver import JunosDriver  # noqa: E402
from mpls_interop.vendors.netiron.driver import NetIronDriver  # noqa: E402

NCCLIENT_DEFAULT_TICK = 0.1
GETTERS = ("interfaces", "ospf_neighbors", "ldp_sessions", "lsps", "pseudowires")


def make_driver(vendor: str, target: Target, stock: bool) -> Driver:
    if vendor == "junos":
        if stock:
            # JunosDriver(tick=None) leaves ncclient's module-level TICK as it finds it, and an earlier
            # toolkit driver in this process has lowered it: put the shipped value back explicitly.
            nc_session.TICK = nc_parser.TICK = NCCLIENT_DEFAULT_TICK
            return JunosDriver(target, tick=None)
        return JunosDriver(target)
    return NetIronDriver(target, fast=not stock)


def one_run(intent: Any, inv: Path, stock: bool) -> dict[str, dict[str, Any]]:
    """Fresh lab; push to every device in turn, then collect from every device in turn."""
    labmod.down(inv)
    labmod.up(intent, inv)
    names = sorted(intent.devices)
    drivers: dict[str, Driver] = {}
    try:
        targets = lab_targets(intent, inv, names)
        out: dict[str, dict[str, Any]] = {}
        for name in names:
            vendor = intent.devices[name].vendor
            config = deployable_config(intent, name)
            drv = drivers[name] = make_driver(vendor, targets[name], stock)
            t0 = time.perf_counter()
            drv.connect()
            t1 = time.perf_counter()
            drv.load(config)
            diff = drv.diff()
            drv.commit(5)
            drv.confirm()
            t2 = time.perf_counter()
            if not diff:
                raise SystemExit(f"{name}: empty diff on a fresh lab, the push changed nothing")
            out[name] = {"vendor": vendor, "connect": t1 - t0, "push": t2 - t0, "diff_lines": len(diff.splitlines())}
        for name in names:  # same sessions, now that the whole network is configured
            drv = drivers[name]
            t0 = time.perf_counter()
            facts = {g: getattr(drv, g)() for g in GETTERS}
            out[name]["collect"] = time.perf_counter() - t0
            out[name]["counts"] = {g: len(v) for g, v in facts.items()}
            out[name]["pws_up"] = sum(1 for p in facts["pseudowires"] if p.up)
        tick = nc_session.TICK
        if tick != (NCCLIENT_DEFAULT_TICK if stock else JunosDriver(targets[names[0]]).tick):
            raise SystemExit(f"ncclient TICK is {tick} after a {'stock' if stock else 'toolkit'} run")
        return out
    finally:
        for drv in drivers.values():
            drv.close()
        labmod.down(inv)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="fresh-lab runs per setting (median shown)")
    args = ap.parse_args()
    inv = ROOT / "inventories" / "seed"
    os.environ["INTEROP_STATE_DIR"] = tempfile.mkdtemp(prefix="bench-push-")
    intent = load_intent(inv)
    runs: dict[str, list[dict[str, dict[str, Any]]]] = {"toolkit": [], "stock": []}
    for _ in range(args.repeat):
        for mode in ("stock", "toolkit"):
            runs[mode].append(one_run(intent, inv, stock=mode == "stock"))

    names = sorted(intent.devices)

    def med(mode: str, name: str, key: str) -> float:
        return statistics.median(r[name][key] for r in runs[mode])

    def total(mode: str, key: str) -> float:
        return statistics.median(sum(r[n][key] for n in names) for r in runs[mode])

    print(f"seed network, fresh lab per run, devices one after the other, median of {args.repeat}")
    print(f"{'device':<14} {'what':<8} {'stock':>9} {'toolkit':>9} {'ratio':>7}   (connect stock/toolkit)")
    for name in names:
        vendor = runs["toolkit"][0][name]["vendor"]
        for key in ("push", "collect"):
            s, f = med("stock", name, key), med("toolkit", name, key)
            extra = (f"   ({med('stock', name, 'connect'):.2f} / {med('toolkit', name, 'connect'):.2f} s)"
                     if key == "push" else "")
            print(f"{name + ' ' + vendor:<14} {key:<8} {s:>8.2f}s {f:>8.2f}s {s / f:>6.1f}x{extra}")
    for key in ("push", "collect"):
        s, f = total("stock", key), total("toolkit", key)
        print(f"{'all 3':<14} {key:<8} {s:>8.2f}s {f:>8.2f}s {s / f:>6.1f}x")
    s = total("stock", "push") + total("stock", "collect")
    f = total("toolkit", "push") + total("toolkit", "collect")
    print(f"{'all 3':<14} {'both':<8} {s:>8.2f}s {f:>8.2f}s {s / f:>6.1f}x")
    print()
    print("what was pushed and collected (last toolkit run): "
          + "; ".join(f"{n}: {r['diff_lines']} diff lines, "
                      + ", ".join(f"{g} {c}" for g, c in r["counts"].items()) + f", PWs up {r['pws_up']}"
                      for n, r in runs["toolkit"][-1].items()))


if __name__ == "__main__":
    main()
