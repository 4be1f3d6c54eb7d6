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
from tests.lab_fixtures import deployed_seed_lab, seed_lab  # noqa: E402,F401

#: modules that run for minutes (real FRR/OVS stacks, lifecycle matrices, cross-checks): handed
#: out first, so that a random-order parallel run does not end waiting on one of them. With
#: ``--dist loadfile`` xdist gives workers whole modules in collection order when
#: ``--no-loadscope-reorder`` is set (pyproject addopts); its default order is by test count,
#: which put the one-test, four-minute OpenFlow lifecycle module last.
LONG_MODULES = frozenset({
    "test_openflow_lifecycle_lab", "test_model_crosscheck", "test_openflow_crosscheck", "test_openflow_lab",
    "test_engine_lifecycle_vpls_lab", "test_engine_lifecycle_lab", "test_pw_crosscheck", "test_openflow_jumbo",
    "test_engine_core_lifecycle_lab", "test_openflow_maclearn", "test_txn_faults_lab", "test_verify_lab",
})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long modules first; otherwise the (random) order stands (a stable sort)."""
    def later(item: pytest.Item) -> bool:
        module = getattr(item, "module", None)
        return module is None or module.__name__.rsplit(".", 1)[-1] not in LONG_MODULES

    items.sort(key=later)
