"""The keep rules of memoised searches (``pathmemo.keep``) against searches run again.

Small random graphs with costs 1–3 (many equal-cost ties, parallel links), runs from random
sources to one or more targets, then random sequences of topology changes (links lost or back,
cost changes, an edge list reordered). Whenever ``keep`` says a run's results are unchanged, a
new search on the changed graph must give every target the same distance and the same tree
branch; the kept record (blind routers and all) is used for the next change, as the lab does.
The hop-by-hop route on searches stopped at the destination equals the route read off full
shortest-path trees (the model's earlier algorithm, written out here).
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from typing import Any

import pytest

from mpls_interop_lab.model import pathmemo
from mpls_interop_lab.model.search import (
    Adjacency,
    OpenSearch,
    branch,
    connected,
    cut_edges,
    frr_answer,
    search,
)


@dataclass(frozen=True)
class E:
    dev: str
    ifname: str
    peer_dev: str
    peer_if: str
    cost: int
    adj: Any

    @property
    def key(self) -> tuple[Any, ...]:
        return self.dev, self.ifname, self.peer_dev, self.peer_if, self.adj

    def sig(self) -> tuple[Any, ...]:
        return self.dev, self.ifname, None, self.peer_dev, self.peer_if, None, self.cost, self.adj, True


def _links(rng: random.Random, n: int) -> list[list[Any]]:
    """[a, b, cost a→b, cost b→a, link id, up]: a ring plus chords, some parallel."""
    out = [[f"r{i}", f"r{(i + 1) % n}", 1, 1, i, True] for i in range(n)]
    for k in range(n, n + n // 2 + 2):
        a, b = rng.sample(range(n), 2)
        out.append([f"r{a}", f"r{b}", rng.randint(1, 3), rng.randint(1, 3), k, True])
    return out


def _edges(links: list[list[Any]], order: dict[str, int]) -> dict[str, list[E]]:
    out: dict[str, list[E]] = {}
    for a, b, cab, cba, k, up in links:
        if up:
            out.setdefault(a, []).append(E(a, f"i{k}", b, f"i{k}", cab, ("adj", k)))
            out.setdefault(b, []).append(E(b, f"i{k}", a, f"i{k}", cba, ("adj", k)))
    for node, es in out.items():  # an edge list order per router (a reorder changes it)
        es.sort(key=lambda e: (order.get(node, 0) * 7919 + e.adj[1] * 104729) % 1009)
    return out


def _result(edges: dict[str, list[E]], src: str, targets: tuple[str, ...]) -> tuple[Any, ...]:
    dist, via, _ = search(src, targets, edges)
    out = []
    for t in targets:
        path = branch(via, src, t)
        out.append(None if path is None else (dist[t], [e.key for e in path]))
    return tuple(out)


def _change(rng: random.Random, links: list[list[Any]], order: dict[str, int], n: int) -> None:
    for _ in range(rng.choice((1, 1, 2))):
        link = rng.choice(links)
        what = rng.random()
        if what < 0.45:
            link[5] = not link[5]  # lost or back
        elif what < 0.85:
            link[2 + rng.randrange(2)] = rng.randint(1, 3)
        else:
            order[f"r{rng.randrange(n)}"] = rng.randrange(50)


@pytest.mark.parametrize("seed", range(60))
def test_kept_runs_give_what_a_new_search_gives(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(5, 12)
    links = _links(rng, n)
    order: dict[str, int] = {}
    edges = _edges(links, order)
    runs = []
    for _ in range(12):
        src = f"r{rng.randrange(n)}"
        targets = tuple(dict.fromkeys(f"r{rng.randrange(n)}" for _ in range(rng.choice((1, 1, 3)))))
        _, _, run = search(src, targets, edges)
        runs.append((src, targets, _result(edges, src, targets), run))
    kept = redone = fast = 0
    for _step in range(25):
        old = edges
        _change(rng, links, order, n)
        edges = _edges(links, order)
        gone, added, reordered, _ = pathmemo.edge_changes(
            {k: [e.sig() for e in v] for k, v in old.items()}, {k: [e.sig() for e in v] for k, v in edges.items()})
        for i, (src, targets, result, run) in enumerate(runs):
            now = _result(edges, src, targets)
            bounds = pathmemo.Bounds(edges, added, max((r[3].cutoff or 0 for r in runs), default=0)) if added else None
            verdict = pathmemo.keep(run, gone, added, reordered, positive=True, bounds=bounds)
            if not reordered and pathmemo.untouched(run, [(k[2], k) for k in gone], added):
                assert verdict is run, (seed, _step, src, targets)  # the fast path is keep's
                fast += 1
            if verdict is not None:
                assert now == result, (seed, _step, src, targets)
                runs[i] = (src, targets, result, verdict)
                kept += 1
            else:
                _, _, fresh = search(src, targets, edges)
                runs[i] = (src, targets, now, fresh)
                redone += 1
    assert kept > 0 and redone > 0 and fast > 0


def _full_spf(src: str, edges: dict[str, list[E]]) -> dict[str, tuple[int, E | None]]:
    """A full Dijkstra recording each router's first edge from ``src`` (the model's former SPF)."""
    best: dict[str, tuple[int, E | None]] = {src: (0, None)}
    heap: list[tuple[int, int, str, E | None]] = [(0, 0, src, None)]
    tie = 0
    while heap:
        cost, _, node, first = heapq.heappop(heap)
        if cost > best[node][0]:
            continue
        for e in edges.get(node, []):
            nc = cost + e.cost
            if nc < best.get(e.peer_dev, (1 << 30, None))[0]:
                tie += 1
                best[e.peer_dev] = (nc, first or e)
                heapq.heappush(heap, (nc, tie, e.peer_dev, first or e))
    return best


@pytest.mark.parametrize("seed", range(20))
def test_next_hops_of_stopped_searches_are_the_full_trees(seed: int) -> None:
    rng = random.Random(500 + seed)
    n = rng.randint(4, 14)
    links = _links(rng, n)
    for link in rng.sample(links, len(links) // 4):
        link[5] = False
    order = {f"r{i}": rng.randrange(50) for i in range(n)}
    edges = _edges(links, order)
    spf = {f"r{i}": _full_spf(f"r{i}", edges) for i in range(n)}
    for x in spf:
        for b in spf:
            dist, via, _ = search(x, (b,), edges)
            path = branch(via, x, b)
            if b not in spf[x]:
                assert path is None
            else:
                assert dist[b] == spf[x][b][0]
                assert (path[0] if path else None) == spf[x][b][1]


@pytest.mark.parametrize("seed", range(30))
def test_frr_from_bridges_is_a_search_avoiding_the_adjacency(seed: int) -> None:
    """Reachability without one adjacency, read off the bridges (and their sides) and the
    components, equals a search that avoids it (chains, trees and cycles: links dropped at
    random)."""
    _frr_case(seed)


def _frr_case(seed: int) -> int:
    """One random graph's FRR answers checked against searches; how many concerned a bridge."""
    rng = random.Random(900 + seed)
    n = rng.randint(3, 12)
    links = _links(rng, n)
    for link in rng.sample(links, rng.randrange(len(links))):
        link[5] = False
    edges = _edges(links, {})
    cut = cut_edges(edges)
    assert cut is not None
    adjs = {e.adj for es in edges.values() for e in es}
    checked = bridged = 0
    for adj in adjs:
        for a in edges:
            for b in edges:
                if a == b:
                    continue
                answer = frr_answer(cut, (a, b, adj))
                _, via, _ = search(a, (b,), edges, {adj})
                assert answer == (b in via), (adj, a, b)
                checked += 1
                bridged += adj in cut.bridges
    assert checked
    return bridged


