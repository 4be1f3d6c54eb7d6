"""NetIron capabilities and naming."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from mpls_interop.sdk.capabilities import load_capabilities
from mpls_interop.sdk.spec import VendorSpec

if TYPE_CHECKING:
    from mpls_interop.sdk.clab import ClabSupport
    from mpls_interop.sdk.plan import DevicePlan

_ETH = re.compile(r"^(?:ethernet|ethe|eth|e)\s*(\d{1,2}/\d{1,2})$", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def _normalize_port(name: str) -> str:
    """``ethernet 1/1``, ``e1/1`` … → ``ethe 1/1`` (memoised: a large intent names each port
    many times)."""
    m = _ETH.match(name.strip())
    if not m:
        raise ValueError(f"{name!r} is not a NetIron port name (e.g. 'ethe 1/1')")
    return f"ethe {m.group(1)}"


class NetIronSpec(VendorSpec):
    capabilities = load_capabilities(__package__)

    def normalize_interface(self, name: str) -> str:
        return _normalize_port(name)

    def ip_interface_name(self, port: str, unit: int | None, router_interface: int | None) -> str:
        return f"ve {router_interface}" if router_interface is not None else port

    def config_likelihood(self, text: str) -> float:
        """Flat CLI lines with one-space indented sub-modes; weak evidence on its own."""
        if re.search(r"^(router mpls|interface (ethernet|ve) |default-max-frame-size)", text, re.M):
            return 0.8
        return 0.1 if text.strip() else 0.0

    def clab(self) -> ClabSupport:
        from mpls_interop.vendors.netiron.clab import CLAB

        return CLAB

    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        from mpls_interop.vendors.netiron.render import render_netiron

        return render_netiron(plan)


SPEC = NetIronSpec()
