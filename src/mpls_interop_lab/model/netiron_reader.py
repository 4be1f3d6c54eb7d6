"""NetIron running configuration (the emulator's config tree) → :class:`DeviceView`.

Defaults follow NetIron: frame size 1518 (FCS included), IP MTU 1500, OSPF hello 10 / dead 40,
VLL tagged mode, VPLS raw mode, ports disabled until ``enable``. A VLL/VPLS without
``vll-mtu``/``vpls-mtu`` has the VC MTU the frame size allows (frame - 18, at most 9190: the real
5.8 MLX with ``default-max-frame-size 9216`` shows ``Local VC MTU: 9190``). VPLS MTU enforcement is
off unless ``router mpls`` / ``vpls-policy`` / ``mtu-enforcement`` (the MPLS configuration guide:
with enforcement disabled a peer comes up whatever its MTU); VLLs always compare MTUs. FRR is
one-to-one unless ``facility-backup``. An adaptive LSP changed while up keeps its signalled
instance (see ``netiron.lsp_guard``) until it is re-enabled.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import replace

from mpls_interop_lab.model.views import (
    ETH,
    FCS,
    Attachment,
    DeviceView,
    Hop,
    IpIf,
    LspConfig,
    OspfIf,
    PortView,
    PwConfig,
)
from mpls_interop_lab.netiron.config import CNode, NetIronConfig

DEFAULT_FRAME = 1518
#: largest vll-mtu/vpls-mtu NetIron takes
PW_MTU_MAX = 9190
PORT_RE = re.compile(r"^\d{1,2}/\d{1,2}$")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _area(value: str) -> str:
    return str(ipaddress.IPv4Address(int(value))) if value.isdigit() else value


def _address(words: list[str]) -> ipaddress.IPv4Interface | None:
    try:
        if len(words) >= 2 and "." in words[1] and "/" not in words[0]:
            return ipaddress.IPv4Interface(f"{words[0]}/{words[1]}")
        return ipaddress.IPv4Interface(words[0])
    except (ValueError, IndexError):
        return None


def port_list(words: list[str]) -> list[str]:
    """``ethe 1/5``, ``e 1/5 to 1/7``, ``ethernet 1/1 ethe 1/3`` → canonical ``ethe X/Y`` names."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if PORT_RE.match(w):
            if i + 2 < len(words) and words[i + 1] == "to" and PORT_RE.match(words[i + 2]):
                slot, first = w.split("/")
                last = words[i + 2].split("/")[1]
                out.extend(f"ethe {slot}/{n}" for n in range(int(first), int(last) + 1))
                i += 3
                continue
            out.append(f"ethe {w}")
        i += 1
    return out


def _ifname(words: list[str]) -> str | None:
    """``ethernet 1/2`` / ``e 1/2`` / ``ve 100`` / ``ve100`` / ``loopback 1`` → canonical name."""
    if not words:
        return None
    head = words[0].lower()
    m = re.match(r"^(ve|loopback)(\d+)$", head)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = re.match(r"^e(?:th|the|thernet)?(\d{1,2}/\d{1,2})$", head)
    if m:
        return f"ethernet {m.group(1)}"
    if head in ("ve", "loopback") and len(words) > 1:
        return f"{head} {words[1]}"
    if head.startswith("e") and len(words) > 1 and PORT_RE.match(words[1]):
        return f"ethernet {words[1]}"
    return None


