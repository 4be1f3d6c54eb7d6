"""Fault campaign: does every device end at its old or its new configuration, running AND saved?

    python bench/fault_campaign.py [--scenarios factory,mtu,remove,add,mixed] [--kinds drop,commit,
        down,verify,kill,signal] [--max-indices 40] [--big] [--timeout 5] [--json FILE]

One emulated lab of a private copy of the seed inventory, reused for every run: before each run
the lab's ``restore-state`` puts every device back at the scenario's start state (running and
saved) and the ownership record is put back, so runs are independent. Scenarios: the seed deploy
from factory configs, and from the deployed seed four intent changes (PW MTU 9100→9000, VLL 42
removed, a VLL added, all three at once). Reference configurations (old = start, new = after a
clean deploy) are read from the lab itself (``configs`` control command), never through the
toolkit's drivers.

Fault kinds, for every device of the scenario:

* ``drop``: ``drop-session DEV N`` for every N until the deploy no longer reaches the N-th
  configuration command/RPC (``--max-indices`` spreads at most that many over a long push);
* ``commit``: ``commit-fail DEV`` before the deploy (Junos: the commit confirmed fails, NetIron:
  its ``write memory`` at confirm) and, for Junos, at the confirming commit (armed between commit
  and confirm);
* ``down``: ``device-down DEV`` before the deploy, and between commit and confirm (the device
  comes back afterwards and, when the deploy left its journal open, ``recover`` runs);
* ``verify``: a link cut / a link MTU lowered between commit and confirm, with the real
  verification;
* ``kill``: ``kill -9`` of an ``interop deploy`` process at instants chosen deterministically:
  while a session hangs (``stall-session``) at every Junos RPC index and at the first, a middle and
  the last NetIron push line, and at journal milestones (journal written, all staged, all committed
  (verification running), Junos confirmed, confirm reached everywhere, during a rollback); then
  ``interop recover`` (and ``recover --forward`` where the journal shows confirm everywhere);
* ``signal``: SIGTERM / SIGINT at journal milestones (the deploy must roll back by itself).

A run is **lost** when any device's running or saved configuration (read before and after letting
pending Junos ``commit confirmed`` timers fire) is neither the old nor the new reference; it is
**mixed** when devices end at different references (or one device's running and saved differ).
``--big`` adds the 50-router generated lab (deploy from factory): one NetIron failing its ``write
memory`` at confirm, one Junos failing its confirming commit, a cut session, a device down at
confirm, kill -9 while verifying and during a rollback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mpls_interop.core.load import load_intent  # noqa: E402
from mpls_interop.ops import journal as jmod  # noqa: E402
from mpls_interop.ops import lab as labmod  # noqa: E402
from mpls_interop.ops.deploy import deploy  # noqa: E402
from mpls_interop.ops.targets import lab_targets  # noqa: E402
from mpls_interop.ops.verify import verify as run_verify  # noqa: E402

SEED = ROOT / "inventories" / "seed"
Configs = dict[str, tuple[str, str]]


# ---- intent changes ------------------------------------------------------------------------------
def _mtu(d: dict[str, Any]) -> None:
    d["defaults"]["pw_mtu"] = 9000


def _remove(d: dict[str, Any]) -> None:
    d["services"]["vll"] = [s for s in d["services"]["vll"] if s["id"] != 42]


def _add(d: dict[str, Any]) -> None:
    d["services"]["vll"].append({"name": "vll-44", "id": 44, "mode": "tagged", "endpoints": [
        {"device": "r2", "port": "ethe 1/5", "vlan": 44}, {"device": "r3", "port": "ethe 1/5", "vlan": 44}]})


def _mixed(d: dict[str, Any]) -> None:
    _mtu(d)
    _remove(d)
    _add(d)


CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {"mtu": _mtu, "remove": _remove, "add": _add, "mixed": _mixed}


# ---- the lab -------------------------------------------------------------------------------------
class Lab:
    """One running emulated lab of a private inventory copy, driven through its control port."""

    def __init__(self, inventory: Path) -> None:
        self.inventory = inventory
        self.seed_intent = (inventory / "intent.yml").read_text()
        self.intent = load_intent(inventory)
        self.names = sorted(self.intent.devices)

    @classmethod
    def start(cls, source: Path, workdir: Path, setenv: Callable[[str, str], None] | None = None) -> Lab:
        """A lab of a copy of ``source`` under ``workdir``; ``INTEROP_STATE_DIR`` is set for this
        process (with ``setenv``, e.g. a test's monkeypatch, when given)."""
        inv = workdir / source.name
        shutil.copytree(source, inv)
        (setenv or os.environ.__setitem__)("INTEROP_STATE_DIR", str(workdir / "state"))
        lab = cls(inv)
        labmod.up(lab.intent, inv)
        return lab

    def stop(self) -> None:
        labmod.down(self.inventory)

    def ctl(self, **req: Any) -> dict[str, Any]:
        reply = labmod.control(labmod.require_state(self.inventory), req, timeout=30)
        if not reply.get("ok"):
            raise RuntimeError(f"lab control {req}: {reply.get('error')}")
        return reply

    def fault(self, kind: str, target: str = "", value: str | None = None) -> None:
        self.ctl(cmd="fault", kind=kind, target=target, value=value)

    def status(self) -> dict[str, dict[str, Any]]:
        return {d["name"]: d for d in self.ctl(cmd="status")["devices"]}

    def configs(self, expire: bool = False) -> Configs:
        return {n: (c["running"], c["saved"]) for n, c in self.ctl(cmd="configs", expire=expire)["devices"].items()}

    def write_intent(self, change: str | None) -> None:
        """The seed intent, changed by ``CHANGES[change]`` (None: the seed as it is)."""
        if change is None:
            (self.inventory / "intent.yml").write_text(self.seed_intent)
            return
        data = yaml.safe_load(self.seed_intent)
        CHANGES[change](data)
        (self.inventory / "intent.yml").write_text(yaml.safe_dump(data, sort_keys=False))

    # state = lab snapshot + the toolkit's ownership record + no journal
    def save(self, tag: str) -> None:
        self.ctl(cmd="save-state", tag=tag)
        own = self.inventory / "ownership.json"
        shutil.copy(own, self.inventory / f".own-{tag}") if own.exists() else None

    def restore(self, tag: str) -> None:
        self.ctl(cmd="restore-state", tag=tag)
        own, saved = self.inventory / "ownership.json", self.inventory / f".own-{tag}"
        own.unlink(missing_ok=True)
        if saved.exists():
            shutil.copy(saved, own)
        jdir = jmod.journal_dir(self.inventory)
        if jdir.is_dir():
            shutil.rmtree(jdir)

    def targets(self, timeout: float) -> dict[str, Any]:
        return lab_targets(load_intent(self.inventory), self.inventory, self.names, timeout=timeout)

    def journals(self) -> list[Path]:
        d = jmod.journal_dir(self.inventory)
        return sorted(d.glob("*.json")) if d.is_dir() else []

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mpls_interop", *args], capture_output=True, text=True,
                              timeout=timeout, env={**os.environ, "COLUMNS": "200"})


