"""``interop adopt``: take ownership of objects already on the devices that match the intent
(brownfield onboarding), and the operation table the deploy output shares."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from rich.table import Table

from mpls_interop.cli.common import ClabInventoryOpt, InventoryOpt, out, with_clab_inventory
from mpls_interop.cli.net import LabOpt, LimitOpt, TimeoutOpt
from mpls_interop.core.load import load_intent
from mpls_interop.ops import fleet
from mpls_interop.ops.deploy import deployable_configs
from mpls_interop.ops.ownership import Ownership, objects, owned_objects
from mpls_interop.ops.targets import select, targets

app = typer.Typer()


class AdoptFormat(str, Enum):
    table = "table"
    json = "json"


def print_operations(device: str, operations: list[dict[str, Any]]) -> None:
    """The object-level plan of one device: what changes (owned) and what is kept (unmanaged)."""
    if not operations:
        return
    t = Table(title=f"{device} operations", box=None, show_header=True, header_style="bold")
    for col in ("action", "object", "ownership"):
        t.add_column(col)
    for op in operations:
        action = "unmanaged, kept" if op["action"] == "keep" else op["action"]
        t.add_row(action, op["object"], op["ownership"])
    out.print(t)


@app.command()
def adopt(
    inventory: InventoryOpt,
    lab: LabOpt = False,
    limit: LimitOpt = None,
    include_different: Annotated[bool, typer.Option(
        "--include-different", help="Also adopt declared objects whose content differs (the next "
        "deploy changes them)")] = False,
    fmt: Annotated[AdoptFormat, typer.Option("--format", "-f")] = AdoptFormat.table,
    clab_inventory: ClabInventoryOpt = None,
    timeout: TimeoutOpt = 30,
) -> None:
    """Take ownership of objects on the devices that the intent declares and that already match
    it; everything else stays unmanaged. Recorded in the inventory's ownership.json."""
    intent = with_clab_inventory(load_intent(inventory), clab_inventory)
    record = Ownership(inventory)  # a broken record is bad input: before touching any device
    names = select(intent, limit)
    tg = targets(intent, inventory, names, lab, timeout)
    configs = deployable_configs(intent, names)
    nr = fleet.build(intent, tg)
    try:
        running = fleet.run(nr, lambda h: fleet.driver(h).get_config(), "read")
    finally:
        fleet.close_all(nr)
    rows: list[dict[str, str]] = []
    failed = False
    for name in names:
        o = running[name]
        if not o.ok:
            out.print(f"{name}: {o.error}", markup=False)
            failed = True
            continue
        vendor = intent.devices[name].vendor
        present = objects(vendor, o.value)
        declared = objects(vendor, configs[name])
        owned = owned_objects(record, name, vendor, present)
        taken = set()
        for key in sorted(present):
            if key in owned:
                status = "owned"
            elif key not in declared:
                status = "unmanaged, kept"
            elif present[key] == declared[key] or include_different:
                status = "adopted" if present[key] == declared[key] else "adopted (differs)"
                taken.add(key)
            else:
                status = "differs, not adopted"
            rows.append({"device": name, "object": key, "status": status})
        record.record(name, owned | taken)
    record.save()
    if fmt is AdoptFormat.json:
        sys.stdout.write(json.dumps({"ownership": str(record.path), "objects": rows}, indent=2) + "\n")
    else:
        t = Table(box=None, show_header=True, header_style="bold")
        for col in ("device", "object", "status"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["device"], r["object"], r["status"])
        out.print(t)
        adopted = sum(r["status"].startswith("adopted") for r in rows)
        out.print(f"{adopted} object(s) adopted; recorded in {record.path}")
    if failed:
        raise typer.Exit(1)
