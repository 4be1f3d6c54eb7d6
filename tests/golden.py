"""Golden files for plan and render (netlab ``tests/topology/{input,expected}`` style).

Each case is an inventory; its expected plan (JSON) and every device's rendered config in every
format its vendor offers live in ``tests/golden/<case>/expected/``. A change to planning or
rendering shows up as a reviewable diff of those files. After a deliberate change, refresh them
and review the diff before committing:

    python -m tests.golden
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import sys
from pathlib import Path
from typing import Any

from mpls_interop.core.load import load_intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.spec import get_vendor

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "seed": ROOT / "inventories" / "seed",
    "generated6": GOLDEN / "generated6" / "input",  # bench/gen_inventory.py --routers 6 --services 8
}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, ipaddress.IPv4Interface | ipaddress.IPv4Address | ipaddress.IPv4Network):
        return str(value)
    return value


def expected_files(case: str) -> dict[str, str]:
    """What the golden folder of ``case`` should hold, computed by the current code."""
    intent = load_intent(CASES[case])
    plan = plan_intent(intent)
    files = {"plan.json": json.dumps(_plain(plan.devices), indent=1, sort_keys=True) + "\n"}
    for name in sorted(intent.devices):
        spec = get_vendor(intent.devices[name].vendor)
        for fmt in (*spec.render_formats, *spec.load_formats):
            files[f"{name}.{fmt}"] = spec.render(plan.devices[name], fmt)
    return files


def expected_dir(case: str) -> Path:
    return GOLDEN / case / "expected"


def refresh() -> None:
    for case in CASES:
        folder = expected_dir(case)
        folder.mkdir(parents=True, exist_ok=True)
        wanted = expected_files(case)
        for stale in set(p.name for p in folder.iterdir()) - set(wanted):
            (folder / stale).unlink()
        for rel, text in wanted.items():
            (folder / rel).write_text(text, encoding="utf-8")
        print(f"{case}: {len(wanted)} files in {folder.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    refresh()
