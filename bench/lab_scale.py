"""Lab scale: generated 50- and 500-router inventories next to the 3-router seed network.

    python bench/lab_scale.py [--routers 50,500] [--services 200,1000] [--mesh pw-peers] [--repeat 3]

For each network it prints:
* ``interop lab up`` wall time (a separate process, as a user runs it), the lab process's own
  device start time (``started_in`` in its state file) and its peak RSS with factory configs;
* in a fresh child process: start of every emulated device, time to load the rendered configs
  into the network model, the first full state computation; for one change on one device —
  an LSP option (routing untouched), an OSPF hello interval (the adjacency drops, and back: it
  returns), an OSPF cost on one interface, an IP MTU on one interface (the neighbours stick in
  ExStart), a link-down fault and a link MTU fault, each toggled so every repeat is a real
  change (median of ``--repeat``) — the lab's incremental recompute (wall and CPU) next to a
  from-scratch computation of the same configurations, their ratio, how many searches the
  recompute ran and whether both states are equal; protocol state counts (so a fast figure is
  not an empty model), the load average and the child's peak RSS.
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


#: one-line configuration changes on the first device that has the needle:
#: (label, Junos needle → edit, NetIron needle → edit)
CHANGES = (
    # an LSP option: routing inputs unchanged, only the head-end's LSPs are redone
    ("lsp option", ("revert-timer 30;", "revert-timer 45;"), ("\n  frr\n", "\n")),
    # an OSPF hello interval: the adjacency drops (then, reverted, comes back); only the memoised
    # paths the lost/new edges can affect are recomputed (model/pathmemo.py)
    ("ospf hello", ("hello-interval 10;", "hello-interval 11;"), ("ip ospf hello-interval 10", "ip ospf hello-interval 11")),
    # an OSPF cost on one interface (one direction of one link gets dearer; back: cheaper)
    ("ospf cost", ("hello-interval 10;", "hello-interval 10;\n                metric 3;"),
     ("ip ospf hello-interval 10", "ip ospf hello-interval 10\n ip ospf cost 3")),
    # an IP MTU on one end of a link: the neighbours stick in ExStart/Exchange (no adjacency)
    ("ip mtu", ("mtu 1500;", "mtu 1400;"), ("ip mtu 1500", "ip mtu 1400")),
)
#: faults on the first wire of the first device: (label, apply(faults, wire end))
FAULTS = (
    ("link down", lambda faults, end: faults.link_down.add(end)),
    ("link mtu", lambda faults, end: faults.link_mtu.__setitem__(end, 1400)),
)


async def _in_process(inv: Path, repeat: int) -> dict[str, Any]:
    from mpls_interop.core.load import load_intent
    from mpls_interop.core.render import render_all
    from mpls_interop.ops.lab import definition
    from mpls_interop_lab.junos.config import JunosConfig
    from mpls_interop_lab.model import NetworkState
    from mpls_interop_lab.netiron.config import NetIronConfig
    from mpls_interop_lab.runtime import Lab

    def parse(vendor: str, text: str) -> Any:
        return JunosConfig.parse_text(text) if vendor == "junos" else NetIronConfig.from_text(text)

    intent = load_intent(inv)
    lab = Lab(definition(intent, inv.name))
    t = time.perf_counter()
    await lab.start()
    start = time.perf_counter() - t
    out: dict[str, Any] = {"start": start}
    try:
        configs = render_all(intent)
        t = time.perf_counter()
        for name, ld in lab.devices.items():
            lab.network.set_config(name, ld.vendor, parse(ld.vendor, configs[name]))
        out["load"] = time.perf_counter() - t
        t = time.perf_counter()
        state = lab.network.state
        out["first_compute"] = time.perf_counter() - t
        out.update({
            "ospf_full": sum(1 for d in state.devices.values() for n in d.ospf if n.state == "Full"),
            "ospf": sum(len(d.ospf) for d in state.devices.values()),
            "lsps_up": sum(1 for d in state.devices.values() for x in d.lsps if x.up),
            "lsps": sum(len(d.lsps) for d in state.devices.values()),
            "pws_up": sum(1 for d in state.devices.values() for x in d.pws if x.up),
            "pws": sum(len(d.pws) for d in state.devices.values()),
        })
        net = lab.network
        # one change on one device (toggled, so every repeat is a real change): the lab's
        # incremental recompute vs a from-scratch computation of the same views
        toggles: list[tuple[str, Any, Any]] = []
        for label, junos_edit, netiron_edit in CHANGES:
            dev = next((n for n, ld in lab.devices.items()
                        if (junos_edit if ld.vendor == "junos" else netiron_edit)[0] in configs[n]), None)
            if dev is None:  # no device configures it (a change would be a no-op)
                continue
            vendor = lab.devices[dev].vendor
            needle, edit = junos_edit if vendor == "junos" else netiron_edit
            variants = [parse(vendor, configs[dev].replace(needle, edit, 1)), parse(vendor, configs[dev])]
            toggles.append((label, dev, [
                lambda d=dev, v=vendor, c=c: net.set_config(d, v, c) for c in variants]))
        # the port of the first OSPF adjacency of the first device (a core link)
        first = next(iter(lab.devices))
        end = next(((a.a_dev, a.a_port) if a.a_dev == first else (a.b_dev, a.b_port)
                    for a in net.state.adjacencies if first in (a.a_dev, a.b_dev)), None)
        for label, fault in FAULTS if end is not None else ():
            def on(fault: Any = fault) -> None:
                fault(net.faults, end)
                net.changed()

            def off() -> None:
                net.faults.link_down.discard(end)
                net.faults.link_mtu.pop(end, None)
                net.changed()
            toggles.append((label, first, [on, off]))
        for label, dev, (apply, revert) in toggles:
            # the change, then its revert, ``repeat`` times: each direction reported on its own
            for direction, do, undo in (("", apply, revert), (" back", revert, apply)):
                inc, cpu, full = [], [], []
                same = True
                kept = []
                searches = []
                for _ in range(repeat):
                    undo()
                    _ = net.state
                    do()
                    t, c = time.perf_counter(), time.process_time()
                    after = net.state
                    inc.append(time.perf_counter() - t)
                    cpu.append(time.process_time() - c)
                    t = time.perf_counter()
                    scratch = NetworkState(dict(net.views), net.wires, net.faults)
                    full.append(time.perf_counter() - t)
                    same = same and after.summary() == scratch.summary() and all(
                        a.lsps == b.lsps and a.rsvp == b.rsvp and a.ldp == b.ldp and a.ospf == b.ospf
                        for a, b in zip(after.devices.values(), scratch.devices.values(), strict=True))
                    searches.append(after.searches)
                    kept.append("all kept" if after.reused else
                                "kept {} searches, {} routes".format(*after.kept_paths) if after.carried
                                else "recomputed")
                out[label + direction] = {"device": dev, "incremental": statistics.median(inc),
                                          "cpu": statistics.median(cpu), "full": statistics.median(full),
                                          "same": same, "paths": kept[-1], "searches": statistics.median(searches)}
            revert()  # back to the rendered configuration, no fault
        out["loadavg"] = os.getloadavg()
    finally:
        await lab.stop()
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def in_child(inv: Path, repeat: int) -> dict[str, Any]:
    """Run the in-process measurement in a fresh interpreter so its peak RSS is its own."""
    out = subprocess.run([sys.executable, __file__, "--one", str(inv), "--repeat", str(repeat)],
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"measurement of {inv} failed: {out.stderr.strip()[-800:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routers", default="50,500", help="generated lab sizes, comma-separated")
    ap.add_argument("--services", default="200,1000", help="services per generated lab, comma-separated")
    ap.add_argument("--mesh", choices=["full", "pw-peers"], default="pw-peers",
                    help="LSP mesh of the generated labs (full: N² LSPs)")
    ap.add_argument("--repeat", type=int, default=3, help="changes measured per kind (median shown)")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(_in_process(args.one, args.repeat))))
        return
    nets: list[tuple[str, Path]] = [("seed (3 routers)", ROOT / "inventories" / "seed")]
    mesh = True if args.mesh == "full" else "pw-peers"
    for n, s in zip(args.routers.split(","), args.services.split(","), strict=True):
        inv = generate(Path(tempfile.mkdtemp(prefix="bench-inv-")) / f"gen{n}", int(n), int(s), mesh)
        nets.append((f"generated ({n} routers, {s} svc)", inv))
    rows = []
    load = os.getloadavg()
    for label, inv in nets:
        rows.append((label, cli_up_down(inv) | in_child(inv, args.repeat)))

    print(f"{'network':<36} {'lab up':>7} {'daemon':>7} {'lab RSS':>8} {'load cfg':>8} {'compute':>8} {'peak RSS':>8}")
    for label, f in rows:
        print(f"{label:<36} {f['cli_up']:>6.2f}s {f['daemon_start']:>6.3f}s {f['daemon_rss']:>5.0f}MiB "
              f"{f['load']:>7.3f}s {f['first_compute']:>7.3f}s {f['peak_rss']:>5.0f}MiB")
    print()
    print(f"{'network':<36} {'change':<16} {'incremental':>11} {'(CPU)':>9} {'full':>9} {'ratio':>7} "
          f"{'searches':>8}  memoised paths, same state")
    names = [name for name, *_ in CHANGES] + [name for name, _ in FAULTS]
    for label, f in rows:
        for change in (x for name in names for x in (name, name + " back")):
            c = f.get(change)
            if c is None:
                print(f"{label:<36} {change:<16} {'n/a (nothing to change)':>30}")
                continue
            print(f"{label:<36} {change:<16} {c['incremental'] * 1000:>9.1f}ms {c['cpu'] * 1000:>7.1f}ms "
                  f"{c['full'] * 1000:>7.1f}ms {c['full'] / max(c['incremental'], 1e-9):>6.0f}x "
                  f"{c['searches']:>8.0f}  {c['paths']}, {'same state' if c['same'] else 'DIFFERENT STATE'}")
    print()
    print(f"{'network':<36} {'OSPF Full':>10} {'LSPs up':>11} {'PWs up':>11}")
    for label, f in rows:
        print(f"{label:<36} {f['ospf_full']:>4}/{f['ospf']:<5} {f['lsps_up']:>5}/{f['lsps']:<5} {f['pws_up']:>5}/{f['pws']:<5}")
    print()
    print("lab up = `interop lab up` wall time; daemon = the lab process's own start of all devices; "
          "lab RSS = the lab daemon's peak RSS (factory configs); load cfg/compute/recompute/peak RSS "
          "measured in a fresh child process with the rendered configs loaded. incremental = the lab's "
          "recompute after one change on one device (wall, and CPU of the process); full = a "
          "from-scratch NetworkState of the same configurations (median of --repeat); searches = "
          "shortest-path searches the recompute ran.")
    print(f"load average at start {load[0]:.1f}, at end {os.getloadavg()[0]:.1f}; "
          f"commit {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=ROOT).stdout.strip()}")


if __name__ == "__main__":
    main()
