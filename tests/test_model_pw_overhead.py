"""The model's PW overhead on its own (no real network): the largest DF payload that crosses a PW
one way where a core frame limit is the narrowest point, from the RFC arithmetic (outer Ethernet
14, core tag 4, two labels 8, control word 4 where negotiated, inner Ethernet 14, IP + ICMP 28).
The same figures are checked against real frames in tests/test_pw_crosscheck.py."""

from __future__ import annotations

import pytest

from bench.model_crosscheck import model_largest
from bench.pw_scenarios import PW_SCENARIOS
from mpls_interop_lab.model.dataplane import service_delivery
from tests.test_model_scenarios import ROWS


def _largest(net, src, dst):
    """Largest payload from src's IP endpoint in the service that has one on dst too."""
    st = net.state
    for ipif in st.views[src].ipifs:
        if ipif.service and "no IP endpoint" not in service_delivery(st, src, dst, *ipif.service, 0):
            return model_largest(st, src, dst, *ipif.service, ipif.ip_mtu - 28)
    raise AssertionError(f"no service with IP endpoints on {src} and {dst}")


@pytest.mark.parametrize(("make", "src", "dst", "want"), [
    # NetIron frame 1400 (FCS counted) on the tagged r1–r2 link: 1396 − 14 − 4 − 8 − 14 − 28
    (ROWS["link-mtu-fault"][0], "r1", "r2", 1328),
    (ROWS["link-mtu-fault"][0], "r2", "r1", 1328),
    # the other PWs do not cross that link: the endpoints' IP MTU 9000 bounds them
    (ROWS["link-mtu-fault"][0], "r1", "r3", 8972),
    # secondary path r1 → r3 → r2, the untagged r3–r2 hop at NetIron frame 2000: 1996 − 14 − 8 − 14 − 28
    (PW_SCENARIOS["pw-overhead-two-hops"], "r1", "r2", 1932),
    # Junos to Junos, control word negotiated, media MTU 1600 untagged: 1600 − 14 − 8 − 4 − 14 − 28
    (PW_SCENARIOS["pw-control-word-junos-junos"], "r1", "r3", 1532),
    (PW_SCENARIOS["pw-control-word-junos-junos"], "r3", "r1", 1532),
])
def test_largest_payload_across_the_pw(tmp_path, make, src, dst, want):
    assert _largest(make(tmp_path), src, dst) == want


def test_the_tag_leak_is_one_way_in_the_model(tmp_path):
    net = ROWS["vpls-vlan-normalised-one-way"][0](tmp_path)
    assert _largest(net, "r1", "r2") is None
    assert _largest(net, "r2", "r1") == 8972
