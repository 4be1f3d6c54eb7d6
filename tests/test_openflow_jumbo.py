"""Jumbo IP MTU on OpenFlow PEs (bench/openflow_crosscheck.py, scenario ``jumbo``): core IP MTU
9000 between two OpenFlow PEs and the VPLS between them at IP MTU 9000, DF pings through OVS at
the exact boundary (payload 9000 − 28 passes, one byte more does not). Before the lab's switch ran
with userspace TSO and plain offloads on its TAP ports, every frame above 1500 bytes from a PE's
own IP stack was cut (OVS could not see the MTU of a port in the PE's namespace). Root and
openvswitch-switch + frr + ethtool needed; skipped with the reason otherwise."""

from __future__ import annotations

import os

import pytest

from mpls_interop_lab.ovs import missing_packages

if os.geteuid() != 0:
    pytest.skip("OpenFlow PEs need root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)

FITS, OVER = 9000 - 28, 9000 - 27


@pytest.fixture(scope="module")
def jumbo():
    from bench.openflow_crosscheck import JUMBO, crosscheck

    (result,) = crosscheck(JUMBO)
    return result


def test_core_link_df_boundary_is_exact(jumbo):
    real = {(dev, size): ok for dev, _t, size, _m, ok in jumbo.pings}
    assert real == {("of1", FITS): True, ("of1", OVER): False, ("of2", FITS): True, ("of2", OVER): False}
    assert jumbo.disagreements == []  # and the model says the same
    assert {s for *_, s in jumbo.ospf} == {"Full"}


def test_vpls_df_boundary_is_exact(jumbo):
    """Across the PW (MPLS through both bridges): the LDP session (TCP) came up too."""
    real = {(dev, size): ok for dev, _t, size, ok in jumbo.service_pings}
    assert real == {("of1", FITS): True, ("of1", OVER): False, ("of2", FITS): True, ("of2", OVER): False}
