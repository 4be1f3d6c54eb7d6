"""Logical units of Junos interfaces (IP units and pseudowire attachment units) as
``get-interface-information`` shows them: status, VLAN tags, encapsulation, address families."""

from __future__ import annotations

import ipaddress

from lxml import etree

from mpls_interop_lab.junos.ops.common import OpsBase, el, stable_hash
from mpls_interop_lab.model.views import ETH, TAG, Attachment, IpIf

#: labels Junos reserves room for in ``family mpls`` MTU (``maximum-labels``)
MAX_LABELS = 5

_UNIT_ENCAPSULATION = {  # (kind, tagged attachment) -> encapsulation word of the unit
    ("vpls", True): "VLAN-VPLS",
    ("vpls", False): "Ethernet-VPLS",
    ("vll", True): "VLAN-CCC",
    ("vll", False): "Ethernet-CCC",
}


def interface_index(ifname: str) -> int:
    """A made-up but stable local index (SNMP index and generations are offsets from it)."""
    return 128 + stable_hash(ifname) % 800


def _destination(net: ipaddress.IPv4Network) -> str:
    """``198.51.100/30``: Junos drops trailing zero octets of the subnet (keeps at least one)."""
    octets = str(net.network_address).split(".")
    while len(octets) > 1 and octets[-1] == "0":
        octets.pop()
    return ".".join(octets) + f"/{net.prefixlen}"


class UnitRpcs(OpsBase):
    """The logical units of the device's interfaces, and the counters both levels report."""

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

    def _traffic(self, parent: etree._Element, ifname: str, rates: bool = True) -> None:
        """Counters: physical interfaces also report rates (bps/pps), units only totals."""
        stats = el(parent, "traffic-statistics")
        self._junos_attr(stats, "style", "verbose")
        if not rates:
            self._junos_attr(stats, "indent", 2)
        base = stable_hash(self.name, ifname, "traffic") % 100000
        for tag, value in (("input-bytes", base * 1024), ("input-bps", 0), ("output-bytes", base * 1100),
                           ("output-bps", 0), ("input-packets", base * 7), ("input-pps", 0),
                           ("output-packets", base * 8), ("output-pps", 0)):
            if rates or not tag.endswith(("bps", "pps")):
                el(stats, tag, value)

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
        log = el(parent, "logical-interface")
        el(log, "name", unit.name)
        if terse:
            el(log, "admin-status", "up" if admin else "down")
            el(log, "oper-status", "up" if up else "down")
            fam = el(log, "address-family")
            el(fam, "address-family-name", "inet" if ipif else ("vpls" if self._pw_kind(unit.name) == "vpls" else "ccc"))
            if ipif:
                addr = el(fam, "interface-address")
                el(addr, "ifa-local", str(ipif.address.ip) if ipif.loopback else str(ipif.address))
            return
        loopback = bool(ipif and ipif.loopback)
        el(log, "local-index", interface_index(unit.name))
        el(log, "snmp-index", interface_index(unit.name) + 373)
        el(log, "generation", interface_index(unit.name) + 11)
        flags = el(log, "if-config-flags")
        if not admin:
            el(flags, "iff-down")  # what napalm's logical-interface view looks for
        elif not loopback:  # loopback units carry no iff-up (as in the captures)
            el(flags, "iff-up" if up else "iff-device-down")
        el(flags, "iff-snmp-traps")
        if not loopback:
            el(flags, "internal-flags", "0x4004000")
        vlan = self._unit_vlan(ifd, unit)
        if vlan is not None:
            text = f"[ 0x8100.{vlan} ] "
            if isinstance(unit, Attachment) and not unit.tag_on_pw:
                text += f"In(pop) Out(push 0x8100.{vlan}) "
            la = el(log, "link-address", text.strip())
            self._junos_attr(la, "format", f"VLAN-Tag {text}")
        if ipif:
            el(log, "encapsulation", "Unspecified" if loopback else "ENET2")
        else:
            kind = self._pw_kind(unit.name)
            el(log, "encapsulation", _UNIT_ENCAPSULATION[(kind, vlan is not None)])
        if detail:
            self._traffic(log, unit.name, rates=False)
        el(log, "filter-information")
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
        fam = el(log, "address-family")
        el(fam, "address-family-name", "inet")
        el(fam, "mtu", "Unlimited" if ipif.loopback else ipif.ip_mtu)
        if not ipif.loopback:
            el(fam, "max-local-cache", 75000)
            el(fam, "new-hold-limit", 75000)
            el(fam, "intf-curr-cnt", 1)
            el(fam, "intf-unresolved-cnt", 0)
            el(fam, "intf-dropcnt", 0)
        el(fam, "generation", interface_index(ipif.name) + 40)
        el(fam, "route-table", 0)
        fflags = el(fam, "address-family-flags")
        el(fflags, "ifff-sendbcast-pkt-to-re")
        addr = el(fam, "interface-address")
        aflags = el(addr, "ifa-flags")
        el(aflags, "ifaf-current-default" if ipif.loopback else "ifaf-current-preferred")
        el(aflags, "ifaf-current-primary")
        net = ipif.address.network
        if ipif.loopback:
            el(addr, "ifa-destination", "Unspecified")
        else:
            el(addr, "ifa-destination", _destination(net))
        el(addr, "ifa-local", str(ipif.address.ip))
        bcast = str(net.broadcast_address) if net.prefixlen < 31 and not ipif.loopback else "Unspecified"
        el(addr, "ifa-broadcast", bcast)
        media = self._media(ifd)
        if ipif.mpls:
            mpls = el(log, "address-family")
            el(mpls, "address-family-name", "mpls")
            tags = 1 if vlan is not None else 0
            el(mpls, "mtu", media - ETH - TAG * tags - 4 * MAX_LABELS if media else "Unlimited")
            el(mpls, "maximum-labels", MAX_LABELS)
            el(mpls, "generation", interface_index(ipif.name) + 41)
            el(mpls, "route-table", 0)
        if not ipif.loopback and not ifd.startswith("lt-"):
            ms = el(log, "address-family")
            el(ms, "address-family-name", "multiservice")
            el(ms, "mtu", "Unlimited")
            el(ms, "generation", interface_index(ipif.name) + 42)
            el(ms, "route-table", 0)
            el(el(ms, "address-family-flags"), "ifff-is-primary")

    def _l2_family(self, log: etree._Element, ifd: str, att: Attachment, up: bool) -> None:
        kind = self._pw_kind(att.name)
        fam = el(log, "address-family")
        el(fam, "address-family-name", "vpls" if kind == "vpls" else "ccc")
        el(fam, "mtu", self._media(ifd) or "Unlimited")
        el(fam, "generation", interface_index(att.name) + 40)
        el(fam, "route-table", stable_hash(self.name, att.name) % 8 + 3 if kind == "vpls" else 0)
        if kind == "vpls":
            el(fam, "iff-vpls-status", "up" if up else "down")
            el(fam, "vpls-mesh-group", "__all_ces__")
        el(el(fam, "address-family-flags"), "ifff-is-primary")
