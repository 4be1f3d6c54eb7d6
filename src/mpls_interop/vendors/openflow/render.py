"""Device plan → the OpenFlow PE program: metadata, host interfaces, FRR config, OVS flows.

The program is one text document in four sections:

``[meta]``   what the PE is (ports, IP interfaces, pseudowires, attachments): read by the driver,
             the config reader and the lab's network model;
``[host]``   the PE's IP stack in its namespace (addresses of its TAP ports v1..vN, loopback);
``[frr]``    FRR configuration (OSPF, LDP with the l2vpn PW signalling);
``[flows]``  OpenFlow 1.4 flows in ``ovs-ofctl`` syntax; ``{port}`` placeholders are bound to
             OpenFlow port numbers by the driver, so the program does not depend on the hardware.

Pipeline: table 0 drops frames above the receiving port's limit; table 1 classifies (core port + VLAN → its TAP port for IP, → table 10 for MPLS; attachment
circuit port + VLAN → its service); table 10 pops PW labels; tables 20+ enforce each port's exact
wire frame limit with ``check_pkt_larger`` before output; tables 30+ take a service's frames from
an attachment, tables 40+ from the PW side; both learn the source MAC (``learn()`` into the
service's table 100+, attachment or PW) and forward through table 120+: to the learnt attachment
or PW only, or flooded (split horizon: never from a PW to a PW) while the destination is unknown.

PW labels are the ones LDP signals: the flows name them with placeholders (``{label:in:…}`` the
label this PE's FRR allocated, ``{label:out:…}`` the label the peer signalled, see
:func:`label_placeholder`) that the driver binds from FRR's ``show l2vpn atom binding json`` at
commit. The LDP transport between directly connected PEs uses implicit null (penultimate hop
popping), so only the PW label is pushed.
"""

from __future__ import annotations

import ipaddress
import re

from mpls_interop.sdk.plan import Attachment, DevicePlan, L3Interface, ServicePlan

HEADER = "! mpls-interop openflow program"
#: the PE's IP interfaces are OVS internal (TAP) ports v1..vN in its namespace
MAX_TAPS = 8
ETH = 14
TAG = 4
#: PW ids LDP can signal (RFC 4447: a 32-bit PW ID; FRR takes 1..2^32-1)
MAX_SERVICE_ID = 4294967295
T_MPLS, T_OUT, T_FLOOD, T_DELIVER, T_PUSH = 10, 20, 30, 40, 200
#: per VPLS/VLL: the MAC table its ``learn()`` actions fill, and the forwarding table that reads it
T_MAC, T_FWD = 100, 120
#: cookie of the flows ``learn()`` adds at run time: not part of the program (the driver leaves
#: them out of its flow digest and of the flow set it saves for rollback)
LEARNT_COOKIE = 0x6D61636C
#: seconds a learnt MAC stays without traffic from it (routers' usual MAC age)
MAC_AGE = 300
#: reg2/reg3 value of a PW (0x100 + its index in the service); attachments are 1..N
PW_ID = 0x100


def label_placeholder(direction: str, service_id: int, peer: str) -> str:
    """``{label:in:ID:PEER}`` (the label this PE signals for the PW with PEER, matched on receive)
    or ``{label:out:ID:PEER}`` (the label PEER signals, pushed on send)."""
    return f"{{label:{direction}:{service_id}:{peer}}}"


def mac_for(address: str) -> str:
    """Deterministic locally administered MAC of a PE's core IP interface."""
    b = ipaddress.IPv4Address(address).packed
    return "02:00:" + ":".join(f"{x:02x}" for x in b)


def _vlan_match(vlan: int | None) -> str:
    return f"dl_vlan={vlan}" if vlan is not None else "vlan_tci=0x0000/0x1fff"


def _set_vlan(vlan: int | None, tagged_now: bool) -> str:
    """Actions leaving the frame with ``vlan`` (None: untagged)."""
    if vlan is None:
        return "strip_vlan," if tagged_now else ""
    return f"mod_vlan_vid:{vlan},"


