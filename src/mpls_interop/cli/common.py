"""What the command modules share: consoles, options, atomic file writes."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.errors import InputError

out = Console()
err = Console(stderr=True)

InventoryOpt = Annotated[
    Path, typer.Option("--inventory", "-i", help="Inventory directory (hosts.yml, group_vars/, host_vars/, intent.yml)")
]

KnownHostsOpt = Annotated[
    Path | None,
    typer.Option("--known-hosts", help="known_hosts file for the devices' SSH host keys "
                 "(default: the inventory's known_hosts variable, else ~/.ssh/known_hosts)"),
]
AcceptNewHostKeysOpt = Annotated[
    bool,
    typer.Option("--accept-new-host-keys", help="Trust on first use: record unknown host keys in the "
                 "known_hosts file (a changed key is always refused)"),
]


class RenderFormat(str, Enum):
    text = "text"
    set = "set"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


@contextmanager
def batch_gc() -> Iterator[None]:
    """No cyclic garbage collection while a short command builds the intent, its plan and the
    configurations: a large graph without reference cycles (reference counting frees it all),
    which each of CPython's full collections would walk again (0.4-0.5 s of ~3.5 s CPU at 1000
    routers, peak RSS the same either way: bench/README.md)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


