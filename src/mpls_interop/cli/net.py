"""CLI commands that talk to devices: ``diff``, ``deploy``, ``verify`` and ``demo``."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from mpls_interop.cli.common import (
    AcceptNewHostKeysOpt,
    ClabInventoryOpt,
    InventoryOpt,
    KnownHostsOpt,
    err,
    out,
    with_clab_inventory,
    write_files_atomically,
)
from mpls_interop.core.load import load_intent
from mpls_interop.ops import fleet, report
from mpls_interop.ops.deploy import deploy as run_deploy
from mpls_interop.ops.journal import UnfinishedJournal
from mpls_interop.ops.keepalive import minute_seconds
from mpls_interop.ops.locks import DeviceLocked, DeviceLocks
from mpls_interop.ops.targets import select
from mpls_interop.ops.targets import targets as resolve_targets
from mpls_interop.ops.verify import verify_settled
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.hostkeys import HostKeyError
from mpls_interop.sdk.secrets import scrub

app = typer.Typer()


class CheckFormat(str, Enum):
    table = "table"
    json = "json"
    junit = "junit"


class DeployFormat(str, Enum):
    table = "table"
    json = "json"


LabOpt = Annotated[bool, typer.Option("--lab", help="Target the running emulated lab of this inventory")]
LimitOpt = Annotated[str | None, typer.Option("--limit", "-l", help="Comma-separated hosts or groups")]
TimeoutOpt = Annotated[float, typer.Option(
    "--timeout", min=1, max=600,
    help="Bound on every wait for a device (connect, login, each command or RPC reply, commit), seconds")]
RetriesOpt = Annotated[int, typer.Option(
    "--connect-retries", min=0, max=10,
    help="Extra connection attempts when a device refuses or drops the connection (never on commands)")]
WaitOpt = Annotated[float, typer.Option(
    "--wait", min=0, max=600,
    help="Let the network converge: take the checks again every 5 s while any fails, for at most "
         "this many seconds (the last round is the verdict)")]
MaxReplyOpt = Annotated[float, typer.Option(
    "--max-reply-mb", min=0.01, max=4096, help="Largest reply accepted from a device, MiB")]


def targets(intent, inventory: Path, names: list[str], lab: bool, timeout: float = 30,
            known_hosts: Path | None = None, accept_new: bool = False, retries: int = 1,
            max_reply_mb: float = 16):
    """The devices' targets, host keys verified first: a wrong or unaccepted key is one line, exit 1."""
    try:
        return resolve_targets(intent, inventory, names, lab, timeout, known_hosts, accept_new,
                               connect_attempts=1 + retries, max_reply=int(max_reply_mb * 1024 * 1024))
    except HostKeyError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


