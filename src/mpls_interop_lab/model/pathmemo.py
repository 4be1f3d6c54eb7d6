"""Memoised searches kept across a topology change where provably unchanged.

Every memoised result comes from one ``search.search`` (CSPF path, first hop of a route, route
candidates' distances) with its ``search.Run``. After the OSPF/TE edges change (router IDs, TE
switches, address owners unchanged) a result is kept when the same search on the new edges would
give it again, which ``keep`` decides from the run alone:

* **Invariant.** A search pushes a router only on a strict improvement and pops equal distances
  in push order, so its settle order is fixed by (distance, settle rank of the tree parent,
  position of the edge in the parent's list), and a router's tree edge is its earliest-settled
  tight predecessor's. All costs must be positive for the tie rules below (otherwise any new
  edge from a settled router counts as a change).
* **A new edge** ``u → v`` (or a cost decrease) changes nothing when ``u`` was not settled, or
  ``d(u) + c > d(v)`` (an unsettled ``v``: ``d(u) + c`` at or beyond the stop distance; it only
  leaves a stale queue entry), or ``d(u) + c == d(v)`` with ``u`` settled after ``v``'s tree
  parent (then ``u``'s relaxation is not an improvement). This is the dynamic-SPF test
  (Ramalingam–Reps): only runs where ``d(u) + c`` could improve or win a tie are redone.
* **A lost edge** changes only the routers below it in the run's tree: a target whose branch
  does not cross it keeps its result. The routers below it become *blind* (their recorded
  distance and tree edge may be out of date): a later new edge from or into a blind router, or
  a blind router's reordered edges, counts as a change.
* A settled router whose remaining edges are in another order counts as a change.

Routes (hop-by-hop) are kept while every search they read is kept and no prefix covering their
target changed advertisers; reachability answers (what LDP sessions read) while the parts of the
OSPF graph and those advertisers stay the same; FRR answers while the TE graph's cut gives them
again (``frr_changed``); each LSP while its CSPF runs and FRR answers are kept and the routers
named by its strict hops kept their edges; LDP sessions and PWs while what they read is kept. A
grow-only index (``MemoIndex``) finds the runs an edge can touch (those that settled its tail)
and who read each memo, so a change costs what it affects rather than a pass over every memo.
The memos move from the previous state to the new one (no copy); the previous state is then
*spent* as a base for later changes.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from typing import Any

from mpls_interop_lab.model.search import INF, Cut, Run, ball, frr_answer

#: a routing signature: (dev, ifname, address, peer_dev, peer_ifname, peer_address, cost, adj, te)
Sig = tuple[Any, ...]
#: a memo id: ("c", (src, dst, avoid)) CSPF, ("h", (router, dst)) first hop, ("m", (src, cands))
#: candidate distances, ("r", (src, target)) route, ("n", router) the edges of a strict hop
MemoId = tuple[str, Any]


class MemoIndex:
    """Hints shared by the states of one topology lineage (grow-only; a stale entry costs one
    check): the memo ids of the runs that settled each router, and who read each memo id (a
    route's id, ("lsp", (device, position of the LSP)) or ("ldp" | "pw", device))."""

    def __init__(self) -> None:
        self.settled_by: defaultdict[str, set[MemoId]] = defaultdict(set)
        self.readers: defaultdict[MemoId, set[tuple[str, Any]]] = defaultdict(set)
        #: route target → its address as an integer; routes per target
        self.targets: dict[str, int] = {}
        self.routes_to: defaultdict[str, set[Any]] = defaultdict(set)
        #: reachability memos (``NetworkState.reachable``) per target
        self.reach_to: defaultdict[str, set[Any]] = defaultdict(set)
        #: runs kept by the lower-bound test (checked on every change, see ``keep``)
        self.loose: set[MemoId] = set()
        #: every (head-end, tail-end, adjacency) whose FRR protection was asked for, by adjacency
        self.frr: defaultdict[Any, set[tuple[str, str, Any]]] = defaultdict(set)
        #: prefix length → (targets indexed, network address → the targets in it)
        self._within: dict[int, tuple[int, dict[int, list[str]]]] = {}

    def within(self, net: Any) -> list[str]:
        """The targets (of routes or reachability memos) in ``net`` (an IPv4 network)."""
        plen = net.prefixlen
        shift = 32 - plen
        table = self._within.get(plen)
        if table is None or table[0] != len(self.targets):  # targets only grow: rebuild
            nets: dict[int, list[str]] = {}
            for target, ip in self.targets.items():
                nets.setdefault(ip >> shift, []).append(target)
            table = self._within[plen] = (len(self.targets), nets)
        return table[1].get(int(net.network_address) >> shift, [])

    def ran(self, mid: MemoId, run: Run) -> None:
        sets = self.settled_by
        for node in run.settled:
            sets[node].add(mid)

    def read(self, reader: tuple[str, Any], mids: Any) -> None:
        for mid in mids:
            self.readers[mid].add(reader)

    def route(self, key: tuple[str, str], deps: Any) -> None:
        self.read(("r", key), deps)
        target = key[1]
        if target not in self.targets:
            self.targets[target] = int(ipaddress.IPv4Address(target))
        self.routes_to[target].add(key)

    def reach(self, key: tuple[str, str]) -> None:
        target = key[1]
        if target not in self.targets:
            self.targets[target] = int(ipaddress.IPv4Address(target))
        self.reach_to[target].add(key)


def _rank_before(settled: dict[str, int], a: str, b: str) -> bool:
    """Was ``a`` settled before ``b``?"""
    for node in settled:
        if node == a:
            return True
        if node == b:
            return False
    return False


def below(run: Run, dest: str, gone: set[Any]) -> bool:
    """Is a lost edge on the tree branch from the source to ``dest``?"""
    parents = run.parents
    node, steps = dest, 0
    while node in parents and steps <= len(parents):
        key = parents[node]
        if key in gone:
            return True
        node, steps = key[0], steps + 1
    return False


class Bounds:
    """Lower bounds of OSPF distances in the new topology, for ``d(A, u) + c + d(v, B)``: to
    each new edge's tail and from its head, within ``radius`` (beyond it: ``radius + 1``). The
    TE graph (without the avoided adjacencies) is part of the OSPF graph, so they bound CSPF
    distances too."""

    def __init__(self, edges: dict[str, list[Any]], added: list[tuple[str, str, int]], radius: int) -> None:
        self.radius = radius
        self.to = {u: ball(u, edges, radius, reverse=True) for u in {u for u, _, _ in added}}
        self.fro = {v: ball(v, edges, radius) for v in {v for _, v, _ in added}}

    def through(self, src: str, u: str, v: str, cost: int, target: str) -> int:
        """A lower bound of any path ``src`` → ``u`` → ``v`` → ``target``."""
        far = self.radius + 1
        return self.to[u].get(src, far) + cost + self.fro[v].get(target, far)


def _out_of_reach(run: Run, u: str, v: str, cost: int, bounds: Bounds | None) -> bool:
    """No path through the new edge can reach a target at or below its distance (so no
    target's shortest-path DAG, hence no target's tree branch, changes)."""
    if bounds is None or run.cutoff is None:
        return False
    for t in run.targets:
        d = run.distance(t)
        if d is None or bounds.through(run.src, u, v, cost, t) <= d:
            return False
    return True


def keep(run: Run, gone: set[Any], added: list[tuple[str, str, int]], reordered: set[str],
         positive: bool, bounds: Bounds | None = None) -> Run | None:
    """The run (possibly with more lost tree edges) when its targets' results are unchanged by the
    edge changes, else None (see the module docstring). ``bounds``: the lower-bound test for a
    new edge the exact rules cannot clear (its routers from the new edge's earliest reach on
    become blind)."""
    settled, parents = run.settled, run.parents
    if reordered and not reordered.isdisjoint(settled):
        return None
    # lost edges first: routers below a lost tree edge become blind
    lost = run.lost
    tree = [key for key in gone if parents.get(key[2]) == key] if gone else None
    if tree:
        if any(below(run, t, gone) for t in run.targets):
            return None
        lost = lost.union(tree)
        run = run._replace(lost=lost)
    far = INF if run.cutoff is None else run.cutoff
    horizon = run.horizon
    cleared: set[int] = set()  # the new edges the lower bound cleared
    grew = True
    while grew:  # the exact rules read recorded distances: again while the unknown part grows
        grew = False
        for k, (u, v, cost) in enumerate(added):
            if k in cleared:
                continue
            du = settled.get(u)
            if du is not None and du < horizon and not run.blind(u):
                if positive and not _changes(run, horizon, u, v, du + cost, far):
                    continue
            elif du is None and horizon == INF and not run.blind(u):
                continue  # never settled, and nothing brought it closer since
            if not positive or not _out_of_reach(run, u, v, cost, bounds):
                return None
            assert bounds is not None
            cleared.add(k)
            reach = bounds.to[u].get(run.src, bounds.radius + 1) + cost
            if reach < horizon:
                horizon = reach
                grew = True
    return run if horizon == run.horizon else run._replace(horizon=horizon)


def _changes(run: Run, horizon: float, u: str, v: str, nd: int, far: float) -> bool:
    """Could a new edge from a router ``u`` known to be settled, reaching ``v`` at ``nd``,
    change the run (exact rules, positive costs)?"""
    dv = run.settled.get(v)
    if (dv is None and horizon < INF) or (dv is not None and dv >= horizon) or run.blind(v):
        return True  # what the run holds about v may be out of date
    if dv is None:
        if v not in run.parents:  # never settled: only a stale queue entry unless below the stop
            return nd < far
        dv = run.cutoff  # the target it stopped at
    assert dv is not None
    if nd != dv:
        return nd < dv
    p = run.parents.get(v)
    return p is None or p[0] == u or _rank_before(run.settled, u, p[0])


def untouched(run: Run, heads: list[tuple[str, Any]], added: list[tuple[str, str, int]]) -> bool:
    """The fast path of ``keep`` (positive costs, nothing reordered): no lost edge is a tree edge
    of the run and every new edge clears the exact rules on recorded routers (its tail never
    settled with nothing brought closer, or ``d(u) + c > d(v)`` with both known): the run is kept
    as it is. False: ask ``keep``."""
    parents = run.parents
    for head, key in heads:
        if parents.get(head) == key:
            return False
    if not added:
        return True
    settled, horizon = run.settled, run.horizon
    for u, v, cost in added:
        du = settled.get(u)
        if du is None:
            if horizon < INF or run.blind(u):
                return False
            continue
        if du >= horizon:
            return False
        dv = settled.get(v)
        if dv is None or dv >= horizon or du + cost <= dv or run.blind(u) or run.blind(v):
            return False
    return True


def edge_changes(old: dict[str, list[Sig]], new: dict[str, list[Sig]]
                 ) -> tuple[set[Any], list[tuple[str, str, int]], set[str], set[str]]:
    """(keys of edges gone or changed, new edges as (tail, head, cost), routers whose remaining
    edges are in another order, every router whose edges differ at all)."""
    gone_keys: set[Any] = set()
    added: list[tuple[str, str, int]] = []
    reordered: set[str] = set()
    touched: set[str] = set()
    for n in old.keys() | new.keys():
        o, w = old.get(n, []), new.get(n, [])
        if o is w or o == w:
            continue
        touched.add(n)
        os_, ws = set(o), set(w)
        gone_keys |= {edge_key(s) for s in os_ - ws}
        added += [(s[0], s[3], s[6]) for s in w if s not in os_]
        if [s for s in o if s in ws] != [s for s in w if s in os_]:
            reordered.add(n)
    return gone_keys, added, reordered, touched


def edge_key(sig: Sig) -> tuple[Any, ...]:
    """The ``Edge.key`` of the edge a signature describes."""
    return sig[0], sig[1], sig[3], sig[4], sig[7]


def frr_changed(old_cut: Cut | None, new_cut: Cut | None, frr: dict[Any, set[tuple[str, str, Any]]]
                ) -> list[tuple[str, str, Any]]:
    """The FRR questions (head-end, tail-end, adjacency) of ``frr`` (by adjacency) whose answer
    differs between two cuts of the TE graph, or that the old cut could not answer. With the same
    components, an adjacency that is a bridge in neither keeps its answers (the same component);
    a bridge's answers depend on its sides, which may move even when it stays a bridge."""
    if old_cut == new_cut:
        return []
    adjs = list(frr) if old_cut is None or new_cut is None or old_cut.comp != new_cut.comp \
        else [a for a in old_cut.bridges | new_cut.bridges if a in frr]
    out = []
    for adj in adjs:
        for key in frr[adj]:
            before = frr_answer(old_cut, key)
            if before is None or before != frr_answer(new_cut, key):
                out.append(key)
    return out


def carry(prev: Any, new: Any) -> tuple[set[tuple[str, int]], set[str], set[str]]:
    """Move ``prev``'s still-valid memos into ``new`` (sharing its index); returns the LSPs
    (device, position) and the devices whose LDP sessions and PWs must be recomputed."""
    gone, added, reordered, touched = edge_changes(prev._sigs, new._sigs)
    positive = prev._min_cost > 0 and new._min_cost > 0
    index: MemoIndex = prev._index
    new._index = index
    # the memos move to ``new`` (no copy of ~10^4 entries): ``prev`` keeps empty ones, so it
    # still answers (it searches again on its own edges) but is spent as a base for changes
    runs = new._runs = prev._runs
    routes = new._route_memo = prev._route_memo
    reach = new._reach_memo = prev._reach_memo
    prev._runs, prev._route_memo, prev._reach_memo, prev.spent = {}, {}, {}, True
    new.inherit_structure(prev, gone, added)
    tails = {k[0] for k in gone} | {u for u, _, _ in added} | reordered
    candidates: set[MemoId] = set()
    for t in tails:
        candidates.update(index.settled_by.get(t, ()))
    candidates = {mid for mid in candidates if mid in runs}
    # a run a lower bound kept may settle routers it never recorded: a new edge from one of them
    # matters when its tail lies within the run's stop distance (a lost edge or a reorder only
    # matters on a target's DAG, which the run recorded: the index finds those)
    index.loose = {mid for mid in index.loose if mid in runs and runs[mid][1].horizon < INF}
    bounds = None
    if added and positive:
        radius = max((runs[mid][1].cutoff or 0 for mid in candidates | index.loose), default=0)
        bounds = Bounds(new.ospf_edges, added, radius)
        for mid in index.loose:
            run = runs[mid][1]
            if run.cutoff is None or any(bounds.to[u].get(run.src, radius + 1) + c <= run.cutoff
                                         for u, _, c in added):
                candidates.add(mid)
    elif added:
        candidates |= index.loose
    invalid: list[Any] = []
    heads = [(k[2], k) for k in gone]
    for mid in candidates:
        result, run = runs[mid]
        if positive and not reordered and untouched(run, heads, added):
            continue
        kept = keep(run, gone, added, reordered, positive, bounds)
        if kept is None:
            del runs[mid]
            invalid.append(mid)
        elif kept is not run:
            runs[mid] = (result, kept)
            if kept.horizon < INF:
                index.loose.add(mid)
    # a route also depends on who advertises the prefixes that cover its target
    if prev._plens != new._plens:
        invalid += [("r", key) for key in routes]
        routes.clear()
        invalid += [("q", key) for key in reach]
        reach.clear()
    else:
        moved = new._moved_nets
        for net in moved:
            for target in index.within(net):
                for key in list(index.routes_to.get(target, ())):
                    if key in routes:
                        del routes[key]
                        invalid.append(("r", key))
                for key in list(index.reach_to.get(target, ())):
                    if key in reach:
                        del reach[key]
                        invalid.append(("q", key))
    # reachability follows the parts of the OSPF graph: redo it all when they changed
    if reach and (gone or added) and prev.ospf_components != new.ospf_components:
        invalid += [("q", key) for key in reach]
        reach.clear()
    invalid += [("n", n) for n in touched]
    # FRR protection is read off the TE graph's bridges and components: redo where they moved
    if index.frr and (gone or added):
        invalid += [("f", key) for key in frr_changed(prev.te_cut, new.te_cut, index.frr)]
    lsp: set[tuple[str, int]] = set()
    ldp: set[str] = set()
    pw: set[str] = set()
    seen = set(invalid)
    while invalid:
        mid = invalid.pop()
        for reader in tuple(index.readers.get(mid, ())):
            kind, what = reader
            if kind == "r":
                if reader not in seen:
                    seen.add(reader)
                    routes.pop(what, None)
                    invalid.append(reader)
            elif kind == "lsp":
                lsp.add(what)
            elif kind == "ldp":
                ldp.add(what)
            else:
                pw.add(what)
    #: memos kept and redone (bench/lab_scale.py reports them)
    new.kept_paths = (len(runs), len(routes))
    return lsp, ldp, pw
