"""Emulated Junos device: configuration database and NETCONF-over-SSH server."""

from mpls_interop_lab.junos.config import JNode, JunosConfig, JunosSyntaxError
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.netconf import start_netconf_server

__all__ = ["JNode", "JunosConfig", "JunosDevice", "JunosSyntaxError", "start_netconf_server"]
