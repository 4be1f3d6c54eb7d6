"""Differential cross-check of the lab's network model against Linux + FRR + OVS, on the seed.

For each scenario (the seed and every row of the model's scenario table, lab faults included:
``tests/test_model_scenarios.py``), the model computes the network from the rendered (and
patched) configurations; :class:`mpls_interop_lab.ovs.realnet.RealNetwork` builds the same
routers for real (namespaces, FRR, TAP interfaces with the IP MTUs, OVS wires with real 802.1Q
tags and exact frame limits) and the two are compared on:

* every OSPF neighbour state (both ends of every adjacency; "none" where one side has no
  neighbour at all);
* every DF ping the verifier sends on a link (payload IP MTU − 28 and one byte more, from each
  end to the other), judged by the model's data plane and sent for real.

Prints agreement counts per scenario and a JSON total. Root and ``openvswitch-switch frr``
needed. Usage::

    python -m bench.model_crosscheck                 # every scenario
    python -m bench.model_crosscheck seed link-mtu-fault
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IP_ICMP = 28
#: OSPF with the seed's 10 s hellos / 40 s dead interval reaches Full (or shows it stays stuck) within this
SETTLE = 75.0


@dataclass
class Result:
    scenario: str
    ospf: list[tuple[str, str, str, str]] = field(default_factory=list)  # (dev, nbr address, model, real)
    pings: list[tuple[str, str, int, bool, bool]] = field(default_factory=list)  # (dev, target, size, model, real)
    seconds: float = 0.0

    @property
    def disagreements(self) -> list[str]:
        out = [f"ospf {d} nbr {n}: model {m}, real {r}" for d, n, m, r in self.ospf if m != r]
        out += [f"ping {d}->{t} {s}: model {'pass' if m else 'fail'}, real {'pass' if r else 'fail'}"
                for d, t, s, m, r in self.pings if m != r]
        return out


def scenarios() -> dict[str, Any]:
    """Scenario name → function(tmp_path) returning a LabNetwork (the model's scenario table)."""
    from tests.helpers import seed_copy
    from tests.labmodel import seed_network
    from tests.test_model_scenarios import ROWS

    out: dict[str, Any] = {"seed": lambda tmp: seed_network(seed_copy(tmp))}
    out.update({name: make for name, (make, _check) in sorted(ROWS.items())})
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


def compare(name: str, net: Any, work: Path) -> Result:
    from mpls_interop_lab.model.dataplane import ping as model_ping
    from mpls_interop_lab.ovs.realnet import RealNetwork

    started = time.monotonic()
    state = net.state
    real = RealNetwork(work / name, state)
    res = Result(name)
    try:
        real.build()
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
    finally:
        real.stop()
    res.seconds = time.monotonic() - started
    return res


def crosscheck(names: list[str] | None = None) -> list[Result]:
    table = scenarios()
    out = []
    with tempfile.TemporaryDirectory(prefix="mi-xcheck-") as d:
        work = Path(d)
        for name in names or list(table):
            tmp = work / f"{name}-inv"
            tmp.mkdir()
            (work / name).mkdir()
            out.append(compare(name, table[name](tmp), work))
    return out


def main(argv: list[str]) -> int:
    results = crosscheck(argv or None)
    total = agree = 0
    for r in results:
        n = len(r.ospf) + len(r.pings)
        bad = r.disagreements
        total += n
        agree += n - len(bad)
        print(f"{r.scenario:36} OSPF {sum(m == x for _, _, m, x in r.ospf)}/{len(r.ospf)} agree, "
              f"DF pings {sum(m == x for *_, m, x in r.pings)}/{len(r.pings)} agree ({r.seconds:.0f} s)")
        for line in bad:
            print(f"    {line}")
    print(json.dumps({"scenarios": len(results), "agree": agree, "total": total}))
    return 0 if agree == total else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
