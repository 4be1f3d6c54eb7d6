"""Plan and render output against the reviewed golden files (refresh: ``python -m tests.golden``)."""

from __future__ import annotations

import difflib

import pytest

from tests.golden import CASES, expected_dir, expected_files


@pytest.mark.parametrize("case", sorted(CASES))
def test_plan_and_render_match_the_golden_files(case):
    folder = expected_dir(case)
    got = expected_files(case)
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} if folder.is_dir() else {}
    assert set(on_disk) == set(got), "golden files missing or stale: run `python -m tests.golden` and review"
    for name, text in sorted(got.items()):
        if on_disk[name] != text:
            diff = "".join(difflib.unified_diff(on_disk[name].splitlines(True), text.splitlines(True),
                                                f"golden/{case}/{name}", "now", n=2))
            pytest.fail(f"{case}/{name} differs from its golden file (refresh with `python -m tests.golden` "
                        f"after review):\n{diff[:4000]}")
