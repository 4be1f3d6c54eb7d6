"""The NetIron parser drops lines no template rule can match before TextFSM sees them, and reuses
compiled TextFSMs (one per concurrent parse of a template): its rows must be exactly plain TextFSM's, for every
template, on every capture (whatever command it is the output of) and on shuffled mixes of
their lines."""

from __future__ import annotations

import io
import threading

import pytest
import textfsm
from hypothesis import given, settings
from hypothesis import strategies as st

from mpls_interop.vendors.netiron.parsers import parse_template, template_dir
from tests.conftest import CAPTURES

TEMPLATES = sorted(p.name for p in template_dir().glob("*.textfsm"))


def _captures() -> dict[str, str]:
    d = CAPTURES / "netiron"
    if not d.is_dir():
        pytest.skip("captures not available (../shared absent)")
    return {p.name: p.read_text(errors="replace") for p in sorted(d.iterdir())
            if p.is_file() and not p.name.endswith((".py", ".json"))}


def plain(template: str, text: str) -> list[dict]:
    """TextFSM as shipped: a fresh parser, every line."""
    fsm = textfsm.TextFSM(io.StringIO(template))
    rows = fsm.ParseText(text.replace("\r\n", "\n").replace("\r", "\n"))
    header = [h.lower() for h in fsm.header]
    return [dict(zip(header, row, strict=True)) for row in rows]


def ours(template: str, text: str) -> list[dict]:
    # compare before the value clean-up parse() applies to both alike
    from mpls_interop.vendors.netiron import parsers

    rows = parse_template(template, text)
    assert all(set(r) == set(rows[0]) for r in rows)
    with parsers._fsm(template) as fsm:  # the same header
        header = [h.lower() for h in fsm.header]
    return [{k: r[k] for k in header} for r in rows]


def _clean(rows: list[dict]) -> list[dict]:
    from mpls_interop.vendors.netiron.parsers import _clean as clean

    return [{k: clean(v) for k, v in r.items()} for r in rows]


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_capture_parses_as_plain_textfsm_does(name):
    template = (template_dir() / name).read_text()
    for cap, text in _captures().items():
        assert ours(template, text) == _clean(plain(template, text)), (name, cap)


@pytest.mark.parametrize("name", TEMPLATES)
def test_reused_parser_starts_clean_each_time(name):
    template = (template_dir() / name).read_text()
    texts = list(_captures().values())
    first = [ours(template, t) for t in texts]
    assert [ours(template, t) for t in reversed(texts)] == list(reversed(first))


def test_threads_do_not_share_a_parser():
    texts = _captures()
    template = (template_dir() / "extreme_netiron_show_mpls_vll_detail.textfsm").read_text()
    text = texts["ansible-ironware__show_mpls_vll_detail"]
    want = _clean(plain(template, text))
    bad: list[object] = []

    def run() -> None:
        for _ in range(30):
            got = ours(template, text)
            if got != want:
                bad.append(got)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bad == []


_LINES = st.deferred(lambda: st.sampled_from(
    [ln for t in _captures().values() for ln in t.splitlines()] + ["", "  ", "garbage line"]))


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(TEMPLATES), lines=st.lists(_LINES, max_size=60))
def test_mixed_lines_parse_as_plain_textfsm_does(name, lines):
    template = (template_dir() / name).read_text()
    text = "\n".join(lines)
    assert ours(template, text) == _clean(plain(template, text))
