"""containerlab kind for NetIron: a ``linux`` node running the project's NetIron emulator image.

The image (``labs/Dockerfile``) serves the emulated SSH CLI and reads its settings from the
environment (``src/mpls_interop_lab/netiron_node.py``); the startup config is bind-mounted.
"""

from __future__ import annotations

from mpls_interop.sdk.clab import ClabKind, ClabNode, ClabSupport, PortMap
from mpls_interop.sdk.findings import Finding
from mpls_interop.sdk.plan import DevicePlan

#: where the emulator container reads its startup config
STARTUP_PATH = "/config/startup-config.cfg"
EMULATOR = ClabKind("linux", "emu", "mpls-interop/netiron-emulator:latest", aliases=("netiron",))


class NetIronClab(ClabSupport):
    kinds = (EMULATOR,)
    real_software = False

    def node(
        self, kind: ClabKind, dp: DevicePlan, config: str, ports: list[PortMap], lab: str, image: str,
        startup_path: str,
    ) -> ClabNode:
        env = {"NETIRON_HOSTNAME": dp.name, "NETIRON_STARTUP_CONFIG": STARTUP_PATH}
        if dp.model:
            env["NETIRON_MODEL"] = dp.model
        node = {"kind": kind.name, "image": image, "env": env, "binds": [f"{startup_path}:{STARTUP_PATH}:ro"]}
        return ClabNode(node, config)

    def lab_findings(self, kind: ClabKind, devices: list[str]) -> list[Finding]:
        return [Finding(
            "CLAB006", "warning", tuple(devices),
            f"{', '.join(devices)} run the NetIron emulator: it answers the SSH CLI (config, show) "
            "but runs no OSPF, RSVP, LDP or pseudowires on the wire, so adjacencies, LSPs and "
            "pseudowires toward the real nodes stay down",
        )]


CLAB = NetIronClab()
