"""Ansible-style inventory: ``hosts.yml`` with groups, ``group_vars/`` and ``host_vars/``.

Variables are merged the Ansible way: ``all`` first, then parent groups before child groups
(siblings in name order), then the host's own variables in ``hosts.yml``, then ``host_vars/``.
Each variable remembers the file it came from so errors can name it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mpls_interop.core import yamlstrict
from mpls_interop.sdk.errors import InputError
from mpls_interop.sdk.names import check_name

YAML_SUFFIXES = (".yml", ".yaml")


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """A UTF-8 input file of at most ``max_bytes``, without NUL bytes; any problem becomes an
    InputError naming the file (and the line of a NUL byte)."""
    max_bytes = max_bytes or yamlstrict.MAX_BYTES
    try:
        with path.open("rb") as fh:
            # read what the file holds, not max_bytes + 1: that size is allocated up front (16 MiB
            # per file, a tenth of a millisecond each for 1000 host_vars files); a file that grew
            # since its stat, or one without a size (a pipe), is read on up to the limit
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(min(size, max_bytes) + 1) if size else b""
            if len(data) > size or not size:
                data += fh.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(str(path), f"larger than the {_size(max_bytes)} limit for input files")
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(f"{path}:{_line(data, nul)}", "NUL byte in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}:{_line(data, exc.start)}", "not UTF-8 text") from None


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file strictly (:mod:`mpls_interop.core.yamlstrict`); any problem becomes an
    InputError naming the file and line."""
    text = read_text(path)
    try:
        return yamlstrict.load(text)
    except yamlstrict.StrictYAMLError as exc:
        raise InputError(_where(path, exc.problem_mark), str(exc.problem)) from None
    except yaml.MarkedYAMLError as exc:
        problem = (exc.problem or exc.context or "").strip() or type(exc).__name__
        if "nesting depth" in problem:
            problem = f"nested deeper than {yamlstrict.MAX_DEPTH} levels"
        else:
            problem = f"malformed YAML: {problem}"
        raise InputError(_where(path, exc.problem_mark or exc.context_mark), problem) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(0, exc.position)) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise InputError(f"{path}:{line}", f"malformed YAML: unacceptable character #x{char:04x}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"malformed YAML: {exc}") from None


def _where(path: Path, mark: Any) -> str:
    return f"{path}:{mark.line + 1}" if mark is not None else str(path)


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


def _valid(name: str, where: str) -> None:
    """Host and group names become file names (host_vars/NAME.yml) and config text: check them
    before anything is read with them."""
    try:
        check_name(name)
    except ValueError as exc:
        raise InputError(where, str(exc)) from None


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
        _valid(name, f"{hosts_file}: group")
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
            _valid(host, f"{hosts_file}: host")
            group.hosts[host] = _mapping(hvars, f"{hosts_file}: host {host}")
        for child, cbody in _mapping(body.get("children"), f"{where}.children").items():
            walk(child, cbody, depth + 1, name)

    walk("all", data["all"], 0, None)

    host_groups: dict[str, set[str]] = {}

    def ancestors(name: str) -> set[str]:
        """Every parent group, transitively (iterative: a chain of groups can be long)."""
        acc: set[str] = set()
        todo = list(groups[name].parents)
        while todo:
            parent = todo.pop()
            if parent not in acc:
                acc.add(parent)
                todo.extend(groups[parent].parents)
        return acc

    for group in groups.values():
        if group.hosts:
            up = ancestors(group.name)
            for host in group.hosts:
                host_groups.setdefault(host, set()).update({group.name}, up)

    group_files: dict[str, list[tuple[Path, dict[str, Any]]]] = {}

    def group_vars(name: str) -> list[tuple[Path, dict[str, Any]]]:
        """group_vars/NAME files, each read once however many hosts are in the group."""
        if name not in group_files:
            group_files[name] = [(f, _mapping(read_yaml(f), str(f))) for f in _vars_files(root / "group_vars", name)]
        return group_files[name]

    hosts: dict[str, HostVars] = {}
    for host in sorted(host_groups):
        hv = HostVars(host)
        member = sorted(host_groups[host] | {"all"}, key=lambda g: (groups[g].depth, g))
        hv.groups = [g for g in member if g != "all"]
        for gname in member:
            hv.set_all(groups[gname].vars, f"{hosts_file} (group {gname} vars)")
            for f, values in group_vars(gname):
                hv.set_all(values, str(f))
        for gname in member:
            if host in groups[gname].hosts:
                hv.set_all(groups[gname].hosts[host], str(hosts_file))
        for f in _vars_files(root / "host_vars", host):
            hv.set_all(_mapping(read_yaml(f), str(f)), str(f))
        hosts[host] = hv
    return Inventory(root=root, hosts=hosts, hosts_file=hosts_file)
