"""The lab's incremental recomputation equals a from-scratch computation after any change.

A generated lab (routers of both vendors, VLL/VPLS, RSVP LSPs) receives seeded random sequences
of configuration changes (OSPF timers/costs/MTUs, port shutdowns, LSP options, re-commits of the
same configuration) and faults (link down/up, link MTU); after each one the state the
``LabNetwork`` computes from its previous state must equal a ``NetworkState`` built from nothing.
Topology changes (an adjacency lost or back, a cost) keep only the memoised paths they cannot
affect (``pathmemo``): the sequences check those too.
"""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path
from typing import Any

import pytest

from bench.gen_inventory import generate
from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from mpls_interop.ops.lab import definition
from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.model import LabNetwork, NetworkState, Wire
from mpls_interop_lab.model.search import cut_edges
from mpls_interop_lab.netiron.config import NetIronConfig

#: (pattern, replacement) edits per vendor; one random occurrence is changed
EDITS = {
    "junos": [
        (r"hello-interval 10;", "hello-interval 11;"),
        (r"hello-interval 10;", "hello-interval 10;\n                metric 7;"),
        (r"mtu 1500;", "mtu 1400;"),
        (r"revert-timer 30;", "revert-timer 45;"),
        (r"\n\s*fast-reroute;", ""),
        (r"unit 0 \{\n", "unit 0 {\n            disable;\n"),
        # pseudowires: what the far end's LDP sessions and PWs read of this device's view
        (r"mtu 9100;", "mtu 9000;"),
        (r"virtual-circuit-id 1", "virtual-circuit-id 7"),
        (r"encapsulation-type ethernet;", "encapsulation-type ethernet-vlan;"),
        (r"neighbor 10\.255\.0\.", "neighbor 10.255.1."),
    ],
    "netiron": [
        (r"ip ospf hello-interval 10", "ip ospf hello-interval 11"),
        (r"ip ospf hello-interval 10", "ip ospf hello-interval 10\n ip ospf cost 9"),
        (r"ip mtu 1500", "ip mtu 1400"),
        (r"\n enable\n", "\n disable\n"),
        (r"\n  frr\n", "\n"),
        (r"vll-mtu 9100", "vll-mtu 9000"),
        (r"vll-peer 10\.255\.0\.", "vll-peer 10.255.1."),
        (r" raw-mode\n", "\n"),
    ],
}


def _parse(vendor: str, text: str) -> Any:
    return JunosConfig.parse_text(text) if vendor == "junos" else NetIronConfig.from_text(text)


def _toggle_link_down(net: LabNetwork, rng: random.Random, ends: list[Any]) -> None:
    """The lab's link-down fault on a random port, set or cleared."""
    net.faults.link_down ^= {rng.choice(ends)}
    net.changed()


def _toggle_link_mtu(net: LabNetwork, rng: random.Random, ends: list[Any]) -> None:
    """The lab's link-MTU fault on a random port, set (to a random size) or cleared."""
    end = rng.choice(ends)
    if end in net.faults.link_mtu:
        del net.faults.link_mtu[end]
    else:
        net.faults.link_mtu[end] = rng.choice([1400, 1518, 9000])
    net.changed()


def _snapshot(state: NetworkState) -> dict[str, Any]:
    """Everything a device reports, as plain data."""
    out: dict[str, Any] = {}
    for name, d in state.devices.items():
        out[name] = {
            "ports": {p: dataclasses.astuple(s) for p, s in d.ports.items()},
            **{k: [dataclasses.asdict(x) for x in getattr(d, k)] for k in ("ospf", "lsps", "rsvp", "ldp", "pws", "bfd")},
            "roles": dict(d.ospf_roles),
        }
    out["_adjacencies"] = list(state.adjacencies)
    return out


def _routes(state: NetworkState, pairs: list[tuple[str, str]]) -> list[Any]:
    return [
        [(e.dev, e.ipif.name, e.ipif.ip_mtu, e.peer_dev, e.peer_if.name) for e in path] if path is not None else None
        for path in (state.route(src, target) for src, target in pairs)
    ]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    inv = generate(tmp_path_factory.mktemp("inc") / "inv", 10, 24, "pw-peers")
    intent = load_intent(inv)
    return definition(intent, inv.name), render_all(intent)


