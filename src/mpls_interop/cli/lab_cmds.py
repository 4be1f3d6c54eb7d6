"""``interop lab``: the emulated lab (up/down/status/fault) and the containerlab export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from mpls_interop.cli.common import (
    InventoryOpt,
    ReportFormat,
    err,
    out,
    write_files_atomically,
)
from mpls_interop.core.load import load_intent
from mpls_interop.sdk.errors import InputError

app = typer.Typer()


lab_app = typer.Typer(no_args_is_help=True, help="Run the emulated lab (Junos NETCONF + NetIron SSH CLI on 127.0.0.1).")


def _lab_error(exc: Exception) -> None:
    err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@lab_app.command("up")
def lab_up(
    inventory: InventoryOpt,
    startup: Annotated[list[str] | None, typer.Option(
        "--startup", metavar="DEV=FILE",
        help="Start DEV from the configuration in FILE (Junos text, NetIron running-config); repeatable",
    )] = None,
) -> None:
    """Start the inventory's emulated lab in the background (factory-default configs unless --startup)."""
    from mpls_interop.ops import lab as labmod

    intent = load_intent(inventory)
    files = labmod.parse_startup(intent, startup or [])
    try:
        state = labmod.up(intent, inventory, files)
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
    kind: Annotated[str, typer.Argument(help="link-mtu|link-down|link-up|device-down|device-up|drop-session|stall-session|commit-fail|confirm-clock|clear")],
    target: Annotated[str, typer.Argument(help="DEVICE:INTERFACE for link faults, DEVICE for device faults")] = "",
    value: Annotated[str | None, typer.Argument(help="link-mtu: new MTU; drop-session: N commands/RPCs; confirm-clock: seconds per minute of commit-confirmed timers")] = None,
) -> None:
    """Inject a fault into the running lab; the model recomputes at once."""
    from mpls_interop.ops import lab as labmod

    intent = load_intent(inventory)
    try:
        applied = labmod.fault(intent, inventory, kind, target, value)
    except labmod.LabError as exc:
        _lab_error(exc)
    err.print(f"fault applied: {applied}")


@lab_app.command("export")
def lab_export(
    inventory: InventoryOpt,
    containerlab: Annotated[bool, typer.Option("--containerlab", help="Export a containerlab topology (the one export format)")] = False,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="VENDOR=KIND (or a KIND only one vendor has), e.g. junos=juniper_vmx; repeatable; default: each vendor's first kind")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help="Topology file (default: ./<name>.clab.yml); startup configs go to <name>/ beside it")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Lab name (default: <inventory dir>-<kinds chosen>)")] = None,
    image: Annotated[list[str] | None, typer.Option("--image", help="VENDOR=IMAGE: image of that vendor's nodes; repeatable")] = None,
    old_kind: Annotated[str | None, typer.Option("--junos-kind", hidden=True)] = None,  # compat: old spelling of --kind
    old_image_a: Annotated[str | None, typer.Option("--junos-image", hidden=True)] = None,  # compat: --image
    old_image_b: Annotated[str | None, typer.Option("--netiron-image", hidden=True)] = None,  # compat: --image
) -> None:
    """Write a containerlab topology (+ startup configs) for the inventory's devices and links."""
    from mpls_interop.ops import clab

    if not containerlab:
        raise InputError("lab export", "say which format: --containerlab (the only one so far)")
    kinds: dict[str, str] = {}
    for item in [*(kind or []), *([old_kind] if old_kind else [])]:
        vendor, eq, value = item.partition("=")
        if eq:
            kinds[vendor.strip()] = value.strip()
        else:
            resolved = clab.resolve_kinds(item.strip())
            kinds.update({v: k.name for v, k in resolved.items() if k.name == item.strip() or item.strip() in k.aliases})
    images: dict[str, str] = {}
    for item in image or []:
        vendor, eq, value = item.partition("=")
        if not eq or not value.strip():
            raise InputError("--image", f"{item!r}: write VENDOR=IMAGE")
        images[vendor.strip()] = value.strip()
    for vendor, old in (("junos", old_image_a), ("netiron", old_image_b)):  # compat: old options
        if old:
            images.setdefault(vendor, old)
    intent = load_intent(inventory)
    lab_name = name or clab.default_lab_name(inventory, kinds or None, intent)
    export = clab.export_containerlab(intent, kinds or None, lab_name, images, source=inventory.resolve().name)
    target = out_file or Path(f"{lab_name}.clab.yml")
    files = export.files_at(target)
    write_files_atomically(files)
    for f in export.findings:
        err.print(f"{f.severity} {f.rule} {', '.join(f.devices)}: {f.message}", markup=False, highlight=False, soft_wrap=True)
    for path in files:
        err.print(f"wrote {path}", markup=False, highlight=False)
    if any(f.severity == "error" for f in export.findings):
        raise typer.Exit(1)
