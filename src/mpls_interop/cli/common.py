"""What the command modules share: consoles, options, atomic file writes."""

from __future__ import annotations

import errno
import gc
import os
import shutil
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
    routers, peak RSS the same either way: bench/README.md). At the end what was built is frozen
    (``gc.freeze``): else the first collection after, or the interpreter's last one at exit, walks
    it all once more (~0.3 s). Frozen objects are still freed when their last reference goes."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def write_files_atomically(files: dict[Path, str]) -> None:
    """Write all files or none: each goes to a temp file first, then all are renamed into place.

    A file that already holds exactly its text is left alone (not rewritten: its time stamp says
    when it last changed). When every file goes into one directory that does not exist yet, they
    are written into a staging directory beside it, which then takes its name: one rename instead
    of one per file (creating and renaming files is most of the cost of writing 1000 configs)."""
    data = {path: text.encode("utf-8") for path, text in files.items()}
    parents = {path.parent for path in data}
    if len(parents) == 1 and not next(iter(parents)).exists():
        _write_new_directory(next(iter(parents)), data)
        return
    temps: list[tuple[Path, Path]] = []
    try:
        for path, blob in data.items():
            if _holds(path, blob):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            temps.append((Path(tmp_name), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
        for tmp, path in temps:
            tmp.replace(path)
    except OSError as exc:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise InputError(str(exc.filename or ""), f"cannot write: {exc.strerror}") from None


def _holds(path: Path, blob: bytes) -> bool:
    """Whether ``path`` is a regular file whose content is ``blob``."""
    try:
        if path.stat().st_size != len(blob) or not path.is_file():
            return False
        return path.read_bytes() == blob
    except OSError:
        return False


def _write_new_directory(final: Path, data: dict[Path, bytes]) -> None:
    """Every file into ``final`` (which does not exist): written in a staging directory beside it
    (same mode as ``mkdir`` gives; files 0600 like ``mkstemp``'s), renamed to ``final`` at the end."""
    stage: Path | None = None
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        for n in range(100):
            candidate = final.with_name(f".{final.name}.{os.getpid()}.{n}.tmp")
            try:
                candidate.mkdir()
            except FileExistsError:
                continue
            stage = candidate
            break
        else:
            raise FileExistsError(errno.EEXIST, "no free staging directory name", str(final))
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        for path, blob in data.items():
            fd = os.open(stage / path.name, flags, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
        stage.rename(final)  # fails if something took the name meanwhile (unless an empty directory)
    except OSError as exc:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        raise InputError(str(exc.filename or final), f"cannot write: {exc.strerror}") from None


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


