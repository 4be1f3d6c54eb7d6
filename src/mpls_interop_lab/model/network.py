"""The network model: device configurations + wiring + faults → protocol state.

It never sees the intent or the renderer: it only knows what each device's configuration says and
how the ports are cabled, exactly as a real network does. State is recomputed on demand after any
configuration change or fault.

Recomputation is incremental: ports, links, OSPF and BFD are redone only around the devices with a
new configuration or a changed fault; every path is one memoised search (``search``: a CSPF path,
the next hop of a hop-by-hop route, the distances to a route's candidate routers). When the
routing inputs are unchanged all of them are reused; when only the OSPF/TE edges or advertised
prefixes changed, ``pathmemo`` keeps every search the change provably leaves alone, and only the
LSPs, LDP sessions and PWs that read a dropped one are recomputed (PWs only where the LSPs or
sessions they read came out different). Results are identical to a from-scratch computation
(``tests/test_model_incremental.py``, ``tests/test_model_pathmemo.py``).

A state computed from a base shares the base's per-device state objects for the devices nothing
touched (``_own`` copies one before a pass replaces a container of it; containers are never
changed in place once a state is built), and each pass visits only the devices it redoes: a
change costs what it affects, not a pass over every device. A new view redoes the device's own
LSPs, LDP sessions and PWs, and the far ends' only when what they read of it changed
(``_pw_face``); a port change (a link fault) reaches LSPs and LDP sessions only through the
edges, and PWs only through attachment circuits.
"""

from __future__ import annotations

import ipaddress
import operator
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from mpls_interop_lab.model import pathmemo
from mpls_interop_lab.model.search import Adjacency as EdgeTable
from mpls_interop_lab.model.search import Cut, OpenSearch, branch, connected, cut_edges, frr_answer
from mpls_interop_lab.model.state import (
    BfdState,
    DeviceState,
    LdpSession,
    LspState,
    OspfNeighbor,
    PortState,
    PwState,
    RsvpSession,
)
from mpls_interop_lab.model.views import ETH, FCS, TAG, DeviceView, Hop, IpIf, LspConfig, PwConfig

_MISSING: Any = object()
#: open searches a state keeps (``OpenSearch``: a source's next request continues its search)
OPEN_SEARCHES = 256
LABEL_BASE = {"junos": (299776, 16), "netiron": (851968, 1), "openflow": (200000, 1)}


@dataclass(frozen=True)
class Wire:
    a: tuple[str, str]  # (device, port) — ports in the vendor's canonical naming
    b: tuple[str, str]

    def other(self, end: tuple[str, str]) -> tuple[str, str]:
        return self.b if end == self.a else self.a


@dataclass
class Faults:
    link_down: set[tuple[str, str]] = field(default_factory=set)
    #: (device, port) → physical MTU in that device's own convention
    link_mtu: dict[tuple[str, str], int] = field(default_factory=dict)


class Adjacency(NamedTuple):
    """Two IP interfaces that see each other on one wire (same tag, same subnet). A tuple: it
    keys every memoised path edge, so it hashes in C."""

    a_dev: str
    a_if: str
    b_dev: str
    b_if: str
    a_port: str
    b_port: str
    tagged: bool


@dataclass
class Edge:
    dev: str
    ipif: IpIf
    peer_dev: str
    peer_if: IpIf
    cost: int
    adj: Adjacency

    @cached_property
    def key(self) -> tuple[str, str, str, str, Adjacency]:
        """Identifies the edge across states (memoised paths are kept as keys)."""
        return self.dev, self.ipif.name, self.peer_dev, self.peer_if.name, self.adj


