"""What a vendor tells the containerlab exporter: its node kinds and how to build a node.

The exporter (``mpls_interop.ops.clab``) owns the topology, the ``ethN`` wiring and the links; a
vendor's :class:`ClabSupport` owns everything about its own nodes (kinds, images, port naming
inside the node, startup-config transforms, extra commands, and what a kind cannot do).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from mpls_interop.sdk.findings import Finding
from mpls_interop.sdk.plan import DevicePlan


@dataclass(frozen=True)
class ClabKind:
    name: str  #: containerlab kind name (``linux`` for a generic container)
    short: str  #: short name for lab and file names
    image: str  #: default image
    #: other names an ansible-inventory.yml may group these nodes under
    aliases: tuple[str, ...] = ()
    #: config format the node's startup config uses (one of the vendor's render formats)
    render_format: str = "text"
    #: why deploy/verify cannot manage such a node through --clab-inventory (None: they can)
    unmanaged_reason: str | None = None
    #: node ports get other names inside the node than in the intent (e.g. vrnetlab ge-0/0/N)
    renames_ports: bool = False


@dataclass(frozen=True)
class PortMap:
    """One intent port of a device and what it becomes in the lab."""

    port: str  #: intent (canonical) name, e.g. ge-1/0/0 or ethe 1/1
    linux: str  #: container interface containerlab wires: eth1, eth2, …
    inside: str  #: the name the node's OS uses for it


@dataclass
class ClabNode:
    """One exported node: its topology entry (without labels) and its startup config."""

    node: dict[str, Any]
    config: str
    findings: list[Finding] = field(default_factory=list)


class ClabSupport(ABC):
    #: kinds this vendor can run as; the first one is the default
    kinds: tuple[ClabKind, ...]
    #: the node runs the vendor's real software: unwired service ports are worth a note
    real_software: bool = True

    def kind(self, name: str) -> ClabKind | None:
        for k in self.kinds:
            if name == k.name or name in k.aliases:
                return k
        return None

    def exportable(self, port: str) -> bool:
        """Whether ``port`` becomes a wired container interface (False: left unwired, e.g. ae0)."""
        return True

    def inside_name(self, kind: ClabKind, index: int, port: str, linux: str) -> str:
        """What the node's OS calls the ``index``-th exported port (``linux`` is ``eth{index+1}``)."""
        return port

    @abstractmethod
    def node(
        self, kind: ClabKind, dp: DevicePlan, config: str, ports: list[PortMap], lab: str, image: str,
        startup_path: str,
    ) -> ClabNode:
        """The node for device plan ``dp`` whose rendered config is ``config``."""

    def lab_findings(self, kind: ClabKind, devices: list[str]) -> list[Finding]:
        """Findings about all of this vendor's nodes at once (e.g. what an emulator cannot do)."""
        return []
