"""``show mpls``: MPLS interfaces, RSVP LSPs (table and detail) and LDP sessions/neighbours."""

from __future__ import annotations

from mpls_interop_lab.netiron.shows.common import ShowBase, text_lines


def tunnel_interface(n: int) -> str:
    """``tnl0``: the tunnel interface of the device's ``n``-th LSP (counting from 0)."""
    return f"tnl{n}"


class MplsShows(ShowBase):
    """``show mpls interface|lsp|ldp …``."""

    def mpls_interface(self) -> str:
        out = []
        for i in self.dev.view.ipifs:
            if not i.mpls:
                continue
            out.append(i.name.replace("ethernet", "e"))
            out.append(f"  Admin: Up       Oper: {'Up' if self.dev.ip_oper_up(i.name) else 'Down'}")
            out.append("  Maximum BW: 10000000 kbps, maximum reservable BW: 10000000 kbps")
            out.append(f"  MPLS MTU: {self.dev.ports[i.ports[0]].l2_mtu - 14 - (4 if i.tags.get(i.ports[0]) else 0) if i.ports else 0} bytes")
            out.append("  LDP tunnel count: 0")
        return text_lines(out)

    def mpls_lsp(self) -> str:
        return self.mpls_lsp_wide()

    def mpls_lsp_wide(self) -> str:
        lines = ["Note: LSPs marked with * are taking a Secondary Path",
                 f"{'':66}Admin Oper  Tunnel   Up/Dn Retry Active",
                 f"{'Name':<50}{'To':<16}State State Intf     Times No.   Path"]
        for n, lsp in enumerate(self.dev.lsps):
            name = lsp.name + ("*" if lsp.active == "secondary" else "")
            oper = "UP" if lsp.up else "DOWN"
            admin = "UP" if lsp.enabled else "DOWN"
            tnl = tunnel_interface(n) if lsp.up else "--"
            path = lsp.active_path_name if lsp.up else "--"
            lines.append(f"{name:<49} {lsp.to:<15} {admin:<6}{oper:<6}{tnl:<9}{1 if lsp.up else 0:<6}{0:<6}{path or '--'}")
        return text_lines(lines)

    def mpls_lsp_detail(self) -> str:
        """Labels and their order as in real output. The lines only up or protected LSPs print
        (tunnel interface, secondary path, recorded routes) follow NetIron's documented output."""
        out = []
        for n, lsp in enumerate(self.dev.lsps):
            pri_up = lsp.up and lsp.active == "primary"
            state = f"  From: {lsp.source if lsp.up else '(n/a)'}, admin: {'UP' if lsp.enabled else 'DOWN'}, " \
                    f"status: {'UP' if lsp.up else 'DOWN'}"
            if lsp.up:
                state += f", tunnel interface(primary path): {tunnel_interface(n)}"
            out += [f"LSP {lsp.name}, to {lsp.to}", state]
            if lsp.revert_timer:
                out.append(f"  revert timer: {lsp.revert_timer} seconds")
            out += [
                f"  Times primary LSP goes up since enabled: {1 if lsp.active == 'primary' else 0}",
                "  Metric: 0",
                "  Maximum retries: NONE, no. of retries: 0",
                f"  Pri. path: {lsp.primary_name or 'NONE'}, up: {'yes' if pri_up else 'no'}, "
                f"active: {'yes' if pri_up else 'no'}",
                "  Setup priority: 7, hold priority: 0",
                "  Max rate: 0 kbps, mean rate: 0 kbps, max burst: 0 bytes",
                "  CSPF-computation-mode configured: use te-metric(global)",
                "  Tie breaking: random, hop limit: 0",
                "  LDP tunneling enabled: no",
                "  Soft preemption enabled: no",
            ]
            if lsp.secondary_name:
                sec_act = lsp.up and lsp.active == "secondary"
                out.append(f"  Sec. path: {lsp.secondary_name}, active: {'yes' if sec_act else 'no'}")
                out.append(f"    Hot-standby: {'yes' if lsp.standby else 'no'}, "
                           f"status: {'up' if lsp.secondary_up or sec_act else 'down'}")
            out.append("  Active Path attributes:")
            if lsp.frr:
                backup = "UP" if lsp.frr_available and lsp.up else "DOWN"
                out.append(f"  Fast Reroute: {lsp.frr_method or 'one-to-one'} backup desired")
                out.append(f"   Backup LSP: {backup}")
                out.append(f"   FRR Forwarding State: Pri({'up' if lsp.up else 'down'}), Backup({backup.lower()})")
            if lsp.up:
                out.append("  Recorded routes:")
                out.append("    Protection codes/Rtr Id flag: P: Local N: Node B: Bandwidth I: InUse R: RtrId")
                out.append("    " + " -> ".join(lsp.path))
            elif lsp.reason:
                out.append(f"  Last error: {lsp.reason}")
        return text_lines(out)

    def mpls_ldp_session(self) -> str:
        lines = [f"Total number of operational sessions: {sum(s.up for s in self.dev.ldp)}", "",
                 "  Peer LDP ID         State            Adj Used    My Role   Max Hold   Time Left"]
        for s in self.dev.ldp:
            state = "Operational" if s.up else "NonExistent"
            lines.append(f"  {s.peer + ':0':<20}{state:<17}{'Tgt' if s.up else '--':<12}{'Active':<10}{36:<11}{28 if s.up else 0}")
        return text_lines(lines)

    def mpls_ldp_neighbor(self) -> str:
        lines = ["Nbr Transport Interface  Nbr LDP ID  Max Hold Time Left"]
        for s in self.dev.ldp:
            if s.up:
                lines.append(f"{s.peer:<13} (targeted) {s.peer + ':0':<11} 15       13")
        return text_lines(lines)
