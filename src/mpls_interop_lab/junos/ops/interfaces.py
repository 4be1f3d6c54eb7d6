"""``get-interface-information``: physical interfaces with their logical units, in the terse,
normal and detail styles."""

from __future__ import annotations

import re
import time

from lxml import etree

from mpls_interop_lab.junos.ops.common import ago, el, stable_hash
from mpls_interop_lab.junos.ops.units import UnitRpcs, interface_index


def _mac(name: str, ifname: str) -> str:
    h = f"{stable_hash(name, ifname):08x}"
    return f"2c:6b:f5:{h[0:2]}:{h[2:4]}:{h[4:6]}"


def _port_speed(ifd: str) -> str:
    if ifd.startswith("xe-"):
        return "10Gbps"
    if ifd.startswith("et-"):
        return "100Gbps"
    if ifd.startswith("fe-"):
        return "100mbps"
    return "1000mbps"


class InterfaceRpcs(UnitRpcs):
    """``get-interface-information``."""

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
        phy = el(root, "physical-interface")
        el(phy, "name", ifd)
        adm = el(phy, "admin-status", "up" if admin else "down")
        self._junos_attr(adm, "format", "Enabled" if admin else "Administratively down")
        el(phy, "oper-status", "up" if oper else "down")
        if terse:
            return phy
        el(phy, "local-index", interface_index(ifd))
        el(phy, "snmp-index", interface_index(ifd) + 373)
        el(phy, "generation", interface_index(ifd) + 3)
        if loopback:
            el(phy, "if-type", "Loopback")
            el(phy, "link-level-type", "Unspecified")
            el(phy, "mtu", "Unlimited")
            el(phy, "speed", "Unspecified")
        elif tunnel:
            el(phy, "if-type", "Logical-tunnel")
            el(phy, "link-level-type", "Logical-tunnel")
            el(phy, "mtu", self._media(ifd) or "Unlimited")
            el(phy, "speed", "1000mbps")
        else:
            el(phy, "link-level-type", "Ethernet")
            el(phy, "mtu", port.l2_mtu if port else 1514)
            el(phy, "source-filtering", "disabled")
            el(phy, "speed", _port_speed(ifd))
            el(phy, "bpdu-error", "none")
            el(phy, "l2pt-error", "none")
            el(phy, "loopback", "disabled")
            el(phy, "if-flow-control", "enabled")
            el(phy, "if-auto-negotiation", "enabled")
            el(phy, "if-remote-fault", "online")
        dflags = el(phy, "if-device-flags")
        el(dflags, "ifdf-present")
        el(dflags, "ifdf-running")
        if not oper:
            el(dflags, "ifdf-down")
        if loopback:
            el(dflags, "ifdf-loopback")
        cflags = el(phy, "if-config-flags")
        if not admin:
            el(cflags, "iff-down")
        elif not oper:
            el(cflags, "iff-hardware-down")
        if tunnel:
            el(cflags, "iff-point-to-point")
        el(cflags, "iff-snmp-traps")
        if not (loopback or tunnel):
            el(cflags, "internal-flags", "0x4000")
            el(phy, "up-hold-time", 0)
            el(phy, "down-hold-time", 0)
        if loopback:
            el(phy, "current-physical-address", "Unspecified")
            el(phy, "hardware-physical-address", "Unspecified")
            flapped = el(phy, "interface-flapped", "Never")
            self._junos_attr(flapped, "seconds", 0)
        else:
            mac = _mac(self.name, ifd)
            cur = el(phy, "current-physical-address", mac)
            hw = el(phy, "hardware-physical-address", mac)
            if tunnel:
                self._junos_attr(cur, "format", f"MAC {mac}")
                self._junos_attr(hw, "format", f"MAC {mac}")
            since = self._since(ifd, oper)
            flapped = el(phy, "interface-flapped", self._flap_text(since))
            self._junos_attr(flapped, "seconds", int(self.clock() - since))
        if detail:
            el(phy, "statistics-cleared", "Never")
            self._traffic(phy, ifd)
        return phy

    def _flap_text(self, since: float) -> str:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(since))
        return f"{stamp} ({ago(self.clock() - since)} ago)"
