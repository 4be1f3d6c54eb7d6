"""Where and how to reach each device: the inventory's management addresses with credentials from
the environment (or a prompt), or the running emulated lab's ports and lab-only credentials."""

from __future__ import annotations

import dataclasses
import getpass
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mpls_interop.core.intent import Intent
from mpls_interop.sdk import hostkeys
from mpls_interop.sdk.connerrors import ConnectError, connect_with_retries
from mpls_interop.sdk.deadline import DEFAULT_MAX_REPLY
from mpls_interop.sdk.driver import Target
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.hostkeys import HostKeyPolicy
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
    """The running lab's devices; host keys are checked against the lab's own known_hosts."""
    from mpls_interop.ops.lab import LabError, known_hosts, require_state

    state = require_state(inventory)
    try:
        policy = HostKeyPolicy(known_hosts(inventory, state))
    except LabError as exc:
        raise InputError(str(inventory), str(exc)) from None
    by_name = {d["name"]: d for d in state["devices"]}
    out = {}
    for n in names:
        d = by_name.get(n)
        if d is None:
            raise InputError(str(inventory), f"{n} is not part of the running lab (restart it: interop lab down/up)")
        out[n] = Target(n, d["host"], int(d["port"]), d["username"], d["password"], d["password"], timeout,
                        policy, intent.devices[n].cli_batch_lines)
    return out


def host_key_policy(known_hosts: Path | None, device_file: str | None, accept_new: bool) -> HostKeyPolicy:
    """``--known-hosts``, else the inventory's ``known_hosts`` variable, else ~/.ssh/known_hosts."""
    if known_hosts is not None:
        return HostKeyPolicy(known_hosts, accept_new)
    if device_file:
        return HostKeyPolicy(Path(device_file), accept_new)
    return HostKeyPolicy(accept_new=accept_new)


def env_targets(intent: Intent, names: list[str], timeout: float = 30.0, known_hosts: Path | None = None,
                accept_new_host_keys: bool = False) -> dict[str, Target]:
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
        policy = host_key_policy(known_hosts, d.known_hosts, accept_new_host_keys)
        port = d.port or get_vendor(d.vendor).capabilities.default_port
        out[n] = Target(n, d.host, port, username, password, enable, timeout, policy, d.cli_batch_lines)
    return out


def check_host_keys(targets: dict[str, Target], workers: int = 20) -> dict[str, Target]:
    """Every device's host key, before any device is sent anything else (key exchange only, in
    parallel, connect retries as configured): one wrong or unaccepted key stops the whole run
    with its HostKeyError. A device that cannot be reached keeps the classified reason in its
    target (``unreachable``): its driver fails with it at once, the command reports it per device.
    Returns the targets marked as checked (their drivers still have their library check the
    pinned key)."""

    def one(t: Target) -> str:
        try:
            connect_with_retries(lambda: hostkeys.verify(t.host_keys, t.name, t.host, t.port, t.timeout),
                                 t.connect_attempts, t.timeout)
        except ConnectError as exc:
            return exc.message
        return ""

    if not targets:
        return targets
    names = sorted(targets)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(names)))) as pool:
        futures = [pool.submit(one, targets[n]) for n in names]
    failed = dict(zip(names, (f.result() for f in futures), strict=True))
    return {n: _prechecked(t) if not failed[n] else dataclasses.replace(t, unreachable=failed[n])
            for n, t in targets.items()}


def _prechecked(t: Target) -> Target:
    policy = dataclasses.replace(t.host_keys or HostKeyPolicy(), prechecked=True)
    return dataclasses.replace(t, host_keys=policy)


def targets(intent: Intent, inventory: Path, names: list[str], lab: bool, timeout: float = 30.0,
            known_hosts: Path | None = None, accept_new_host_keys: bool = False,
            connect_attempts: int = 2, max_reply: int = DEFAULT_MAX_REPLY) -> dict[str, Target]:
    """The devices to talk to, host keys already verified (raises HostKeyError otherwise).
    ``connect_attempts``: connection attempts per device (retries on connect only);
    ``max_reply``: the reply size cap, bytes."""
    if lab:
        out = lab_targets(intent, inventory, names, timeout)
    else:
        out = env_targets(intent, names, timeout, known_hosts, accept_new_host_keys)
    out = {n: dataclasses.replace(t, connect_attempts=connect_attempts, max_reply=max_reply) for n, t in out.items()}
    ssh = {n: t for n, t in out.items() if get_vendor(intent.devices[n].vendor).capabilities.management == "ssh"}
    return {**out, **check_host_keys(ssh)}
