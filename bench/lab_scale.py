"""Lab scale: a generated 50-router inventory with 200 services next to the 3-router seed network.

    python bench/lab_scale.py [--routers 50] [--services 200] [--repeat 5]

For each network it prints:
* ``interop lab up`` wall time (a separate process, as a user runs it), the lab process's own
  device start time (``started_in`` in its state file) and its peak RSS with factory configs;
* in a fresh child process: start of every emulated device, time to load the rendered configs
  into the network model, the first full state computation, the recompute after one
  configuration change (an OSPF hello interval on the first device, toggled so every repeat is a
  real change; median of ``--repeat``), protocol state counts (so a fast figure is not an empty
  model) and the child's peak RSS (lab + model + full configs + computed state).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_inventory import generate  # noqa: E402


def _vm_hwm_mib(pid: int) -> float:
    """Peak resident set of a running process (Linux /proc), MiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def cli_up_down(inv: Path) -> dict[str, float]:
    env = {**os.environ, "INTEROP_STATE_DIR": tempfile.mkdtemp(prefix="bench-lab-")}
    cmd = [sys.executable, "-m", "mpls_interop", "lab"]
    t = time.perf_counter()
    up = subprocess.run([*cmd, "up", "-i", str(inv)], env=env, capture_output=True, text=True, cwd=ROOT)
    took = time.perf_counter() - t
    try:
        if up.returncode:
            raise SystemExit(f"lab up failed ({up.returncode}): {up.stderr.strip()[-500:]}")
        states = list(Path(env["INTEROP_STATE_DIR"]).glob("labs/*/state.json"))
        state = json.loads(states[0].read_text())
        return {"cli_up": took, "daemon_start": float(state.get("started_in", float("nan"))),
                "daemon_rss": _vm_hwm_mib(int(state["pid"]))}
    finally:
        subprocess.run([*cmd, "down", "-i", str(inv)], env=env, capture_output=True, cwd=ROOT)


async def _in_process(inv: Path, repeat: int) -> dict[str, Any]:
    from mpls_interop.core.load import load_intent
    from mpls_interop.core.render import render_all
    from mpls_interop.ops.lab import definition
    from mpls_interop_lab.junos.config import JunosConfig
    from mpls_interop_lab.netiron.config import NetIronConfig
    from mpls_interop_lab.runtime import Lab

    def parse(vendor: str, text: str) -> Any:
        return JunosConfig.parse_text(text) if vendor == "junos" else NetIronConfig.from_text(text)

    intent = load_intent(inv)
    lab = Lab(definition(intent, inv.name))
    t = time.perf_counter()
    await lab.start()
    start = time.perf_counter() - t
    try:
        configs = render_all(intent)
        t = time.perf_counter()
        for name, ld in lab.devices.items():
            lab.network.set_config(name, ld.vendor, parse(ld.vendor, configs[name]))
        load = time.perf_counter() - t
        t = time.perf_counter()
        state = lab.network.state
        first = time.perf_counter() - t
        counts = {
            "ospf_full": sum(1 for d in state.devices.values() for n in d.ospf if n.state == "Full"),
            "ospf": sum(len(d.ospf) for d in state.devices.values()),
            "lsps_up": sum(1 for d in state.devices.values() for x in d.lsps if x.up),
            "lsps": sum(len(d.lsps) for d in state.devices.values()),
            "pws_up": sum(1 for d in state.devices.values() for x in d.pws if x.up),
            "pws": sum(len(d.pws) for d in state.devices.values()),
        }
        # one configuration change on one device, then the recompute it triggers (toggled)
        dev = next(iter(lab.devices))
        vendor = lab.devices[dev].vendor
        needle = "hello-interval 10" if vendor == "junos" else "ip ospf hello-interval 10"
        if needle not in configs[dev]:
            raise SystemExit(f"cannot find {needle!r} in {dev}'s rendered config: the change would be a no-op")
        variants = [parse(vendor, configs[dev].replace(needle, needle[:-2] + "11", 1)), parse(vendor, configs[dev])]
        times = []
        full_after = None
        for k in range(repeat):
            lab.network.set_config(dev, vendor, variants[k % 2])
            t = time.perf_counter()
            after = lab.network.state
            times.append(time.perf_counter() - t)
            if k == 0:
                full_after = sum(1 for d in after.devices.values() for n in d.ospf if n.state == "Full")
    finally:
        await lab.stop()
    return {"start": start, "load": load, "first_compute": first, "recompute": statistics.median(times),
            "ospf_full_after_change": full_after, **counts,
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(inv: Path, repeat: int) -> dict[str, Any]:
    """Run the in-process measurement in a fresh interpreter so its peak RSS is its own."""
    out = subprocess.run([sys.executable, __file__, "--one", str(inv), "--repeat", str(repeat)],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"measurement of {inv} failed: {out.stderr.strip()[-800:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routers", type=int, default=50)
    ap.add_argument("--services", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5, help="recomputes measured (median shown)")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_in_process(args.one, args.repeat))))
        return
    big = generate(Path(tempfile.mkdtemp(prefix="bench-inv-")) / "big", args.routers, args.services)
    nets = (("seed (3 routers)", ROOT / "inventories" / "seed"),
            (f"generated ({args.routers} routers, {args.services} svc)", big))
    rows = []
    for label, inv in nets:
        rows.append((label, cli_up_down(inv) | in_child(inv, args.repeat)))

    print(f"{'network':<38} {'lab up':>7} {'daemon':>7} {'start':>7} {'load cfg':>8} {'compute':>8} "
          f"{'recompute':>9} {'lab RSS':>8} {'peak RSS':>8}")
    for label, f in rows:
        print(f"{label:<38} {f['cli_up']:>6.2f}s {f['daemon_start']:>6.3f}s {f['start']:>6.3f}s {f['load']:>7.3f}s "
              f"{f['first_compute']:>7.3f}s {f['recompute']:>8.3f}s {f['daemon_rss']:>5.0f}MiB {f['peak_rss']:>5.0f}MiB")
    print()
    print(f"{'network':<38} {'OSPF Full':>10} {'LSPs up':>11} {'PWs up':>9}  OSPF Full after the change")
    for label, f in rows:
        print(f"{label:<38} {f['ospf_full']:>4}/{f['ospf']:<5} {f['lsps_up']:>5}/{f['lsps']:<5} "
              f"{f['pws_up']:>4}/{f['pws']:<4}  {f['ospf_full_after_change']}")
    base, gen = rows[0][1], rows[1][1]
    print()
    print("ratio generated/seed: " + ", ".join(
        f"{k} x{gen[k] / max(base[k], 1e-6):.1f}"
        for k in ("cli_up", "start", "load", "first_compute", "recompute", "peak_rss")))
    print("lab up = `interop lab up` wall time; daemon = the lab process's own start of all devices; "
          "start/load/compute/recompute/peak RSS measured in a fresh child process with the rendered "
          "configs loaded; lab RSS = the lab daemon's peak RSS (factory configs).")


if __name__ == "__main__":
    main()
