"""The ``interop`` command line (typer + rich).

Exit codes: 0 success, 1 findings or failed checks, 2 bad input or usage.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from mpls_interop.core.intent import Intent
from mpls_interop.core.lint import lint as run_lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all, render_device
from mpls_interop.sdk.errors import InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Render, lint, deploy and verify Junos + NetIron MPLS interop from one intent.",
)
out = Console()
err = Console(stderr=True)

InventoryOpt = Annotated[
    Path, typer.Option("--inventory", "-i", help="Inventory directory (hosts.yml, group_vars/, host_vars/, intent.yml)")
]


class RenderFormat(str, Enum):
    text = "text"
    set = "set"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


def write_files_atomically(files: dict[Path, str]) -> None:
    """Write all files or none: each goes to a temp file first, then all are renamed into place."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            temps.append((Path(tmp_name), path))
        for tmp, path in temps:
            tmp.replace(path)
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise InputError(str(exc.filename or ""), f"cannot write: {exc.strerror}") from None


@app.command()
def render(
    inventory: InventoryOpt,
    device: Annotated[str | None, typer.Option("--device", "-d", help="Print this device's config")] = None,
    fmt: Annotated[RenderFormat, typer.Option("--format", "-f", help="Junos: curly text or set commands")] = RenderFormat.text,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Write OUTDIR/<device>.conf for every device")] = None,
) -> None:
    """Render vendor configurations from the intent."""
    intent = load_intent(inventory)
    if device is not None and out_dir is None:
        sys.stdout.write(render_device(intent, device, fmt.value))
        return
    configs = render_all(intent, fmt.value)
    if device is not None:
        render_device(intent, device, fmt.value)  # validates the name
        configs = {device: configs[device]}
    if out_dir is None:
        for name, text in configs.items():
            sys.stdout.write(f"### {name}\n{text}\n")
        return
    write_files_atomically({out_dir / f"{name}.conf": text for name, text in configs.items()})
    for name in configs:
        err.print(f"wrote {out_dir / (name + '.conf')}")


