"""What every group of NetIron show commands shares: ``ShowBase`` (the device's state in the
network model and, when given, the CLI device whose running config holds what the model does not)
and the text helper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mpls_interop_lab.model.network import NetworkState
from mpls_interop_lab.model.state import DeviceState


def text_lines(lines: list[str]) -> str:
    """CLI text: the lines, each ending in a newline."""
    return "\n".join(lines) + "\n"


class ShowBase:
    """One NetIron device's view of the shared network model (and its CLI device, if any)."""

    def __init__(self, name: str, state: Callable[[], NetworkState], device: Any = None) -> None:
        self.name = name
        self.state = state
        self.device = device

    @property
    def dev(self) -> DeviceState:
        return self.state().devices[self.name]
