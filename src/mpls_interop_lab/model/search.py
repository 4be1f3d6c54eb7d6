"""The model's one shortest-path search, with its tie-breaking, and the record of what it read.

``search`` is Dijkstra from ``src`` over per-router edge lists: a router is pushed only when its
distance strictly improves and equal-cost entries pop in push order (a global counter). It stops
when the last of ``targets`` is popped (not scanned), or when the queue is empty.

Every result the model derives from a search — a CSPF path, the first hop of a hop-by-hop route,
the distances to a route's candidate routers — is read off the final tree at a popped target:
the tree edge of a router is fixed by its first push at its final distance, which is before it
pops, so a search stopped at a target gives that target the same tree branch as a search that ran
to the end (a full SPF). ``Run`` records what the result depended on (see ``pathmemo``).

The pop order does not depend on the targets, so ``OpenSearch`` keeps a source's search open: a
later request from the same source continues where the last one stopped, and its Run is a prefix
of the pop order (what a fresh search to its targets records). ``cut_edges`` gives the bridges,
components and bridge sides of the TE graph, from which FRR questions are answered without a
search (``frr_answer``).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from itertools import islice
from typing import Any, NamedTuple

INF = float("inf")


class Run(NamedTuple):
    """What one search read: the routers it settled (scanned) with their distances, in settle
    order; the tree edge (key) of every settled router and of the target it stopped at (in
    settle order too: a router's tree parent comes before it); the distance it stopped at (None:
    it ran to the end); its targets. ``lost``: tree edges that went away off every target's
    branch (see ``pathmemo.keep``): the routers below them are *blind*, their recorded distance
    and tree edge may be out of date (``blind``). A tuple: kept runs are rebuilt cheaply."""

    src: str
    settled: dict[str, int]
    parents: dict[str, Any]
    cutoff: int | None
    targets: tuple[str, ...]
    lost: frozenset[Any] = frozenset()
    #: routers are known exactly only below this distance (see ``pathmemo.keep``): a new edge
    #: kept by the lower-bound test may bring routers from there on closer, or into the run
    horizon: float = float("inf")

    def distance(self, target: str) -> int | None:
        """A target's distance (None: not reached)."""
        d = self.settled.get(target)
        return d if d is not None or target not in self.parents else self.cutoff

    def blind(self, node: str) -> bool:
        """Is ``node`` below a lost tree edge (walks its recorded branch up to the source)?"""
        lost = self.lost
        if not lost:
            return False
        parents = self.parents
        key = parents.get(node)
        steps = len(parents)
        while key is not None and steps >= 0:
            if key in lost:
                return True
            key = parents.get(key[0])
            steps -= 1
        return False


class Adjacency(dict):  # type: ignore[type-arg]
    """Router → its edges as ``(peer, cost, (key, edge, adjacency))`` tuples, in edge-list order,
    built on first use (what ``search``'s inner loop reads without attribute lookups). ``carry``:
    an earlier graph's table, whose entries are reused for routers with the same edge list
    (``changed``: the only routers whose lists may differ, when known)."""

    def __init__(self, edges: dict[str, list[Any]], carry: Adjacency | None = None,
                 changed: Iterable[str] | None = None) -> None:
        super().__init__()
        self.edges = edges
        if carry is not None:
            if changed is None:  # compare every router's list
                old = carry.edges
                self.update({n: t for n, t in carry.items() if edges.get(n) is old.get(n)})
            else:  # only these routers' lists may differ
                self.update(carry)
                for n in changed:
                    self.pop(n, None)

    def __missing__(self, node: str) -> tuple[tuple[str, int, tuple[Any, Any, Any]], ...]:
        out = tuple((e.peer_dev, e.cost, (e.key, e, e.adj)) for e in self.edges.get(node, ()))
        self[node] = out
        return out