class NetworkState:
    """A snapshot of everything the devices would report.

    ``previous``: the state before a change; its memoised paths are reused when the routing inputs
    are unchanged (``self.reused`` tells whether they were).
    """

    def __init__(
        self, views: dict[str, DeviceView], wires: list[Wire], faults: Faults,
        previous: NetworkState | None = None, touched: set[str] | None = None,
    ) -> None:
        if previous is not None and previous.spent:
            previous = None  # its memos moved to a later state: it cannot tell what a change touches
        self.views = views
        self.wires = wires
        self.faults = faults
        #: this state's memos were moved to a state computed from it (``pathmemo.carry``)
        self.spent = False
        # ``touched``: the only devices with a new view or changed link faults since
        # ``previous`` (wiring unchanged); then ports, links, OSPF and BFD are redone only
        # around them
        base = previous if (
            previous is not None and touched is not None and previous.wires is wires
            and previous.views.keys() == views.keys()
        ) else None
        if base is not None:
            # unchanged devices share ``base``'s state objects (``_own`` copies one before a
            # pass changes it: every pass replaces the containers it redoes)
            self.devices: dict[str, DeviceState] = dict(base.devices)
            #: devices whose state object is this state's own (the others are ``base``'s)
            self._owned: set[str] | None = set()
            #: devices with a new view (``dirty`` also holds those whose ports changed)
            self._view_dirty = {n for n in touched if views[n] is not base.views[n]}  # type: ignore[union-attr]
            for n in self._view_dirty:
                d = self._own(n)
                d.view, d.vendor = views[n], views[n].vendor
        else:
            self.devices = {n: DeviceState(name=n, vendor=v.vendor, view=v) for n, v in views.items()}
            self._owned = None  # every device's state object is new
        #: the state whose per-device results this one started from (``_links_redone``: what differs)
        self._based_on = base
        if base is not None:
            self._order, self._wired, self._nbrs = base._order, base._wired, base._nbrs
            self._wires_at = base._wires_at
        else:
            self._order = {n: k for k, n in enumerate(views)}
            self._wired: dict[tuple[str, str], tuple[str, str]] = {}
            self._nbrs: dict[str, set[str]] = {n: set() for n in views}
            #: device → indexes of the wires it is cabled to, in wiring order
            self._wires_at: dict[str, list[int]] = {n: [] for n in views}
            for k, w in enumerate(wires):
                for dev in dict.fromkeys((w.a[0], w.b[0])):
                    if dev in self._wires_at:
                        self._wires_at[dev].append(k)
                self._wired[w.a] = w.b
                self._wired[w.b] = w.a
                for x, y in ((w.a[0], w.b[0]), (w.b[0], w.a[0])):
                    if x in self._nbrs:
                        self._nbrs[x].add(y)
        self._owners(base, touched)
        self._ports(base, touched)
        if base is None:
            #: devices whose view or port state changed since ``previous`` (all without one)
            self.dirty = self._dirty(previous)
            self._view_dirty = self.dirty
        self._links(base)
        self._bfd(base)
        if base is None:
            self._edges = {e.key: e for es in self.ospf_edges.values() for e in es}
        else:  # base's, with the edges of the devices whose links were redone replaced
            self._edges = dict(base._edges)
            for n in self._links_redone:
                for e in base.ospf_edges[n]:
                    self._edges.pop(e.key, None)
            for n in self._links_redone:
                for e in self.ospf_edges[n]:
                    self._edges[e.key] = e
        #: (source, TE graph, avoided adjacencies) → its open search, least recently used first
        self._open: dict[tuple[str, bool, Any], OpenSearch] = {}
        self._search_lock = threading.Lock()
        #: the edge lists as search tables (a router's entry reused while its list is the same)
        redone = self._links_redone if base is not None else None
        self._tables = (
            EdgeTable(self.ospf_edges, previous._tables[0] if previous is not None else None, redone),
            EdgeTable(self.te_edges, previous._tables[1] if previous is not None else None, redone),
        )
        #: the smallest edge cost (pathmemo's tie rules need positive costs)
        self._min_cost = self._least_cost(base)
        self._prefixes(previous)
        self.routing_key = self._routing_key(previous)
        self.reused = previous is not None and previous.routing_key == self.routing_key
        #: devices whose LSPs / LDP sessions / PWs are redone (besides ``dirty``): paths they used changed
        self._lsp_stale: set[str] = set()
        #: their LSPs (by position) that read a changed path
        self._lsp_stale_at: dict[str, set[int]] = {}
        self._ldp_stale: set[str] = set()
        self._pw_stale: set[str] = set()
        #: the topology changed but the memoised paths it left alone were kept (see pathmemo)
        self.carried = False
        #: (searches, routes) memoised after a topology change was carried (bench/lab_scale.py)
        self.kept_paths = (0, 0)
        #: searches run while this state was computed
        self.searches = 0
        if self.reused:
            assert previous is not None
            self._runs, self._route_memo, self._index = previous._runs, previous._route_memo, previous._index
            self._reach_memo = previous._reach_memo
            # one owner at a time: a later carry moves these memos on (see ``spent``)
            previous._runs, previous._route_memo, previous._reach_memo, previous.spent = {}, {}, {}, True
            if "ospf_components" in previous.__dict__:  # same edges: same components
                self.__dict__["ospf_components"] = previous.__dict__["ospf_components"]
            if "te_cut" in previous.__dict__:  # same TE edges: same cut
                self.__dict__["te_cut"] = previous.__dict__["te_cut"]
        else:
            #: memo id (see pathmemo.MemoId) → (result, the search.Run it came from)
            self._runs: dict[Any, tuple[Any, Any]] = {}
            #: (source, target) → the route's edge keys (None: no route)
            self._route_memo: dict[tuple[str, str], list[tuple[Any, ...]] | None] = {}
            #: (source, target) → is there a route (``reachable``, positive costs)
            self._reach_memo: dict[tuple[str, str], bool] = {}
            self._index = pathmemo.MemoIndex()
            # (edges and advertised prefixes may differ; router IDs, TE and address owners not)
            if previous is not None and previous.routing_key[1:4] == self.routing_key[1:4] \
                    and previous.views.keys() == self.views.keys():
                lsps, self._ldp_stale, self._pw_stale = pathmemo.carry(previous, self)
                for name, k in lsps:
                    self._lsp_stale_at.setdefault(name, set()).add(k)
                self._lsp_stale = set(self._lsp_stale_at)
                self.carried = True
        #: the memo ids read while one device's LSPs / LDP sessions / PWs are computed
        self._uses: set[tuple[str, Any]] | None = None
        #: the previous state whose per-device results are reused for devices not in ``dirty``
        self._prev = previous if self.reused or self.carried else None
        self._lsps()
        self._ldp()
        self._pws()
        self._prev = self._based_on = None  # keep one generation only

    def _dirty(self, previous: NetworkState | None) -> set[str]:
        """Devices whose view (a new configuration) or port state changed since ``previous``."""
        if previous is None or previous.views.keys() != self.views.keys():
            return set(self.views)
        return {
            n for n, v in self.views.items()
            if v is not previous.views[n] or self.devices[n].ports != previous.devices[n].ports
        }

    def _own(self, name: str) -> DeviceState:
        """``name``'s state object, copied from ``base``'s first when shared (a pass that redoes
        one of its fields assigns a new container: the copy shares the others)."""
        d = self.devices[name]
        owned = self._owned
        if owned is None or name in owned:
            return d
        d = self.devices[name] = d.copy()
        owned.add(name)
        return d

    def _keep_others(self, attr: str, redo: Collection[str]) -> None:
        """With new state objects (nothing shared with the previous state), the devices a pass
        does not redo take ``attr`` from the previous state; shared objects already have it."""
        prev = self._prev
        if prev is None or self._owned is not None:
            return
        for name, st in self.devices.items():
            if name not in redo:
                setattr(st, attr, getattr(prev.devices[name], attr))

    # ---- lookups -------------------------------------------------------------------------
    @staticmethod
    def _addresses(v: DeviceView) -> tuple[Any, ...]:
        return v.router_id, tuple(v.loopbacks), tuple(i.address for i in v.ipifs)

    def _owners(self, base: NetworkState | None, touched: set[str] | None) -> None:
        """Address → device: router IDs and loopbacks first, then any interface address."""
        if base is not None and touched is not None and all(
            self._addresses(self.views[n]) == self._addresses(base.views[n]) for n in touched
        ):
            self._owner_lo, self._owner_any = base._owner_lo, base._owner_any
            return
        self._owner_lo: dict[str, str] = {}
        self._owner_any: dict[str, str] = {}
        for name, v in self.views.items():
            for a in (v.router_id, *v.loopbacks):
                if a:
                    self._owner_lo.setdefault(a, name)
            for i in v.ipifs:
                self._owner_any.setdefault(str(i.address.ip), name)

    def owner(self, address: str) -> str | None:
        return self._owner_lo.get(address) or self._owner_any.get(address)

    def _prefixes(self, previous: NetworkState | None) -> None:
        """Advertised OSPF prefixes per device and prefix → advertising devices (in device
        order); with ``previous``, only the dirty devices' prefixes are redone."""
        #: prefixes whose advertisers differ from ``previous``'s (all of them without it)
        self._moved_nets: list[ipaddress.IPv4Network] = []
        if previous is not None and previous.views.keys() == self.views.keys():
            self._advertised = dict(previous._advertised)
            changed = []
            for n in self.dirty:
                mine = self._ospf_prefixes(n)
                if mine != previous._advertised[n]:
                    changed.append((n, previous._advertised[n], mine))
                self._advertised[n] = mine
            self._advertisers, self._plens = previous._advertisers, previous._plens
            self._plen_count = previous._plen_count
            if not changed:
                return
            self._advertisers = dict(previous._advertisers)
            counts = dict(previous._plen_count)
            for dev, old, new in changed:
                for net in set(old) ^ set(new):
                    self._moved_nets.append(net)
                    had = net in self._advertisers
                    devs = set(self._advertisers.get(net, ()))
                    devs.discard(dev)
                    if net in new:
                        devs.add(dev)
                    if devs:
                        self._advertisers[net] = sorted(devs, key=self._order.__getitem__)
                    else:
                        self._advertisers.pop(net, None)
                    if had != bool(devs):  # the prefix appeared or went
                        counts[net.prefixlen] = counts.get(net.prefixlen, 0) + (1 if devs else -1)
                        if not counts[net.prefixlen]:
                            del counts[net.prefixlen]
            self._plen_count = counts
            if counts.keys() != previous._plen_count.keys():
                self._plens = sorted(counts, reverse=True)
            return
        self._advertised = {n: self._ospf_prefixes(n) for n in self.views}
        if previous is not None:
            self._moved_nets = list(previous._advertisers.keys() | {n for v in self._advertised.values() for n in v})
        self._advertisers: dict[ipaddress.IPv4Network, list[str]] = {}
        for dev in self.views:
            for net in self._advertised[dev]:
                devs = self._advertisers.setdefault(net, [])
                if dev not in devs:
                    devs.append(dev)
        #: prefix length → how many advertised prefixes have it
        self._plen_count: dict[int, int] = {}
        for net in self._advertisers:
            self._plen_count[net.prefixlen] = self._plen_count.get(net.prefixlen, 0) + 1
        self._plens = sorted(self._plen_count, reverse=True)

    def _least_cost(self, base: NetworkState | None) -> int:
        """The smallest edge cost; with ``base``, from its own and the redone routers' edges
        unless a redone router held base's smallest."""
        if base is not None and base._edges:
            redone, low = self._links_redone, base._min_cost
            new = min((e.cost for n in redone for e in self.ospf_edges[n]), default=None)
            if new is not None and new <= low:
                return new  # the others' edges are all at least ``low``
            if all(e.cost > low for n in redone for e in base.ospf_edges[n]):
                return low  # an edge of a router not redone holds it: still there
        return min((e.cost for e in self._edges.values()), default=1)

    def _routing_key(self, previous: NetworkState | None = None) -> tuple[Any, ...]:
        """Everything shortest paths and routes depend on (compared between states; reused
        parts compare by identity: with a base, its edge and router parts are reused when the
        redone routers' signatures and the new views' entries are the same)."""
        base = self._based_on
        if base is not None and all(self._sigs[n] == base._sigs[n] for n in self._links_redone):
            edges = base.routing_key[0]
        else:  # per router (every signature starts with its router: the same as all in a row)
            edges = tuple(self._sigs.values())
        # link LDP decides whether an LDP LSP carries a PW along a route (``ldp_lsp_to``); a
        # device's entry is the previous state's while its view is the same object
        if base is not None:
            rids = base.routing_key[1]
            self._rids = base._rids
            fresh = {n: self._rid(n) for n in self._view_dirty}
            if any(fresh[n] != base._rids[n] for n in fresh):
                self._rids = {**base._rids, **fresh}
                rids = tuple(self._rids.values())
            return edges, rids, self._owner_lo, self._owner_any, self._advertisers
        old = previous._rids if previous is not None and previous.views.keys() == self.views.keys() else None
        self._rids: dict[str, tuple[Any, ...]] = {
            n: old[n] if old is not None and v is previous.views[n] else self._rid(n)  # type: ignore[union-attr]
            for n, v in self.views.items()
        }
        return edges, tuple(self._rids.values()), self._owner_lo, self._owner_any, self._advertisers

    def _rid(self, n: str) -> tuple[Any, ...]:
        """A router's part of the routing key."""
        v = self.views[n]
        return n, v.router_id, v.traffic_engineering, frozenset(v.ldp_interfaces)

    def port_l2(self, dev: str, port: str) -> int:
        ps = self.devices[dev].ports.get(port)
        return ps.l2_mtu if ps else 0

    # ---- layer 1/2 ------------------------------------------------------------------------
    def _ports(self, base: NetworkState | None, touched: set[str] | None) -> None:
        """Port state; with ``base``, only touched devices and their wired neighbours are redone."""
        if base is None or touched is None:
            for name in self.views:
                self.devices[name].ports = self._device_ports(name)
            return
        affected = set(touched)
        for n in touched:
            affected |= self._nbrs.get(n, set())
        dirty = set(self._view_dirty)
        for name in affected:
            ports = self._device_ports(name)
            if name not in dirty and ports == base.devices[name].ports:
                continue  # the same: keep sharing base's
            self._own(name).ports = ports
            dirty.add(name)
        self.dirty = dirty

    def _device_ports(self, name: str) -> dict[str, PortState]:
        view = self.views[name]
        out: dict[str, PortState] = {}
        for pname, port in view.ports.items():
            l2 = port.l2_mtu
            if (name, pname) in self.faults.link_mtu:
                value = self.faults.link_mtu[(name, pname)]
                l2 = value - FCS if view.vendor == "netiron" else value
            # an unwired port faces a customer device that is up (a CE in the lab's terms)
            up = port.admin_up and (name, pname) not in self.faults.link_down
            out[pname] = PortState(pname, port.admin_up, up, l2)
        for pname, ps in out.items():
            far = self._wired.get((name, pname))
            if far is None:
                continue
            odev, oport = far
            other = self.views.get(odev)
            other_ok = other is not None and oport in other.ports and other.ports[oport].admin_up
            down = (name, pname) in self.faults.link_down or far in self.faults.link_down
            ps.oper_up = ps.admin_up and other_ok and not down
        return out

    def _links(self, base: NetworkState | None) -> None:
        """Adjacencies, OSPF neighbours and edges, wire by wire (a wire whose two devices are not
        dirty keeps ``base``'s outcome; a device none of whose wires changed keeps its lists)."""
        self.ospf_edges: dict[str, list[Edge]]
        self.te_edges: dict[str, list[Edge]]
        self._sigs: dict[str, list[tuple[Any, ...]]]
        if base is None:
            self._wire_out: list[list[tuple[Adjacency, Any]]] = [
                [(adj, self._ospf_outcome(adj)) for adj in self._wire_adjacencies(w)] for w in self.wires
            ]
            redo: Any = self.views
            self.ospf_edges, self.te_edges, self._sigs = {}, {}, {}
            #: the TE edge lists as (peer, adjacency) pairs (``te_cut``)
            self._te_pairs: dict[str, list[tuple[str, Any]]] = {}
        else:  # base's, with the entries of the devices around the dirty ones replaced
            self._wire_out = list(base._wire_out)
            redo = set()
            for n in self.dirty:
                redo.add(n)
                redo |= self._nbrs.get(n, set())
                for k in self._wires_at.get(n, []):
                    w = self.wires[k]
                    self._wire_out[k] = [(adj, self._ospf_outcome(adj)) for adj in self._wire_adjacencies(w)]
            self.ospf_edges, self.te_edges = dict(base.ospf_edges), dict(base.te_edges)
            self._sigs, self._te_pairs = dict(base._sigs), dict(base._te_pairs)
        #: devices whose adjacencies, neighbours and edges were redone (all without ``base``)
        self._links_redone = redo
        for n in redo:
            self.ospf_edges[n], self.te_edges[n], self._sigs[n], self._te_pairs[n] = [], [], [], []
            d = self._own(n)
            d.ospf, d.ospf_roles = [], {}
        outs = self._wire_out if base is None else [
            self._wire_out[k] for k in sorted({k for n in redo for k in self._wires_at.get(n, [])})
        ]
        for out in outs:
            for adj, res in out:
                if res is None:
                    continue
                roles, nbrs, edges = res
                for side, dev, ifname in ((0, adj.a_dev, adj.a_if), (1, adj.b_dev, adj.b_if)):
                    if dev not in redo:
                        continue
                    d = self.devices[dev]
                    if roles is not None:
                        d.ospf_roles[ifname] = roles[side]
                    d.ospf.append(nbrs[side])
                for e, sig, te in edges:
                    if e.dev in redo:
                        self.ospf_edges[e.dev].append(e)
                        self._sigs[e.dev].append(sig)
                        if te:
                            self.te_edges[e.dev].append(e)
                            self._te_pairs[e.dev].append((e.peer_dev, e.adj))

    @cached_property
    def adjacencies(self) -> list[Adjacency]:
        """Every adjacency, in wiring order."""
        return [adj for out in self._wire_out for adj, _ in out]

    def _wire_adjacencies(self, w: Wire) -> list[Adjacency]:
        out = []
        (ad, ap), (bd, bp) = w.a, w.b
        if ad not in self.devices or bd not in self.devices:
            return out
        pa = self.devices[ad].ports.get(ap)
        if pa is None or not pa.oper_up:
            return out
        for x in self.views[ad].ipifs:
            if ap not in x.ports or not x.admin_up:
                continue
            for y in self.views[bd].ipifs:
                if bp not in y.ports or not y.admin_up:
                    continue
                if x.tags.get(ap) != y.tags.get(bp):
                    continue
                if x.address.network != y.address.network or x.address.ip == y.address.ip:
                    continue
                out.append(Adjacency(ad, x.name, bd, y.name, ap, bp, x.tags.get(ap) is not None))
        return out

    # ---- OSPF -----------------------------------------------------------------------------
    def _ospf_outcome(self, adj: Adjacency) -> Any:
        """OSPF over one adjacency: None (no hellos accepted) or (DR/BDR roles or None, the two
        neighbour entries, the edges with their routing signatures and TE flags)."""
        va, vb = self.views[adj.a_dev], self.views[adj.b_dev]
        x, y = va.ipif(adj.a_if), vb.ipif(adj.b_if)
        assert x is not None and y is not None
        if not (va.ospf_running and vb.ospf_running and x.ospf and y.ospf):
            return None
        if x.ospf.passive or y.ospf.passive:
            return None
        if x.address.network != y.address.network:
            return None  # OSPF speaks from each interface's primary (first) address only
        if (x.ospf.area, x.ospf.hello, x.ospf.dead) != (y.ospf.area, y.ospf.hello, y.ospf.dead):
            return None  # hellos are dropped: no neighbour at all
        rid_a, rid_b = va.router_id or str(x.address.ip), vb.router_id or str(y.address.ip)
        if x.ospf.network_type != y.ospf.network_type:
            sa = sb = "Init"
        elif x.ip_mtu != y.ip_mtu:
            sa, sb = _mtu_mismatch_states(x.ip_mtu, rid_a, y.ip_mtu, rid_b)
        else:
            sa = sb = "Full"
        # one DR and one BDR per broadcast segment; hellos are accepted, so the election
        # happens whatever the DBD exchange does
        role_a = role_b = ""
        roles = None
        if sa != "Init" and x.ospf.network_type == "broadcast":
            role_a, role_b = _elect((x.ospf.priority, rid_a), (y.ospf.priority, rid_b))
            roles = (role_a, role_b)
        nbrs = (
            OspfNeighbor(x.name, str(y.address.ip), rid_b, adj.b_dev, sa, x.ospf.area, str(x.address.ip), role_b, y.ospf.priority),  # type: ignore[arg-type]
            OspfNeighbor(y.name, str(x.address.ip), rid_a, adj.a_dev, sb, y.ospf.area, str(y.address.ip), role_a, x.ospf.priority),  # type: ignore[arg-type]
        )
        edges = []
        if sa == sb == "Full":
            for e in (Edge(adj.a_dev, x, adj.b_dev, y, x.ospf.cost, adj), Edge(adj.b_dev, y, adj.a_dev, x, y.ospf.cost, adj)):
                te = self._te(e)
                sig = (e.dev, e.ipif.name, e.ipif.address, e.peer_dev, e.peer_if.name, e.peer_if.address, e.cost, adj, te)
                edges.append((e, sig, te))
        return roles, nbrs, edges

    # ---- BFD (OSPF client) ------------------------------------------------------------------
    def _bfd(self, base: NetworkState | None) -> None:
        """A session per OSPF neighbour on an interface with BFD for OSPF: Up when both ends run
        BFD, Down (nothing heard) when only this end does."""
        near: Any = self.views
        if base is not None:  # the others share base's sessions
            near = set(self.dirty)
            for n in self.dirty:
                near |= self._nbrs.get(n, set())
        for dev in near:
            st = self._own(dev)
            st.bfd = []
            view = self.views[dev]
            for n in st.ospf:
                mine = view.ipif(n.interface)
                peer_view = self.views.get(n.device)
                theirs = next((i for i in peer_view.ipifs if str(i.address.ip) == n.address), None) \
                    if peer_view is not None else None
                if mine is None or mine.ospf is None or mine.ospf.bfd is None:
                    continue
                tx, rx, mult = mine.ospf.bfd
                other = theirs.ospf.bfd if theirs is not None and theirs.ospf is not None else None
                if other is None:
                    st.bfd.append(BfdState(n.address, n.interface, False, max(tx, 1000), mult, 0))
                    continue
                o_tx, o_rx, o_mult = other
                st.bfd.append(BfdState(n.address, n.interface, True, max(tx, o_rx), mult, o_mult * max(o_tx, rx)))

    def ospf_prefixes(self, dev: str) -> list[ipaddress.IPv4Network]:
        """Prefixes ``dev`` advertises: OSPF interfaces that are up (a down one is withdrawn)."""
        return list(self._advertised[dev])

    def _ospf_prefixes(self, dev: str) -> list[ipaddress.IPv4Network]:
        d = self.devices[dev]
        return [
            i.address.network for i in self.views[dev].ipifs
            if i.ospf and i.vrf is None and d.ip_oper_up(i.name)
        ]

    def route(self, src: str, target: str) -> list[Edge] | None:
        """Hop-by-hop OSPF path from src to the router that owns/advertises target."""
        key = (src, target)
        if self._uses is not None:
            self._uses.add(("r", key))
        path = self._route_memo.get(key, _MISSING)
        if path is _MISSING:
            deps: set[tuple[str, Any]] = set()
            path = self._route(src, target, deps)
            self._route_memo[key] = path
            self._index.route(key, deps)
        return [self._edges[k] for k in path] if path is not None else None  # type: ignore[union-attr]

    def _memo(self, mid: tuple[str, Any], src: str, targets: tuple[str, ...], edges: dict[str, list[Edge]],
              avoid: set[Adjacency] | None = None) -> Any:
        """The memoised result of one search (see ``search``): "c" the path's edge keys, "h" the
        first edge's key, "m" the distance to each target (None: not reached)."""
        entry = self._runs.get(mid)
        if entry is not None:
            return entry[0]
        # sessions query a state from several threads: one open search advances at a time
        with self._search_lock:
            entry = self._runs.get(mid)
            if entry is not None:
                return entry[0]
            te = edges is not self.ospf_edges
            key = (src, te, frozenset(avoid) if avoid else None)
            open_search = self._open.pop(key, None)  # most recently used last
            if open_search is None:
                open_search = OpenSearch(src, self._tables[te], avoid)
                if len(self._open) >= OPEN_SEARCHES:
                    del self._open[next(iter(self._open))]
            self._open[key] = open_search
            dist, via, run = open_search.run(targets)
            kind = mid[0]
            if kind == "m":
                result: Any = tuple(dist.get(t) for t in targets)
            else:
                found = branch(via, src, targets[0])
                result = None if found is None else [e.key for e in found] if kind == "c" else (
                    found[0].key if found else None)
            self._runs[mid] = (result, run)
            self._index.ran(mid, run)
            self.searches += 1
            return result

    def _candidates(self, target: str) -> list[str]:
        """The routers a route to ``target`` may end at: the owner of the address if it
        advertises a prefix covering it, else every advertiser of such a prefix (device order)."""
        ip = ipaddress.IPv4Address(target)
        found: set[str] = set()
        for plen in self._plens:
            net = ipaddress.IPv4Network((int(ip) >> (32 - plen) << (32 - plen) if plen else 0, plen))
            found.update(self._advertisers.get(net, ()))
        candidates = sorted(found, key=self._order.__getitem__)
        owner = self.owner(target)
        return [owner] if owner in candidates else candidates  # type: ignore[list-item]

    @cached_property
    def ospf_components(self) -> dict[str, str]:
        """Router → the first router (device order) of its part of the OSPF graph (edges come in
        pairs, one per direction of a Full adjacency: reachability is symmetric)."""
        comp: dict[str, str] = {}
        edges = self.ospf_edges
        for root in self.views:
            if root in comp:
                continue
            comp[root] = root
            todo = [root]
            while todo:
                for e in edges.get(todo.pop(), ()):
                    if e.peer_dev not in comp:
                        comp[e.peer_dev] = root
                        todo.append(e.peer_dev)
        return comp

    def _same_shape(self, prev: NetworkState, te: bool) -> bool:
        """Do this state's OSPF (``te``: TE) edge lists name the same peers over the same
        adjacencies, in the same order, as ``prev``'s (costs may differ)? Then every structural
        answer (components, bridges) is the same. Only the routers whose links were redone are
        compared (the others share ``prev``'s lists) when ``prev`` is this state's base."""
        mine, theirs = (self.te_edges, prev.te_edges) if te else (self.ospf_edges, prev.ospf_edges)
        if mine.keys() != theirs.keys():
            return False
        for n in self._links_redone if self._based_on is prev else mine:
            a, b = mine[n], theirs[n]
            if a is not b and (len(a) != len(b) or any(
                    x.peer_dev != y.peer_dev or x.adj != y.adj for x, y in zip(a, b, strict=True))):
                return False
        return True

    def inherit_structure(self, prev: NetworkState, gone: set[Any], added: list[tuple[str, str, int]]) -> None:
        """Take ``prev``'s OSPF components and TE cut where this state's graphs provably give
        the same: the same shape (``_same_shape``); for the components also when every lost edge's
        ends are still connected and every new edge joins two routers of one part (the parts
        are the same partition then: each part stays connected and no two merge)."""
        if "te_cut" in prev.__dict__ and "te_cut" not in self.__dict__ and self._same_shape(prev, True):
            self.__dict__["te_cut"] = prev.__dict__["te_cut"]
        if "ospf_components" not in prev.__dict__ or "ospf_components" in self.__dict__:
            return
        comp: dict[str, str] = prev.__dict__["ospf_components"]
        if comp.keys() != self.views.keys():
            return
        if not self._same_shape(prev, False):
            edges = self.ospf_edges
            if any(comp.get(u) != comp.get(v) for u, v, _ in added):
                return
            if any(not connected(edges, key[0], key[2]) for key in gone):
                return
        self.__dict__["ospf_components"] = comp

    def _route(self, src: str, target: str, deps: set[tuple[str, Any]]) -> list[Any] | None:
        """``deps`` receives the memo ids of the searches the route read. Each hop's next hop is
        the first edge of that router's own shortest-path tree towards the chosen router (a
        search from it stopped there: the same edge as a full SPF's)."""
        candidates = self._candidates(target)
        if not candidates:
            return None
        best = candidates[0]
        if len(candidates) > 1:
            mid = ("m", (src, tuple(candidates)))
            deps.add(mid)
            dists = self._memo(mid, src, tuple(candidates), self.ospf_edges)
            reached = [(d, c) for c, d in zip(candidates, dists, strict=True) if d is not None]
            if not reached:
                return None
            low = min(d for d, _ in reached)
            best = next(c for d, c in reached if d == low)
        path: list[Any] = []
        node = src
        while node != best:
            mid = ("h", (node, best))
            deps.add(mid)
            hop = self._memo(mid, node, (best,), self.ospf_edges)
            if hop is None or len(path) > len(self.views):
                return None
            path.append(hop)
            node = hop[2]
        return path

    def reachable(self, src: str, target: str) -> bool:
        """Does ``src`` own ``target``, share a subnet with it, or have an OSPF route to it? With
        positive costs a hop-by-hop route exists exactly when a candidate router is in ``src``'s
        part of the OSPF graph (each hop is on its own shortest path: the distance to the chosen
        router falls at every hop), so no route is searched for (memoised as ("q", key))."""
        if self.views[src].owns(target):
            return True
        ip = ipaddress.IPv4Address(target)
        for i in self.views[src].ipifs:
            if i.vrf is None and not i.loopback and ip in i.address.network:
                return True
        if self._min_cost <= 0:
            return self.route(src, target) is not None
        key = (src, target)
        if self._uses is not None:
            self._uses.add(("q", key))
        found = self._reach_memo.get(key)
        if found is None:
            comp = self.ospf_components
            found = self._reach_memo[key] = any(comp[c] == comp[src] for c in self._candidates(target))
            self._index.reach(key)
        return found

    # ---- RSVP-TE ----------------------------------------------------------------------------
    def _te(self, e: Edge) -> bool:
        a, b = self.views[e.dev], self.views[e.peer_dev]
        return (
            a.traffic_engineering and b.traffic_engineering
            and e.ipif.rsvp and e.ipif.mpls and e.peer_if.rsvp and e.peer_if.mpls
        )

    def _cspf(self, src: str, dst: str, avoid: set[Adjacency] | None = None) -> list[Edge] | None:
        """Shortest TE path (one search stopped at ``dst``), or None (memoised)."""
        mid = ("c", (src, dst, frozenset(avoid or ())))
        if self._uses is not None:
            self._uses.add(mid)
        path = self._memo(mid, src, (dst,), self.te_edges, avoid)
        return [self._edges[k] for k in path] if path is not None else None

    def _frr(self, src: str, dst: str, adj: Adjacency) -> bool:
        """Does a CSPF path from ``src`` to ``dst`` avoid ``adj`` (what facility FRR needs)?
        Without an adjacency that is not a bridge of the TE graph every router keeps its
        component, without a bridge its side of it: read off ``te_cut`` (a TE graph that is not
        symmetric: a search)."""
        key = (src, dst, adj)
        if self._uses is not None:
            self._uses.add(("f", key))
        self._index.frr[adj].add(key)
        answer = frr_answer(self.te_cut, key)
        return answer if answer is not None else self._cspf(src, dst, {adj}) is not None

    @cached_property
    def te_cut(self) -> Cut | None:
        """The TE graph's bridges and components (``search.cut_edges``). The TE graph is
        undirected by construction (both directions of a Full adjacency, ``_te`` the same both
        ways; ``tests/test_model_incremental.py`` checks it at every step)."""
        return cut_edges(self.te_edges, self._te_pairs)

    def _explicit(self, src: str, dst: str, hops: list[Hop], avoid: set[Adjacency] | None = None) -> list[Edge] | None:
        node = src
        path: list[Edge] = []
        for hop in hops:
            if self.views[node].owns(hop.address):
                continue
            if hop.strict:
                if self._uses is not None:
                    self._uses.add(("n", node))
                edge = next(
                    (e for e in self.te_edges[node] if e.peer_if.ip_str == hop.address
                     or self.views[e.peer_dev].router_id == hop.address),
                    None,
                )
                if edge is None or (avoid and edge.adj in avoid):
                    return None
                path.append(edge)
                node = edge.peer_dev
            else:
                target = self.owner(hop.address)
                if target is None:
                    return None
                seg = self._cspf(node, target, avoid)
                if seg is None:
                    return None
                path += seg
                node = target
        if node != dst:
            seg = self._cspf(node, dst, avoid)
            if seg is None:
                return None
            path += seg
        return path

    def _lsps(self) -> None:
        prev = self._prev
        #: head-end → device → the RSVP sessions its LSPs create there, in LSP order
        self._rsvp_from: dict[str, dict[str, list[RsvpSession]]] = dict(prev._rsvp_from) if prev is not None else {}
        #: device → the head-ends with RSVP sessions there
        self._rsvp_heads: dict[str, set[str]] = dict(prev._rsvp_heads) if prev is not None else {}
        #: head-end → per LSP (by position) its sessions as (device, session) pairs
        self._lsp_rsvp: dict[str, list[tuple[tuple[str, RsvpSession], ...]]] = \
            dict(prev._lsp_rsvp) if prev is not None else {}
        redone: set[str] = set()  # devices whose RSVP sessions differ from prev's
        # an LSP depends on its head-end's view and on paths/owners (unchanged when reused), not
        # on its ports (those reach it through the edges, see pathmemo)
        redo: Any = self.views if prev is None else self._view_dirty | self._lsp_stale
        self._keep_others("lsps", redo)
        for name in redo:
            view = self.views[name]
            sessions: dict[str, list[RsvpSession]] = {}
            # a head-end redone only because paths changed redoes only the LSPs that read them
            only = self._lsp_stale_at.get(name) if prev is not None and name not in self._view_dirty else None
            d = self._own(name)
            d.lsps = lsps = []
            before = prev.devices[name].lsps if prev is not None else []
            # its LSPs' sessions as (device, session) pairs, reused while an LSP runs where it ran
            # (a full computation makes none: they are made when a change first redoes the head-end)
            old_pairs = prev._lsp_rsvp.get(name) if prev is not None else None
            per: list[tuple[tuple[str, RsvpSession], ...]] = []
            for k, cfg in enumerate(view.lsps):
                if only is not None and k not in only:
                    st = before[k]
                    if prev is not None:
                        per.append(old_pairs[k] if old_pairs is not None else _sessions(st))
                else:
                    self._uses = set()
                    st = self._lsp(name, cfg)
                    self._index.read(("lsp", (name, k)), self._uses)
                    self._uses = None
                    if prev is not None:
                        was = before[k] if old_pairs is not None and k < len(before) else None
                        per.append(old_pairs[k] if was is not None and _signals(was) == _signals(st) else _sessions(st))
                lsps.append(st)
            old = prev._rsvp_from[name] if prev is not None else {}
            if prev is None:
                for st in lsps:
                    _add_sessions(sessions, st)
            else:
                self._lsp_rsvp[name] = per
                if old_pairs is not None and len(per) == len(old_pairs) and all(map(operator.is_, per, old_pairs)):
                    continue  # the same sessions
                for pairs in per:
                    for dev, session in pairs:
                        mine = sessions.get(dev)
                        if mine is None:
                            sessions[dev] = [session]
                        else:
                            mine.append(session)
            self._rsvp_from[name] = sessions
            for dev in old.keys() - sessions.keys():
                self._rsvp_heads[dev] = self._rsvp_heads[dev] - {name}
            for dev in sessions.keys() - old.keys():
                self._rsvp_heads[dev] = self._rsvp_heads.get(dev, set()) | {name}
            if prev is not None:
                redone.update(d for d in sessions.keys() | old.keys() if sessions.get(d) != old.get(d))
        if prev is None:
            for name in self.views:
                self._own(name).rsvp = []
            for sessions in self._rsvp_from.values():
                for dev, mine in sessions.items():
                    self.devices[dev].rsvp.extend(mine)
            return
        self._keep_others("rsvp", redone)
        for dev in redone:
            st = self._own(dev)
            st.rsvp = rsvp = []
            for head in sorted(self._rsvp_heads.get(dev, ()), key=self._order.__getitem__):
                rsvp.extend(self._rsvp_from[head][dev])

    def _lsp(self, name: str, cfg: LspConfig) -> LspState:
        view = self.views[name]
        src = view.router_id or ""
        st = LspState(
            cfg.name, src, cfg.to, False, None, frr=cfg.frr, frr_method=cfg.frr_method, standby=cfg.standby,
            primary_name=cfg.primary_name, secondary_name=cfg.secondary_name, enabled=cfg.enabled,
            revert_timer=cfg.revert_timer,
        )
        dst = self.owner(cfg.to)
        if not cfg.enabled:
            st.reason = "LSP is disabled"
            return st
        if dst is None or dst == name:
            st.reason = f"no router with address {cfg.to}"
            return st
        if not view.traffic_engineering:
            st.reason = "CSPF: traffic engineering is not enabled"
            return st
        primary = self._explicit(name, dst, cfg.primary) if cfg.primary is not None else self._cspf(name, dst)
        secondary = None
        if cfg.secondary is not None:
            avoid = {primary[0].adj} if primary else None
            secondary = self._explicit(name, dst, cfg.secondary, avoid) or self._explicit(name, dst, cfg.secondary)
        active = primary if primary else secondary
        if active is None:
            st.reason = f"CSPF: no route toward {cfg.to}"
            return st
        st.up = True
        st.active = "primary" if primary else "secondary"
        st.secondary_up = secondary is not None and cfg.standby
        st.path = [e.peer_if.ip_str for e in active]
        st.devices = [name] + [e.peer_dev for e in active]
        st.frr_available = cfg.frr and self._frr(name, dst, active[0].adj)
        return st

    def lsp_up_to(self, dev: str, address: str) -> LspState | None:
        return next((lsp for lsp in self.devices[dev].lsps if lsp.up and lsp.to == address), None)

    def ldp_lsp_to(self, dev: str, address: str) -> bool:
        """An LDP LSP reaches ``address``: every hop of the OSPF route runs link LDP on both ends."""
        path = self.route(dev, address)
        if not path:
            return False
        return all(
            e.ipif.name in self.views[e.dev].ldp_interfaces and e.peer_if.name in self.views[e.peer_dev].ldp_interfaces
            for e in path
        )

    # ---- LDP and pseudowires ---------------------------------------------------------------
    def _pw_peers(self, dev: str) -> list[str]:
        out: list[str] = []
        for pw in self.views[dev].pws:
            for p in pw.peers:
                if p not in out:
                    out.append(p)
        return out

    def _my_addresses(self, dev: str) -> set[str]:
        v = self.views[dev]
        return {a for a in [v.router_id, *v.loopbacks] if a}

    def _deps(self, name: str) -> tuple[list[str], frozenset[str]]:
        """A device's PW peers and the devices owning them."""
        prev = self._prev
        if prev is not None and name not in self._view_dirty:
            return prev._dep[name]  # same view, same owners (the routing inputs are unchanged)
        peers = self._pw_peers(name)
        return peers, frozenset(o for o in map(self.owner, peers) if o)

    def _dependents_of(self, devices: Any) -> set[str]:
        """``devices`` and every device with a PW peer one of them owns."""
        out = set(devices)
        deps = self._dependents
        for d in devices:
            out.update(deps.get(d, ()))
        return out

    def _ldp(self) -> None:
        prev = self._prev
        if prev is None:
            self._dep = {n: self._deps(n) for n in self.views}
            #: device → the devices with a PW peer it owns (sets shared between states: replaced,
            #: never changed in place)
            self._dependents: dict[str, frozenset[str]] = {}
            for n, (_, owners) in self._dep.items():
                for o in owners:
                    self._dependents[o] = self._dependents.get(o, frozenset()) | {n}
            self.ldp_up: dict[tuple[str, str], bool] = {}
            self._ldp_up_of: dict[str, dict[tuple[str, str], bool]] = {}
            redo: Any = self.views
        else:  # the previous maps, with the entries of the devices with a new view replaced
            self._dep, self._dependents = dict(prev._dep), dict(prev._dependents)
            for n in self._view_dirty:
                old_owners = prev._dep[n][1]
                self._dep[n] = self._deps(n)
                new_owners = self._dep[n][1]
                for o in old_owners - new_owners:
                    self._dependents[o] = self._dependents[o] - {n}
                for o in new_owners - old_owners:
                    self._dependents[o] = self._dependents.get(o, frozenset()) | {n}
            self.ldp_up, self._ldp_up_of = dict(prev.ldp_up), dict(prev._ldp_up_of)
            # sessions depend on both ends' views (the far end's through ``_pw_face``) and on
            # routes (unchanged when reused), not on ports (those reach them through the OSPF
            # edges, see pathmemo)
            self._face_changed = {n for n in self._view_dirty if _pw_face(self.views[n]) != _pw_face(prev.views[n])}
            redo = self._view_dirty | self._dependents_of(self._face_changed) | self._ldp_stale
            for name in redo:
                for key in prev._ldp_up_of[name]:
                    del self.ldp_up[key]
            self._keep_others("ldp", redo)
        for name in redo:
            self._own(name).ldp = []
            peers, _ = self._dep[name]
            up_of = self._ldp_up_of[name] = {}
            self._uses = set()
            for peer in peers:
                other = self.owner(peer)
                up, reason = False, ""
                if not self.views[name].ldp_targeted:
                    reason = "LDP is not enabled on the loopback"
                elif other is None:
                    reason = f"no router answers at {peer}"
                elif not self.views[other].ldp_targeted:
                    reason = f"{other} does not run LDP on its loopback"
                elif not set(self._pw_peers(other)) & self._my_addresses(name):
                    reason = f"{other} has no pseudowire towards {name}"
                elif not (self.reachable(name, peer) and self.reachable(other, self.views[name].router_id or "")):
                    reason = f"no route between {name} and {peer}"
                else:
                    up = True
                self.ldp_up[(name, peer)] = up_of[(name, peer)] = up
                self.devices[name].ldp.append(LdpSession(peer, other or "", up, reason))
            self._index.read(("ldp", name), self._uses)
            self._uses = None

    def _attachment_up(self, dev: str, pw: PwConfig) -> bool:
        ports = self.devices[dev].ports
        view = self.views[dev]
        for a in pw.attachments:
            if not a.functional:
                continue
            if a.port is None:
                if view.vendor == "junos" and a.name.startswith("lt-") and not view.tunnel_services:
                    continue
                return True
            if a.port in ports and ports[a.port].oper_up:
                return True
        return False

    def _attachments_moved(self, dev: str, prev: NetworkState) -> bool:
        """Did a port one of ``dev``'s PW attachment circuits uses change its state?"""
        mine, theirs = self.devices[dev].ports, prev.devices[dev].ports
        if mine is theirs:
            return False
        for pw in self.views[dev].pws:
            for a in pw.attachments:
                if a.port is not None and mine.get(a.port) != theirs.get(a.port):
                    return True
        return False

    def _advertises(self, dev: str, pw: PwConfig, peer: str) -> bool:
        """Does dev send a label mapping for this PW to peer?"""
        if not self.ldp_up.get((dev, peer)):
            return False
        return not (self.views[dev].vendor == "netiron" and self.lsp_up_to(dev, peer) is None)

    def _match(self, dev: str, pw: PwConfig, peer_dev: str) -> PwConfig | None:
        mine = self._my_addresses(dev)
        for other in self.views[peer_dev].pws:
            if other.kind == pw.kind and other.id == pw.id and set(other.peers) & mine:
                return other
        return None

    def _labels(self, name: str) -> dict[tuple[str, str, str, str], int]:
        """Local PW labels of one device (they depend on its own configuration only)."""
        prev = self._prev
        if prev is not None and name not in self._view_dirty:
            return prev._device_labels[name]
        view = self.views[name]
        labels: dict[tuple[str, str, str, str], int] = {}
        base, step = LABEL_BASE[view.vendor]
        n = 0
        for pw in sorted(view.pws, key=lambda p: (p.kind, p.id, p.name)):
            for peer in sorted(pw.peers):
                labels[(name, pw.kind, pw.name, peer)] = view.pw_labels.get((pw.id, peer), base + step * n)
                n += 1
        return labels

    def _pws(self) -> None:
        prev = self._prev
        if prev is None:
            self._device_labels = {name: self._labels(name) for name in self.views}
        else:
            self._device_labels = dict(prev._device_labels)
            for name in self._view_dirty:
                self._device_labels[name] = self._labels(name)
        if prev is not None:  # the previous merge, with the new views' own labels replaced
            labels = prev._all_labels
            if self._view_dirty:
                labels = dict(labels)
                for name in self._view_dirty:
                    for key in prev._device_labels[name]:
                        del labels[key]
                for name in self._view_dirty:
                    labels.update(self._device_labels[name])
        else:
            labels = {}
            for dev_labels in self._device_labels.values():
                labels.update(dev_labels)
        #: every device's local PW labels in one map (keys start with the device's name)
        self._all_labels = labels
        # LSPs and LDP sessions redone because paths changed count like a new configuration
        # a device's PWs depend on its view and ports and on each peer's (and on LDP/LSPs
        # between them, which depend on the same two devices)
        # (a device whose LSPs or LDP sessions were redone changed nothing for PWs when which
        # LSPs are up to where, and which sessions are up, stayed the same: paths do not matter)
        # a device's PWs read the far end's view (``_pw_face``), LSPs (which are up to where),
        # LDP sessions (which are up) and attachment circuits' ports: its own are redone with a
        # new view, the devices depending on it when one of those changed
        redo: Any = self.views
        if prev is not None:
            changed = {n for n in self._lsp_stale | self._view_dirty
                       if _lsps_up(self.devices[n].lsps) != _lsps_up(prev.devices[n].lsps)}
            changed.update(n for n in (self._ldp_stale | self._view_dirty) - changed
                           if _ldp_up(self.devices[n].ldp) != _ldp_up(prev.devices[n].ldp))
            changed.update(n for n in self.dirty - changed if self._attachments_moved(n, prev))
            redo = self._view_dirty | self._dependents_of(changed | self._face_changed | self._pw_stale)
        self._keep_others("pws", redo)
        for name in redo:
            view = self.views[name]
            my_addr = view.router_id or ""
            self._own(name).pws = []
            self._uses = set()
            for pw in view.pws:
                for peer in pw.peers:
                    other = self.owner(peer)
                    remote = self._match(name, pw, other) if other else None
                    st = PwState(
                        kind=pw.kind, name=pw.name, id=pw.id, peer=peer, peer_device=other, up=False,
                        code="", reason="", pw_type=pw.pw_type, mtu=pw.mtu,
                        attachments=[a.name for a in pw.attachments],
                    )
                    st.attachment_up = self._attachment_up(name, pw)
                    lsp = self.lsp_up_to(name, peer)
                    st.tunnel = lsp.name if lsp else ("ldp" if self.ldp_lsp_to(name, peer) else None)
                    if self._advertises(name, pw, peer) or self.ldp_up.get((name, peer)):
                        st.local_label = labels[(name, pw.kind, pw.name, peer)]
                    remote_adv = (
                        remote is not None and other is not None and self._advertises(other, remote, my_addr)
                    )
                    if remote_adv and remote is not None and other is not None:
                        st.remote_type = remote.pw_type
                        st.remote_mtu = remote.mtu
                        st.remote_label = labels.get((other, remote.kind, remote.name, my_addr))
                    st.control_word = _negotiated_cw(pw, remote if remote_adv else None)
                    st.code, st.reason = self._pw_code(name, pw, st, other, remote, remote_adv, st.tunnel is not None)
                    st.up = st.code == "up"
                    self.devices[name].pws.append(st)
            # the routes an LDP tunnel was looked up on (LSPs and sessions are covered by redo)
            self._index.read(("pw", name), [u for u in self._uses if u[0] == "r"])
            self._uses = None

    def _pw_code(
        self, dev: str, pw: PwConfig, st: PwState, other: str | None, remote: PwConfig | None,
        remote_adv: bool, have_lsp: bool,
    ) -> tuple[str, str]:
        if not st.attachment_up:
            problems = [a.problem for a in pw.attachments if a.problem]
            return "local-ac-down", problems[0] if problems else "local attachment circuit is down"
        if not self.ldp_up.get((dev, st.peer)):
            return "no-ldp", f"no LDP session to {st.peer}"
        if not have_lsp:
            return "no-lsp", f"no RSVP LSP up to {st.peer}"
        if remote is None or other is None:
            return "no-remote", f"{other or st.peer} has no {pw.kind.upper()} with id {pw.id} towards {dev}"
        if not remote_adv:
            return "no-remote", f"{other} has not signalled a label (no LSP or LDP session back to {dev})"
        if not self._attachment_up(other, remote):
            return "remote-ac-down", f"{other} attachment circuit is down"
        if remote.pw_type != pw.pw_type:
            return "type-mismatch", f"PW type differs: {dev} {pw.pw_type}, {other} {remote.pw_type}"
        if remote.mtu != pw.mtu and pw.mtu_enforced:
            return "mtu-mismatch", f"PW MTU differs: {dev} {pw.mtu}, {other} {remote.mtu}"
        if pw.control_word and remote.control_word and pw.control_word != remote.control_word:
            return "cw-mismatch", (f"control word differs: {dev} {pw.control_word}, "
                                   f"{other} {remote.control_word}")
        return "up", ""

    def pw_for(self, dev: str, kind: str, name: str, peer: str) -> PwState | None:
        return next(
            (p for p in self.devices[dev].pws if p.kind == kind and p.name == name and p.peer == peer), None
        )

    def summary(self) -> dict[str, Any]:
        """Compact dict of the state (for tests and debugging)."""
        return {
            n: {
                "ospf": {o.interface: o.state for o in d.ospf},
                "lsps": {lsp.name: (lsp.up, lsp.active) for lsp in d.lsps},
                "ldp": {s.peer: s.up for s in d.ldp},
                "pws": {(p.kind, p.id, p.peer): p.code for p in d.pws},
            }
            for n, d in self.devices.items()
        }


