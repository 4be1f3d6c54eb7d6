"""Memoised shortest paths kept across a topology change, where provably unchanged.

Both Dijkstra runs (SPF from a source, CSPF between two routers) only push a router when its
distance strictly improves and break equal-cost ties by push order. Every run records its final
tree (per router, the edge that last improved its distance), the final distance of every router
it settled, and for a CSPF run the cost at which it stopped. A run is replayed identically — the
same routers settled in the same order with the same final pushes — when

* no edge of its final tree went away (an edge whose push was superseded only left a stale
  queue entry behind, skipped when popped; tie numbers keep their relative order without it),
* every new edge ``u → v`` either leaves from a router the run never settled, or cannot reach
  ``v`` at or below the distance the run gave ``v`` (the CSPF stop cost for routers it did not
  settle; unreached routers count as infinitely far), and
* no settled router saw its remaining edges reordered.

A lost edge of a run's tree only changes the results of the routers below it in that tree (the
others keep their distances, hence their final pushes and their order): a CSPF path whose
destination is not below it is kept. Hop-by-hop routes depend on the SPF results they read (a source's distance to each candidate
router, each hop's first edge towards the chosen one) and on who advertises the prefix covering
their target: when a lost edge was in an SPF run's tree, only the routers below it in that tree
can see another result (the others keep their distances, so their final pushes and their order),
and a route that read none of them is kept; LSPs on their CSPF runs and on the edge lists of the routers their strict hops
named; LDP sessions on their routes. Everything else is recomputed. Router IDs, TE switches and
address owners must be unchanged, otherwise nothing is carried.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

#: a routing signature: (dev, ifname, address, peer_dev, peer_ifname, peer_address, cost, adj, te)
Sig = tuple[Any, ...]
INF = float("inf")


@dataclass(frozen=True)
class Run:
    """What one memoised shortest-path run depended on."""

    tree: frozenset[Any]
    #: settled router → final distance
    settled: dict[str, int]
    #: the distance at which a CSPF run stopped (its destination's); None: it ran to the end
    cutoff: int | None
    #: router → key of the edge that last improved its distance (the settled routers' and, for
    #: a CSPF run, its destination's)
    parents: dict[str, Any] | None = None

    def survives(self, gone: set[Any], added: list[tuple[str, str, int]], reordered: set[str]) -> bool:
        return not (self.tree & gone) and self._untouched(added, reordered)

    def _untouched(self, added: list[tuple[str, str, int]], reordered: set[str]) -> bool:
        """No new edge could be relaxed into an improvement or a tie, no settled router's edges
        were reordered."""
        settled = self.settled
        if any(n in settled for n in reordered):
            return False
        far = INF if self.cutoff is None else self.cutoff
        for u, v, cost in added:
            du = settled.get(u)
            if du is not None and du + cost <= settled.get(v, far):
                return False
        return True

    def keeps(self, dest: str, gone: set[Any], added: list[tuple[str, str, int]], reordered: set[str]) -> bool:
        """The run's result for ``dest`` is unchanged (for a CSPF run: its path): no new edge
        could matter, and no lost edge lies on ``dest``'s branch of the tree (a lost tree edge
        only changes the routers below it; the others keep their distances, hence their final
        pushes and their order)."""
        if not self._untouched(added, reordered):
            return False
        return not (self.tree & gone) or (self.parents is not None and not self.below(dest, gone))

    def below(self, dest: str, gone: set[Any]) -> bool:
        """Is a lost edge on the tree branch from the source to ``dest``?"""
        parents = self.parents or {}
        node, seen = dest, 0
        while node in parents and seen <= len(parents):
            key = parents[node]
            if key in gone:
                return True
            node, seen = key[0], seen + 1
        return False


def edge_key(sig: Sig) -> tuple[Any, ...]:
    """The ``Edge.key`` of the edge a signature describes."""
    return sig[0], sig[1], sig[3], sig[4], sig[7]


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


def carry(prev: Any, new: Any) -> tuple[set[str], set[str]]:
    """Copy ``prev``'s still-valid SPF, CSPF and route memos (with their dependencies) into
    ``new``; returns the devices whose LSPs and whose LDP sessions must be recomputed."""
    gone, added, reordered, touched = edge_changes(prev._sigs, new._sigs)

    def valid(deps: Run | None) -> bool:
        return deps is not None and deps.survives(gone, added, reordered)

    #: SPF runs not carried whole (their routers whose result may differ: worked out when needed)
    partly: dict[str, Run | None] = {}
    for src, result in dict.items(prev.spf):
        deps = prev._spf_deps.get(src)
        if valid(deps):
            new.spf[src] = result
            new._spf_deps[src] = deps
        else:
            partly[src] = deps
    untouched: dict[str, bool] = {}

    def still(source: str, dest: str) -> bool:
        if dict.__contains__(new.spf, source):
            return True
        run = partly.get(source)
        if run is None:
            return False
        if source not in untouched:
            untouched[source] = run.keeps(source, gone, added, reordered)  # the source itself: never below
        return untouched[source] and not run.below(dest, gone)

    for key, path in prev._cspf_memo.items():
        deps = prev._cspf_deps.get(key)
        if deps is not None and deps.keeps(key[1], gone, added, reordered):
            new._cspf_memo[key] = path
            new._cspf_deps[key] = deps
    # a route also depends on who advertises the prefixes that cover its target
    moved = [net for net in prev._advertisers.keys() | new._advertisers.keys()
             if prev._advertisers.get(net) != new._advertisers.get(net)]
    same_lengths = prev._plens == new._plens
    for key, path in prev._route_memo.items():
        sources = prev._route_deps.get(key)
        if sources is None or not same_lengths:
            continue
        if moved:
            ip = ipaddress.IPv4Address(key[1])
            if any(ip in net for net in moved):
                continue
        if all(still(source, dest) for source, dest in sources):
            new._route_memo[key] = path
            new._route_deps[key] = sources

    #: how many SPF runs, CSPF paths and routes were kept (reported by bench/lab_scale.py)
    new.kept_paths = (len(new._spf_deps), len(new._cspf_memo), len(new._route_memo))

    def stale(uses: set[tuple[str, Any]] | None) -> bool:
        if uses is None:
            return True
        for kind, what in uses:
            if kind == "c" and what not in new._cspf_memo:
                return True
            if kind == "r" and what not in new._route_memo:
                return True
            if kind == "n" and what in touched:
                return True
        return False

    lsp_stale = {n for n in new.views if stale(prev._lsp_uses.get(n))}
    ldp_stale = {n for n in new.views if stale(prev._ldp_uses.get(n))}
    return lsp_stale, ldp_stale