class OpenSearch:
    """One source's search kept open between requests. The pop order does not depend on the
    targets (they only decide where a search stops), so asking an open search for more targets
    continues it from where the last request stopped and gives every request exactly what a
    fresh ``search`` to its targets gives: its Run is the prefix of the pop order up to its last
    target. A request whose targets have all popped costs no search at all."""

    __slots__ = ("src", "table", "avoid", "dist", "via", "heap", "tie", "settled", "parents", "at",
                 "pending")

    def __init__(self, src: str, table: Adjacency, avoid: Any = None) -> None:
        self.src, self.table, self.avoid = src, table, avoid
        self.dist: dict[str, int] = {src: 0}
        #: router → its tree entry (fixed once it pops: a router is pushed on strict improvement)
        self.via: dict[str, tuple[Any, Any, Any]] = {}
        self.heap: list[tuple[int, int, str]] = [(0, 0, src)]
        self.tie = 0
        #: popped and scanned routers → distance, in pop order; popped routers → tree edge key
        self.settled: dict[str, int] = {}
        self.parents: dict[str, Any] = {}
        #: popped router → its position in the pop order
        self.at: dict[str, int] = {}
        #: the router the last request stopped at (popped, not scanned yet)
        self.pending: str | None = None

    def run(self, targets: Iterable[str]) -> tuple[dict[str, int], dict[str, Any], Run]:
        """(router → distance, router → tree entry for ``branch``, Run) of a search from the
        source until every target has popped. The two maps are shared with later requests:
        read them now for the targets and their branches (popped routers never change)."""
        wanted = tuple(targets)
        at = self.at
        left = {t for t in wanted if t not in at}
        if left:
            stop = self._advance(left)
        else:
            stop = max(at[t] for t in wanted) if wanted else None
            if stop is None and (self.heap or self.pending is not None):  # no target: to the end
                stop = self._advance(set())
        if stop is None:  # ran to the end before every target popped
            return self.dist, self.via, Run(self.src, dict(self.settled), dict(self.parents), None, wanted)
        settled = dict(islice(self.settled.items(), stop))
        parents = dict(islice(self.parents.items(), stop))  # the source (first) has no entry
        return self.dist, self.via, Run(self.src, settled, parents, self.dist[_nth(at, stop)], wanted)

    def _advance(self, left: set[str]) -> int | None:
        """Pop until every router of ``left`` has popped (its position in the pop order), or to
        the end (None)."""
        dist, via, heap, table, avoid = self.dist, self.via, self.heap, self.table, self.avoid
        settled, parents, at = self.settled, self.parents, self.at
        pop, push, get = heapq.heappop, heapq.heappush, dist.get
        tie = self.tie
        node = self.pending
        self.pending = None
        cost = 0 if node is None else dist[node]
        try:
            while True:
                if node is not None:  # scan the router popped last
                    settled[node] = cost
                    if avoid:
                        for peer, c, entry in table[node]:
                            if entry[2] in avoid:
                                continue
                            nc = cost + c
                            old = get(peer)
                            if old is None or nc < old:
                                tie += 1
                                dist[peer] = nc
                                via[peer] = entry
                                push(heap, (nc, tie, peer))
                    else:
                        for peer, c, entry in table[node]:
                            nc = cost + c
                            old = get(peer)
                            if old is None or nc < old:
                                tie += 1
                                dist[peer] = nc
                                via[peer] = entry
                                push(heap, (nc, tie, peer))
                node = None
                while heap:
                    cost, _, candidate = pop(heap)
                    if cost <= dist[candidate]:
                        node = candidate
                        break
                if node is None:
                    return None
                at[node] = len(at)
                if node in via:
                    parents[node] = via[node][0]
                if node in left:
                    left.discard(node)
                    if not left:
                        self.pending = node
                        return at[node]
        finally:
            self.tie = tie


def _nth(at: dict[str, int], k: int) -> str:
    """The router popped ``k``-th (``at`` holds routers in pop order)."""
    return next(islice(at, k, None))


def search(
    src: str, targets: Iterable[str], edges: dict[str, list[Any]], avoid: Any = None,
    adjacency: Adjacency | None = None,
) -> tuple[dict[str, int], dict[str, Any], Run]:
    """Dijkstra from ``src`` until every target has popped: (router → distance, router → tree
    entry for ``branch``, Run). ``edges``: router → its edges in order (``.peer_dev``,
    ``.cost``, ``.adj``, ``.key``), or the same as an ``Adjacency`` table; ``avoid``:
    adjacencies not to use. A router is pushed only when its distance strictly improves and
    equal-cost entries pop in push order (a counter); ``OpenSearch`` does the work."""
    table = adjacency if adjacency is not None else Adjacency(edges)
    return OpenSearch(src, table, avoid).run(targets)


def branch(via: dict[str, Any], src: str, dst: str) -> list[Any] | None:
    """The tree edges from ``src`` to ``dst`` (None: not reached); ``via`` as ``search``
    returns it."""
    if dst != src and dst not in via:
        return None
    path = []
    node = dst
    while node != src:
        edge = via[node][1]
        path.append(edge)
        node = edge.dev
    return path[::-1]


