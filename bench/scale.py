"""Load + lint + render at scale, with baselines measured in the same run.

    python bench/scale.py [--sizes 100,1000] [--services-per-router 5] [--mesh pw-peers]
                          [--repeat 3] [--baseline-src /work/main/src]

What a user runs, as whole processes (interpreter start and imports included), for each size:

* ``interop render -i INV --lint --out DIR``: lint and render in one command (the headline figure);
* ``interop lint -i INV`` then ``interop render -i INV --out DIR``: the same work as two commands
  (the sum of the two processes).

Each is run ``--repeat`` times into an empty output directory (every file is created: the
filesystem's share, mostly system time, is in the figures); the median wall time, the median CPU time (user + system of the child, from
``wait4``) and the child's peak RSS are printed, with the load average around each figure. Then, in
a fresh interpreter per size, the CPU time of each stage (imports, load = strict YAML + pydantic,
plan, lint rules, render of every device without writing).

Baselines in the same run: ``--baseline-src`` (another checkout's ``src``, e.g. main's) runs the
two-command sequence and the stages on the largest inventory (main has no ``render --lint``); the
scaling from the smallest to the largest size; PyYAML's pure-Python ``SafeLoader`` vs the strict
loader on the largest intent.yml; a full PE mesh vs ``pw-peers`` at the smallest size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.gen_inventory import generate  # noqa: E402

STAGES = r"""
import json, sys, time
from pathlib import Path
T = time.process_time
inv, stage = Path(sys.argv[1]), sys.argv[2]
t0 = T()
if stage == "yaml-pure":
    import yaml
    yaml.load((inv / "intent.yml").read_text(), Loader=yaml.SafeLoader)
    print(json.dumps({"parse": T() - t0}))
    sys.exit(0)
if stage == "yaml-strict":
    from mpls_interop.core import yamlstrict
    yamlstrict.load((inv / "intent.yml").read_text())
    print(json.dumps({"parse": T() - t0}))
    sys.exit(0)
import gc
from mpls_interop.core.lint import lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.core.render import render_device
t1 = T()
gc.disable()  # as the commands run (cli.common.batch_gc); a baseline may not have it: same for both
intent = load_intent(inv)
t2 = T()
plan = plan_intent(intent)
t3 = T()
findings = lint(intent, plan)
t4 = T()
for name in sorted(intent.devices):
    render_device(intent, name, "text", plan)
t5 = T()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "plan": t3 - t2, "lint": t4 - t3, "render": t5 - t4,
                  "lsps": sum(len(d.lsps) for d in plan.devices.values()), "findings": len(findings)}))
