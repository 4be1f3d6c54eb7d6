"""Open vSwitch / OpenFlow PE (OVS userspace bridge + FRR): capabilities, renderer, driver."""

from mpls_interop.vendors.openflow.spec import SPEC

__all__ = ["SPEC"]