# ---- judging -------------------------------------------------------------------------------------
@dataclass
class Run:
    scenario: str
    kind: str
    device: str
    detail: str
    lost: list[str] = field(default_factory=list)
    mixed: bool = False
    ended: str = ""  # old / new / mixed
    note: str = ""
    seconds: float = 0.0
    expect: str = ""  # where the run must end ("old"/"new"), when it is known

    @property
    def survived(self) -> bool:
        return not self.lost and not self.mixed


def judge(lab: Lab, old: Configs, new: Configs, run: Run) -> Run:
    """Read every device's running and saved configuration now and once pending Junos commit
    confirmed timers have fired; each must equal the old or the new reference, and every device
    the change touches must be at the same one (``run.expect``: that one)."""
    labels: set[str] = set()
    for expire in (False, True):
        for name, pair in lab.configs(expire=expire).items():
            for i, what in enumerate(("running", "saved")):
                text = pair[i]
                if text == old[name][i]:
                    if old[name] != new[name]:
                        labels.add("old")
                elif text == new[name][i]:
                    labels.add("new")
                elif f"{name} {what}" not in run.lost:
                    run.lost.append(f"{name} {what}")
    run.mixed = len(labels) > 1
    run.ended = "lost" if run.lost else ("mixed" if run.mixed else (labels.pop() if labels else "old"))
    if run.expect and run.ended in ("old", "new") and run.ended != run.expect:
        run.note += f"; ended at {run.ended}, expected {run.expect}"
        run.mixed = True
    return run


