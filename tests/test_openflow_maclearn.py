"""VPLS MAC learning on an OpenFlow PE (render.py: ``learn()`` per service into table 100+).

On a private lab of ``inventories/openflow`` (VPLS lan-70 between of1 and of2: on each, a router
interface and the attachment eth3 VLAN 70, one PW between them): after one exchange between the
two router interfaces, unicast frames from of1's router interface go only into the PW, never out
of of1's attachment port, while frames to a MAC nobody has sent from are flooded to it.
Root and openvswitch-switch + frr + ethtool needed; skipped with the reason otherwise."""

from __future__ import annotations

import os
import re
import time

import pytest

from mpls_interop_lab.ovs import missing_packages

if os.geteuid() != 0:
    pytest.skip("OpenFlow PEs need root (network namespaces)", allow_module_level=True)
if missing_packages():
    pytest.skip(f"missing Debian packages: {' '.join(missing_packages())}", allow_module_level=True)

OF2_RI = "203.0.113.22"
#: of2's router interface MAC: 02:00 and its address's bytes (203.0.113.22)
OF2_RI_MAC = "02:00:cb:00:71:16"
LEARNT = "cookie=0x6d61636c"
#: an address in lan-70 with a MAC that never sends (a static neighbour entry on of1)
UNKNOWN_IP, UNKNOWN_MAC = "203.0.113.99", "02:00:00:00:00:99"


@pytest.fixture(scope="module")
def of1():
    from bench.openflow_crosscheck import _cli, _drivers, private_lab

    with private_lab() as (inventory, env):
        proc = _cli(env, "deploy", "-i", str(inventory), "--lab", "--no-verify")
        assert proc.returncode == 0, proc.stdout[-600:] + proc.stderr[-600:]
        drivers = _drivers(env, inventory, ["of1", "of2"])
        try:
            yield drivers["of1"]
        finally:
            for drv in drivers.values():
                drv.close()


def _tx(drv, port: str) -> int:
    out = drv._ofctl("dump-ports", drv.ids["mgmt"], str(drv.ofports[port]))
    return int(re.search(r"tx pkts=(\d+)", out).group(1))


def _ping(drv, count: int) -> None:
    res = drv.ping(OF2_RI, 100, False, count)
    assert res.received == count, res


def test_unicast_goes_only_to_the_learnt_pw(of1):
    _ping(of1, 2)  # one exchange (ARP, echo, reply): of1 learns of2's router interface behind the PW
    learnt = [x for x in of1._ofctl("dump-flows", "--no-stats", of1.ids["mgmt"]).splitlines() if LEARNT in x
              and "table=100" in x and "learn(" not in x]
    assert any(f"dl_dst={OF2_RI_MAC}" in x for x in learnt), learnt
    ac, core = _tx(of1, "eth3"), _tx(of1, "eth1")
    _ping(of1, 5)
    # port counters of the userspace datapath are published a moment after the packets pass
    deadline = time.monotonic() + 10
    while _tx(of1, "eth1") < core + 5 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _tx(of1, "eth1") >= core + 5  # the echo requests went into the PW (on the core link)
    assert _tx(of1, "eth3") == ac  # nothing flooded to the attachment


def test_an_unknown_destination_is_flooded(of1):
    """Not vacuous: frames to a MAC nobody has sent from are flooded to the attachment too."""
    dev = re.search(r" dev (\S+)", of1._ns("ip", "-o", "route", "get", UNKNOWN_IP)).group(1)
    of1._ns("ip", "neigh", "replace", UNKNOWN_IP, "lladdr", UNKNOWN_MAC, "dev", dev, "nud", "permanent")
    ac = _tx(of1, "eth3")
    assert of1.ping(UNKNOWN_IP, 100, False, 3).received == 0
    deadline = time.monotonic() + 10  # counters are published a moment after the packets pass
    while _tx(of1, "eth3") < ac + 3 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _tx(of1, "eth3") >= ac + 3


def test_learnt_macs_are_not_program_drift(of1):
    """MAC learning adds flows at run time: the driver does not take them for an out-of-band
    change of its program."""
    _ping(of1, 2)
    assert any(LEARNT in x and "learn(" not in x
               for x in of1._ofctl("dump-flows", "--no-stats", of1.ids["mgmt"]).splitlines())
    assert "out of band" not in of1.preview(of1.get_config())
