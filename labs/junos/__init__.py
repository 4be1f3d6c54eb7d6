"""Emulated Junos device: configuration database and NETCONF-over-SSH server."""

from labs.junos.config import JNode, JunosConfig, JunosSyntaxError
from labs.junos.device import JunosDevice
from labs.junos.netconf import start_netconf_server

__all__ = ["JNode", "JunosConfig", "JunosDevice", "JunosSyntaxError", "start_netconf_server"]
