"""Shared fixtures: where ../shared lives, and skipping cleanly when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository; INTEROP_SHARED names it when the checkout lives elsewhere
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir() and os.environ.get("INTEROP_SHARED"):
    SHARED = Path(os.environ["INTEROP_SHARED"])
CAPTURES = SHARED / "captures"
SEED_INVENTORY = ROOT / "inventories" / "seed"


def capture(rel: str) -> Path:
    """Path of a real capture in ../shared/captures, or skip the test when it is not there."""
    path = CAPTURES / rel
    if not path.exists():
        pytest.skip(f"capture {rel} not available (../shared absent)")
    return path


# fixtures shared by the lab tests (a running emulated lab of the seed network)
from tests.lab_fixtures import seed_lab  # noqa: E402,F401
