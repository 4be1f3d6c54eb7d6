"""OSPF and LDP: neighbours, OSPF interfaces and LDP sessions."""

from __future__ import annotations

from lxml import etree

from mpls_interop_lab.junos.ops.common import OpsBase, el, text_lines
from mpls_interop_lab.model.state import LdpSession


def _ldp_words(s: LdpSession) -> tuple[str, str, int]:
    """(session state, connection state, hold time left) of an LDP session."""
    return ("Operational", "Open", 26) if s.up else ("Nonexistent", "Closed", 0)


class RoutingRpcs(OpsBase):
    """``get-ospf-*`` and ``get-ldp-*`` information, and the text of their ``show`` commands."""

    def rpc_get_ospf_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ospf-neighbor-information", "routing")
        for n in self.dev.ospf:
            e = el(root, "ospf-neighbor")
            el(e, "neighbor-address", n.address)
            el(e, "interface-name", n.interface)
            el(e, "ospf-neighbor-state", n.state)
            el(e, "neighbor-id", n.neighbor_id)
            el(e, "neighbor-priority", 128)
            el(e, "activity-timer", 35)
        return root

    def rpc_get_ospf_interface_information(self, rpc: etree._Element) -> etree._Element:
        detail = self._flag(rpc, "detail") or self._flag(rpc, "extensive")
        root = self._root("ospf-interface-information", "routing")
        full = {n.interface for n in self.dev.ospf if n.state == "Full"}
        for ipif in self.dev.view.ipifs:
            if ipif.ospf is None:
                continue
            o = ipif.ospf
            e = el(root, "ospf-interface")
            el(e, "interface-name", ipif.name)
            state = "PtToPt" if o.network_type == "p2p" else "DR"
            if not self.dev.ip_oper_up(ipif.name):
                state = "Down"
            el(e, "ospf-interface-state", state)
            el(e, "ospf-area", o.area)
            dr = "0.0.0.0" if o.network_type == "p2p" or state == "Down" else (self.dev.view.router_id or "0.0.0.0")
            el(e, "dr-id", dr)
            el(e, "bdr-id", "0.0.0.0")
            el(e, "neighbor-count", 1 if ipif.name in full else 0)
            if detail:
                el(e, "interface-type", "P2P" if o.network_type == "p2p" else "LAN")
                el(e, "interface-address", str(ipif.address.ip))
                el(e, "address-mask", str(ipif.address.netmask))
                el(e, "mtu", ipif.ip_mtu if not ipif.loopback else 65535)
                el(e, "interface-cost", 0 if ipif.loopback else o.cost)
                el(e, "adj-count", 1 if ipif.name in full else 0)
                el(e, "hello-interval", o.hello)
                el(e, "dead-interval", o.dead)
                el(e, "retransmit-interval", 5)
        return root

    def rpc_get_ldp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ldp-session-information", "routing")
        for s in self.dev.ldp:
            e = el(root, "ldp-session")
            state, connection, hold = _ldp_words(s)
            el(e, "ldp-neighbor-address", s.peer)
            el(e, "ldp-session-state", state)
            el(e, "ldp-connection-state", connection)
            el(e, "ldp-remaining-time", hold)
            el(e, "ldp-session-adv-mode", "DU")
        return root

    def rpc_get_ldp_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ldp-neighbor-information", "routing")
        for s in self.dev.ldp:
            if not s.up:
                continue
            e = el(root, "ldp-neighbor")
            el(e, "ldp-neighbor-address", s.peer)
            el(e, "interface-name", "lo0.0")
            el(e, "ldp-label-space-id", f"{s.peer}:0")
            el(e, "ldp-remaining-time", 41)
        return root

    def rpc_get_ldp_route_information(self, rpc: etree._Element) -> etree._Element:
        """``show ldp route``: the /32 FEC of every LDP peer, with its OSPF next hop; the ingress
        route (an LDP LSP in inet.3) is present when link LDP runs on both ends of every hop
        (element names from the junos-rpc-ldp YANG, ``ldp-route-information-block``)."""
        root = self._root("ldp-route-information", "routing")
        state = self.state()
        for s in self.dev.ldp:
            path = state.route(self.name, s.peer)
            e = el(root, "ldp-route")
            el(e, "ldp-prefix", f"{s.peer}/32")
            lsp = bool(path) and state.ldp_lsp_to(self.name, s.peer)
            if lsp:
                assert path is not None
                # penultimate-hop popping: implicit null from the egress, a label otherwise
                el(e, "ldp-label", 3 if len(path) == 1 else 299792 + 16 * len(path))
                el(e, "ldp-ingress-route-status", "Active")
            else:
                el(e, "ldp-no-label", None)
            if path:
                nh = el(e, "ldp-nexthop")
                el(nh, "interface-name", path[0].ipif.name)
                el(nh, "interface-address", str(path[0].peer_if.address.ip))
        return root

    def _ospf_neighbor_text(self) -> str:
        lines = ["Address          Interface              State           ID               Pri  Dead"]
        for n in self.dev.ospf:
            lines.append(f"{n.address:<16} {n.interface:<22} {n.state:<15} {n.neighbor_id:<16} 128    35")
        return text_lines(lines)

    def _ldp_session_text(self) -> str:
        lines = ["  Address                           State       Connection  Hold time  Adv. Mode"]
        for s in self.dev.ldp:
            state, connection, hold = _ldp_words(s)
            lines.append(f"{s.peer:<35}{state:<12}{connection:<12}{hold:<11}DU")
        return text_lines(lines)

    def rpc_get_bfd_session_information(self, rpc: etree._Element) -> etree._Element:
        """``show bfd session``: element names from the junos-rpc-bfd YANG (times in seconds)."""
        root = self._root("bfd-session-information", "routing")
        sessions = self.dev.bfd
        up = sum(s.up for s in sessions)
        for s in sessions:
            e = el(root, "bfd-session")
            el(e, "session-neighbor", s.neighbor)
            el(e, "session-state", "Up" if s.up else "Down")
            el(e, "session-interface", s.interface)
            el(e, "session-detection-time", f"{s.detection_time / 1000:.3f}")
            el(e, "session-transmission-interval", f"{s.interval / 1000:.3f}")
            el(e, "session-adaptive-multiplier", s.multiplier)
        el(root, "sessions", len(sessions))
        el(root, "clients", len(sessions))
        el(root, "up-sessions", up)
        el(root, "down-sessions", len(sessions) - up)
        return root
