"""Brocade/Extreme NetIron (MLX/XMR): capabilities, renderer, driver and parsers."""

from vendors.netiron.spec import SPEC

__all__ = ["SPEC"]
