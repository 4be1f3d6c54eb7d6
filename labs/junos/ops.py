"""Junos operational RPCs answered from the lab's network model, with Junos's element names.

``OperationalRpcs(name, state_getter).handle(rpc)`` returns the reply element for the RPCs it
knows (``get-interface-information``, OSPF, LDP, RSVP, MPLS LSP, l2circuit, VPLS, ``ping``, and
``<command>`` for the matching ``show`` commands and ``ping``), or None so the NETCONF layer
reports operation-not-supported.

The element structure follows real replies (tests/test_junos_ops.py compares the element paths
with the captures in ``../shared/captures/junos``). Where no capture exists (l2circuit, VPLS,
OSPF, LDP, failed pings) the names are the ones public consumers of Junos XML read; values the
model does not know (indexes, MAC addresses, counters, labels of transit hops) are made up but
stable per device and interface. Unverified values: the encapsulation words of ``vlan-ccc``,
``ethernet-ccc`` and ``ethernet-vpls`` units, and how a DF ping that needs fragmenting is
reported in XML (a ``probe-result`` with the ICMP text for a remote router, a
``ping-warning-message`` for the local ``sendto`` error).
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
import time
from collections.abc import Callable

from lxml import etree

from labs.model.dataplane import ping as model_ping
from labs.model.network import NetworkState
from labs.model.state import DeviceState, LspState, PingOutcome, PwState, RsvpSession
from labs.model.views import ETH, TAG, Attachment, IpIf
from labs.model.vocab import pw_status

#: the release JunosDevice reports by default (the namespaces carry it)
DEFAULT_VERSION = "21.2R3-S4.8"
#: labels Junos reserves room for in ``family mpls`` MTU (``maximum-labels``)
MAX_LABELS = 5
#: first label Junos hands out from its dynamic range (RSVP transit, LDP)
FIRST_LABEL = 299776
#: the ``lsi`` units LDP VPLS pseudowires get (``no-tunnel-services``)
FIRST_LSI = 1048576

#: connection-status legend printed above ``show l2circuit connections``: two columns of pairs
_L2CKT_CODES = (
    ("EI", "encapsulation invalid", "NP", "interface h/w not present"),
    ("MM", "mtu mismatch", "Dn", "down"),
    ("EM", "encapsulation mismatch", "VC-Dn", "Virtual circuit Down"),
    ("CM", "control-word mismatch", "Up", "operational"),
    ("VM", "vlan id mismatch", "CF", "Call admission control failure"),
    ("OL", "no outgoing label", "IB", "TDM incompatible bitrate"),
    ("NC", "intf encaps not CCC/TCC", "TM", "TDM misconfiguration"),
    ("BK", "Backup Connection", "ST", "Standby Connection"),
    ("CB", "rcvd cell-bundle size bad", "SP", "Static Pseudowire"),
    ("LD", "local site signaled down", "RS", "remote site standby"),
    ("RD", "remote site signaled down", "XX", "unknown"),
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_UNIT_ENCAPSULATION = {  # (kind, tagged attachment) -> encapsulation word of the unit
    ("vpls", True): "VLAN-VPLS",
    ("vpls", False): "Ethernet-VPLS",
    ("vll", True): "VLAN-CCC",
    ("vll", False): "Ethernet-CCC",
}


def l2ckt_legend() -> list[str]:
    """The connection-status legend lines, laid out in Junos's two 33-character columns."""
    lines = ["Legend for connection status (St)"]
    for code1, words1, code2, words2 in _L2CKT_CODES:
        lines.append(f"{code1 + ' -- ' + words1:<33}{code2} -- {words2}")
    return lines


def _el(parent: etree._Element | None, tag: str, text: object = None, **attrib: str) -> etree._Element:
    e = etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = str(text)
    return e


def _hash(*parts: str) -> int:
    return int(hashlib.sha1("/".join(parts).encode()).hexdigest()[:8], 16)


def _mac(name: str, ifname: str) -> str:
    h = f"{_hash(name, ifname):08x}"
    return f"2c:6b:f5:{h[0:2]}:{h[2:4]}:{h[4:6]}"


def _index(ifname: str) -> int:
    return 128 + _hash(ifname) % 800


def _month_day(t: float) -> tuple[str, str]:
    tm = time.gmtime(t)
    return _MONTHS[tm.tm_mon - 1], f"{tm.tm_mday:>2}"


def clock_text(t: float) -> str:
    """``May  8 07:33:06 2015``: how ``show l2circuit connections`` prints times."""
    month, day = _month_day(t)
    return f"{month} {day} {time.strftime('%H:%M:%S %Y', time.gmtime(t))}"


def _ago(seconds: float) -> str:
    s = max(0, int(seconds))
    weeks, s = divmod(s, 7 * 86400)
    days, s = divmod(s, 86400)
    hours, s = divmod(s, 3600)
    minutes, s = divmod(s, 60)
    if weeks:
        return f"{weeks}w{days}d {hours:02}:{minutes:02}"
    if days:
        return f"{days}d {hours:02}:{minutes:02}"
    return f"{hours:02}:{minutes:02}:{s:02}"


def _destination(net: ipaddress.IPv4Network) -> str:
    """``198.51.100/30``: Junos drops trailing zero octets of the subnet (keeps at least one)."""
    octets = str(net.network_address).split(".")
    while len(octets) > 1 and octets[-1] == "0":
        octets.pop()
    return ".".join(octets) + f"/{net.prefixlen}"


