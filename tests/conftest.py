"""Shared fixtures: where ../shared lives, and skipping cleanly when it is absent."""
from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: <repo>/../shared, else $INTEROP_SHARED (worktrees live elsewhere)
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


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop in a background thread, for the emulators' servers a module starts."""
    ev = asyncio.new_event_loop()
    thread = threading.Thread(target=ev.run_forever, daemon=True)
    thread.start()
    yield ev
    ev.call_soon_threadsafe(ev.stop)
    thread.join(5)
    ev.close()


# fixtures shared by the lab tests (a running emulated lab of the seed network)
from tests.lab_fixtures import seed_lab  # noqa: E402,F401