def read_netiron(name: str, config: NetIronConfig) -> DeviceView:
    root = config.root
    view = DeviceView(name=name, vendor="netiron")
    frame_node = root.first("default-max-frame-size")
    frame = _int(frame_node.words()[1] if frame_node else None, DEFAULT_FRAME)
    l2 = frame - FCS
    view.default_port_l2 = l2
    view.default_port_up = False  # NetIron ports stay disabled until `enable`
    default_ip_mtu = min(1500, l2 - ETH)

    mpls = root.first("router mpls")
    mpls_ifs: set[str] = set()
    if mpls is not None:
        view.traffic_engineering = any(p.first("traffic-eng") for p in mpls.find("policy"))
        for node in mpls.find("mpls-interface"):
            n = _ifname(node.words()[1:])
            if n:
                mpls_ifs.add(n)
    ospf_areas = set()
    ospf_root = root.first("router ospf")
    bfd_all = False
    if ospf_root is not None:
        view.ospf_running = True
        ospf_areas = {_area(a.words()[1]) for a in ospf_root.find("area") if len(a.words()) > 1}
        bfd_all = ospf_root.first("bfd all-interfaces") is not None

    # global VLANs: members and router interfaces
    ve_ports: dict[str, dict[str, int | None]] = {}
    for vnode in root.find("vlan"):
        vid = _int(vnode.words()[1] if len(vnode.words()) > 1 else None, 0)
        members: dict[str, int | None] = {}
        for child in vnode.children:
            w = child.words()
            if w and w[0] in ("tagged", "untagged"):
                for p in port_list(w[1:]):
                    members[p] = vid if w[0] == "tagged" else None
        for child in vnode.find("router-interface"):
            n = _ifname(child.words()[1:])
            if n:
                ve_ports[n] = members

    services = _services(view, mpls, frame)
    ve_service: dict[str, tuple[str, str]] = {}
    for pw in services:
        for a in pw.attachments:
            if a.name.startswith("ve "):
                ve_service[a.name] = (pw.kind, pw.name)
    view.pws = [
        replace(pw, attachments=[a for a in pw.attachments if not a.name.startswith("ve ")])
        for pw in services
    ]

    for inode in root.find("interface"):
        iname = _ifname(inode.words()[1:])
        if iname is None:
            continue
        enabled = inode.first("enable") is not None and inode.first("disable") is None
        if iname.startswith("ethernet "):
            pname = "ethe " + iname.split()[1]
            view.ports[pname] = PortView(pname, l2, admin_up=enabled)
        ip_mtu = _int(inode.first("ip mtu").words()[2] if inode.first("ip mtu") else None, default_ip_mtu)
        ospf = _ospf(inode, ospf_areas, bfd_all)
        for anode in inode.find("ip address"):
            address = _address(anode.words()[2:])
            if address is None:
                continue
            ipif = IpIf(
                name=iname,
                address=address,
                ip_mtu=65535 if iname.startswith("loopback") else ip_mtu,
                loopback=iname.startswith("loopback"),
                ospf=ospf,
                rsvp=iname in mpls_ifs,
                mpls=iname in mpls_ifs,
            )
            if iname.startswith("ethernet "):
                pname = "ethe " + iname.split()[1]
                ipif.ports = (pname,)
                ipif.tags = {pname: None}
                ipif.admin_up = enabled
            elif iname.startswith("ve "):
                members = ve_ports.get(iname, {})
                ipif.ports = tuple(members)
                ipif.tags = dict(members)
                ipif.service = ve_service.get(iname)
                if ipif.service:
                    ipif.service_l2_mtu = l2
            view.ipifs.append(ipif)
            if ipif.loopback and view.router_id is None:
                view.router_id = str(address.ip)
    for p in {p for pw in view.pws for a in pw.attachments if a.port for p in [a.port]}:
        view.ports.setdefault(p, PortView(p, l2, admin_up=False))
    for pw in view.pws:
        for a in pw.attachments:
            if a.port and not view.ports[a.port].admin_up:
                a.functional = False
                a.problem = f"port {a.port} is disabled"
    view.lsps = _lsps(mpls)
    view.ldp_targeted = True
    return view


def _bfd(inode: CNode, bfd_all: bool) -> tuple[int, int, int] | None:
    """BFD for OSPF runs where OSPF registers as a BFD client (``ip ospf bfd`` on the interface or
    ``bfd all-interfaces`` under router ospf) and the interface has ``bfd interval … min-rx …
    multiplier …``; either alone gives no session."""
    timers = inode.first("bfd interval")
    enabled = bfd_all or inode.first("ip ospf bfd") is not None
    if timers is None or not enabled:
        return None
    w = timers.words()
    try:
        return int(w[2]), int(w[4]), int(w[6])
    except (IndexError, ValueError):
        return None


def _ospf(inode: CNode, areas: set[str], bfd_all: bool = False) -> OspfIf | None:
    area_node = inode.first("ip ospf area")
    if area_node is None:
        return None
    area = _area(area_node.words()[3])
    if area not in areas:
        return None
    def val(key: str, default: int) -> int:
        n = inode.first(f"ip ospf {key}")
        return _int(n.words()[3] if n and len(n.words()) > 3 else None, default)
    net = inode.first("ip ospf network")
    return OspfIf(
        area=area,
        hello=val("hello-interval", 10),
        dead=val("dead-interval", 40),
        network_type="p2p" if net is not None and "point-to-point" in net.line else "broadcast",
        passive=inode.line.startswith("interface loopback") or inode.first("ip ospf passive") is not None,
        cost=val("cost", 1),
        priority=val("priority", 1),
        bfd=_bfd(inode, bfd_all),
    )


