"""Stand-ins: what a real OpenFlow PE sees at the far end of a wire to an emulated router.

The emulated router (Junos, NetIron) has no real IP stack. For each wire from an OpenFlow PE port
to an emulated router, a namespace holds the OVS port and plays the emulated router's side from
its current :class:`DeviceView` (the same view the model uses): the IP interface on that port with
its address and IP MTU, the router ID on ``lo``, and FRR with the router's OSPF timers, targeted
LDP towards the OpenFlow PE and its pseudowires (pw-id, MTU). Only untagged interfaces can be
played (the host kernel here has no 802.1Q sub-interfaces); a tagged one is left silent.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpls_interop_lab.model.views import DeviceView, IpIf


@dataclass(frozen=True)
class StandinConfig:
    """What the stand-in namespace must look like (compared to avoid needless restarts)."""

    address: str | None  # "a.b.c.d/len" on the wire interface
    ip_mtu: int
    loopback: str | None
    frr: str


def _wire_ipif(view: DeviceView, port: str) -> IpIf | None:
    for i in view.ipifs:
        if port in i.ports and i.admin_up and i.vrf is None and i.tags.get(port) is None:
            return i
    return None


def standin_config(view: DeviceView | None, port: str, ifname: str, peers: set[str]) -> StandinConfig:
    """The stand-in for ``view``'s end of a wire at ``port``; ``peers``: the OpenFlow PEs' loopbacks
    (targeted LDP and PWs are only played towards them)."""
    if view is None:
        return StandinConfig(None, 1500, None, "")
    ipif = _wire_ipif(view, port)
    rid = view.router_id
    lines = ["frr defaults traditional", f"hostname {view.name}", "!"]
    if ipif is not None and ipif.ospf is not None and view.ospf_running and not ipif.ospf.passive:
        o = ipif.ospf
        lines += [f"interface {ifname}", f" ip ospf area {o.area}", f" ip ospf hello-interval {o.hello}",
                  f" ip ospf dead-interval {o.dead}", f" ip ospf cost {o.cost}"]
        if o.network_type == "p2p":
            lines.append(" ip ospf network point-to-point")
        lines += ["exit", "!"]
    if rid and view.ospf_running:
        lines += ["interface lo", " ip ospf area 0.0.0.0", " ip ospf passive", "exit", "!",
                  "router ospf", f" ospf router-id {rid}", "exit", "!"]
    pws = [(pw, p) for pw in view.pws for p in pw.peers if p in peers]
    if rid and view.ldp_targeted and pws:
        lines += ["mpls ldp", f" router-id {rid}", " address-family ipv4", f"  discovery transport-address {rid}"]
        for p in sorted({p for _pw, p in pws}):
            lines.append(f"  neighbor {p} targeted")
        if ipif is not None and ipif.name in view.ldp_interfaces:
            lines += [f"  interface {ifname}", "  exit"]
        lines += [" exit-address-family", "exit", "!"]
        for n, (pw, p) in enumerate(pws):
            # ldpd has l2vpn type vpls only (a VLL: one PW); PW status TLV on, as on the PE
            lines += [f"l2vpn {pw.name}-{n} type vpls", f" mtu {pw.mtu}", f" member pseudowire spw{n}",
                      f"  neighbor lsr-id {p}", f"  pw-id {pw.id}", "  control-word exclude",
                      " exit", "exit", "!"]
    return StandinConfig(
        str(ipif.address) if ipif else None, ipif.ip_mtu if ipif else 1500,
        f"{rid}/32" if rid else None, "\n".join(lines) + "\n",
    )
