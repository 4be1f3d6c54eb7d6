"""NetIron capabilities and naming."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mpls_interop.sdk.spec import VendorSpec

if TYPE_CHECKING:
    from mpls_interop.sdk.plan import DevicePlan

_ETH = re.compile(r"^(?:ethernet|ethe|eth|e)\s*(\d{1,2}/\d{1,2})$", re.IGNORECASE)


class NetIronSpec(VendorSpec):
    name = "netiron"
    # default-max-frame-size: counts the 4-byte FCS
    max_native_mtu = 9216
    default_native_mtu = 1518
    native_includes_fcs = True
    pw_mtu_range = (64, 9190)
    supports_lt = False
    pw_needs_lsp_to_peer = True
    netmiko_device_type = "extreme_netiron"
    render_formats = ("text",)

    def normalize_interface(self, name: str) -> str:
        m = _ETH.match(name.strip())
        if not m:
            raise ValueError(f"{name!r} is not a NetIron port name (e.g. 'ethe 1/1')")
        return f"ethe {m.group(1)}"

    def ip_interface_name(self, port: str, unit: int | None, ve: int | None) -> str:
        return f"ve {ve}" if ve is not None else port

    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        from mpls_interop.vendors.netiron.render import render_netiron

        return render_netiron(plan)


SPEC = NetIronSpec()
