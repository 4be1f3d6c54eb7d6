"""The transport checks (LSPs and targeted LDP between PEs) look records up in per-device
indexes; they find exactly what a plain scan of every record for every device pair finds (the
reference below), so a full mesh is checked in one pass without changing a verdict or a word."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.gen_inventory import generate
from mpls_interop.core.checks import (
    Check,
    DeviceFacts,
    _lsp_pairs,
    _peer_pairs,
    _unreachable,
    check_transport,
)
from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.plan import Plan
from mpls_interop.sdk.records import LdpSession, Lsp


@cache
def _plan(tmp: str) -> Plan:
    return plan_intent(load_intent(generate(Path(tmp) / "gen6", 6, 8)))


def _scan_lsp(plan: Plan, facts: dict[str, DeviceFacts], me: str, other: str, shown: list[str]) -> list[str]:
    lo = plan.devices[other].loopback
    planned = [lsp for lsp in plan.devices[me].lsps if lsp.to_device == other]
    problems = []
    if not planned:
        lsps = [x for x in facts[me].lsps if x.destination == lo]
        up = [x for x in lsps if x.up]
        if not lsps:
            problems.append(f"{me} has no LSP to {other} ({lo})")
        elif not up:
            problems.append(f"{me} LSP {lsps[0].name} to {lo} is {lsps[0].state or 'down'}")
        else:
            shown.append(f"{up[0].name} up ({up[0].active_path or 'active'})")
        return problems
    for p in planned:
        rec = next((x for x in facts[me].lsps if x.name == p.name), None)
        if rec is None:
            problems.append(f"{me} has no LSP {p.name} to {other} ({lo})")
        elif not rec.up:
            problems.append(f"{me} LSP {p.name} to {lo} is {rec.state or 'down'}")
        elif rec.destination and rec.destination != lo:
            problems.append(f"{me} LSP {p.name} goes to {rec.destination}, the intent says {other} ({lo})")
        else:
            shown.append(f"{p.name} up ({rec.active_path or 'active'})")
    return problems


def _scan(plan: Plan, facts: dict[str, DeviceFacts]) -> list[Check]:
    """The plain scan: every record of a device looked at again for each pair."""
    out: list[Check] = []
    pw_pairs = set(_peer_pairs(plan))
    for a, b in _lsp_pairs(plan):
        devs = (a, b)
        miss = _unreachable(facts, devs, f"lsp {a}<->{b}")
        if miss:
            if (a, b) in pw_pairs:
                out.append(Check(f"ldp {a}<->{b}", devs, miss.status, miss.detail))
            out.append(miss)
            continue
        lo = {d: plan.devices[d].loopback for d in devs}
        if (a, b) in pw_pairs:
            problems = []
            for me, other in ((a, b), (b, a)):
                s = next((s for s in facts[me].ldp if s.peer == lo[other]), None)
                if s is None:
                    problems.append(f"{me} has no LDP session to {other} ({lo[other]})")
                elif not s.up:
                    problems.append(f"{me} LDP session to {lo[other]} is {s.state}")
            out.append(Check(f"ldp {a}<->{b}", devs, "fail" if problems else "pass",
                             "; ".join(problems) or "targeted LDP sessions Operational on both ends"))
        shown: list[str] = []
        problems = [p for me, other in ((a, b), (b, a)) for p in _scan_lsp(plan, facts, me, other, shown)]
        out.append(Check(f"lsp {a}<->{b}", devs, "fail" if problems else "pass", "; ".join(problems) or ", ".join(shown)))
    return out


@st.composite
def _facts(draw: st.DrawFn, plan: Plan) -> dict[str, DeviceFacts]:
    """Per device: planned LSPs (some missing, down, duplicated, pointing elsewhere) and stray
    LSPs by destination; LDP sessions to some loopbacks (some down or repeated); some devices
    not collected or with a collection error."""
    names = sorted(plan.devices)
    loopbacks = [plan.devices[n].loopback for n in names]
    out: dict[str, DeviceFacts] = {}
    for name in names:
        if draw(st.integers(0, 9)) == 0:
            continue  # outside --limit
        if draw(st.integers(0, 9)) == 0:
            out[name] = DeviceFacts(error=f"{name}: unreachable")
            continue
        lsps = []
        for p in plan.devices[name].lsps:
            for _ in range(draw(st.sampled_from([1, 1, 1, 0, 2]))):
                up = draw(st.booleans())
                dest = draw(st.sampled_from([plan.devices[p.to_device].loopback, plan.devices[p.to_device].loopback,
                                             "", *loopbacks]))
                lsps.append(Lsp(name=p.name, destination=dest, up=up, state="Up" if up else draw(st.sampled_from(["Dn", ""])),
                                active_path=draw(st.sampled_from([None, "primary", "secondary"])) if up else None))
        for n in range(draw(st.integers(0, 4))):
            up = draw(st.booleans())
            lsps.append(Lsp(name=f"stray{n}", destination=draw(st.sampled_from(loopbacks)), up=up, state="Up" if up else "Dn"))
        lsps = draw(st.permutations(lsps))
        ldp = [LdpSession(peer=draw(st.sampled_from(loopbacks)), up=(up := draw(st.booleans())),
                          state="Operational" if up else "Nonexistent") for _ in range(draw(st.integers(0, 8)))]
        out[name] = DeviceFacts(lsps=list(lsps), ldp=ldp)
    return out


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_index_says_what_the_scan_says(data: st.DataObject, tmp_path_factory) -> None:
    plan = _plan(str(tmp_path_factory.getbasetemp()))
    facts = data.draw(_facts(plan))
    assert check_transport(plan, facts) == _scan(plan, facts)


def test_the_first_record_of_a_name_is_judged(tmp_path) -> None:
    plan = _plan(str(tmp_path))
    me = sorted(plan.devices)[0]
    lsp = plan.devices[me].lsps[0]
    far = plan.devices[lsp.to_device].loopback
    up = [Lsp(name=x.name, destination=plan.devices[x.to_device].loopback, up=True, state="Up", active_path="primary")
          for x in plan.devices[me].lsps]
    # a down copy of the first LSP ahead of the up one: a device listing the name twice is judged by its first
    facts = {me: DeviceFacts(lsps=[Lsp(name=lsp.name, destination=far, up=False, state="Dn"), *up])}
    facts.update({n: DeviceFacts(lsps=[Lsp(name=x.name, destination=plan.devices[x.to_device].loopback, up=True,
                                             state="Up") for x in plan.devices[n].lsps],
                                 ldp=[LdpSession(peer=plan.devices[m].loopback, up=True, state="Operational")
                                      for m in plan.devices if m != n])
                  for n in plan.devices if n != me})
    facts[me].ldp = [LdpSession(peer=plan.devices[m].loopback, up=True, state="Operational") for m in plan.devices if m != me]
    checks = {c.check: c for c in check_transport(plan, facts)}
    pair = "lsp " + "<->".join(sorted((me, lsp.to_device)))
    assert checks[pair].status == "fail"
    assert checks[pair].detail == f"{me} LSP {lsp.name} to {far} is Dn"
    assert sum(c.status == "fail" for c in checks.values()) == 1