def ball(src: str, edges: dict[str, list[Any]], radius: int, reverse: bool = False) -> dict[str, int]:
    """Distances from ``src`` (``reverse``: to it) of every router within ``radius``. Reverse
    edges are the partners of a router's own edges (OSPF edges come in pairs, one per direction
    of an adjacency, each with its own cost)."""
    dist = {src: 0}
    heap = [(0, src)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        cost, node = pop(heap)
        if cost > dist[node]:
            continue
        for e in edges.get(node, ()):
            if reverse:
                back = next((f for f in edges.get(e.peer_dev, ()) if f.adj == e.adj and f.peer_dev == node), None)
                if back is None:
                    continue
                nc = cost + back.cost
            else:
                nc = cost + e.cost
            if nc <= radius and nc < dist.get(e.peer_dev, radius + 1):
                dist[e.peer_dev] = nc
                push(heap, (nc, e.peer_dev))
    return dist


def connected(edges: dict[str, list[Any]], a: str, b: str) -> bool:
    """Is ``b`` reachable from ``a`` in a graph whose edges come in pairs (one per direction)?
    Breadth-first from both ends, the smaller frontier first: a split costs the smaller side."""
    if a == b:
        return True
    seen = ({a}, {b})
    fronts = ([a], [b])
    while fronts[0] and fronts[1]:
        k = 0 if len(fronts[0]) <= len(fronts[1]) else 1
        mine, theirs = seen[k], seen[1 - k]
        nxt = []
        for node in fronts[k]:
            for e in edges.get(node, ()):
                peer = e.peer_dev
                if peer in theirs:
                    return True
                if peer not in mine:
                    mine.add(peer)
                    nxt.append(peer)
        fronts = (nxt, fronts[1]) if k == 0 else (fronts[0], nxt)
    return False


class Cut(NamedTuple):
    """The bridges of an undirected graph and its components (``cut_edges``), with what tells the
    two sides of each bridge apart: every router's discovery number in the depth-first search
    and, per bridge, the numbers of the subtree below it (a bridge's far side is that subtree)."""

    bridges: frozenset[Any]
    comp: dict[str, str]
    disc: dict[str, int]
    below: dict[Any, tuple[int, int]]


def cut_edges(edges: dict[str, list[Any]], pairs: dict[str, list[tuple[str, Any]]] | None = None) -> Cut | None:
    """The bridges of an undirected graph given as per-router edge lists (each adjacency listed
    from both ends, ``.adj`` its id, parallel adjacencies distinct) and each router's component
    (named by its smallest router): a router stays reachable from another of its component
    without an adjacency that is not a bridge; without a bridge, from those on its side. None
    when some edge has no partner the other way (the graph is not undirected). Tarjan's
    low-link, iterative. ``pairs``: the same lists as (peer, adjacency) pairs, from a caller
    whose graphs are undirected by construction (not checked again)."""
    nbrs: dict[str, list[tuple[str, Any]]]
    if pairs is not None:
        nbrs = pairs
    else:
        nbrs = {}
        for node, es in edges.items():
            nbrs[node] = [(e.peer_dev, e.adj) for e in es]
        for node, mine in nbrs.items():
            for peer, adj in mine:
                if (node, adj) not in nbrs.get(peer, ()):
                    return None
    disc: dict[str, int] = {}
    low: dict[str, int] = {}
    bridges: set[Any] = set()
    below: dict[Any, tuple[int, int]] = {}
    comp: dict[str, str] = {}
    for root in nbrs:
        if root in disc or not nbrs[root]:
            continue
        members = [root]
        disc[root] = low[root] = len(disc)
        stack: list[tuple[str, Any, Any]] = [(root, None, iter(nbrs[root]))]
        while stack:
            node, came_by, rest = stack[-1]
            for peer, adj in rest:
                if adj == came_by:
                    continue
                d = disc.get(peer)
                if d is not None:
                    if d < low[node]:
                        low[node] = d
                    continue
                disc[peer] = low[peer] = len(disc)
                members.append(peer)
                stack.append((peer, adj, iter(nbrs[peer])))
                break
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    lo = low[node]
                    if lo < low[parent]:
                        low[parent] = lo
                    if lo > disc[parent]:
                        bridges.add(came_by)
                        # the subtree below the bridge: numbered from node's on, up to now
                        below[came_by] = (disc[node], len(disc))
        name = min(members)
        for m in members:
            comp[m] = name
    return Cut(frozenset(bridges), comp, disc, below)


def frr_answer(cut: Cut | None, key: tuple[str, str, Any]) -> bool | None:
    """Is ``key``'s tail-end reachable from its head-end without its adjacency, from the TE
    graph's cut alone: in the same component, and on the same side when the adjacency is a
    bridge (None: there is no cut, it takes a search)?"""
    src, dst, adj = key
    if cut is None:
        return None
    comp = cut.comp
    if src not in comp or comp.get(dst) != comp[src]:
        return False
    span = cut.below.get(adj)
    if span is None:
        return True
    lo, hi = span
    return (lo <= cut.disc[src] < hi) == (lo <= cut.disc[dst] < hi)
