"""``<command>``: the CLI commands napalm and PyEZ send (``show …`` and ``ping …``), answered
with the matching RPC's reply, or its text for ``format="text"``."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mpls_interop_lab.junos.ops.interfaces import InterfaceRpcs
from mpls_interop_lab.junos.ops.mpls import MplsRpcs
from mpls_interop_lab.junos.ops.ping import PingRpcs
from mpls_interop_lab.junos.ops.pseudowires import PseudowireRpcs
from mpls_interop_lab.junos.ops.routing import RoutingRpcs


class CommandRpcs(InterfaceRpcs, RoutingRpcs, MplsRpcs, PseudowireRpcs, PingRpcs):
    """Maps ``show`` commands onto the RPCs of the other groups."""

    #: command -> (RPC method without ``rpc_``, extra request arguments)
    COMMANDS = {
        "show ospf neighbor": ("get_ospf_neighbor_information", ""),
        "show ospf interface": ("get_ospf_interface_information", ""),
        "show ldp session": ("get_ldp_session_information", ""),
        "show bfd session": ("get_bfd_session_information", ""),
        "show ldp neighbor": ("get_ldp_neighbor_information", ""),
        "show ldp route": ("get_ldp_route_information", ""),
        "show rsvp session": ("get_rsvp_session_information", ""),
        "show mpls lsp": ("get_mpls_lsp_information", "<detail/>"),
        "show l2circuit connections": ("get_l2ckt_connection_information", ""),
        "show vpls connections": ("get_vpls_connection_information", ""),
    }

    def command(self, rpc: etree._Element) -> etree._Element | None:
        text = " ".join((rpc.text or "").split("|")[0].split())
        fmt = rpc.get("format", "xml")
        words = text.split()
        if words[:1] == ["ping"] and len(words) > 1:
            return self._ping_command(words[1:])
        if words[:2] == ["show", "interfaces"]:
            args = ""
            for w in words[2:]:
                if w in ("terse", "detail", "extensive"):
                    args += f"<{w}/>"
                elif w not in ("brief", "media", "statistics"):
                    args += f"<interface-name>{w}</interface-name>"
            reply = self.rpc_get_interface_information(etree.fromstring(f"<x>{args}</x>"))
            return reply if fmt != "text" else self._text_output(self.as_text("show interfaces", reply))
        for cmd in sorted(self.COMMANDS, key=len, reverse=True):
            if text == cmd or text.startswith(cmd + " "):
                method, extra = self.COMMANDS[cmd]
                rest = text[len(cmd):].split()
                if "detail" in rest or "extensive" in rest:
                    extra += "<detail/>"
                if method == "get_mpls_lsp_information":
                    extra += "".join(f"<{w}/>" for w in rest if w in ("ingress", "egress", "transit"))
                reply = getattr(self, "rpc_" + method)(etree.fromstring(f"<x>{extra}</x>"))
                if fmt != "text":
                    return reply
                return self._text_output(self.as_text(cmd, reply))
        return None

    @staticmethod
    def _text_output(text: str) -> etree._Element:
        out = etree.Element("output")
        out.text = "\n" + text
        return out

    def as_text(self, cmd: str, reply: etree._Element) -> str:
        """The CLI text of ``cmd``: Junos's layout where we have it, else the reply's XML."""
        texts: dict[str, Callable[[], str]] = {
            "show l2circuit connections": self._l2ckt_text,
            "show ospf neighbor": self._ospf_neighbor_text,
            "show ldp session": self._ldp_session_text,
            "show mpls lsp": self._lsp_text,
        }
        render = texts.get(cmd)
        if render is not None:
            return render()
        return etree.tostring(reply, pretty_print=True).decode()
