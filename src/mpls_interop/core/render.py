"""Renderer glue: plan each device, hand it to its vendor's renderer."""

from __future__ import annotations

from collections.abc import Callable

from mpls_interop.core.intent import Intent
from mpls_interop.core.planner import plan_intent
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.plan import Plan
from mpls_interop.sdk.spec import get_vendor


def render_device(intent: Intent, device: str, fmt: str = "text", plan: Plan | None = None) -> str:
    if device not in intent.devices:
        raise InputError("--device", f"unknown device {device!r} (known: {', '.join(sorted(intent.devices))})")
    plan = plan or plan_intent(intent)
    spec = get_vendor(intent.devices[device].vendor)
    if fmt not in spec.render_formats:
        fmt = spec.render_formats[0] if fmt == "set" else fmt
    if fmt not in spec.render_formats:
        raise InputError("--format", f"{fmt!r} is not a {spec.name} output format ({'|'.join(spec.render_formats)})")
    return spec.render(plan.devices[device], fmt)


def render_all(
    intent: Intent, fmt: str = "text", progress: Callable[[str], None] | None = None, plan: Plan | None = None
) -> dict[str, str]:
    """Every device's configuration; ``progress(name)`` is called after each device; ``plan``: the
    intent's plan when the caller has it already (lint and render in one command plan once)."""
    plan = plan or plan_intent(intent)
    out: dict[str, str] = {}
    for name in sorted(intent.devices):
        out[name] = render_device(intent, name, fmt, plan)
        if progress is not None:
            progress(name)
    return out
