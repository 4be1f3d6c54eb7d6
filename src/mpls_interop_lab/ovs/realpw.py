"""The model's L2 services built for real: every IP endpoint of a VPLS/VLL, every pseudowire
between them, as real frames through OVS (the cross-check's service half, see realnet.py).

Each IP endpoint of a service (a Junos VRF ``lt-`` unit, a NetIron ``ve`` in a VPLS VLAN, an
OpenFlow PE's router interface) becomes a namespace with one TAP port: its address, its IP MTU as
the interface MTU, a fixed MAC, and permanent neighbour entries for the far endpoints (so a frame
lost one way does not hide behind ARP). A frame the endpoint sends is cloned onto every pseudowire
of its service towards a far endpoint and, per pseudowire, really encapsulated as the routers do:

* checked against the endpoint's own frame limit towards the service (``check_pkt_larger``);
* given an 802.1Q tag when it crosses the PW tagged (tagged mode, or the ingress leaves the
  attachment's tag on: Junos raw VPLS without ``vlan-id none``);
* wrapped in an MPLS PW label (and a control word where the model says both ends negotiated
  one), an Ethernet header and a transport label (two labels), then, for
  every hop of the LSP the model chose, given that link's 802.1Q tag and checked against both
  ports' frame limits (frame without FCS, tags included), the tag removed again;
* unwrapped at the far PE (transport label, Ethernet, PW label), its service tag removed when the
  far PW is in tagged mode (a raw PW delivers the frame as it came), checked against the far
  endpoint's frame limit and handed to the far endpoint's Linux stack — which drops a frame that
  still carries a VLAN tag on its untagged interface.

Taken from the model as given (control plane and configuration semantics): which PWs are up,
the path of each LSP, the ports' frame limits, whether the ingress leaves a tag on. Judged by the
real stack: the bytes every header adds, whether each frame fits, and whether the far endpoint
accepts what arrives (DF refusals at the sender are the kernel's own).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import Any

from mpls_interop_lab.model.dataplane import _tag_leak
from mpls_interop_lab.ovs.fabric import _run, _short, plain_offloads

#: first OpenFlow table of the PW pipeline (realnet's wires use tables 0 and 1)
T_PW = 50
#: reg2 bit set when the frame exceeds the far endpoint's limit (bits 0..14: sender and hops)
DST_BIT = 15


@dataclass(frozen=True)
class Endpoint:
    device: str
    ipif: Any  # the model's IpIf
    netns: str
    inside: str
    ofport: int
    mac: str

    @property
    def address(self) -> str:
        return str(self.ipif.address.ip)


@dataclass(frozen=True)
class Branch:
    """One direction of one PW between two endpoints."""

    id: int
    src: Endpoint
    dst: Endpoint
    kind: str
    pw_name: str
    peer: str


class RealServices:
    """Service endpoints and their pseudowires on a :class:`RealNetwork`'s bridge."""

    def __init__(self, net: Any) -> None:
        self.net = net
        self.state = net.state
        self.endpoints: dict[tuple[str, str], Endpoint] = {}
        self.branches: list[Branch] = []

    # ---- build ---------------------------------------------------------------------------------
    def build(self) -> list[str]:
        """Create the endpoint namespaces; return the flows of every PW branch."""
        n = 0
        for name, view in sorted(self.state.views.items()):
            for ipif in view.ipifs:
                if ipif.service is None or ipif.loopback:
                    continue
                n += 1
                self.endpoints[(name, ipif.name)] = self._endpoint(n, name, ipif)
        for ep in self.endpoints.values():
            for far, pw_name, peer in self._far_ends(ep):
                self.branches.append(Branch(len(self.branches) + 1, ep, far, ep.ipif.service[0], pw_name, peer))
        for b in self.branches:
            _run("ip", "-n", b.src.netns, "neigh", "replace", b.dst.address, "lladdr", b.dst.mac, "dev",
                 b.src.inside, "nud", "permanent")
        return self._flows()

    def _endpoint(self, n: int, device: str, ipif: Any) -> Endpoint:
        net = self.net
        netns = f"mi{net.tag}-e{n}"
        net._netns_add(netns)
        _run("ip", "-n", netns, "link", "set", "lo", "up")
        iface = f"s{_short(net.tag, device, ipif.name)}"
        net.vsctl("add-port", net.bridge, iface, "--", "set", "Interface", iface, "type=internal")
        _run("ip", "-n", net.switch_ns, "link", "set", iface, "netns", netns)
        inside = "e0"
        mac = f"02:00:5e:{n >> 8 & 0xff:02x}:{n & 0xff:02x}:01"
        _run("ip", "-n", netns, "link", "set", iface, "name", inside)
        plain_offloads(netns, inside)
        _run("ip", "-n", netns, "link", "set", inside, "address", mac, "mtu", str(ipif.ip_mtu))
        for key in ("net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6"):
            _run("ip", "netns", "exec", netns, "sysctl", "-qw", f"{key}=1", check=False)
        _run("ip", "-n", netns, "addr", "add", str(ipif.address), "dev", inside)
        if self.state.devices[device].ip_oper_up(ipif.name):
            _run("ip", "-n", netns, "link", "set", inside, "up")
        ofport = int(net.vsctl("get", "Interface", iface, "ofport").strip())
        return Endpoint(device, ipif, netns, inside, ofport, mac)

    def _far_ends(self, ep: Endpoint) -> list[tuple[Endpoint, str, str]]:
        """(far endpoint, local PW name, peer address) for every PW of the endpoint's service that
        the model has up."""
        st = self.state
        kind, name = ep.ipif.service
        pw = next((p for p in st.views[ep.device].pws if p.kind == kind and p.name == name), None)
        if pw is None:
            return []
        out = []
        for peer in pw.peers:
            other = st.owner(peer)
            local = st.pw_for(ep.device, kind, pw.name, peer)
            if other is None or local is None or not local.up:
                continue
            remote = st._match(ep.device, pw, other)
            if remote is None:
                continue
            for (dev, _), far in self.endpoints.items():
                if dev == other and far.ipif.service == (kind, remote.name):
                    out.append((far, pw.name, peer))
        return out

    def _flows(self) -> list[str]:
        flows: list[str] = []
        t_hops, t_far, t_out = T_PW + 1, T_PW + 2, T_PW + 3
        for bit in range(DST_BIT):
            flows.append(f"table={t_far},priority=10,reg2={1 << bit:#x}/{1 << bit:#x},actions=drop")
        flows.append(f"table={t_out},priority=10,reg2={1 << DST_BIT:#x}/{1 << DST_BIT:#x},actions=drop")
        by_src: dict[int, list[Branch]] = {}
        for b in self.branches:
            by_src.setdefault(b.src.ofport, []).append(b)
            flows += self._branch(b, t_hops, t_far, t_out)
        for ofport, branches in by_src.items():
            clones = ",".join(f"clone(load:{b.id}->NXM_NX_REG3[],resubmit(,{T_PW}))" for b in branches)
            flows.append(f"table=0,priority=20,in_port={ofport},actions={clones}")
        # an endpoint without a PW up sends nowhere
        for ep in self.endpoints.values():
            if ep.ofport not in by_src:
                flows.append(f"table=0,priority=20,in_port={ep.ofport},actions=drop")
        return flows

    def _branch(self, b: Branch, t_hops: int, t_far: int, t_out: int) -> list[str]:
        st = self.state
        src_if, dst_if = b.src.ipif, b.dst.ipif
        local = st.pw_for(b.src.device, b.kind, b.pw_name, b.peer)
        pw_tag = _pw_tag(st, b.src.device, b.kind, b.pw_name, src_if)
        if pw_tag is None and local.pw_type == "tagged":
            pw_tag = 1  # tagged mode always carries a service-delimiting tag
        push = f"mod_vlan_vid:{pw_tag}," if pw_tag is not None else ""
        room = src_if.service_l2_mtu or 0
        # the control word (RFC 4385, 4 bytes below the PW label) where both ends negotiated one;
        # OVS has no control-word action: a 4-byte MPLS entry at the bottom of the stack stands in
        labels = [f"{1000 + b.id}", f"{2000 + b.id}"]
        if local.control_word == "null":
            labels.insert(0, "0")
        stack = "".join(f"push_mpls:0x8847,set_field:{x}->mpls_label," for x in labels[1:])
        first = (
            f"table={T_PW},priority=5,reg3={b.id},actions=check_pkt_larger({room})->NXM_NX_REG2[0],{push}"
            f"encap(mpls),set_field:{labels[0]}->mpls_label,set_field:255->mpls_ttl,"
            f"encap(ethernet),set_field:{b.src.mac}->eth_src,set_field:{b.dst.mac}->eth_dst,"
            f"{stack}resubmit(,{t_hops})"
        )
        hops = []
        lost = f"load:1->NXM_NX_REG2[{DST_BIT - 1}]"  # no way through: the far table drops it
        lsp = st.lsp_up_to(b.src.device, b.peer)
        node = b.src.device
        for n, hop in enumerate(lsp.path if lsp is not None else []):
            edge = next((e for e in st.te_edges[node] if str(e.peer_if.address.ip) == hop), None)
            if edge is None or n + 1 >= DST_BIT - 1:
                hops.append(lost)
                break
            adj = edge.adj
            limit = min(st.port_l2(adj.a_dev, adj.a_port), st.port_l2(adj.b_dev, adj.b_port))
            port = adj.a_port if adj.a_dev == node else adj.b_port
            tag = edge.ipif.tags.get(port)
            tagging = f"mod_vlan_vid:{tag}," if tag is not None else ""
            hops.append(f"{tagging}check_pkt_larger({limit})->NXM_NX_REG2[{n + 1}]"
                        + (",strip_vlan" if tag is not None else ""))
            node = edge.peer_dev
        if lsp is None:  # the model carries PWs over RSVP LSPs only (docs/openflow.md, left to do)
            hops.append(lost)
        strip = "strip_vlan," if local.remote_type == "tagged" else ""
        return [
            first,
            f"table={t_hops},priority=5,reg3={b.id},actions={','.join([*hops, f'resubmit(,{t_far})'])}",
            f"table={t_far},priority=5,reg3={b.id},dl_type=0x8847,actions={'pop_mpls:0x8847,' * (len(labels) - 1)}decap(),"
            f"decap(packet_type(ns=0,type=0)),{strip}"
            f"check_pkt_larger({dst_if.service_l2_mtu or 0})->NXM_NX_REG2[{DST_BIT}],resubmit(,{t_out})",
            f"table={t_out},priority=5,reg3={b.id},actions=output:{b.dst.ofport}",
        ]

    # ---- what the real stack says --------------------------------------------------------------
    def echoes_in(self, ep: Endpoint) -> int:
        """ICMP echo requests the endpoint's stack has received (its namespace's counter)."""
        out = _run("ip", "netns", "exec", ep.netns, "cat", "/proc/net/snmp")
        lines = [ln.split() for ln in out.splitlines() if ln.startswith("Icmp:")]
        return int(dict(zip(lines[0], lines[1], strict=False))["InEchos"])

    def ping(self, src: Endpoint, target: str, size: int, count: int = 2) -> tuple[bool, int]:
        """A DF ping from the endpoint: (every echo answered, echoes sent)."""
        proc = subprocess.run(["ip", "netns", "exec", src.netns, "ping", "-n", "-q", "-M", "do", "-c",
                               str(count), "-i", "0.2", "-W", "1", "-s", str(size), target],
                              capture_output=True, text=True, timeout=30, check=False)
        m = re.search(r"(\d+) packets transmitted, (\d+) received", proc.stdout)
        if not m:
            return False, 0
        return int(m.group(1)) == int(m.group(2)) > 0, int(m.group(1))

    def one_way(self, src: Endpoint, dst: Endpoint, size: int, count: int = 2) -> bool:
        """Every DF echo request of ``size`` payload bytes from src reaches dst's stack (whatever
        happens to the replies)."""
        before = self.echoes_in(dst)
        _ok, sent = self.ping(src, dst.address, size, count)
        return sent > 0 and self.echoes_in(dst) - before >= sent


def _pw_tag(state: Any, dev: str, kind: str, pw_name: str, ipif: Any) -> int | None:
    """The VLAN a frame from this endpoint still carries on the PW, else None: whether the ingress
    leaves a tag on is the model's reading of the configuration (taken as given); the VLAN is the
    tagged attachment's, or the instance's ``vlan-id``."""
    if not _tag_leak(state, dev, kind, pw_name, ipif):
        return None
    pw = next(p for p in state.views[dev].pws if p.kind == kind and p.name == pw_name)
    tagged = next((a for a in pw.attachments if a.tag_on_pw and a.vlan), None)
    return (tagged.vlan if tagged else None) or _vlan_id(pw) or 1


def _vlan_id(pw: Any) -> int | None:
    return int(pw.vlan_id) if pw.vlan_id and str(pw.vlan_id).isdigit() else None
