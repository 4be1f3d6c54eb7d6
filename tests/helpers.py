"""Test helpers: copies of the seed inventory that tests can break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import SEED_INVENTORY


def seed_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "inv"
    shutil.copytree(SEED_INVENTORY, dst)
    return dst


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # mutates in place; the return value is ignored
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def service(intent: dict[str, Any], name: str) -> dict[str, Any]:
    for kind in ("vpls", "vll", "vrf"):
        for svc in intent["services"].get(kind, []):
            if svc["name"] == name:
                return svc
    raise KeyError(name)


def link(intent: dict[str, Any], name: str) -> dict[str, Any]:
    return next(lk for lk in intent["links"] if lk["name"] == name)


def junos_tree(text: str) -> dict[str, Any]:
    """Tiny independent parse of rendered curly text into nested dicts (leaf statement → None)."""
    import re

    root: dict[str, Any] = {}
    stack = [root]
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.endswith("{"):
            key = line[:-1].strip()
            stack[-1].setdefault(key, {})
            stack.append(stack[-1][key])
        elif line == "}":
            stack.pop()
        else:
            assert line.endswith(";"), f"unterminated statement: {line!r}"
            stack[-1][re.sub(r";$", "", line)] = None
    assert len(stack) == 1, "unbalanced braces"
    return root


def netiron_paths(text: str) -> set[tuple[str, ...]]:
    """Every config line with its parent chain, from NetIron indentation (one space a level)."""
    paths: set[tuple[str, ...]] = set()
    chain: list[str] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.strip() == "!":
            if raw.strip() == "!":
                chain = []
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        chain = chain[:depth] + [raw.strip()]
        paths.add(tuple(chain))
    return paths
