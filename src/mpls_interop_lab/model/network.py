"""The network model: device configurations + wiring + faults → protocol state.

It never sees the intent or the renderer: it only knows what each device's configuration says and
how the ports are cabled, exactly as a real network does. State is recomputed on demand after any
configuration change or fault.

Recomputation is incremental where it pays: every layer is rebuilt from the views (cheap, with
indexes), but shortest paths (SPF, CSPF, hop-by-hop routes) are memoised and carried over from
the previous state when the routing inputs — the OSPF/TE edges in order with their costs, who owns
which address and which prefixes are advertised — are unchanged. Results are then identical to a
from-scratch computation by construction (same inputs, same deterministic algorithm).
"""

from __future__ import annotations

import heapq
import ipaddress
from dataclasses import dataclass, field
from typing import Any

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

LABEL_BASE = {"junos": (299776, 16), "netiron": (851968, 1)}


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


@dataclass(frozen=True)
class Adjacency:
    """Two IP interfaces that see each other on one wire (same tag, same subnet)."""

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

    @property
    def key(self) -> tuple[str, str, str, str, Adjacency]:
        """Identifies the edge across states (memoised paths are kept as keys)."""
        return self.dev, self.ipif.name, self.peer_dev, self.peer_if.name, self.adj


class _Lazy(dict):  # type: ignore[type-arg]
    """A dict that computes a missing key once with ``fn``."""

    def __init__(self, fn: Any) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.fn(key)
        return value


