"""Property-based fuzz of `lint-config`: any input gives findings or one clean input error."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpls_interop.core.configlint import lint_configs
from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from mpls_interop.sdk.errors import InputError
from tests.conftest import SEED_INVENTORY

RENDERED = render_all(load_intent(SEED_INVENTORY))
WORDS = [
    "{", "}", ";", "set", "interfaces", "unit", "family", "inet", "address", "198.51.100.1/33", "mtu", "9999",
    "protocols", "ospf", "area", "0.0.0.0", "interface", "ge-1/0/0.0", "routing-instances", "vpls", "vpls-id",
    "neighbor", "l2circuit", "virtual-circuit-id", "router", "mpls", "vll", "x", "1", "raw-mode", "vpls-peer",
    "ip", "ethernet", "1/1", "ve", "!", "\"", "#", "/*", "*/", "hostname", "system", "host-name", "-1", "", "lsp",
    "to", "10.0.0.2", "ip address", "255.255.255.0", "instance-type", "vlan-id", "none", "encapsulation-type",
]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lint(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            p = Path(tmp) / f"d{i}.conf"
            p.write_text(text, encoding="utf-8")
            paths.append(p)
        try:
            findings = lint_configs(paths)
        except InputError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        assert all(f.rule and f.message for f in findings)


lines = st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), max_size=25)


@SETTINGS
@given(lines, st.booleans(), st.booleans())
def test_token_soup_never_crashes(body, indent, junos):
    text = "\n".join((" " if indent and i % 2 else "") + b for i, b in enumerate(body))
    _lint([("protocols {\n" + text + "\n}\n") if junos else text])


@SETTINGS
@given(st.sampled_from(sorted(RENDERED)), st.data())
def test_mutated_rendered_configs_never_crash(device, data):
    text = RENDERED[device]
    lines_ = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["drop", "dup", "insert", "cut"]))
        i = data.draw(st.integers(0, max(len(lines_) - 1, 0)))
        if op == "drop" and lines_:
            del lines_[i]
        elif op == "dup" and lines_:
            lines_.insert(i, lines_[i])
        elif op == "insert":
            lines_.insert(i, " ".join(data.draw(st.lists(st.sampled_from(WORDS), max_size=5))))
        elif op == "cut" and lines_:
            j = data.draw(st.integers(0, len(lines_[i])))
            lines_[i] = lines_[i][:j]
    configs = dict(RENDERED)
    configs[device] = "\n".join(lines_) + "\n"
    _lint(list(configs.values()))


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes(text):
    _lint([text])
