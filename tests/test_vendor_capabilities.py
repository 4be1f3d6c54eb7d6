"""Capability data on the vendor specs: known models with MTU limits, PW status words → causes."""

from __future__ import annotations

import pytest

from mpls_interop.sdk.spec import PW_CAUSES, available_vendors, get_vendor
from mpls_interop_lab.model.vocab import JUNOS_PW, NETIRON_VLL, NETIRON_VPLS

#: the lab's status word for each neutral state, as each device prints it; Junos shows OL for
#: every "no label from the far end" reason, so those map to no-remote there
WORDS = [
    ("junos", JUNOS_PW, {"no-ldp": "no-remote", "no-lsp": "no-remote"}),
    ("netiron", NETIRON_VLL, {}),
    ("netiron", NETIRON_VPLS, {}),
]


@pytest.mark.parametrize("vendor", available_vendors())
def test_causes_are_neutral_and_models_have_limits(vendor):
    spec = get_vendor(vendor)
    assert spec.models and spec.pw_status_causes
    assert set(spec.pw_status_causes.values()) <= set(PW_CAUSES)
    assert all(256 <= mtu <= 16000 for mtu in spec.models.values())
    assert max(spec.models.values()) >= spec.max_native_mtu


@pytest.mark.parametrize("vendor, words, same", WORDS, ids=["junos", "netiron-vll", "netiron-vpls"])
def test_every_down_word_maps_to_its_cause(vendor, words, same):
    spec = get_vendor(vendor)
    for code, word in words.items():
        if code == "up":
            continue
        assert spec.pw_cause(word) == same.get(code, code), (vendor, word)


def test_seed_models_are_known():
    from mpls_interop.core.load import load_intent
    from tests.conftest import SEED_INVENTORY

    intent = load_intent(SEED_INVENTORY)
    for d in intent.devices.values():
        assert get_vendor(d.vendor).model_mtu(d.model) is not None, d.model
    assert get_vendor("junos").model_mtu("mx204") == 16000 and get_vendor("junos").model_mtu("MX9999") is None
