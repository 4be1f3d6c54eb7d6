"""NetIron show commands answered from the lab's network model, laid out like real MLX/XMR output.

``ShowCommands(name, state_getter, device).handle(words)`` returns the text for the show/ping
commands it knows (abbreviations allowed), or None so the CLI reports ``Invalid input`` (or, for
``show interfaces``, answers itself). Protocol state comes from the model; with the CLI ``device``
given, what only its configuration knows (every line-card port, port names, VLAN membership,
the management port) comes from its running config.

Labels, their order and column headers follow the real captures (tests/test_netiron_shows.py
checks them against ../shared/captures/netiron); lines no capture shows (an up or protected LSP)
follow NetIron's documented output.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from labs.model.dataplane import ping as model_ping
from labs.model.network import NetworkState
from labs.model.state import DeviceState, PwState
from labs.model.views import IpIf
from labs.model.vocab import ospf_state, pw_status
from labs.netiron.ports import expand_port_list, format_port_list, parse_port
from labs.netiron.tree import CNode

FCS = 4
#: the model's IP MTU for loopbacks (no limit) and what the device prints for them by default
LOOPBACK_MODEL_MTU = 65535
LOOPBACK_IP_MTU = 1500
#: port indexes (MAC offsets, Openflow Index) advance by this much per slot
PORTS_PER_SLOT = 48

# command word patterns; VALUE words stand for an argument
COMMANDS: list[tuple[str, ...]] = [
    ("show", "interfaces", "brief"),
    ("show", "interfaces", "ethernet", "PORT"),
    ("show", "interfaces", "ve", "NUM"),
    ("show", "interfaces", "loopback", "NUM"),
    ("show", "interfaces", "management", "NUM"),
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
        if key == "show interfaces loopback":
            return self.interfaces(f"loopback {args[0]}")
        if key == "show interfaces management":
            return self.interfaces(f"management {args[0]}")
        method = getattr(self, key.replace("show ", "").replace(" ", "_"))
        return method()

    # ---- interfaces ---------------------------------------------------------------------------------
    def _ports(self) -> list[_Port]:
        """Every physical port the device has (the line card's and the configured ones)."""
        names = {p.split()[-1] for p in self.dev.ports}
        if self.device is not None:
            names |= set(self.device.ports)
        members = self._vlan_membership()
        out = []
        for num in sorted(names, key=_port_key):
            slot, port = parse_port(num) or (1, 1)
            index = (slot - 1) * PORTS_PER_SLOT + port  # NetIron's port index (Openflow Index)
            key = f"ethe {num}"
            st = self.dev.ports.get(key)
            if st is not None:
                admin, oper, frame = st.admin_up, st.oper_up, st.l2_mtu + FCS
            else:  # a port the configuration never mentions: disabled, at the default frame size
                admin, oper, frame = False, False, self.dev.view.default_port_l2 + FCS
            untagged, tagged = members.get(num, (None, set()))
            out.append(_Port(num, key, _speed(num), admin, oper, frame, self._port_name(num),
                             untagged, len(tagged), index))
        return out

    def _port_name(self, num: str) -> str:
        if self.device is None:
            return ""
        node = self.device.running.root.child(f"interface ethernet {num}")
        name = node.first("port-name") if node is not None else None
        return name.line[len("port-name "):] if name is not None else ""

    def _mgmt(self) -> tuple[bool, str | None] | None:
        """(up, address) of the management port when the configuration has one."""
        if self.device is None:
            return None
        node = self.device.running.root.child("interface management 1")
        if node is None:
            return None
        addr = node.first("ip address")
        return node.child("enable") is not None, addr.words()[2] if addr is not None else None

    def _vlan_blocks(self) -> list[_Vlan]:
        """VLANs with their member ports: global ones and those of VPLS/VLL instances."""
        if self.device is not None:
            return _config_vlans(self.device.running.root)
        out = []  # without the device's configuration: what the model's view says
        for i in self.dev.view.ipifs:
            for p, tag in i.tags.items():
                if tag is not None:
                    out.append(_Vlan(tag, "", [p.split()[-1]], [], _ve_number(i.name)))
        for cfg in self.dev.view.pws:
            owner = f"{cfg.kind} {cfg.name}"
            for a in cfg.attachments:
                if a.port:
                    num = a.port.split()[-1]
                    vid = a.vlan if a.vlan is not None else cfg.id
                    out.append(_Vlan(vid, owner, [num] if a.vlan is not None else [], [] if a.vlan is not None else [num], None))
        return out

    def _vlan_membership(self) -> dict[str, tuple[int | None, set[int]]]:
        """Per port: its untagged VLAN (None: the default VLAN 1) and the VLANs it is tagged in."""
        out: dict[str, tuple[int | None, set[int]]] = {}
        for v in self._vlan_blocks():
            for p in v.untagged:
                out[p] = (v.vid, out.get(p, (None, set()))[1])
            for p in v.tagged:
                untagged, tagged = out.get(p, (None, set()))
                out[p] = (untagged, tagged | {v.vid})
        return out

    def _ve_vlan(self, name: str) -> int | None:
        n = _ve_number(name)
        return next((v.vid for v in self._vlan_blocks() if v.ve is not None and v.ve == n), None)

    def interfaces_brief(self) -> str:
        head = "Port   Link     Port-State   Dupl Speed Trunk Tag Priori MAC            Name           Type"
        lines = ["", head]
        for p in self._ports():
            link = "Up" if p.oper_up else ("Down" if p.admin_up else "Disabled")
            state = "Forward" if p.oper_up else "None"
            dupl, speed = ("Full", _speed_text(p.speed)) if p.oper_up else ("None", "None")
            tag = "Yes" if p.tagged else "No"
            lines.append(f"{p.num:<7}{link:<9}{state:<13}{dupl:<5}{speed:<6}None  {tag:<4}level0 "
                         f"{self._mac(p.index)} {p.name[:15]:<15}default-port")
        mgmt = self._mgmt()
        if mgmt is not None:
            up = mgmt[0]
            lines.append(f"{'mgmt1':<7}{'Up' if up else 'Disabled':<9}{'Forward' if up else 'None':<13}"
                         f"{'Full' if up else 'None':<5}{'1G' if up else 'None':<6}None  No  level0 "
                         f"{self._mac(0)} {'':<15}default-port")
        ve_lines = []
        for i in self.dev.view.ipifs:
            if i.name.startswith("ve "):
                up = "Up" if self.dev.ip_oper_up(i.name) else "Down"
                ve_lines.append(f"{'ve' + i.name.split()[1]:<7}{up:<9}N/A          N/A  N/A   None  N/A N/A    "
                                f"{self._mac(0)} {'':<15}default-port")
        if ve_lines:
            lines += ["", head, *ve_lines]
        lo = [i for i in self.dev.view.ipifs if i.loopback]
        if lo:
            lines += ["", head]
            for i in lo:
                up = "Up" if i.admin_up else "Down"
                lines.append(f"{'lb' + i.name.split()[1]:<7}{up:<9}N/A          N/A  N/A   None  N/A N/A    "
                             f"N/A            {'':<15}default-port")
        return "\n".join(lines) + "\n"

    def interfaces(self, only: str | None = None) -> str | None:
        """``show interfaces [ethernet P | ve N | loopback N | management 1]`` in the real block
        layout; None for an interface the device does not have (the CLI reports the error)."""
        out: list[str] = []
        routed = {i.ports[0]: i for i in self.dev.view.ipifs
                  if i.name.startswith("ethernet ") and i.ports}
        for p in self._ports():
            if only and only != p.key:
                continue
            ip = routed.get(p.key)
            out += self._port_block(p, str(ip.address) if ip is not None else None)
        mgmt = self._mgmt()
        if mgmt is not None and (not only or only == "management 1"):
            up, addr = mgmt
            port = _Port("mgmt1", "management 1", 1000, up, up, 1518, "", 0, 0, 0)
            out += self._port_block(port, addr, mgmt=True)
        for i in self.dev.view.ipifs:
            if not i.name.startswith("ve ") or (only and only != i.name):
                continue
            up = self.dev.ip_oper_up(i.name)
            mac = self._mac(0)
            out.append(f"Ve{i.name.split()[1]} is {'up' if up else 'down'}, line protocol is {'up' if up else 'down'}")
            out.append(f"  Hardware is Virtual Ethernet, address is {mac} (bia {mac})")
            vid = self._ve_vlan(i.name)
            if vid is not None:
                out.append(f"  Type is Vlan (Vlan Id: {vid})")
            out.append("  No port name")
            out.append(f"  Internet address is {i.address}, IP MTU {i.ip_mtu} bytes, encapsulation ethernet")
        for i in self.dev.view.ipifs:
            if not i.loopback or (only and only != i.name):
                continue
            up = "up" if i.admin_up else "down"
            # the model gives loopbacks an unlimited IP MTU; the device prints its default
            mtu = i.ip_mtu if i.ip_mtu < LOOPBACK_MODEL_MTU else LOOPBACK_IP_MTU
            out.append(f"Loopback{i.name.split()[1]} is {up}, line protocol is {up}")
            out.append("  Hardware is Loopback")
            out.append("  No port name")
            out.append(f"  Internet address is {i.address}, IP MTU {mtu} bytes, encapsulation LOOPBACK")
        if only and not out:
            return None
        return "\n".join(out) + "\n"

    def _port_block(self, p: _Port, address: str | None, mgmt: bool = False) -> list[str]:
        hw = "Ethernet" if mgmt else _hardware(p.speed)
        long = "Ethernetmgmt1" if mgmt else f"{hw}{p.num}"
        state = "up" if p.oper_up else ("down" if p.admin_up else "disabled")
        gbit = f"{p.speed // 1000}Gbit"
        mac = self._mac(p.index)
        l2_state = "Forwarding" if p.oper_up else "Disabled"
        lines = [
            f"{long} is {state}, line protocol is {'up' if p.oper_up else 'down'}",
            "  Loopback: None",
            "  STP Root Guard is disabled, STP BPDU Guard is disabled",
            f"  Hardware is {hw}, address is {mac} (bia {mac})",
            f"  Configured speed {gbit}, actual {gbit if p.oper_up else 'unknown'}, configured duplex fdx, "
            f"actual {'fdx' if p.oper_up else 'unknown'}",
        ]
        if mgmt:
            lines.append(f"  Member of VLAN 0 (untagged), port is in untagged mode, port state is {l2_state}")
        elif p.tagged and p.untagged is not None:
            lines.append(f"  Member of Control VLAN 4095, VLAN {p.untagged} (untagged), {p.tagged} L2 VLANS (tagged),")
            lines.append(f"  port is in dual mode, port state is {l2_state}")
        elif p.tagged:
            lines.append(f"  Member of Control VLAN 4095, {p.tagged} L2 VLAN(S) (tagged), port is in tagged mode, "
                         f"port state is {l2_state}")
        else:
            lines.append(f"  Member of Control VLAN 4095, VLAN {p.untagged or 1} (untagged), port is in untagged "
                         f"mode, port state is {l2_state}")
        lines += [
            f"  STP configured to {'OFF' if mgmt else 'ON'}, Priority is level0, flow control enabled",
            "  Priority force disabled, Drop precedence level 0, Drop precedence force disabled",
            "  dhcp-snooping-trust configured to OFF",
        ]
        if not mgmt:
            lines.append("  mirror disabled, monitor disabled")
        lines += [
            "  LACP BPDU Forwarding:Disabled",
            "  LLDP BPDU Forwarding:Disabled",
            "  Not member of any active trunks",
            "  Not member of any configured trunks",
            f"  Port name is {p.name}" if p.name else "  No port name",
            "  Port is not enabled to receive all vlan packets for pbr",
            f"  Internet address is {address}, MTU {p.frame} bytes, encapsulation ethernet"
            if address else f"  MTU {p.frame} bytes, encapsulation ethernet",
        ]
        if not mgmt:
            lines.append(f"  Configured BW is {p.speed * 1000} kbps")
        lines += [
            f"  Openflow: Disabled, Openflow Index {p.index if not mgmt else 1537}",
            f"  Cluster L2 protocol forwarding {'disabled' if mgmt else 'enabled'}",
            "  300 second input rate: 0 bits/sec, 0 packets/sec, 0.00% utilization",
            "  300 second output rate: 0 bits/sec, 0 packets/sec, 0.00% utilization",
            "  0 packets input, 0 bytes, 0 no buffer",
            "  Received 0 broadcasts, 0 multicasts, 0 unicasts",
        ]
        if not mgmt:
            lines += [
                "  0 input errors, 0 CRC, 0 frame, 0 ignored",
                "  0 runts, 0 giants",
                "  NP received 0 packets, Sent to TM 0 packets",
                "  NP Ingress dropped 0 packets",
            ]
        lines += ["  0 packets output, 0 bytes, 0 underruns",
                  "  Transmitted 0 broadcasts, 0 multicasts, 0 unicasts"]
        if not mgmt:
            lines += ["  0 output errors, 0 collisions",
                      "  NP transmitted 0 packets, Received from TM 0 packets"]
        return lines

    def _mac(self, index: int) -> str:
        """Port ``index``'s MAC: the chassis base MAC (port 1/1's, also used by ve and the
        management port: index 0 or 1) plus the index."""
        h = int(hashlib.sha1(self.name.encode()).hexdigest()[:6], 16) & 0xFFF000
        mac = 0x002438000000 + h + max(index - 1, 0)
        return f"{mac >> 32 & 0xFFFF:04x}.{mac >> 16 & 0xFFFF:04x}.{mac & 0xFFFF:04x}"

    def ip_interface(self) -> str:
        lines = ["Interface    IP-Address     OK?  Method Status     Protocol VRF         FLAG"]
        for i in self.dev.view.ipifs:
            up = self.dev.ip_oper_up(i.name)
            name = i.name.replace("ethernet", "eth")
            status = "up" if up else ("admin/down" if not i.admin_up else "down")
            lines.append(f"{name:<12} {str(i.address.ip):<14} YES  manual {status:<11}{'up' if up else 'down':<9}default-vrf")
        return "\n".join(lines) + "\n"

    # ---- OSPF ---------------------------------------------------------------------------------------------
    def ip_ospf_neighbor(self) -> str:
        full = sum(n.state == "Full" for n in self.dev.ospf)
        lines = [f"Number of Neighbors is {len(self.dev.ospf)}, in FULL state {full}", "",
            "Port   Address         Pri State        Neigh Address   Neigh ID        Ev Opt Cnt"]
        for n in self.dev.ospf:
            port = n.interface.replace("ethernet ", "").replace("ve ", "v")
            st = ospf_state("netiron", n.state) + "/" + ("DR" if n.state == "Full" else "OTHER")
            # a state wider than its column (EXCHANGE/OTHER) pushes the rest right, one space apart
            lines.append(f"{port:<7}{n.local_address:<16}1   {st:<12} {n.address:<16}{n.neighbor_id:<16}6  2   0")
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
            lines.append(f"{name:<49} {lsp.to:<15} {admin:<6}{oper:<6}{tnl:<9}{1 if lsp.up else 0:<6}{0:<6}{path or '--'}")
        return "\n".join(lines) + "\n"

    def mpls_lsp_detail(self) -> str:
        """Labels and their order as in real output. The lines only up or protected LSPs print
        (tunnel interface, secondary path, recorded routes) follow NetIron's documented output."""
        out = []
        for n, lsp in enumerate(self.dev.lsps):
            pri_up = lsp.up and lsp.active == "primary"
            state = f"  From: {lsp.source if lsp.up else '(n/a)'}, admin: {'UP' if lsp.enabled else 'DOWN'}, " \
                    f"status: {'UP' if lsp.up else 'DOWN'}"
            if lsp.up:
                state += f", tunnel interface(primary path): {self._tunnel(n)}"
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
                out.append("  Fast Reroute: facility backup desired")
                out.append(f"   Backup LSP: {backup}")
                out.append(f"   FRR Forwarding State: Pri({'up' if lsp.up else 'down'}), Backup({backup.lower()})")
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
                lines.append(f"{s.peer:<13} (targeted) {s.peer + ':0':<11} 15       13")
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
            lines.append(f"{p.name:<20} {p.id:<10} {p.peer:<15} {'UP' if p.up else 'DOWN'}")
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
                lines.append(f"{cfg.name:<20} {cfg.id:<10} {len(pws):<6} {sum(p.up for p in pws)}")
        return "\n".join(lines) + "\n"

    def _vpls_vlans(self, name: str) -> list[_Vlan]:
        owner = f"vpls {name}"
        blocks = [v for v in self._vlan_blocks() if v.owner == owner]
        merged: dict[int, _Vlan] = {}
        for v in blocks:
            have = merged.get(v.vid)
            merged[v.vid] = v if have is None else _Vlan(
                v.vid, owner, have.tagged + v.tagged, have.untagged + v.untagged, have.ve or v.ve)
        return list(merged.values())

    def _up(self, ports: list[str]) -> int:
        return sum(1 for p in ports if (st := self.dev.ports.get(f"ethe {p}")) is not None and st.oper_up)

    def vpls_detail(self, only: str | None = None) -> str:
        out = []
        for cfg in self.dev.view.pws:
            if cfg.kind != "vpls" or (only and cfg.name != only):
                continue
            pws = [p for p in self._pws("vpls") if p.name == cfg.name]
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
                    out.append(f"   Tagged: {_ports_text(v.tagged)}")
                if v.untagged:
                    out.append(f"   Untagged: {_ports_text(v.untagged)}")
            out.append(f" VC-Mode: {'Raw' if cfg.pw_type == 'raw' else 'Tagged'}")
            out.append(f" Total VPLS peers: {len(pws)} ({sum(p.up for p in pws)} Operational)")
            for p in pws:
                out.append(f" Peer address: {p.peer}, State: {pw_status('netiron', 'vpls', p.code)}")
                out.append(f"  Tnnl in use: {self._tunnel_in_use(p)}[RSVP]    Peer Index:0")
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

    def _tunnel_in_use(self, p: PwState) -> str:
        """``tnl1(3)``: the tunnel interface and, in brackets, its tunnel index."""
        for n, lsp in enumerate(self.dev.lsps):
            if lsp.name == p.tunnel:
                return f"{self._tunnel(n)}({n + 1})"
        return "N/A"

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


@dataclass(frozen=True)
class _Port:
    num: str  # "1/5"
    key: str  # the model's name, "ethe 1/5"
    speed: int  # Mb/s
    admin_up: bool
    oper_up: bool
    frame: int  # frame size, FCS included (what NetIron prints as MTU)
    name: str  # port-name
    untagged: int | None  # untagged VLAN (None: default VLAN)
    tagged: int  # number of VLANs the port is tagged in
    index: int


@dataclass(frozen=True)
class _Vlan:
    vid: int
    owner: str  # "" (global), "vpls NAME", "vll NAME"
    tagged: list[str]
    untagged: list[str]
    ve: int | None


def _config_vlans(root: CNode) -> list[_Vlan]:
    out: list[_Vlan] = []

    def visit(node: CNode, owner: str) -> None:
        for c in node.children:
            w = c.words()
            if len(w) > 1 and w[0] == "vlan" and w[1].isdigit():
                tagged: list[str] = []
                untagged: list[str] = []
                ve = None
                for g in c.children:
                    gw = g.words()
                    if gw and gw[0] == "tagged":
                        tagged += expand_port_list(gw[1:])
                    elif gw and gw[0] == "untagged":
                        untagged += expand_port_list(gw[1:])
                    elif len(gw) > 2 and gw[:2] == ["router-interface", "ve"] and gw[2].isdigit():
                        ve = int(gw[2])
                out.append(_Vlan(int(w[1]), owner, tagged, untagged, ve))
            elif len(w) > 1 and w[0] in ("vpls", "vll"):
                visit(c, f"{w[0]} {w[1]}")
            elif w[:2] == ["router", "mpls"]:
                visit(c, owner)

    visit(root, "")
    return out


def _ve_number(name: str) -> int | None:
    w = name.split()
    return int(w[1]) if len(w) > 1 and w[0] == "ve" and w[1].isdigit() else None


def _speed(port: str) -> int:
    """Mb/s of ``slot/port``: slot 1 holds the 10GbE card, other slots 1GbE cards."""
    parsed = parse_port(port)
    return 10000 if parsed is not None and parsed[0] == 1 else 1000


def _speed_text(mbps: int) -> str:
    return f"{mbps // 1000}G" if mbps >= 1000 else f"{mbps}M"


def _hardware(mbps: int) -> str:
    return "10GigabitEthernet" if mbps >= 10000 else "GigabitEthernet"


def _ports_text(ports: list[str]) -> str:
    parsed = [p for p in (parse_port(x) for x in ports) if p is not None]
    return format_port_list(parsed)
