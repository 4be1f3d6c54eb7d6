"""Both vendors keep the objects of a fleet's worth of configuration texts: a deployment asks for
each device's running and desired objects when it inspects, and again when it stages."""

from __future__ import annotations

import pytest

from mpls_interop.vendors.junos import ownership as junos
from mpls_interop.vendors.netiron import ownership as netiron


def _junos(n: int) -> str:
    return f"interfaces {{\n    ge-0/0/{n % 10} {{\n        description d{n};\n    }}\n}}\n"


def _netiron(n: int) -> str:
    return f"interface ethernet 1/{n % 10 + 1}\n port-name p{n}\n!\n"


@pytest.mark.parametrize(("module", "text"), [(junos, _junos), (netiron, _netiron)])
def test_a_fleet_of_texts_is_kept(module, text) -> None:
    fleet = 300  # devices: 600 texts, running and desired
    module._objects.cache_clear()
    for n in range(2 * fleet):
        module.objects(text(n))
    before = module._objects.cache_info()
    for n in range(2 * fleet):
        module.objects(text(n))
    after = module._objects.cache_info()
    assert after.hits - before.hits == 2 * fleet
    assert after.misses == before.misses
