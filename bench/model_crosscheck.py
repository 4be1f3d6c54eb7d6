"""Differential cross-check of the lab's network model against Linux + FRR + OVS, on the seed.

For each scenario (the seed and every row of the model's scenario table, lab faults included:
``tests/test_model_scenarios.py``), the model computes the network from the rendered (and
patched) configurations; :class:`mpls_interop_lab.ovs.realnet.RealNetwork` builds the same
routers for real (namespaces, FRR, TAP interfaces with the IP MTUs, OVS wires with real 802.1Q
tags and exact frame limits) and the two are compared on:

* every OSPF neighbour state (both ends of every adjacency; "none" where one side has no
  neighbour at all);
* every DF ping the verifier sends on a link (payload IP MTU − 28 and one byte more, from each
  end to the other), judged by the model's data plane and sent for real;
* per pseudowire direction between two IP endpoints of an L2 service
  (:mod:`mpls_interop_lab.ovs.realpw`): the PW overhead — the largest DF payload the model lets
  cross the PW one way (labels, tags, the LSP's hops' frame limits) must reach the far endpoint for
  real and one byte more must not, exact to the byte — and one-way delivery of a small frame
  (the raw-PW tag leak: a frame that crosses still tagged is dropped one way only);
* every DF ping the verifier sends across a service (IP MTU − 28 and one more, round trip).

Prints agreement counts per scenario and a JSON total. Root and ``openvswitch-switch frr``
needed. Usage::

    python -m bench.model_crosscheck                 # every scenario
    python -m bench.model_crosscheck seed link-mtu-fault
    python -m bench.model_crosscheck --services      # the PW comparisons only (no OSPF wait)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pw_scenarios import PW_SCENARIOS

IP_ICMP = 28
#: payload of the small frame that shows one-way delivery (the tag leak)
SMALL = 64
#: OSPF with the seed's 10 s hellos / 40 s dead interval reaches Full (or shows it stays stuck) within this
SETTLE = 75.0


@dataclass
class Result:
    scenario: str
    ospf: list[tuple[str, str, str, str]] = field(default_factory=list)  # (dev, nbr address, model, real)
    pings: list[tuple[str, str, int, bool, bool]] = field(default_factory=list)  # (dev, target, size, model, real)
    #: one-way delivery across a PW: (src → dst, what, payload size, model, real); what is "leak"
    #: (a small frame), "fits" (the model's largest payload), "over" (one byte more)
    pws: list[tuple[str, str, int, bool, bool]] = field(default_factory=list)
    #: round-trip service DF pings the verifier sends: (src → dst, size, model, real)
    service_pings: list[tuple[str, int, bool, bool]] = field(default_factory=list)
    #: PW direction → (model's largest payload, real one where they disagree)
    largest: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def disagreements(self) -> list[str]:
        out = [f"ospf {d} nbr {n}: model {m}, real {r}" for d, n, m, r in self.ospf if m != r]
        out += [f"ping {d}->{t} {s}: model {'pass' if m else 'fail'}, real {'pass' if r else 'fail'}"
                for d, t, s, m, r in self.pings if m != r]
        out += [f"pw {p} {w} {s}: model {'delivered' if m else 'lost'}, real {'delivered' if r else 'lost'}"
                for p, w, s, m, r in self.pws if m != r]
        out += [f"service ping {p} {s}: model {'pass' if m else 'fail'}, real {'pass' if r else 'fail'}"
                for p, s, m, r in self.service_pings if m != r]
        return out

    @property
    def compared(self) -> int:
        return len(self.ospf) + len(self.pings) + len(self.pws) + len(self.service_pings)


def scenarios() -> dict[str, Any]:
    """Scenario name → function(tmp_path) returning a LabNetwork (the model's scenario table)."""
    from tests.helpers import seed_copy
    from tests.labmodel import seed_network
    from tests.test_model_scenarios import ROWS

    out: dict[str, Any] = {"seed": lambda tmp: seed_network(seed_copy(tmp))}
    out.update({name: make for name, (make, _check) in sorted(ROWS.items())})
    out.update(PW_SCENARIOS)  # the cross-check's own (bench/pw_scenarios.py)
    return out


def link_pairs(state: Any) -> list[tuple[str, Any, str, Any]]:
    """(device, its IP interface, far device, far interface) for every IP link on a wire, both ways."""
    out = []
    for w in state.wires:
        (da, pa), (db, pb) = w.a, w.b
        if da not in state.views or db not in state.views:
            continue
        for x in state.views[da].ipifs:
            if pa not in x.ports or x.loopback or x.vrf is not None:
                continue
            for y in state.views[db].ipifs:
                if pb not in y.ports or y.loopback or y.vrf is not None:
                    continue
                if x.tags.get(pa) == y.tags.get(pb) and x.address.network == y.address.network:
                    out += [(da, x, db, y), (db, y, da, x)]
    return out


def compare(name: str, net: Any, work: Path, services_only: bool = False) -> Result:
    from mpls_interop_lab.ovs.realnet import RealNetwork

    started = time.monotonic()
    state = net.state
    real = RealNetwork(work / name, state)
    res = Result(name)
    try:
        real.build()
        if not services_only:  # the PWs ride the model's LSPs: they need not wait for OSPF
            _links(state, real, res)
        _services(state, real.services, res)
    finally:
        real.stop()
    res.seconds = time.monotonic() - started
    return res


def _links(state: Any, real: Any, res: Result) -> None:
    """OSPF neighbour states and link DF pings."""
    from mpls_interop_lab.model.dataplane import ping as model_ping

    model_ospf = {d: {n.address: n.state for n in st.ospf} for d, st in state.devices.items()}
    real.settle(model_ospf, SETTLE)
    for dev in sorted(state.devices):
        theirs = real.ospf(dev)
        mine = model_ospf[dev]
        for address in sorted(set(theirs) | set(mine)):
            res.ospf.append((dev, address, mine.get(address, "none"), theirs.get(address, "none")))
    for dev, me, _far, other in link_pairs(state):
        target = str(other.address.ip)
        for size in (me.ip_mtu - IP_ICMP, me.ip_mtu - IP_ICMP + 1):
            m = model_ping(state, dev, target, size, True, 2).success
            r = real.ping(dev, target, size)
            res.pings.append((dev, target, size, m, r))


def model_largest(state: Any, src: str, dst: str, kind: str, name: str, top: int) -> int | None:
    """The largest DF payload (0..top) the model delivers one way from src's endpoint in the
    service to dst's, or None when not even an empty one crosses (binary search: delivery is
    monotone in size)."""
    from mpls_interop_lab.model.dataplane import service_delivery

    def ok(size: int) -> bool:
        return service_delivery(state, src, dst, kind, name, size) == ""

    if not ok(0):
        return None
    lo, hi = 0, top
    if ok(hi):
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def real_largest(services: Any, branch: Any, top: int) -> int | None:
    """The same search with real frames (only run where the two disagree, for the report)."""
    if not services.one_way(branch.src, branch.dst, 0):
        return None
    lo, hi = 0, top
    if services.one_way(branch.src, branch.dst, hi):
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if services.one_way(branch.src, branch.dst, mid) else (lo, mid)
    return lo


def _services(state: Any, services: Any, res: Result) -> None:
    from mpls_interop_lab.model.dataplane import ping as model_ping
    from mpls_interop_lab.model.dataplane import service_delivery

    for b in services.branches:
        src, dst = b.src, b.dst
        kind, name = src.ipif.service
        label = f"{src.device} {src.ipif.name} → {dst.device} {dst.ipif.name} ({b.pw_name})"
        top = src.ipif.ip_mtu - IP_ICMP
        largest = model_largest(state, src.device, dst.device, kind, name, top)
        checks = [("leak", SMALL)]
        if largest is not None:
            checks += [("fits", largest), ("over", largest + 1)]
        agree = True
        for what, size in checks:
            m = service_delivery(state, src.device, dst.device, kind, name, size) == ""
            r = services.one_way(src, dst, size)
            agree &= m == r
            res.pws.append((label, what, size, m, r))
        res.largest[label] = (largest, None if agree else real_largest(services, b, top))
        for size in (top, top + 1):
            m = model_ping(state, src.device, dst.address, size, True, 2, vrf=src.ipif.vrf).success
            r = services.ping(src, dst.address, size)[0]
            res.service_pings.append((label, size, m, r))


def crosscheck(names: list[str] | None = None, services_only: bool = False, parallel: int = 1) -> list[Result]:
    """Compare the named scenarios (all by default), ``parallel`` real networks at a time: each
    has its own namespaces, switch and FRRs (named from its own directory), and most of a
    scenario is waiting for FRR to settle, so the tests build theirs side by side."""
    from concurrent.futures import ThreadPoolExecutor

    table = scenarios()
    with tempfile.TemporaryDirectory(prefix="mi-xcheck-") as d:
        work = Path(d)
        nets = []
        for name in names or list(table):
            tmp = work / f"{name}-inv"
            tmp.mkdir()
            (work / name).mkdir()
            nets.append((name, table[name](tmp)))
        with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
            return list(pool.map(lambda item: compare(item[0], item[1], work, services_only), nets))


def main(argv: list[str]) -> int:
    services_only = "--services" in argv
    names = [a for a in argv if a != "--services"]
    results = crosscheck(names or None, services_only)
    total = agree = 0
    kinds = {"ospf": [0, 0], "link_pings": [0, 0], "pw_overhead": [0, 0], "tag_leak": [0, 0],
             "service_pings": [0, 0]}
    for r in results:
        n = r.compared
        bad = r.disagreements
        total += n
        agree += n - len(bad)
        rows = {"ospf": [m == x for _, _, m, x in r.ospf], "link_pings": [m == x for *_, m, x in r.pings],
                "pw_overhead": [m == x for _, w, _, m, x in r.pws if w != "leak"],
                "tag_leak": [m == x for _, w, _, m, x in r.pws if w == "leak"],
                "service_pings": [m == x for *_, m, x in r.service_pings]}
        for k, v in rows.items():
            kinds[k][0] += sum(v)
            kinds[k][1] += len(v)
        print(f"{r.scenario:36} " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in rows.items())
              + f" agree ({r.seconds:.0f} s)")
        for line in bad:
            print(f"    {line}")
        for label, (m, x) in r.largest.items():
            if x is not None or m is None:
                print(f"    largest payload {label}: model {m}, real {x if x is not None else m}")
    print(json.dumps({"scenarios": len(results), "agree": agree, "total": total,
                      **{k: f"{a}/{n}" for k, (a, n) in kinds.items()}}))
    return 0 if agree == total else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
