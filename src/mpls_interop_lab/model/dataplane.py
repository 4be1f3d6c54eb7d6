"""Data plane: do-not-fragment pings between any two IP endpoints, across links and pseudowires.

Rules (each vendor's MTU convention already folded into ``l2_mtu``):

* the sender cannot emit a DF packet larger than its egress IP MTU (local "frag needed");
* a router forwarding a DF packet larger than its egress IP MTU returns "frag needed";
* a frame larger than either port's L2 MTU on a wire is dropped silently (a giant);
* across a PW the labelled packet (IP + inner Ethernet [+ tag] [+ control word] + 2 labels) must
  fit every core link of the LSP carrying it (the 4-byte control word where both ends negotiated
  one, RFC 4385/4448: found missing by the cross-check against real frames), and frames that cross a raw PW still VLAN-tagged (Junos raw VPLS without
  ``vlan-id none``) are not delivered into the far end's untagged bridge: that direction fails;
* replies are sent without DF and are fragmented by the replier when needed.
"""

from __future__ import annotations

import ipaddress

from mpls_interop_lab.model.network import Edge, NetworkState, frame_size
from mpls_interop_lab.model.state import PingOutcome
from mpls_interop_lab.model.views import ETH, TAG, IpIf

IP_ICMP = 28
LABELS = 8
#: the PW control word (RFC 4385), between the PW label and the inner frame
CONTROL_WORD = 4


def _wire_ok(state: NetworkState, edge: Edge, packet: int) -> bool:
    adj = edge.adj
    frame = frame_size(packet, adj.tagged)
    return frame <= state.port_l2(adj.a_dev, adj.a_port) and frame <= state.port_l2(adj.b_dev, adj.b_port)