def _edit(rng: random.Random, vendor: str, text: str) -> str:
    choices = [(p, r) for p, r in EDITS[vendor] if re.search(p, text)]
    if not choices:
        return text
    pattern, repl = rng.choice(choices)
    spots = list(re.finditer(pattern, text))
    m = rng.choice(spots)
    return text[: m.start()] + repl + text[m.end():]


@pytest.mark.parametrize("seed", range(6))
def test_incremental_state_equals_full_recompute(
    generated: tuple[dict[str, Any], dict[str, str]], seed: int
) -> None:
    counts = _random_changes(*generated, seed)
    # the sequence exercised the reuse path, not only full recomputes, topology changes that
    # kept the memoised paths they left alone, and device state shared with the previous state
    assert counts["reused"] > 0 and counts["carried"] > 0 and counts["shared"] > 0


@pytest.fixture(scope="module")
def seedlab() -> tuple[dict[str, Any], dict[str, str]]:
    """The seed network: BFD for OSPF on its links (the generated labs have none)."""
    inv = Path(__file__).resolve().parent.parent / "inventories" / "seed"
    intent = load_intent(inv)
    return definition(intent, inv.name), render_all(intent)


@pytest.mark.parametrize("seed", range(4))
def test_incremental_seed_network_equals_full_recompute(
    seedlab: tuple[dict[str, Any], dict[str, str]], seed: int
) -> None:
    counts = _random_changes(*seedlab, seed)
    assert counts["bfd"] > 0  # states with BFD sessions (3 routers: nothing is left to share)


def _random_changes(lab: dict[str, Any], configs: dict[str, str], seed: int) -> dict[str, int]:
    """25 random changes and faults; after each, the state equals a from-scratch one and the
    previous state (whose unchanged objects the new one shares) is as it was."""
    rng = random.Random(seed)
    vendors = {d["name"]: d["vendor"] for d in lab["devices"]}
    wires = [Wire(tuple(w[0]), tuple(w[1])) for w in lab["wires"]]  # type: ignore[arg-type]
    net = LabNetwork(wires, {d["name"]: list(d.get("ports", [])) for d in lab["devices"]})
    texts = dict(configs)
    for name, vendor in vendors.items():
        net.set_config(name, vendor, _parse(vendor, texts[name]))
    # link faults on wired ports and on the others (attachment circuits among them)
    ends = [end for w in wires for end in (w.a, w.b)]
    ends += [(d["name"], p) for d in lab["devices"] for p in d.get("ports", []) if (d["name"], p) not in ends]
    names = list(vendors)
    reused = carried = shared = had_bfd = 0
    last = net.state
    for _step in range(25):
        seen = _snapshot(last)
        action = rng.random()
        if action < 0.55:
            dev = rng.choice(names)
            texts[dev] = _edit(rng, vendors[dev], texts[dev])
            net.set_config(dev, vendors[dev], _parse(vendors[dev], texts[dev]))
        elif action < 0.65:
            dev = rng.choice(names)  # a commit that changes nothing
            net.set_config(dev, vendors[dev], _parse(vendors[dev], texts[dev]))
        elif action < 0.75:
            dev = rng.choice(names)  # back to the rendered configuration
            texts[dev] = configs[dev]
            net.set_config(dev, vendors[dev], _parse(vendors[dev], texts[dev]))
        elif action < 0.85:
            _toggle_link_down(net, rng, ends)
        elif action < 0.95:
            _toggle_link_mtu(net, rng, ends)
        else:
            net.faults.link_down.clear()
            net.faults.link_mtu.clear()
            net.changed()
        state = net.state
        reused += state.reused
        carried += state.carried
        fresh = NetworkState(dict(net.views), net.wires, net.faults)
        assert _snapshot(state) == _snapshot(fresh)
        # unchanged devices share the previous state's objects: computing this one left the
        # previous one as it was
        assert _snapshot(last) == seen
        shared += sum(state.devices[n] is last.devices[n] for n in names)
        had_bfd += any(d.bfd for d in state.devices.values())
        last = state
        pairs = [(rng.choice(names), rng.choice(list(net.views[rng.choice(names)].loopbacks) or ["10.255.0.1"]))
                 for _ in range(5)]
        assert _routes(state, pairs) == _routes(fresh, pairs)
    return {"reused": reused, "carried": carried, "shared": shared, "bfd": had_bfd}


