"""Junos operational RPCs answered from the lab's network model, with Junos's element names.

``OperationalRpcs(name, state_getter).handle(rpc)`` returns the reply element for the RPCs it
knows (``get-interface-information``, OSPF, LDP, RSVP, MPLS LSP, l2circuit, VPLS, ``ping``, and
``<command>`` for the matching ``show`` commands), or None so the NETCONF layer reports
operation-not-supported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from lxml import etree

from labs.model.dataplane import ping as model_ping
from labs.model.network import NetworkState
from labs.model.state import DeviceState, PwState
from labs.model.vocab import pw_status

NS = "http://xml.juniper.net/junos/21.2R0/junos-{}"
JUNOS_NS = "http://xml.juniper.net/junos/*/junos"

L2CKT_LEGEND = """Legend for connection status (St)
EI -- encapsulation invalid      NP -- interface h/w not present
MM -- mtu mismatch               Dn -- down
EM -- encapsulation mismatch     VC-Dn -- Virtual circuit Down
CM -- control-word mismatch      Up -- operational
VM -- vlan id mismatch           CF -- Call admission control failure
OL -- no outgoing label          IB -- TDM incompatible bitrate
NC -- intf encaps not CCC/TCC    TM -- TDM misconfiguration
BK -- Backup Connection          ST -- Standby Connection
CB -- rcvd cell-bundle size bad  SP -- Static Pseudowire
LD -- local site signaled down   RS -- remote site standby
RD -- remote site signaled down  XX -- unknown
"""


def _el(parent: etree._Element | None, tag: str, text: object = None, **attrib: str) -> etree._Element:
    e = etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = str(text)
    return e


def _root(tag: str, ns: str, style: str | None = None) -> etree._Element:
    nsmap = {None: NS.format(ns), "junos": JUNOS_NS}
    root = etree.Element(tag, nsmap=nsmap)
    if style:
        root.set(f"{{{JUNOS_NS}}}style", style)
    return root


def _mac(name: str, ifname: str) -> str:
    h = hashlib.sha1(f"{name}/{ifname}".encode()).hexdigest()
    return f"2c:6b:f5:{h[0:2]}:{h[2:4]}:{h[4:6]}"


def _index(ifname: str) -> int:
    return 128 + int(hashlib.sha1(ifname.encode()).hexdigest()[:4], 16) % 800


class OperationalRpcs:
    def __init__(self, name: str, state: Callable[[], NetworkState]) -> None:
        self.name = name
        self.state = state

    @property
    def dev(self) -> DeviceState:
        return self.state().devices[self.name]

    def handle(self, rpc: etree._Element) -> etree._Element | None:
        tag = etree.QName(rpc).localname
        if tag == "command":
            return self.command(rpc)
        method = getattr(self, "rpc_" + tag.replace("-", "_"), None)
        return method(rpc) if method else None

    # ---- interfaces --------------------------------------------------------------------------
    def rpc_get_interface_information(self, rpc: etree._Element) -> etree._Element:
        terse = rpc.find("terse") is not None
        detail = rpc.find("detail") is not None or rpc.find("extensive") is not None
        wanted = (rpc.findtext("interface-name") or "").strip()
        style = "terse" if terse else ("detail" if detail else "normal")
        root = _root("interface-information", "interface", style)
        view = self.dev.view
        units: dict[str, list] = {}
        for ipif in view.ipifs:
            units.setdefault(ipif.name.split(".")[0], []).append(ipif)
        names = sorted(set(view.ports) | set(units), key=lambda n: (n.startswith("lo"), n))
        for ifd in names:
            if wanted and not (ifd == wanted or wanted.startswith(ifd + ".") or re.fullmatch(wanted.replace("*", ".*"), ifd)):
                continue
            port = self.dev.ports.get(ifd)
            admin = port.admin_up if port else True
            oper = port.oper_up if port else True
            phy = _el(root, "physical-interface")
            _el(phy, "name", ifd)
            _el(phy, "admin-status", "up" if admin else "down", format="Enabled" if admin else "Disabled")
            _el(phy, "oper-status", "up" if oper else "down")
            if not terse:
                _el(phy, "local-index", _index(ifd))
                _el(phy, "snmp-index", _index(ifd) + 373)
                _el(phy, "link-level-type", "Ethernet" if port else "Unspecified")
                _el(phy, "mtu", port.l2_mtu if port else "Unlimited")
                _el(phy, "speed", "1000mbps" if ifd.startswith("ge-") else ("10Gbps" if ifd.startswith("xe-") else "Unlimited"))
                _el(phy, "current-physical-address", _mac(self.name, ifd))
                _el(phy, "hardware-physical-address", _mac(self.name, ifd))
                flags = _el(phy, "if-device-flags")
                _el(flags, "ifdf-present")
                _el(flags, "ifdf-running" if oper else "ifdf-down")
                _el(phy, "interface-flapped", "Never", seconds="0")
            for ipif in sorted(units.get(ifd, []), key=lambda i: i.name):
                log = _el(phy, "logical-interface")
                _el(log, "name", ipif.name)
                if terse:
                    _el(log, "admin-status", "up" if ipif.admin_up else "down")
                    _el(log, "oper-status", "up" if self.dev.ip_oper_up(ipif.name) else "down")
                else:
                    _el(log, "local-index", _index(ipif.name))
                    _el(log, "snmp-index", _index(ipif.name) + 373)
                    cfg = _el(log, "if-config-flags")
                    _el(cfg, "iff-up" if self.dev.ip_oper_up(ipif.name) else "iff-device-down")
                    _el(cfg, "iff-snmp-traps")
                    _el(log, "encapsulation", "ENET2")
                fam = _el(log, "address-family")
                _el(fam, "address-family-name", "inet")
                if not terse:
                    _el(fam, "mtu", ipif.ip_mtu if not ipif.loopback else "Unlimited")
                addr = _el(fam, "interface-address")
                if not terse:
                    _el(addr, "ifa-destination", str(ipif.address.network) if not ipif.loopback else "Unspecified")
                _el(addr, "ifa-local", str(ipif.address.ip) if ipif.loopback else str(ipif.address))
                if ipif.mpls and not terse:
                    mpls = _el(log, "address-family")
                    _el(mpls, "address-family-name", "mpls")
                    _el(mpls, "mtu", (port.l2_mtu - 14 - (4 if ipif.tags.get(ifd) else 0)) if port else "Unlimited")
        return root

    # ---- OSPF ---------------------------------------------------------------------------------
    def rpc_get_ospf_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("ospf-neighbor-information", "routing")
        for n in self.dev.ospf:
            e = _el(root, "ospf-neighbor")
            _el(e, "neighbor-address", n.address)
            _el(e, "interface-name", n.interface)
            _el(e, "ospf-neighbor-state", n.state)
            _el(e, "neighbor-id", n.neighbor_id)
            _el(e, "neighbor-priority", 128)
            _el(e, "activity-timer", 35)
        return root

    def rpc_get_ospf_interface_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("ospf-interface-information", "routing")
        full = {n.interface for n in self.dev.ospf if n.state == "Full"}
        for ipif in self.dev.view.ipifs:
            if ipif.ospf is None:
                continue
            e = _el(root, "ospf-interface")
            _el(e, "interface-name", ipif.name)
            state = "DRother" if not ipif.ospf.passive else "DR"
            if ipif.ospf.network_type == "p2p":
                state = "PtToPt"
            if not self.dev.ip_oper_up(ipif.name):
                state = "Down"
            _el(e, "ospf-interface-state", state)
            _el(e, "interface-area", ipif.ospf.area)
            _el(e, "dr-id", "0.0.0.0")
            _el(e, "bdr-id", "0.0.0.0")
            _el(e, "neighbor-count", 1 if ipif.name in full else 0)
            if ipif.ospf.passive:
                _el(e, "passive")
            _el(e, "interface-cost", ipif.ospf.cost)
            _el(e, "hello-interval", ipif.ospf.hello)
            _el(e, "dead-interval", ipif.ospf.dead)
        return root

    # ---- LDP ---------------------------------------------------------------------------------
    def rpc_get_ldp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("ldp-session-information", "routing")
        for s in self.dev.ldp:
            e = _el(root, "ldp-session")
            _el(e, "ldp-neighbor-address", s.peer)
            _el(e, "ldp-session-state", "Operational" if s.up else "Nonexistent")
            _el(e, "ldp-connection-state", "Open" if s.up else "Closed")
            _el(e, "ldp-remaining-time", 26 if s.up else 0)
            _el(e, "ldp-session-adv-mode", "DU")
        return root

    def rpc_get_ldp_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("ldp-neighbor-information", "routing")
        for s in self.dev.ldp:
            if not s.up:
                continue
            e = _el(root, "ldp-neighbor")
            _el(e, "ldp-neighbor-address", s.peer)
            _el(e, "interface-name", "lo0.0")
            _el(e, "ldp-label-space-id", f"{s.peer}:0")
            _el(e, "ldp-remaining-time", 41)
        return root

    # ---- RSVP / MPLS --------------------------------------------------------------------------
    def rpc_get_rsvp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("rsvp-session-information", "routing")
        for role in ("ingress", "egress", "transit"):
            sessions = [s for s in self.dev.rsvp if s.role == role]
            data = _el(root, "rsvp-session-data")
            _el(data, "session-type", role.capitalize())
            _el(data, "count", len(sessions))
            for s in sessions:
                e = _el(data, "rsvp-session", **{f"{{{JUNOS_NS}}}style": "brief"})
                _el(e, "destination-address", s.destination)
                _el(e, "source-address", s.source)
                _el(e, "lsp-state", "Up" if s.up else "Dn")
                _el(e, "route-count", 0)
                _el(e, "rsb-count", 1)
                _el(e, "resv-style", "SE")
                _el(e, "label-in", "-" if role == "ingress" else 3)
                _el(e, "label-out", 3 if role != "egress" else "-")
                _el(e, "name", s.name)
            _el(data, "display-count", len(sessions))
            _el(data, "up-count", sum(s.up for s in sessions))
            _el(data, "down-count", sum(not s.up for s in sessions))
        return root

    def rpc_get_mpls_lsp_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("mpls-lsp-information", "routing")
        data = _el(root, "rsvp-session-data")
        _el(data, "session-type", "Ingress")
        _el(data, "count", len(self.dev.lsps))
        for n, lsp in enumerate(self.dev.lsps, start=1):
            sess = _el(data, "rsvp-session", **{f"{{{JUNOS_NS}}}style": "detail"})
            m = _el(sess, "mpls-lsp")
            _el(m, "destination-address", lsp.to)
            _el(m, "source-address", lsp.source)
            _el(m, "lsp-state", "Up" if lsp.up else "Dn")
            _el(m, "route-count", 0)
            _el(m, "name", lsp.name)
            _el(m, "lsp-id", n)
            _el(m, "lsp-description", "")
            name = lsp.primary_name if lsp.active == "primary" else lsp.secondary_name
            _el(m, "active-path", f"{name} ({lsp.active})" if lsp.active and name else f"({lsp.active or 'none'})")
            if lsp.frr:
                _el(m, "is-fastreroute")
            _el(m, "lsp-type", "Static Configured")
            _el(m, "egress-label-operation", "Penultimate hop popping")
            _el(m, "load-balance", "random")
            for title, pname in (("Primary", lsp.primary_name), ("Secondary", lsp.secondary_name)):
                if title == "Secondary" and not pname:
                    continue
                p = _el(m, "mpls-lsp-path")
                _el(p, "title", title)
                _el(p, "name", pname)
                active = lsp.up and lsp.active == title.lower()
                if active:
                    _el(p, "path-active")
                up = active or (title == "Secondary" and lsp.secondary_up)
                _el(p, "path-state", "Up" if up else "Dn")
                _el(p, "setup-priority", 7)
                _el(p, "hold-priority", 0)
                if active:
                    ero = _el(p, "explicit-route", heading="          ")
                    for hop in lsp.path:
                        h = _el(ero, "explicit-route-element")
                        _el(h, "address", hop)
                        _el(h, "explicit-route-type", "S")
                elif not up and lsp.reason:
                    _el(p, "cspf-status", lsp.reason)
        _el(data, "display-count", len(self.dev.lsps))
        _el(data, "up-count", sum(lsp.up for lsp in self.dev.lsps))
        _el(data, "down-count", sum(not lsp.up for lsp in self.dev.lsps))
        return root

    # ---- pseudowires ---------------------------------------------------------------------------
    def _connection(self, parent: etree._Element, p: PwState, ident: str) -> None:
        c = _el(parent, "connection")
        _el(c, "connection-id", ident)
        _el(c, "connection-type", "rmt")
        _el(c, "connection-status", pw_status("junos", p.kind, p.code))
        _el(c, "last-change", "Nov 21 04:00:00 2026")
        _el(c, "up-transitions", 1 if p.up else 0)
        _el(c, "remote-pe", p.peer)
        _el(c, "control-word", "No")
        if p.local_label is not None:
            _el(c, "inbound-label", p.local_label)
        if p.remote_label is not None:
            _el(c, "outbound-label", p.remote_label)
        _el(c, "pw-status-tlv", "No")
        for name in p.attachments:
            li = _el(c, "local-interface")
            _el(li, "interface-name", name)
            _el(li, "interface-status", "Up" if p.attachment_up else "Dn")
            _el(li, "interface-encapsulation", "ETHERNET" if p.pw_type == "raw" else "VLAN")
        if p.reason and not p.up:
            _el(c, "connection-status-reason", p.reason)
        if p.mtu:
            _el(c, "local-mtu", p.mtu)
        if p.remote_mtu:
            _el(c, "remote-mtu", p.remote_mtu)

    def rpc_get_l2ckt_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("l2circuit-connection-information", "l2ckt")
        by_peer: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vll":
                by_peer.setdefault(p.peer, []).append(p)
        for peer, pws in by_peer.items():
            n = _el(root, "l2circuit-neighbor")
            _el(n, "neighbor-address", peer)
            for p in pws:
                self._connection(n, p, f"{p.name}(vc {p.id})")
        return root

    def rpc_get_vpls_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = _root("vpls-connection-information", "l2ald")
        by_inst: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vpls":
                by_inst.setdefault(p.name, []).append(p)
        for inst, pws in by_inst.items():
            i = _el(root, "instance")
            _el(i, "instance-name", inst)
            _el(i, "vpls-id", pws[0].id)
            for p in pws:
                n = _el(i, "neighbor")
                _el(n, "neighbor-address", p.peer)
                self._connection(n, p, f"vpls-{inst}-{p.peer}(vpls-id {p.id})")
        return root

    # ---- ping -----------------------------------------------------------------------------------
    def rpc_ping(self, rpc: etree._Element) -> etree._Element:
        host = (rpc.findtext("host") or "").strip()
        size = int((rpc.findtext("size") or "56").strip() or 56)
        count = int((rpc.findtext("count") or "5").strip() or 5)
        source = (rpc.findtext("source") or "").strip() or None
        vrf = (rpc.findtext("routing-instance") or "").strip() or None
        df = rpc.find("do-not-fragment") is not None
        out = model_ping(self.state(), self.name, host, size=size, df=df, count=count, source=source, vrf=vrf)
        root = _root("ping-results", "probe-tests")
        _el(root, "target-host", host)
        _el(root, "target-ip", host)
        _el(root, "packet-size", size)
        for seq in range(out.received):
            pr = _el(root, "probe-result", **{"date-determined": "1795233600"})
            _el(pr, "probe-index", seq + 1)
            _el(pr, "probe-success")
            _el(pr, "sequence-number", seq)
            _el(pr, "ip-address", host)
            _el(pr, "time-to-live", 64)
            _el(pr, "response-size", size + 8)
            _el(pr, "rtt", 1200 + 37 * seq)
        if out.frag_needed and "local" not in out.reason:
            pr = _el(root, "probe-result")
            _el(pr, "probe-index", 1)
            _el(pr, "icmp-type-text", "frag needed and DF set")
        summary = _el(root, "probe-results-summary")
        _el(summary, "probes-sent", out.sent)
        _el(summary, "responses-received", out.received)
        _el(summary, "packet-loss", 100 - (100 * out.received // out.sent if out.sent else 0))
        if out.received:
            for k in ("rtt-minimum", "rtt-maximum", "rtt-average", "rtt-stddev"):
                _el(summary, k, 1200)
            _el(root, "ping-success")
        elif out.frag_needed and "local" in out.reason:
            _el(root, "ping-failure", "sendto: Message too long")
        elif out.no_route:
            _el(root, "ping-failure", "sendto: No route to host")
        else:
            _el(root, "ping-failure", "no response")
        return root

    # ---- CLI commands -----------------------------------------------------------------------------
    COMMANDS = {
        "show interfaces terse": ("get_interface_information", "<terse/>"),
        "show interfaces detail": ("get_interface_information", "<detail/>"),
        "show interfaces": ("get_interface_information", ""),
        "show ospf neighbor": ("get_ospf_neighbor_information", ""),
        "show ospf interface": ("get_ospf_interface_information", ""),
        "show ldp session": ("get_ldp_session_information", ""),
        "show ldp neighbor": ("get_ldp_neighbor_information", ""),
        "show rsvp session": ("get_rsvp_session_information", ""),
        "show mpls lsp": ("get_mpls_lsp_information", ""),
        "show l2circuit connections": ("get_l2ckt_connection_information", ""),
        "show vpls connections": ("get_vpls_connection_information", ""),
    }

    def command(self, rpc: etree._Element) -> etree._Element | None:
        text = " ".join((rpc.text or "").split())
        fmt = rpc.get("format", "xml")
        for cmd in sorted(self.COMMANDS, key=len, reverse=True):
            if text == cmd or text.startswith(cmd + " "):
                method, extra = self.COMMANDS[cmd]
                reply = getattr(self, "rpc_" + method)(etree.fromstring(f"<x>{extra}</x>"))
                if fmt != "text":
                    return reply
                out = etree.Element("output")
                out.text = self.as_text(cmd, reply)
                return out
        return None

    def as_text(self, cmd: str, reply: etree._Element) -> str:
        if cmd == "show l2circuit connections":
            return self._l2ckt_text()
        if cmd == "show ospf neighbor":
            lines = ["Address          Interface              State           ID               Pri  Dead"]
            for n in self.dev.ospf:
                lines.append(f"{n.address:<16} {n.interface:<22} {n.state:<15} {n.neighbor_id:<16} 128    35")
            return "\n".join(lines) + "\n"
        if cmd == "show ldp session":
            lines = ["  Address                           State       Connection  Hold time  Adv. Mode"]
            for s in self.dev.ldp:
                st = "Operational" if s.up else "Nonexistent"
                lines.append(f"{s.peer:<35}{st:<12}{'Open' if s.up else 'Closed':<12}{'26' if s.up else '0':<11}DU")
            return "\n".join(lines) + "\n"
        if cmd == "show mpls lsp":
            lines = [f"Ingress LSP: {len(self.dev.lsps)} sessions",
                     "To              From            State Rt P     ActivePath       LSPname"]
            for lsp in self.dev.lsps:
                p = "*" if lsp.up else ""
                name = lsp.primary_name if lsp.active == "primary" else lsp.secondary_name
                lines.append(f"{lsp.to:<16}{lsp.source:<16}{'Up' if lsp.up else 'Dn':<6}{0:<3}{p:<6}{name:<17}{lsp.name}")
            return "\n".join(lines) + "\n"
        return etree.tostring(reply, pretty_print=True).decode()

    def _l2ckt_text(self) -> str:
        out = ["Layer-2 Circuit Connections:", "", L2CKT_LEGEND, "Legend for interface status", "Up -- operational",
               "Dn -- down"]
        by_peer: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vll":
                by_peer.setdefault(p.peer, []).append(p)
        for peer, pws in by_peer.items():
            out.append(f"Neighbor: {peer}")
            out.append("    Interface                 Type  St     Time last up          # Up trans")
            for p in pws:
                ident = f"{p.name}(vc {p.id})"
                st = pw_status("junos", "vll", p.code)
                out.append(f"    {ident:<26}rmt   {st:<7}Nov 21 04:00:00 2026           {1 if p.up else 0}")
                out.append(f"      Remote PE: {p.peer}, Negotiated control-word: No")
                if p.local_label is not None:
                    out.append(f"      Incoming label: {p.local_label}, Outgoing label: {p.remote_label or ''}")
                out.append("      Negotiated PW status TLV: No")
                enc = "ETHERNET" if p.pw_type == "raw" else "VLAN"
                for a in p.attachments:
                    out.append(f"      Local interface: {a}, Status: {'Up' if p.attachment_up else 'Dn'}, Encapsulation: {enc}")
        return "\n".join(out) + "\n"
