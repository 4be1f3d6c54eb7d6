"""The address index of the link checks finds exactly the clashing addresses the plain scan of
every interface finds (``checks._clashes``, kept as the reference), in the same order."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.core.checks import DeviceFacts, _AddressIndex, _clashes
from mpls_interop.sdk.plan import Plan
from mpls_interop.sdk.records import Interface

# a small address space, so that blocks nest, repeat and overlap often
_addr = st.builds(lambda a, n: f"10.0.{a >> 8}.{a & 255}/{n}", st.integers(0, 1023), st.integers(20, 32))
_iface = st.builds(lambda n, addrs: Interface(name=f"if{n}", admin_up=True, oper_up=True, addresses=tuple(addrs)),
                   st.integers(0, 5), st.lists(st.one_of(_addr, st.just("not-an-address")), max_size=3))
_facts = st.dictionaries(st.sampled_from(["r1", "r2", "r3", "p04"]),
                         st.builds(lambda ifs: DeviceFacts(interfaces=ifs), st.lists(_iface, max_size=4)),
                         max_size=4)
_subnet = st.builds(lambda a, n: ipaddress.IPv4Network(f"10.0.{a >> 8}.{a & 255}/{n}", strict=False),
                    st.integers(0, 1023), st.integers(20, 31))


@settings(max_examples=300, deadline=None)
@given(facts=_facts, subnets=st.lists(_subnet, min_size=1, max_size=4),
       mine=st.sets(st.tuples(st.sampled_from(["r1", "r2"]), st.sampled_from(["if0", "if1"])), max_size=2))
def test_index_finds_what_the_scan_finds(facts: dict[str, DeviceFacts], subnets: list[ipaddress.IPv4Network],
                                         mine: set[tuple[str, str]]) -> None:
    plan = Plan(devices={})
    index = _AddressIndex(plan, facts)
    for subnet in subnets:
        assert index.overlapping(subnet, mine) == _clashes(plan, facts, subnet, mine)


def test_a_containing_and_a_contained_block_both_clash() -> None:
    facts = {"r1": DeviceFacts(interfaces=[
        Interface(name="big", admin_up=True, oper_up=True, addresses=("10.1.0.1/16",)),
        Interface(name="small", admin_up=True, oper_up=True, addresses=("10.1.2.5/30", "10.1.2.9/32")),
        Interface(name="away", admin_up=True, oper_up=True, addresses=("10.2.0.1/24",)),
    ])}
    found = _AddressIndex(Plan(devices={}), facts).overlapping(ipaddress.IPv4Network("10.1.2.0/24"), set())
    assert found == ["r1 big (10.1.0.1/16)", "r1 small (10.1.2.5/30)"]
