"""OpenFlow PE program (the ``[meta]`` section the toolkit commits to the OVS bridge) → DeviceView.

The lab reads the program back from OVSDB (the bridge's ``external_ids``); this reader parses it
on its own (the lab never imports the toolkit). An OpenFlow PE runs OSPF and targeted LDP (FRR),
no RSVP-TE, and carries PWs over one-hop LDP transport. Ports with nothing committed default to a
1514-byte frame limit (OVS ``check_pkt_larger`` counts the frame without FCS).
"""

from __future__ import annotations

import ipaddress

from mpls_interop_lab.model.views import Attachment, DeviceView, IpIf, OspfIf, PortView, PwConfig

DEFAULT_L2 = 1514


def _records(text: str) -> list[tuple[str, list[str], dict[str, str]]]:
    out = []
    section = ""
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        if section != "meta" or not line.strip():
            continue
        words = line.split()
        kind, rest = words[0], words[1:]
        head: list[str] = []
        if kind in ("pw", "ac", "ri"):
            head, rest = rest[:2], rest[2:]
        elif kind in ("ipif", "port", "device", "loopback"):
            head, rest = rest[:1], rest[1:]
        kv: dict[str, str] = {}
        i = 0
        while i + 1 < len(rest):
            if rest[i] == "ospf":
                kv["ospf"] = " ".join(rest[i + 1:i + 6])
                i += 6
                continue
            kv[rest[i]] = rest[i + 1]
            i += 2
        out.append((kind, head, kv))
    return out


def read_openflow(name: str, program: str) -> DeviceView:
    view = DeviceView(name=name, vendor="openflow", default_port_l2=DEFAULT_L2)  # type: ignore[arg-type]
    recs = _records(program or "")
    pws: dict[tuple[str, str], PwConfig] = {}
    link_ldp = any(k == "ldp" and kv.get("link") == "yes" for k, _h, kv in recs)
    for kind, head, kv in recs:
        if kind == "loopback":
            address = ipaddress.IPv4Interface(f"{head[0]}/32")
            view.router_id = str(address.ip)
            view.ipifs.append(IpIf("lo", address, 65535, loopback=True,
                                   ospf=OspfIf("0.0.0.0", passive=True)))
        elif kind == "port":
            view.ports[head[0]] = PortView(head[0], int(kv["mtu"]))
        elif kind == "ipif":
            ospf = None
            if "ospf" in kv:
                area, hello, dead, ntype, cost = kv["ospf"].split()
                ospf = OspfIf(area, int(hello), int(dead), "p2p" if ntype in ("p2p", "point-to-point") else "broadcast",
                              cost=int(cost))
            port = kv["port"]
            vlan = None if kv.get("vlan", "-") == "-" else int(kv["vlan"])
            view.ipifs.append(IpIf(head[0], ipaddress.IPv4Interface(kv["address"]), int(kv["ip_mtu"]), ports=(port,),
                                   tags={port: vlan}, ospf=ospf, mpls=True))
            view.ospf_running = view.ospf_running or ospf is not None
            if link_ldp:
                view.ldp_interfaces.add(head[0])
        elif kind == "pw":
            key = (head[0], head[1])
            if key not in pws:
                pws[key] = PwConfig(head[0], head[1], int(kv["id"]), [], kv["mode"], int(kv["mtu"]))  # type: ignore[arg-type]
            pws[key].peers.append(kv["peer"])
        elif kind == "ac":
            key = (head[0], head[1])
            vlan = None if kv.get("vlan", "-") == "-" else int(kv["vlan"])
            tagged = kv.get("tagging") == "tagged"
            att = Attachment(f"{kv['port']}.{vlan or 0}", kv["port"], vlan if tagged else None, tag_on_pw=False)
            if key in pws:
                pws[key].attachments.append(att)
        elif kind == "ri":
            key = (head[0], head[1])
            if key in pws:
                pws[key].attachments.append(Attachment(f"ri.{head[1]}", None, None))
    view.pws = list(pws.values())
    view.ldp_targeted = bool(view.pws)
    return view
