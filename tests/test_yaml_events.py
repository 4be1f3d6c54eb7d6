"""The strict loader's event pass (``yamlstrict._from_events``) against the composing loader.

Whatever the text, :func:`yamlstrict.load` must give what the composing strict loader gives (the
value, or the same error at the same line), and on success what PyYAML's safe loader on the same parser gives.
"""

from __future__ import annotations

import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpls_interop.core import yamlstrict

#: each strict loader and the safe loader on the same parser
LOADERS = [(yamlstrict.StrictLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)),
           (yamlstrict.PureStrictLoader, yaml.SafeLoader)]

_SCALARS = ["", "~", "null", "yes", "No", "on", "OFF", "true", "0", "012", "0o17", "0x1f", "1_000", "1:20",
            "-1", "+5", "1.5", ".5", "1e3", ".inf", "-.Inf", ".nan", "2024-01-02", "2024-01-02 10:00:00",
            "2024-13-45", "<<", "=", "ge-0/0/1", "10.0.0.1/30", "a b", "y", "n", "190:20", "'q'", '"d\\x41"',
            "!!str 5", "!!int '7'", "!!set {a, b}", "!!binary aGk=", "!custom x", "! 5", "&a 1", "*a", "[]", "{}",
            "[1, [2, {k: v}]]", "{a: 1, a: 2}", "{? [x]: 1}", "|\n  block\n", ">-\n  folded\n", "- x", "a: b",
            "\t", "@", "`", "%", "key: [unclosed", "}"]
_KEYS = ["a", "b", "c", "<<", "1", "01", "true", "yes", "null", "''", "? a", "? [x]", "&k a", "*k", "!!str a", "="]


def _same(text: str) -> None:
    for loader, safe in LOADERS:
        try:
            want: object = ("ok", yaml.load(text, Loader=loader))  # noqa: S506 - the composing strict loader
        except RecursionError:
            want = ("recursion",)
        except Exception as exc:  # noqa: BLE001 - any error must be the same both ways
            want = ("error", type(exc), str(exc))
        try:
            got: object = ("ok", yamlstrict.load(text, loader))
        except Exception as exc:  # noqa: BLE001
            got = ("error", type(exc), str(exc))
        if want == ("recursion",):
            assert got[0] == "error", got
            continue
        assert _norm(got) == _norm(want), text
        if want[0] == "ok":
            assert _norm(want) == _norm(("ok", yaml.load(text, Loader=safe)))  # noqa: S506 - a safe loader


def _norm(x: object) -> object:
    """NaN equal to itself, so that the comparisons mean something for ``.nan``."""
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    if isinstance(x, dict):
        return [(_norm(k), _norm(v)) for k, v in x.items()]
    if isinstance(x, list | tuple):
        return type(x)(_norm(v) for v in x)
    if isinstance(x, set):
        return sorted(map(repr, x))
    return x


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> str:
    """Block-style YAML text from a small alphabet: repeated keys, anchors, aliases, tags, merges,
    odd indentation, flow collections, all of which must reach the same end either way."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2]))
        kind = draw(st.sampled_from(["map", "map", "seq", "nest", "scalar"]))
        if kind == "map":
            lines.append(f"{indent}{draw(st.sampled_from(_KEYS))}: {draw(st.sampled_from(_SCALARS))}")
        elif kind == "seq":
            lines.append(f"{indent}- {draw(st.sampled_from(_SCALARS))}")
        elif kind == "nest" and depth < 3:
            prefix = draw(st.sampled_from(["", "&a ", "!!map ", "!!omap ", "!!set "]))
            inner = draw(_block(depth + 1)).replace("\n", "\n  ")
            lines.append(f"{indent}{draw(st.sampled_from(_KEYS))}: {prefix}\n  {inner}")
        else:
            lines.append(f"{indent}{draw(st.sampled_from(_SCALARS))}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n---\n", "\n...\n", "\n# c\n"]))


_plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8)
    | st.sampled_from(_SCALARS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_block())
def test_any_block_text_loads_as_the_composing_loader_loads_it(text: str) -> None:
    _same(text)


@settings(max_examples=300, deadline=None)
@given(data=_plain, flow=st.sampled_from([False, True, None]))
def test_dumped_documents_round_trip_as_safe_load_reads_them(data: object, flow: bool | None) -> None:
    _same(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))


def test_the_event_pass_handles_inventory_shaped_text_itself() -> None:
    """The common case does not fall back to the composer (the point of the event pass)."""
    text = "links:\n- name: p00-p01\n  a: {device: p00, interface: ge-0/0/0}\n  mtu: 9000\n  up: yes\n  x: 0x1f\n"
    assert yamlstrict._from_events(text, yamlstrict.StrictLoader) == yaml.safe_load(text)


def test_limits_hold_on_the_event_pass() -> None:
    """Depth and value count are counted as the composing loader counts them: one level below the
    limit loads, at the limit the composing loader's error comes back."""
    ok = "x: " + "[" * (yamlstrict.MAX_DEPTH - 1) + "]" * (yamlstrict.MAX_DEPTH - 1)
    assert yamlstrict._from_events(ok, yamlstrict.StrictLoader) == yaml.safe_load(ok)
    deep = "x: " + "[" * yamlstrict.MAX_DEPTH + "]" * yamlstrict.MAX_DEPTH
    _same(deep)
    try:
        yamlstrict.load(deep)
    except yamlstrict.StrictYAMLError as exc:
        assert exc.problem == f"nested deeper than {yamlstrict.MAX_DEPTH} levels"
    else:
        raise AssertionError("too deep was loaded")


def test_too_many_values_on_the_event_pass(monkeypatch) -> None:
    monkeypatch.setattr(yamlstrict, "MAX_NODES", 10)
    _same("[1, 2, 3, 4, 5, 6, 7, 8, 9]")  # 10 values with the list: loads
    _same("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")  # 11: refused
    try:
        yamlstrict.load("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
    except yamlstrict.StrictYAMLError as exc:
        assert exc.problem == "more than 10 values"
    else:
        raise AssertionError("too many values were loaded")


def test_a_value_its_constructor_cannot_make_is_an_input_error(tmp_path):
    """``2024-13-45`` resolves as a timestamp whose month is 13: PyYAML lets ``datetime``'s
    ValueError out (a traceback from the CLI); the strict loader refuses it at its line."""
    import subprocess
    import sys

    from tests.helpers import seed_copy

    for loader, _ in LOADERS:
        try:
            yamlstrict.load("a: 1\nwhen: 2024-13-45\n", loader)
        except yamlstrict.StrictYAMLError as exc:
            assert exc.problem_mark.line == 1 and "'2024-13-45' is not a valid timestamp" in exc.problem
        else:
            raise AssertionError("month 13 was loaded")
    inv = seed_copy(tmp_path)
    with (inv / "host_vars" / "r1.yml").open("a") as fh:
        fh.write("x_when: 2024-13-45\n")
    lines = (inv / "host_vars" / "r1.yml").read_text().splitlines()
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "lint", "-i", str(inv)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        f"error: {inv}/host_vars/r1.yml:{len(lines)}: '2024-13-45' is not a valid timestamp: month must be in 1..12"]
