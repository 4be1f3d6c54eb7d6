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
    #: default-max-frame-size maxima (FCS included): every MLX/MLXe/XMR chassis takes 9216;
    #: "MLX" and "XMR" are the family names the seed inventory uses
    models = {  # noqa: RUF012
        **{name: 9216 for name in ("MLX", "MLXe", "XMR")},
        **{f"MLX-{n}": 9216 for n in (4, 8, 16, 32)},
        **{f"MLXe-{n}": 9216 for n in (4, 8, 16, 32)},
        **{f"XMR-{n}": 9216 for n in (4000, 8000, 16000, 32000)},
        **{f"XMR{n}": 9216 for n in (4000, 8000, 16000, 32000)},
    }
    #: VLL/VPLS state and reason words of `show mpls vll|vpls detail` → neutral cause
    pw_status_causes = {  # noqa: RUF012
        "VC-PARAMETER-MTU-MISMATCH": "mtu-mismatch", "VC-TYPE-MISMATCH": "type-mismatch",
        "WAIT FOR PEER LABEL": "no-remote", "WAIT FOR LSP TUNNEL TO PEER": "no-lsp",
        "WAIT FOR LDP SESSION TO PEER": "no-ldp", "ENDPOINT IS NOT UP": "local-ac-down",
        "WAIT FOR FUNCTIONAL LOCAL PORTS": "local-ac-down", "REMOTE PW STATUS IS DOWN": "remote-ac-down",
        "WAIT FOR REMOTE PW STATUS UP": "remote-ac-down",
    }

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
