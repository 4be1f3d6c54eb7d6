"""Pseudowires: ``get-l2ckt-connection-information`` (LDP l2circuits, per neighbour),
``get-vpls-connection-information`` (LDP VPLS, per instance) and the text of
``show l2circuit connections`` with its status legend."""

from __future__ import annotations

from lxml import etree

from mpls_interop_lab.junos.ops.common import OpsBase, clock_text, el, text_lines
from mpls_interop_lab.model.state import PwState
from mpls_interop_lab.model.vocab import pw_status

#: the ``lsi`` units LDP VPLS pseudowires get (``no-tunnel-services``)
FIRST_LSI = 1048576

#: connection-status legend printed above ``show l2circuit connections``: two columns of pairs
_L2CKT_CODES = (
    ("EI", "encapsulation invalid", "NP", "interface h/w not present"),
    ("MM", "mtu mismatch", "Dn", "down"),
    ("EM", "encapsulation mismatch", "VC-Dn", "Virtual circuit Down"),
    ("CM", "control-word mismatch", "Up", "operational"),
    ("VM", "vlan id mismatch", "CF", "Call admission control failure"),
    ("OL", "no outgoing label", "IB", "TDM incompatible bitrate"),
    ("NC", "intf encaps not CCC/TCC", "TM", "TDM misconfiguration"),
    ("BK", "Backup Connection", "ST", "Standby Connection"),
    ("CB", "rcvd cell-bundle size bad", "SP", "Static Pseudowire"),
    ("LD", "local site signaled down", "RS", "remote site standby"),
    ("RD", "remote site signaled down", "XX", "unknown"),
)


def l2ckt_legend() -> list[str]:
    """The connection-status legend lines, laid out in Junos's two 33-character columns."""
    lines = ["Legend for connection status (St)"]
    for code1, words1, code2, words2 in _L2CKT_CODES:
        lines.append(f"{code1 + ' -- ' + words1:<33}{code2} -- {words2}")
    return lines


def _vc_ident(p: PwState) -> str:
    """``NAME(vc ID)``: how an l2circuit connection is named."""
    return f"{p.name}(vc {p.id})"


def _control_word(p: PwState) -> str:
    """``Negotiated control-word``: ``Yes (Null)`` (Junos's null control word) or ``No``."""
    return "Yes (Null)" if p.control_word == "null" else "No"


def _encapsulation(p: PwState) -> str:
    return "ETHERNET" if p.pw_type == "raw" else "VLAN"


class PseudowireRpcs(OpsBase):
    """l2circuit and VPLS connections, in XML and as ``show l2circuit connections`` text."""

    def _pw_since(self, p: PwState) -> float:
        return self._since(f"pw:{p.kind}:{p.name}:{p.peer}", p.up)

    def _connection(self, parent: etree._Element, p: PwState, ident: str, local_if: str) -> None:
        c = el(parent, "connection")
        el(c, "connection-id", ident)
        el(c, "connection-type", "rmt")
        el(c, "connection-status", pw_status("junos", p.kind, p.code))
        since = self._pw_since(p)
        if p.up:
            el(c, "last-change", clock_text(since))
            el(c, "up-transitions", 1)
        el(c, "remote-pe", p.peer)
        el(c, "control-word", _control_word(p))
        if p.local_label is not None:
            el(c, "inbound-label", p.local_label)
        if p.remote_label is not None:
            el(c, "outbound-label", p.remote_label)
        el(c, "pw-status-tlv", "No")
        li = el(c, "local-interface")
        el(li, "interface-name", local_if)
        el(li, "interface-status", "Up" if p.attachment_up and (p.up or p.kind == "vll") else "Dn")
        el(li, "interface-encapsulation", _encapsulation(p))

    def _vlls(self) -> dict[str, list[PwState]]:
        by_peer: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vll":
                by_peer.setdefault(p.peer, []).append(p)
        return by_peer

    def rpc_get_l2ckt_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("l2circuit-connection-information", "l2ckt", "normal")
        for peer, pws in self._vlls().items():
            n = el(root, "l2circuit-neighbor")
            el(n, "neighbor-address", peer)
            for p in pws:
                self._connection(n, p, _vc_ident(p), p.attachments[0] if p.attachments else p.name)
        return root

    def rpc_get_vpls_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("vpls-connection-information", "l2ckt")
        by_inst: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vpls":
                by_inst.setdefault(p.name, []).append(p)
        lsi = FIRST_LSI
        for inst, pws in by_inst.items():
            i = el(root, "instance")
            self._junos_attr(i, "style", "normal")
            el(i, "instance-name", inst)
            site = el(i, "reference-site")
            el(site, "vpls-id", pws[0].id)
            for p in pws:
                self._connection(site, p, f"{p.peer}(vpls-id {p.id})", f"lsi.{lsi}")
                lsi += 1
        return root

    def _l2ckt_text(self) -> str:
        """``show l2circuit connections``: legends, then one block per neighbour."""
        out = ["Layer-2 Circuit Connections:", "", *l2ckt_legend(), "",
               "Legend for interface status", "Up -- operational", "Dn -- down"]
        for peer, pws in self._vlls().items():
            out.append(f"Neighbor: {peer}")
            out.append("    Interface                 Type  St     Time last up          # Up trans")
            for p in pws:
                st = pw_status("junos", p.kind, p.code)
                since = self._pw_since(p)
                row = f"    {_vc_ident(p):<26}rmt   {st:<7}"
                if p.up:
                    row += f"{clock_text(since):<22}{1:>10}"
                out.append(row.rstrip())
                out.append(f"      Remote PE: {p.peer}, Negotiated control-word: {_control_word(p)}")
                if p.local_label is not None:
                    remote = p.remote_label if p.remote_label is not None else ""
                    out.append(f"      Incoming label: {p.local_label}, Outgoing label: {remote}".rstrip())
                out.append("      Negotiated PW status TLV: No")
                enc = _encapsulation(p)
                for a in p.attachments:
                    status = "Up" if p.attachment_up else "Dn"
                    out.append(f"      Local interface: {a}, Status: {status}, Encapsulation: {enc}")
        return text_lines(out)