class NetworkState:
    """A snapshot of everything the devices would report.

    ``previous``: the state before a change; its memoised paths are reused when the routing inputs
    are unchanged (``self.reused`` tells whether they were).
    """

    def __init__(
        self, views: dict[str, DeviceView], wires: list[Wire], faults: Faults,
        previous: NetworkState | None = None,
    ) -> None:
        self.views = views
        self.wires = wires
        self.faults = faults
        self.devices: dict[str, DeviceState] = {
            n: DeviceState(name=n, vendor=v.vendor, view=v) for n, v in views.items()
        }
        self._order = {n: k for k, n in enumerate(views)}
        self._owners()
        self._ports()
        self.adjacencies = self._adjacencies()
        self.ospf_edges: dict[str, list[Edge]] = {n: [] for n in views}
        self._ospf()
        self._bfd()
        self.te_edges: dict[str, list[Edge]] = {
            n: [e for e in edges if self._te(e)] for n, edges in self.ospf_edges.items()
        }
        self._edges = {e.key: e for es in self.ospf_edges.values() for e in es}
        self._prefixes()
        self.routing_key = self._routing_key()
        self.reused = previous is not None and previous.routing_key == self.routing_key
        if self.reused:
            assert previous is not None
            self.spf = previous.spf
            self._cspf_memo = previous._cspf_memo
            self._route_memo = previous._route_memo
        else:
            #: shortest paths from a source, computed when first needed
            self.spf = _Lazy(lambda n, edges=self.ospf_edges: NetworkState._dijkstra(n, edges))
            self._cspf_memo: dict[tuple[str, str, frozenset[Adjacency]], list[tuple[Any, ...]] | None] = {}
            self._route_memo: dict[tuple[str, str], list[tuple[Any, ...]] | None] = {}
        #: the previous state whose per-device results are reused for devices not in ``dirty``
        self._prev = previous if self.reused else None
        self.dirty = self._dirty(previous) if self._prev is not None else set(views)
        self._lsps()
        self._ldp()
        self._pws()
        self._prev = None  # keep one generation only

    def _dirty(self, previous: NetworkState | None) -> set[str]:
        """Devices whose view (a new configuration) or port state changed since ``previous``."""
        if previous is None or previous.views.keys() != self.views.keys():
            return set(self.views)
        return {
            n for n, v in self.views.items()
            if v is not previous.views[n] or self.devices[n].ports != previous.devices[n].ports
        }

    # ---- lookups -------------------------------------------------------------------------
    def _owners(self) -> None:
        """Address → device: router IDs and loopbacks first, then any interface address."""
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

    def _prefixes(self) -> None:
        """Advertised OSPF prefixes per device and prefix → advertising devices."""
        self._advertised: dict[str, list[ipaddress.IPv4Network]] = {}
        self._advertisers: dict[ipaddress.IPv4Network, list[str]] = {}
        for dev in self.views:
            nets = self._advertised[dev] = self._ospf_prefixes(dev)
            for net in nets:
                devs = self._advertisers.setdefault(net, [])
                if dev not in devs:
                    devs.append(dev)
        self._plens = sorted({n.prefixlen for n in self._advertisers}, reverse=True)

    def _routing_key(self) -> tuple[Any, ...]:
        """Everything shortest paths and routes depend on (compared between states)."""
        edges = tuple(
            (e.dev, e.ipif.name, e.ipif.address, e.peer_dev, e.peer_if.name, e.peer_if.address, e.cost, e.adj,
             e in self.te_edges[dev])
            for dev, es in self.ospf_edges.items() for e in es
        )
        rids = tuple((n, v.router_id, v.traffic_engineering) for n, v in self.views.items())
        return edges, rids, self._owner_lo, self._owner_any, self._advertisers

    def port_l2(self, dev: str, port: str) -> int:
        ps = self.devices[dev].ports.get(port)
        return ps.l2_mtu if ps else 0

    # ---- layer 1/2 ------------------------------------------------------------------------
    def _ports(self) -> None:
        wired: dict[tuple[str, str], tuple[str, str]] = {}
        for w in self.wires:
            wired[w.a] = w.b
            wired[w.b] = w.a
        for name, view in self.views.items():
            for pname, port in view.ports.items():
                l2 = port.l2_mtu
                if (name, pname) in self.faults.link_mtu:
                    value = self.faults.link_mtu[(name, pname)]
                    l2 = value - FCS if view.vendor == "netiron" else value
                # an unwired port faces a customer device that is up (a CE in the lab's terms)
                up = port.admin_up and (name, pname) not in self.faults.link_down
                self.devices[name].ports[pname] = PortState(pname, port.admin_up, up, l2)
        for (dev, pname), (odev, oport) in wired.items():
            me = self.devices.get(dev, None)
            other = self.devices.get(odev, None)
            if me is None or pname not in me.ports:
                continue
            other_ok = other is not None and oport in other.ports and other.ports[oport].admin_up
            down = (dev, pname) in self.faults.link_down or (odev, oport) in self.faults.link_down
            me.ports[pname].oper_up = me.ports[pname].admin_up and other_ok and not down

    def _adjacencies(self) -> list[Adjacency]:
        out = []
        for w in self.wires:
            (ad, ap), (bd, bp) = w.a, w.b
            if ad not in self.devices or bd not in self.devices:
                continue
            pa = self.devices[ad].ports.get(ap)
            if pa is None or not pa.oper_up:
                continue
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
    def _ospf(self) -> None:
        for adj in self.adjacencies:
            va, vb = self.views[adj.a_dev], self.views[adj.b_dev]
            x, y = va.ipif(adj.a_if), vb.ipif(adj.b_if)
            assert x is not None and y is not None
            if not (va.ospf_running and vb.ospf_running and x.ospf and y.ospf):
                continue
            if x.ospf.passive or y.ospf.passive:
                continue
            if (x.ospf.area, x.ospf.hello, x.ospf.dead) != (y.ospf.area, y.ospf.hello, y.ospf.dead):
                continue  # hellos are dropped: no neighbour at all
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
            if sa != "Init" and x.ospf.network_type == "broadcast":
                role_a, role_b = _elect((x.ospf.priority, rid_a), (y.ospf.priority, rid_b))
                self.devices[adj.a_dev].ospf_roles[x.name] = role_a
                self.devices[adj.b_dev].ospf_roles[y.name] = role_b
            self.devices[adj.a_dev].ospf.append(
                OspfNeighbor(x.name, str(y.address.ip), rid_b, adj.b_dev, sa, x.ospf.area, str(x.address.ip), role_b, y.ospf.priority)  # type: ignore[arg-type]
            )
            self.devices[adj.b_dev].ospf.append(
                OspfNeighbor(y.name, str(x.address.ip), rid_a, adj.a_dev, sb, y.ospf.area, str(y.address.ip), role_a, x.ospf.priority)  # type: ignore[arg-type]
            )
            if sa == sb == "Full":
                self.ospf_edges[adj.a_dev].append(Edge(adj.a_dev, x, adj.b_dev, y, x.ospf.cost, adj))
                self.ospf_edges[adj.b_dev].append(Edge(adj.b_dev, y, adj.a_dev, x, y.ospf.cost, adj))

    # ---- BFD (OSPF client) ------------------------------------------------------------------
    def _bfd(self) -> None:
        """A session per OSPF neighbour on an interface with BFD for OSPF: Up when both ends run
        BFD, Down (nothing heard) when only this end does."""
        for dev, st in self.devices.items():
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

    @staticmethod
    def _dijkstra(
        src: str, edges: dict[str, list[Edge]], avoid: set[Adjacency] | None = None
    ) -> dict[str, tuple[int, Edge | None]]:
        """Shortest paths from src: node → (cost, first edge leaving src)."""
        best: dict[str, tuple[int, Edge | None]] = {src: (0, None)}
        heap: list[tuple[int, int, str, Edge | None]] = [(0, 0, src, None)]
        tie = 0
        while heap:
            cost, _, node, first = heapq.heappop(heap)
            if cost > best.get(node, (1 << 30, None))[0]:
                continue
            for e in edges.get(node, []):
                if avoid and e.adj in avoid:
                    continue
                nc = cost + e.cost
                if nc < best.get(e.peer_dev, (1 << 30, None))[0]:
                    tie += 1
                    best[e.peer_dev] = (nc, first or e)
                    heapq.heappush(heap, (nc, tie, e.peer_dev, first or e))
        return best

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
        if key not in self._route_memo:
            found = self._route(src, target)
            self._route_memo[key] = [e.key for e in found] if found is not None else None
        path = self._route_memo[key]
        return [self._edges[k] for k in path] if path is not None else None

    def _route(self, src: str, target: str) -> list[Edge] | None:
        ip = ipaddress.IPv4Address(target)
        found: set[str] = set()
        for plen in self._plens:
            net = ipaddress.IPv4Network((int(ip) >> (32 - plen) << (32 - plen) if plen else 0, plen))
            found.update(self._advertisers.get(net, ()))
        candidates = sorted(found, key=self._order.__getitem__)
        owner = self.owner(target)
        if owner in candidates:
            candidates = [owner]
        best = None
        for dst in candidates:
            if dst in self.spf[src] and (best is None or self.spf[src][dst][0] < self.spf[src][best][0]):
                best = dst
        if best is None:
            return None
        path: list[Edge] = []
        node = src
        while node != best:
            _, first = self.spf[node][best]
            if first is None or len(path) > len(self.views):
                return None
            path.append(first)
            node = first.peer_dev
        return path

    def reachable(self, src: str, target: str) -> bool:
        if self.views[src].owns(target):
            return True
        for i in self.views[src].ipifs:
            if i.vrf is None and not i.loopback and ipaddress.IPv4Address(target) in i.address.network:
                return True
        return self.route(src, target) is not None

    # ---- RSVP-TE ----------------------------------------------------------------------------
    def _te(self, e: Edge) -> bool:
        a, b = self.views[e.dev], self.views[e.peer_dev]
        return (
            a.traffic_engineering and b.traffic_engineering
            and e.ipif.rsvp and e.ipif.mpls and e.peer_if.rsvp and e.peer_if.mpls
        )

    def _cspf(self, src: str, dst: str, avoid: set[Adjacency] | None = None) -> list[Edge] | None:
        """Shortest TE path (one Dijkstra with predecessors), or None (memoised)."""
        key = (src, dst, frozenset(avoid or ()))
        if key not in self._cspf_memo:
            found = self._cspf_run(src, dst, avoid)
            self._cspf_memo[key] = [e.key for e in found] if found is not None else None
        path = self._cspf_memo[key]
        return [self._edges[k] for k in path] if path is not None else None

    def _cspf_run(self, src: str, dst: str, avoid: set[Adjacency] | None = None) -> list[Edge] | None:
        best: dict[str, tuple[int, Edge | None]] = {src: (0, None)}
        heap: list[tuple[int, int, str]] = [(0, 0, src)]
        tie = 0
        while heap:
            cost, _, node = heapq.heappop(heap)
            if node == dst:
                break
            if cost > best[node][0]:
                continue
            for e in self.te_edges.get(node, []):
                if avoid and e.adj in avoid:
                    continue
                nc = cost + e.cost
                if nc < best.get(e.peer_dev, (1 << 30, None))[0]:
                    tie += 1
                    best[e.peer_dev] = (nc, e)
                    heapq.heappush(heap, (nc, tie, e.peer_dev))
        if dst not in best:
            return None
        path: list[Edge] = []
        node = dst
        while node != src:
            edge = best[node][1]
            assert edge is not None
            path.append(edge)
            node = edge.dev
        return path[::-1]

    def _explicit(self, src: str, dst: str, hops: list[Hop], avoid: set[Adjacency] | None = None) -> list[Edge] | None:
        node = src
        path: list[Edge] = []
        for hop in hops:
            if self.views[node].owns(hop.address):
                continue
            if hop.strict:
                edge = next(
                    (e for e in self.te_edges[node] if str(e.peer_if.address.ip) == hop.address
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
        for name, view in self.views.items():
            # an LSP depends on its head-end's view and on paths/owners (unchanged when reused)
            reuse = prev.devices[name].lsps if prev is not None and name not in self.dirty else None
            for k, cfg in enumerate(view.lsps):
                st = reuse[k] if reuse is not None else self._lsp(name, cfg)
                self.devices[name].lsps.append(st)
                if not st.up:
                    continue
                self.devices[name].rsvp.append(RsvpSession("ingress", cfg.name, st.source, cfg.to, True))
                for mid in st.devices[1:-1]:
                    self.devices[mid].rsvp.append(RsvpSession("transit", cfg.name, st.source, cfg.to, True))
                self.devices[st.devices[-1]].rsvp.append(RsvpSession("egress", cfg.name, st.source, cfg.to, True))

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
        st.path = [str(e.peer_if.address.ip) for e in active]
        st.devices = [name] + [e.peer_dev for e in active]
        st.frr_available = cfg.frr and self._cspf(name, dst, {active[0].adj}) is not None
        return st

    def lsp_up_to(self, dev: str, address: str) -> LspState | None:
        return next((lsp for lsp in self.devices[dev].lsps if lsp.up and lsp.to == address), None)

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

    def _ldp(self) -> None:
        self.ldp_up: dict[tuple[str, str], bool] = {}
        prev = self._prev
        for name in self.views:
            old = {s.peer: s for s in prev.devices[name].ldp} if prev is not None and name not in self.dirty else {}
            for peer in self._pw_peers(name):
                other = self.owner(peer)
                # a session depends on both ends' views and on routes (unchanged when reused)
                if peer in old and (other is None or other not in self.dirty):
                    self.ldp_up[(name, peer)] = old[peer].up
                    self.devices[name].ldp.append(old[peer])
                    continue
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
                self.ldp_up[(name, peer)] = up
                self.devices[name].ldp.append(LdpSession(peer, other or "", up, reason))

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
        if prev is not None and name not in self.dirty:
            return prev._device_labels[name]
        view = self.views[name]
        labels: dict[tuple[str, str, str, str], int] = {}
        base, step = LABEL_BASE[view.vendor]
        n = 0
        for pw in sorted(view.pws, key=lambda p: (p.kind, p.id, p.name)):
            for peer in sorted(pw.peers):
                labels[(name, pw.kind, pw.name, peer)] = base + step * n
                n += 1
        return labels

    def _pws(self) -> None:
        self._device_labels = {name: self._labels(name) for name in self.views}
        labels: dict[tuple[str, str, str, str], int] = {}
        for dev_labels in self._device_labels.values():
            labels.update(dev_labels)
        prev = self._prev
        for name, view in self.views.items():
            my_addr = view.router_id or ""
            # a device's PWs depend on its view and ports and on each peer's (and on LDP/LSPs
            # between them, which depend on the same two devices)
            if prev is not None and name not in self.dirty and not any(
                self.owner(peer) in self.dirty for pw in view.pws for peer in pw.peers
            ):
                self.devices[name].pws.extend(prev.devices[name].pws)
                continue
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
                    st.tunnel = lsp.name if lsp else None
                    if self._advertises(name, pw, peer) or self.ldp_up.get((name, peer)):
                        st.local_label = labels[(name, pw.kind, pw.name, peer)]
                    remote_adv = (
                        remote is not None and other is not None and self._advertises(other, remote, my_addr)
                    )
                    if remote_adv and remote is not None and other is not None:
                        st.remote_type = remote.pw_type
                        st.remote_mtu = remote.mtu
                        st.remote_label = labels.get((other, remote.kind, remote.name, my_addr))
                    st.code, st.reason = self._pw_code(name, pw, st, other, remote, remote_adv, lsp is not None)
                    st.up = st.code == "up"
                    self.devices[name].pws.append(st)

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
