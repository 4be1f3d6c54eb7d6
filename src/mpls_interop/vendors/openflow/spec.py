"""OpenFlow PE capabilities and naming (OVS port names; IP interfaces named ``<port>.<unit>``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mpls_interop.sdk.capabilities import load_capabilities
from mpls_interop.sdk.spec import VendorSpec

if TYPE_CHECKING:
    from mpls_interop.sdk.plan import DevicePlan

_PORT = re.compile(r"^[a-z][a-z0-9]{0,9}$")


class OpenFlowSpec(VendorSpec):
    capabilities = load_capabilities(__package__)

    def normalize_interface(self, name: str) -> str:
        name = name.strip()
        if not _PORT.match(name):
            raise ValueError(
                f"{name!r} is not an OpenFlow PE port name (lower-case letters and digits, 1-10 "
                "characters, e.g. eth1)"
            )
        return name

    def ip_interface_name(self, port: str, unit: int | None, ve: int | None) -> str:
        return f"{port}.{unit or 0}"

    def config_likelihood(self, text: str) -> float:
        """The program's own header."""
        return 1.0 if text.startswith("! mpls-interop openflow program") else 0.0

    def render(self, plan: DevicePlan, fmt: str = "text") -> str:
        from mpls_interop.vendors.openflow.render import render_program

        return render_program(plan)

    def plan_findings(self, plan: DevicePlan) -> list[str]:
        from mpls_interop.vendors.openflow.render import unsupported

        return unsupported(plan)


SPEC = OpenFlowSpec()
