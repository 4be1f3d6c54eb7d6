"""Reusable contract tests for vendor drivers (in the style of NAPALM's ``BaseTestGetters``).

A vendor's test module subclasses :class:`DriverContract` and provides three pytest fixtures:

* ``driver``: a connected driver of that vendor, on a device running a converged configuration
  with OSPF, LDP, RSVP LSPs and at least one pseudowire (e.g. a lab device after a deploy);
* ``ping_case``: ``(target, largest DF payload that crosses)`` for a directly connected neighbour;
* ``secret``: the password the driver's target uses (it must never leak).

The checks are the invariants the core relies on, whatever the vendor: record types, the MTU
convention, states agreeing with their flags, one-line errors without secrets. Needs pytest.
"""

from __future__ import annotations

import pytest

from mpls_interop.sdk.driver import Driver, DriverError
from mpls_interop.sdk.records import (
    Facts,
    Interface,
    LdpSession,
    Lsp,
    OspfNeighbor,
    PingResult,
    Pseudowire,
)


class DriverContract:
    """Subclass me (``class TestMyVendorDriver(DriverContract)``) and provide the fixtures."""

    def test_facts(self, driver: Driver) -> None:
        facts = driver.facts()
        assert isinstance(facts, Facts)
        assert facts.vendor == driver.vendor and facts.hostname

    def test_config_is_text(self, driver: Driver) -> None:
        text = driver.get_config()
        assert isinstance(text, str) and text.strip()

    def test_interfaces_follow_the_mtu_convention(self, driver: Driver) -> None:
        ifaces = driver.interfaces()
        assert ifaces and all(isinstance(i, Interface) for i in ifaces)
        names = [i.name for i in ifaces]
        assert len(names) == len(set(names)), "interface names repeat"
        for i in ifaces:
            if i.l2_mtu is not None:
                assert 64 <= i.l2_mtu <= 16384, i
            if i.ip_mtu is not None:
                assert 68 <= i.ip_mtu <= 16384, i
            assert not (i.oper_up and not i.admin_up), f"{i.name} is oper up but admin down"

    def test_ospf_states_agree_with_full(self, driver: Driver) -> None:
        neighbours = driver.ospf_neighbors()
        assert neighbours and all(isinstance(n, OspfNeighbor) for n in neighbours)
        for n in neighbours:
            assert n.full == (n.state.lower() == "full"), n

    def test_ldp_sessions(self, driver: Driver) -> None:
        sessions = driver.ldp_sessions()
        assert sessions and all(isinstance(s, LdpSession) for s in sessions)
        assert any(s.up for s in sessions)

    def test_lsps_up_have_an_active_path(self, driver: Driver) -> None:
        lsps = driver.lsps()
        assert lsps and all(isinstance(lsp, Lsp) for lsp in lsps)
        for lsp in lsps:
            if lsp.up:
                assert lsp.active_path in ("primary", "secondary"), lsp

    def test_pseudowires_up_have_labels(self, driver: Driver) -> None:
        pws = driver.pseudowires()
        assert pws and all(isinstance(p, Pseudowire) for p in pws)
        for p in pws:
            assert p.service_id > 0 and p.peer
            if p.up:
                assert p.local_label and p.remote_label, p

    def test_df_ping_boundary(self, driver: Driver, ping_case: tuple[str, int]) -> None:
        target, fits = ping_case
        ok = driver.ping(target, fits, df=True, count=2)
        assert isinstance(ok, PingResult) and ok.success, ok
        over = driver.ping(target, fits + 1, df=True, count=2)
        # a router on the path answers "fragmentation needed"; a local refusal may just time out
        assert over.received == 0 and not over.success, over

    def test_errors_are_one_line_without_secrets(self, driver: Driver, secret: str) -> None:
        exc = driver.error(f"first line\nsecond {secret} line")
        assert isinstance(exc, DriverError)
        assert "\n" not in str(exc) and secret not in str(exc) and str(exc).startswith(driver.name)

    def test_extend_confirm_with_nothing_pending_changes_nothing(self, driver: Driver) -> None:
        """Re-arming when this driver activated nothing: a no-op or a one-line DriverError, never
        a configuration change (the deploy calls it only after ``commit``)."""
        before = driver.get_config()
        try:
            driver.extend_confirm(1)
        except DriverError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(driver.name)
        assert driver.get_config() == before


__all__ = ["DriverContract", "pytest"]