# ---- one in-process run --------------------------------------------------------------------------
def run_in_process(lab: Lab, start: str, change: str | None, run: Run, *, before: Callable[[], None] = lambda: None,
                   between: Callable[[], None] | None = None, real_verify: bool = False,
                   timeout: float = 5) -> tuple[Run, Any]:
    """Reset, arm ``before``, deploy (``between`` runs after commit, before confirm), clear the
    faults, recover what the deploy left open (as an operator would), judge."""
    t0 = time.monotonic()
    lab.restore(start)
    lab.write_intent(change)
    intent = load_intent(lab.inventory)
    targets = lab.targets(timeout)
    before()

    def verifier(nr: Any) -> list[Any]:
        if between is not None:
            between()
        return run_verify(intent, nr)[0] if real_verify else []

    result = None
    try:
        result = deploy(intent, targets, verify=verifier, inventory=lab.inventory, confirm_minutes=5)
        run.note = result.cause
    except Exception as exc:  # an exception escaping deploy is a finding in itself
        run.note = f"deploy raised {type(exc).__name__}: {exc}"
    lab.fault("clear")
    for j in jmod.unfinished(lab.inventory):
        errors = jmod.recover(j, lab.targets(timeout))
        run.note += "; recovered" + (f" with errors {errors}" if any(errors.values()) else "")
    run.seconds = time.monotonic() - t0
    return run, result


def fired(lab: Lab, device: str) -> bool:
    """The armed fault of ``device`` fired (it is no longer armed)."""
    return not lab.status()[device]["armed"]


# ---- kill -9 / signals ---------------------------------------------------------------------------
def _new_journal(lab: Lab, seen: set[Path]) -> dict[str, Any] | None:
    for p in lab.journals():
        if p not in seen:
            try:
                return json.loads(p.read_text())
            except ValueError:
                return None
    return None


def steps(name: str, count: int = 1, device: str | None = None) -> Callable[[dict[str, Any]], bool]:
    return lambda data: sum(s["step"] == name and (device is None or s["device"] == device)
                            for s in data["steps"]) >= count


