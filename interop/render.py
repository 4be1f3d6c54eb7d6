"""Renderer glue: plan each device, hand it to its vendor's renderer."""

from __future__ import annotations

from interop.errors import InputError
from interop.intent import Intent
from interop.plan import Plan, plan_intent
from vendors.base import get_vendor


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


def render_all(intent: Intent, fmt: str = "text") -> dict[str, str]:
    plan = plan_intent(intent)
    return {name: render_device(intent, name, fmt, plan) for name in sorted(intent.devices)}
