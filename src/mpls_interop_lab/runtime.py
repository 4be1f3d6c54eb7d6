"""The lab process: every emulated device on its own 127.0.0.1 port, one shared network model,
and a control port for faults.

Started in the background by ``interop lab up`` as ``python -m mpls_interop_lab.runtime STATE_DIR``. The state
directory holds ``lab.json`` (the definition: devices, ports and wiring, written by the caller) and
receives ``state.json`` (pid, control port, each device's address, port and lab-only credentials)
once every device listens. Lab credentials are generated per lab and are not secrets.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh

from mpls_interop_lab.model import LabNetwork, Wire

HOST = "127.0.0.1"
LAB_FILE = "lab.json"
STATE_FILE = "state.json"
LOG_FILE = "lab.log"
KEY_FILE = "ssh_host_key"
FAULT_KINDS = (
    "link-mtu", "link-down", "link-up", "device-down", "device-up", "drop-session", "stall-session",
    "commit-fail", "confirm-clock", "clear",
)


class FaultError(ValueError):
    """A fault request that cannot be applied (unknown device, port or kind)."""


@dataclass
class LabDevice:
    name: str
    vendor: str
    model: str
    device: Any  # JunosDevice | NetIronDevice
    port: int = 0
    acceptor: Any = None


class Lab:
    def __init__(self, definition: dict[str, Any], username: str = "lab", password: str | None = None) -> None:
        self.definition = definition
        self.name = definition.get("name", "lab")
        self.username = username
        self.password = password or secrets.token_urlsafe(12)
        wires = [Wire(tuple(w[0]), tuple(w[1])) for w in definition.get("wires", [])]  # type: ignore[arg-type]
        ports = {d["name"]: list(d.get("ports", [])) for d in definition["devices"]}
        self.network = LabNetwork(wires, ports)
        self.devices: dict[str, LabDevice] = {}
        for d in definition["devices"]:
            self.devices[d["name"]] = self._make_device(d)
        self.control_port = 0
        #: ``save-state`` snapshots: tag → device → the device's configuration state
        self._saved_states: dict[str, dict[str, Any]] = {}
        self._control: asyncio.base_events.Server | None = None
        self.stopped = asyncio.Event() if _loop_running() else None
        self.state_dir: Path | None = None
        self.ovs: Any = None

    # ---- devices ------------------------------------------------------------------------------
    def _make_device(self, d: dict[str, Any]) -> LabDevice:
        name, vendor, model = d["name"], d["vendor"], d.get("model", "")
        net = self.network
        startup = _startup_text(d)
        if vendor == "junos":
            from mpls_interop_lab.junos.config import JunosConfig, JunosSyntaxError
            from mpls_interop_lab.junos.device import JunosDevice
            from mpls_interop_lab.junos.ops import OperationalRpcs

            initial = None
            if startup is not None:
                try:
                    initial = JunosConfig.parse_text(startup)
                except JunosSyntaxError as exc:
                    errs = exc.errors
                    raise StartupError(
                        f"{d['startup_config']}: {name}: {len(errs)} statement(s) refused, first: "
                        f"{errs[0]} at {errs[0].edit_path}"
                    ) from None
            dev = JunosDevice(name, model=model or "MX80", config=initial,
                              on_commit=lambda cfg, n=name: net.set_config(n, "junos", cfg))
            if initial is not None:
                refused = [e for e in dev.check_config(initial) if e.path]
                if refused:  # a configuration a real router could not have committed
                    raise StartupError(
                        f"{d['startup_config']}: {name}: {len(refused)} commit check(s) fail, first: "
                        f"{refused[0].message} at {refused[0].path}"
                    )
            dev.op_handler = OperationalRpcs(name, lambda: net.state, version=dev.version).handle
            net.set_config(name, "junos", dev.committed)
        elif vendor == "netiron":
            from mpls_interop_lab.netiron.device import NetIronDevice
            from mpls_interop_lab.netiron.show import CHASSIS
            from mpls_interop_lab.netiron.shows import ShowCommands

            hw = model if model in CHASSIS else ("XMR" if "XMR" in model.upper() else "MLXe-4")
            extra: dict[str, Any] = {}
            if startup is not None:
                params = inspect.signature(NetIronDevice).parameters
                arg = next((p for p in ("startup_config", "config") if p in params), None)
                if arg is None:
                    raise StartupError(f"{d['startup_config']}: {name}: this NetIron emulator "
                                       "cannot start from a configuration")
                extra[arg] = startup
            try:
                # `lab_hostname`: a factory hostname other than the inventory name (the prompt
                # until the deployed `hostname`); `vc_words`: the release's VC type words
                dev = NetIronDevice(
                    d.get("lab_hostname") or name, model=hw, enable_password=self.password,
                    on_change=lambda cfg, n=name: net.set_config(n, "netiron", cfg, defer=True),
                    vc_words=d.get("vc_words") or "untag", **extra,
                )
            except ValueError as exc:
                if startup is None:
                    raise
                raise StartupError(f"{d['startup_config']}: {name}: {exc}") from None
            dev.show_handler = ShowCommands(name, lambda: net.state, dev).handle
            net.set_config(name, "netiron", dev.running)
        elif vendor == "openflow":
            from mpls_interop_lab.ovs import labhook

            dev = labhook.make_device(name, net)
        else:
            raise ValueError(f"unknown vendor {vendor!r} for {name}")
        return LabDevice(name, vendor, model, dev)

    async def start(self, key: asyncssh.SSHKey | None = None, host: str = HOST) -> None:
        key = key or asyncssh.generate_private_key("ssh-ed25519")
        from mpls_interop_lab.junos.netconf import start_netconf_server
        from mpls_interop_lab.netiron.cli import start_cli_server
        from mpls_interop_lab.ovs import labhook

        self.ovs = await labhook.start(self)  # real OVS + FRR for OpenFlow PEs (their port: OVSDB)
        for ld in self.devices.values():
            if ld.vendor == "openflow":
                continue
            start = start_netconf_server if ld.vendor == "junos" else start_cli_server
            ld.acceptor = await start(ld.device, host, 0, self.username, self.password, key)
            ld.port = ld.acceptor.sockets[0].getsockname()[1]
        self._control = await asyncio.start_server(self._serve_control, host, 0)
        self.control_port = self._control.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        from mpls_interop_lab.ovs import labhook

        labhook.stop(self)
        for ld in self.devices.values():
            if ld.acceptor is not None:
                ld.acceptor.close()
        if self._control is not None:
            self._control.close()

    def status(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "pid": os.getpid(),
            "control_port": self.control_port,
            "devices": [
                {
                    "name": ld.name, "vendor": ld.vendor, "model": ld.model, "host": HOST, "port": ld.port,
                    "username": self.username, "password": self.password,
                    "down": bool(ld.device.faults.down),
                    "stalled": bool(getattr(ld.device.faults, "stalled", False)),
                    "armed": [k for k, v in (("drop-session", ld.device.faults.drop_after is not None),
                                             ("stall-session", getattr(ld.device.faults, "stall_after", None) is not None),
                                             ("commit-fail", ld.device.faults.commit_fail)) if v],
                }
                for ld in self.devices.values()
            ],
        }

    # ---- faults ---------------------------------------------------------------------------------
    def _port(self, target: str) -> tuple[str, str]:
        dev, sep, port = target.partition(":")
        if not sep or not port:
            raise FaultError(f"target {target!r} must be DEVICE:INTERFACE")
        if dev not in self.devices:
            raise FaultError(f"unknown device {dev!r}")
        wired = {end for w in self.network.wires for end in (w.a, w.b)}
        if (dev, port) not in wired and port not in self.network.hardware.get(dev, []):
            raise FaultError(f"{dev} has no port {port!r}")
        return dev, port

    def _device(self, target: str) -> LabDevice:
        if target not in self.devices:
            raise FaultError(f"unknown device {target!r}")
        return self.devices[target]

    def apply_fault(self, kind: str, target: str = "", value: str | None = None) -> str:
        faults = self.network.faults
        if kind == "link-mtu":
            end = self._port(target)
            try:
                mtu = int(value or "")
            except ValueError:
                raise FaultError("link-mtu needs a numeric VALUE (the device's own MTU convention)") from None
            if not 256 <= mtu <= 16000:
                raise FaultError(f"MTU {mtu} out of range 256-16000")
            faults.link_mtu[end] = mtu
        elif kind == "link-down":
            faults.link_down.add(self._port(target))
        elif kind == "link-up":
            faults.link_down.discard(self._port(target))
        elif kind in ("device-down", "device-up"):
            self._device(target).device.faults.down = kind == "device-down"
        elif kind == "drop-session":
            n = int(value) if value and value.isdigit() else 1
            self._device(target).device.faults.drop_after = n
        elif kind == "stall-session":
            n = int(value) if value and value.isdigit() else 0
            faults_of = self._device(target).device.faults
            if not hasattr(faults_of, "stall_after"):
                raise FaultError(f"{target}: stall-session is not supported on this device")
            faults_of.stall_after = n
        elif kind == "commit-fail":
            self._device(target).device.faults.commit_fail = True
        elif kind == "confirm-clock":
            self._confirm_clock(target, value)
        elif kind == "clear":
            targets = [self._device(target)] if target else list(self.devices.values())
            for ld in targets:
                if hasattr(ld.device, "confirm_seconds_per_minute"):
                    ld.device.confirm_seconds_per_minute = 60.0
                ld.device.faults.down = False
                ld.device.faults.drop_after = None
                ld.device.faults.commit_fail = False
                if hasattr(ld.device.faults, "stall_after"):
                    ld.device.faults.stall_after = None
                    ld.device.faults.stalled = False
            if not target:
                faults.link_down.clear()
                faults.link_mtu.clear()
            else:
                faults.link_down = {e for e in faults.link_down if e[0] != target}
                faults.link_mtu = {e: v for e, v in faults.link_mtu.items() if e[0] != target}
        else:
            raise FaultError(f"unknown fault kind {kind!r} (one of {', '.join(FAULT_KINDS)})")
        self.network.changed()
        return f"{kind} {target} {value or ''}".strip()

    def _confirm_clock(self, target: str, value: str | None) -> None:
        """Lab only, test machinery: a minute of the ``commit confirmed`` timers (of ``target`` or
        of every device that has one) lasts ``value`` seconds; ``clear`` makes it 60 again."""
        try:
            seconds = float(value or "")
        except ValueError:
            raise FaultError("confirm-clock needs VALUE: the seconds one minute of the timer lasts") from None
        if not 0.1 <= seconds <= 60:
            raise FaultError(f"confirm-clock {seconds:g} out of range 0.1-60 seconds")
        devices = [self._device(target)] if target else list(self.devices.values())
        timed = [ld for ld in devices if hasattr(ld.device, "confirm_seconds_per_minute")]
        if not timed:
            raise FaultError(f"{target or 'this lab'}: no device with a commit-confirmed timer")
        for ld in timed:
            ld.device.confirm_seconds_per_minute = seconds

    # ---- operator state: snapshots and the configurations as the devices hold them -------------------
    def _snapshots_supported(self) -> None:
        """Snapshots and config dumps are test machinery of the emulated routers only (an OpenFlow
        PE's state is a real OVS bridge and FRR: refused, never half-done)."""
        other = sorted(n for n, ld in self.devices.items() if not hasattr(ld.device, "snapshot"))
        if other:
            raise FaultError(f"{', '.join(other)}: state snapshots are not supported on this device")

    def restore_state(self, tag: str) -> list[str]:
        """Every device back to a ``save-state`` snapshot (running and saved), faults cleared."""
        if tag not in self._saved_states:
            raise FaultError(f"no saved state {tag!r}")
        self.apply_fault("clear")
        for name, snap in self._saved_states[tag].items():
            self.devices[name].device.restore_snapshot(snap)
        self.network.changed()
        return sorted(self._saved_states[tag])

    def configs(self, expire: bool = False) -> dict[str, dict[str, Any]]:
        """Each device's running and saved (boot) configuration text as the device holds it; Junos
        boots its committed configuration. ``expire``: first let every pending ``commit
        confirmed`` time out (what the device will run once its timer fires)."""
        out: dict[str, dict[str, Any]] = {}
        for name, ld in self.devices.items():
            dev = ld.device
            if ld.vendor == "junos":
                pending = dev.confirm_pending
                if expire:
                    dev.expire_confirmed_commit()
                text = dev.committed.to_text()
                out[name] = {"running": text, "saved": text, "confirm_pending": pending}
            else:
                out[name] = {"running": dev.running.running_config(),
                             "saved": dev.saved.render("Startup configuration"), "confirm_pending": False}
        return out

    # ---- control channel --------------------------------------------------------------------------
    async def _serve_control(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
            reply = self.control(json.loads(line or b"{}"))
        except (ValueError, asyncio.TimeoutError) as exc:
            reply = {"ok": False, "error": f"bad control request: {exc}"}
        writer.write(json.dumps(reply).encode() + b"\n")
        await writer.drain()
        writer.close()
        if reply.get("stop") and self.stopped is not None:
            self.stopped.set()

    def control(self, req: dict[str, Any]) -> dict[str, Any]:
        if req.get("token") != self.password:
            return {"ok": False, "error": "bad lab token"}
        cmd = req.get("cmd")
        try:
            if cmd == "status":
                return {"ok": True, **self.status()}
            if cmd == "fault":
                return {"ok": True, "applied": self.apply_fault(req.get("kind", ""), req.get("target", ""), req.get("value"))}
            if cmd in ("save-state", "configs"):
                self._snapshots_supported()
            if cmd == "save-state":
                self._saved_states[str(req.get("tag", ""))] = {
                    n: ld.device.snapshot() for n, ld in self.devices.items()}
                return {"ok": True}
            if cmd == "restore-state":
                return {"ok": True, "restored": self.restore_state(str(req.get("tag", "")))}
            if cmd == "configs":
                return {"ok": True, "devices": self.configs(bool(req.get("expire")))}
            if cmd == "stop":
                return {"ok": True, "stop": True}
            if cmd == "state":
                return {"ok": True, "summary": _jsonable(self.network.state.summary())}
        except FaultError as exc:
            return {"ok": False, "error": str(exc)}
        return {"ok": False, "error": f"unknown command {cmd!r}"}


class StartupError(ValueError):
    """A device's startup configuration cannot be read or loaded (one line, names file and device)."""


def _startup_text(d: dict[str, Any]) -> str | None:
    """The startup configuration a device definition names (``startup_config``: a file path)."""
    path = d.get("startup_config")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupError(f"{path}: {d['name']}: cannot read the startup configuration "
                           f"({exc.__class__.__name__})") from None


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k) if not isinstance(k, tuple) else "/".join(map(str, k)): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    tmp.replace(path)


async def serve(state_dir: Path) -> None:
    # clients that vanish mid-write (reachability probes, dropped sessions) are normal here
    logging.getLogger("asyncio").setLevel(logging.ERROR)
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    definition = json.loads((state_dir / LAB_FILE).read_text())
    key_path = state_dir / KEY_FILE
    if key_path.exists():
        key = asyncssh.read_private_key(str(key_path))
    else:
        key = asyncssh.generate_private_key("ssh-ed25519")
        _write_private(key_path, key.export_private_key().decode())
    lab = Lab(definition)
    lab.state_dir = state_dir
    lab.stopped = asyncio.Event()
    started = time.monotonic()
    try:
        await lab.start(key)
    except Exception:
        await lab.stop()
        raise
    status = lab.status()
    status["started_in"] = round(time.monotonic() - started, 3)
    _write_private(state_dir / STATE_FILE, json.dumps(status, indent=2))
    if any(d.vendor == "junos" for d in lab.devices.values()):
        # the Junos schema is needed by the first configuration RPC, not to start: load it now,
        # after the lab is up
        from mpls_interop_lab.junos.yang import conf_schema

        threading.Thread(target=conf_schema, name="junos-schema", daemon=True).start()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lab.stopped.set)
    try:
        await lab.stopped.wait()
    finally:
        await lab.stop()
    (state_dir / STATE_FILE).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m mpls_interop_lab.runtime STATE_DIR", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(Path(args[0])))
    except StartupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
