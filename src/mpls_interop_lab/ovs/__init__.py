"""Real OpenFlow PEs for the lab: an OVS userspace switch (``datapath_type=netdev``) from a private
run directory, one bridge per PE, the PE's IP stack in a network namespace (reached through an OVS
internal TAP port steered by the PE's flows) and FRR (zebra, ospfd, ldpd) in that namespace.

Nothing runs under systemd: ``ovsdb-server``, ``ovs-vswitchd`` and the FRR daemons are children of
the lab process that die with it (parent-death signal); namespaces and bridges are recorded in the
lab's state directory and removed on stop and, after a crash, on the next start.
"""

from mpls_interop_lab.ovs.deps import MissingDependency, check, missing_packages
from mpls_interop_lab.ovs.fabric import OvsFabric, OvsPe

__all__ = ["MissingDependency", "OvsFabric", "OvsPe", "check", "missing_packages"]
