"""``show interfaces`` (brief, and the per-interface blocks of ethernet ports, the management
port, VEs and loopbacks): state from the model, ports, names and VLANs from the configuration."""

from __future__ import annotations

import hashlib

from mpls_interop_lab.netiron.ports import parse_port
from mpls_interop_lab.netiron.shows.common import text_lines
from mpls_interop_lab.netiron.shows.port_block import (
    Port,
    port_block,
    port_key,
    port_speed,
    speed_text,
)
from mpls_interop_lab.netiron.shows.vlans import VlanShows

FCS = 4
#: the model's IP MTU for loopbacks (no limit) and what the device prints for them by default
LOOPBACK_MODEL_MTU = 65535
LOOPBACK_IP_MTU = 1500
#: port indexes (MAC offsets, Openflow Index) advance by this much per slot
PORTS_PER_SLOT = 48


class InterfaceShows(VlanShows):
    """``show interfaces`` and ``show interfaces brief``."""

    def _ports(self) -> list[Port]:
        """Every physical port the device has (the line card's and the configured ones)."""
        names = {p.split()[-1] for p in self.dev.ports}
        if self.device is not None:
            names |= set(self.device.ports)
        members = self._vlan_membership()
        out = []
        for num in sorted(names, key=port_key):
            slot, port = parse_port(num) or (1, 1)
            index = (slot - 1) * PORTS_PER_SLOT + port  # NetIron's port index (Openflow Index)
            key = f"ethe {num}"
            st = self.dev.ports.get(key)
            if st is not None:
                admin, oper, frame = st.admin_up, st.oper_up, st.l2_mtu + FCS
            else:  # a port the configuration never mentions: disabled, at the default frame size
                admin, oper, frame = False, False, self.dev.view.default_port_l2 + FCS
            untagged, tagged = members.get(num, (None, set()))
            out.append(Port(num, key, port_speed(num), admin, oper, frame, self._port_name(num),
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

    def interfaces_brief(self) -> str:
        head = "Port   Link     Port-State   Dupl Speed Trunk Tag Priori MAC            Name           Type"
        lines = ["", head]
        for p in self._ports():
            link = "Up" if p.oper_up else ("Down" if p.admin_up else "Disabled")
            state = "Forward" if p.oper_up else "None"
            dupl, speed = ("Full", speed_text(p.speed)) if p.oper_up else ("None", "None")
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
        return text_lines(lines)

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
            out += port_block(p, str(ip.address) if ip is not None else None, self._mac(p.index))
        mgmt = self._mgmt()
        if mgmt is not None and (not only or only == "management 1"):
            up, addr = mgmt
            port = Port("mgmt1", "management 1", 1000, up, up, 1518, "", 0, 0, 0)
            out += port_block(port, addr, self._mac(port.index), mgmt=True)
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
        return text_lines(out)

    def _mac(self, index: int) -> str:
        """Port ``index``'s MAC: the chassis base MAC (port 1/1's, also used by ve and the
        management port: index 0 or 1) plus the index."""
        h = int(hashlib.sha1(self.name.encode()).hexdigest()[:6], 16) & 0xFFF000
        mac = 0x002438000000 + h + max(index - 1, 0)
        return f"{mac >> 32 & 0xFFFF:04x}.{mac >> 16 & 0xFFFF:04x}.{mac & 0xFFFF:04x}"
