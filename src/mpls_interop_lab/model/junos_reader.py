"""Junos configuration (the emulator's config tree) → :class:`DeviceView`.

Defaults follow Junos: media MTU 1514 (1518 VLAN-tagged), inet MTU = media MTU − 14 (− 4 per tag), OSPF hello 10 /
dead 4 × hello, l2circuit encapsulation-type from the unit's encapsulation, VPLS MTU 1500.
"""

from __future__ import annotations

import ipaddress
import re

from mpls_interop_lab.junos.config import JNode, JunosConfig
from mpls_interop_lab.model.views import (
    ETH,
    TAG,
    Attachment,
    DeviceView,
    Hop,
    IpIf,
    LspConfig,
    OspfIf,
    PortView,
    PwConfig,
)

PHYSICAL = re.compile(r"^(ge|xe|et|fe)-\d+/\d+/\d+$|^ae\d+$")
LT = re.compile(r"^lt-\d+/\d+/\d+$")
DEFAULT_MEDIA_MTU = 1514
# encapsulation-type values (YANG enumeration) that carry Ethernet, and the PW type each signals;
# every other value the schema allows (atm-*, frame-relay, satop-*, ...) cannot carry Ethernet.
PW_TYPES = {"ethernet": "raw", "ethernet-vlan": "tagged"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _flag(node: JNode | None, key: str) -> bool:
    return node is not None and node.has(key)


def read_junos(name: str, config: JunosConfig) -> DeviceView:
    root = config.effective().root  # inactive: statements are not running; groups are inherited
    view = DeviceView(name=name, vendor="junos")
    ifaces = root.get("interfaces")
    protocols = root.get("protocols")
    instances = root.get("routing-instances")

    vrf_of: dict[str, str] = {}
    if instances:
        for inst_name, inst in instances.items():
            # both keep their interfaces in a routing table of their own
            if inst.value_of("instance-type") in ("vrf", "virtual-router"):
                for key, _ in inst.items("interface "):
                    vrf_of[key.split(" ", 1)[1]] = inst_name

    view.tunnel_services = bool(
        root.get("chassis")
        and any(
            pic.has("tunnel-services")
            for _, fpc in root.get("chassis").items("fpc ")  # type: ignore[union-attr]
            for _, pic in fpc.items("pic ")
        )
    )

    units: dict[str, JNode] = {}
    media: dict[str, int] = {}
    tagged_port: dict[str, bool] = {}
    if ifaces:
        for ifd_name, ifd in ifaces.items():
            tagged_port[ifd_name] = ifd.has("vlan-tagging") or ifd.has("flexible-vlan-tagging")
            # default media MTU grows by a tag's 4 bytes on VLAN-tagged ports (inet stays 1500)
            mtu = _int(ifd.value_of("mtu"), DEFAULT_MEDIA_MTU + (4 if tagged_port[ifd_name] else 0))
            media[ifd_name] = mtu
            if PHYSICAL.match(ifd_name):
                view.ports[ifd_name] = PortView(ifd_name, mtu, admin_up=not ifd.has("disable"))
            for ukey, unit in ifd.items("unit "):
                units[f"{ifd_name}.{ukey.split(' ', 1)[1]}"] = unit

    rsvp_ifs = _protocol_interfaces(protocols, "rsvp")
    mpls_ifs = _protocol_interfaces(protocols, "mpls")
    ospf_ifs = _ospf_interfaces(protocols)
    view.ospf_running = bool(ospf_ifs)
    view.traffic_engineering = _flag(protocols.get("ospf") if protocols else None, "traffic-engineering")
    view.ldp_targeted = "lo0.0" in _protocol_interfaces(protocols, "ldp")
    view.ldp_interfaces = set(_protocol_interfaces(protocols, "ldp")) - {"lo0.0"}

    for uname, unit in units.items():
        ifd_name = uname.split(".")[0]
        inet = unit.get("family inet")
        if inet is None:
            continue
        vlan = unit.value_of("vlan-id")
        tags = 1 if vlan else 0
        default_mtu = media.get(ifd_name, DEFAULT_MEDIA_MTU) - ETH - TAG * tags
        ip_mtu = _int(inet.value_of("mtu"), default_mtu)
        for akey, _ in inet.items("address "):
            try:
                address = ipaddress.IPv4Interface(akey.split(" ", 1)[1])
            except ValueError:
                continue
            is_lo = ifd_name == "lo0"
            ipif = IpIf(
                name=uname,
                address=address,
                ip_mtu=ip_mtu if not is_lo else 65535,
                loopback=is_lo,
                vrf=vrf_of.get(uname),
                ospf=ospf_ifs.get(uname),
                rsvp=uname in rsvp_ifs,
                mpls=uname in mpls_ifs and unit.has("family mpls"),
            )
            if PHYSICAL.match(ifd_name):
                ipif.ports = (ifd_name,)
                ipif.tags = {ifd_name: int(vlan) if vlan and vlan.isdigit() else None}
                ipif.admin_up = not unit.has("disable")
            elif LT.match(ifd_name):
                ipif.service_l2_mtu = media.get(ifd_name, DEFAULT_MEDIA_MTU)
            view.ipifs.append(ipif)
            if is_lo and view.router_id is None:
                view.router_id = str(address.ip)
    ro = root.get("routing-options")
    if ro is not None and ro.value_of("router-id"):
        view.router_id = ro.value_of("router-id")

    view.lsps = _lsps(protocols)
    view.pws = _l2circuits(protocols, units, media) + _vpls(instances, units, media, tagged_port)

    # lt- VRF units are bridged into the service their peer unit belongs to
    service_of: dict[str, tuple[str, str]] = {}
    for pw in view.pws:
        for a in pw.attachments:
            service_of[a.name] = (pw.kind, pw.name)
    for ipif in view.ipifs:
        if LT.match(ipif.name.split(".")[0]):
            unit = units.get(ipif.name)
            peer = unit.value_of("peer-unit") if unit else None
            if peer is not None:
                ipif.service = service_of.get(f"{ipif.name.split('.')[0]}.{peer}")
    return view


def _protocol_interfaces(protocols: JNode | None, proto: str) -> set[str]:
    node = protocols.get(proto) if protocols else None
    if node is None:
        return set()
    out = set()
    for key, child in node.items("interface "):
        name = key.split(" ", 1)[1]
        if name != "all" and not child.has("disable"):
            out.add(name if "." in name else f"{name}.0")
    return out


def _ospf_interfaces(protocols: JNode | None) -> dict[str, OspfIf]:
    ospf = protocols.get("ospf") if protocols else None
    out: dict[str, OspfIf] = {}
    if ospf is None or ospf.has("disable"):
        return out
    for akey, area in ospf.items("area "):
        area_id = akey.split(" ", 1)[1]
        if area_id.isdigit():
            area_id = str(ipaddress.IPv4Address(int(area_id)))
        for ikey, node in area.items("interface "):
            name = ikey.split(" ", 1)[1]
            if name == "all" or node.has("disable"):
                continue
            # YANG interface-type: nbma | p2mp | p2p | p2mp-over-lan (absent: LAN, broadcast);
            # Junos's default hello is 30 s on NBMA and point-to-multipoint, else 10 s
            ntype = node.value_of("interface-type") or "broadcast"
            hello = _int(node.value_of("hello-interval"), 30 if ntype in ("nbma", "p2mp") else 10)
            out[name if "." in name else f"{name}.0"] = OspfIf(
                area=area_id,
                hello=hello,
                dead=_int(node.value_of("dead-interval"), 4 * hello),
                network_type=ntype,  # type: ignore[arg-type]  # ends of unlike types never reach Full
                passive=node.has("passive") or name.startswith("lo0"),
                cost=_int(node.value_of("metric"), 1),
                bfd=_bfd(node.get("bfd-liveness-detection")),
            )
    return out


def _bfd(node: JNode | None) -> tuple[int, int, int] | None:
    """``bfd-liveness-detection``: minimum-interval sets both directions unless
    minimum-receive-interval / transmit-interval minimum-interval say otherwise; multiplier 3."""
    if node is None:
        return None
    both = _int(node.value_of("minimum-interval"), 0)
    tx = _int(node.value_of("transmit-interval", "minimum-interval"), both)
    rx = _int(node.value_of("minimum-receive-interval"), both)
    if not tx or not rx:
        return None  # nothing to run the session at
    return tx, rx, _int(node.value_of("multiplier"), 3)


def _path(mpls: JNode, name: str) -> list[Hop] | None:
    node = mpls.get(f"path {name}")
    if node is None:
        return None
    # a hop is strict unless it says loose (Junos's default; YANG: path-list strict/loose)
    return [Hop(addr, not (child.has("loose") or child.has("loose-link")))
            for addr, child in node.children.items()
            if addr not in ("apply-groups", "apply-groups-except")]


def _lsps(protocols: JNode | None) -> list[LspConfig]:
    mpls = protocols.get("mpls") if protocols else None
    if mpls is None:
        return []
    out = []
    for key, node in mpls.items("label-switched-path "):
        primary = next((k.split(" ", 1)[1] for k, _ in node.items("primary ")), "")
        secondary_key = next((k for k, _ in node.items("secondary ")), "")
        secondary = secondary_key.split(" ", 1)[1] if secondary_key else ""
        out.append(
            LspConfig(
                name=key.split(" ", 1)[1],
                to=node.value_of("to") or "",
                primary=_path(mpls, primary) if primary else None,
                primary_name=primary,
                secondary=(_path(mpls, secondary) or []) if secondary else None,
                secondary_name=secondary,
                standby=bool(secondary_key) and node.get(secondary_key).has("standby"),  # type: ignore[union-attr]
                frr=node.has("fast-reroute"),
                enabled=not node.has("disable"),
                revert_timer=_int(node.value_of("revert-timer"), 0) or None,
            )
        )
    return out


def _attachment(uname: str, units: dict[str, JNode], kind: str, strip_tag: bool) -> Attachment:
    unit = units.get(uname)
    ifd = uname.split(".")[0]
    port = ifd if PHYSICAL.match(ifd) else None
    if unit is None:
        return Attachment(uname, port, None, functional=False, problem="interface not configured")
    vlan_s = unit.value_of("vlan-id")
    vlan = int(vlan_s) if vlan_s and vlan_s.isdigit() else None
    enc = unit.value_of("encapsulation") or ""
    want = ("vlan-vpls", "ethernet-vpls") if kind == "vpls" else ("vlan-ccc", "ethernet-ccc")
    functional = enc in want or (not enc and unit.has(f"family {'vpls' if kind == 'vpls' else 'ccc'}"))
    popped = strip_tag or unit.has("input-vlan-map", "pop")
    return Attachment(
        name=uname,
        port=port,
        vlan=vlan,
        tag_on_pw=vlan is not None and not popped,
        functional=functional,
        problem="" if functional else f"encapsulation {enc or 'missing'} cannot carry {kind}",
    )


def _l2circuits(protocols: JNode | None, units: dict[str, JNode], media: dict[str, int]) -> list[PwConfig]:
    l2 = protocols.get("l2circuit") if protocols else None
    if l2 is None:
        return []
    out = []
    for nkey, neighbor in l2.items("neighbor "):
        peer = nkey.split(" ", 1)[1]
        for ikey, node in neighbor.items("interface "):
            uname = ikey.split(" ", 1)[1]
            unit = units.get(uname)
            enc = unit.value_of("encapsulation") if unit else None
            default_type = "ethernet-vlan" if enc == "vlan-ccc" else "ethernet"
            etype = node.value_of("encapsulation-type") or default_type
            pw_type = PW_TYPES.get(etype)
            ifd = uname.split(".")[0]
            mtu = _int(node.value_of("mtu"), media.get(ifd, DEFAULT_MEDIA_MTU) - ETH)
            att = _attachment(uname, units, "vll", strip_tag=False)
            if pw_type is None:  # ATM, frame relay, TDM...: no Ethernet frames to carry
                att.functional = False
                att.problem = f"encapsulation-type {etype} cannot carry an Ethernet attachment"
                pw_type = "raw"
            if pw_type == "tagged":
                att.tag_on_pw = att.vlan is not None
            out.append(
                PwConfig(
                    kind="vll",
                    name=uname,
                    id=_int(node.value_of("virtual-circuit-id"), 0),
                    peers=[peer],
                    pw_type=pw_type,  # type: ignore[arg-type]
                    mtu=mtu,
                    attachments=[att],
                    # Junos asks for a null control word unless told not to (YANG: choice
                    # control-word | no-control-word; the default is the null control word)
                    control_word="none" if node.has("no-control-word") else "null",
                )
            )
    return out


def _vpls(
    instances: JNode | None, units: dict[str, JNode], media: dict[str, int], tagged_port: dict[str, bool]
) -> list[PwConfig]:
    if instances is None:
        return []
    out = []
    for name, inst in instances.items():
        if inst.value_of("instance-type") != "vpls":
            continue
        proto = inst.get("protocols", "vpls")
        vlan_id = inst.value_of("vlan-id")
        strip = vlan_id == "none"
        atts = [_attachment(k.split(" ", 1)[1], units, "vpls", strip) for k, _ in inst.items("interface ")]
        if vlan_id not in (None, "none"):
            # normalised to one VLAN: frames cross the PW carrying that tag
            for a in atts:
                a.tag_on_pw = True
        etype = (proto.value_of("encapsulation-type") if proto else None) or "ethernet"
        if etype not in PW_TYPES:
            for a in atts:
                a.functional = False
                a.problem = f"encapsulation-type {etype} cannot carry an Ethernet attachment"
        vpls_id = proto.value_of("vpls-id") if proto else None
        out.append(
            PwConfig(
                kind="vpls",
                name=name,
                id=_int(vpls_id, 0),
                peers=[k.split(" ", 1)[1] for k, _ in proto.items("neighbor ")] if proto else [],
                pw_type=PW_TYPES.get(etype, "raw"),  # type: ignore[arg-type]
                mtu=_int(proto.value_of("mtu") if proto else None, 1500),
                attachments=atts,
                vlan_id=vlan_id,
            )
        )
    return out
