"""The NetIron CLI tells the network model about a line exactly when the line changed the running
configuration. It counts changes as the tree makes them (no full-config comparison per line);
here that count is held against the full comparison (``NetIronConfig.signature``) line by line:
rendered configurations typed in, typed again (no change), their settings negated and typed back,
and refused lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gen_inventory import generate
from mpls_interop.core.load import load_intent
from mpls_interop.ops.deploy import deployable_configs
from mpls_interop_lab.netiron.config import NetIronConfig
from mpls_interop_lab.netiron.tokens import ConfigError
from mpls_interop_lab.netiron.tree import CNode


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    for raw in text.splitlines():
        if raw.strip() and not raw.strip().startswith("!"):
            out.append((len(raw) - len(raw.lstrip()), raw.strip()))
    return out


def _type(cfg: NetIronConfig, lines: list[tuple[int, str]], seen: dict[str, int]) -> None:
    """Each line in the mode its indentation puts it in; the count must agree with the comparison."""
    stack: list[tuple[int, CNode]] = []
    for indent, line in lines:
        while stack and stack[-1][0] >= indent:
            stack.pop()
        before = cfg.signature()
        try:
            res = cfg.execute([n for _, n in stack], line)
        except ConfigError:
            assert cfg.signature() == before, f"refused {line!r} changed the configuration"
            seen["refused"] += 1
            continue
        changed = cfg.signature() != before
        assert res.changed == changed, f"{line!r}: changed={res.changed}, the configuration {'did' if changed else 'did not'} change"
        seen["changed" if changed else "same"] += 1
        if len(res.context) > len(stack):
            stack.append((indent, res.context[-1]))


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    inv = generate(Path(tmp_path_factory.mktemp("gen")) / "gen6", 6, 12)
    intent = load_intent(inv)
    names = [n for n, d in sorted(intent.devices.items()) if d.vendor == "netiron"]
    return deployable_configs(intent, names)


def test_changed_agrees_with_the_full_comparison(configs: dict[str, str]) -> None:
    seen = {"changed": 0, "same": 0, "refused": 0}
    for name, text in configs.items():
        cfg = NetIronConfig.factory(name)
        lines = _lines(text)
        _type(cfg, lines, seen)
        _type(cfg, lines, seen)  # again: nothing changes
        # every setting inside a block negated (its block entered first), then typed back
        negated: list[tuple[int, str]] = []
        header: tuple[int, str] | None = None
        for indent, line in lines:
            if indent == 0:
                header = (indent, line)
                continue
            if header is not None:
                negated += [header, (indent, f"no {line}"), header, (indent, line), header, (indent, f"no {line}")]
        _type(cfg, negated, seen)
        _type(cfg, lines, seen)
        _type(cfg, [(0, "interface ethe 9/99"), (0, "ip mtu 99999"), (0, "no vlan 4000")], seen)
        # a setting rewritten in place (same key, another value), and back
        port = next(line for _, line in lines if line.startswith("interface ethe"))
        rewrites = [(0, "vlan 3000 name a"), (0, "vlan 3000 name b"), (0, "vlan 3000 name b")]
        for setting in ("port-name a", "port-name b", "ip mtu 1400", "ip mtu 1400", "ip mtu 1500"):
            rewrites += [(0, port), (1, setting)]
        _type(cfg, rewrites, seen)
    assert seen["changed"] > 100 and seen["same"] > 100 and seen["refused"] > 0, seen
