"""Build the lab's network model straight from rendered configs (no SSH), for model tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mpls_interop.core.intent import Intent
from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from mpls_interop.ops.lab import definition
from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.model import LabNetwork, Wire
from mpls_interop_lab.model.state import PwState
from mpls_interop_lab.model.vocab import ospf_state, pw_status
from mpls_interop_lab.netiron.config import NetIronConfig

Patch = Callable[[str, str], str]  # (device, rendered text) -> text


def parse(vendor: str, text: str):
    return JunosConfig.parse_text(text) if vendor == "junos" else NetIronConfig.from_text(text)


def network(intent: Intent, patch: Patch | None = None) -> LabNetwork:
    d = definition(intent, "test")
    net = LabNetwork(
        [Wire(tuple(a), tuple(b)) for a, b in d["wires"]],  # type: ignore[arg-type]
        {x["name"]: x["ports"] for x in d["devices"]},
    )
    for name, text in render_all(intent).items():
        vendor = intent.devices[name].vendor
        if patch is not None:
            text = patch(name, text)
        net.set_config(name, vendor, parse(vendor, text))
    return net


def seed_network(inv: Path, patch: Patch | None = None) -> LabNetwork:
    return network(load_intent(inv), patch)


def pw(net: LabNetwork, dev: str, kind: str, sid: int, peer_dev: str) -> PwState:
    st = net.state
    matches = [p for p in st.devices[dev].pws if p.kind == kind and p.id == sid and p.peer_device == peer_dev]
    assert len(matches) == 1, (dev, kind, sid, peer_dev, st.devices[dev].pws)
    return matches[0]


def pw_word(net: LabNetwork, dev: str, kind: str, sid: int, peer_dev: str) -> str:
    p = pw(net, dev, kind, sid, peer_dev)
    return pw_status(net.state.devices[dev].vendor, kind, p.code)


def ospf_words(net: LabNetwork, dev: str) -> dict[str, str]:
    d = net.state.devices[dev]
    return {n.interface: ospf_state(d.vendor, n.state) for n in d.ospf}