def _pw_face(v: DeviceView) -> tuple[Any, ...]:
    """What another device's LDP sessions and PWs read of a device's view (its addresses, LDP on
    its loopback, its PWs, their labels and attachment circuits' vendor rules)."""
    return (v.vendor, v.ldp_targeted, v.router_id, tuple(v.loopbacks),
            tuple((i.address, i.vrf, i.loopback) for i in v.ipifs), v.pws, v.pw_labels, v.tunnel_services)


def _signals(lsp: LspState) -> tuple[Any, ...]:
    """What an LSP's RSVP sessions are made of."""
    return lsp.up, lsp.name, lsp.source, lsp.to, lsp.devices


def _sessions(lsp: LspState) -> tuple[tuple[str, RsvpSession], ...]:
    """An up LSP's RSVP sessions as (device, session) pairs along its path (none when down)."""
    if not lsp.up:
        return ()
    name, source, to = lsp.name, lsp.source, lsp.to
    return (
        (lsp.devices[0], RsvpSession("ingress", name, source, to, True)),
        *((mid, RsvpSession("transit", name, source, to, True)) for mid in lsp.devices[1:-1]),
        (lsp.devices[-1], RsvpSession("egress", name, source, to, True)),
    )


def _add_sessions(sessions: dict[str, list[RsvpSession]], lsp: LspState) -> None:
    """Append an up LSP's RSVP sessions to ``sessions`` (device → its sessions)."""
    if not lsp.up:
        return
    name, source, to, devices = lsp.name, lsp.source, lsp.to, lsp.devices
    sessions.setdefault(devices[0], []).append(RsvpSession("ingress", name, source, to, True))
    for mid in devices[1:-1]:
        sessions.setdefault(mid, []).append(RsvpSession("transit", name, source, to, True))
    sessions.setdefault(devices[-1], []).append(RsvpSession("egress", name, source, to, True))