def test_reuse_keeps_unrelated_devices_and_redoes_the_changed_one(
    generated: tuple[dict[str, Any], dict[str, str]],
) -> None:
    """A change that leaves routing alone reuses other devices' results, and the changed device's
    new LSP option shows up (the reuse is not a stale copy)."""
    lab, configs = generated
    vendors = {d["name"]: d["vendor"] for d in lab["devices"]}
    wires = [Wire(tuple(w[0]), tuple(w[1])) for w in lab["wires"]]  # type: ignore[arg-type]
    net = LabNetwork(wires, {d["name"]: list(d.get("ports", [])) for d in lab["devices"]})
    for name, vendor in vendors.items():
        net.set_config(name, vendor, _parse(vendor, configs[name]))
    before = net.state
    dev = next(n for n, v in vendors.items() if v == "junos" and "revert-timer 30;" in configs[n])
    net.set_config(dev, "junos", _parse("junos", configs[dev].replace("revert-timer 30;", "revert-timer 45;", 1)))
    after = net.state
    assert after.reused
    assert 45 in [lsp.revert_timer for lsp in after.devices[dev].lsps]
    other = next(n for n in vendors if n != dev and before.devices[n].lsps)
    assert after.devices[other].lsps[0] is before.devices[other].lsps[0]


def test_link_down_keeps_paths_that_do_not_cross_it(
    generated: tuple[dict[str, Any], dict[str, str]],
) -> None:
    """Losing one adjacency keeps the memoised paths that never used it and redoes the LSPs whose
    path crossed it; the result equals a from-scratch state."""
    lab, configs = generated
    vendors = {d["name"]: d["vendor"] for d in lab["devices"]}
    wires = [Wire(tuple(w[0]), tuple(w[1])) for w in lab["wires"]]  # type: ignore[arg-type]
    net = LabNetwork(wires, {d["name"]: list(d.get("ports", [])) for d in lab["devices"]})
    for name, vendor in vendors.items():
        net.set_config(name, vendor, _parse(vendor, configs[name]))
    before = net.state
    # a wire that carries an up LSP
    crossing = next((lsp, dev) for dev, d in before.devices.items() for lsp in d.lsps if lsp.up and len(lsp.devices) > 1)
    lsp, head = crossing
    a, b = lsp.devices[0], lsp.devices[1]
    wire = next(w for w in wires if {w.a[0], w.b[0]} == {a, b})
    kept_before = len(before._runs)
    net.faults.link_down.add(wire.a)
    net.changed()
    after = net.state
    assert after.carried and not after.reused
    assert 0 < after.kept_paths[0] < kept_before
    assert head in after._lsp_stale
    fresh = NetworkState(dict(net.views), net.wires, net.faults)
    assert _snapshot(after) == _snapshot(fresh)
    moved = next(x for x in after.devices[head].lsps if x.name == lsp.name)
    assert moved.devices != lsp.devices


#: per-interface OSPF knobs that move adjacencies and costs: (pattern, render(hello, cost))
_KNOBS = {
    "junos": (r"hello-interval 10;", lambda h, c: f"hello-interval {h};" + (f"\n                metric {c};" if c else "")),
    "netiron": (r"ip ospf hello-interval 10", lambda h, c: f"ip ospf hello-interval {h}" + (f"\n ip ospf cost {c}" if c else "")),
}
_MTU = {"junos": ("mtu 1500;", "mtu 1400;"), "netiron": ("ip mtu 1500", "ip mtu 1400")}


class _Knobs:
    """One device's rendered configuration with per-interface OSPF hello/cost and IP MTU edits."""

    def __init__(self, vendor: str, text: str) -> None:
        self.vendor, self.text = vendor, text
        pattern, self.render = _KNOBS[vendor]
        self.ospf = [m.span() for m in re.finditer(pattern, text)]
        self.mtus = [m.span() for m in re.finditer(re.escape(_MTU[vendor][0]), text)]
        self.state: dict[tuple[str, int], Any] = {}

    def config(self) -> str:
        edits = []
        for (kind, k), value in self.state.items():
            if kind == "ospf":
                edits.append((self.ospf[k], self.render(*value)))
            elif value:
                edits.append((self.mtus[k], _MTU[self.vendor][1]))
        out = self.text
        for (start, end), repl in sorted(edits, reverse=True):
            out = out[:start] + repl + out[end:]
        return out


