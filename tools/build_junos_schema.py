#!/usr/bin/env python3
"""Compile Juniper's Junos YANG (conf + rpc modules) into the emulator's compact schema.

usage: python tools/build_junos_schema.py YANGDIR [OUTDIR]

YANGDIR holds ``conf/``, ``rpc/`` and ``common/`` of one Junos release (Juniper/yang,
``<release>/native/conf-and-rpcs``, Apache-2.0). OUTDIR defaults to
``src/mpls_interop_lab/junos/schema``; it gets ``junos-<release>-conf.json.gz`` (configuration)
and ``junos-<release>-rpc.json.gz`` (RPC replies).

The output keeps Juniper's groupings as shared nodes (so it stays small) and drops descriptions.
A node is a dict: ``k`` kind (``c`` container, ``l`` list, ``f`` leaf, ``L`` leaf-list), ``c``
children, ``u`` groupings used (index, or ``[index, choice, case]`` inside a choice), ``key``,
``kl`` keyword-less list (Juniper marks those by leaving out the description), ``nk``
nokeyword leaf, ``ol`` oneliner, ``p`` presence, ``t`` type index, ``m`` ``[[must, message]]``,
``ch``/``cs`` the choice/case the node sits in, ``df`` default. Types are deduplicated in a
table: ``b`` base, ``e`` enums, ``r`` range, ``len`` length, ``pat`` YANG patterns, ``px``
``[[posix pattern, message]]``, ``n`` the junos-common-types typedef, ``u`` union members.

Only this build step needs the YANG; the emulator loads the JSON at start.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from typing import Any

Stmt = tuple[str, "str | None", list]  # keyword, argument, substatements

_ESC = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def tokenize(text: str) -> list[str | tuple[str]]:
    """YANG tokens: '{', '}', ';' as plain strings; words and strings as 1-tuples."""
    out: list[Any] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "{};":
            out.append(c)
            i += 1
        elif c in "\"'":
            buf: list[str] = []
            j = i + 1
            while text[j] != c:
                if c == '"' and text[j] == "\\":
                    buf.append(_ESC.get(text[j + 1], "\\" + text[j + 1]))
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            s = "".join(buf)
            i = j + 1
            # string concatenation: "a" + "b"
            k = i
            while k < n and text[k].isspace():
                k += 1
            if out and out[-1] == "+":
                out.pop()
                out[-1] = (out[-1][0] + s,)
            else:
                out.append((s,))
            if k < n and text[k] == "+":
                out.append("+")
                i = k + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "{};":
                j += 1
            out.append((text[i:j],))
            i = j
    return out


def parse(text: str) -> Stmt:
    toks = tokenize(text)
    pos = 0

    def stmt() -> Stmt:
        nonlocal pos
        kw = toks[pos][0]
        pos += 1
        arg = None
        if isinstance(toks[pos], tuple):
            arg = toks[pos][0]
            pos += 1
        subs: list[Stmt] = []
        if toks[pos] == "{":
            pos += 1
            while toks[pos] != "}":
                subs.append(stmt())
            pos += 1
        elif toks[pos] == ";":
            pos += 1
        else:
            raise ValueError(f"unexpected token {toks[pos]!r} after {kw} {arg}")
        return (kw, arg, subs)

    return stmt()


def sub(s: Stmt, kw: str) -> Stmt | None:
    return next((x for x in s[2] if x[0] == kw), None)


def subs(s: Stmt, kw: str) -> list[Stmt]:
    return [x for x in s[2] if x[0] == kw]


class Compiler:
    def __init__(self) -> None:
        self.types: list[dict] = []
        self._type_ix: dict[str, int] = {}
        self.groupings: list[dict | None] = []
        self._grouping_ix: dict[tuple[str, str], int] = {}
        self.common_types: dict[str, Stmt] = {}
        self.module = ""

    # ---- types --------------------------------------------------------------------------------
    def type_spec(self, t: Stmt) -> dict:
        name = t[1] or ""
        spec: dict[str, Any] = {}
        if name.startswith("jt:"):
            base = self.common_types[name[3:]]
            spec = self.type_spec(sub(base, "type"))  # type: ignore[arg-type]
            spec["n"] = name[3:]
        elif name == "union":
            spec = {"b": "union", "u": [self.type_spec(x) for x in subs(t, "type")]}
        else:
            spec = {"b": name}
        for x in t[2]:
            kw = x[0]
            if kw == "enum":
                spec.setdefault("e", []).append(x[1])
            elif kw == "range":
                spec["r"] = x[1]
            elif kw == "length":
                spec["len"] = x[1]
            elif kw == "pattern":
                spec.setdefault("pat", []).append(x[1])
            elif kw == "junos:posix-pattern":
                msg = sub(t, "junos:pattern-message")
                spec.setdefault("px", []).append([x[1], msg[1] if msg else None])
            elif kw == "fraction-digits":
                spec["fd"] = int(x[1] or 0)
        return spec

    def type_index(self, t: Stmt) -> int:
        spec = self.type_spec(t)
        key = json.dumps(spec, sort_keys=True)
        if key not in self._type_ix:
            self._type_ix[key] = len(self.types)
            self.types.append(spec)
        return self._type_ix[key]

    # ---- data nodes -----------------------------------------------------------------------------
    def grouping(self, name: str) -> int:
        name = name.split(":", 1)[-1]
        key = (self.module, name)
        if key not in self._grouping_ix:
            raise KeyError(f"{self.module}: grouping {name} not found")
        return self._grouping_ix[key]

    def body(self, s: Stmt, node: dict, choice: tuple[str, str] | None = None) -> None:
        """Children and uses of a container/list/grouping/case body into ``node``."""
        for x in s[2]:
            kw = x[0]
            if kw in ("container", "list", "leaf", "leaf-list"):
                child = self.data(x)
                if choice:
                    child["ch"], child["cs"] = choice
                node.setdefault("c", []).append(child)
            elif kw == "uses":
                ix = self.grouping(x[1])  # type: ignore[arg-type]
                node.setdefault("u", []).append([ix, *choice] if choice else ix)
            elif kw == "choice":
                for case in x[2]:
                    if case[0] == "case":
                        self.body(case, node, (x[1], case[1]))  # type: ignore[arg-type]
                    elif case[0] in ("container", "list", "leaf", "leaf-list", "uses", "choice"):
                        self.body(("case", case[1], [case]), node, (x[1], case[1]))  # type: ignore[arg-type]

    def data(self, s: Stmt) -> dict:
        kind = {"container": "c", "list": "l", "leaf": "f", "leaf-list": "L"}[s[0]]
        node: dict[str, Any] = {"n": s[1], "k": kind}
        musts = []
        pending: list[str] | None = None
        for x in s[2]:
            kw = x[0]
            if kw == "key":
                node["key"] = x[1]
            elif kw == "junos:cli-feature":
                if x[1] == "nokeyword":
                    node["nk"] = 1
                elif x[1] == "oneliner":
                    node["ol"] = 1
            elif kw == "junos:must":
                pending = [x[1], None]  # type: ignore[list-item]
                musts.append(pending)
            elif kw == "junos:must-message" and pending is not None:
                pending[1] = x[1]  # type: ignore[assignment]
                pending = None
            elif kw == "presence":
                node["p"] = 1
            elif kw == "mandatory" and x[1] == "true":
                node["md"] = 1
            elif kw == "default":
                node["df"] = x[1]
            elif kw == "type":
                node["t"] = self.type_index(x)
            elif kw == "ordered-by" and x[1] == "user":
                node["ob"] = 1
        if kind == "l" and sub(s, "description") is None:
            node["kl"] = 1
        if musts:
            node["m"] = musts
        if kind in ("c", "l"):
            self.body(s, node)
        return node

    # ---- modules --------------------------------------------------------------------------------
    def load_module(self, path: str) -> Stmt:
        with open(path, encoding="utf-8") as f:
            return parse(f.read())

    def index_groupings(self, mod: Stmt) -> list[tuple[int, Stmt]]:
        todo = []
        for g in subs(mod, "grouping"):
            ix = len(self.groupings)
            self.groupings.append(None)
            self._grouping_ix[(mod[1], g[1])] = ix  # type: ignore[index]
            todo.append((ix, g))
        return todo

    def compile_groupings(self, mod: Stmt, todo: list[tuple[int, Stmt]]) -> None:
        self.module = mod[1]  # type: ignore[assignment]
        for ix, g in todo:
            node: dict[str, Any] = {}
            self.body(g, node)
            self.groupings[ix] = node


def release_of(yangdir: str) -> str:
    m = re.search(r"(\d+\.\d+R\d+)", os.path.abspath(yangdir))
    return m.group(1) if m else "unknown"


def build(yangdir: str, folder: str) -> dict:
    """The compiled schema of ``conf`` (configuration) or ``rpc`` (operational replies)."""
    comp = Compiler()
    for f in os.listdir(os.path.join(yangdir, "common")):
        if f.startswith("junos-common-types"):
            mod = comp.load_module(os.path.join(yangdir, "common", f))
            comp.common_types = {t[1]: t for t in subs(mod, "typedef")}  # type: ignore[misc]
    root: dict[str, Any] = {"k": "c", "n": "configuration"}
    rpcs: dict[str, dict] = {}
    modules = []
    for f in sorted(os.listdir(os.path.join(yangdir, folder))):
        if f.endswith(".yang"):
            mod = comp.load_module(os.path.join(yangdir, folder, f))
            modules.append((mod, comp.index_groupings(mod)))
    for mod, todo in modules:
        comp.compile_groupings(mod, todo)
        if folder == "conf":
            conf = sub(mod, "container")
            if conf is not None and conf[1] == "configuration":
                for x in conf[2]:
                    if x[0] == "uses":
                        root.setdefault("u", []).append(comp.grouping(x[1]))  # type: ignore[arg-type]
                    elif x[0] == "list" and x[1] == "groups":
                        # `groups { NAME { <a whole configuration> } }`: the body is the root
                        root.setdefault("c", []).append({"n": "groups", "k": "c", "c": [{
                            "n": "group", "k": "l", "key": "name", "kl": 1, "ob": 1,
                            "c": [{"n": "name", "k": "f", "nk": 1}],
                        }]})
                    elif x[0] in ("container", "list", "leaf", "leaf-list"):
                        root.setdefault("c", []).append(comp.data(x))
            for aug in subs(mod, "augment"):
                if aug[1] == "/jc:configuration":
                    comp.body(aug, root)
        else:
            for rpc in subs(mod, "rpc"):
                out = sub(rpc, "output")
                node: dict[str, Any] = {"k": "c", "n": "output"}
                if out is not None:
                    comp.body(out, node)
                rpcs[rpc[1]] = node  # type: ignore[index]
    return {
        "release": release_of(yangdir),
        "source": f"Juniper/yang (Apache-2.0), junos family, {folder}",
        "types": comp.types,
        "groupings": comp.groupings,
        "root": root if folder == "conf" else {"k": "c", "n": "rpcs"},
        "rpc": rpcs,
    }


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    yangdir = argv[0]
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outdir = argv[1] if len(argv) > 1 else os.path.join(
        here, "src", "mpls_interop_lab", "junos", "schema"
    )
    os.makedirs(outdir, exist_ok=True)
    for folder in ("conf", "rpc"):
        schema = build(yangdir, folder)
        out = os.path.join(outdir, f"junos-{schema['release']}-{folder}.json.gz")
        data = json.dumps(schema, separators=(",", ":"), sort_keys=True).encode()
        with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:
            f.write(data)
        print(f"{out}: {len(data)} bytes JSON, {os.path.getsize(out)} gzipped, "
              f"{len(schema['groupings'])} groupings, {len(schema['types'])} types, "
              f"{len(schema['rpc'])} rpcs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