def _port_speed(ifd: str) -> str:
    if ifd.startswith("xe-"):
        return "10Gbps"
    if ifd.startswith("et-"):
        return "100Gbps"
    if ifd.startswith("fe-"):
        return "100mbps"
    return "1000mbps"


class OperationalRpcs:
    """Answers one Junos device's operational RPCs from the shared network model."""

    def __init__(
        self, name: str, state: Callable[[], NetworkState], version: str = DEFAULT_VERSION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = name
        self.state = state
        self.clock = clock
        release = version.split("-")[0]
        self.content_ns = f"http://xml.juniper.net/junos/{release}/junos-{{}}"
        self.junos_ns = f"http://xml.juniper.net/junos/{release}/junos"
        self.started = clock()
        #: last state seen per interface / pseudowire and when it changed (flap and "last up" times)
        self._seen: dict[str, tuple[bool, float]] = {}

    @property
    def dev(self) -> DeviceState:
        return self.state().devices[self.name]

    def handle(self, rpc: etree._Element) -> etree._Element | None:
        tag = etree.QName(rpc).localname
        if tag == "command":
            return self.command(rpc)
        method = getattr(self, "rpc_" + tag.replace("-", "_"), None)
        return method(rpc) if method else None

    # ---- helpers -----------------------------------------------------------------------------
    def _root(self, tag: str, ns: str, style: str | None = None) -> etree._Element:
        root = etree.Element(tag, nsmap={None: self.content_ns.format(ns), "junos": self.junos_ns})
        if style:
            self._junos_attr(root, "style", style)
        return root

    def _junos_attr(self, el: etree._Element, name: str, value: object) -> None:
        el.set(f"{{{self.junos_ns}}}{name}", str(value))

    def _since(self, key: str, up: bool) -> float:
        """When ``key`` last changed state (the lab start for what has not changed since)."""
        seen = self._seen.get(key)
        if seen is None or seen[0] != up:
            self._seen[key] = (up, self.started if seen is None else self.clock())
        return self._seen[key][1]

    @staticmethod
    def _flag(rpc: etree._Element, name: str) -> bool:
        return any(etree.QName(c).localname == name for c in rpc if isinstance(c.tag, str))

    @staticmethod
    def _arg(rpc: etree._Element, name: str) -> str:
        for c in rpc:
            if isinstance(c.tag, str) and etree.QName(c).localname == name:
                return (c.text or "").strip()
        return ""

    # ---- interfaces --------------------------------------------------------------------------
    def _units(self) -> dict[str, list[IpIf | Attachment]]:
        """Logical units per physical interface: IP units and PW attachment units."""
        units: dict[str, list[IpIf | Attachment]] = {}
        for ipif in self.dev.view.ipifs:
            units.setdefault(ipif.name.split(".")[0], []).append(ipif)
        for pw in self.dev.view.pws:
            for att in pw.attachments:
                ifd = att.name.split(".")[0]
                if not any(u.name == att.name for u in units.get(ifd, [])):
                    units.setdefault(ifd, []).append(att)
        return units

    def _pw_kind(self, unit: str) -> str:
        return next((pw.kind for pw in self.dev.view.pws for a in pw.attachments if a.name == unit), "vll")

    def rpc_get_interface_information(self, rpc: etree._Element) -> etree._Element:
        terse = self._flag(rpc, "terse")
        detail = self._flag(rpc, "detail") or self._flag(rpc, "extensive")
        wanted = self._arg(rpc, "interface-name")
        style = "terse" if terse else ("detail" if detail else "normal")
        root = self._root("interface-information", "interface", style)
        units = self._units()
        names = sorted(set(self.dev.ports) | set(units), key=lambda n: (n.startswith("lo"), n))
        if "." in wanted and "*" not in wanted:  # one logical unit: no physical wrapper
            ifd = wanted.split(".")[0]
            for unit in units.get(ifd, []):
                if unit.name == wanted:
                    self._logical(root, ifd, unit, terse, detail)
            return root
        pattern = re.compile(re.escape(wanted).replace(r"\*", ".*") + r"$") if wanted else None
        for ifd in names:
            if pattern is not None and not pattern.match(ifd):
                continue
            phy = self._physical(root, ifd, terse, detail)
            for unit in sorted(units.get(ifd, []), key=lambda u: int(u.name.split(".")[1])):
                self._logical(phy, ifd, unit, terse, detail)
        return root

    def _physical(self, root: etree._Element, ifd: str, terse: bool, detail: bool) -> etree._Element:
        port = self.dev.ports.get(ifd)
        admin = port.admin_up if port else True
        oper = port.oper_up if port else True
        loopback, tunnel = ifd.startswith("lo"), ifd.startswith("lt-")
        phy = _el(root, "physical-interface")
        _el(phy, "name", ifd)
        adm = _el(phy, "admin-status", "up" if admin else "down")
        self._junos_attr(adm, "format", "Enabled" if admin else "Administratively down")
        _el(phy, "oper-status", "up" if oper else "down")
        if terse:
            return phy
        _el(phy, "local-index", _index(ifd))
        _el(phy, "snmp-index", _index(ifd) + 373)
        _el(phy, "generation", _index(ifd) + 3)
        if loopback:
            _el(phy, "if-type", "Loopback")
            _el(phy, "link-level-type", "Unspecified")
            _el(phy, "mtu", "Unlimited")
            _el(phy, "speed", "Unspecified")
        elif tunnel:
            _el(phy, "if-type", "Logical-tunnel")
            _el(phy, "link-level-type", "Logical-tunnel")
            _el(phy, "mtu", self._media(ifd) or "Unlimited")
            _el(phy, "speed", "1000mbps")
        else:
            _el(phy, "link-level-type", "Ethernet")
            _el(phy, "mtu", port.l2_mtu if port else 1514)
            _el(phy, "source-filtering", "disabled")
            _el(phy, "speed", _port_speed(ifd))
            _el(phy, "bpdu-error", "none")
            _el(phy, "l2pt-error", "none")
            _el(phy, "loopback", "disabled")
            _el(phy, "if-flow-control", "enabled")
            _el(phy, "if-auto-negotiation", "enabled")
            _el(phy, "if-remote-fault", "online")
        dflags = _el(phy, "if-device-flags")
        _el(dflags, "ifdf-present")
        _el(dflags, "ifdf-running")
        if not oper:
            _el(dflags, "ifdf-down")
        if loopback:
            _el(dflags, "ifdf-loopback")
        cflags = _el(phy, "if-config-flags")
        if not admin:
            _el(cflags, "iff-down")
        elif not oper:
            _el(cflags, "iff-hardware-down")
        if tunnel:
            _el(cflags, "iff-point-to-point")
        _el(cflags, "iff-snmp-traps")
        if not (loopback or tunnel):
            _el(cflags, "internal-flags", "0x4000")
            _el(phy, "up-hold-time", 0)
            _el(phy, "down-hold-time", 0)
        if loopback:
            _el(phy, "current-physical-address", "Unspecified")
            _el(phy, "hardware-physical-address", "Unspecified")
            flapped = _el(phy, "interface-flapped", "Never")
            self._junos_attr(flapped, "seconds", 0)
        else:
            mac = _mac(self.name, ifd)
            cur = _el(phy, "current-physical-address", mac)
            hw = _el(phy, "hardware-physical-address", mac)
            if tunnel:
                self._junos_attr(cur, "format", f"MAC {mac}")
                self._junos_attr(hw, "format", f"MAC {mac}")
            since = self._since(ifd, oper)
            flapped = _el(phy, "interface-flapped", self._flap_text(since))
            self._junos_attr(flapped, "seconds", int(self.clock() - since))
        if detail:
            _el(phy, "statistics-cleared", "Never")
            self._traffic(phy, ifd)
        return phy

    def _flap_text(self, since: float) -> str:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(since))
        return f"{stamp} ({_ago(self.clock() - since)} ago)"

    def _traffic(self, parent: etree._Element, ifname: str, rates: bool = True) -> None:
        """Counters: physical interfaces also report rates (bps/pps), units only totals."""
        stats = _el(parent, "traffic-statistics")
        self._junos_attr(stats, "style", "verbose")
        if not rates:
            self._junos_attr(stats, "indent", 2)
        base = _hash(self.name, ifname, "traffic") % 100000
        for tag, value in (("input-bytes", base * 1024), ("input-bps", 0), ("output-bytes", base * 1100),
                           ("output-bps", 0), ("input-packets", base * 7), ("input-pps", 0),
                           ("output-packets", base * 8), ("output-pps", 0)):
            if rates or not tag.endswith(("bps", "pps")):
                _el(stats, tag, value)

    def _unit_up(self, ifd: str, unit: IpIf | Attachment) -> bool:
        if isinstance(unit, IpIf):
            return self.dev.ip_oper_up(unit.name)
        port = self.dev.ports.get(ifd)
        return unit.functional and (port.oper_up if port else True)

    def _logical(
        self, parent: etree._Element, ifd: str, unit: IpIf | Attachment, terse: bool, detail: bool,
    ) -> None:
        ipif = unit if isinstance(unit, IpIf) else None
        admin = ipif.admin_up if ipif else True
        up = self._unit_up(ifd, unit)
        log = _el(parent, "logical-interface")
        _el(log, "name", unit.name)
        if terse:
            _el(log, "admin-status", "up" if admin else "down")
            _el(log, "oper-status", "up" if up else "down")
            fam = _el(log, "address-family")
            _el(fam, "address-family-name", "inet" if ipif else ("vpls" if self._pw_kind(unit.name) == "vpls" else "ccc"))
            if ipif:
                addr = _el(fam, "interface-address")
                _el(addr, "ifa-local", str(ipif.address.ip) if ipif.loopback else str(ipif.address))
            return
        loopback = bool(ipif and ipif.loopback)
        _el(log, "local-index", _index(unit.name))
        _el(log, "snmp-index", _index(unit.name) + 373)
        _el(log, "generation", _index(unit.name) + 11)
        flags = _el(log, "if-config-flags")
        if not admin:
            _el(flags, "iff-down")  # what napalm's logical-interface view looks for
        elif not loopback:  # loopback units carry no iff-up (as in the captures)
            _el(flags, "iff-up" if up else "iff-device-down")
        _el(flags, "iff-snmp-traps")
        if not loopback:
            _el(flags, "internal-flags", "0x4004000")
        vlan = self._unit_vlan(ifd, unit)
        if vlan is not None:
            text = f"[ 0x8100.{vlan} ] "
            if isinstance(unit, Attachment) and not unit.tag_on_pw:
                text += f"In(pop) Out(push 0x8100.{vlan}) "
            la = _el(log, "link-address", text.strip())
            self._junos_attr(la, "format", f"VLAN-Tag {text}")
        if ipif:
            _el(log, "encapsulation", "Unspecified" if loopback else "ENET2")
        else:
            kind = self._pw_kind(unit.name)
            _el(log, "encapsulation", _UNIT_ENCAPSULATION[(kind, vlan is not None)])
        if detail:
            self._traffic(log, unit.name, rates=False)
        _el(log, "filter-information")
        if ipif:
            self._inet(log, ifd, ipif, vlan)
        else:
            self._l2_family(log, ifd, unit, up)

    def _unit_vlan(self, ifd: str, unit: IpIf | Attachment) -> int | None:
        if isinstance(unit, IpIf):
            return unit.tags.get(ifd)
        return unit.vlan

    def _media(self, ifd: str) -> int | None:
        port = self.dev.ports.get(ifd)
        if port is not None:
            return port.l2_mtu
        return next((i.service_l2_mtu for i in self.dev.view.ipifs
                     if i.name.startswith(ifd + ".") and i.service_l2_mtu), None)

    def _inet(self, log: etree._Element, ifd: str, ipif: IpIf, vlan: int | None) -> None:
        fam = _el(log, "address-family")
        _el(fam, "address-family-name", "inet")
        _el(fam, "mtu", "Unlimited" if ipif.loopback else ipif.ip_mtu)
        if not ipif.loopback:
            _el(fam, "max-local-cache", 75000)
            _el(fam, "new-hold-limit", 75000)
            _el(fam, "intf-curr-cnt", 1)
            _el(fam, "intf-unresolved-cnt", 0)
            _el(fam, "intf-dropcnt", 0)
        _el(fam, "generation", _index(ipif.name) + 40)
        _el(fam, "route-table", 0)
        fflags = _el(fam, "address-family-flags")
        _el(fflags, "ifff-sendbcast-pkt-to-re")
        addr = _el(fam, "interface-address")
        aflags = _el(addr, "ifa-flags")
        _el(aflags, "ifaf-current-default" if ipif.loopback else "ifaf-current-preferred")
        _el(aflags, "ifaf-current-primary")
        net = ipif.address.network
        if ipif.loopback:
            _el(addr, "ifa-destination", "Unspecified")
        else:
            _el(addr, "ifa-destination", _destination(net))
        _el(addr, "ifa-local", str(ipif.address.ip))
        bcast = str(net.broadcast_address) if net.prefixlen < 31 and not ipif.loopback else "Unspecified"
        _el(addr, "ifa-broadcast", bcast)
        media = self._media(ifd)
        if ipif.mpls:
            mpls = _el(log, "address-family")
            _el(mpls, "address-family-name", "mpls")
            tags = 1 if vlan is not None else 0
            _el(mpls, "mtu", media - ETH - TAG * tags - 4 * MAX_LABELS if media else "Unlimited")
            _el(mpls, "maximum-labels", MAX_LABELS)
            _el(mpls, "generation", _index(ipif.name) + 41)
            _el(mpls, "route-table", 0)
        if not ipif.loopback and not ifd.startswith("lt-"):
            ms = _el(log, "address-family")
            _el(ms, "address-family-name", "multiservice")
            _el(ms, "mtu", "Unlimited")
            _el(ms, "generation", _index(ipif.name) + 42)
            _el(ms, "route-table", 0)
            _el(_el(ms, "address-family-flags"), "ifff-is-primary")

    def _l2_family(self, log: etree._Element, ifd: str, att: Attachment, up: bool) -> None:
        kind = self._pw_kind(att.name)
        fam = _el(log, "address-family")
        _el(fam, "address-family-name", "vpls" if kind == "vpls" else "ccc")
        _el(fam, "mtu", self._media(ifd) or "Unlimited")
        _el(fam, "generation", _index(att.name) + 40)
        _el(fam, "route-table", _hash(self.name, att.name) % 8 + 3 if kind == "vpls" else 0)
        if kind == "vpls":
            _el(fam, "iff-vpls-status", "up" if up else "down")
            _el(fam, "vpls-mesh-group", "__all_ces__")
        _el(_el(fam, "address-family-flags"), "ifff-is-primary")

    # ---- OSPF ---------------------------------------------------------------------------------
    def rpc_get_ospf_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ospf-neighbor-information", "routing")
        for n in self.dev.ospf:
            e = _el(root, "ospf-neighbor")
            _el(e, "neighbor-address", n.address)
            _el(e, "interface-name", n.interface)
            _el(e, "ospf-neighbor-state", n.state)
            _el(e, "neighbor-id", n.neighbor_id)
            _el(e, "neighbor-priority", 128)
            _el(e, "activity-timer", 35)
        return root

    def rpc_get_ospf_interface_information(self, rpc: etree._Element) -> etree._Element:
        detail = self._flag(rpc, "detail") or self._flag(rpc, "extensive")
        root = self._root("ospf-interface-information", "routing")
        full = {n.interface for n in self.dev.ospf if n.state == "Full"}
        for ipif in self.dev.view.ipifs:
            if ipif.ospf is None:
                continue
            o = ipif.ospf
            e = _el(root, "ospf-interface")
            _el(e, "interface-name", ipif.name)
            state = "PtToPt" if o.network_type == "p2p" else ("DR" if ipif.loopback or o.passive else "DR")
            if not self.dev.ip_oper_up(ipif.name):
                state = "Down"
            _el(e, "ospf-interface-state", state)
            _el(e, "interface-area", o.area)
            dr = "0.0.0.0" if o.network_type == "p2p" or state == "Down" else (self.dev.view.router_id or "0.0.0.0")
            _el(e, "dr-id", dr)
            _el(e, "bdr-id", "0.0.0.0")
            _el(e, "neighbor-count", 1 if ipif.name in full else 0)
            if detail:
                _el(e, "interface-type", "P2P" if o.network_type == "p2p" else "LAN")
                _el(e, "interface-address", str(ipif.address.ip))
                _el(e, "address-mask", str(ipif.address.netmask))
                _el(e, "mtu", ipif.ip_mtu if not ipif.loopback else 65535)
                _el(e, "interface-cost", 0 if ipif.loopback else o.cost)
                _el(e, "adj-count", 1 if ipif.name in full else 0)
                _el(e, "hello-interval", o.hello)
                _el(e, "dead-interval", o.dead)
                _el(e, "retransmit-interval", 5)
        return root

    # ---- LDP ---------------------------------------------------------------------------------
    def rpc_get_ldp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ldp-session-information", "routing")
        for s in self.dev.ldp:
            e = _el(root, "ldp-session")
            _el(e, "ldp-neighbor-address", s.peer)
            _el(e, "ldp-session-state", "Operational" if s.up else "Nonexistent")
            _el(e, "ldp-connection-state", "Open" if s.up else "Closed")
            _el(e, "ldp-remaining-time", 26 if s.up else 0)
            _el(e, "ldp-session-adv-mode", "DU")
        return root

    def rpc_get_ldp_neighbor_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("ldp-neighbor-information", "routing")
        for s in self.dev.ldp:
            if not s.up:
                continue
            e = _el(root, "ldp-neighbor")
            _el(e, "ldp-neighbor-address", s.peer)
            _el(e, "interface-name", "lo0.0")
            _el(e, "ldp-label-space-id", f"{s.peer}:0")
            _el(e, "ldp-remaining-time", 41)
        return root

    # ---- RSVP / MPLS --------------------------------------------------------------------------
    def _sessions(self, role: str) -> list[RsvpSession]:
        return [s for s in self.dev.rsvp if s.role == role]

    @staticmethod
    def _labels(role: str, n: int) -> tuple[str, str]:
        """(label-in, label-out): PHP towards the egress, dynamic labels on transit hops."""
        if role == "ingress":
            return "-", "3"
        if role == "egress":
            return "3", "-"
        return str(FIRST_LABEL + 16 * n), "3"

    @staticmethod
    def _session_data(root: etree._Element, role: str, count: int) -> etree._Element:
        data = _el(root, "rsvp-session-data")
        _el(data, "session-type", role.capitalize())
        _el(data, "count", count)
        return data

    @staticmethod
    def _session_counts(data: etree._Element, total: int, up: int) -> None:
        _el(data, "display-count", total)
        _el(data, "up-count", up)
        _el(data, "down-count", total - up)

    def rpc_get_rsvp_session_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("rsvp-session-information", "routing")
        for role in ("ingress", "egress", "transit"):
            sessions = self._sessions(role)
            data = self._session_data(root, role, len(sessions))
            for n, s in enumerate(sessions):
                e = _el(data, "rsvp-session")
                self._junos_attr(e, "style", "brief")
                _el(e, "destination-address", s.destination)
                _el(e, "source-address", s.source)
                _el(e, "lsp-state", "Up" if s.up else "Dn")
                _el(e, "route-count", 0)
                _el(e, "rsb-count", 1 if s.up else 0)
                _el(e, "resv-style", "SE")
                label_in, label_out = self._labels(role, n)
                _el(e, "label-in", label_in if s.up else "-")
                _el(e, "label-out", label_out if s.up else "-")
                _el(e, "name", s.name)
            self._session_counts(data, len(sessions), sum(s.up for s in sessions))
        return root

    def rpc_get_mpls_lsp_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("mpls-lsp-information", "routing")
        lsps = self.dev.lsps
        data = self._session_data(root, "ingress", len(lsps))
        for n, lsp in enumerate(lsps, start=1):
            self._ingress_lsp(data, lsp, n)
        self._session_counts(data, len(lsps), sum(lsp.up for lsp in lsps))
        for role in ("egress", "transit"):
            sessions = self._sessions(role)
            data = self._session_data(root, role, len(sessions))
            for n, s in enumerate(sessions):
                self._remote_session(data, role, s, n)
            self._session_counts(data, len(sessions), sum(s.up for s in sessions))
        return root

    def _ingress_lsp(self, data: etree._Element, lsp: LspState, lsp_id: int) -> None:
        sess = _el(data, "rsvp-session")
        self._junos_attr(sess, "style", "detail")
        m = _el(sess, "mpls-lsp")
        _el(m, "destination-address", lsp.to)
        _el(m, "source-address", lsp.source)
        _el(m, "lsp-state", "Up" if lsp.up else "Dn")
        _el(m, "route-count", 0)
        _el(m, "name", lsp.name)
        _el(m, "lsp-id", lsp_id)
        _el(m, "lsp-description", "")
        name = lsp.primary_name if lsp.active == "primary" else lsp.secondary_name
        if lsp.up and lsp.active:
            _el(m, "active-path", f"{name} ({lsp.active})" if name else f"({lsp.active})")
        else:
            _el(m, "active-path", "(none)")
        if lsp.frr:
            _el(m, "is-fastreroute")
        _el(m, "lsp-type", "Static Configured")
        _el(m, "egress-label-operation", "Penultimate hop popping")
        _el(m, "load-balance", "random")
        attrs = _el(m, "mpls-lsp-attributes")
        _el(attrs, "encoding-type", "Packet")
        _el(attrs, "switching-type", "Packet")
        _el(attrs, "gpid", "IPv4")
        _el(attrs, "mpls-lsp-upstream-label", "")
        _el(m, "lsp-selfping-status", "Disabled")
        for title, pname in (("Primary", lsp.primary_name), ("Secondary", lsp.secondary_name)):
            if title == "Secondary" and not (pname or lsp.active == "secondary"):
                continue
            self._lsp_path(m, lsp, title, pname)

    def _lsp_path(self, m: etree._Element, lsp: LspState, title: str, pname: str) -> None:
        p = _el(m, "mpls-lsp-path")
        _el(p, "title", title)
        _el(p, "name", pname)
        active = lsp.up and lsp.active == title.lower()
        if active:
            _el(p, "path-active")
        up = active or (title == "Secondary" and lsp.secondary_up)
        _el(p, "path-state", "Up" if up else "Dn")
        _el(p, "setup-priority", 7)
        _el(p, "hold-priority", 0)
        _el(p, "path-flap-count", 0)
        _el(p, "path-mbb-count", 0)
        if active:
            _el(p, "cspf-status", "Computed ERO (S [L] denotes strict [loose] hops): (CSPF metric: 100)")
            ero = _el(p, "explicit-route", heading="          ")
            for hop in lsp.path:
                h = _el(ero, "explicit-route-element")
                _el(h, "address", hop)
                _el(h, "explicit-route-type", "S")
            rro = " ".join(
                f"{hop}(Label={3 if i == len(lsp.path) - 1 else FIRST_LABEL + 16 * i})"
                for i, hop in enumerate(lsp.path)
            )
            _el(p, "received-rro",
                "Received RRO (ProtectionFlag 1=Available 2=InUse 4=B/W 8=Node 10=SoftPreempt 20=Node-ID):\n"
                f"{rro}")
        elif not up:
            reason = lsp.reason or f"no route toward {lsp.to}"
            _el(p, "cspf-status", "Will be enqueued for recomputation in 15 second(s).")
            hist = _el(p, "path-history")
            _el(hist, "sequence-number", 1)
            month, day = _month_day(self.clock())
            _el(hist, "time", f"{month} {day} {time.strftime('%H:%M:%S', time.gmtime(self.clock()))}.000")
            _el(hist, "log", f"CSPF failed: {reason}")
            _el(hist, "route", "")

    def _remote_session(self, data: etree._Element, role: str, s: RsvpSession, n: int) -> None:
        e = _el(data, "rsvp-session")
        self._junos_attr(e, "style", "detail")
        _el(e, "destination-address", s.destination)
        _el(e, "source-address", s.source)
        _el(e, "lsp-state", "Up" if s.up else "Dn")
        _el(e, "route-count", 0)
        _el(e, "name", s.name)
        _el(e, "lsp-path-type", "Primary")
        for tag in ("suggested-label-in", "suggested-label-out", "recovery-label-in", "recovery-label-out"):
            _el(e, tag, "-")
        _el(e, "rsb-count", 1 if s.up else 0)
        _el(e, "resv-style", "SE")
        label_in, label_out = self._labels(role, n)
        _el(e, "label-in", label_in if s.up else "-")
        _el(e, "label-out", label_out if s.up else "-")
        _el(e, "psb-lifetime", 157)
        _el(e, "psb-creation-time", time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(self.started)))
        _el(e, "sender-tspec", "rate 0bps size 0bps peak Infbps m 20 M 1500")
        _el(e, "lsp-id", 1 + n)
        _el(e, "tunnel-id", 10000 + _hash(s.source, s.name) % 50000)
        _el(e, "proto-id", 0)

    # ---- pseudowires ---------------------------------------------------------------------------
    def _connection(self, parent: etree._Element, p: PwState, ident: str, local_if: str) -> None:
        c = _el(parent, "connection")
        _el(c, "connection-id", ident)
        _el(c, "connection-type", "rmt")
        _el(c, "connection-status", pw_status("junos", p.kind, p.code))
        since = self._since(f"pw:{p.kind}:{p.name}:{p.peer}", p.up)
        if p.up:
            _el(c, "last-change", clock_text(since))
            _el(c, "up-transitions", 1)
        _el(c, "remote-pe", p.peer)
        _el(c, "control-word", "No")
        if p.local_label is not None:
            _el(c, "inbound-label", p.local_label)
        if p.remote_label is not None:
            _el(c, "outbound-label", p.remote_label)
        _el(c, "pw-status-tlv", "No")
        li = _el(c, "local-interface")
        _el(li, "interface-name", local_if)
        _el(li, "interface-status", "Up" if p.attachment_up and (p.up or p.kind == "vll") else "Dn")
        _el(li, "interface-encapsulation", "ETHERNET" if p.pw_type == "raw" else "VLAN")

    def _vlls(self) -> dict[str, list[PwState]]:
        by_peer: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vll":
                by_peer.setdefault(p.peer, []).append(p)
        return by_peer

    def rpc_get_l2ckt_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("l2circuit-connection-information", "l2ckt", "normal")
        for peer, pws in self._vlls().items():
            n = _el(root, "l2circuit-neighbor")
            _el(n, "neighbor-address", peer)
            for p in pws:
                self._connection(n, p, f"{p.name}(vc {p.id})", p.attachments[0] if p.attachments else p.name)
        return root

    def rpc_get_vpls_connection_information(self, rpc: etree._Element) -> etree._Element:
        root = self._root("vpls-connection-information", "l2ckt")
        by_inst: dict[str, list[PwState]] = {}
        for p in self.dev.pws:
            if p.kind == "vpls":
                by_inst.setdefault(p.name, []).append(p)
        lsi = FIRST_LSI
        for inst, pws in by_inst.items():
            i = _el(root, "instance")
            self._junos_attr(i, "style", "normal")
            _el(i, "instance-name", inst)
            site = _el(i, "reference-site")
            _el(site, "vpls-id", pws[0].id)
            for p in pws:
                self._connection(site, p, f"{p.peer}(vpls-id {p.id})", f"lsi.{lsi}")
                lsi += 1
        return root

    # ---- ping -----------------------------------------------------------------------------------
    def rpc_ping(self, rpc: etree._Element) -> etree._Element:
        host = self._arg(rpc, "host")
        size = int(self._arg(rpc, "size") or 56)
        count = int(self._arg(rpc, "count") or 5)
        source = self._arg(rpc, "source") or None
        vrf = self._arg(rpc, "routing-instance") or None
        ttl = int(self._arg(rpc, "ttl") or 64)
        df = self._flag(rpc, "do-not-fragment")
        state = self.state()
        out = model_ping(state, self.name, host, size=size, df=df, count=count, source=source, vrf=vrf)
        return self._ping_reply(state, out, host, size, min(ttl, 64))

    def _ping_reply(self, state: NetworkState, out: PingOutcome, host: str, size: int, ttl: int) -> etree._Element:
        root = self._root("ping-results", "probe-tests")
        _el(root, "target-host", host)
        _el(root, "target-ip", host)
        _el(root, "packet-size", size)
        reporter = re.search(r"frag needed at (\S+)", out.reason)
        where = reporter.group(1) if reporter else ""
        local_frag = out.frag_needed and where in ("local", self.name, "")
        if local_frag:
            _el(root, "ping-warning-message", "sendto: Message too long")
        elif out.no_route:
            _el(root, "ping-warning-message", "sendto: No route to host")
        rtts = [1100 + _hash(self.name, host, str(seq)) % 900 for seq in range(out.received)]
        start = int(self.clock())
        for seq, rtt in enumerate(rtts):
            pr = _el(root, "probe-result", **{"date-determined": str(start + seq)})
            _el(pr, "probe-index", seq + 1)
            _el(pr, "probe-success")
            _el(pr, "sequence-number", seq)
            _el(pr, "ip-address", host)
            _el(pr, "time-to-live", ttl - 1 if state.owner(host) not in (None, self.name) else ttl)
            _el(pr, "response-size", size + 8)
            _el(pr, "rtt", rtt)
        if out.frag_needed and not local_frag:
            mtu = re.search(r"MTU (\d+)", out.reason)
            router = state.views[where].router_id if where in state.views else host
            for seq in range(out.sent):
                pr = _el(root, "probe-result", **{"date-determined": str(start + seq)})
                _el(pr, "probe-index", seq + 1)
                _el(pr, "ip-address", router or host)
                _el(pr, "icmp-type-text", f"frag needed and DF set (MTU {mtu.group(1) if mtu else 1500})")
        summary = _el(root, "probe-results-summary")
        _el(summary, "probes-sent", out.sent)
        _el(summary, "responses-received", out.received)
        _el(summary, "packet-loss", 100 - (100 * out.received // out.sent if out.sent else 0))
        if rtts:
            avg = sum(rtts) / len(rtts)
            stddev = math.sqrt(sum((r - avg) ** 2 for r in rtts) / len(rtts))
            _el(summary, "rtt-minimum", min(rtts))
            _el(summary, "rtt-maximum", max(rtts))
            _el(summary, "rtt-average", int(avg))
            _el(summary, "rtt-stddev", int(stddev))
            _el(root, "ping-success")
        else:
            _el(root, "ping-failure", "no response")
        return root

    # ---- CLI commands -----------------------------------------------------------------------------
    COMMANDS = {
        "show ospf neighbor": ("get_ospf_neighbor_information", ""),
        "show ospf interface": ("get_ospf_interface_information", ""),
        "show ldp session": ("get_ldp_session_information", ""),
        "show ldp neighbor": ("get_ldp_neighbor_information", ""),
        "show rsvp session": ("get_rsvp_session_information", ""),
        "show mpls lsp": ("get_mpls_lsp_information", "<detail/>"),
        "show l2circuit connections": ("get_l2ckt_connection_information", ""),
        "show vpls connections": ("get_vpls_connection_information", ""),
    }
    _PING_ARGS = {"count", "size", "ttl", "wait", "source", "routing-instance", "interval", "interface"}

    def command(self, rpc: etree._Element) -> etree._Element | None:
        text = " ".join((rpc.text or "").split("|")[0].split())
        fmt = rpc.get("format", "xml")
        words = text.split()
        if words[:1] == ["ping"] and len(words) > 1:
            return self._ping_command(words[1:])
        if words[:2] == ["show", "interfaces"]:
            args = ""
            for w in words[2:]:
                if w in ("terse", "detail", "extensive"):
                    args += f"<{w}/>"
                elif w not in ("brief", "media", "statistics"):
                    args += f"<interface-name>{w}</interface-name>"
            reply = self.rpc_get_interface_information(etree.fromstring(f"<x>{args}</x>"))
            return reply if fmt != "text" else self._text_output(etree.tostring(reply, pretty_print=True).decode())
        for cmd in sorted(self.COMMANDS, key=len, reverse=True):
            if text == cmd or text.startswith(cmd + " "):
                method, extra = self.COMMANDS[cmd]
                rest = text[len(cmd):].split()
                if "detail" in rest or "extensive" in rest:
                    extra += "<detail/>"
                reply = getattr(self, "rpc_" + method)(etree.fromstring(f"<x>{extra}</x>"))
                if fmt != "text":
                    return reply
                return self._text_output(self.as_text(cmd, reply))
        return None

    @staticmethod
    def _text_output(text: str) -> etree._Element:
        out = etree.Element("output")
        out.text = "\n" + text
        return out

    def _ping_command(self, words: list[str]) -> etree._Element:
        rpc = etree.Element("ping")
        _el(rpc, "host", words[0])
        i = 1
        while i < len(words):
            w = words[i]
            if w in self._PING_ARGS and i + 1 < len(words):
                _el(rpc, w, words[i + 1])
                i += 2
                continue
            _el(rpc, w)  # flags: rapid, do-not-fragment, ...
            i += 1
        return self.rpc_ping(rpc)

    def as_text(self, cmd: str, reply: etree._Element) -> str:
        if cmd == "show l2circuit connections":
            return self._l2ckt_text()
        if cmd == "show ospf neighbor":
            lines = ["Address          Interface              State           ID               Pri  Dead"]
            for n in self.dev.ospf:
                lines.append(f"{n.address:<16} {n.interface:<22} {n.state:<15} {n.neighbor_id:<16} 128    35")
            return "\n".join(lines) + "\n"
        if cmd == "show ldp session":
            lines = ["  Address                           State       Connection  Hold time  Adv. Mode"]
            for s in self.dev.ldp:
                st = "Operational" if s.up else "Nonexistent"
                lines.append(f"{s.peer:<35}{st:<12}{'Open' if s.up else 'Closed':<12}{'26' if s.up else '0':<11}DU")
            return "\n".join(lines) + "\n"
        if cmd == "show mpls lsp":
            lines = [f"Ingress LSP: {len(self.dev.lsps)} sessions",
                     "To              From            State Rt P     ActivePath       LSPname"]
            for lsp in self.dev.lsps:
                p = "*" if lsp.up else ""
                name = lsp.primary_name if lsp.active == "primary" else lsp.secondary_name
                lines.append(f"{lsp.to:<16}{lsp.source:<16}{'Up' if lsp.up else 'Dn':<6}{0:<3}{p:<6}{name:<17}{lsp.name}")
            return "\n".join(lines) + "\n"
        return etree.tostring(reply, pretty_print=True).decode()

    def _l2ckt_text(self) -> str:
        """``show l2circuit connections``: legends, then one block per neighbour."""
        out = ["Layer-2 Circuit Connections:", "", *l2ckt_legend(), "",
               "Legend for interface status", "Up -- operational", "Dn -- down"]
        for peer, pws in self._vlls().items():
            out.append(f"Neighbor: {peer}")
            out.append("    Interface                 Type  St     Time last up          # Up trans")
            for p in pws:
                ident = f"{p.name}(vc {p.id})"
                st = pw_status("junos", p.kind, p.code)
                since = self._since(f"pw:{p.kind}:{p.name}:{p.peer}", p.up)
                row = f"    {ident:<26}rmt   {st:<7}"
                if p.up:
                    row += f"{clock_text(since):<22}{1:>10}"
                out.append(row.rstrip())
                out.append(f"      Remote PE: {p.peer}, Negotiated control-word: No")
                if p.local_label is not None:
                    remote = p.remote_label if p.remote_label is not None else ""
                    out.append(f"      Incoming label: {p.local_label}, Outgoing label: {remote}".rstrip())
                out.append("      Negotiated PW status TLV: No")
                enc = "ETHERNET" if p.pw_type == "raw" else "VLAN"
                for a in p.attachments:
                    status = "Up" if p.attachment_up else "Dn"
                    out.append(f"      Local interface: {a}, Status: {status}, Encapsulation: {enc}")
        return "\n".join(out) + "\n"