def unsupported(plan: DevicePlan) -> list[str]:
    """What this plan asks of the PE that the program cannot do (lint reports these)."""
    out: list[str] = []
    if plan.lsps:
        out.append("RSVP-TE LSPs are not available (FRR has no RSVP-TE); set mpls.rsvp.mesh: false and use LDP")
    neighbours = {i.peer_device for i in plan.l3}
    taps = len(plan.l3) + sum(1 for s in plan.services for a in s.attachments if a.address is not None)
    if taps > MAX_TAPS:
        out.append(f"{taps} IP interfaces: the PE has TAP ports for {MAX_TAPS}")
    for svc in plan.services:
        if svc.id > MAX_SERVICE_ID:
            out.append(f"{svc.kind} {svc.name}: id {svc.id} above {MAX_SERVICE_ID} (LDP PW ID)")
        for p in svc.peers:
            if p.device not in neighbours:
                out.append(
                    f"{svc.kind} {svc.name}: PW peer {p.device} is not a direct neighbour "
                    "(the OpenFlow PE carries PWs over one-hop LDP transport only)"
                )
        for a in svc.attachments:
            if a.kind != "port":
                out.append(f"{svc.kind} {svc.name}: VRF hand-off is not available")
    return out


class _Program:
    def __init__(self, plan: DevicePlan) -> None:
        self.plan = plan
        self.meta: list[str] = []
        self.host: list[str] = []
        self.flows: list[str] = []
        self.out_table: dict[str, int] = {}
        self.tapvlan = 0
        self.push_tables: list[int] = []

    def port_l2(self, port: str) -> int:
        p = self.plan.ports.get(port)
        return p.native_mtu if p else self.plan.native_mtu

    def out(self, port: str) -> int:
        """The output table of a port (frame limit check, then output)."""
        if port not in self.out_table:
            t = T_OUT + len(self.out_table)
            self.out_table[port] = t
            self.flows.append(f"table={t},priority=10,reg0=0x1/0x1,actions=drop")
            self.flows.append(f"table={t},priority=5,actions=output:{{{port}}}")
        return self.out_table[port]

    def send(self, port: str) -> str:
        return f"check_pkt_larger({self.port_l2(port)})->NXM_NX_REG0[0],resubmit(,{self.out(port)})"

    def next_tapvlan(self) -> int:
        self.tapvlan += 1
        return self.tapvlan


def _l3(prog: _Program, i: L3Interface) -> None:
    k = prog.next_tapvlan()
    tap = f"v{k}"
    name = f"{i.port}.{i.unit or 0}"
    o = i.ospf
    ospf = f" ospf {o.area} {o.hello} {o.dead} {o.network_type} {o.cost or 10}" if o else ""
    prog.meta.append(
        f"ipif {name} port {i.port} vlan {i.vlan if i.vlan is not None else '-'} tap {tap} "
        f"address {i.address} ip_mtu {i.ip_mtu} peer {i.peer_device or '-'} peer_address {i.peer_address or '-'}"
        f"{ospf}"
    )
    prog.host.append(f"link {tap} mtu {i.ip_mtu} address {i.address} mac {mac_for(str(i.address.ip))}")
    match = f"in_port={{{i.port}}},{_vlan_match(i.vlan)}"
    pop = "pop_vlan," if i.vlan is not None else ""
    prog.flows.append(f"table=1,priority=300,{match},dl_type=0x8847,actions={pop}resubmit(,{T_MPLS})")
    prog.flows.append(f"table=1,priority=200,{match},actions={pop}output:{{{tap}}}")
    prog.flows.append(
        f"table=1,priority=200,in_port={{{tap}}},actions={_set_vlan(i.vlan, False)}{prog.send(i.port)}"
    )


def _ac_match(a: Attachment) -> tuple[str, int | None]:
    """Match of frames from an attachment, and the VLAN they carry on arrival."""
    if a.vlan is None:
        return f"in_port={{{a.port}}}", None
    if a.tagging == "tagged":
        return f"in_port={{{a.port}}},dl_vlan={a.vlan}", a.vlan
    return f"in_port={{{a.port}}},vlan_tci=0x0000/0x1fff", None