def _lsps_up(lsps: list[LspState]) -> list[tuple[str, bool, str]]:
    """What PWs read of a device's LSPs (``lsp_up_to``): which are up to where, in order."""
    return [(lsp.to, lsp.up, lsp.name) for lsp in lsps]


def _ldp_up(sessions: list[LdpSession]) -> list[tuple[str, bool]]:
    """What PWs read of a device's LDP sessions (``ldp_up``): which are up."""
    return [(s.peer, s.up) for s in sessions]


def _elect(a: tuple[int, str], b: tuple[int, str]) -> tuple[str, str]:
    """DR/BDR of a two-router segment from (priority, router ID): the higher priority, then the
    higher router ID, is DR; priority 0 is never elected ("" for it)."""
    def key(x: tuple[int, str]) -> tuple[int, ipaddress.IPv4Address]:
        return x[0], ipaddress.IPv4Address(x[1])

    eligible = [k for k in (a, b) if k[0] > 0]
    ranked = sorted(eligible, key=key, reverse=True)
    roles = dict(zip((k[1] for k in ranked), ("DR", "BDR"), strict=False))
    return roles.get(a[1], "") if a[0] else "", roles.get(b[1], "") if b[0] else ""


def _mtu_mismatch_states(mtu_a: int, rid_a: str, mtu_b: int, rid_b: str) -> tuple[str, str]:
    """OSPF states of two neighbours whose IP MTUs differ (RFC 2328 10.6).

    The smaller-MTU side rejects every DBD of the other and stays in ExStart. The bigger side
    reaches Exchange only as the slave, i.e. with the lower router ID: it accepts the master's
    initial DBD. As the master (higher router ID) it waits in ExStart for a slave that never
    answers. Measured with FRR in network namespaces: both ExStart when the bigger side has the
    higher router ID.
    """
    if mtu_a > mtu_b:
        big_first = True
    else:
        big_first = False
        mtu_a, mtu_b, rid_a, rid_b = mtu_b, mtu_a, rid_b, rid_a
    big = "Exchange" if ipaddress.IPv4Address(rid_a) < ipaddress.IPv4Address(rid_b) else "ExStart"
    return (big, "ExStart") if big_first else ("ExStart", big)


def frame_size(ip_packet: int, tagged: bool) -> int:
    """Frame bytes without FCS for an IP packet (common MTU convention)."""
    return ip_packet + ETH + (TAG if tagged else 0)


def _negotiated_cw(local: PwConfig, remote: PwConfig | None) -> str | None:
    """The control word a PW ends up with: null only when both ends ask for it; an end whose
    reader does not model it (None) is taken as not offering one (RFC 4447 fallback)."""
    if local.control_word is None:
        return None
    if local.control_word == "none" or remote is None:
        return "none" if local.control_word == "none" else local.control_word
    return "null" if remote.control_word == "null" else "none"
