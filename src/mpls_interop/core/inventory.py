"""Ansible-style inventory: ``hosts.yml`` with groups, ``group_vars/`` and ``host_vars/``.

Variables are merged the Ansible way: ``all`` first, then parent groups before child groups
(siblings in name order), then the host's own variables in ``hosts.yml``, then ``host_vars/``.
Each variable remembers the file it came from so errors can name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mpls_interop.sdk.errors import InputError

YAML_SUFFIXES = (".yml", ".yaml")


def read_text(path: Path) -> str:
    """A UTF-8 input file; any problem becomes an InputError naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; any problem becomes an InputError naming the file and line."""
    text = read_text(path)
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = (exc.problem or str(exc)).strip()
        raise InputError(where, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"malformed YAML: {exc}") from None


def _vars_files(base: Path, name: str) -> list[Path]:
    """``group_vars/NAME.yml`` or every YAML file in ``group_vars/NAME/`` (Ansible allows both)."""
    found: list[Path] = []
    for suffix in ("", *YAML_SUFFIXES):
        p = base / f"{name}{suffix}"
        if p.is_file() and (suffix or p.suffix in YAML_SUFFIXES or not p.suffix):
            found.append(p)
        elif p.is_dir():
            found.extend(sorted(q for q in p.iterdir() if q.suffix in YAML_SUFFIXES))
    return found


def _mapping(data: Any, where: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(where, f"expected a mapping, got {type(data).__name__}")
    for key in data:
        if not isinstance(key, str):
            raise InputError(where, f"key {key!r} is not a string")
    return data


@dataclass
class HostVars:
    name: str
    groups: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)

    def set_all(self, data: dict[str, Any], source: str) -> None:
        for key, value in data.items():
            self.values[key] = value
            self.origin[key] = source


@dataclass
class Inventory:
    root: Path
    hosts: dict[str, HostVars]
    hosts_file: Path


@dataclass
class _Group:
    name: str
    depth: int
    vars: dict[str, Any]
    hosts: dict[str, dict[str, Any]]
    parents: list[str]


def load_inventory(root: Path) -> Inventory:
    if not root.is_dir():
        raise InputError(str(root), "inventory directory not found")
    hosts_file = next((root / f"hosts{s}" for s in YAML_SUFFIXES if (root / f"hosts{s}").is_file()), None)
    if hosts_file is None:
        raise InputError(str(root), "no hosts.yml in inventory directory")
    data = _mapping(read_yaml(hosts_file), str(hosts_file))
    if "all" not in data:
        data = {"all": {"children": data}}

    groups: dict[str, _Group] = {}

    def walk(name: str, body: Any, depth: int, parent: str | None) -> None:
        where = f"{hosts_file}: group {name}"
        body = _mapping(body, where)
        unknown = set(body) - {"hosts", "vars", "children"}
        if unknown:
            raise InputError(where, f"unknown key {sorted(unknown)[0]!r} (expected hosts, vars, children)")
        group = groups.get(name)
        if group is None:
            group = groups[name] = _Group(name, depth, {}, {}, [])
        group.depth = max(group.depth, depth)
        if parent:
            group.parents.append(parent)
        group.vars.update(_mapping(body.get("vars"), f"{where}.vars"))
        for host, hvars in _mapping(body.get("hosts"), f"{where}.hosts").items():
            group.hosts[host] = _mapping(hvars, f"{hosts_file}: host {host}")
        for child, cbody in _mapping(body.get("children"), f"{where}.children").items():
            walk(child, cbody, depth + 1, name)

    walk("all", data["all"], 0, None)

    host_groups: dict[str, set[str]] = {}

    def ancestors(name: str, acc: set[str]) -> set[str]:
        for parent in groups[name].parents:
            if parent not in acc:
                acc.add(parent)
                ancestors(parent, acc)
        return acc

    for group in groups.values():
        for host in group.hosts:
            host_groups.setdefault(host, set()).update({group.name}, ancestors(group.name, set()))

    hosts: dict[str, HostVars] = {}
    for host in sorted(host_groups):
        hv = HostVars(host)
        member = sorted(host_groups[host] | {"all"}, key=lambda g: (groups[g].depth, g))
        hv.groups = [g for g in member if g != "all"]
        for gname in member:
            hv.set_all(groups[gname].vars, f"{hosts_file} (group {gname} vars)")
            for f in _vars_files(root / "group_vars", gname):
                hv.set_all(_mapping(read_yaml(f), str(f)), str(f))
        for gname in member:
            if host in groups[gname].hosts:
                hv.set_all(groups[gname].hosts[host], str(hosts_file))
        for f in _vars_files(root / "host_vars", host):
            hv.set_all(_mapping(read_yaml(f), str(f)), str(f))
        hosts[host] = hv
    return Inventory(root=root, hosts=hosts, hosts_file=hosts_file)
