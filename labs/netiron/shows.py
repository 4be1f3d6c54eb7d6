"""NetIron show commands answered from the lab's network model, laid out like real MLX/XMR output.

``ShowCommands(name, state_getter, device).handle(words)`` returns the text for the show/ping
commands it knows (abbreviations allowed), or None so the CLI reports ``Invalid input``.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
from typing import Any

from labs.model.dataplane import ping as model_ping
from labs.model.network import NetworkState
from labs.model.state import DeviceState, PwState
from labs.model.views import IpIf
from labs.model.vocab import ospf_state, pw_status

# command word patterns; VALUE words stand for an argument
COMMANDS: list[tuple[str, ...]] = [
    ("show", "interfaces", "brief"),
    ("show", "interfaces", "ethernet", "PORT"),
    ("show", "interfaces", "ve", "NUM"),
    ("show", "interfaces"),
    ("show", "ip", "interface"),
    ("show", "ip", "ospf", "neighbor"),
    ("show", "ip", "ospf", "interface", "brief"),
    ("show", "ip", "ospf", "interface"),
    ("show", "mpls", "interface"),
    ("show", "mpls", "lsp", "detail"),
    ("show", "mpls", "lsp", "wide"),
    ("show", "mpls", "lsp"),
    ("show", "mpls", "ldp", "session"),
    ("show", "mpls", "ldp", "neighbor"),
    ("show", "mpls", "vll", "detail"),
    ("show", "mpls", "vll", "NAME"),
    ("show", "mpls", "vll"),
    ("show", "mpls", "vpls", "detail"),
    ("show", "mpls", "vpls", "NAME"),
    ("show", "mpls", "vpls"),
]


def _mac(name: str, port: str) -> str:
    h = hashlib.sha1(f"{name}/{port}".encode()).hexdigest()
    return f"0024.38{h[0:2]}.{h[2:6]}"


def match(words: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """Resolve abbreviations against COMMANDS: (pattern, arguments), or None (unknown/ambiguous)."""
    candidates = []
    for pat in COMMANDS:
        if len(pat) != len(words):
            continue
        args: list[str] = []
        ok = True
        for w, p in zip(words, pat, strict=True):
            if p in ("PORT", "NUM", "NAME"):
                args.append(w)
            elif not p.startswith(w.lower()):
                ok = False
                break
        if ok:
            candidates.append((pat, args))
    if not candidates:
        return None
    exact = [c for c in candidates if not any(p in ("NAME",) for p in c[0])]
    if len(exact) == 1:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    return exact[0] if exact else None


class ShowCommands:
    def __init__(self, name: str, state: Callable[[], NetworkState], device: Any = None) -> None:
        self.name = name
        self.state = state
        self.device = device

    @property
    def dev(self) -> DeviceState:
        return self.state().devices[self.name]

    def handle(self, words: list[str]) -> str | None:
        if words and "ping".startswith(words[0].lower()) and len(words[0]) >= 2:
            return self.ping(words[1:])
        m = match(words)
        if m is None:
            return None
        pat, args = m
        key = " ".join(p for p in pat if p not in ("PORT", "NUM", "NAME"))
        if key == "show mpls vll" and args:
            return self.vll_detail(args[0])
        if key == "show mpls vpls" and args:
            return self.vpls_detail(args[0])
        if key == "show interfaces ethernet":
            return self.interfaces(f"ethe {args[0]}")
        if key == "show interfaces ve":
            return self.interfaces(f"ve {args[0]}")
        method = getattr(self, key.replace("show ", "").replace(" ", "_"))
        return method()

    # ---- interfaces ---------------------------------------------------------------------------------
    def interfaces_brief(self) -> str:
        head = "Port   Link     Port-State   Dupl Speed Trunk Tag Priori MAC            Name           Type"
        lines = ["", head]
        ve_lines = []
        tagged_ports = {p for i in self.dev.view.ipifs for p, t in i.tags.items() if t is not None}
        for pw in self.dev.view.pws:
            tagged_ports |= {a.port for a in pw.attachments if a.port and a.vlan is not None}
        for pname in sorted(self.dev.ports, key=_port_key):
            p = self.dev.ports[pname]
            num = pname.split()[-1]
            link = "Up" if p.oper_up else ("Disabled" if not p.admin_up else "Down")
            state = "Forward" if p.oper_up else "None"
            dupl, speed = ("Full", "10G") if p.oper_up else ("None", "None")
            tag = "Yes" if pname in tagged_ports else "No"
            lines.append(f"{num:<7}{link:<9}{state:<13}{dupl:<5}{speed:<6}None  {tag:<4}level0 {_mac(self.name, pname)} {'':<15}default-port")
        for i in self.dev.view.ipifs:
            if i.name.startswith("ve "):
                up = "Up" if self.dev.ip_oper_up(i.name) else "Down"
                ve_lines.append(f"{'ve' + i.name.split()[1]:<7}{up:<9}N/A          N/A  N/A   None  N/A N/A    {_mac(self.name, i.name)} {'':<15}default-port")
        if ve_lines:
            lines += ["", head, *ve_lines]
        lo = [i for i in self.dev.view.ipifs if i.loopback]
        if lo:
            lines += ["", head]
            for i in lo:
                lines.append(f"{'lb' + i.name.split()[1]:<7}Up       N/A          N/A  N/A   None  N/A N/A    N/A            {'':<15}default-port")
        return "\n".join(lines) + "\n"

    def interfaces(self, only: str | None = None) -> str:
        out = []
        by_port: dict[str, IpIf] = {}
        for i in self.dev.view.ipifs:
            for p in i.ports:
                if i.tags.get(p) is None and not i.name.startswith("ve "):
                    by_port[p] = i
        for pname in sorted(self.dev.ports, key=_port_key):
            if only and only != pname:
                continue
            p = self.dev.ports[pname]
            num = pname.split()[-1]
            state = "up" if p.oper_up else ("disabled" if not p.admin_up else "down")
            out.append(f"10GigabitEthernet{num} is {state}, line protocol is {'up' if p.oper_up else 'down'}")
            out.append("  Hardware is 10GigabitEthernet, address is "
                       f"{_mac(self.name, pname)} (bia {_mac(self.name, pname)})")
            out.append("  Configured speed 10Gbit, actual " + ("10Gbit" if p.oper_up else "unknown") +
                       ", configured duplex fdx, actual " + ("fdx" if p.oper_up else "unknown"))
            out.append("  No port name")
            ip = by_port.get(pname)
            frame = p.l2_mtu + 4
            if ip is not None:
                out.append(f"  Internet address is {ip.address}, MTU {frame} bytes, encapsulation ethernet")
            else:
                out.append(f"  MTU {frame} bytes, encapsulation ethernet")
            out.append("  300 second input rate: 0 bits/sec, 0 packets/sec, 0.00% utilization")
            out.append("  300 second output rate: 0 bits/sec, 0 packets/sec, 0.00% utilization")
        for i in self.dev.view.ipifs:
            if not i.name.startswith("ve ") or (only and only != i.name):
                continue
            up = self.dev.ip_oper_up(i.name)
            out.append(f"Ve{i.name.split()[1]} is {'up' if up else 'down'}, line protocol is {'up' if up else 'down'}")
            out.append(f"  Hardware is Virtual Ethernet, address is {_mac(self.name, i.name)} (bia {_mac(self.name, i.name)})")
            out.append("  No port name")
            out.append(f"  Internet address is {i.address}, IP MTU {i.ip_mtu} bytes, encapsulation ethernet")
        return "\n".join(out) + "\n"

    def ip_interface(self) -> str:
        lines = ["Interface    IP-Address     OK?  Method Status     Protocol VRF         FLAG"]
        for i in self.dev.view.ipifs:
            up = self.dev.ip_oper_up(i.name)
            name = i.name.replace("ethernet", "eth")
            status = "up" if up else ("admin/down" if not i.admin_up else "down")
            lines.append(f"{name:<13}{str(i.address.ip):<15}YES  manual {status:<11}{'up' if up else 'down':<9}default-vrf")
        return "\n".join(lines) + "\n"

    # ---- OSPF ---------------------------------------------------------------------------------------------
    def ip_ospf_neighbor(self) -> str:
        full = sum(n.state == "Full" for n in self.dev.ospf)
        lines = [f"Number of Neighbors is {len(self.dev.ospf)}, in FULL state {full}", "",
            "Port   Address         Pri State        Neigh Address   Neigh ID        Ev Opt Cnt"]
        for n in self.dev.ospf:
            port = n.interface.replace("ethernet ", "").replace("ve ", "v")
            st = ospf_state("netiron", n.state) + "/" + ("DR" if n.state == "Full" else "OTHER")
            lines.append(f"{port:<7}{n.local_address:<16}1   {st:<13}{n.address:<16}{n.neighbor_id:<16}6  2   0")
        return "\n".join(lines) + "\n"

    def _ospf_ifs(self) -> list[IpIf]:
        return [i for i in self.dev.view.ipifs if i.ospf is not None]

    def ip_ospf_interface_brief(self) -> str:
        ifs = self._ospf_ifs()
        lines = [f"Number of Interfaces is {len(ifs)}", "Interface Area IP Addr/Mask Cost State Nbrs(F/C)"]
        for i in ifs:
            full = sum(1 for n in self.dev.ospf if n.interface == i.name and n.state == "Full")
            seen = sum(1 for n in self.dev.ospf if n.interface == i.name)
            name = i.name.replace("ethernet", "eth").replace("loopback", "loopback")
            area = str(int(ipaddress.IPv4Address(i.ospf.area)))  # type: ignore[union-attr]
            state = "DR" if self.dev.ip_oper_up(i.name) else "down"
            lines.append(f"{name} {area} {i.address} {i.ospf.cost} {state} {full}/{seen}")  # type: ignore[union-attr]
        return "\n".join(lines) + "\n"

    def ip_ospf_interface(self) -> str:
        out = []
        for i in self._ospf_ifs():
            o = i.ospf
            assert o is not None
            out.append(f"{i.name.replace('ethernet', 'eth')},OSPF enabled")
            out.append(f"  IP Address {i.address.ip}, Area {int(ipaddress.IPv4Address(o.area))}")
            out.append(f"  OSPF state {'DR' if self.dev.ip_oper_up(i.name) else 'down'}, Pri 1, Cost {o.cost}, Options 2, Type {'point-to-point' if o.network_type == 'p2p' else 'broadcast'} Events 1")
            out.append(f"  Timers(sec): Transit 1, Retrans 5, Hello {o.hello}, Dead {o.dead}")
            out.append(f"  IP MTU {i.ip_mtu}")
        return "\n".join(out) + "\n"

    # ---- MPLS ----------------------------------------------------------------------------------------------
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
        return "\n".join(out) + "\n"

    def _tunnel(self, n: int) -> str:
        return f"tnl{n}"

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
            tnl = self._tunnel(n) if lsp.up else "--"
            path = (lsp.primary_name if lsp.active == "primary" else lsp.secondary_name) if lsp.up else "--"
            lines.append(f"{name:<50}{lsp.to:<16}{admin:<6}{oper:<6}{tnl:<9}{1 if lsp.up else 0:<6}{0:<6}{path or '--'}")
        return "\n".join(lines) + "\n"

    def mpls_lsp_detail(self) -> str:
        out = []
        for lsp in self.dev.lsps:
            out.append(f"LSP {lsp.name}, to {lsp.to}")
            out.append(f"  From: {lsp.source if lsp.up else '(n/a)'}, admin: {'UP' if lsp.enabled else 'DOWN'}, status: {'UP' if lsp.up else 'DOWN'}")
            if lsp.revert_timer:
                out.append(f"  revert timer: {lsp.revert_timer} seconds")
            out.append(f"  Times primary LSP goes up since enabled: {1 if lsp.active == 'primary' else 0}")
            out.append("  Metric: 0, Adaptive")
            out.append("  Maximum retries: NONE, no. of retries: 0")
            pri_up = lsp.up and lsp.active == "primary"
            out.append(f"  Pri. path: {lsp.primary_name or 'NONE'}, up: {'yes' if pri_up else 'no'}, active: {'yes' if pri_up else 'no'}")
            if lsp.secondary_name:
                sec_act = lsp.up and lsp.active == "secondary"
                out.append(f"  Sec. path: {lsp.secondary_name}, active: {'yes' if sec_act else 'no'}")
                out.append(f"    Hot-standby: {'yes' if lsp.standby else 'no'}, status: {'up' if lsp.secondary_up or sec_act else 'down'}")
            out.append("  Setup priority: 7, hold priority: 0")
            out.append("  Max rate: 0 kbps, mean rate: 0 kbps, max burst: 0 bytes")
            out.append("  CSPF-computation-mode configured: use te-metric(global)")
            out.append("  Tie breaking: random, hop limit: 0")
            out.append("  LDP tunneling enabled: no")
            out.append("  Soft preemption enabled: no")
            out.append("  Active Path attributes:")
            if lsp.frr:
                out.append("  Fast Reroute: facility backup desired")
                out.append(f"   Backup LSP: {'UP' if lsp.frr_available and lsp.up else 'DOWN'}")
                fwd = "up" if lsp.up else "down"
                out.append(f"   FRR Forwarding State: Pri({fwd}), Backup({'up' if lsp.frr_available and lsp.up else 'down'})")
            if lsp.up:
                out.append("  Recorded routes:")
                out.append("    Protection codes/Rtr Id flag: P: Local N: Node B: Bandwidth I: InUse R: RtrId")
                out.append("    " + " -> ".join(lsp.path))
            elif lsp.reason:
                out.append(f"  Last error: {lsp.reason}")
        return "\n".join(out) + "\n"

    def mpls_ldp_session(self) -> str:
        lines = [f"Total number of operational sessions: {sum(s.up for s in self.dev.ldp)}", "",
                 "  Peer LDP ID         State            Adj Used    My Role   Max Hold   Time Left"]
        for s in self.dev.ldp:
            state = "Operational" if s.up else "NonExistent"
            lines.append(f"  {s.peer + ':0':<20}{state:<17}{'Tgt' if s.up else '--':<12}{'Active':<10}{36:<11}{28 if s.up else 0}")
        return "\n".join(lines) + "\n"

    def mpls_ldp_neighbor(self) -> str:
        lines = ["Nbr Transport Interface  Nbr LDP ID  Max Hold Time Left"]
        for s in self.dev.ldp:
            if s.up:
                lines.append(f"{s.peer:<14}(targeted) {s.peer + ':0':<12}15       13")
        return "\n".join(lines) + "\n"

    # ---- pseudowires ---------------------------------------------------------------------------------------
    def _pws(self, kind: str) -> list[PwState]:
        return [p for p in self.dev.pws if p.kind == kind]

    def _tunnel_for(self, p: PwState) -> str:
        for n, lsp in enumerate(self.dev.lsps):
            if lsp.name == p.tunnel:
                return f"{lsp.name} ({self._tunnel(n)})"
        return "--"

    def mpls_vll(self) -> str:
        lines = [f"Total VLL count: {len(self._pws('vll'))}", "",
                 "VLL-Name             VC-ID      Peer            State"]
        for p in self._pws("vll"):
            lines.append(f"{p.name:<21}{p.id:<11}{p.peer:<16}{'UP' if p.up else 'DOWN'}")
        return "\n".join(lines) + "\n"

    def vll_detail(self, only: str | None = None) -> str | None:
        out = []
        view_pws = {pw.name: pw for pw in self.dev.view.pws if pw.kind == "vll"}
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
            vc = "untag" if p.pw_type == "raw" else "tag"
            rvc = {"raw": "untag", "tagged": "tag"}.get(p.remote_type or "", "--")
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
                f"    Tunnel LSP     : {self._tunnel_for(p)}",
                "    MCT Status TLV : --",
                "    LSPs assigned  : No LSPs assigned",
            ]
        if only and not out:
            return f"Error - VLL {only} does not exist\n"
        return "\n".join(out) + "\n"

    def mpls_vll_detail(self) -> str:
        return self.vll_detail() or ""

    def mpls_vpls(self) -> str:
        lines = [f"Total VPLS count: {len({p.name for p in self._pws('vpls')})}", "",
                 "Name                 Id         Peers  Operational"]
        for cfg in self.dev.view.pws:
            if cfg.kind == "vpls":
                pws = [p for p in self._pws("vpls") if p.name == cfg.name]
                lines.append(f"{cfg.name:<21}{cfg.id:<11}{len(pws):<7}{sum(p.up for p in pws)}")
        return "\n".join(lines) + "\n"

    def vpls_detail(self, only: str | None = None) -> str:
        out = []
        for cfg in self.dev.view.pws:
            if cfg.kind != "vpls" or (only and cfg.name != only):
                continue
            pws = [p for p in self._pws("vpls") if p.name == cfg.name]
            vlans: dict[int | None, dict[str, list[str]]] = {}
            for a in cfg.attachments:
                v = vlans.setdefault(a.vlan, {"Tagged": [], "Untagged": []})
                if a.port:
                    v["Tagged" if a.vlan is not None else "Untagged"].append(a.port)
            tagged = sum(len(v["Tagged"]) for v in vlans.values())
            untagged = sum(len(v["Untagged"]) for v in vlans.values())
            up_ports = sum(1 for a in cfg.attachments if a.port and self.dev.ports.get(a.port) and self.dev.ports[a.port].oper_up)
            out.append(f"VPLS {cfg.name}, Id {cfg.id}, Max mac entries: 2048")
            out.append(f" Total vlans: {len(vlans)}, Tagged ports: {tagged} ({up_ports if tagged else 0} Up), Untagged ports {untagged} ({up_ports if untagged else 0} Up)")
            out.append(" IFL-ID: n/a")
            for vid, ports in vlans.items():
                out.append(f"  Vlan {vid if vid is not None else cfg.id}")
                out.append("   L2 Protocol: NONE")
                for label in ("Tagged", "Untagged"):
                    if ports[label]:
                        out.append(f"   {label}: " + " ".join(f"ethe {p.split()[-1]}" for p in ports[label]))
            out.append(f" VC-Mode: {'Raw' if cfg.pw_type == 'raw' else 'Tagged'}")
            out.append(f" Total VPLS peers: {len(pws)} ({sum(p.up for p in pws)} Operational)")
            for p in pws:
                out.append(f" Peer address: {p.peer}, State: {pw_status('netiron', 'vpls', p.code)}")
                tnl = self._tunnel_for(p)
                out.append(f"  Tnnl in use: {tnl if tnl != '--' else 'N/A'}[RSVP]    Peer Index:0")
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
        return "\n".join(out) + "\n"

    def mpls_vpls_detail(self) -> str:
        return self.vpls_detail()

    # ---- ping ---------------------------------------------------------------------------------------------
    def ping(self, args: list[str]) -> str:
        if not args:
            return "Incomplete command.\n"
        target = args[0]
        try:
            ipaddress.IPv4Address(target)
        except ValueError:
            return f"Invalid input -> {target}\nType ? for a list\n"
        opts: dict[str, str] = {}
        flags: set[str] = set()
        i = 1
        while i < len(args):
            w = args[i].lower()
            if w in ("source", "count", "size", "vrf", "timeout", "ttl") and i + 1 < len(args):
                opts[w] = args[i + 1]
                i += 2
            elif "no-fragment".startswith(w):
                flags.add("no-fragment")
                i += 1
            else:
                return f"Invalid input -> {' '.join(args[i:])}\nType ? for a list\n"
        try:
            count = int(opts.get("count", "1"))
            size = int(opts.get("size", "16"))
        except ValueError:
            return "Invalid input -> count/size must be numbers\nType ? for a list\n"
        if not 0 <= size <= 9216:
            return f"Error - size {size} is out of range 0-9216\n"
        out = model_ping(self.state(), self.name, target, size=size, df="no-fragment" in flags, count=count,
                         source=opts.get("source"), vrf=opts.get("vrf"))
        lines = [f"Sending {count}, {size}-byte ICMP Echo to {target}, timeout 5000 msec, TTL 64",
                 "Type Control-c to abort"]
        if out.frag_needed and "local" in out.reason:
            lines.append(f"Error - packet size {size} with DF bit set exceeds the outgoing interface IP MTU"
                         " (fragmentation needed)")
        for _ in range(out.received):
            lines.append(f"Reply from {target:<15}: bytes={size} time<1ms TTL=64")
        if out.received < count:
            for _ in range(count - out.received):
                if out.frag_needed and "local" not in out.reason:
                    lines.append("Destination unreachable: Fragmentation needed and DF set")
                else:
                    lines.append("Request timed out.")
        if out.received == 0:
            lines.append("No reply from remote host.")
        rate = 100 * out.received // count if count else 0
        lines.append(f"Success rate is {rate} percent ({out.received}/{count}), round-trip min/avg/max=0/0/0 ms.")
        return "\n".join(lines) + "\n"


def _port_key(name: str) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in name.split()[-1].split("/"))
    except ValueError:
        return (99,)
