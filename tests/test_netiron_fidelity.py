"""docs/fidelity/netiron.md stays honest: every row has an anchor and a check; every check is a
test that exists; every capture anchor exists and is read by its check (which compares the
emulator's output with it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, capture

TABLE = ROOT / "docs" / "fidelity" / "netiron.md"
BEST = "no real sample: best knowledge"


def rows() -> list[tuple[str, str, str]]:
    """(what, anchor, check) of every table row."""
    out = []
    for line in TABLE.read_text().splitlines():
        if not line.startswith("| ") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if cells[0] in ("Output", "Operation", "Behaviour"):
            continue
        anchor, check = cells[-2], cells[-1]
        out.append((cells[0], anchor, check))
    return out


def test_table_has_the_layouts_and_refusals() -> None:
    found = rows()
    assert len(found) >= 30
    whats = " ".join(w for w, _, _ in found)
    for needed in ("show mpls ldp session", "ping", "no path X", "no interface ethernet",
                   "skip-page-display", "show running-config"):
        assert needed in whats, needed


@pytest.mark.parametrize(("what", "anchor", "check"), rows(), ids=[r[0][:60] for r in rows()])
def test_row_is_anchored_and_checked(what: str, anchor: str, check: str) -> None:
    m = re.fullmatch(r"`(tests/[\w/]+\.py)::(test_\w+)`", check)
    assert m, f"{what}: check {check!r} is not a test node"
    source = (ROOT / m.group(1)).read_text()
    assert re.search(rf"^def {m.group(2)}\(", source, re.M), f"{what}: {check} does not exist"
    captures = re.findall(r"capture `([^`]+)`", anchor)
    guide = re.search(r"guide https?://\S+", anchor)
    assert captures or guide or anchor.startswith(BEST), f"{what}: anchor {anchor!r}"
    for name in captures:
        assert name in source, f"{what}: {check} does not read capture {name}"
        path: Path = capture(f"netiron/{name}")  # skips when ../shared is absent
        assert path.stat().st_size > 0
