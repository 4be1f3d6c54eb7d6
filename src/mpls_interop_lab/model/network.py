"""The network model: device configurations + wiring + faults → protocol state.

It never sees the intent or the renderer: it only knows what each device's configuration says and
how the ports are cabled, exactly as a real network does. State is recomputed on demand after any
configuration change or fault.
"""

from __future__ import annotations

import heapq
import ipaddress
from dataclasses import dataclass, field
from typing import Any

from mpls_interop_lab.model.state import (
    DeviceState,
    LdpSession,
    LspState,
    OspfNeighbor,
    PortState,
    PwState,
    RsvpSession,
)
from mpls_interop_lab.model.views import ETH, FCS, TAG, DeviceView, Hop, IpIf, LspConfig, PwConfig

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


class NetworkState:
    """A snapshot of everything the devices would report."""

    def __init__(self, views: dict[str, DeviceView], wires: list[Wire], faults: Faults) -> None:
        self.views = views
        self.wires = wires
        self.faults = faults
        self.devices: dict[str, DeviceState] = {
            n: DeviceState(name=n, vendor=v.vendor, view=v) for n, v in views.items()
        }
        self._ports()
        self.adjacencies = self._adjacencies()
        self.ospf_edges: dict[str, list[Edge]] = {n: [] for n in views}
        self._ospf()
        self.spf: dict[str, dict[str, tuple[int, Edge | None]]] = {n: self._dijkstra(n, self.ospf_edges) for n in views}
        self.te_edges: dict[str, list[Edge]] = {
            n: [e for e in edges if self._te(e)] for n, edges in self.ospf_edges.items()
        }
        self._lsps()
        self._ldp()
        self._pws()

    # ---- lookups -------------------------------------------------------------------------
    def owner(self, address: str) -> str | None:
        for name, v in self.views.items():
            if v.router_id == address or address in v.loopbacks:
                return name
        for name, v in self.views.items():
            if v.owns(address):
                return name
        return None

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
                # the smaller side rejects the bigger DBDs and stays in ExStart; the bigger side
                # reaches Exchange only as the slave (lower router ID), by accepting the master's
                # DBD; as the master it waits in ExStart for a slave that never agrees (measured
                # with FRR on OVS: bench/openflow_crosscheck.py, scenarios ip-mtu-mismatch[-a])
                a_bigger = x.ip_mtu > y.ip_mtu
                a_slave = ipaddress.IPv4Address(rid_a) < ipaddress.IPv4Address(rid_b)
                bigger_state = "Exchange" if a_slave == a_bigger else "ExStart"
                sa = bigger_state if a_bigger else "ExStart"
                sb = "ExStart" if a_bigger else bigger_state
            else:
                sa = sb = "Full"
            self.devices[adj.a_dev].ospf.append(
                OspfNeighbor(x.name, str(y.address.ip), rid_b, adj.b_dev, sa, x.ospf.area, str(x.address.ip))  # type: ignore[arg-type]
            )
            self.devices[adj.b_dev].ospf.append(
                OspfNeighbor(y.name, str(x.address.ip), rid_a, adj.a_dev, sb, y.ospf.area, str(y.address.ip))  # type: ignore[arg-type]
            )
            if sa == sb == "Full":
                self.ospf_edges[adj.a_dev].append(Edge(adj.a_dev, x, adj.b_dev, y, x.ospf.cost, adj))
                self.ospf_edges[adj.b_dev].append(Edge(adj.b_dev, y, adj.a_dev, x, y.ospf.cost, adj))

    @staticmethod
    def _dijkstra(
        src: str, edges: dict[str, list[Edge]], avoid: set[int] | None = None
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
                if avoid and id(e.adj) in avoid:
                    continue
                nc = cost + e.cost
                if nc < best.get(e.peer_dev, (1 << 30, None))[0]:
                    tie += 1
                    best[e.peer_dev] = (nc, first or e)
                    heapq.heappush(heap, (nc, tie, e.peer_dev, first or e))
        return best

    def ospf_prefixes(self, dev: str) -> list[ipaddress.IPv4Network]:
        return [i.address.network for i in self.views[dev].ipifs if i.ospf and i.vrf is None]

    def route(self, src: str, target: str) -> list[Edge] | None:
        """Hop-by-hop OSPF path from src to the router that owns/advertises target."""
        ip = ipaddress.IPv4Address(target)
        candidates = [d for d in self.views if any(ip in p for p in self.ospf_prefixes(d))]
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

    def _cspf(self, src: str, dst: str, avoid: set[int] | None = None) -> list[Edge] | None:
        """Shortest TE path (one Dijkstra with predecessors), or None."""
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
                if avoid and id(e.adj) in avoid:
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

    def _explicit(self, src: str, dst: str, hops: list[Hop], avoid: set[int] | None = None) -> list[Edge] | None:
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
                if edge is None or (avoid and id(edge.adj) in avoid):
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
        for name, view in self.views.items():
            for cfg in view.lsps:
                st = self._lsp(name, cfg)
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
            cfg.name, src, cfg.to, False, None, frr=cfg.frr, standby=cfg.standby,
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
            avoid = {id(primary[0].adj)} if primary else None
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
        st.frr_available = cfg.frr and self._cspf(name, dst, {id(active[0].adj)}) is not None
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

    def _ldp(self) -> None:
        self.ldp_up: dict[tuple[str, str], bool] = {}
        for name in self.views:
            for peer in self._pw_peers(name):
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

    def _pws(self) -> None:
        labels: dict[tuple[str, str, str, str], int] = {}
        for name, view in self.views.items():
            base, step = LABEL_BASE[view.vendor]
            n = 0
            for pw in sorted(view.pws, key=lambda p: (p.kind, p.id, p.name)):
                for peer in sorted(pw.peers):
                    labels[(name, pw.kind, pw.name, peer)] = base + step * n
                    if view.vendor == "openflow":  # a static plan: base per kind + service id
                        labels[(name, pw.kind, pw.name, peer)] = (200000 if pw.kind == "vll" else 600000) + pw.id
                    n += 1
        for name, view in self.views.items():
            my_addr = view.router_id or ""
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
                    st.code, st.reason = self._pw_code(name, pw, st, other, remote, remote_adv, st.tunnel is not None)
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
        if remote.mtu != pw.mtu:
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


def frame_size(ip_packet: int, tagged: bool) -> int:
    """Frame bytes without FCS for an IP packet (common MTU convention)."""
    return ip_packet + ETH + (TAG if tagged else 0)
