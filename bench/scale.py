"""Load + lint + render at scale, with baselines measured in the same run.

    python bench/scale.py [--sizes 100,1000] [--services-per-router 5] [--mesh pw-peers]
                          [--baseline-src ../../main/src]

For each size it generates an inventory (``gen_inventory.py``), then in a fresh child process per
stage measures wall time and the child's peak RSS: load (strict YAML + pydantic), lint, render of
every device (``render --out`` work without the writes). Baselines in the same run:

* scaling: the largest size's total against the smallest's (linear would be the size ratio);
* YAML: the same intent.yml parsed by PyYAML's pure-Python ``SafeLoader`` vs the toolkit's strict
  loader (libyaml's C parser when PyYAML has it);
* mesh: lint + render of the smallest size with a full PE mesh (N² LSPs) vs ``pw-peers``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.gen_inventory import generate  # noqa: E402

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
inv, stage = Path(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
if stage == "yaml-pure":
    import yaml
    yaml.load((inv / "intent.yml").read_text(), Loader=yaml.SafeLoader)
elif stage == "yaml-strict":
    from mpls_interop.core import yamlstrict
    yamlstrict.load((inv / "intent.yml").read_text())
else:
    c0 = time.process_time()
    from mpls_interop.core.load import load_intent
    intent = load_intent(inv)
    t_load, c_load = time.perf_counter() - t0, time.process_time() - c0
    t1, c1 = time.perf_counter(), time.process_time()
    lsps = 0
    findings = []
    if stage in ("all", "lint"):
        from mpls_interop.core.lint import lint
        findings = lint(intent)
    t_lint, c_lint = time.perf_counter() - t1, time.process_time() - c1
    t2, c2 = time.perf_counter(), time.process_time()
    if stage in ("all", "render"):
        from mpls_interop.core.render import render_all
        configs = render_all(intent)
    t_render, c_render = time.perf_counter() - t2, time.process_time() - c2
    if stage in ("all", "render"):
        from mpls_interop.core.planner import plan_intent
        lsps = sum(len(d.lsps) for d in plan_intent(intent).devices.values())
    print(json.dumps({"load": t_load, "lint": t_lint, "render": t_render, "lsps": lsps,
                      "cpu": c_load + c_lint + c_render, "findings": len(findings),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
    sys.exit(0)
print(json.dumps({"parse": time.perf_counter() - t0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(inv: Path, stage: str, src: Path | None = None) -> dict:
    """One stage in a fresh interpreter; ``src``: import the toolkit from that source tree instead
    (a baseline checkout, e.g. main's ``src``)."""
    t0 = __import__("time").perf_counter()
    env = {**os.environ, "PYTHONPATH": str(src)} if src else None
    out = subprocess.run([sys.executable, "-c", CHILD, str(inv), stage], capture_output=True, text=True, check=True,
                         env=env)
    data = json.loads(out.stdout)
    data["wall"] = __import__("time").perf_counter() - t0
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--services-per-router", type=int, default=5)
    ap.add_argument("--mesh", choices=["full", "pw-peers"], default="pw-peers")
    ap.add_argument("--baseline-src", type=Path,
                    help="another checkout's src/ (e.g. ../main/src): the largest size measured with it too")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    mesh = True if args.mesh == "full" else "pw-peers"
    rows = []
    print("load average (1/5/15 min) at start: {:.1f} {:.1f} {:.1f} on {} CPUs".format(
        *os.getloadavg(), os.cpu_count()), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            inv = generate(Path(tmp) / f"r{n}", routers=n, services=n * args.services_per_router, mesh=mesh)
            r = child(inv, "all")
            r.update(routers=n, services=n * args.services_per_router)
            rows.append(r)
            print(f"{n:5d} routers {r['services']:5d} services: load {r['load']:.2f} s, lint {r['lint']:.2f} s, "
                  f"render {r['render']:.2f} s, total {r['load'] + r['lint'] + r['render']:.2f} s "
                  f"(CPU {r['cpu']:.2f} s; process wall {r['wall']:.2f} s), {r['lsps']} LSPs, "
                  f"{r['findings']} lint findings, peak RSS {r['rss_mb']:.0f} MiB", flush=True)
        small, big = rows[0], rows[-1]
        if args.baseline_src:
            base = child(Path(tmp) / f"r{big['routers']}", "all", args.baseline_src.resolve())
            tb = base["load"] + base["lint"] + base["render"]
            print(f"baseline ({args.baseline_src}) at {big['routers']} routers: load {base['load']:.2f} s, "
                  f"lint {base['lint']:.2f} s, render {base['render']:.2f} s, total {tb:.2f} s "
                  f"(CPU {base['cpu']:.2f} s), peak RSS {base['rss_mb']:.0f} MiB; this tree: total "
                  f"{big['load'] + big['lint'] + big['render']:.2f} s (CPU {big['cpu']:.2f} s)", flush=True)
        if len(rows) > 1:
            ts = small["load"] + small["lint"] + small["render"]
            tb = big["load"] + big["lint"] + big["render"]
            print(f"scaling {big['routers']}/{small['routers']} routers (x{big['routers'] / small['routers']:.0f}): "
                  f"total x{tb / ts:.1f}, process wall x{big['wall'] / small['wall']:.1f}")
        inv_big = Path(tmp) / f"r{big['routers']}"
        pure, strict = child(inv_big, "yaml-pure"), child(inv_big, "yaml-strict")
        print(f"YAML of {big['routers']} routers' intent.yml: pure-Python SafeLoader {pure['parse']:.2f} s, "
              f"strict loader {strict['parse']:.2f} s (x{pure['parse'] / strict['parse']:.1f})")
        inv_full = generate(Path(tmp) / "full", routers=small["routers"], services=small["services"], mesh=True)
        full = child(inv_full, "all")
        print(f"mesh at {small['routers']} routers: full {full['lsps']} LSPs lint+render "
              f"{full['lint'] + full['render']:.2f} s vs pw-peers {small['lsps']} LSPs "
              f"{small['lint'] + small['render']:.2f} s")
    print("load average at end: {:.1f} {:.1f} {:.1f} (wall times grow with it; CPU times much less)".format(
        *os.getloadavg()))


if __name__ == "__main__":
    main()
