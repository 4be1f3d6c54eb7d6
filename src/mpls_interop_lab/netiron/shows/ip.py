"""``show ip interface`` and ``show ip ospf`` (neighbours, interfaces)."""

from __future__ import annotations

import ipaddress

from mpls_interop_lab.model.views import IpIf
from mpls_interop_lab.model.vocab import ospf_state
from mpls_interop_lab.netiron.shows.common import ShowBase, text_lines


def _area_number(area: str) -> int:
    """NetIron prints OSPF areas as numbers: ``0.0.0.0`` -> 0."""
    return int(ipaddress.IPv4Address(area))


class IpShows(ShowBase):
    """IP interfaces and OSPF."""

    def ip_interface(self) -> str:
        lines = ["Interface    IP-Address     OK?  Method Status     Protocol VRF         FLAG"]
        for i in self.dev.view.ipifs:
            up = self.dev.ip_oper_up(i.name)
            name = i.name.replace("ethernet", "eth")
            status = "up" if up else ("admin/down" if not i.admin_up else "down")
            lines.append(f"{name:<12} {str(i.address.ip):<14} YES  manual {status:<11}{'up' if up else 'down':<9}default-vrf")
        return text_lines(lines)

    def ip_ospf_neighbor(self) -> str:
        full = sum(n.state == "Full" for n in self.dev.ospf)
        lines = [f"Number of Neighbors is {len(self.dev.ospf)}, in FULL state {full}", "",
            "Port   Address         Pri State        Neigh Address   Neigh ID        Ev Opt Cnt"]
        for n in self.dev.ospf:
            port = n.interface.replace("ethernet ", "").replace("ve ", "v")
            st = ospf_state("netiron", n.state) + "/" + (n.role or "OTHER")
            # a state wider than its column (EXCHANGE/OTHER) pushes the rest right, one space apart
            lines.append(f"{port:<7}{n.local_address:<16}{n.priority:<4}{st:<12} {n.address:<16}{n.neighbor_id:<16}6  2   0")
        return text_lines(lines)

    def _ospf_ifs(self) -> list[IpIf]:
        return [i for i in self.dev.view.ipifs if i.ospf is not None]

    def _ospf_if_state(self, i: IpIf) -> str:
        """Its own role: DR or BDR once a neighbour is seen, DR while alone on the segment;
        OTHER with priority 0 (best knowledge)."""
        if not self.dev.ip_oper_up(i.name):
            return "down"
        if i.ospf is not None and i.ospf.priority == 0:
            return "OTHER"
        return self.dev.ospf_roles.get(i.name, "DR") or "OTHER"

    def ip_ospf_interface_brief(self) -> str:
        ifs = self._ospf_ifs()
        lines = [f"Number of Interfaces is {len(ifs)}", "Interface Area IP Addr/Mask Cost State Nbrs(F/C)"]
        for i in ifs:
            full = sum(1 for n in self.dev.ospf if n.interface == i.name and n.state == "Full")
            seen = sum(1 for n in self.dev.ospf if n.interface == i.name)
            o = i.ospf
            assert o is not None
            name = i.name.replace("ethernet", "eth")
            lines.append(f"{name} {_area_number(o.area)} {i.address} {o.cost} {self._ospf_if_state(i)} {full}/{seen}")
        return text_lines(lines)

    def ip_ospf_interface(self) -> str:
        out = []
        for i in self._ospf_ifs():
            o = i.ospf
            assert o is not None
            out.append(f"{i.name.replace('ethernet', 'eth')},OSPF enabled")
            out.append(f"  IP Address {i.address.ip}, Area {_area_number(o.area)}")
            out.append(f"  OSPF state {self._ospf_if_state(i)}, Pri {o.priority}, Cost {o.cost}, Options 2, Type {'point-to-point' if o.network_type == 'p2p' else 'broadcast'} Events 1")
            out.append(f"  Timers(sec): Transit 1, Retrans 5, Hello {o.hello}, Dead {o.dead}")
            out.append(f"  IP MTU {i.ip_mtu}")
        return text_lines(out)

    def bfd_neighbors(self) -> str:
        """``show bfd neighbors``: the columns of the NetIron guide's "Displaying BFD neighbor
        information" (Holddown and Interval in microseconds, RH = heard from the remote)."""
        sessions = self.dev.bfd
        lines = [f"Total Number of Neighbor Entries: {len(sessions)}",
                 "NeighborAddress   State     Interface   Holddown    Interval    RH"]
        for s in sessions:
            port = s.interface.replace("ethernet ", "eth ")
            lines.append(f"{s.neighbor:<17} {'UP' if s.up else 'DOWN':<9} {port:<11} {s.detection_time * 1000:<11} "
                         f"{s.interval * 1000:<11} {1 if s.up else 0}")
        return text_lines(lines)