def _service(prog: _Program, idx: int, svc: ServicePlan) -> None:
    dp = prog.plan
    by_dev = {i.peer_device: i for i in dp.l3}
    flood, deliver = T_FLOOD + idx, T_DELIVER + idx
    # the frame on the PW: raw mode carries no service tag, tagged mode carries one (the first
    # attachment's VLAN, or the service id's low 12 bits when the attachments are untagged)
    pw_vlan = next((a.vlan for a in svc.attachments if a.vlan), None) if svc.mode == "tagged" else None
    if svc.mode == "tagged" and pw_vlan is None:
        pw_vlan = (svc.id % 4094) + 1
    pw_frame = svc.mtu + ETH + (TAG if pw_vlan is not None else 0)
    pws = []
    pw_push: list[int] = []  # push table of each programmed PW (its index: reg2/reg3 PW_ID + n)
    for p in svc.peers:
        via = by_dev.get(p.device)
        prog.meta.append(
            f"pw {svc.kind} {svc.name} id {svc.id} mode {svc.mode} mtu {svc.mtu} peer {p.address} "
            f"local ldp remote ldp via {via.port + '.' + str(via.unit or 0) if via else '-'}"
        )
        if via is None:
            prog.flows.append(f"# {svc.name}: no direct link to {p.device} ({p.address}): PW not programmed")
            continue
        vlan = f"mod_vlan_vid:{via.vlan}," if via.vlan is not None else ""
        # one push table per PW: without a signalled label the driver leaves it empty (PW down)
        push = T_PUSH + len(prog.push_tables)
        prog.push_tables.append(push)
        prog.flows.append(
            f"table={push},priority=5,actions=encap(mpls),"
            f"set_field:{label_placeholder('out', svc.id, p.address)}->mpls_label,set_field:255->mpls_ttl,"
            f"encap(ethernet),set_field:{mac_for(str(via.address.ip))}->eth_src,"
            f"set_field:{mac_for(via.peer_address)}->eth_dst,{vlan}{prog.send(via.port)}"
        )
        pws.append(f"clone(resubmit(,{push}))")
        pw_push.append(push)
        # from this PW (reg3: which one, for MAC learning): pop the label, check the PW MTU,
        # deliver to the learnt attachment or every local attachment
        prog.flows.append(
            f"table={T_MPLS},priority=100,dl_type=0x8847,mpls_label={label_placeholder('in', svc.id, p.address)},"
            f"actions=load:{PW_ID + len(pw_push) - 1}->NXM_NX_REG3[],decap(),decap(packet_type(ns=0,type=0)),"
            f"resubmit(,{deliver})"
        )
    # local attachments (ports, and the PE's own router interfaces through the TAP)
    locals_: list[tuple[str, str, int | None]] = []  # (match, out port, vlan on the port)
    for a in svc.attachments:
        if a.kind != "port" or a.port is None:
            continue
        if a.address is not None:
            tap = f"v{prog.next_tapvlan()}"
            prog.meta.append(
                f"ri {svc.kind} {svc.name} tap {tap} address {a.address} ip_mtu {a.ip_mtu or svc.mtu}"
            )
            prog.host.append(
                f"link {tap} mtu {a.ip_mtu or svc.mtu} address {a.address} mac {mac_for(str(a.address.ip))}"
            )
            locals_.append((f"in_port={{{tap}}}", tap, None))
        prog.meta.append(
            f"ac {svc.kind} {svc.name} port {a.port} vlan {a.vlan if a.vlan is not None else '-'} tagging {a.tagging}"
        )
        match, vlan = _ac_match(a)
        locals_.append((match, a.port, vlan))
    mac, fwd = T_MAC + idx, T_FWD + idx
    prog.flows.append(f"table={mac},priority=0,actions=load:0->NXM_NX_REG2[]")  # unknown destination
    for n, (match, _port, vlan) in enumerate(locals_):
        others = [
            f"clone({_set_vlan(v, vlan is not None)}{_to(prog, q)})"
            for m, (_, q, v) in enumerate(locals_) if m != n
        ]
        to_pw = _set_vlan(pw_vlan, vlan is not None)
        frame_from_ac = svc.mtu + ETH + (TAG if vlan is not None else 0)
        prog.flows.append(
            f"table=1,priority=250,{match},actions=check_pkt_larger({frame_from_ac})->NXM_NX_REG1[0],"
            f"resubmit(,{flood})"
        )
        prog.flows.append(f"table={flood},priority=10,reg1=0x1/0x1,actions=drop")
        prog.flows.append(f"table={flood},priority=5,{match},actions={_learn(mac, str(n + 1))},"
                          f"resubmit(,{mac}),resubmit(,{fwd})")
        # known destination: that attachment or that PW only; unknown: flood (split horizon)
        actions = ",".join([*others, *([f"{to_pw}resubmit(,{flood + 50})"] if pws else [])]) or "drop"
        prog.flows.append(f"table={fwd},priority=5,{match},actions={actions}")
        prog.flows.append(f"table={fwd},priority=20,reg2={n + 1},{match},actions=drop")
        for m, (_, q, v) in enumerate(locals_):
            if m != n:
                prog.flows.append(f"table={fwd},priority=20,reg2={m + 1},{match},"
                                  f"actions={_set_vlan(v, vlan is not None)}{_to(prog, q)}")
        for j, push in enumerate(pw_push):
            prog.flows.append(f"table={fwd},priority=20,reg2={PW_ID + j},{match},actions={to_pw}resubmit(,{push})")
    if pws:
        prog.flows.append(f"table={flood + 50},priority=5,actions={','.join(pws)}")
    outs = [
        f"clone({_set_vlan(v, pw_vlan is not None)}{_to(prog, q)})"
        for _, q, v in locals_
    ]
    prog.flows.append(f"table={deliver},priority=10,reg1=0x1/0x1,actions=drop")
    prog.flows.append(
        f"table={deliver},priority=5,actions=check_pkt_larger({pw_frame})->NXM_NX_REG1[0],"
        f"resubmit(,{deliver + 50})"
    )
    prog.flows.append(f"table={deliver + 50},priority=10,reg1=0x1/0x1,actions=drop")
    prog.flows.append(f"table={deliver + 50},priority=5,actions={_learn(mac, 'NXM_NX_REG3[]')},"
                      f"resubmit(,{mac}),resubmit(,{fwd})")
    # from a PW (reg3 says which): to the learnt attachment, never to another PW, else flood
    from_pw = f"reg3={PW_ID:#x}/{PW_ID:#x}"
    prog.flows.append(f"table={fwd},priority=25,{from_pw},actions={','.join(outs) or 'drop'}")
    prog.flows.append(f"table={fwd},priority=30,{from_pw},reg2={PW_ID:#x}/{PW_ID:#x},actions=drop")
    for m, (_, q, v) in enumerate(locals_):
        prog.flows.append(f"table={fwd},priority=30,{from_pw},reg2={m + 1},"
                          f"actions={_set_vlan(v, pw_vlan is not None)}{_to(prog, q)}")


