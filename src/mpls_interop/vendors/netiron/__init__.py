"""Brocade/Extreme NetIron (MLX/XMR): capabilities, renderer, driver and parsers."""

from mpls_interop.vendors.netiron.spec import SPEC

__all__ = ["SPEC"]
