"""What the toolkit owns on a Junos device, and the load text that changes only that:
``replace:`` on owned objects, ``delete:`` for owned objects the intent no longer has (rules in
``ownership.yml``)."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from mpls_interop.vendors.junos.setform import statements

RULES_FILE = Path(__file__).with_name("ownership.yml")
_TAGS = re.compile(r"^(\s*)(?:replace:|inactive:|protect:)\s*", re.M)


@cache
def rules() -> dict[str, Any]:
    raw = yaml.safe_load(RULES_FILE.read_text())
    raw["objects_re"] = [re.compile(p) for p in raw["objects"]]
    raw["containers_re"] = [re.compile(p) for p in raw["containers"]]
    return raw


def _leaves(text: str) -> list[list[str]]:
    """Leaf statement paths of a config text (load tags dropped, ``delete:`` statements left out)."""
    kept = [ln for ln in text.splitlines() if not ln.strip().startswith("delete:")]
    return [words for _, words in statements(_TAGS.sub(r"\1", "\n".join(kept)))]


def object_key(words: list[str]) -> str | None:
    for n in range(1, len(words) + 1):
        head = " ".join(words[:n])
        if _is_object(head):
            return head
    return None


@lru_cache(maxsize=1 << 16)
def _is_object(head: str) -> bool:
    return any(p.search(head) for p in rules()["objects_re"])


def container_keys(words: list[str]) -> list[str]:
    out = []
    for n in range(1, len(words)):
        head = " ".join(words[:n])
        if is_container(head):
            out.append(head)
    return out


#: config texts whose objects are kept: the running and desired texts of a fleet of 512 devices
#: (a deployment asks for them in its inspect phase and again in staging; 64 kept were evicted
#: by the rest of a fleet of 200 before staging asked)
TEXTS_KEPT = 1024


def objects(text: str) -> dict[str, str]:
    """Object identity → its content (leaf statements under it), for a config text."""
    return dict(_objects(text))


@lru_cache(maxsize=TEXTS_KEPT)
def _objects(text: str) -> dict[str, str]:
    """Memoised per text (a deployment reads the same desired and running texts several times);
    :func:`objects` hands out copies."""
    out: dict[str, list[str]] = {}
    for words in _leaves(text):
        key = object_key(words)
        for c in container_keys(words):
            if key is None or len(c) < len(key):
                out.setdefault(c, [])
        if key is not None:
            out.setdefault(key, []).append(" ".join(words))
    return {k: "\n".join(sorted(v)) for k, v in out.items()}


@lru_cache(maxsize=1 << 16)
def is_container(key: str) -> bool:
    return any(p.search(key) for p in rules()["containers_re"])


def deletions(present: dict[str, str], declared: dict[str, str], owned: set[str]) -> list[str]:
    """Owned objects the device has and the intent no longer declares; a container goes whole
    when nothing in it stays."""
    gone = {k for k in present if k in owned and k not in declared}
    out = []
    for key in sorted(gone, key=len):
        if any(key.startswith(c + " ") for c in out):
            continue  # inside a container deleted whole
        if is_container(key):
            inside = [k for k in present if k.startswith(key + " ")]
            if not all(k in gone for k in inside):
                continue  # something unmanaged (or still declared) stays in it
        out.append(key)
    return out


def levels(key: str) -> list[str]:
    """A statement path split into configuration levels: ``protocols mpls label-switched-path X``
    → ``protocols`` / ``mpls`` / ``label-switched-path X``."""
    r = rules()
    words = key.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if out and out[-1] in r["named_children"] and len(out) == 1:
            out.append(w)
        elif w in r["named"] and i + 1 < len(words):
            out.append(f"{w} {words[i + 1]}")
            i += 1
        else:
            out.append(w)
        i += 1
    return out


def delete_text(keys: list[str]) -> str:
    """Curly text with a ``delete:`` statement for each key."""
    lines: list[str] = []
    for key in keys:
        lv = levels(key)
        for depth, level in enumerate(lv[:-1]):
            lines.append("    " * depth + level + " {")
        lines.append("    " * (len(lv) - 1) + f"delete: {lv[-1]};")
        for depth in range(len(lv) - 2, -1, -1):
            lines.append("    " * depth + "}")
    return "\n".join(lines) + ("\n" if lines else "")


def tag_objects(text: str) -> str:
    """Mark every owned object block of rendered curly text ``replace:`` (objects are swapped
    whole, everything around them is merged)."""
    out = []
    stack: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith("{"):
            header = stripped[:-1].strip()
            path = " ".join([*stack, header])
            stack.append(header)
            if object_key(path.split()) == path:
                indent = line[: len(line) - len(line.lstrip())]
                line = f"{indent}replace: {header} {{"
        elif stripped == "}" and stack:
            stack.pop()
        elif stripped.endswith(";") and stack[:1] != ["interfaces"]:
            path = " ".join([*stack, stripped[:-1]])
            if object_key(path.split()) == path:
                # an object written as one statement (``path X;``) replaces a block of that name
                indent = line[: len(line) - len(line.lstrip())]
                line = f"{indent}replace: {stripped}"
        out.append(line)
    return "\n".join(out) + "\n"