def _learn(table: int, source: str) -> str:
    """Learn the frame's source MAC: frames to it get reg2 = ``source`` (an attachment's number,
    or the field holding the PW's) in the service's MAC table."""
    return (f"learn(table={table},idle_timeout={MAC_AGE},priority=10,cookie={LEARNT_COOKIE:#x},"
            f"NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],load:{source}->NXM_NX_REG2[])")


def _to(prog: _Program, port: str) -> str:
    """Output to a port: the PE's own IP interfaces (TAP ports ``vN``) take what their MTU allows."""
    if re.match(r"^v\d+$", port):
        return f"output:{{{port}}}"
    return prog.send(port)


def _frr(dp: DevicePlan, prog: _Program) -> list[str]:
    lines = ["frr defaults traditional", f"hostname {dp.name}", "!"]
    ospf_ifs = [line.split() for line in prog.meta if line.startswith("ipif ") and " ospf " in line]
    for f in ospf_ifs:
        k = f[f.index("tap") + 1]
        area, hello, dead, ntype, cost = f[f.index("ospf") + 1:f.index("ospf") + 6]
        lines += [f"interface {k}", f" ip ospf area {area}", f" ip ospf hello-interval {hello}",
                  f" ip ospf dead-interval {dead}", f" ip ospf cost {cost}"]
        if ntype in ("p2p", "point-to-point"):
            lines.append(" ip ospf network point-to-point")
        lines += ["exit", "!"]
    if dp.ospf:
        lines += ["interface lo", f" ip ospf area {dp.loopback_area}", " ip ospf passive", "exit", "!",
                  "router ospf", f" ospf router-id {dp.loopback}",
                  # every neighbour state change in ospfd's log, as operators run real routers
                  " log-adjacency-changes detail", "exit", "!"]
    if dp.services and dp.ldp_targeted:
        lines += ["mpls ldp", f" router-id {dp.loopback}", " address-family ipv4",
                  f"  discovery transport-address {dp.loopback}"]
        for peer in dp.ldp_peers:
            lines.append(f"  neighbor {peer} targeted")
        if dp.ldp_link:
            for f in ospf_ifs:
                lines += [f"  interface {f[f.index('tap') + 1]}", "  exit"]
        lines += [" exit-address-family", "exit", "!"]
        for svc in dp.services:
            # FRR's ldpd knows l2vpn type vpls only: a VLL is one with a single PW (same FEC 128
            # signalling). The PW status TLV stays on: without kernel MPLS zebra cannot install
            # the PW, and with the TLV ldpd reports "not forwarding" but keeps the label mappings
            # (with 'pw-status disable' it withdraws them), so the driver can read both labels
            lines += [f"l2vpn {svc.name} type vpls", f" mtu {svc.mtu}"]
            for n, p in enumerate(svc.peers):
                lines += [f" member pseudowire pw{svc.id}x{n}", f"  neighbor lsr-id {p.address}",
                          f"  pw-id {svc.id}", "  control-word exclude", " exit"]
            lines += ["exit", "!"]
    return lines