class _Drop(Exception):
    def __init__(self, reason: str, frag_needed: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.frag_needed = frag_needed


def _routed(state: NetworkState, path: list[Edge], packet: int, df: bool, first: bool) -> None:
    """Walk routed hops; raises _Drop when the packet does not make it."""
    for n, e in enumerate(path):
        size = packet
        if packet > e.ipif.ip_mtu:
            if df:
                where = "local" if (first and n == 0) else e.dev
                raise _Drop(f"frag needed at {where} ({e.ipif.name} IP MTU {e.ipif.ip_mtu})", True)
            size = e.ipif.ip_mtu  # fragmented
        if not _wire_ok(state, e, size):
            raise _Drop(
                f"{size}-byte packet dropped on {e.dev} {e.adj.a_port if e.adj.a_dev == e.dev else e.adj.b_port} "
                f"→ {e.peer_dev}: frame exceeds the port MTU"
            )


def _lsp_fits(state: NetworkState, dev: str, peer: str, inner_frame: int) -> str:
    lsp = state.lsp_up_to(dev, peer)
    if lsp is None:
        return f"no LSP from {dev} to {peer}"
    labelled = inner_frame + LABELS
    node = dev
    for hop in lsp.path:
        edge = next((e for e in state.te_edges[node] if str(e.peer_if.address.ip) == hop), None)
        if edge is None:
            return f"LSP {lsp.name} path broken at {node}"
        if not _wire_ok(state, edge, labelled):
            return f"labelled {labelled}-byte packet does not fit {node} → {edge.peer_dev}"
        node = edge.peer_dev
    return ""


def _service_targets(state: NetworkState, dev: str, ipif: IpIf, target: str) -> tuple[str, IpIf, str, str] | None:
    """Find the far IP endpoint in the same L2 service: (device, ipif, local PW name, peer address)."""
    kind, name = ipif.service  # type: ignore[misc]
    pw = next((p for p in state.views[dev].pws if p.kind == kind and p.name == name), None)
    if pw is None:
        return None
    for peer in pw.peers:
        other = state.owner(peer)
        if other is None:
            continue
        remote = state._match(dev, pw, other)
        if remote is None:
            continue
        for far in state.views[other].ipifs:
            if far.service == (kind, remote.name) and str(far.address.ip) == target:
                return other, far, pw.name, peer
    return None


def _tag_leak(state: NetworkState, dev: str, kind: str, pw_name: str, ipif: IpIf) -> bool:
    """Frames from this endpoint cross a raw PW still tagged."""
    pw = next(p for p in state.views[dev].pws if p.kind == kind and p.name == pw_name)
    if pw.pw_type != "raw":
        return False
    lt = ipif.name.split(".")[0]
    for a in pw.attachments:
        if a.name.startswith(lt + ".") or a.port is None or a.name == ipif.name:
            return a.tag_on_pw
    return any(a.tag_on_pw for a in pw.attachments)


def _across_service(
    state: NetworkState, src: str, src_if: IpIf, dst: str, dst_if: IpIf, pw_name: str, peer: str,
    packet: int, df: bool, direction: str,
) -> None:
    kind = src_if.service[0]  # type: ignore[index]
    local = state.pw_for(src, kind, pw_name, peer)
    if local is None or not local.up:
        raise _Drop(f"{direction}: {kind.upper()} {pw_name} {src}→{peer} is {local.code if local else 'absent'}")
    size = packet
    if packet > src_if.ip_mtu:
        if df:
            raise _Drop(f"frag needed at {src} ({src_if.name} IP MTU {src_if.ip_mtu})", True)
        size = src_if.ip_mtu
    room = src_if.service_l2_mtu or 0
    if size + ETH > room:
        raise _Drop(f"{direction}: frame {size + ETH} exceeds {src} {src_if.name} MTU {room}")
    leak = _tag_leak(state, src, kind, pw_name, src_if)
    inner = size + ETH + (TAG if leak or local.pw_type == "tagged" else 0)
    problem = _lsp_fits(state, src, peer, inner + (CONTROL_WORD if local.control_word == "null" else 0))
    if problem:
        raise _Drop(f"{direction}: {problem}")
    remote_type = local.remote_type
    if leak and remote_type == "raw":
        raise _Drop(f"{direction}: frames from {src} cross the raw PW VLAN-tagged; {dst} drops them")
    if size + ETH > (dst_if.service_l2_mtu or 0):
        raise _Drop(f"{direction}: frame {size + ETH} exceeds {dst} {dst_if.name} MTU {dst_if.service_l2_mtu}")


def _egress(state: NetworkState, dev: str, target: str, vrf: str | None) -> IpIf | None:
    ip = ipaddress.IPv4Address(target)
    for i in state.views[dev].ipifs:
        if i.vrf == vrf and not i.loopback and ip in i.address.network and state.devices[dev].ip_oper_up(i.name):
            return i
    return None


def _deliver(
    state: NetworkState, dev: str, target: str, packet: int, df: bool, vrf: str | None, first: bool,
    direction: str,
) -> str:
    """Carry a packet from dev to target; returns the device that owns target."""
    view = state.views[dev]
    if view.owns(target) and any(str(i.address.ip) == target and i.vrf == vrf for i in view.ipifs):
        _check_answers(state, dev, target, direction)
        return dev
    egress = _egress(state, dev, target, vrf)
    if egress is not None:
        if egress.service is not None:
            found = _service_targets(state, dev, egress, target)
            if found is None:
                raise _Drop(f"{direction}: {target} does not answer in {egress.service[0]} {egress.service[1]}")
            other, far, pw_name, peer = found
            _across_service(state, dev, egress, other, far, pw_name, peer, packet, df, direction)
            return other
        for adj_edge in _adjacent(state, dev, egress):
            if str(adj_edge.peer_if.address.ip) == target:
                _routed(state, [adj_edge], packet, df, first)
                return adj_edge.peer_dev
        raise _Drop(f"{direction}: {target} does not answer on {dev} {egress.name}")
    if vrf is not None:
        raise _Drop(f"{direction}: no route to {target} in {vrf}")
    path = state.route(dev, target)
    if path is None:
        raise _Drop(f"{direction}: no route from {dev} to {target}")
    _routed(state, path, packet, df, first)
    last = path[-1].peer_dev if path else dev
    if not state.views[last].owns(target):
        return _deliver(state, last, target, packet, df, vrf, False, direction)
    _check_answers(state, last, target, direction)
    return last


def _check_answers(state: NetworkState, dev: str, target: str, direction: str) -> None:
    """An address answers only while its interface is up (a loopback's always is)."""
    for i in state.views[dev].ipifs:
        if str(i.address.ip) == target and not state.devices[dev].ip_oper_up(i.name):
            raise _Drop(f"{direction}: {target} is on {dev} {i.name}, which is down")


def _adjacent(state: NetworkState, dev: str, ipif: IpIf) -> list[Edge]:
    out = []
    for adj in state.adjacencies:
        if adj.a_dev == dev and adj.a_if == ipif.name:
            peer = state.views[adj.b_dev].ipif(adj.b_if)
            out.append(Edge(dev, ipif, adj.b_dev, peer, 1, adj))  # type: ignore[arg-type]
        elif adj.b_dev == dev and adj.b_if == ipif.name:
            peer = state.views[adj.a_dev].ipif(adj.a_if)
            out.append(Edge(dev, ipif, adj.a_dev, peer, 1, adj))  # type: ignore[arg-type]
    return out


def ping(
    state: NetworkState, dev: str, target: str, size: int = 56, df: bool = True, count: int = 5,
    source: str | None = None, vrf: str | None = None,
) -> PingOutcome:
    packet = size + IP_ICMP
    try:
        ipaddress.IPv4Address(target)
    except ValueError:
        return PingOutcome(count, 0, no_route=True, reason=f"invalid address {target}")
    view = state.views[dev]
    if vrf is not None and not any(i.vrf == vrf for i in view.ipifs):
        return PingOutcome(count, 0, no_route=True, reason=f"routing instance {vrf} not found")
    if source is not None and not view.owns(source):
        return PingOutcome(count, 0, no_route=True, reason=f"{source} is not an address of {dev}")
    egress = _egress(state, dev, target, vrf)
    if source is None:
        if egress is not None:
            source = str(egress.address.ip)
        elif view.owns(target):
            source = target
        else:
            path = state.route(dev, target) if vrf is None else None
            source = str(path[0].ipif.address.ip) if path else (view.router_id or "")
    try:
        if egress is None and vrf is None and not view.owns(target) and state.route(dev, target) is None:
            return PingOutcome(count, 0, no_route=True, reason=f"no route to {target}", source=source)
        owner = _deliver(state, dev, target, packet, df, vrf, True, "request")
        back_vrf = next((i.vrf for i in state.views[owner].ipifs if str(i.address.ip) == target), None)
        if owner != dev:
            _deliver(state, owner, source, packet, False, back_vrf, False, "reply")
    except _Drop as drop:
        return PingOutcome(count, 0, frag_needed=drop.frag_needed, reason=drop.reason, source=source)
    return PingOutcome(count, count, source=source)


def service_delivery(state: NetworkState, dev: str, target_dev: str, kind: str, name: str, size: int = 1000) -> str:
    """One direction of an L2 service: '' when a frame from dev's IP endpoint in the service reaches
    target_dev's IP endpoint, else the reason it does not."""
    src_if = next((i for i in state.views[dev].ipifs if i.service == (kind, name)), None)
    if src_if is None:
        return f"{dev} has no IP endpoint in {kind} {name}"
    for far in state.views[target_dev].ipifs:
        if far.service and far.service[0] == kind:
            found = _service_targets(state, dev, src_if, str(far.address.ip))
            if found:
                other, far_if, pw_name, peer = found
                try:
                    _across_service(state, dev, src_if, other, far_if, pw_name, peer, size + IP_ICMP, True, "frame")
                except _Drop as drop:
                    return drop.reason
                return ""
    return f"{target_dev} has no IP endpoint in {kind} {name}"
