"""``interop lab``: build an emulated lab from an inventory and run it in the background.

The lab gets the inventory's devices (same names, vendors, models) and its wiring (the links'
ports), starts from factory-default configs, and listens on 127.0.0.1. Its state directory is per
inventory: ``$INTEROP_STATE_DIR`` or ``~/.local/state/mpls-interop``, then ``labs/<name>-<hash>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from mpls_interop.core.intent import Intent
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.spec import get_vendor

START_TIMEOUT = 20.0
#: written by the lab runtime in its state directory (the lab's SSH host key, private, 0600)
HOST_KEY_FILE = "ssh_host_key"
#: the lab's known_hosts, next to it: the key above for every device's 127.0.0.1 port
KNOWN_HOSTS_FILE = "known_hosts"


class LabError(Exception):
    """The lab could not be started, reached or changed (exit 2 at the CLI)."""


def state_root() -> Path:
    env = os.environ.get("INTEROP_STATE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "mpls-interop"


def lab_dir(inventory: Path) -> Path:
    resolved = inventory.resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:10]
    return state_root() / "labs" / f"{resolved.name}-{digest}"


def definition(intent: Intent, name: str, startup: dict[str, Path] | None = None) -> dict[str, Any]:
    """Devices, hardware ports and wiring of the lab, in each vendor's canonical port naming.

    ``startup``: device name → configuration file the device starts from (else factory default).
    """
    ports: dict[str, set[str]] = {d: set() for d in intent.devices}
    wires = []
    for link in intent.links:
        ends = []
        for end in (link.a, link.b):
            dev = intent.device(end.device)
            port = get_vendor(dev.vendor).normalize_interface(end.interface)
            ports[end.device].add(port)
            ends.append([end.device, port])
        wires.append(ends)
    for svc in intent.all_services():
        for ep in svc.endpoints:
            if ep.port:
                dev = intent.device(ep.device)
                ports[ep.device].add(get_vendor(dev.vendor).normalize_interface(ep.port))
    devices = []
    for n, d in sorted(intent.devices.items()):
        entry: dict[str, Any] = {"name": n, "vendor": d.vendor, "model": d.model, "ports": sorted(ports[n])}
        if startup and n in startup:
            entry["startup_config"] = str(startup[n].resolve())
        devices.append(entry)
    return {"name": name, "devices": devices, "wires": wires}


def parse_startup(intent: Intent, specs: list[str]) -> dict[str, Path]:
    """``DEV=FILE`` options → {device: file}; a bad one is an InputError naming it."""
    out: dict[str, Path] = {}
    for spec in specs:
        dev, sep, file = spec.partition("=")
        if not sep or not dev or not file:
            raise InputError("--startup", f"{spec!r}: expected DEVICE=FILE")
        if dev not in intent.devices:
            raise InputError("--startup", f"{dev}: no such device in the inventory")
        path = Path(file)
        if not path.is_file():
            raise InputError(file, f"{dev}: startup configuration file not found")
        out[dev] = path
    return out


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a lab killed hard whose parent has not reaped it yet is a zombie: it runs nothing
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def read_state(inventory: Path) -> dict[str, Any] | None:
    path = lab_dir(inventory) / "state.json"
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not _pid_alive(int(state.get("pid", 0))):
        return None
    return state


def require_state(inventory: Path) -> dict[str, Any]:
    state = read_state(inventory)
    if state is None:
        raise InputError(str(inventory), f"no emulated lab is running for this inventory (start it with: interop lab up -i {inventory})")
    return state


def known_hosts(inventory: Path, state: dict[str, Any]) -> Path:
    """The lab's own known_hosts file, (re)written from the lab's host key file for the ports of
    the running lab: the key is read locally, never learnt over the network."""
    import paramiko

    d = lab_dir(inventory)
    path = d / KNOWN_HOSTS_FILE
    try:
        key = paramiko.PKey.from_path(d / HOST_KEY_FILE)
    except (OSError, ValueError, paramiko.SSHException) as exc:
        raise LabError(f"cannot read the lab's host key {d / HOST_KEY_FILE}: {exc}") from None
    lines = sorted({f"[{dev['host']}]:{int(dev['port'])} {key.get_name()} {key.get_base64()}\n"
                    for dev in state["devices"]})
    text = "".join(lines)
    if not path.is_file() or path.read_text(encoding="utf-8", errors="replace") != text:
        tmp = path.with_name(f".{KNOWN_HOSTS_FILE}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        tmp.replace(path)
    return path


def up(intent: Intent, inventory: Path, startup: dict[str, Path] | None = None) -> dict[str, Any]:
    if read_state(inventory) is not None:
        raise LabError(f"a lab for {inventory} is already running (interop lab down -i {inventory} first)")
    d = lab_dir(inventory)
    d.mkdir(parents=True, exist_ok=True)
    os.chmod(d, 0o700)
    (d / "state.json").unlink(missing_ok=True)
    (d / "lab.json").write_text(json.dumps(definition(intent, inventory.resolve().name, startup), indent=2))
    log = open(d / "lab.log", "wb")  # noqa: SIM115 - handed to the child process
    proc = subprocess.Popen(
        [sys.executable, "-m", "mpls_interop_lab.runtime", str(d)],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, close_fds=True,
    )
    log.close()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        state = read_state(inventory)
        if state is not None:
            known_hosts(inventory, state)
            return state
        if proc.poll() is not None:
            tail = (d / "lab.log").read_text(errors="replace").strip().splitlines()[-1:]
            if tail and tail[0].startswith("error: "):
                raise LabError(tail[0][len("error: "):])
            raise LabError(f"lab process exited ({proc.returncode}): {tail[0] if tail else 'no output'}")
        time.sleep(0.05)
    proc.kill()
    raise LabError(f"lab did not start within {START_TIMEOUT:.0f}s (see {d / 'lab.log'})")


def control(state: dict[str, Any], request: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
    try:
        with socket.create_connection(("127.0.0.1", int(state["control_port"])), timeout=timeout) as s:
            s.sendall(json.dumps({**request, "token": state["devices"][0]["password"]}).encode() + b"\n")
            data = b""
            while not data.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError as exc:
        raise LabError(f"cannot reach the lab's control port: {exc.strerror or exc}") from None
    try:
        return json.loads(data)
    except ValueError:
        raise LabError("the lab answered with garbage on its control port") from None


def down(inventory: Path) -> bool:
    state = read_state(inventory)
    if state is None:
        (lab_dir(inventory) / "state.json").unlink(missing_ok=True)
        return False
    pid = int(state["pid"])
    try:
        control(state, {"cmd": "stop"}, timeout=3)
    except LabError:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and _pid_alive(pid):
        time.sleep(0.05)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    if _pid_alive(pid):
        os.kill(pid, signal.SIGKILL)
    (lab_dir(inventory) / "state.json").unlink(missing_ok=True)
    return True


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    """The device answers with an SSH banner."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.settimeout(timeout)
            return s.recv(4).startswith(b"SSH-")
    except OSError:
        return False


def status(inventory: Path) -> dict[str, Any]:
    state = read_state(inventory)
    if state is None:
        return {"running": False, "devices": []}
    devices = []
    for d in state["devices"]:
        devices.append({k: d[k] for k in ("name", "vendor", "model", "host", "port", "username", "password")}
                       | {"reachable": reachable(d["host"], d["port"])})
    return {"running": True, "pid": state["pid"], "devices": devices}


def fault(intent: Intent, inventory: Path, kind: str, target: str, value: str | None) -> str:
    state = require_state(inventory)
    dev, sep, port = target.partition(":")
    if sep:
        if dev not in intent.devices:
            raise InputError("TARGET", f"unknown device {dev!r}")
        try:
            port = get_vendor(intent.device(dev).vendor).normalize_interface(port)
        except ValueError as exc:
            raise InputError("TARGET", str(exc)) from None
        target = f"{dev}:{port}"
    reply = control(state, {"cmd": "fault", "kind": kind, "target": target, "value": value})
    if not reply.get("ok"):
        raise InputError("TARGET" if "device" in reply.get("error", "") or "port" in reply.get("error", "") else "KIND",
                         reply.get("error", "fault refused"))
    return str(reply["applied"])