def _member_attachments(node: CNode, vid: int | None, tag_on_pw: bool) -> list[Attachment]:
    """``tagged|untagged ethe …`` and ``router-interface ve N`` lines of one VLAN (or VLL) block."""
    atts = []
    for child in node.children:
        cw = child.words()
        if cw and cw[0] in ("tagged", "untagged"):
            for p in port_list(cw[1:]):
                atts.append(Attachment(p, p, vid if cw[0] == "tagged" else None, tag_on_pw=tag_on_pw))
        elif cw and cw[0] == "router-interface":
            n = _ifname(cw[1:])
            if n:
                atts.append(Attachment(n, None, None, tag_on_pw=tag_on_pw))
    return atts


def _services(view: DeviceView, mpls: CNode | None, frame: int) -> list[PwConfig]:
    if mpls is None:
        return []
    out: list[PwConfig] = []
    enforced = any(p.first("mtu-enforcement") for p in mpls.find("vpls-policy"))
    for kind in ("vpls", "vll"):
        for node in mpls.find(kind):
            w = node.words()
            if kind == "vpls":
                tagged = node.first("vc-mode tagged") is not None  # VPLS default VC mode: raw
                peers = [a for p in node.find("vpls-peer") for a in p.words()[1:]]
            else:
                tagged = "raw-mode" not in w  # VLL default: tagged mode
                peers = [a for p in node.find("vll-peer") for a in p.words()[1:2]]
            atts = _member_attachments(node, None, False)  # VLL: untagged port right under the VLL
            for vlan in node.find("vlan"):
                atts += _member_attachments(vlan, _int(vlan.words()[1], 0), tagged)
            mtu_node = node.first(f"{kind}-mtu")
            default_mtu = min(frame - 18, PW_MTU_MAX)
            out.append(
                PwConfig(
                    kind=kind,  # type: ignore[arg-type]
                    name=w[1] if len(w) > 1 else "",
                    id=_int(w[2] if len(w) > 2 else None, 0),
                    peers=peers,
                    pw_type="tagged" if tagged else "raw",
                    mtu=_int(mtu_node.words()[1] if mtu_node else None, default_mtu),
                    attachments=atts,
                    mtu_enforced=kind == "vll" or enforced,
                )
            )
    return out


def _path(mpls: CNode, name: str) -> list[Hop] | None:
    node = mpls.first(f"path {name}")
    if node is None:
        return None
    return [Hop(c.words()[1], c.words()[0] == "strict") for c in node.children
            if len(c.words()) > 1 and c.words()[0] in ("strict", "loose")]


def _frr_method(lsp: CNode) -> str:
    frr = lsp.first("frr")
    if frr is None:
        return ""
    return "facility" if frr.first("facility-backup") is not None else "one-to-one"


def _lsps(mpls: CNode | None) -> list[LspConfig]:
    if mpls is None:
        return []
    out = []
    for shown in mpls.find("lsp"):
        node = shown.signalled or shown  # an adaptive LSP keeps its instance until re-enabled
        to = node.first("to")
        primary = node.first("primary") or node.first("primary-path")
        secondary = node.first("secondary") or node.first("secondary-path")
        pname = primary.words()[1] if primary and len(primary.words()) > 1 else ""
        sname = secondary.words()[1] if secondary and len(secondary.words()) > 1 else ""
        revert = node.first("revert-timer")
        out.append(
            LspConfig(
                name=node.words()[1] if len(node.words()) > 1 else "",
                to=to.words()[1] if to and len(to.words()) > 1 else "",
                primary=_path(mpls, pname) if pname else None,
                primary_name=pname,
                secondary=(_path(mpls, sname) or []) if sname else None,
                secondary_name=sname,
                standby=bool(secondary and secondary.first("standby")) or node.first("standby") is not None,
                frr=node.first("frr") is not None,
                frr_method=_frr_method(node),
                enabled=shown.first("enable") is not None,
                revert_timer=_int(revert.words()[1] if revert else None, 0) or None,
            )
        )
    return out
