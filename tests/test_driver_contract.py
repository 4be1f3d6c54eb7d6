"""Each built-in vendor's driver against the SDK's contract tests, on the deployed seed lab."""

from __future__ import annotations

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops.targets import lab_targets
from mpls_interop.sdk.driver import driver_class
from mpls_interop.sdk.testing import DriverContract


def _driver(lab, name: str):
    intent = load_intent(lab.inventory)
    with lab.environment():
        target = lab_targets(intent, lab.inventory, [name], timeout=20)[name]
    return driver_class(intent.devices[name].vendor)(target), target.password


@pytest.fixture(scope="class")
def deployed(seed_lab):
    seed_lab.ensure_seed()
    return seed_lab


@pytest.fixture(scope="class")
def _connected(request, deployed):
    drv, password = _driver(deployed, request.cls.device)
    drv.connect()
    yield drv, password
    drv.close()


class _OnTheLab(DriverContract):
    device = ""
    neighbour = ("", 0)

    @pytest.fixture
    def driver(self, _connected):
        return _connected[0]

    @pytest.fixture
    def secret(self, _connected):
        return _connected[1]

    @pytest.fixture
    def ping_case(self):
        return self.neighbour


class TestJunosDriverContract(_OnTheLab):
    device = "r1"
    neighbour = ("198.51.100.2", 1472)


class TestNetIronDriverContract(_OnTheLab):
    device = "r2"
    neighbour = ("198.51.100.1", 1472)
