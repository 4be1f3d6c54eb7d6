"""Transaction journal: what a deploy is about to change, written before any device is touched.

One JSON file per deploy under the inventory's state dir (``<state>/txn/<inventory>-<hash>/``),
mode 0600, rewritten atomically and fsync'd at every step: the devices, each one's running and
saved configuration from before the change, the planned configuration and each completed step.
A journal whose ``status`` is ``open`` belongs to a deploy that never finished (crash, kill -9):
``interop recover`` brings the devices back from it, and deploys touching its devices refuse to
start until then. Journals hold device configurations only, never the toolkit's credentials.

Steps ``extended`` say the deploy's keepalive re-armed a device's commit-confirmed window (one
write per round): for the record only; ``interop recover`` restores the recorded configurations
whether the window is still pending or its timer already brought the old one back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mpls_interop.ops.lab import state_root


class UnfinishedJournal(Exception):
    """A deploy may not start: an earlier one left an open journal for some of its devices."""

    def __init__(self, path: Path, devices: list[str]) -> None:
        self.path = path
        self.devices = devices
        super().__init__(
            f"an unfinished deploy left the journal {path} for {', '.join(devices)}; run "
            "'interop recover' for this inventory first"
        )


def journal_dir(inventory: Path) -> Path:
    resolved = inventory.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
    return state_root() / "txn" / f"{resolved.name}-{digest}"


def _write(path: Path, data: dict[str, Any]) -> None:
    """Atomic, durable, private: temp file (0600) → fsync → rename → fsync the directory."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, (json.dumps(data, indent=1) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


@dataclass
class Journal:
    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def begin(cls, inventory: Path, devices: dict[str, dict[str, str]]) -> Journal:
        """``devices``: name → {vendor, running, saved, desired}."""
        jid = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        j = cls(journal_dir(inventory) / f"{jid}.json", {
            "version": 1, "id": jid, "inventory": str(inventory.resolve()), "status": "open",
            "started": time.time(), "devices": devices, "steps": [],
        })
        j.save()
        return j

    @classmethod
    def load(cls, path: Path) -> Journal:
        return cls(path, json.loads(path.read_text()))

    def save(self) -> None:
        with self._lock:
            _write(self.path, self.data)

    def step(self, device: str, step: str) -> None:
        """Record that ``device`` is about to do / has done ``step`` (written before returning)."""
        with self._lock:
            self.data["steps"].append({"device": device, "step": step, "time": time.time()})
            _write(self.path, self.data)

    def steps(self, devices: list[str], step: str) -> None:
        """:meth:`step` for several devices in one write (the journal holds every device's
        configurations: one rewrite per round, not per device)."""
        if not devices:
            return
        with self._lock:
            now = time.time()
            self.data["steps"].extend({"device": d, "step": step, "time": now} for d in devices)
            _write(self.path, self.data)

    def finish(self, status: str) -> None:
        """``status``: committed / rolled-back / recovered / recovered-forward / nothing-changed."""
        with self._lock:
            self.data["status"] = status
            self.data["finished"] = time.time()
            _write(self.path, self.data)

    @property
    def devices(self) -> dict[str, dict[str, str]]:
        return self.data["devices"]

    def reached(self, step: str) -> set[str]:
        return {s["device"] for s in self.data["steps"] if s["step"] == step}


def unfinished(inventory: Path) -> list[Journal]:
    d = journal_dir(inventory)
    out = []
    for p in sorted(d.glob("*.json")) if d.is_dir() else []:
        with contextlib.suppress(OSError, ValueError):
            j = Journal.load(p)
            if j.data.get("status") == "open":
                out.append(j)
    return out


def refuse_if_unfinished(inventory: Path, devices: list[str]) -> None:
    for j in unfinished(inventory):
        mine = sorted(set(j.devices) & set(devices))
        if mine:
            raise UnfinishedJournal(j.path, mine)


def recover(j: Journal, targets: dict[str, Any], forward: bool = False,
            say: Any = lambda device, msg: None) -> dict[str, str]:
    """Bring every device of an open journal back to its recorded running and saved config, or
    (``forward``) confirm the new one where every device reached the confirm step. Returns
    device → error ('' when done); the journal is closed only when every device is done."""
    from mpls_interop.sdk.driver import DriverError, driver_class

    if forward:
        back = sorted(j.reached("rollback"))
        if back:  # the deploy had decided to undo the change: only going back is consistent
            return {n: "the deploy had started rolling back: recover without --forward" for n in back}
        missing = sorted(set(j.devices) - j.reached("confirm") - _unchanged(j))
        if missing:
            return {n: "did not reach the confirm step: recover without --forward" for n in missing}
    errors: dict[str, str] = {}
    for name, rec in sorted(j.devices.items()):
        drv = driver_class(rec["vendor"])(targets[name])
        try:
            with drv:
                if forward:
                    if name in j.reached("confirm") and name not in j.reached("confirmed"):
                        say(name, "confirm")
                        drv.confirm()
                else:
                    say(name, "restore running and saved configuration")
                    drv.restore(rec["running"], rec["saved"])
            errors[name] = ""
        except DriverError as exc:
            errors[name] = str(exc)
        except Exception as exc:  # one line per device, whatever the library raised
            errors[name] = f"{name}: {type(exc).__name__}: {exc}"
    if not any(errors.values()):
        j.finish("recovered-forward" if forward else "recovered")
    return errors


def _unchanged(j: Journal) -> set[str]:
    """Devices staged but never committed (no change was applied to them)."""
    return set(j.devices) - j.reached("commit")
