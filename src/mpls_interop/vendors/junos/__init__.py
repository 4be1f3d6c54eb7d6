"""Juniper Junos (MX): capabilities, renderer, driver and parsers."""

from mpls_interop.vendors.junos.spec import SPEC

__all__ = ["SPEC"]
