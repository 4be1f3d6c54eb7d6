"""What the real OpenFlow PEs of the lab need on the host, and a clear error when it is missing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FRR_DIR = Path("/usr/lib/frr")
#: command (or file) → the Debian package that provides it
NEEDS: dict[str, str] = {
    "ovsdb-server": "openvswitch-switch",
    "ovs-vswitchd": "openvswitch-switch",
    "ovsdb-tool": "openvswitch-common",
    "ovs-vsctl": "openvswitch-switch",
    "ovs-ofctl": "openvswitch-common",
    "vtysh": "frr",
    str(FRR_DIR / "zebra"): "frr",
    str(FRR_DIR / "ospfd"): "frr",
    str(FRR_DIR / "ldpd"): "frr",
    "ip": "iproute2",
    "ping": "iputils-ping",
    "ethtool": "ethtool",
}
SCHEMA_PATHS = ("/usr/share/openvswitch/vswitch.ovsschema",)


class MissingDependency(RuntimeError):
    """The host cannot run real OpenFlow PEs (packages missing or not root)."""


def missing_packages() -> list[str]:
    """Debian packages to install, sorted (empty when everything is there)."""
    missing = set()
    for cmd, pkg in NEEDS.items():
        found = Path(cmd).exists() if cmd.startswith("/") else shutil.which(cmd) is not None
        if not found:
            missing.add(pkg)
    if not any(Path(p).exists() for p in SCHEMA_PATHS):
        missing.add("openvswitch-common")
    return sorted(missing)


def schema() -> str:
    return next((p for p in SCHEMA_PATHS if Path(p).exists()), SCHEMA_PATHS[0])


def check() -> None:
    """Raise MissingDependency naming the packages (and root) the OpenFlow PEs need."""
    problems = []
    pkgs = missing_packages()
    if pkgs:
        problems.append(f"missing Debian packages: {' '.join(pkgs)} (apt-get install -y {' '.join(pkgs)})")
    if os.geteuid() != 0:
        problems.append("network namespaces need root")
    if problems:
        raise MissingDependency("OpenFlow PEs cannot run here: " + "; ".join(problems))