class DeviceProgress:
    """Per-device progress: a live rich table on a terminal (refreshed twice a second, with how
    long each device has been waiting for its current step), one line per step otherwise (plus
    a ``still waiting`` line every :attr:`NOTICE` seconds for a device that is slow to answer)."""

    #: seconds a device may wait before the plain display says so (and again every as many)
    NOTICE = 5.0

    def __init__(self, devices: list[str], enabled: bool = True) -> None:
        import threading

        from rich.live import Live

        self.console = Console(stderr=True)
        self.enabled = enabled
        self.state = {d: "waiting" for d in devices}
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.ticker: threading.Thread | None = None
        self.live = Live(console=self.console, transient=False, auto_refresh=True, refresh_per_second=2,
                         get_renderable=self._table) if enabled and self.console.is_terminal else None

    def _table(self):
        from rich.table import Table

        from mpls_interop.sdk.deadline import waiting

        waits = {}
        for device, what, seconds in waiting():
            waits.setdefault(device, (what, seconds))
        t = Table(show_header=True, header_style="bold", box=None)
        t.add_column("device")
        t.add_column("step")
        t.add_column("waiting for")
        for d, step in self.state.items():
            w = waits.get(d)
            t.add_row(d, step, f"{w[0]} ({w[1]:.0f}s)" if w and w[1] >= 1 else "", style="yellow" if w and w[1] >= self.NOTICE else None)
        return t

    def _tick(self) -> None:
        """Plain output: name the devices that have been waiting long, every NOTICE seconds."""
        from rich.markup import escape

        from mpls_interop.sdk.deadline import waiting

        told: dict[tuple[str, str], int] = {}
        while not self.stopped.wait(0.5):
            for device, what, seconds in waiting():
                if device not in self.state:
                    continue
                n = int(seconds // self.NOTICE)
                if n >= 1 and told.get((device, what), 0) < n:
                    told[(device, what)] = n
                    with self.lock:
                        self.console.print(f"[bold]{device:>8}[/] still waiting for {escape(what)} "
                                           f"({seconds:.0f}s)", highlight=False)

    def __enter__(self) -> DeviceProgress:
        import threading

        if self.live is not None:
            self.live.start()
        elif self.enabled:
            self.ticker = threading.Thread(target=self._tick, name="interop-progress", daemon=True)
            self.ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        if self.ticker is not None:
            self.ticker.join(2)
        if self.live is not None:
            self.live.refresh()
            self.live.stop()

    def __call__(self, device: str, msg: str) -> None:
        if not self.enabled:
            return
        with self.lock:
            self.state[device] = msg
            if self.live is not None:
                self.live.refresh()
            else:
                self.console.print(f"[bold]{device:>8}[/] {msg}", highlight=False)


def diff_operations(text: str) -> list[dict[str, str]]:
    """The lines a diff adds, changes or deletes, each with its configuration context: Junos
    ``[edit …]`` headers with ``+``/``-`` lines, NetIron ``+``/``~``/``-`` ``context > line``."""
    ops: list[dict[str, str]] = []
    context = ""
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("[edit") and stripped.endswith("]"):
            context = stripped[1:-1].removeprefix("edit").strip()
            continue
        if not stripped or stripped[0] not in "+-~":
            continue
        body = stripped[1:].split("  (was: ")[0].strip()
        where = context
        if " > " in body and not context:
            *chain, body = body.split(" > ")
            where = " > ".join(chain)
        ops.append({"op": {"+": "add", "-": "delete", "~": "modify"}[stripped[0]], "context": where, "line": body})
    return ops


@app.command()
def diff(inventory: InventoryOpt, lab: LabOpt = False, limit: LimitOpt = None,
         fmt: Annotated[DeployFormat, typer.Option("--format", "-f")] = DeployFormat.table,
         clab_inventory: ClabInventoryOpt = None, timeout: TimeoutOpt = 30, connect_retries: RetriesOpt = 1,
         max_reply_mb: MaxReplyOpt = 16,
         known_hosts: KnownHostsOpt = None, accept_new_host_keys: AcceptNewHostKeysOpt = False,
         exit_code: Annotated[bool, typer.Option(
             "--exit-code", help="Exit 1 when any device differs from the intent, 0 when none (drift check)")] = False,
         ) -> None:
    """Per device: the ordered operations (create/modify/delete of owned objects, unmanaged ones
    kept) and the difference between the rendered config and what the device runs.

    Exit codes: 2 on bad input; 1 when a device cannot be diffed (unreachable, ownership
    conflict); with --exit-code also 1 when any device differs (0 when none does)."""
    from mpls_interop.cli.ownership_cmds import print_operations

    intent = with_clab_inventory(load_intent(inventory), clab_inventory)
    names = select(intent, limit)
    tg = targets(intent, inventory, names, lab, timeout, known_hosts, accept_new_host_keys, connect_retries,
                 max_reply_mb)
    result = run_deploy(intent, tg, dry_run=True, verify=None, inventory=inventory)
    differs = [name for name, r in result.devices.items() if r.diff.strip()]
    if fmt is DeployFormat.json:
        data = result.as_dict()
        data["differs"] = differs
        for d in data["devices"]:
            d["differs"] = d["name"] in differs
            d["changes"] = diff_operations(d["diff"])
        sys.stdout.write(scrub(json.dumps(data, indent=2)) + "\n")
    else:
        for name, r in result.devices.items():
            out.rule(name)
            print_operations(name, r.operations)
            if r.error:
                err.print(f"error: {r.error}", markup=False)
            else:
                out.print(r.diff or "(no differences)", markup=False, highlight=False)
        # the cause, unless it only repeats a device's error printed above
        if not result.ok and not any(r.error and r.error in result.cause for r in result.devices.values()):
            err.print(f"error: {result.cause}", markup=False)
    if not result.ok:
        raise typer.Exit(1)
    if exit_code and differs:
        raise typer.Exit(1)


@app.command()
def deploy(
    inventory: InventoryOpt,
    lab: LabOpt = False,
    limit: LimitOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Stage and show diffs, commit nothing")] = False,
    confirm_minutes: Annotated[int, typer.Option("--confirm-minutes", min=1, max=60,
                                                 help="Junos commit confirmed timeout")] = 5,
    no_verify: Annotated[bool, typer.Option("--no-verify", help="Skip verification before confirming")] = False,
    wait: WaitOpt = 0,
    fmt: Annotated[DeployFormat, typer.Option("--format", "-f")] = DeployFormat.table,
    clab_inventory: ClabInventoryOpt = None,
    timeout: TimeoutOpt = 30,
    connect_retries: RetriesOpt = 1,
    max_reply_mb: MaxReplyOpt = 16,
    known_hosts: KnownHostsOpt = None,
    accept_new_host_keys: AcceptNewHostKeysOpt = False,
    skip_lint: Annotated[bool, typer.Option(
        "--skip-lint", help="Emergencies only: deploy even when the intent lint finds errors")] = False,
) -> None:
    """Push the intent to all selected devices at once; all or nothing.

    The intent lint runs first: an error-level finding stops the deploy before any connection
    (exit 1) unless --skip-lint is given (the report then says the lint was skipped)."""
    if wait and wait >= confirm_minutes * 60 - 30:
        # the verification runs inside the commit-confirmed window: it must leave time to confirm
        raise InputError("--wait", f"{wait:g} s does not leave 30 s of the {confirm_minutes}-minute "
                                   "commit-confirmed window to confirm in; raise --confirm-minutes")
    minute = minute_seconds()  # a bad INTEROP_CONFIRM_MINUTE_SECONDS is refused before any connection
    intent = with_clab_inventory(load_intent(inventory), clab_inventory)
    if not skip_lint:
        lint_gate(intent)
    names = select(intent, limit)
    tg = targets(intent, inventory, names, lab, timeout, known_hosts, accept_new_host_keys, connect_retries,
                 max_reply_mb)
    verifier = None if no_verify else (lambda nr: verify_settled(intent, nr, wait, on_retry=_settling)[0])
    try:
        with DeviceProgress(names, fmt is DeployFormat.table) as progress, stop_on_signals():
            result = run_deploy(intent, tg, dry_run=dry_run, confirm_minutes=confirm_minutes, verify=verifier,
                                progress=progress, inventory=inventory, minute=minute)
    except UnfinishedJournal as exc:
        err.print(f"error: deploy refused: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("error: interrupted twice: the rollback did not finish; the transaction journal is left "
                  f"open: run 'interop recover -i {inventory}{' --lab' if lab else ''}'", markup=False)
        raise typer.Exit(130) from None
    if fmt is DeployFormat.json:
        data = result.as_dict()
        data["lint_skipped"] = skip_lint
        sys.stdout.write(scrub(json.dumps(data, indent=2)) + "\n")
    else:
        from mpls_interop.cli.ownership_cmds import print_operations

        if skip_lint:
            out.print("[yellow]lint skipped (--skip-lint): the intent was not checked before deploying[/]")

        for name, r in result.devices.items():
            print_operations(name, r.operations)
            if r.diff:
                out.rule(f"{name} diff")
                out.print(r.diff, markup=False, highlight=False)
        if result.checks:
            report.render(result.checks, "table", out, "verification")
        style = "green" if result.ok else "red"
        out.print(f"[{style}]deploy {'succeeded' if result.ok else 'FAILED'}[/]: {result.cause}")
        for name, r in result.devices.items():
            if r.rolled_back:
                out.print(f"  {name}: rolled back to its previous configuration")
            if r.error and r.error not in result.cause:  # the cause already says it: not twice
                out.print(f"  {name}: {r.error.removeprefix(name + ': ')}", markup=False)
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def recover(
    inventory: InventoryOpt,
    lab: LabOpt = False,
    forward: Annotated[bool, typer.Option(
        "--forward", help="Confirm the new configuration instead (only where every device reached confirm)")] = False,
    clab_inventory: ClabInventoryOpt = None,
    timeout: TimeoutOpt = 30,
    connect_retries: RetriesOpt = 1,
    max_reply_mb: MaxReplyOpt = 16,
    known_hosts: KnownHostsOpt = None,
    accept_new_host_keys: AcceptNewHostKeysOpt = False,
) -> None:
    """Finish what an interrupted deploy left: every device of each open transaction journal back
    to its running and saved configuration from before the deploy (or forward with --forward).
    Exit 0 when nothing is left open, 1 when a device could not be recovered."""
    from mpls_interop.ops import journal as jmod

    intent = with_clab_inventory(load_intent(inventory), clab_inventory)
    open_journals = jmod.unfinished(inventory)
    if not open_journals:
        out.print("recover: no unfinished deploy")
        return
    failed = False
    for j in open_journals:
        names = sorted(j.devices)
        unknown = [n for n in names if n not in intent.devices]
        if unknown:
            raise InputError(str(j.path), f"devices not in the inventory: {', '.join(unknown)}")
        tg = targets(intent, inventory, names, lab, timeout, known_hosts, accept_new_host_keys, connect_retries,
                 max_reply_mb)
        try:
            with DeviceLocks() as held, DeviceProgress(names) as progress:
                held.acquire(tg.values())
                errors = jmod.recover(j, tg, forward, progress)
        except DeviceLocked as exc:
            err.print(f"error: recover refused: {exc}", markup=False)
            raise typer.Exit(1) from None
        for name, error in errors.items():
            if error:
                failed = True
                out.print(f"  {name}: recovery failed: {error}", markup=False)
            else:
                out.print(f"  {name}: {'confirmed the new' if forward else 'back at its previous'} configuration")
        out.print(f"recover {j.path.name}: {'left open' if any(errors.values()) else 'done'}")
    if failed:
        raise typer.Exit(1)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """First SIGTERM/SIGINT: stop new work (the deploy then joins its workers, rolls back through
    the journal and reports); a second one interrupts the rollback, leaving the journal open."""
    import signal

    from mpls_interop.ops import fleet as fleetmod

    def handler(signum: int, _frame: object) -> None:
        if fleetmod.STOP.is_set():
            raise KeyboardInterrupt
        fleetmod.STOP.set()
        err.print(f"{signal.Signals(signum).name}: stopping; rolling back (again to abandon the rollback)",
                  markup=False)

    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        fleetmod.STOP.clear()


def lint_gate(intent) -> None:
    """Error-level lint findings stop a deploy before any connection: printed, exit 1."""
    from mpls_interop.core.lint import lint

    errors = [f for f in lint(intent) if f.severity == "error"]
    if not errors:
        return
    for f in errors:
        err.print(f"lint error {f.rule} ({', '.join(f.devices)}): {f.message}", markup=False, highlight=False,
                  soft_wrap=True)
    err.print(f"error: deploy refused: {len(errors)} lint error(s); fix the intent, or use --skip-lint "
              "in an emergency", markup=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command()
def verify(
    inventory: InventoryOpt,
    lab: LabOpt = False,
    limit: LimitOpt = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f")] = CheckFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE")] = None,
    clab_inventory: ClabInventoryOpt = None,
    timeout: TimeoutOpt = 30,
    connect_retries: RetriesOpt = 1,
    max_reply_mb: MaxReplyOpt = 16,
    known_hosts: KnownHostsOpt = None,
    accept_new_host_keys: AcceptNewHostKeysOpt = False,
    wait: WaitOpt = 0,
) -> None:
    """Check the network on the devices: links, MTU pings, OSPF, BFD, LDP, LSPs, pseudowires,
    service pings. Exit 0 when every check passes, 1 when any fails, 2 on bad input."""
    if output is not None:
        check_output_path(output)
    run = report.Run(inventory=str(inventory))
    intent = with_clab_inventory(load_intent(inventory), clab_inventory)
    names = select(intent, limit)
    tg = targets(intent, inventory, names, lab, timeout, known_hosts, accept_new_host_keys, connect_retries,
                 max_reply_mb)
    nr = fleet.build(intent, tg)
    try:
        checks, _sent = verify_settled(intent, nr, wait, on_retry=_settling)
    finally:
        fleet.close_all(nr)
    _emit(checks, fmt.value, output, run.finish())
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(1)


