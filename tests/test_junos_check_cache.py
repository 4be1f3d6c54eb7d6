"""The Junos emulator's commit check keeps its last answer for an unchanged candidate: every
answer equals a fresh check's (random sequences of loads and checks, hypothesis), and it is never
more lenient than one: a change after a clean check (loaded, made in place on the candidate's
tree, or a different model) fails the next check as a fresh one does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.junos.device import JunosDevice, semantic_errors
from mpls_interop_lab.junos.must import must_errors
from mpls_interop_lab.junos.tree import JNode

CHANGES = [
    "set system host-name pe1-a",
    "set interfaces ge-1/0/0 mtu 9192\nset interfaces ge-1/0/0 vlan-tagging\n"
    "set interfaces ge-1/0/0 unit 10 vlan-id 10\nset interfaces ge-1/0/0 unit 10 family inet mtu 9178",
    "set interfaces ge-1/0/0 unit 10 family inet mtu 9000",
    "set interfaces ge-1/0/1 unit 0 family inet mtu 1600",
    "set interfaces ge-1/0/1 mtu 9500",
    "set interfaces ge-1/0/1 mtu 9192",
    "set interfaces lt-0/0/10 unit 1 peer-unit 2",
    "set chassis fpc 0 pic 0 tunnel-services bandwidth 1g",
    "set routing-instances vpls-9 instance-type vpls\nset routing-instances vpls-9 protocols vpls neighbor 10.0.0.2",
    "set routing-instances vpls-9 protocols vpls vpls-id 9",
    "set protocols l2circuit neighbor 10.0.0.2 interface ge-1/0/0.600 virtual-circuit-id 600",
    "set interfaces ge-1/0/0 unit 600 vlan-id 600",
]


def fresh(config: JunosConfig, model: str) -> list:
    running = config.effective()
    return must_errors(running.root) + semantic_errors(running, model)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CHANGES), st.just("check"), st.just("discard"),
                          st.sampled_from(["MX80", "MX204"])), max_size=14))
def test_every_answer_is_a_fresh_checks(steps: list[str]) -> None:
    dev = JunosDevice("pe1")
    for step in steps + ["check"]:
        if step == "check":
            assert dev.check_config(dev.candidate) == fresh(dev.candidate, dev.model)
            assert dev.check_config(dev.candidate) == fresh(dev.candidate, dev.model)  # kept answer
        elif step == "discard":
            dev.discard(None)
        elif step.startswith("MX"):
            dev.model = step
        else:
            dev.load(None, step, action="set")


def test_a_change_after_a_clean_check_fails_the_next_check() -> None:
    dev = JunosDevice("pe1")
    dev.load(None, "set interfaces ge-1/0/1 mtu 9192", action="set")
    assert dev.check_config(dev.candidate) == []
    dev.commit(None, check=True)
    dev.load(None, "set interfaces ge-1/0/1 unit 0 family inet mtu 9500", action="set")
    errors = dev.check_config(dev.candidate)
    assert errors and errors == fresh(dev.candidate, dev.model)


def test_a_change_made_in_place_is_seen() -> None:
    dev = JunosDevice("pe1")
    dev.load(None, "set interfaces ge-1/0/1 mtu 9192", action="set")
    assert dev.check_config(dev.candidate) == []
    dev.candidate.root.get("interfaces", "ge-1/0/1").get("mtu").value = "9500"  # behind the API's back
    errors = dev.check_config(dev.candidate)
    assert any("9500" in e.message for e in errors) and errors == fresh(dev.candidate, dev.model)


def test_another_model_is_checked_afresh() -> None:
    dev = JunosDevice("pe1", model="MX204")
    dev.load(None, "set interfaces ge-1/0/1 mtu 9500", action="set")
    assert dev.check_config(dev.candidate) == []
    dev.model = "MX80"
    assert any("9500" in e.message for e in dev.check_config(dev.candidate))


def test_a_returned_answer_cannot_change_the_kept_one() -> None:
    dev = JunosDevice("pe1")
    dev.load(None, "set interfaces ge-1/0/1 mtu 9500", action="set")
    first = dev.check_config(dev.candidate)
    first[0].message = "changed"
    first.clear()
    assert dev.check_config(dev.candidate) == fresh(dev.candidate, dev.model) != []


def test_same_sees_the_order() -> None:
    a = JNode("", children={"x": JNode("x"), "y": JNode("y", "1")})
    b = JNode("", children={"y": JNode("y", "1"), "x": JNode("x")})
    assert a == b and not a.same(b) and a.same(a.clone())
