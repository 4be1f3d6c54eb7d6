"""``show mpls vll`` and ``show mpls vpls``: pseudowire tables and per-instance detail."""

from __future__ import annotations

from mpls_interop_lab.model.state import LspState, PwState
from mpls_interop_lab.model.vocab import pw_status
from mpls_interop_lab.netiron.ports import format_port_list, parse_port
from mpls_interop_lab.netiron.shows.common import text_lines
from mpls_interop_lab.netiron.shows.mpls import tunnel_interface
from mpls_interop_lab.netiron.shows.vlans import Vlan, VlanShows


def ports_text(ports: list[str]) -> str:
    """``ethe 1/1 to 1/3 ethe 2/5``: NetIron's compact port list."""
    parsed = [p for p in (parse_port(x) for x in ports) if p is not None]
    return format_port_list(parsed)


class PseudowireShows(VlanShows):
    """VLLs and VPLS instances with their peers."""

    def _pws(self, kind: str) -> list[PwState]:
        return [p for p in self.dev.pws if p.kind == kind]

    def _lsps_by_name(self) -> dict[str, tuple[int, LspState]]:
        """Each LSP name → its first LSP and that LSP's index among the device's LSPs (built
        once per show, not scanned once per pseudowire)."""
        out: dict[str, tuple[int, LspState]] = {}
        for n, lsp in enumerate(self.dev.lsps):
            out.setdefault(lsp.name, (n, lsp))
        return out

    def _tunnel_lsp(self, p: PwState, lsps: dict[str, tuple[int, LspState]] | None = None) -> tuple[int, LspState] | None:
        """The LSP the pseudowire runs over and its index among the device's LSPs."""
        return (self._lsps_by_name() if lsps is None else lsps).get(p.tunnel) if p.tunnel is not None else None

    def _tunnel_for(self, p: PwState, lsps: dict[str, tuple[int, LspState]] | None = None) -> str:
        """``LSP (tnl3)``: the LSP and its tunnel interface."""
        found = self._tunnel_lsp(p, lsps)
        return "--" if found is None else f"{found[1].name} ({tunnel_interface(found[0])})"

    def mpls_vll(self) -> str:
        lines = [f"Total VLL count: {len(self._pws('vll'))}", "",
                 "VLL-Name             VC-ID      Peer            State"]
        for p in self._pws("vll"):
            lines.append(f"{p.name:<20} {p.id:<10} {p.peer:<15} {'UP' if p.up else 'DOWN'}")
        return text_lines(lines)

    def vll_detail(self, only: str | None = None) -> str | None:
        out = []
        view_pws = {pw.name: pw for pw in self.dev.view.pws if pw.kind == "vll"}
        lsps = self._lsps_by_name()
        for n, p in enumerate(self._pws("vll"), start=1):
            if only and p.name != only:
                continue
            cfg = view_pws.get(p.name)
            att = cfg.attachments[0] if cfg and cfg.attachments else None
            if att is None:
                ep = "--"
            elif att.vlan is not None:
                ep = f"tagged  vlan {att.vlan}  e {att.port.split()[-1] if att.port else '--'}"
            else:
                ep = f"untagged  e {att.port.split()[-1] if att.port else '--'}"
            words = getattr(self.device, "vc_words", None) or {"raw": "untag", "tagged": "tag"}
            vc = words[p.pw_type]
            rvc = words.get(p.remote_type or "", "--")
            out += [
                f"VLL {p.name}, VC-ID {p.id}, VLL-INDEX {n}",
                "",
                f"  End-point        : {ep}",
                f"  End-Point state  : {'Up' if p.attachment_up else 'Down'}",
                "  MCT state        : None",
                "  IFL-ID           : --",
                f"  Local VC type    : {vc}",
                f"  Local VC MTU     : {p.mtu}",
                "  COS              : --",
                "  Extended Counters: Enabled",
                "",
                f"  Vll-Peer         : {p.peer}",
                f"    State          : {pw_status('netiron', 'vll', p.code)}",
                f"    Remote VC type : {rvc:<18}Remote VC MTU  : {p.remote_mtu if p.remote_mtu else '--'}",
                f"    Local label    : {p.local_label if p.local_label is not None else '--':<18}"
                f"Remote label   : {p.remote_label if p.remote_label is not None else '--'}",
                f"    Local group-id : {0:<18}Remote group-id: {0 if p.remote_label is not None else '--'}",
                f"    Tunnel LSP     : {self._tunnel_for(p, lsps)}",
                "    MCT Status TLV : --",
                "    LSPs assigned  : No LSPs assigned",
            ]
        if only and not out:
            return f"Error - VLL {only} does not exist\n"
        return text_lines(out)

    def mpls_vll_detail(self) -> str:
        return self.vll_detail() or ""

    def mpls_vpls(self) -> str:
        lines = [f"Total VPLS count: {len({p.name for p in self._pws('vpls')})}", "",
                 "Name                 Id         Peers  Operational"]
        for cfg in self.dev.view.pws:
            if cfg.kind == "vpls":
                pws = [p for p in self._pws("vpls") if p.name == cfg.name]
                lines.append(f"{cfg.name:<20} {cfg.id:<10} {len(pws):<6} {sum(p.up for p in pws)}")
        return text_lines(lines)

    def _vpls_vlans(self, name: str) -> list[Vlan]:
        owner = f"vpls {name}"
        blocks = [v for v in self._vlan_blocks() if v.owner == owner]
        merged: dict[int, Vlan] = {}
        for v in blocks:
            have = merged.get(v.vid)
            merged[v.vid] = v if have is None else Vlan(
                v.vid, owner, have.tagged + v.tagged, have.untagged + v.untagged, have.ve or v.ve)
        return list(merged.values())

    def _up(self, ports: list[str]) -> int:
        return sum(1 for p in ports if (st := self.dev.ports.get(f"ethe {p}")) is not None and st.oper_up)

    def vpls_detail(self, only: str | None = None) -> str:
        out = []
        lsps = self._lsps_by_name()
        vpls_pws = self._pws("vpls")
        for cfg in self.dev.view.pws:
            if cfg.kind != "vpls" or (only and cfg.name != only):
                continue
            pws = [p for p in vpls_pws if p.name == cfg.name]
            vlans = self._vpls_vlans(cfg.name)
            tagged = [p for v in vlans for p in v.tagged]
            untagged = [p for v in vlans for p in v.untagged]
            out.append(f"VPLS {cfg.name}, Id {cfg.id}, Max mac entries: 2048")
            out.append(f" Total vlans: {len(vlans)}, Tagged ports: {len(tagged)} ({self._up(tagged)} Up), "
                       f"Untagged ports {len(untagged)} ({self._up(untagged)} Up)")
            out.append(" IFL-ID: n/a")
            for v in vlans:
                out.append(f"  Vlan {v.vid}")
                out.append("   L2 Protocol: NONE")
                if v.tagged:
                    out.append(f"   Tagged: {ports_text(v.tagged)}")
                if v.untagged:
                    out.append(f"   Untagged: {ports_text(v.untagged)}")
            out.append(f" VC-Mode: {'Raw' if cfg.pw_type == 'raw' else 'Tagged'}")
            out.append(f" Total VPLS peers: {len(pws)} ({sum(p.up for p in pws)} Operational)")
            for p in pws:
                out.append(f" Peer address: {p.peer}, State: {pw_status('netiron', 'vpls', p.code)}")
                out.append(f"  Tnnl in use: {self._tunnel_in_use(p, lsps)}[RSVP]    Peer Index:0")
                out.append(f"  Local VC lbl: {p.local_label if p.local_label is not None else 'N/A'}, "
                           f"Remote VC lbl: {p.remote_label if p.remote_label is not None else 'N/A'}")
                out.append(f"  Local VC MTU: {p.mtu}, Remote VC MTU: {p.remote_mtu or 0}")
                lt = "Ethernet(0x05)" if p.pw_type == "raw" else "Ethernet VLAN(0x04)"
                rt = {"raw": "Ethernet(0x05)", "tagged": "Ethernet VLAN(0x04)"}.get(p.remote_type or "", "UNKNOWN")
                out.append(f"  Local VC-Type: {lt}, Remote VC-Type: {rt}")
            out += [" CPU-Protection: OFF", " Local Switching: Enabled", " Extended Counter: ON",
                    " Multicast Snooping: Disabled"]
        if only and not out:
            return f"Error - VPLS {only} does not exist\n"
        return text_lines(out)

    def _tunnel_in_use(self, p: PwState, lsps: dict[str, tuple[int, LspState]] | None = None) -> str:
        """``tnl1(3)``: the tunnel interface and, in brackets, its tunnel index."""
        found = self._tunnel_lsp(p, lsps)
        return "N/A" if found is None else f"{tunnel_interface(found[0])}({found[0] + 1})"

    def mpls_vpls_detail(self) -> str:
        return self.vpls_detail()