"""


#: children run here, not in the repository: its root links mpls_interop to src/, and the working
#: directory comes first on a child's sys.path (before PYTHONPATH, i.e. before --baseline-src)
NEUTRAL_CWD = tempfile.gettempdir()


def loadavg() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def run_child(args: list[str], src: Path | None = None) -> dict:
    """One child process (output discarded): wall time, CPU time (user + system, from ``wait4``)
    and peak RSS."""
    env = {**os.environ, "PYTHONPATH": str(src)} if src else dict(os.environ)
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=NEUTRAL_CWD, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # reaped here, with its own resource usage
    wall = time.perf_counter() - t0
    rc = proc.returncode = os.waitstatus_to_exitcode(status)
    if rc not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed with exit code {rc}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "rc": rc}


def interop(*args: str) -> list[str]:
    return [sys.executable, "-m", "mpls_interop", *args]


def measure(label: str, commands: list[list[str]], repeat: int, src: Path | None = None,
            out: Path | None = None) -> dict:
    """``commands`` run in sequence, ``repeat`` times: medians of the summed wall and CPU times;
    ``out`` (the render's output directory) is removed before each run, so every file is new."""
    load0 = loadavg()
    walls, cpus, rss = [], [], 0.0
    for _ in range(repeat):
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
        results = [run_child(c, src) for c in commands]
        walls.append(sum(r["wall"] for r in results))
        cpus.append(sum(r["cpu"] for r in results))
        rss = max(rss, *(r["rss"] for r in results))
    row = {"label": label, "wall": statistics.median(walls), "wall_min": min(walls), "cpu": statistics.median(cpus),
           "rss": rss, "load": f"{load0}->{loadavg()}"}
    print(f"  {label:<46} wall {row['wall']:5.2f} s (min {row['wall_min']:.2f}), CPU {row['cpu']:5.2f} s, "
          f"peak RSS {rss:4.0f} MiB, load {row['load']}", flush=True)
    return row


def stages(inv: Path, src: Path | None = None, stage: str = "all") -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    out = subprocess.run([sys.executable, "-c", STAGES, str(inv), stage], capture_output=True, text=True,
                         check=True, env=env, cwd=NEUTRAL_CWD)
    return json.loads(out.stdout)


def print_stages(label: str, s: dict) -> None:
    total = s["imports"] + s["load"] + s["plan"] + s["lint"] + s["render"]
    print(f"  stages ({label}, CPU s): imports {s['imports']:.2f}, load {s['load']:.2f}, plan {s['plan']:.2f}, "
          f"lint {s['lint']:.2f}, render {s['render']:.2f} (no writes) = {total:.2f}; {s['lsps']} LSPs, "
          f"{s['findings']} findings", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--services-per-router", type=int, default=5)
    ap.add_argument("--mesh", choices=["full", "pw-peers"], default="pw-peers")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-src", type=Path,
                    help="another checkout's src/ (e.g. /work/main/src): the largest size measured with it too")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    mesh = True if args.mesh == "full" else "pw-peers"
    base = args.baseline_src.resolve() if args.baseline_src else None
    print(f"load average (1/5/15 min) at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs; Python {sys.version.split()[0]}", flush=True)
    rows: dict[int, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            inv = generate(Path(tmp) / f"r{n}", routers=n, services=n * args.services_per_router, mesh=mesh)
            out = Path(tmp) / f"out{n}"
            print(f"{n} routers, {n * args.services_per_router} services ({args.mesh}):", flush=True)
            one = measure("render --lint --out (one command)",
                          [interop("render", "-i", str(inv), "--lint", "--out", str(out))], args.repeat, out=out)
            two = measure("lint, then render --out (two commands)",
                          [interop("lint", "-i", str(inv)), interop("render", "-i", str(inv), "--out", str(out))],
                          args.repeat, out=out)
            st = stages(inv)
            print_stages("this tree", st)
            rows[n] = {"one": one, "two": two, "stages": st}
            if base is not None and n == sizes[-1]:
                bout = Path(tmp) / f"base-out{n}"
                btwo = measure(f"baseline {base}: lint, then render --out",
                               [interop("lint", "-i", str(inv)), interop("render", "-i", str(inv), "--out", str(bout))],
                               args.repeat, base, out=bout)
                bst = stages(inv, base)
                print_stages("baseline", bst)
                print(f"  this tree vs baseline: one command wall x{btwo['wall'] / one['wall']:.1f} faster, CPU "
                      f"x{btwo['cpu'] / one['cpu']:.1f}; two commands wall x{btwo['wall'] / two['wall']:.1f}, "
                      f"CPU x{btwo['cpu'] / two['cpu']:.1f}", flush=True)
        small, big = rows[sizes[0]], rows[sizes[-1]]
        if len(sizes) > 1:
            ratio = sizes[-1] / sizes[0]

            def stage_total(s: dict) -> float:
                return s["load"] + s["plan"] + s["lint"] + s["render"]

            print(f"scaling {sizes[-1]}/{sizes[0]} routers (x{ratio:.0f}): one command wall "
                  f"x{big['one']['wall'] / small['one']['wall']:.1f}, CPU x{big['one']['cpu'] / small['one']['cpu']:.1f}; "
                  f"stages without imports x{stage_total(big['stages']) / stage_total(small['stages']):.1f}")
        inv_big = Path(tmp) / f"r{sizes[-1]}"
        pure, strict = stages(inv_big, stage="yaml-pure"), stages(inv_big, stage="yaml-strict")
        print(f"YAML of {sizes[-1]} routers' intent.yml (CPU, with imports): pure-Python SafeLoader "
              f"{pure['parse']:.2f} s, strict loader {strict['parse']:.2f} s (x{pure['parse'] / strict['parse']:.1f})")
        inv_full = generate(Path(tmp) / "full", routers=sizes[0], services=sizes[0] * args.services_per_router,
                            mesh=True)
        full = stages(inv_full)
        print(f"mesh at {sizes[0]} routers: full {full['lsps']} LSPs plan+lint+render "
              f"{full['plan'] + full['lint'] + full['render']:.2f} s CPU vs pw-peers {small['stages']['lsps']} LSPs "
              f"{small['stages']['plan'] + small['stages']['lint'] + small['stages']['render']:.2f} s")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          "(wall times grow with it; CPU times much less)")


if __name__ == "__main__":
    main()
