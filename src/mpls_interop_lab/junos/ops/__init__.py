"""Junos operational RPCs answered from the lab's network model, with Junos's element names.

``OperationalRpcs(name, state_getter).handle(rpc)`` returns the reply element for the RPCs it
knows (``get-interface-information``, OSPF, LDP, RSVP, MPLS LSP, l2circuit, VPLS, ``ping``, and
``<command>`` for the matching ``show`` commands and ``ping``), or None so the NETCONF layer
reports operation-not-supported. One module per group of RPCs: ``interfaces`` (physical, with
their logical ``units``), ``routing`` (OSPF, LDP), ``mpls`` (RSVP, LSPs), ``pseudowires``
(l2circuit, VPLS), ``ping``, ``commands`` (``<command>``), on the shared plumbing in ``common``.

The element structure follows real replies (tests/test_junos_ops.py compares the element paths
with the captures in ``../shared/captures/junos``). Where no capture exists (l2circuit, VPLS,
OSPF, LDP, failed pings) the names are the ones public consumers of Junos XML read; values the
model does not know (indexes, MAC addresses, counters, labels of transit hops) are made up but
stable per device and interface. Every element path is one Juniper's RPC YANG defines
(tests/test_junos_rpc_schema.py walks every reply). A DF ping that needs fragmenting is reported
as Junos models it: a ``probe-result`` with ``icmp-type/icmp-unreach`` and
``icmp-code/icmp-unreach-needfrag`` from the router on the path; a local ``sendto`` error goes
in ``ping-failure``. Unverified values: the encapsulation words of ``vlan-ccc``,
``ethernet-ccc`` and ``ethernet-vpls`` units, the text of the local ``sendto`` error.
"""

from __future__ import annotations

from lxml import etree

from mpls_interop_lab.junos.ops.commands import CommandRpcs
from mpls_interop_lab.junos.ops.common import DEFAULT_VERSION, clock_text
from mpls_interop_lab.junos.ops.mpls import FIRST_LABEL
from mpls_interop_lab.junos.ops.pseudowires import FIRST_LSI, l2ckt_legend
from mpls_interop_lab.junos.ops.units import MAX_LABELS

__all__ = [
    "DEFAULT_VERSION", "FIRST_LABEL", "FIRST_LSI", "MAX_LABELS", "OperationalRpcs", "clock_text",
    "l2ckt_legend",
]


class OperationalRpcs(CommandRpcs):
    """Answers one Junos device's operational RPCs from the shared network model."""

    def handle(self, rpc: etree._Element) -> etree._Element | None:
        tag = etree.QName(rpc).localname
        if tag == "command":
            return self.command(rpc)
        method = getattr(self, "rpc_" + tag.replace("-", "_"), None)
        return method(rpc) if method else None