def _settling(failing: int, pause: float) -> None:
    err.print(f"{failing} check(s) fail; taking them again in {pause:.0f} s (--wait)", markup=False)


def check_output_path(output: Path) -> None:
    """Refuse an --output FILE that cannot be written, before any work starts."""
    import os

    if output.is_dir():
        raise InputError(str(output), "--output is a directory; give a file name")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(str(output), f"--output directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise InputError(str(output), "--output is not writable")


def _emit(checks, fmt: str, output: Path | None, run: report.Run) -> None:
    if output is not None:
        text = {"json": lambda: report.as_json(checks, run), "junit": lambda: report.as_junit(checks, run=run),
                "table": lambda: report.as_text(checks)}[fmt]()
        write_files_atomically({output: text})
        err.print(f"wrote {output} ({report.summary(checks)})")
        return
    text = report.render(checks, fmt, out, run=run)
    if text is not None:
        sys.stdout.write(text)
    else:
        out.print(report.summary(checks))


@app.command()
def demo(
    inventory: Annotated[Path | None, typer.Option("--inventory", "-i", help="Inventory (default: the seed network)")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Leave the lab running afterwards")] = False,
    wait: WaitOpt = 90,
) -> None:
    """Start the emulated lab for the seed network, deploy, verify, print the report, stop the lab."""
    from mpls_interop.ops import lab as labmod

    if inventory is None:
        candidates = [Path.cwd() / "inventories" / "seed", Path(__file__).resolve().parent.parent / "inventories" / "seed"]
        inventory = next((c for c in candidates if c.is_dir()), candidates[0])
    if not inventory.is_dir():
        raise InputError(str(inventory), "inventory directory not found (run from a clone, or pass -i)")
    intent = load_intent(inventory)
    started = time.monotonic()
    labmod.down(inventory)
    try:
        state = labmod.up(intent, inventory)
    except labmod.LabError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    err.print(f"lab up in {state.get('started_in', '?')}s: " + ", ".join(
        f"{d['name']} ({d['vendor']}) 127.0.0.1:{d['port']}" for d in state["devices"]))
    try:
        names = sorted(intent.devices)
        tg = targets(intent, inventory, names, lab=True)
        with DeviceProgress(names) as progress:
            result = run_deploy(intent, tg, confirm_minutes=5, verify=None, progress=progress)
        out.print(f"[{'green' if result.ok else 'red'}]deploy: {result.cause}[/]")
        if not result.ok:
            for name, r in result.devices.items():
                if r.error:
                    out.print(f"  {name}: {r.error}", markup=False)
            raise typer.Exit(1)
        nr = fleet.build(intent, tg)
        try:
            # real PEs (FRR on an OpenFlow PE) converge in seconds after the deploy
            checks, sent = verify_settled(intent, nr, wait, on_retry=_settling)
        finally:
            fleet.close_all(nr)
        report.render(checks, "table", out, "verification of the seed network on the emulated lab")
        out.print(f"{report.summary(checks)}; {sent} pings sent; {time.monotonic() - started:.1f}s")
        if any(c.status == "fail" for c in checks):
            raise typer.Exit(1)
    finally:
        if not keep:
            labmod.down(inventory)
