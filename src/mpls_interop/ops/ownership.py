"""Ownership: what the toolkit may change or remove on a device.

The toolkit owns the objects the intent declares plus the objects earlier deploys created (or
``interop adopt`` took over). Everything else on a device is "unmanaged, kept": never modified,
never removed. Objects are named by each vendor's ``ownership`` module (``objects(config)`` →
identity → content), from the rendered config and from the device's running config.

The record is ``ownership.json`` beside the inventory's ``intent.yml``, Terraform-style: it
travels with the inventory (commit it), so a second engineer deploying the same inventory from
another machine sees the same ownership, and it names objects (not their content), so it survives
out-of-band edits of the objects.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.spec import get_vendor

STATE_FILE = "ownership.json"


def vendor_module(vendor: str) -> ModuleType:
    """The vendor's ``ownership`` module (beside its spec)."""
    package = type(get_vendor(vendor)).__module__.rsplit(".", 1)[0]
    return importlib.import_module(f"{package}.ownership")


def objects(vendor: str, config: str) -> dict[str, str]:
    return vendor_module(vendor).objects(config)


def owned_objects(record: Ownership, device: str, vendor: str, present: Iterable[str] = ()) -> set[str]:
    """The device's owned objects from the record, named as the vendor names them today: a
    vendor's ``migrate(keys, present)`` (or ``canonical(key)``), when it has one, maps what an
    older version recorded, given the objects now ``present`` on the device."""
    module = vendor_module(vendor)
    keys = record.owned(device)
    migrate = getattr(module, "migrate", None)
    if migrate is not None:
        return set(migrate(keys, present))
    canonical = getattr(module, "canonical", None)
    return {canonical(k) for k in keys} if canonical is not None else keys


@dataclass
class ObjectOp:
    """One object-level operation of a deploy plan."""

    key: str
    action: str  # create | modify | delete | keep
    owned: bool

    def as_dict(self) -> dict[str, Any]:
        return {"object": self.key, "action": self.action,
                "ownership": "owned" if self.owned else "unmanaged"}


def object_ops(present: dict[str, str], declared: dict[str, str], owned: set[str]) -> list[ObjectOp]:
    """What a deploy does to each object: create / modify / delete owned objects; everything
    else on the device is kept (unmanaged)."""
    out: list[ObjectOp] = []
    for key, content in declared.items():
        if key not in present:
            out.append(ObjectOp(key, "create", True))
        elif present[key] != content:
            out.append(ObjectOp(key, "modify", True))
    for key in present:
        if key in declared:
            continue
        if key in owned:
            out.append(ObjectOp(key, "delete", True))
        else:
            out.append(ObjectOp(key, "keep", False))
    return out


def conflicts(vendor: str, present: dict[str, str], declared: dict[str, str], owned: set[str]) -> list[str]:
    """Objects the intent declares that exist on the device but are not the toolkit's (shared
    containers such as ``protocols l2circuit`` or ``router mpls`` are not objects)."""
    shared = vendor_module(vendor).is_container
    return sorted(k for k in declared if k in present and k not in owned and not shared(k))


class Ownership:
    """The ownership record of an inventory."""

    def __init__(self, inventory: Path | None) -> None:
        self.path = _state_path(inventory) if inventory is not None else None
        self.devices: dict[str, set[str]] = {}
        if self.path is not None and self.path.exists():
            try:
                data = json.loads(self.path.read_text())
                self.devices = {name: set(d.get("objects", [])) for name, d in data["devices"].items()}
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(str(self.path), f"not an ownership record: {exc}") from None

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def owned(self, device: str) -> set[str]:
        return set(self.devices.get(device, set()))

    def record(self, device: str, keys: set[str]) -> None:
        self.devices[device] = set(keys)

    def save(self) -> None:
        if self.path is None:
            return
        data = {"version": 1, "devices": {n: {"objects": sorted(k)} for n, k in sorted(self.devices.items())}}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n")
        tmp.replace(self.path)


def _state_path(inventory: Path) -> Path:
    base = inventory if inventory.is_dir() else inventory.parent
    return base / STATE_FILE
