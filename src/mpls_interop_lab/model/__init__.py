"""The lab's network model: configurations + wiring + faults → what every device reports."""

from __future__ import annotations

import copy
import gc
import threading
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
        self._wired_cache: tuple[tuple[int, int], dict[str, list[str]]] | None = None
        self._views: dict[str, DeviceView] = {}
        #: configurations set with ``defer``: read into views only when state or views are next
        #: needed (a CLI paste of many lines then costs one read, not one per line)
        self._deferred: dict[str, tuple[str, Any]] = {}
        self._state: NetworkState | None = None
        #: the last computed state, whose memoised paths the next computation may reuse
        self._last: NetworkState | None = None
        self.recomputes = 0
        #: devices with a new configuration or fault since the last computation (None: all, as
        #: before the first computation or after a wiring change)
        self._touched: set[str] | None = None
        #: ``changed`` was called: compare faults and wiring with what the last computation saw
        self._recheck = False
        self._seen_faults: tuple[frozenset[tuple[str, str]], dict[tuple[str, str], int]] = (frozenset(), {})
        self._seen_wires: list[Wire] = []
        #: sessions run in threads: a commit must not change the views while state is computed
        self._lock = threading.RLock()
        #: device → (PW id, peer) → label a real LDP speaker signals for it (see DeviceView.pw_labels)
        self.signalled: dict[str, dict[tuple[int, str], int]] = {}

    def set_signalled(self, name: str, labels: dict[tuple[int, str], int]) -> None:
        """The PW labels a real LDP speaker signals for ``name`` (a new view when they change)."""
        with self._lock:
            if self.signalled.get(name, {}) == labels:
                return
            self.signalled[name] = dict(labels)
            old = self.views.get(name)
            if old is None:
                return
            view = copy.copy(old)
            view.pw_labels = dict(labels)
            self.views[name] = view
            self._state = None
            if self._touched is not None:
                self._touched.add(name)

    @property
    def views(self) -> dict[str, DeviceView]:
        with self._lock:
            self._read_deferred()
            return self._views

    def set_config(self, name: str, vendor: str, config: Any, defer: bool = False) -> None:
        """A device's new configuration. With ``defer`` the (live, mutable) configuration object
        is read only when the state is next computed; it must not change from another thread."""
        if defer:
            with self._lock:
                self._deferred[name] = (vendor, config)
                self._state = None
                if self._touched is not None:
                    self._touched.add(name)
            return
        with self._lock:
            self._deferred.pop(name, None)
        self._set_view(name, read_config(name, vendor, config))

    def _read_deferred(self) -> None:
        while self._deferred:
            name, (vendor, config) = self._deferred.popitem()
            self._set_view(name, read_config(name, vendor, config))

    def _set_view(self, name: str, view: DeviceView) -> None:
        for port in [*self.hardware.get(name, []), *self._wired_ports().get(name, [])]:
            if port not in view.ports:
                view.ports[port] = PortView(port, view.default_port_l2, view.default_port_up)
        view.__dict__.pop("_idx", None)  # the reader is done: index the final interfaces
        with self._lock:
            view.pw_labels = dict(self.signalled.get(name, {}))
            self._views[name] = view
            self._state = None
            if self._touched is not None:
                self._touched.add(name)

    def _wired_ports(self) -> dict[str, list[str]]:
        """Device → its cabled ports (cached while the wiring list is unchanged)."""
        key = (id(self.wires), len(self.wires))
        if self._wired_cache is None or self._wired_cache[0] != key:
            ports: dict[str, list[str]] = {}
            for w in self.wires:
                for dev, port in (w.a, w.b):
                    ports.setdefault(dev, []).append(port)
            self._wired_cache = (key, ports)
        return self._wired_cache[1]

    def changed(self) -> None:
        """Faults or wiring changed: recompute on next read (only around the devices whose
        faults changed, unless the wiring did)."""
        with self._lock:
            self._state = None
            self._recheck = True

    def _fault_touched(self, touched: set[str]) -> set[str] | None:
        """``touched`` plus the devices whose link faults changed since the last computation;
        None when the wiring changed."""
        if self.wires != self._seen_wires:
            return None
        down, mtu = self._seen_faults
        out = set(touched)
        out.update(dev for dev, _ in down ^ self.faults.link_down)
        out.update(end[0] for end in mtu.keys() | self.faults.link_mtu.keys()
                   if mtu.get(end) != self.faults.link_mtu.get(end))
        return out

    @property
    def state(self) -> NetworkState:
        with self._lock:
            self._read_deferred()
            if self._state is None:
                # the computation allocates many small objects: no collection pauses in between
                touched = self._touched
                if self._recheck and touched is not None:
                    touched = self._fault_touched(touched)
                collecting = gc.isenabled()
                gc.disable()
                try:
                    self._state = NetworkState(
                        dict(self._views), self.wires, self.faults, previous=self._last, touched=touched,
                    )
                finally:
                    # what it allocated is the new state, alive until the next change: into the
                    # oldest generation at once (freeze then unfreeze moves every tracked object
                    # there in O(1)) instead of being walked by the next young collections;
                    # garbage among them is still found by the next full collection. Not
                    # where a host froze objects for good (unfreeze would thaw them too)
                    if not gc.get_freeze_count():
                        gc.freeze()
                        gc.unfreeze()
                    if collecting:
                        gc.enable()
                self._last = self._state
                self._touched = set()
                self._recheck = False
                self._seen_faults = (frozenset(self.faults.link_down), dict(self.faults.link_mtu))
                self._seen_wires = list(self.wires)
                self.recomputes += 1
            return self._state
