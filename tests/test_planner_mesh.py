"""The generated LSP mesh: every PE to every PE, or only between PEs that share a pseudowire."""

from __future__ import annotations

import pytest

from bench.gen_inventory import generate
from mpls_interop.core.lint import lint
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from tests.helpers import edit_yaml


@pytest.fixture
def ring(tmp_path):
    return generate(tmp_path / "inv", routers=12, services=9)


def _pairs(intent):
    plan = plan_intent(intent)
    lsps = {(name, lsp.to_device) for name, dp in plan.devices.items() for lsp in dp.lsps}
    peers = {(name, p.device) for name, dp in plan.devices.items() for s in dp.services for p in s.peers}
    return lsps, peers


def test_full_mesh_connects_every_pe_pair(ring):
    intent = load_intent(ring)
    lsps, peers = _pairs(intent)
    pes = intent.pe_devices()
    assert lsps == {(a, b) for a in pes for b in pes if a != b}
    assert peers < lsps


def test_pw_peer_mesh_is_exactly_the_pseudowire_pairs(ring):
    edit_yaml(ring / "intent.yml", lambda d: d["mpls"]["rsvp"].update(mesh="pw-peers"))
    intent = load_intent(ring)
    lsps, peers = _pairs(intent)
    assert lsps == peers and len(lsps) < len(intent.pe_devices()) ** 2 - len(intent.pe_devices())
    assert not [f for f in lint(intent) if f.severity == "error"]


def test_generated_inventory_has_valid_vlans_at_scale(tmp_path):
    inv = generate(tmp_path / "big", routers=40, services=4200)
    intent = load_intent(inv)
    vlans = [ep.vlan for s in intent.all_services() for ep in s.endpoints if ep.vlan is not None]
    assert vlans and min(vlans) >= 1 and max(vlans) <= 4094
    assert not [f for f in lint(intent) if f.rule.startswith("VLAN")]
