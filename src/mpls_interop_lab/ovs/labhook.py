"""How the lab runtime hosts OpenFlow PEs: placeholders at construction, the OVS fabric at start,
and a poller feeding each PE's committed program to the network model."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mpls_interop_lab.ovs.fabric import OvsFabric, _Faults
from mpls_interop_lab.ovs.standin import standin_config

POLL_SECONDS = 0.2


@dataclass
class OpenFlowPeSlot:
    """The lab's handle on one OpenFlow PE (the real one lives in the OVS fabric)."""

    name: str
    faults: _Faults = field(default_factory=_Faults)
    program: str = ""


def make_device(name: str, network: Any) -> OpenFlowPeSlot:
    network.set_config(name, "openflow", "")
    return OpenFlowPeSlot(name)


async def start(lab: Any) -> OvsFabric | None:
    """Start the fabric for the lab's OpenFlow PEs (None when it has none)."""
    slots = {n: ld for n, ld in lab.devices.items() if ld.vendor == "openflow"}
    if not slots:
        return None
    state_dir = getattr(lab, "state_dir", None) or Path(tempfile.mkdtemp(prefix="mi-lab-"))
    ports = {n: list(lab.network.hardware.get(n, [])) for n in slots}
    wires = [(w.a, w.b) for w in lab.network.wires if w.a[0] in lab.devices and w.b[0] in lab.devices]
    fabric = OvsFabric(Path(state_dir), ports, wires)
    try:
        fabric.start()  # in the main thread: the daemons' parent-death signal follows this thread
    except Exception:
        fabric.stop()
        raise
    for ld in slots.values():
        ld.port = fabric.db_port
    loop = asyncio.get_running_loop()
    lab.ovs_pollers = [loop.create_task(_poll(lab, fabric, slots)), loop.create_task(_standins(lab, fabric))]
    return fabric


async def _poll(lab: Any, fabric: OvsFabric, slots: dict[str, Any]) -> None:
    while True:
        for n, ld in slots.items():
            try:
                text = await asyncio.to_thread(fabric.program, n)
            except RuntimeError:
                continue
            if text != ld.device.program:
                ld.device.program = text
                lab.network.set_config(n, "openflow", text)
        await asyncio.to_thread(sync_faults, lab, fabric)
        await asyncio.to_thread(sync_labels, lab, fabric)
        await asyncio.sleep(POLL_SECONDS)


def _bindings(frr_dir: Path) -> dict[tuple[int, str], int]:
    """(PW id, peer) → local label, from an FRR's ``show l2vpn atom binding json``."""
    proc = subprocess.run(["vtysh", "--vty_socket", str(frr_dir), "-c", "show l2vpn atom binding json"],
                          capture_output=True, text=True, timeout=10, check=False)
    try:
        data = json.loads(proc.stdout or "{}")
    except ValueError:
        return {}
    return {(int(b["vcId"]), str(b["destination"])): b["localLabel"] for b in data.values()
            if isinstance(b, dict) and "vcId" in b and isinstance(b.get("localLabel"), int)}


def sync_labels(lab: Any, fabric: OvsFabric) -> None:
    """The PW labels the real LDP speakers signal, into the model: each OpenFlow PE's FRR, and each
    stand-in's FRR for the emulated router it plays (towards the OpenFlow PEs)."""
    found: dict[str, dict[tuple[int, str], int]] = {}
    for name, pe in fabric.pes.items():
        found[name] = _bindings(pe.frr_dir)
    for st in fabric.standins:
        found.setdefault(st.device, {}).update(_bindings(st.frr_dir))
    for name, labels in found.items():
        lab.network.set_signalled(name, labels)


def sync_faults(lab: Any, fabric: OvsFabric) -> None:
    """Lab ``link-down``/``link-up`` faults on a wire with an OpenFlow PE end act on the real wire."""
    down = set(lab.network.faults.link_down)
    for w in lab.network.wires:
        if w.a in down or w.b in down:
            down |= {w.a, w.b}
    applied: set[tuple[str, str]] = getattr(fabric, "links_down", set())
    want = {(n, p) for (n, p) in down if n in fabric.pes and p in fabric.pes[n].ports}
    for n, p in sorted(want - applied):
        fabric.set_link(n, p, False)
    for n, p in sorted(applied - want):
        fabric.set_link(n, p, True)
    fabric.links_down = want  # type: ignore[attr-defined]


async def _standins(lab: Any, fabric: OvsFabric) -> None:
    while True:
        await asyncio.to_thread(sync_standins, lab, fabric)
        await asyncio.sleep(POLL_SECONDS)


def sync_standins(lab: Any, fabric: OvsFabric) -> None:
    """Make every stand-in play its emulated router's current configuration."""
    views = lab.network.views
    loopbacks = {views[n].router_id for n in fabric.pes if n in views and views[n].router_id}
    for st in fabric.standins:
        cfg = standin_config(views.get(st.device), st.port, "w0", loopbacks)  # type: ignore[arg-type]
        try:
            fabric.apply_standin(st, cfg)
        except RuntimeError:
            continue


def stop(lab: Any) -> None:
    for poller in getattr(lab, "ovs_pollers", []):
        poller.cancel()
    fabric = getattr(lab, "ovs", None)
    if fabric is not None:
        with contextlib.suppress(Exception):
            fabric.stop()
        lab.ovs = None
