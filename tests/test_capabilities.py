"""Vendor capabilities are data, validated; vendor words in the intent have neutral names."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest
from pydantic import ValidationError

from mpls_interop.core.intent import IntentDeprecation
from mpls_interop.core.load import load_intent, network_os_vendor
from mpls_interop.core.render import render_all
from mpls_interop.sdk.capabilities import Capabilities
from mpls_interop.sdk.spec import available_vendors, get_vendor
from tests.conftest import SEED_INVENTORY
from tests.helpers import seed_copy

GOOD = {
    "name": "x", "display_name": "X", "default_port": 22,
    "mtu": {"includes_fcs": True, "default": 1518, "max": 9216},
}


def test_capabilities_model_accepts_a_minimal_vendor():
    caps = Capabilities.model_validate(GOOD)
    assert caps.features.vpls and caps.pw_mtu == (64, 9190)


@pytest.mark.parametrize("change", [
    {"mtu": {"includes_fcs": True, "default": 9300, "max": 9216}},
    {"pw_mtu": [9000, 64]},
    {"default_port": 0},
    {"feature": {}},
    {"name": "Bad Name"},
    {"features": {"l3_handoff": "magic"}},
])
def test_capabilities_model_rejects_nonsense(change):
    with pytest.raises(ValidationError):
        Capabilities.model_validate({**GOOD, **change})


@pytest.mark.parametrize("vendor", ["junos", "netiron"])
def test_shipped_capabilities_are_valid_and_consistent(vendor):
    caps = get_vendor(vendor).capabilities
    assert caps.name == vendor
    assert caps.render_formats and set(caps.load_formats).isdisjoint(caps.render_formats)
    assert all(64 <= v <= 16384 for v in caps.models.values())


def test_network_os_values_come_from_capabilities():
    assert network_os_vendor("junipernetworks.junos.junos") == "junos"
    assert network_os_vendor("Community.Network.Ironware") == "netiron"
    assert network_os_vendor("cisco.ios.ios") is None
    every = [(v, os_) for v in available_vendors() for os_ in get_vendor(v).capabilities.network_os]
    assert all(network_os_vendor(os_) == v for v, os_ in every)


def _with_old_word(tmp_path):
    inv = seed_copy(tmp_path)
    path = inv / "intent.yml"
    path.write_text(path.read_text().replace("router_interface:", "ve:"))
    return inv


def test_old_ve_spelling_still_works_and_warns(tmp_path):
    inv = _with_old_word(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = render_all(load_intent(inv))
    assert any(issubclass(w.category, IntentDeprecation) and "router_interface" in str(w.message) for w in caught)
    assert old == render_all(load_intent(SEED_INVENTORY))


def test_old_spelling_is_one_warning_line_on_the_cli(tmp_path):
    inv = _with_old_word(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert lines == ["warning: 've' is deprecated in intent.yml, write 'router_interface' (same meaning)"]


def test_both_spellings_at_once_is_bad_input(tmp_path):
    inv = seed_copy(tmp_path)
    path = inv / "intent.yml"
    path.write_text(path.read_text().replace("router_interface: 100", "router_interface: 100, ve: 100"))
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv)], capture_output=True, text=True)
    assert proc.returncode == 2 and "router_interface" in proc.stderr and "Traceback" not in proc.stderr


def test_router_interface_on_a_vendor_without_them_is_refused(tmp_path):
    inv = seed_copy(tmp_path)
    path = inv / "intent.yml"
    text = path.read_text()
    # r1 (Junos) gets a numbered router interface on its link end
    path.write_text(text.replace("a: {device: r1, interface: ge-1/0/0, vlan: 1000}",
                                 "a: {device: r1, interface: ge-1/0/0, vlan: 1000, router_interface: 7}"))
    assert "router_interface: 7" in path.read_text()
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv)], capture_output=True, text=True)
    assert proc.returncode == 2 and "no numbered router interfaces" in proc.stderr