def render_program(dp: DevicePlan) -> str:
    prog = _Program(dp)
    prog.meta.append(f"device {dp.name}")
    prog.meta.append(f"loopback {dp.loopback}")
    prog.meta.append(f"ldp targeted {'yes' if dp.ldp_targeted else 'no'} link {'yes' if dp.ldp_link else 'no'}")
    for name, port in sorted(dp.ports.items()):
        prog.meta.append(f"port {name} mtu {port.native_mtu}")
        # a frame above the port's limit is dropped on receive too (a giant), as routers do
        prog.flows.append(f"table=0,priority=100,in_port={{{name}}},actions="
                          f"check_pkt_larger({port.native_mtu})->NXM_NX_REG0[1],resubmit(,1)")
    prog.flows.append("table=0,priority=0,actions=resubmit(,1)")
    prog.flows.append("table=1,priority=1000,reg0=0x2/0x2,actions=drop")
    prog.host.append(f"loopback {dp.loopback}/32")
    for i in dp.l3:
        _l3(prog, i)
    for idx, svc in enumerate(dp.services):
        _service(prog, idx, svc)
    frr = _frr(dp, prog)
    lines = [f"{HEADER} for {dp.name} (OpenFlow 1.4, ovs-ofctl flow syntax; FRR)", "[meta]", *prog.meta,
             "[host]", *prog.host, "[frr]", *frr, "[flows]", *sorted(set(prog.flows), key=_flow_key)]
    return "\n".join(lines) + "\n"


def _flow_key(flow: str) -> tuple[int, str]:
    if flow.startswith("#"):
        return (-1, flow)
    return (int(flow.split(",", 1)[0].split("=")[1]), flow)
