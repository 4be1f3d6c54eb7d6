"""The lab's network model: configurations + wiring + faults → what every device reports."""

from __future__ import annotations

from typing import Any

from mpls_interop_lab.model.network import Faults, NetworkState, Wire
from mpls_interop_lab.model.views import DeviceView, PortView

__all__ = ["Faults", "LabNetwork", "NetworkState", "Wire", "read_config"]


def read_config(name: str, vendor: str, config: Any) -> DeviceView:
    """Read a device's configuration object (JunosConfig / NetIronConfig) into a view."""
    if vendor == "junos":
        from mpls_interop_lab.model.junos_reader import read_junos

        return read_junos(name, config)
    if vendor == "netiron":
        from mpls_interop_lab.model.netiron_reader import read_netiron

        return read_netiron(name, config)
    if vendor == "openflow":
        from mpls_interop_lab.model.openflow_reader import read_openflow

        return read_openflow(name, config)
    raise ValueError(f"unknown vendor {vendor!r}")


class LabNetwork:
    """Holds each device's current configuration and recomputes state lazily after changes."""

    def __init__(self, wires: list[Wire] | None = None, ports: dict[str, list[str]] | None = None) -> None:
        self.wires: list[Wire] = list(wires or [])
        #: hardware ports of each device (they exist whether configured or not)
        self.hardware: dict[str, list[str]] = dict(ports or {})
        self.faults = Faults()
        self.views: dict[str, DeviceView] = {}
        self._state: NetworkState | None = None
        self.recomputes = 0

    def set_config(self, name: str, vendor: str, config: Any) -> None:
        view = read_config(name, vendor, config)
        wired = [end[1] for w in self.wires for end in (w.a, w.b) if end[0] == name]
        for port in [*self.hardware.get(name, []), *wired]:
            if port not in view.ports:
                view.ports[port] = PortView(port, view.default_port_l2, view.default_port_up)
        self.views[name] = view
        self._state = None

    def changed(self) -> None:
        """Faults or wiring changed: recompute on next read."""
        self._state = None

    @property
    def state(self) -> NetworkState:
        if self._state is None:
            self._state = NetworkState(self.views, self.wires, self.faults)
            self.recomputes += 1
        return self._state
