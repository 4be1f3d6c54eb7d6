"""BFD session parsers: Junos get-bfd-session-information (YANG element names) and NetIron
``show bfd neighbors`` (the guide's columns)."""

from __future__ import annotations

from lxml import etree

from mpls_interop.vendors.junos.parsers import parse_bfd_sessions
from mpls_interop.vendors.netiron import parsers as ni

JUNOS = """<rpc-reply><bfd-session-information xmlns="http://xml.juniper.net/junos/23.4R1/junos-routing">
  <bfd-session>
    <session-neighbor>198.51.100.2</session-neighbor>
    <session-state>Up</session-state>
    <session-interface>ge-1/0/0.1000</session-interface>
    <session-detection-time>0.900</session-detection-time>
    <session-transmission-interval>0.300</session-transmission-interval>
    <session-adaptive-multiplier>3</session-adaptive-multiplier>
  </bfd-session>
  <bfd-session>
    <session-neighbor>198.51.100.6</session-neighbor>
    <session-state>Down</session-state>
    <session-interface>ge-1/0/1.0</session-interface>
    <session-detection-time>0.000</session-detection-time>
    <session-transmission-interval>1.000</session-transmission-interval>
    <session-adaptive-multiplier>3</session-adaptive-multiplier>
  </bfd-session>
  <sessions>2</sessions><clients>2</clients>
</bfd-session-information></rpc-reply>"""

NETIRON = """Total Number of Neighbor Entries: 2
NeighborAddress   State     Interface   Holddown    Interval    RH
198.51.100.1      UP        ve 100      900000      300000      1
198.51.100.10     DOWN      eth 1/2     0           1000000     0
"""


def test_junos_bfd_sessions():
    a, b = parse_bfd_sessions(etree.fromstring(JUNOS))
    assert (a.neighbor, a.interface, a.state, a.up) == ("198.51.100.2", "ge-1/0/0.1000", "Up", True)
    assert (a.interval, a.multiplier, a.detection_time) == (300, 3, 900)
    assert (b.state, b.up, b.interval) == ("Down", False, 1000)


def test_netiron_bfd_neighbors():
    a, b = ni.to_bfd_sessions(ni.parse("sh bfd nei", NETIRON))
    assert (a.neighbor, a.interface, a.state, a.up) == ("198.51.100.1", "ve 100", "UP", True)
    assert (a.interval, a.multiplier, a.detection_time) == (300, 3, 900)
    assert (b.interface, b.state, b.up) == ("ethe 1/2", "DOWN", False)


def test_lab_answers_parse_back():
    """The emulated devices' replies go through the same parsers (what verify relies on)."""
    from mpls_interop_lab.junos.ops.routing import RoutingRpcs
    from mpls_interop_lab.netiron.shows.ip import IpShows
    from tests.conftest import SEED_INVENTORY
    from tests.labmodel import seed_network

    net = seed_network(SEED_INVENTORY)
    junos = RoutingRpcs("r1", lambda: net.state)
    (s,) = parse_bfd_sessions(junos.rpc_get_bfd_session_information(etree.Element("x")))
    assert (s.neighbor, s.up, s.interval, s.multiplier) == ("198.51.100.2", True, 300, 3)
    text = IpShows("r2", lambda: net.state).bfd_neighbors()
    (n,) = ni.to_bfd_sessions(ni.parse("show bfd neighbors", text))
    assert (n.neighbor, n.interface, n.up, n.detection_time) == ("198.51.100.1", "ve 100", True, 900)
