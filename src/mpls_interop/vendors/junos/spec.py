"""Junos capabilities and naming."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mpls_interop.sdk.capabilities import load_capabilities
from mpls_interop.sdk.spec import VendorSpec

if TYPE_CHECKING:
    from mpls_interop.sdk.clab import ClabSupport
    from mpls_interop.sdk.plan import DevicePlan

_PHYS = re.compile(r"^(ge|xe|et|fe|lt)-\d{1,2}/\d{1,2}/\d{1,3}$|^ae\d{1,3}$")


class JunosSpec(VendorSpec):
    capabilities = load_capabilities(__package__)

    def normalize_interface(self, name: str) -> str:
        name = name.strip()
        if not _PHYS.match(name):
            raise ValueError(
                f"{name!r} is not a Junos physical interface name (e.g. ge-1/0/0, xe-0/0/1, ae0); "
                "give logical units with 'unit'"
            )
        return name

    def ip_interface_name(self, port: str, unit: int | None, router_interface: int | None) -> str:
        return f"{port}.{unit or 0}"

    def config_likelihood(self, text: str) -> float:
        """Curly-brace hierarchies or ``set`` lines."""
        if re.search(r"^\s*set\s+\S", text, re.M) or re.search(r"\{\s*$", text, re.M):
            return 0.9
        return 0.0

    def clab(self) -> ClabSupport:
        from mpls_interop.vendors.junos.clab import CLAB

        return CLAB

    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        from mpls_interop.vendors.junos.render import render_junos

        return render_junos(plan, fmt)


SPEC = JunosSpec()
