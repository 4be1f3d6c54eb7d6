"""Property-based fuzzing of hostile input (hypothesis): the seed inventory with values replaced by
hostile ones (booleans, huge or negative numbers, control characters, nesting, odd types) and its
files with raw text mutations (duplicated lines, NUL and control bytes, brackets, anchors), and
brownfield configs with mutated lines for ``lint-config``.

Property: the real entry point exits 0/1 (success, findings) or 2 with exactly one line on stderr;
never a traceback. CI runs a bounded, deterministic number of examples; set
``INTEROP_FUZZ_EXAMPLES=2000`` for a longer, randomised campaign.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpls_interop.cli.app import main
from tests.conftest import SEED_INVENTORY

EXAMPLES = int(os.environ.get("INTEROP_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 40,
    derandomize=not EXAMPLES,  # deterministic in CI, exploratory when asked for more
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                           HealthCheck.data_too_large],
)
FILES = ["intent.yml", "hosts.yml", "host_vars/r1.yml", "host_vars/r2.yml", "group_vars/all.yml",
         "group_vars/junos.yml", "group_vars/netiron.yml"]

hostile_text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["\n", "\r\nerror: injected", "\x00", "\x1b[2J", "\u2028", "10.0.0.1/33", "999.1.1.1",
                     "ge-1/0/0\nset system", "ethe 1/1", "max", "-1", "0x10", "1e9", "~", "", " ", "'", "{", "["]),
)
hostile_scalar = st.one_of(
    st.booleans(), st.none(), hostile_text,
    st.integers(min_value=-(2**65), max_value=2**65),
    st.sampled_from([0, 1, -1, 4094, 4095, 65535, 65536, 2**32 - 1, 2**32, 16000, 16001]),
    st.floats(allow_nan=True, allow_infinity=True),
)
hostile_value = st.recursive(
    hostile_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(hostile_text, inner, max_size=3)),
    max_leaves=8,
)


def run_cli(*args: str) -> tuple[int, str]:
    """The real entry point in process: exit code and stderr. Anything that escapes it other than
    SystemExit (a traceback for the user) fails the test."""
    import contextlib
    import io

    err = io.StringIO()
    argv = sys.argv
    sys.argv = ["interop", *args]
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.argv = argv
    return code, err.getvalue()


def assert_clean_outcome(code: int, stderr: str) -> None:
    if code in (0, 1):
        return
    lines = stderr.splitlines()
    assert code == 2, (code, stderr)
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert lines[0].isprintable(), lines[0]


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _replace(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _replace(data[path[0]], path[1:], value)
    return data


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory(prefix="interop-fuzz-") as d:
        yield Path(d)


def fresh(workdir: Path) -> Path:
    inv = workdir / "inv"
    shutil.rmtree(inv, ignore_errors=True)
    shutil.copytree(SEED_INVENTORY, inv)
    return inv


@FUZZ
@given(data=st.data(), value=hostile_value, key=hostile_text)
def test_hostile_values_in_any_inventory_file(workdir, data, value, key):
    inv = fresh(workdir)
    name = data.draw(st.sampled_from(FILES))
    path = inv / name
    tree = yaml.safe_load(path.read_text())
    where = data.draw(st.sampled_from(_paths(tree)))
    if data.draw(st.booleans()) and where and isinstance(tree, dict):
        # add a key next to an existing one instead of replacing a value
        parent = tree
        for p in where[:-1]:
            parent = parent[p]
        if isinstance(parent, dict):
            parent[key] = value
    else:
        tree = _replace(tree, where, value)
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True))
    assert_clean_outcome(*run_cli("lint", "-i", str(inv)))


RAW_SNIPPETS = st.sampled_from([
    "\x00", "\x01", "\x1b[31m", "\t", "\r", "\u2028", "\ufeff", "[" * 80, "{" * 80, "- " * 70, "&a [*a]",
    "*undefined", "<<: *x", "? [a, b]\n: c", "%YAML 1.1\n---", "---\n", "...\n", "!!python/object:os.system",
    "!!binary AAAA", "key: value\nkey: value", ": :", "'unterminated", '"\\xZZ"', "\\", "\xff", "é",
])


@FUZZ
@given(data=st.data())
def test_raw_text_mutations_of_inventory_files(workdir, data):
    inv = fresh(workdir)
    name = data.draw(st.sampled_from(FILES))
    path = inv / name
    lines = path.read_text().splitlines(keepends=True) or [""]
    op = data.draw(st.sampled_from(["duplicate", "insert", "delete", "replace"]))
    i = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "delete":
        del lines[i]
    else:
        snippet = data.draw(st.one_of(RAW_SNIPPETS, st.text(max_size=30)))
        col = data.draw(st.integers(min_value=0, max_value=len(lines[i])))
        if op == "insert":
            lines[i] = lines[i][:col] + snippet + lines[i][col:]
        else:
            lines[i] = snippet + "\n"
    path.write_bytes("".join(lines).encode("utf-8", "surrogatepass"))
    assert_clean_outcome(*run_cli("lint", "-i", str(inv)))


# ---- lint-config ----------------------------------------------------------------------------------
CONFIG_LINES = {
    "junos": st.sampled_from([
        "set interfaces ge-1/0/0 unit 0 family inet address 10.0.0.1/33",
        "set interfaces ge-1/0/0 unit 0 family inet address 10.0.0.1/30",
        "set interfaces ge-1/0/0 mtu 99999999999999999999",
        "set protocols ospf area 0.0.0.0 interface ge-1/0/0.0 hello-interval -1",
        "set routing-instances x instance-type vpls",
        "set protocols mpls interface all",
        "interfaces { ge-1/0/0 { unit 0 { family inet { address 1.2.3.4/40; } } } }",
        "}", "{", "set", "",
    ]),
    "netiron": st.sampled_from([
        "interface ethernet 1/1", " ip address 10.0.0.1/33", " ip address 10.0.0.1/30", " ip address 10.0.0.1",
        " ip ospf area 0", " ip ospf hello-interval 0", " ip mtu 99999999999999999999", "router mpls",
        " vpls x 40", "  vpls-peer 10.0.0.1", "  vpls-mtu -5", "  vpls-mtu abc", " vll x 41", "  vll-peer 300.0.0.1",
        "!", "end", "",
    ]),
}


@settings(FUZZ)
@given(data=st.data())
def test_lint_config_never_tracebacks(workdir, data):
    vendor = data.draw(st.sampled_from(["junos", "netiron"]))
    lines = data.draw(st.lists(st.one_of(CONFIG_LINES[vendor], st.text(max_size=40)), min_size=1, max_size=15))
    path = workdir / f"{vendor}.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    assert_clean_outcome(*run_cli("lint-config", "--vendor", vendor, str(path)))
