"""Junos capabilities and naming."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mpls_interop.sdk.spec import VendorSpec

if TYPE_CHECKING:
    from mpls_interop.sdk.plan import DevicePlan

_PHYS = re.compile(r"^(ge|xe|et|fe|lt)-\d{1,2}/\d{1,2}/\d{1,3}$|^ae\d{1,3}$")


class JunosSpec(VendorSpec):
    name = "junos"
    # media MTU: Ethernet header and VLAN tags included, FCS excluded (MX80 maximum)
    max_native_mtu = 9192
    default_native_mtu = 1514
    native_includes_fcs = False
    pw_mtu_range = (64, 9192)
    supports_lt = True
    netmiko_device_type = "juniper_junos"
    render_formats = ("text", "set")
    load_formats = ("replace",)
    #: media MTU maxima (FCS excluded) from Juniper's "Configuring the Media MTU" tables and the
    #: MX data sheets: Trio MPCs of the MX80/104/240/480/960 take 9192, the MX204/MX10003 16000
    models = {  # noqa: RUF012
        "MX5": 9192, "MX10": 9192, "MX40": 9192, "MX80": 9192, "MX104": 9192, "MX204": 16000,
        "MX240": 9192, "MX480": 9192, "MX960": 9192, "MX10003": 16000, "VMX": 9500,
    }
    #: l2circuit/VPLS connection-status codes (the CLI legend) → neutral cause
    pw_status_causes = {  # noqa: RUF012
        "MM": "mtu-mismatch", "EM": "type-mismatch", "OL": "no-remote", "LD": "local-ac-down",
        "RD": "remote-ac-down", "NP": "local-ac-down",
    }

    def normalize_interface(self, name: str) -> str:
        name = name.strip()
        if not _PHYS.match(name):
            raise ValueError(
                f"{name!r} is not a Junos physical interface name (e.g. ge-1/0/0, xe-0/0/1, ae0); "
                "give logical units with 'unit'"
            )
        return name

    def ip_interface_name(self, port: str, unit: int | None, ve: int | None) -> str:
        return f"{port}.{unit or 0}"

    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        from mpls_interop.vendors.junos.render import render_junos

        return render_junos(plan, fmt)


SPEC = JunosSpec()
