"""How many pings verify sends on a healthy lab: two per link direction (the largest DF payload
that fits and one byte more) and two per ordered pair of IP endpoints in a service, no binary
search (it runs only where a fitting size fails). Counted at the drivers, not from verify's own
tally."""

from __future__ import annotations

from collections import Counter

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.ops import fleet
from mpls_interop.ops.targets import targets
from mpls_interop.ops.verify import verify
from mpls_interop.sdk.driver import driver_class


@pytest.fixture(scope="module")
def lab(seed_lab):
    return seed_lab


def _expected(intent) -> int:
    """From the topology: links × 2 directions × 2 sizes + IP endpoint pairs × 2 sizes."""
    count = len(intent.links) * 2 * 2
    for svc in [*intent.services.vpls, *intent.services.vll]:
        ends = [ep.device for ep in svc.endpoints if ep.address is not None or ep.vrf is not None]
        count += 2 * sum(1 for a in ends for b in ends if a != b)
    return count


def test_verify_sends_two_pings_per_link_direction_on_a_healthy_lab(lab, monkeypatch) -> None:
    lab.reset()
    (lab.inventory / "ownership.json").unlink(missing_ok=True)
    proc = lab.run("deploy", "-i", str(lab.inventory), "--lab", "--no-verify")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    intent = load_intent(lab.inventory)
    sent: Counter[tuple[str, str]] = Counter()
    for vendor in {d.vendor for d in intent.devices.values()}:
        cls = driver_class(vendor)
        original = cls.ping

        def counting(self, target, size, *args, _original=original, **kwargs):
            sent[(self.name, target)] += 1
            return _original(self, target, size, *args, **kwargs)

        monkeypatch.setattr(cls, "ping", counting)
    with lab.environment():
        nr = fleet.build(intent, targets(intent, lab.inventory, sorted(intent.devices), lab=True, timeout=20))
        try:
            checks, tally = verify(intent, nr)
        finally:
            fleet.close_all(nr)
    assert [c for c in checks if c.status == "fail"] == []
    assert sum(sent.values()) == _expected(intent) == tally
    # never more than two to one address from one device (no search on a healthy lab)
    assert max(sent.values()) == 2
