"""IP001/IP002 find the same pairs as comparing every link with every other (they sweep in
address order instead)."""

from __future__ import annotations

import ipaddress
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.core.lint_ip import subnet_covers_loopback, subnets_overlap

nets = st.builds(
    lambda addr, plen: ipaddress.IPv4Network((addr, plen), strict=False),
    st.integers(0xC0A80000, 0xC0A800FF), st.integers(24, 32),
)


def _intent(subnets: list[ipaddress.IPv4Network], loopbacks: list[int]) -> SimpleNamespace:
    links = [SimpleNamespace(label=f"l{k}", subnet=n, a=SimpleNamespace(device=f"d{k}"), b=SimpleNamespace(device="z"))
             for k, n in enumerate(subnets)]
    devices = {f"r{k}": SimpleNamespace(loopback=ipaddress.IPv4Address(a)) for k, a in enumerate(loopbacks)}
    return SimpleNamespace(links=links, devices=devices)


@settings(max_examples=200, deadline=None)
@given(st.lists(nets, max_size=25), st.lists(st.integers(0xC0A80000, 0xC0A800FF), max_size=10))
def test_sweeps_match_all_pairs(subnets, loopbacks) -> None:
    intent = _intent(subnets, loopbacks)
    expected = []
    for i, a in enumerate(subnets):
        for j in range(i + 1, len(subnets)):
            b = subnets[j]
            if a.overlaps(b):
                how = "the same subnet" if a == b else "overlapping subnets"
                expected.append(f"links l{i} ({a}) and l{j} ({b}) use {how}")
    assert [msg for _, msg in subnets_overlap(intent, None)] == expected
    covered = [f"link l{k} subnet {n} covers {name}'s loopback {d.loopback}"
               for k, n in enumerate(subnets) for name, d in sorted(intent.devices.items()) if d.loopback in n]
    assert [msg for _, msg in subnet_covers_loopback(intent, None)] == covered
