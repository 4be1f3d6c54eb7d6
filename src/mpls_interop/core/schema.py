"""JSON Schema of ``intent.yml``, generated from the pydantic intent model.

Devices come from the Ansible inventory (hosts.yml, host_vars), so the file's schema is the
intent's without ``devices``. Editors that speak the YAML language server complete and check
``intent.yml`` when its first line is::

    # yaml-language-server: $schema=<path or URL of schema/intent.schema.json>
"""

from __future__ import annotations

import json
from typing import Any

from mpls_interop.core.intent import Intent

SCHEMA_ID = "https://mpls-interop.invalid/schema/intent.schema.json"


def intent_schema() -> dict[str, Any]:
    schema = Intent.model_json_schema(by_alias=True, mode="validation")
    schema["properties"].pop("devices", None)
    schema["required"] = [r for r in schema.get("required", []) if r != "devices"]
    if not schema["required"]:
        schema.pop("required")
    schema.pop("$defs", None)  # rebuilt below without the inventory's definitions
    defs = Intent.model_json_schema(by_alias=True, mode="validation").get("$defs", {})
    defs.pop("Device", None)
    defs.pop("TunnelServices", None)
    # an OSPF area is written as a dotted quad or as a number (the model converts it)
    area = defs.get("Ospf", {}).get("properties", {}).get("area")
    if area is not None:
        defs["Ospf"]["properties"]["area"] = {
            "anyOf": [{"type": "string", "format": "ipv4"}, {"type": "integer", "minimum": 0, "maximum": 4294967295}],
            "default": area.get("default", "0.0.0.0"), "title": "Area",
        }
    used = json.dumps(schema)
    schema["$defs"] = {k: v for k, v in defs.items() if f"#/$defs/{k}" in used or _used_by(k, defs, used)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "mpls-interop intent.yml",
        "description": "Links, MPLS core and services of the network (devices come from the inventory).",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _used_by(name: str, defs: dict[str, Any], root: str) -> bool:
    """True when ``name`` is reached from the root schema through other definitions."""
    seen: set[str] = set()
    todo = [k for k in defs if f"#/$defs/{k}" in root]
    while todo:
        k = todo.pop()
        if k in seen:
            continue
        seen.add(k)
        text = json.dumps(defs[k])
        todo += [d for d in defs if f"#/$defs/{d}" in text]
    return name in seen


def schema_text() -> str:
    return json.dumps(intent_schema(), indent=2, sort_keys=True) + "\n"
