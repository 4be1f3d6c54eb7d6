"""Deploy + verify on a generated lab: parallel workers vs one device at a time, or vs one router.

    python bench/deploy_scale.py [--routers 50] [--services 200] [--workers 20] [--modes parallel,serial]
    python bench/deploy_scale.py --routers 200 --services 400 --modes parallel,one

For each mode, on a fresh emulated lab of the generated inventory (factory configs, so every
device changes): ``mpls_interop.ops.deploy.deploy(intent, targets, verify=…, workers=N)`` (workers=1 is
serial) with the verifier (``mpls_interop.ops.verify.verify``) run between commit and confirm; then, on
the deployed lab, a verification on its own (``fleet.build`` + ``verify`` + ``fleet.close_all``).
Prints wall times (deploy total, the verify step inside it, the standalone verify), the check
results and the number of pings the MTU checks sent. Mode ``one`` deploys and verifies a single
router of the same network (the middle one by name; its neighbours stay at factory, so its
link and transport checks fail): the floor a parallel run of the whole network is compared with.
``--count-messages`` adds, per router, the SSH connections the toolkit opened and the messages and
payload bytes it received and sent during the deploy (replayed bare by ``bench/ssh_floor.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cpu import cpu_seconds  # noqa: E402
from bench.gen_inventory import generate  # noqa: E402
from bench.wire import WIRE, count_messages  # noqa: E402
from mpls_interop.core.load import load_intent  # noqa: E402
from mpls_interop.ops import deploy as deploy_mod  # noqa: E402
from mpls_interop.ops import fleet  # noqa: E402
from mpls_interop.ops import lab as labmod  # noqa: E402
from mpls_interop.ops.deploy import deploy  # noqa: E402
from mpls_interop.ops.targets import lab_targets  # noqa: E402
from mpls_interop.ops.verify import verify  # noqa: E402

#: phase name → wall seconds of ``fleet.run`` calls in the current mode (filled by the wrapper below)
PHASES: dict[str, float] = defaultdict(float)
_fleet_run = fleet.run


def _timed_run(nr: Any, fn: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    t = time.perf_counter()
    try:
        return _fleet_run(nr, fn, name, *args, **kwargs)
    finally:
        PHASES[name] += time.perf_counter() - t


fleet.run = _timed_run  # type: ignore[assignment]  # deploy and verify call it through the module

#: commit-confirmed windows re-armed by the deploy's keepalive in the current mode
REARMED: list[int] = [0]


class _CountingKeepalive(deploy_mod.Keepalive):
    def stop(self) -> None:
        super().stop()
        REARMED[0] = sum(self.extended.values())


deploy_mod.Keepalive = _CountingKeepalive  # type: ignore[misc]  # deploy builds it through its module



def lab_pid(inv: Path) -> int:
    return int(json.loads((labmod.lab_dir(inv) / "state.json").read_text())["pid"])


def one_mode(intent: Any, inv: Path, workers: int, timeout: float, only: str | None = None) -> dict[str, Any]:
    """``only``: deploy and verify that one router of the network (the rest stays at factory)."""
    labmod.down(inv)
    t = time.perf_counter()
    labmod.up(intent, inv)
    lab_up = time.perf_counter() - t
    try:
        pid = lab_pid(inv)
        PHASES.clear()
        REARMED[0] = 0
        cpu0, lab0 = cpu_seconds(), cpu_seconds(pid)
        names = [only] if only else sorted(intent.devices)
        targets = lab_targets(intent, inv, names, timeout=timeout)
        seen: dict[str, Any] = {}

        def check(nr: Any) -> list[Any]:
            t0 = time.perf_counter()
            checks, sent = verify(intent, nr)
            seen.update(verify_s=time.perf_counter() - t0, pings=sent, checks=checks)
            return checks

        WIRE.clear()
        t = time.perf_counter()
        result = deploy(intent, targets, verify=check, workers=workers)
        deploy_s = time.perf_counter() - t
        wire = {k: v / len(names) for k, v in WIRE.items()}
        cpu_d, lab_d, phases = cpu_seconds() - cpu0, cpu_seconds(pid) - lab0, dict(PHASES)
        rearmed = REARMED[0]
        changed = sum(1 for d in result.devices.values() if d.changed)
        diff_lines = sum(len(d.diff.splitlines()) for d in result.devices.values())

        t = time.perf_counter()
        nr = fleet.build(intent, targets, workers)
        try:
            checks2, sent2 = verify(intent, nr)
        finally:
            fleet.close_all(nr)
        verify2_s = time.perf_counter() - t
        return {
            "cpu": cpu_d, "lab_cpu": lab_d, "wire": wire, "phases": phases, "rearmed": rearmed,
            "workers": workers, "lab_up": lab_up, "deploy": deploy_s, "ok": result.ok, "cause": result.cause,
            "changed": changed, "diff_lines": diff_lines, "verify_in_deploy": seen.get("verify_s", float("nan")),
            "pings": seen.get("pings", 0), "checks": Counter(c.status for c in seen.get("checks", [])),
            "verify_alone": verify2_s, "pings_alone": sent2, "checks_alone": Counter(c.status for c in checks2),
            "failed": [f"{c.check}: {c.detail}" for c in seen.get("checks", []) if c.status == "fail"][:5],
        }
    finally:
        labmod.down(inv)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routers", type=int, default=50)
    ap.add_argument("--services", type=int, default=200)
    ap.add_argument("--workers", type=int, default=20, help="workers of the parallel run (deploy's default)")
    ap.add_argument("--modes", default="parallel,serial",
                    help="parallel, serial, one (a single router of the network), comma-separated")
    ap.add_argument("--timeout", type=float, default=120.0, help="per-device session timeout, s")
    ap.add_argument("--mesh", choices=["full", "pw-peers"], default="full",
                    help="LSP mesh: every PE pair (N² LSPs, the generator's default) or only PEs sharing a PW")
    ap.add_argument("--count-messages", action="store_true",
                    help="count the toolkit's SSH connections, messages and bytes per router (adds CPU)")
    args = ap.parse_args()
    if args.count_messages:
        count_messages()
    os.environ["INTEROP_STATE_DIR"] = tempfile.mkdtemp(prefix="bench-deploy-")
    inv = generate(Path(tempfile.mkdtemp(prefix="bench-inv-")) / f"gen{args.routers}", args.routers, args.services,
                   True if args.mesh == "full" else "pw-peers")
    intent = load_intent(inv)
    modes = {"parallel": args.workers, "serial": 1, "one": 1}
    one = sorted(intent.devices)[len(intent.devices) // 2]
    rows = []
    print("load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg()), file=sys.stderr, flush=True)
    for mode in [m.strip() for m in args.modes.split(",") if m.strip()]:
        t = time.perf_counter()
        row = one_mode(intent, inv, modes[mode], args.timeout, one if mode == "one" else None)
        row["mode"] = mode
        rows.append(row)
        print(f"[{mode} done in {time.perf_counter() - t:.0f}s]", file=sys.stderr, flush=True)

    print(f"generated network: {args.routers} routers, {args.services} services, {len(intent.links)} links, "
          f"LSP mesh {args.mesh}; "
          "load average {:.2f} {:.2f} {:.2f} on {} cores".format(*os.getloadavg(), os.cpu_count()))
    print(f"{'mode':<16} {'deploy':>9} {'verify in it':>13} {'verify alone':>13} {'pings':>6} "
          f"{'checks pass/fail/skip':>22} {'changed':>8} {'diff lines':>11}  result")
    for r in rows:
        c = r["checks"]
        print(f"{r['mode'] + ' (' + str(r['workers']) + ')':<16} {r['deploy']:>8.1f}s {r['verify_in_deploy']:>12.1f}s "
              f"{r['verify_alone']:>12.1f}s {r['pings']:>6} {c['pass']:>10}/{c['fail']}/{c['skip']:<9} "
              f"{r['changed']:>8} {r['diff_lines']:>11}  {'ok' if r['ok'] else 'FAILED'}: {r['cause']}")
        print(f"    deploy CPU: toolkit (this process) {r['cpu']:.1f} s, lab process {r['lab_cpu']:.1f} s; phases (wall): "
              + ", ".join(f"{k} {v:.1f}s" for k, v in r["phases"].items())
              + f"; commit-confirmed windows re-armed: {r['rearmed']}")
        if r["wire"]:
            print("    SSH per router (toolkit side): " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(r["wire"].items())))
        for f in r["failed"]:
            print(f"    fail: {f}")
    for a, b in zip(rows, rows[1:], strict=False):
        slow, fast = (a, b) if a["deploy"] >= b["deploy"] else (b, a)
        print(f"ratio {slow['mode']} / {fast['mode']}: deploy (with its verify) x{slow['deploy'] / fast['deploy']:.1f}, "
              f"verify alone x{slow['verify_alone'] / fast['verify_alone']:.1f}")


if __name__ == "__main__":
    main()
