"""The NetIron emulator's pseudowire shows find each pseudowire's tunnel LSP in a per-show index:
the same LSP and index as a scan of the device's LSPs in order (first LSP of a name wins),
for random LSP lists with repeated names and pseudowires with or without a tunnel."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop_lab.model.state import PwState
from mpls_interop_lab.netiron.shows.pseudowires import PseudowireShows

NAMES = ["to-a", "to-b", "to-c", "x"]


def _scan(lsps: list, tunnel: str | None) -> tuple | None:
    return next(((n, lsp) for n, lsp in enumerate(lsps) if lsp.name == tunnel), None)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NAMES), max_size=8), st.lists(st.one_of(st.none(), st.sampled_from(NAMES + ["gone"])),
                                                               max_size=6))
def test_index_finds_what_the_scan_finds(lsp_names: list[str], tunnels: list[str | None]) -> None:
    lsps = [SimpleNamespace(name=n, tag=i) for i, n in enumerate(lsp_names)]
    dev = SimpleNamespace(lsps=lsps)
    shows = PseudowireShows.__new__(PseudowireShows)
    shows.state = lambda: SimpleNamespace(devices={"r1": dev})
    shows.name = "r1"
    index = shows._lsps_by_name()
    for t in tunnels:
        pw = PwState("vpls", "v1", 1, "10.0.0.2", None, True, "up", "", "raw", 9100, tunnel=t)
        want = _scan(lsps, t)
        assert shows._tunnel_lsp(pw, index) == want
        assert shows._tunnel_lsp(pw) == want
