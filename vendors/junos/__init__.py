"""Juniper Junos (MX): capabilities, renderer, driver and parsers."""

from vendors.junos.spec import SPEC

__all__ = ["SPEC"]
