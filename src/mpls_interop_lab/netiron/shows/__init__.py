"""NetIron show commands answered from the lab's network model, laid out like real MLX/XMR output.

``ShowCommands(name, state_getter, device).handle(words)`` returns the text for the show/ping
commands it knows (abbreviations allowed), or None so the CLI reports ``Invalid input`` (or, for
``show interfaces``, answers itself). Protocol state comes from the model; with the CLI ``device``
given, what only its configuration knows (every line-card port, port names, VLAN membership,
the management port) comes from its running config. One module per group of commands:
``interfaces`` (with ``port_block`` and ``vlans``), ``ip`` (IP interfaces, OSPF), ``mpls`` (LSPs,
LDP), ``pseudowires`` (VLL, VPLS), ``ping``; ``commands`` holds the patterns and the matcher.

Labels, their order and column headers follow the real captures (tests/test_netiron_shows.py
checks them against ../shared/captures/netiron); lines no capture shows (an up or protected LSP)
follow NetIron's documented output.
"""

from __future__ import annotations

from mpls_interop_lab.netiron.shows.commands import ARGUMENTS, COMMANDS, match
from mpls_interop_lab.netiron.shows.interfaces import (
    FCS,
    LOOPBACK_IP_MTU,
    LOOPBACK_MODEL_MTU,
    PORTS_PER_SLOT,
    InterfaceShows,
)
from mpls_interop_lab.netiron.shows.ip import IpShows
from mpls_interop_lab.netiron.shows.mpls import MplsShows
from mpls_interop_lab.netiron.shows.ping import PingShows
from mpls_interop_lab.netiron.shows.pseudowires import PseudowireShows

__all__ = [
    "COMMANDS", "FCS", "LOOPBACK_IP_MTU", "LOOPBACK_MODEL_MTU", "PORTS_PER_SLOT", "ShowCommands",
    "match",
]

#: ``show interfaces <kind> <arg>`` -> the model's interface name prefix
_INTERFACE_KINDS = {"ethernet": "ethe", "ve": "ve", "loopback": "loopback", "management": "management"}


class ShowCommands(InterfaceShows, IpShows, MplsShows, PseudowireShows, PingShows):
    """Answers one NetIron device's show and ping commands from the shared network model."""

    def handle(self, words: list[str]) -> str | None:
        if words and "ping".startswith(words[0].lower()) and len(words[0]) >= 2:
            return self.ping(words[1:])
        m = match(words)
        if m is None:
            return None
        pat, args = m
        key = " ".join(p for p in pat if p not in ARGUMENTS)
        if key == "show mpls vll" and args:
            return self.vll_detail(args[0])
        if key == "show mpls vpls" and args:
            return self.vpls_detail(args[0])
        if key.startswith("show interfaces ") and args:
            return self.interfaces(f"{_INTERFACE_KINDS[key.split()[2]]} {args[0]}")
        method = getattr(self, key.replace("show ", "").replace(" ", "_"))
        return method()