@app.command()
def lint(
    inventory: InventoryOpt,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Check the intent for Junos/NetIron interop traps. Exit 1 on any error-level finding."""
    intent = load_intent(inventory)
    findings = run_lint(intent)
    if fmt is ReportFormat.json:
        sys.stdout.write(json.dumps([f.as_dict() for f in findings], indent=2) + "\n")
    elif findings:
        table = Table(title=f"lint: {inventory}")
        for col in ("rule", "severity", "devices", "message"):
            table.add_column(col, overflow="fold")
        style = {"error": "red", "warning": "yellow", "info": "cyan"}
        for f in findings:
            table.add_row(f.rule, f"[{style[f.severity]}]{f.severity}[/]", ", ".join(f.devices), f.message)
        out.print(table)
    else:
        out.print(f"[green]lint: no findings[/] ({inventory})")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command("lint-config")
def lint_config(
    files: Annotated[list[Path], typer.Argument(help="Existing device configurations, one file per device")],
    vendor: Annotated[str | None, typer.Option("--vendor", help="junos|netiron (default: detected per file)")] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Lint existing (brownfield) configs for the interop traps, alone and across devices."""
    from mpls_interop.core.configlint import lint_configs

    findings = lint_configs(files, vendor)
    if fmt is ReportFormat.json:
        sys.stdout.write(json.dumps([vars(f) for f in findings], indent=2) + "\n")
    elif findings:
        table = Table(title="lint-config")
        for col in ("rule", "severity", "where", "message"):
            table.add_column(col, overflow="fold")
        for f in findings:
            table.add_row(f.rule, f.severity, f.source, f.message)
        out.print(table)
    else:
        out.print(f"[green]lint-config: no findings[/] ({len(files)} file(s))")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


lab_app = typer.Typer(no_args_is_help=True, help="Run the emulated lab (Junos NETCONF + NetIron SSH CLI on 127.0.0.1).")
app.add_typer(lab_app, name="lab")


def _lab_error(exc: Exception) -> None:
    err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@lab_app.command("up")
def lab_up(inventory: InventoryOpt) -> None:
    """Start the inventory's emulated lab in the background (factory-default configs)."""
    from mpls_interop.ops import lab as labmod

    intent = load_intent(inventory)
    try:
        state = labmod.up(intent, inventory)
    except labmod.LabError as exc:
        _lab_error(exc)
    names = ", ".join(f"{d['name']}:{d['port']}" for d in state["devices"])
    err.print(f"lab up ({state.get('started_in', '?')}s): {names}")


@lab_app.command("down")
def lab_down(inventory: InventoryOpt) -> None:
    """Stop the inventory's lab (harmless when none is running)."""
    from mpls_interop.ops import lab as labmod

    stopped = labmod.down(inventory)
    err.print("lab stopped" if stopped else "no lab was running")


@lab_app.command("status")
def lab_status(
    inventory: InventoryOpt,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """List the lab's devices: address, port, lab-only credentials, reachability."""
    from mpls_interop.ops import lab as labmod

    st = labmod.status(inventory)
    if fmt is ReportFormat.json:
        sys.stdout.write(json.dumps({"running": st["running"], "devices": st["devices"]}, indent=2) + "\n")
        return
    if not st["running"]:
        out.print(f"no lab running for {inventory}")
        return
    table = Table(title=f"lab {inventory} (pid {st['pid']})")
    for col in ("name", "vendor", "model", "host", "port", "username", "password", "reachable"):
        table.add_column(col)
    for d in st["devices"]:
        table.add_row(*(str(d[c]) for c in ("name", "vendor", "model", "host", "port", "username", "password", "reachable")))
    out.print(table)


@lab_app.command("fault")
def lab_fault(
    inventory: InventoryOpt,
    kind: Annotated[str, typer.Argument(help="link-mtu|link-down|link-up|device-down|device-up|drop-session|commit-fail|clear")],
    target: Annotated[str, typer.Argument(help="DEVICE:INTERFACE for link faults, DEVICE for device faults")] = "",
    value: Annotated[str | None, typer.Argument(help="link-mtu: new MTU; drop-session: N commands/RPCs")] = None,
) -> None:
    """Inject a fault into the running lab; the model recomputes at once."""
    from mpls_interop.ops import lab as labmod

    intent = load_intent(inventory)
    try:
        applied = labmod.fault(intent, inventory, kind, target, value)
    except labmod.LabError as exc:
        _lab_error(exc)
    err.print(f"fault applied: {applied}")


# ---- containerlab: export, and --clab-inventory for commands that talk to devices ------------

ClabInventoryOpt = Annotated[
    Path | None,
    typer.Option(
        "--clab-inventory",
        help="ansible-inventory.yml of a deployed containerlab lab (from `interop lab export`): "
        "management addresses, and vJunos/vMX port names, come from it",
    ),
]


def with_clab_inventory(intent: Intent, clab_inventory: Path | None) -> Intent:
    """``intent`` aimed at the containerlab lab of ``--clab-inventory`` (unchanged when None)."""
    if clab_inventory is None:
        return intent
    from mpls_interop.ops.clab import apply_clab_inventory

    return apply_clab_inventory(intent, clab_inventory)


@lab_app.command("export")
def lab_export(
    inventory: InventoryOpt,
    containerlab: Annotated[bool, typer.Option("--containerlab", help="Export a containerlab topology (the one export format)")] = False,
    junos_kind: Annotated[str, typer.Option("--junos-kind", help="juniper_vjunosrouter | juniper_vmx | juniper_crpd")] = "juniper_vjunosrouter",
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Topology file (default: ./<name>.clab.yml); startup configs go to <name>/ beside it")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Lab name (default: <inventory dir>-<kind>)")] = None,
    junos_image: Annotated[str | None, typer.Option("--junos-image", help="Image of the Junos nodes")] = None,
    netiron_image: Annotated[str | None, typer.Option("--netiron-image", help="Image of the NetIron emulator nodes")] = None,
) -> None:
    """Write a containerlab topology (+ startup configs) for the inventory's devices and links."""
    from mpls_interop.ops import clab

    if not containerlab:
        raise InputError("lab export", "say which format: --containerlab (the only one so far)")
    try:
        kind = clab.JunosKind(junos_kind)
    except ValueError:
        raise InputError("--junos-kind", f"{junos_kind!r} is not one of {', '.join(k.value for k in clab.JunosKind)}") from None
    intent = load_intent(inventory)
    lab_name = name or clab.default_lab_name(inventory, kind)
    export = clab.export_containerlab(
        intent, kind, lab_name, junos_image, netiron_image or clab.NETIRON_IMAGE, source=inventory.resolve().name
    )
    target = out_file or Path(f"{lab_name}.clab.yml")
    files = export.files_at(target)
    write_files_atomically(files)
    for f in export.findings:
        err.print(f"{f.severity} {f.rule} {', '.join(f.devices)}: {f.message}", markup=False, highlight=False, soft_wrap=True)
    for path in files:
        err.print(f"wrote {path}", markup=False, highlight=False)
    if any(f.severity == "error" for f in export.findings):
        raise typer.Exit(1)


def main() -> None:
    try:
        app()  # standalone: usage errors print click's message and exit 2
    except InputError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("aborted")
        sys.exit(130)


# commands that talk to devices live in their own module; importing it registers them on `app`
from mpls_interop.cli import net  # noqa: E402,F401