@pytest.fixture(scope="module")
def ringlab(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    """A bigger ring with chords: equal-cost paths both ways round and across."""
    inv = generate(tmp_path_factory.mktemp("ring") / "inv", 24, 40, "pw-peers")
    intent = load_intent(inv)
    return definition(intent, inv.name), render_all(intent)


@pytest.mark.parametrize("seed", range(8))
def test_topology_changes_equal_full_recompute(ringlab: tuple[dict[str, Any], dict[str, str]], seed: int) -> None:
    """Adjacencies dropped and back (hello mismatch), OSPF costs changed (ties included: costs
    1–3), IP MTU mismatches (ExStart), links down/up and link MTU faults, one or two at a time:
    after each step the incremental state, its routes and its LSP paths equal a from-scratch
    computation's."""
    lab, configs = ringlab
    rng = random.Random(1000 + seed)
    vendors = {d["name"]: d["vendor"] for d in lab["devices"]}
    wires = [Wire(tuple(w[0]), tuple(w[1])) for w in lab["wires"]]  # type: ignore[arg-type]
    net = LabNetwork(wires, {d["name"]: list(d.get("ports", [])) for d in lab["devices"]})
    knobs = {n: _Knobs(v, configs[n]) for n, v in vendors.items()}
    for name, vendor in vendors.items():
        net.set_config(name, vendor, _parse(vendor, configs[name]))
    ends = [end for w in wires for end in (w.a, w.b)]
    names = list(vendors)
    carried = 0
    kept = 0
    split = 0  # pairs with no route (the network was cut in two)
    last = net.state
    links = [str(i.address.ip) for v in net.views.values() for i in v.ipifs if not i.loopback and i.vrf is None]
    probes = [(rng.choice(names), rng.choice(links)) for _ in range(24)]
    for _step in range(30):
        seen = _snapshot(last)
        for _ in range(rng.choice((1, 1, 1, 2))):
            action = rng.random()
            dev = rng.choice(names)
            k = knobs[dev]
            if action < 0.6 and k.ospf:
                i = rng.randrange(len(k.ospf))
                hello, cost = k.state.get(("ospf", i), (10, None))
                if rng.random() < 0.5:
                    hello = 21 - hello  # 10 <-> 11: the adjacency drops or comes back
                else:
                    cost = rng.choice([None, 1, 2, 3])
                k.state[("ospf", i)] = (hello, cost)
                net.set_config(dev, vendors[dev], _parse(vendors[dev], k.config()))
            elif action < 0.7 and k.mtus:
                i = rng.randrange(len(k.mtus))
                k.state[("mtu", i)] = not k.state.get(("mtu", i), False)
                net.set_config(dev, vendors[dev], _parse(vendors[dev], k.config()))
            elif action < 0.9:
                _toggle_link_down(net, rng, ends)
            else:
                _toggle_link_mtu(net, rng, ends)
        state = net.state
        carried += state.carried
        kept += state.carried and state.kept_paths[0] > 0
        fresh = NetworkState(dict(net.views), net.wires, net.faults)
        assert _snapshot(state) == _snapshot(fresh)
        assert _snapshot(last) == seen  # the previous state, whose objects it shares, is as it was
        last = state
        # the TE graph is undirected by construction (its cut is taken without checking)
        assert state.te_cut == cut_edges(state.te_edges) == cut_edges(fresh.te_edges)
        loopbacks = [lo for v in net.views.values() for lo in v.loopbacks]
        pairs = [(rng.choice(names), rng.choice(loopbacks)) for _ in range(8)]
        assert _routes(state, pairs) == _routes(fresh, pairs)
        # the same routes to link addresses at every step: memoised, then their prefix is
        # withdrawn (a link down) or advertised again
        assert _routes(state, probes) == _routes(fresh, probes)
        # reachability (what LDP sessions read) is read off the parts of the OSPF graph: it is
        # exactly whether the hop-by-hop route exists
        for src, lo in pairs + [(rng.choice(names), rng.choice(loopbacks)) for _ in range(24)]:
            assert state.reachable(src, lo) == (state.route(src, lo) is not None), (seed, _step, src, lo)
            split += not state.reachable(src, lo)
    assert carried > 10 and kept > 10 and split > 0
