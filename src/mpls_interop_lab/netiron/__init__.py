"""Emulated Brocade/Extreme NetIron (MLX/XMR) router: config engine and SSH CLI."""
