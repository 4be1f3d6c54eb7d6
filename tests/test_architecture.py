"""The architecture's rules, checked on the source: layers (import-linter), vendor-neutral core,
one import root per product, and vendors as plugins."""

from __future__ import annotations

import ast
import io
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src"
CORE = SRC / "mpls_interop"
#: words that name a vendor (or its products/OS) and so must not steer core logic
VENDOR_WORDS = re.compile(r"junos|juniper|netiron|ironware|brocade|extreme|\bmlx|\bxmr|\bmx\d", re.I)
#: a line that keeps an old spelling working says so; it may name the vendor whose word it was
COMPAT = "# compat"


def _core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "vendors" not in p.relative_to(CORE).parts)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _help_nodes(tree: ast.AST) -> set[int]:
    """String constants that are help text (``help=`` of CLI options, ``typer.Typer(help=…)``)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help":
            out |= {id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant)}
    return out


def vendor_words_in_code(path: Path, root: Path = ROOT) -> list[str]:
    """``file:line: word`` for each vendor word in code (names and string values), docstrings,
    comments and help text excepted."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    skip = _docstring_nodes(tree) | _help_nodes(tree)
    hits = []
    for node in ast.walk(tree):
        word = None
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            word = node.value
        elif isinstance(node, ast.Name):
            word = node.id
        elif isinstance(node, ast.Attribute):
            word = node.attr
        elif isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            word = node.name
        elif isinstance(node, ast.arg):
            word = node.arg
        if word and (m := VENDOR_WORDS.search(word)):
            line = lines[node.lineno - 1] if getattr(node, "lineno", 0) else ""
            if COMPAT not in line:
                hits.append(f"{path.relative_to(root)}:{node.lineno}: {m.group(0)!r} in {word[:60]!r}")
    return hits


def test_core_code_names_no_vendor():
    hits = [h for p in _core_files() for h in vendor_words_in_code(p)]
    assert not hits, "vendor names in core code (put the knowledge in the vendor's folder):\n" + "\n".join(hits)


def test_the_vendor_word_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docs may say Junos."""\nif vendor == "netiron":  # comments may too\n    x = 1\n'
                   'ok = f(help="junos text is help")\nold = 1  # compat: the junos spelling\n')
    hits = [h.split(": ", 1)[1] for h in vendor_words_in_code(bad, tmp_path)]
    assert hits == ["'netiron' in 'netiron'"]


def test_comments_are_not_code():
    """Comments are excluded by construction: ast drops them (checked so a refactor keeps it)."""
    src = "x = 1  # junos\n"
    toks = [t.string for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type == tokenize.COMMENT]
    assert toks == ["# junos"] and not VENDOR_WORDS.search(ast.dump(ast.parse(src)))


@pytest.mark.skipif(shutil.which("lint-imports") is None and not Path(sys.executable).with_name("lint-imports").exists(),
                    reason="import-linter not installed")
def test_layers_hold():
    # this interpreter's own import-linter first (another one on PATH may not see the project),
    # and the src layout on the path as CI runs it
    mine = Path(sys.executable).with_name("lint-imports")
    exe = str(mine) if mine.exists() else str(shutil.which("lint-imports"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([exe, str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "broken" not in proc.stdout.lower() or " 0 broken" in proc.stdout.lower()


def _top_level_names() -> set[str]:
    from importlib.metadata import distribution

    dist = distribution("mpls-interop")
    text = dist.read_text("top_level.txt")
    if text is not None:
        return {line.strip() for line in text.splitlines() if line.strip()}
    # editable installs have no top_level.txt: read the packages from the source tree it points at
    return {p.name for p in SRC.iterdir() if (p / "__init__.py").is_file()}


def test_one_import_root_per_product_and_no_generic_names():
    names = _top_level_names()
    assert names == {"mpls_interop", "mpls_interop_lab"}, names
    assert not names & {"interop", "vendors", "labs", "templates"}


def test_built_in_vendors_are_entry_points():
    from importlib.metadata import entry_points

    eps = {ep.name: ep.value for ep in entry_points(group="mpls_interop.vendors")}
    assert {"junos", "netiron"} <= set(eps)
    assert all(v.startswith("mpls_interop.vendors.") for k, v in eps.items() if k in ("junos", "netiron"))


@pytest.mark.parametrize("vendor", ["junos", "netiron"])
def test_every_vendor_folder_carries_its_knowledge(vendor):
    folder = CORE / "vendors" / vendor
    for needed in ("capabilities.yml", "spec.py", "render.py", "driver.py", "parsers.py", "configlint.py", "clab.py"):
        assert (folder / needed).is_file(), f"{vendor}: {needed} missing"
    assert list((folder / "templates").glob("*.j2"))
