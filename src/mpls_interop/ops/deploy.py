"""Transactional multi-device deployment.

lock/stage everywhere → diffs → commit confirmed (Junos) / apply (NetIron) → verify → confirm
everywhere; while devices wait for their confirmation, their commit-confirmed windows are re-armed
(``ops.keepalive``), so a long deploy never loses its change to the device's own timer. If any
device fails at any step, or verification fails, every device that changed is rolled back to the
configuration it had before the run, and the result names the cause. Devices whose diff is empty
are not touched. Once a commit failed (or a signal arrived, or a window lapsed) the devices still
committing are abandoned (``ops.abandon``): they stop waiting and are rolled back with the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import Host

from mpls_interop.core.checks import Check
from mpls_interop.core.intent import Intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.ops import abandon, fleet
from mpls_interop.ops.journal import Journal, refuse_if_unfinished
from mpls_interop.ops.keepalive import Keepalive, minute_seconds
from mpls_interop.ops.locks import DeviceLocked, DeviceLocks
from mpls_interop.ops.ownership import Ownership, conflicts, object_ops, objects, owned_objects
from mpls_interop.sdk.driver import Target
from mpls_interop.sdk.spec import get_vendor

Progress = Callable[[str, str], None]  # (device, message)


@dataclass
class DeviceResult:
    name: str
    diff: str = ""
    changed: bool = False
    committed: bool = False
    confirmed: bool = False
    rolled_back: bool = False
    error: str = ""
    #: object-level plan: create / modify / delete (owned) and keep (unmanaged)
    operations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class DeployResult:
    ok: bool
    cause: str = ""
    devices: dict[str, DeviceResult] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "cause": self.cause,
            "dry_run": self.dry_run,
            "devices": [vars(d) for d in self.devices.values()],
            "checks": [c.as_dict() for c in self.checks],
        }


def _activate_word(vendor: str, confirm_minutes: int) -> str:
    """How the progress line names activation on this vendor (e.g. ``commit confirmed 5 min``)."""
    word = get_vendor(vendor).capabilities.activate_word
    return f"{word} {confirm_minutes} min" if word.endswith("confirmed") else word


def deployable_configs(intent: Intent, names: list[str]) -> dict[str, str]:
    """What gets loaded on each device: the rendered config in the form its driver loads (Junos:
    text with `replace:` on the hierarchies the intent owns). The network is planned once."""
    plan = plan_intent(intent)
    out = {}
    for name in names:
        spec = get_vendor(intent.devices[name].vendor)
        fmt = "replace" if "replace" in spec.load_formats else spec.render_formats[0]
        out[name] = spec.render(plan.devices[name], fmt)
    return out


def deployable_config(intent: Intent, name: str) -> str:
    return deployable_configs(intent, [name])[name]


def deploy(
    intent: Intent,
    targets: dict[str, Target],
    *,
    dry_run: bool = False,
    confirm_minutes: int = 5,
    verify: Callable[[Nornir], list[Check]] | None = None,
    progress: Progress | None = None,
    workers: int = 20,
    inventory: Path | None = None,
    minute: float | None = None,
) -> DeployResult:
    """``inventory``: where the ownership record lives (``ownership.json``) and whose state dir
    holds the transaction journal; without it the toolkit owns only what the intent declares,
    checks no conflicts and keeps no journal.

    Raises :class:`~mpls_interop.ops.journal.UnfinishedJournal` (before any connection) while an
    earlier deploy's journal for any of these devices is still open.

    ``minute``: seconds in one minute of the devices' confirm timers (default 60, or what
    ``INTEROP_CONFIRM_MINUTE_SECONDS`` says for an emulated lab whose timers run fast)."""
    say = progress or (lambda device, msg: None)
    minute = minute_seconds() if minute is None else minute
    if inventory is not None and not dry_run:
        refuse_if_unfinished(inventory, list(targets))
    locks = DeviceLocks()
    if not dry_run:
        try:
            locks.acquire(targets.values())
        except DeviceLocked as exc:
            return DeployResult(ok=False, cause=str(exc), dry_run=dry_run,
                                devices={n: DeviceResult(n) for n in targets})
    with locks:
        return _deploy(intent, targets, dry_run=dry_run, confirm_minutes=confirm_minutes, verify=verify,
                       say=say, workers=workers, inventory=inventory, minute=minute)


def _deploy(intent: Intent, targets: dict[str, Target], *, dry_run: bool, confirm_minutes: int,
            verify: Callable[[Nornir], list[Check]] | None, say: Progress, workers: int,
            inventory: Path | None, minute: float) -> DeployResult:
    configs = deployable_configs(intent, list(targets))
    nr = fleet.build(intent, targets, workers)
    results = {name: DeviceResult(name) for name in targets}
    outcome = DeployResult(ok=False, devices=results, dry_run=dry_run)
    record = Ownership(inventory)
    declared: dict[str, set[str]] = {}
    before: dict[str, dict[str, str]] = {}
    journal: Journal | None = None

    def step(name: str, what: str) -> None:
        if journal is not None:
            journal.step(name, what)

    def extend(name: str) -> None:
        fleet.driver(nr.inventory.hosts[name]).extend_confirm(confirm_minutes)

    def extended(names: list[str]) -> None:
        if journal is not None:
            journal.steps(names, "extended")

    # re-arms the pending commit-confirmed windows until confirm or rollback (never during them)
    keepalive = Keepalive(extend, confirm_minutes * minute, on_round=extended, stop_event=fleet.STOP,
                          workers=min(workers, 8))

    def fail(cause: str) -> DeployResult:
        keepalive.stop()
        outcome.ok = False
        outcome.cause = cause
        if not dry_run:  # a dry run only read: nothing to discard
            _rollback(nr, results, say, step)
        fleet.close_all(nr)
        _close_journal(journal, results, outcome)
        return outcome

    def lapse_failure(lapsed: list[str]) -> DeployResult:
        for name in lapsed:
            results[name].error = keepalive.failed.get(name) or f"{name}: commit-confirmed window ran out"
        return fail(f"the commit-confirmed window could not be kept open: {results[lapsed[0]].error}"
                    + (f" (+{len(lapsed) - 1} more)" if len(lapsed) > 1 else ""))

    try:
        # 0. what is on each device, and who owns it: conflicts stop everything before any change
        owned_now: dict[str, set[str]] = {}

        def inspect(host: Host) -> list[str]:
            say(host.name, "connect and read the configuration")
            vendor = intent.devices[host.name].vendor
            drv = fleet.driver(host)
            running = drv.get_config()
            if not dry_run and inventory is not None:
                before[host.name] = {"vendor": vendor, "running": running, "saved": drv.get_saved_config(),
                                     "desired": configs[host.name]}
            present = objects(vendor, running)
            want = objects(vendor, configs[host.name])
            declared[host.name] = set(want)
            owned = owned_objects(record, host.name, vendor, present)
            owned_now[host.name] = owned
            results[host.name].operations = [
                op.as_dict() for op in object_ops(present, want, owned | set(want))]
            return conflicts(vendor, present, want, owned) if record.enabled else []

        inspected = fleet.run(nr, inspect, "inspect")
        for name, out in inspected.items():
            if not out.ok:
                results[name].error = out.error
        errors = [o.error for o in inspected.values() if not o.ok]
        if errors:
            return fail(f"reading the configuration failed: {errors[0]}")
        clashes = {n: o.value for n, o in inspected.items() if o.value}
        if clashes:
            name, keys = next(iter(sorted(clashes.items())))
            more = sum(len(v) for v in clashes.values()) - 1
            for n, v in clashes.items():
                results[n].error = "not owned by the toolkit: " + "; ".join(v)
            return fail(
                f"ownership conflict: {name}: '{keys[0]}' exists on the device but the toolkit does "
                f"not own it" + (f" (+{more} more)" if more else "")
                + "; run 'interop adopt' to take over objects that match the intent, or change the intent"
            )

        # the journal, before any device is touched (staging locks and loads candidates)
        if before:
            journal = Journal.begin(inventory, before)  # type: ignore[arg-type]
            say(next(iter(before)), f"journal {journal.path.name}")

        # 1. lock + stage + diff everywhere (a dry run only reads: a local comparison)
        def stage(host: Host) -> str:
            drv = fleet.driver(host)
            drv.owned = owned_now[host.name]  # type: ignore[attr-defined]
            if dry_run:
                say(host.name, "compare")
                return drv.preview(configs[host.name])
            say(host.name, "lock and stage")
            drv.start_transaction()
            with drv.shared_reads():  # load and diff back to back: the configuration read once
                drv.load(configs[host.name])
                step(host.name, "staged")
                return drv.diff()

        staged = fleet.run(nr, stage, "stage")
        for name, out in staged.items():
            if out.ok:
                results[name].diff = out.value or ""
                results[name].changed = bool(out.value)
                say(name, "no change" if not out.value else f"{len(out.value.splitlines())} diff lines")
            else:
                results[name].error = out.error
        if fleet.STOP.is_set():
            return fail("interrupted by a signal: stopped and rolled back")
        errors = [o.error for o in staged.values() if not o.ok]
        if errors:
            return fail(f"staging failed: {errors[0]}")
        changed = [n for n, r in results.items() if r.changed]
        if dry_run or not changed:
            if not dry_run:
                fleet.run(nr, lambda h: fleet.driver(h).rollback(), "discard", stoppable=False)
            fleet.close_all(nr)
            if journal is not None:
                journal.finish("nothing-changed")
            outcome.ok = True
            outcome.cause = "dry run: nothing committed" if dry_run else "no changes"
            if not dry_run:
                _record(record, declared)
            return outcome

        # 2. commit confirmed / apply
        windowed = {n for n in changed if get_vendor(intent.devices[n].vendor).capabilities.confirm_window}

        def commit(host: Host) -> None:
            say(host.name, _activate_word(host.data["vendor"], confirm_minutes))
            results[host.name].committed = True  # from here on it may have changed: roll back on failure
            step(host.name, "commit")
            since = time.monotonic()  # the device's timer starts no earlier than this
            fleet.driver(host).commit(confirm_minutes)
            if host.name in windowed:
                keepalive.armed(host.name, since)
            step(host.name, "committed")

        seen_lapsed: list[str] = []

        def trouble() -> str:
            if fleet.STOP.is_set():
                return "interrupted by a signal"
            seen_lapsed[:] = keepalive.lapsed()
            return f"a commit-confirmed window lapsed ({seen_lapsed[0]})" if seen_lapsed else ""

        def abandoned(name: str) -> None:
            say(name, "abandon")
            step(name, "abandon")

        if windowed:
            keepalive.start()
        run = abandon.run(nr, commit, "commit", changed, trouble=trouble, on_abandon=abandoned)
        committed = run.outcomes
        errors = [o.error for o in committed.values() if not o.ok]
        for name, out in committed.items():
            if not out.ok:
                results[name].error = out.error
        if fleet.STOP.is_set():
            return fail("interrupted by a signal: stopped and rolled back")
        if errors and seen_lapsed and not run.first_failed:
            return lapse_failure(keepalive.lapsed() or seen_lapsed)
        if errors:  # the failure that abandoned the others comes first
            return fail(f"commit failed: {committed[run.first_failed].error if run.first_failed else errors[0]}")

        # 3. verify on the devices
        if verify is not None:
            for name in changed:
                say(name, "verify")
            checks = verify(nr)
            outcome.checks = checks
            if fleet.STOP.is_set():  # checks cut short by the signal say nothing about the network
                return fail("interrupted by a signal: stopped and rolled back")
            failed = [c for c in checks if c.status == "fail"]
            if failed:
                return fail(f"verification failed: {failed[0].check}: {failed[0].detail}"
                            + (f" (+{len(failed) - 1} more)" if len(failed) > 1 else ""))

        if fleet.STOP.is_set():
            return fail("interrupted by a signal: stopped and rolled back")
        keepalive.stop()  # nothing re-arms from here on: confirm and rollback run alone
        lapsed = keepalive.lapsed()
        if lapsed:
            return lapse_failure(lapsed)
        # 4. confirm everywhere
        def confirm(host: Host) -> None:
            say(host.name, "confirm")
            step(host.name, "confirm")
            fleet.driver(host).confirm()
            results[host.name].confirmed = True
            step(host.name, "confirmed")

        # devices whose confirm is final and self-contained (a confirming commit) go first; devices
        # whose confirm saves the startup config follow only when all of those confirmed, so a
        # failure at confirm never leaves a saved config that is not confirmed everywhere
        saving = [n for n in changed if get_vendor(intent.devices[n].vendor).capabilities.confirm_saves]
        for phase in ([n for n in changed if n not in saving], saving):
            confirmed = fleet.run(nr, confirm, "confirm", hosts=phase)
            errors = [o.error for o in confirmed.values() if not o.ok]
            for name, out in confirmed.items():
                if not out.ok:
                    results[name].error = out.error
            if errors:
                return fail(f"confirm failed: {errors[0]}")
        fleet.close_all(nr)
        _record(record, declared)
        if journal is not None:
            journal.finish("committed")
        outcome.ok = True
        outcome.cause = f"{len(changed)} device(s) changed"
        return outcome
    except BaseException:
        keepalive.stop()
        if not dry_run:
            _rollback(nr, results, say, step)
        fleet.close_all(nr)
        _close_journal(journal, results, outcome)
        raise


def _close_journal(journal: Journal | None, results: dict[str, DeviceResult], outcome: DeployResult) -> None:
    """A clean rollback closes the journal; a failed one leaves it open for ``interop recover``."""
    if journal is None:
        return
    if any("rollback failed" in r.error for r in results.values()):
        outcome.cause += f"; the journal {journal.path} stays open: run 'interop recover'"
        return
    journal.finish("rolled-back")


def _record(record: Ownership, declared: dict[str, set[str]]) -> None:
    """After a successful deploy the toolkit owns exactly what the intent declares on each
    deployed device (owned objects it no longer declares were deleted)."""
    if not record.enabled:
        return
    for name, keys in declared.items():
        record.record(name, keys)
    record.save()


def _rollback(nr: Nornir, results: dict[str, DeviceResult], say: Progress,
              step: Callable[[str, str], None]) -> None:
    def back(host: Host) -> None:
        res = results[host.name]
        if not res.committed and host.data.get("driver") is None:
            return  # never staged: nothing to undo
        say(host.name, "rollback" if res.committed else "discard")
        if res.committed:
            step(host.name, "rollback")
        fleet.driver(host).rollback()
        if res.committed:
            step(host.name, "rolled-back")
        res.rolled_back = res.committed

    outs = fleet.run(nr, back, "rollback", stoppable=False)
    for name, out in outs.items():
        if not out.ok:
            results[name].error = (results[name].error + "; " if results[name].error else "") + f"rollback failed: {out.error}"