def run_killed(lab: Lab, start: str, change: str | None, run: Run, *, before: Callable[[], None] = lambda: None,
               when: Callable[[dict[str, Any] | None, dict[str, dict[str, Any]] | None], bool],
               sig: int = signal.SIGKILL, forward: bool = False, timeout: float = 10,
               verify: bool = True) -> Run:
    """Start ``interop deploy`` as a process, send ``sig`` as soon as ``when(journal, lab status)``
    holds; after SIGKILL run ``interop recover`` (``--forward`` if asked). ``run.note`` tells what
    happened; an instant never reached is noted (the run still counts and is judged)."""
    t0 = time.monotonic()
    lab.restore(start)
    lab.write_intent(change)
    before()
    seen = set(lab.journals())
    args = [sys.executable, "-m", "mpls_interop", "deploy", "-i", str(lab.inventory), "--lab", "--timeout",
            str(timeout)] + ([] if verify else ["--no-verify"])
    proc = subprocess.Popen(args, env={**os.environ, "COLUMNS": "200"}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    sent = False
    end = time.monotonic() + 180
    while time.monotonic() < end and proc.poll() is None:
        status = lab.status()
        if when(_new_journal(lab, seen), status):
            proc.send_signal(sig)
            sent = True
            break
        time.sleep(0.01)
    try:
        output, _ = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    lab.fault("clear")
    run.note = f"rc={proc.returncode}" + ("" if sent else " (instant not reached: deploy ended first)")
    if os.environ.get("CAMPAIGN_DEBUG"):
        print(output, file=sys.stderr)
    if sig != signal.SIGKILL:
        if proc.returncode != 1 or "Traceback" in output:
            run.note += " unexpected end: " + output.strip().splitlines()[-1] if output.strip() else ""
        if jmod.unfinished(lab.inventory):
            run.note += "; journal left open"
    rec = lab.cli("recover", "-i", str(lab.inventory), "--lab", "--timeout", str(timeout),
                  *(["--forward"] if forward else []))
    run.note += f"; recover rc={rec.returncode}"
    if os.environ.get("CAMPAIGN_DEBUG"):
        print(rec.stdout, rec.stderr, file=sys.stderr)
    if rec.returncode != 0:
        run.note += ": " + " | ".join((rec.stdout + rec.stderr).strip().splitlines()[-3:])
    run.seconds = time.monotonic() - t0
    return run


def stalled(device: str) -> Callable[[Any, Any], bool]:
    return lambda journal, status: bool(status and status[device]["stalled"])


def journal_at(pred: Callable[[dict[str, Any]], bool]) -> Callable[[Any, Any], bool]:
    return lambda journal, status: journal is not None and pred(journal)


# ---- counting commands: how many drop-session indices a device has ----------------------------------
_COUNTS: dict[tuple[str, str | None, str], int] = {}


def command_count(lab: Lab, start: str, change: str | None, device: str, new: Configs, timeout: float,
                  limit: int = 2000) -> int:
    """The number of configuration commands/RPCs ``device`` takes in a clean deploy: the first
    ``drop-session`` index that never fires (found by doubling, then bisection; remembered)."""
    key = (start, change, device)
    if key not in _COUNTS:
        _COUNTS[key] = _count(lab, start, change, device, timeout, limit)
    return _COUNTS[key]


def _count(lab: Lab, start: str, change: str | None, device: str, timeout: float, limit: int) -> int:
    def probe(n: int) -> bool:
        lab.restore(start)
        lab.write_intent(change)
        intent = load_intent(lab.inventory)
        lab.fault("drop-session", device, str(n))
        deploy(intent, lab.targets(timeout), verify=lambda nr: [], inventory=lab.inventory)
        hit = fired(lab, device)
        lab.fault("clear")
        for j in jmod.unfinished(lab.inventory):
            jmod.recover(j, lab.targets(timeout))
        return hit

    lo, hi = 0, 1
    if not probe(0):
        return 0
    while hi < limit and probe(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if probe(mid):
            lo = mid
        else:
            hi = mid
    return hi


# ---- the campaign ----------------------------------------------------------------------------------
@dataclass
class Scenario:
    name: str
    start: str  # lab state tag
    change: str | None  # intent change (None: the seed)
    old: Configs
    new: Configs


def prepare(lab: Lab, changes: list[str], timeout: float) -> list[Scenario]:
    """Reference states from clean runs: factory, the seed deployed, each change deployed."""
    lab.save("factory")
    factory = lab.configs()
    lab.write_intent(None)
    res = deploy(load_intent(lab.inventory), lab.targets(timeout), inventory=lab.inventory)
    assert res.ok, res.cause
    seed = lab.configs()
    lab.save("seed")
    out = [Scenario("factory", "factory", None, factory, seed)]
    for change in changes:
        lab.restore("seed")
        lab.write_intent(change)
        res = deploy(load_intent(lab.inventory), lab.targets(timeout), inventory=lab.inventory)
        assert res.ok, f"{change}: {res.cause}"
        out.append(Scenario(change, "seed", change, seed, lab.configs()))
    lab.restore("seed")
    return out


def vendor_of(lab: Lab, name: str) -> str:
    return lab.intent.devices[name].vendor


def campaign(lab: Lab, scenarios: list[Scenario], kinds: set[str], max_indices: int, timeout: float,
             report: Callable[[Run], None]) -> list[Run]:
    runs: list[Run] = []

    def done(run: Run, sc: Scenario) -> None:
        judge(lab, sc.old, sc.new, run)
        runs.append(run)
        report(run)

    for sc in scenarios:
        changed = [n for n in lab.names if sc.old[n] != sc.new[n]]
        for dev in lab.names:
            vendor = vendor_of(lab, dev)
            if "drop" in kinds:
                count = command_count(lab, sc.start, sc.change, dev, sc.new, timeout)
                step = max(1, -(-count // max_indices))
                for n in sorted(set(range(0, count, step)) | ({count - 1} if count else set())):
                    run, _ = run_in_process(lab, sc.start, sc.change, Run(sc.name, "drop-session", dev, f"at {n}/{count}"),
                                            before=lambda d=dev, n=n: lab.fault("drop-session", d, str(n)),
                                            timeout=timeout)
                    done(run, sc)
            if "commit" in kinds:
                run, _ = run_in_process(lab, sc.start, sc.change, Run(sc.name, "commit-fail", dev, "armed before"),
                                        before=lambda d=dev: lab.fault("commit-fail", d), timeout=timeout)
                done(run, sc)
                if vendor == "junos" and dev in changed:
                    run, _ = run_in_process(lab, sc.start, sc.change, Run(sc.name, "commit-fail", dev, "at confirm"),
                                            between=lambda d=dev: lab.fault("commit-fail", d), timeout=timeout)
                    done(run, sc)
            if "down" in kinds:
                for when in ("before", "at confirm"):
                    kw: dict[str, Any] = {"before": lambda d=dev: lab.fault("device-down", d)} if when == "before" \
                        else {"between": lambda d=dev: lab.fault("device-down", d)}
                    run, _ = run_in_process(lab, sc.start, sc.change, Run(sc.name, "device-down", dev, when),
                                            timeout=timeout, **kw)
                    done(run, sc)
        if "verify" in kinds:
            link = lab.intent.links[0]
            a = f"{link.a.device}:{link.a.interface}"
            for detail, fault in (("link-down " + a, lambda a=a: lab.fault("link-down", a)),
                                  ("link-mtu " + a + " 1400", lambda a=a: lab.fault("link-mtu", a, "1400"))):
                run, _ = run_in_process(lab, sc.start, sc.change, Run(sc.name, "verification", link.name, detail),
                                        between=fault, real_verify=True, timeout=timeout)
                done(run, sc)
        if "kill" in kinds or "signal" in kinds:
            for run in kill_runs(lab, sc, kinds, timeout):
                done(run, sc)
    return runs


def kill_instants(lab: Lab, sc: Scenario, timeout: float) -> list[tuple[str, dict[str, Any]]]:
    """(detail, run_killed keyword arguments) for every kill -9 instant of a scenario."""
    junos = [n for n in lab.names if vendor_of(lab, n) == "junos"]
    netiron = [n for n in lab.names if vendor_of(lab, n) != "junos"]
    changed = [n for n in lab.names if sc.old[n] != sc.new[n]]
    out: list[tuple[str, dict[str, Any]]] = []
    for j in junos:
        rpcs = command_count(lab, sc.start, sc.change, j, sc.new, timeout)
        for i in range(rpcs):
            out.append((f"{j} hung at RPC {i}/{rpcs}" + (" (pre-journal)" if i == 0 else ""),
                        {"before": lambda j=j, i=i: lab.fault("stall-session", j, str(i)), "when": stalled(j)}))
    for n in netiron:
        if n not in changed:
            continue
        # drop-session N cuts after the N-th line (0: before the first): lines = count - 1
        lines = command_count(lab, sc.start, sc.change, n, sc.new, timeout) - 1
        for i in sorted({0, lines // 2, max(lines - 1, 0)}):
            out.append((f"{n} push hung at line {i}/{lines}",
                        {"before": lambda n=n, i=i: lab.fault("stall-session", n, str(i)), "when": stalled(n)}))
    k = len(changed)
    out += [
        ("journal written", {"when": journal_at(lambda d: True)}),
        ("all staged", {"when": journal_at(steps("staged", len(lab.names)))}),
        ("first commit done", {"when": journal_at(steps("committed", 1))}),
        ("all committed (verifying)", {"when": journal_at(steps("committed", k))}),
        ("first confirm started", {"when": journal_at(steps("confirm", 1))}),
        ("first device confirmed", {"when": journal_at(steps("confirmed", 1))}),
        ("confirm reached everywhere", {"when": journal_at(steps("confirm", k))}),
        ("confirm reached everywhere, recover --forward", {"when": journal_at(steps("confirm", k)), "forward": True}),
    ]
    if netiron and netiron[0] in changed:
        out.append(("during rollback (write memory fails)",
                    {"before": lambda: lab.fault("commit-fail", netiron[-1] if netiron[-1] in changed else netiron[0]),
                     "when": journal_at(steps("rollback", 1))}))
    return out


def kill_runs(lab: Lab, sc: Scenario, kinds: set[str], timeout: float) -> Iterator[Run]:
    if "kill" in kinds:
        for detail, kw in kill_instants(lab, sc, timeout):
            forward = kw.get("forward", False)
            run = run_killed(lab, sc.start, sc.change, Run(sc.name, "kill -9", "", detail), timeout=timeout, **kw)
            yield _expect(run, "new" if forward else "old")
    if "signal" in kinds:
        k = len([n for n in lab.names if sc.old[n] != sc.new[n]])
        for sig in (signal.SIGTERM, signal.SIGINT):
            for detail, pred in (("after staging", steps("staged", len(lab.names))),
                                 ("all committed (verifying)", steps("committed", k))):
                run = run_killed(lab, sc.start, sc.change, Run(sc.name, signal.Signals(sig).name, "", detail),
                                 when=journal_at(pred), sig=sig, timeout=timeout)
                yield _expect(run, "old")


def _expect(run: Run, want: str) -> Run:
    run.expect = want
    return run


def big_lab(workdir: Path, timeout: float, report: Callable[[Run], None]) -> list[Run]:
    """50 generated routers from factory: one NetIron fails its write memory at confirm, one Junos
    its confirming commit, a NetIron session is cut mid-push, a NetIron goes down at confirm; the
    deploy killed while verifying and during a rollback, then ``interop recover``."""
    from bench.gen_inventory import generate

    inv = generate(workdir / "gen50", routers=50, services=200, mesh="pw-peers")
    lab = Lab.start(inv, workdir / "big")
    runs = []
    try:
        lab.save("factory")
        factory = lab.configs()
        res = deploy(load_intent(lab.inventory), lab.targets(timeout), inventory=lab.inventory)
        assert res.ok, res.cause
        new = lab.configs()
        lab.restore("factory")
        netiron = next(n for n in lab.names if vendor_of(lab, n) != "junos")
        junos = next(n for n in lab.names if vendor_of(lab, n) == "junos")
        mid = sorted(n for n in lab.names if vendor_of(lab, n) != "junos")[len(lab.names) // 4]
        cases: list[tuple[str, str, dict[str, Any]]] = [
            ("commit-fail at confirm", netiron, {"before": lambda: lab.fault("commit-fail", netiron)}),
            ("commit-fail at confirm", junos, {"between": lambda: lab.fault("commit-fail", junos)}),
            ("drop-session at line 40", mid, {"before": lambda: lab.fault("drop-session", mid, "40")}),
            ("device-down at confirm", mid, {"between": lambda: lab.fault("device-down", mid)}),
        ]
        for kind, dev, kw in cases:
            run, _ = run_in_process(lab, "factory", None, Run("gen50-factory", kind, dev, ""), timeout=timeout, **kw)
            lab.write_intent(None)
            judge(lab, factory, new, run)
            runs.append(run)
            report(run)
        for detail, pred in (("all committed (verifying)", steps("committed", len(lab.names))),
                             ("during rollback (write memory fails)", steps("rollback", 1))):
            before = (lambda: lab.fault("commit-fail", netiron)) if "rollback" in detail else (lambda: None)
            run = run_killed(lab, "factory", None, Run("gen50-factory", "kill -9", "", detail, expect="old"),
                             before=before, when=journal_at(pred), timeout=timeout)
            judge(lab, factory, new, run)
            runs.append(run)
            report(run)
    finally:
        lab.stop()
    return runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", default="factory," + ",".join(CHANGES), help="or 'none' (with --big)")
    ap.add_argument("--kinds", default="drop,commit,down,verify,kill,signal")
    ap.add_argument("--max-indices", type=int, default=40,
                    help="at most this many drop-session indices per device (evenly spread; the last always)")
    ap.add_argument("--timeout", type=float, default=5)
    ap.add_argument("--big", action="store_true", help="also the 50-router lab with one device failing at confirm")
    ap.add_argument("--json", type=Path, help="write every run here")
    args = ap.parse_args(argv)
    wanted = args.scenarios.split(",")
    kinds = set(args.kinds.split(","))
    t0 = time.monotonic()
    runs: list[Run] = []

    def report(run: Run) -> None:
        mark = "ok  " if run.survived else "LOST" if run.lost else "MIX "
        print(f"{mark} {run.scenario:8} {run.kind:14} {run.device:4} {run.detail:42} -> {run.ended:5} "
              f"{run.seconds:5.1f}s {run.note[:160]}" + (f" lost={run.lost}" if run.lost else ""), flush=True)

    with tempfile.TemporaryDirectory(prefix="faults-") as tmp:
        work = Path(tmp)
        if args.scenarios != "none":
            lab = Lab.start(SEED, work)
            try:
                scenarios = [s for s in prepare(lab, [c for c in CHANGES if c in wanted], args.timeout)
                             if s.name in wanted]
                runs += campaign(lab, scenarios, kinds, args.max_indices, args.timeout, report)
            finally:
                lab.stop()
        if args.big:
            runs += big_lab(work, max(args.timeout, 30), report)
    by = Counter((r.scenario, r.survived) for r in runs)
    print()
    print(f"{'scenario':16} {'runs':>5} {'survived':>9} {'lost':>5} {'mixed':>6}")
    for sc in dict.fromkeys(r.scenario for r in runs):
        rs = [r for r in runs if r.scenario == sc]
        print(f"{sc:16} {len(rs):5} {by[(sc, True)]:9} {sum(bool(r.lost) for r in rs):5} "
              f"{sum(r.mixed and not r.lost for r in rs):6}")
    lost = sum(bool(r.lost) for r in runs)
    mixed = sum(r.mixed and not r.lost for r in runs)
    print(f"runs {len(runs)}, survived {len(runs) - lost - mixed}, lost {lost}, mixed {mixed}, "
          f"{time.monotonic() - t0:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([vars(r) for r in runs], indent=1))
    return 1 if lost or mixed else 0


if __name__ == "__main__":
    sys.exit(main())