def test_frr_answers_cover_bridges() -> None:
    """The random graphs above have bridges (both sides reached and not)."""
    assert sum(_frr_case(seed) for seed in range(30)) > 0


@pytest.mark.parametrize("seed", range(20))
def test_blind_routers_are_those_below_a_lost_tree_edge(seed: int) -> None:
    """``keep`` records the tree edges lost off every target's branch; ``Run.blind`` (a walk up the
    recorded branch) names exactly the routers of the subtrees below them, counted here from
    each router's children (the sets ``keep`` built before)."""
    rng = random.Random(1300 + seed)
    n = rng.randint(6, 14)
    edges = _edges(_links(rng, n), {})
    src = f"r{rng.randrange(n)}"
    _, _, run = search(src, (), edges)  # no target: a full tree, no branch to protect
    tree = list(run.parents.values())
    lost = rng.sample(tree, rng.randint(1, max(1, len(tree) // 3)))
    kept = pathmemo.keep(run, set(lost), [], set(), positive=True)
    assert kept is not None and kept.lost == frozenset(lost)
    children: dict[str, list[str]] = {}
    for node, key in run.parents.items():
        children.setdefault(key[0], []).append(node)
    below = {key[2] for key in lost}
    todo = list(below)
    while todo:
        for c in children.get(todo.pop(), ()):
            below.add(c)
            todo.append(c)
    assert below, seed
    for node in edges:
        assert kept.blind(node) == (node in below), (seed, node)
    assert not run.blind(next(iter(below)))  # the record it came from is unchanged


@pytest.mark.parametrize("seed", range(30))
def test_an_open_search_answers_each_request_as_a_fresh_search(seed: int) -> None:
    """A source's search kept open and asked for target sets in any order (nearer or farther
    than the last stop, already passed, unreachable, the source itself, none) gives each request
    the Run, distances and branches of a fresh search to those targets (tie-heavy graphs, some
    links down, with and without avoided adjacencies)."""
    rng = random.Random(2100 + seed)
    n = rng.randint(4, 13)
    links = _links(rng, n)
    for link in rng.sample(links, len(links) // 5):
        link[5] = False
    edges = _edges(links, {f"r{i}": rng.randrange(50) for i in range(n)})
    nodes = [f"r{i}" for i in range(n)] + ["nowhere"]
    table = Adjacency(edges)
    for avoid in (None, {("adj", rng.randrange(len(links)))}):
        src = f"r{rng.randrange(n)}"
        open_search = OpenSearch(src, table, avoid)
        for _ in range(12):
            targets = tuple(rng.sample(nodes, rng.choice((0, 1, 1, 1, 2, 3))))
            dist, via, run = open_search.run(targets)
            f_dist, f_via, fresh = search(src, targets, edges, avoid)
            assert run == fresh, (seed, src, targets)
            assert list(run.settled) == list(fresh.settled) and list(run.parents) == list(fresh.parents)
            for t in targets:
                assert dist.get(t) == f_dist.get(t), (seed, t)
                assert branch(via, src, t) == branch(f_via, src, t), (seed, t)


@pytest.mark.parametrize("seed", range(40))
def test_frr_answers_outside_the_changed_set_are_unchanged(seed: int) -> None:
    """Between two cuts of a graph before and after random link changes (links lost and back,
    several at once: a bridge may keep its status while its sides move), every FRR question
    ``frr_changed`` leaves out has the same answer in both."""
    rng = random.Random(3300 + seed)
    n = rng.randint(3, 9)
    links = _links(rng, n)
    for link in rng.sample(links, rng.randrange(len(links))):
        link[5] = False
    old = _edges(links, {})
    for link in rng.sample(links, rng.randint(1, 3)):
        link[5] = not link[5]
    new = _edges(links, {})
    old_cut, new_cut = cut_edges(old), cut_edges(new)
    nodes = [f"r{i}" for i in range(n)]
    frr = {("adj", k): {(a, b, ("adj", k)) for a in nodes for b in nodes if a != b} for k in range(len(links))}
    changed = set(pathmemo.frr_changed(old_cut, new_cut, frr))
    for keys in frr.values():
        for key in keys - changed:
            assert frr_answer(old_cut, key) == frr_answer(new_cut, key), (seed, key)


def test_a_bridge_whose_sides_move_changes_its_answers() -> None:
    """r0–r1 stays a bridge, but r2 moves from r0's side to r1's: r2 → r1 without it flips."""
    def graph(pairs: list[tuple[int, int, int]]) -> dict[str, list[E]]:
        return _edges([[f"r{a}", f"r{b}", 1, 1, k, True] for a, b, k in pairs], {})

    old_cut = cut_edges(graph([(0, 1, 0), (0, 2, 1)]))
    new_cut = cut_edges(graph([(0, 1, 0), (2, 1, 2)]))
    key = ("r2", "r1", ("adj", 0))
    assert (frr_answer(old_cut, key), frr_answer(new_cut, key)) == (False, True)
    assert key in pathmemo.frr_changed(old_cut, new_cut, {("adj", 0): {key}})


def test_connected_is_reachability() -> None:
    """``connected`` (a BFS from both ends) says what a one-ended BFS says, on random graphs that
    random link losses often cut in parts (the lab keeps a state's OSPF parts when every lost
    edge's ends are still connected)."""
    rng = random.Random(4400)
    apart = together = 0
    for _ in range(200):
        n = rng.randint(2, 12)
        links = _links(rng, n)
        for link in rng.sample(links, rng.randrange(len(links) + 1)):
            link[5] = False
        edges = _edges(links, {})
        nodes = [f"r{i}" for i in range(n)]
        for a in nodes:
            seen, todo = {a}, [a]
            while todo:
                for e in edges.get(todo.pop(), ()):
                    if e.peer_dev not in seen:
                        seen.add(e.peer_dev)
                        todo.append(e.peer_dev)
            for b in nodes:
                assert connected(edges, a, b) == (b in seen), (a, b)
                apart += b not in seen
                together += a != b and b in seen
    assert apart > 100 and together > 100  # both answers, many times
