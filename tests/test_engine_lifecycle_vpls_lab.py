"""Service lifecycle on the emulated lab: the VPLS (raw and tagged) and VRF hand-off rows of the
issue-15 matrix (``tests/service_matrix.py``: add → verify → modify MTU and mode → verify → modify
endpoints, members joining and leaving, the VRF's address → verify → remove, no residue, every
step's rollback byte-equal, running and saved)."""

from __future__ import annotations

import pytest

from tests.service_matrix import VPLS_CASES, run_case


@pytest.fixture(scope="module")
def lab(deployed_seed_lab):
    return deployed_seed_lab


@pytest.mark.parametrize("case", list(VPLS_CASES))
def test_service_lifecycle(lab, case):
    run_case(lab, VPLS_CASES[case])
