"""Commands that read the intent or configs only: ``render``, ``lint``, ``lint-config``."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from mpls_interop.cli.common import (
    InventoryOpt,
    RenderFormat,
    ReportFormat,
    batch_gc,
    err,
    out,
    write_files_atomically,
)
from mpls_interop.core.lint import lint as run_lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.core.render import render_all, render_device
from mpls_interop.sdk.findings import Finding
from mpls_interop.sdk.plan import Plan

app = typer.Typer()


@app.command()
def render(
    inventory: InventoryOpt,
    device: Annotated[str | None, typer.Option("--device", "-d", help="Print this device's config")] = None,
    fmt: Annotated[RenderFormat, typer.Option("--format", "-f", help="Junos: curly text or set commands")] = RenderFormat.text,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help="Write OUTDIR/<device>.conf for every device")] = None,
    lint_first: Annotated[bool, typer.Option(
        "--lint", help="Lint first (findings on stderr); on any error-level finding exit 1 and render nothing")] = False,
) -> None:
    """Render vendor configurations from the intent."""
    with batch_gc():
        _render(inventory, device, fmt, out_dir, lint_first)


def _render(inventory: Path, device: str | None, fmt: RenderFormat, out_dir: Path | None, lint_first: bool) -> None:
    intent = load_intent(inventory)
    plan = None
    if lint_first:
        plan = plan_intent(intent)
        findings = run_lint(intent, plan)
        if findings:
            _print_findings(err, inventory, findings)
        if any(f.severity == "error" for f in findings):
            raise typer.Exit(1)
    if device is not None and out_dir is None:
        sys.stdout.write(render_device(intent, device, fmt.value, plan))
        return
    if device is not None:
        render_device(intent, device, fmt.value, plan)  # validates the name
    if out_dir is None:
        configs = render_all(intent, fmt.value, plan=plan)
        if device is not None:
            configs = {device: configs[device]}
        for name, text in configs.items():
            sys.stdout.write(f"### {name}\n{text}\n")
        return
    configs = _render_with_progress(intent, fmt.value, plan)
    if device is not None:
        configs = {device: configs[device]}
    write_files_atomically({out_dir / f"{name}.conf": text for name, text in configs.items()})
    vendors = Counter(intent.devices[name].vendor for name in configs)
    mix = ", ".join(f"{v} {n}" for v, n in sorted(vendors.items()))
    err.print(f"wrote {len(configs)} config(s) to {out_dir}/ ({mix})", markup=False, highlight=False, soft_wrap=True)


#: from this many devices on, a terminal gets a progress bar while rendering
PROGRESS_FROM = 50


def _render_with_progress(intent, fmt: str, plan: Plan | None) -> dict[str, str]:  # noqa: ANN001
    if len(intent.devices) < PROGRESS_FROM or not err.is_terminal:
        return render_all(intent, fmt, plan=plan)
    from rich.progress import Progress

    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("rendering", total=len(intent.devices))
        return render_all(intent, fmt, progress=lambda _name: bar.advance(task), plan=plan)


@app.command()
def lint(
    inventory: InventoryOpt,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
) -> None:
    """Check the intent for Junos/NetIron interop traps. Exit 1 on any error-level finding."""
    with batch_gc():
        findings = run_lint(load_intent(inventory))
    if fmt is ReportFormat.json:
        sys.stdout.write(json.dumps([f.as_dict() for f in findings], indent=2) + "\n")
    elif findings:
        _print_findings(out, inventory, findings)
    else:
        out.print(f"[green]lint: no findings[/] ({inventory})")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def _print_findings(console: Console, inventory: Path, findings: list[Finding]) -> None:
    table = Table(title=f"lint: {inventory}")
    for col in ("rule", "severity", "devices", "message"):
        table.add_column(col, overflow="fold")
    style = {"error": "red", "warning": "yellow", "info": "cyan"}
    for f in findings:
        table.add_row(f.rule, f"[{style[f.severity]}]{f.severity}[/]", ", ".join(f.devices), f.message)
    console.print(table)


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


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the schema to FILE")] = None,
) -> None:
    """Print the JSON Schema of intent.yml (generated from the intent model), for editors and CI.

    Put `# yaml-language-server: $schema=PATH-TO/intent.schema.json` on the first line of
    intent.yml for completion and checks in editors that use the YAML language server."""
    from mpls_interop.core.schema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    write_files_atomically({output: text})
    err.print(f"wrote {output}")
