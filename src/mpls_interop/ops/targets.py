"""Where and how to reach each device: the inventory's management addresses with credentials from
the environment (or a prompt), or the running emulated lab's ports and lab-only credentials."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.driver import Target
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.spec import get_vendor


def select(intent: Intent, limit: str | None) -> list[str]:
    names = sorted(intent.devices)
    if not limit:
        return names
    wanted = [n.strip() for n in limit.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in intent.devices and not any(n in d.groups for d in intent.devices.values())]
    if unknown:
        raise InputError("--limit", f"unknown host or group {unknown[0]!r}")
    return [n for n in names if n in wanted or any(g in wanted for g in intent.devices[n].groups)]


def lab_targets(intent: Intent, inventory: Path, names: list[str], timeout: float = 30.0) -> dict[str, Target]:
    from mpls_interop.ops.lab import require_state

    state = require_state(inventory)
    by_name = {d["name"]: d for d in state["devices"]}
    out = {}
    for n in names:
        d = by_name.get(n)
        if d is None:
            raise InputError(str(inventory), f"{n} is not part of the running lab (restart it: interop lab down/up)")
        out[n] = Target(n, d["host"], int(d["port"]), d["username"], d["password"], d["password"], timeout)
    return out


def env_targets(intent: Intent, names: list[str], timeout: float = 30.0) -> dict[str, Target]:
    user = os.environ.get("INTEROP_USERNAME")
    password = os.environ.get("INTEROP_PASSWORD")
    enable = os.environ.get("INTEROP_ENABLE_PASSWORD")
    if password is None:
        if not sys.stdin.isatty():
            raise InputError("INTEROP_PASSWORD", "no device password: set INTEROP_PASSWORD or run interactively")
        password = getpass.getpass("device password: ")
    out = {}
    for n in names:
        d = intent.devices[n]
        username = user or d.username
        if not username:
            raise InputError(n, "no username: set ansible_user in the inventory or INTEROP_USERNAME")
        if not d.host:
            raise InputError(n, "no ansible_host in the inventory")
        out[n] = Target(n, d.host, d.port or get_vendor(d.vendor).capabilities.default_port, username, password, enable, timeout)
    return out


def targets(intent: Intent, inventory: Path, names: list[str], lab: bool, timeout: float = 30.0) -> dict[str, Target]:
    if lab:
        return lab_targets(intent, inventory, names, timeout)
    return env_targets(intent, names, timeout)
