"""The toolkit's rendered Junos configuration is valid against Juniper's YANG: checked by the
emulator's compiled schema always, and by the independent validator in ../shared/tools when it is
there (an oracle run as a separate program, never copied). The oracle also cross-checks the
emulator's statement table: what one refuses, the other refuses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mpls_interop.core.load import load_intent
from mpls_interop.core.render import render_all
from mpls_interop_lab.junos.config import JunosConfig
from mpls_interop_lab.junos.device import JunosDevice
from mpls_interop_lab.junos.must import must_errors
from tests.conftest import SEED_INVENTORY, SHARED
from tests.test_junos_schema import BASE, CASES

ORACLE = SHARED / "tools" / "validate_junos.py"
YANG = SHARED / "yang" / "junos-23.4R1"


def _junos_texts(inventory: Path) -> dict[str, str]:
    intent = load_intent(inventory)
    return {n: t for n, t in render_all(intent).items() if intent.devices[n].vendor == "junos"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.gen_inventory import generate

    return generate(tmp_path_factory.mktemp("gen"), routers=6, services=12)


def _inventories(generated: Path) -> dict[str, Path]:
    return {"seed": SEED_INVENTORY, "generated": generated}


def test_rendered_configs_load_and_commit_on_the_emulator(generated: Path) -> None:
    for inv in _inventories(generated).values():
        for name, text in _junos_texts(inv).items():
            cfg = JunosConfig.parse_text(text)  # raises on any statement the schema refuses
            unreadable: list[str] = []
            assert must_errors(cfg.clean().effective().root, unreadable) == [], name
            assert unreadable == [], (name, unreadable[:3])  # every constraint met is evaluated
            dev = JunosDevice(name, model=load_intent(inv).devices[name].model or "MX80")
            dev.load(None, text, fmt="text", action="replace")
            assert dev.commit(None), name


# ---- the oracle -----------------------------------------------------------------------------------


def _oracle(text: str, tmp_path: Path) -> list[dict]:
    if not ORACLE.is_file() or not YANG.is_dir():
        pytest.skip("../shared/tools/validate_junos.py or the 23.4R1 YANG not available")
    pytest.importorskip("pyang")
    cfg = tmp_path / "config.txt"
    cfg.write_text(text)
    res = subprocess.run(
        [sys.executable, str(ORACLE), str(cfg), str(YANG), "--format", "json", "-q"],
        capture_output=True, text=True, timeout=1800,
    )
    assert res.returncode in (0, 1), res.stderr[-2000:]
    data = json.loads(res.stdout or "{}")
    findings = data.get("findings", data) if isinstance(data, dict) else data
    return [f for f in findings if isinstance(f, dict)]


def _kinds(findings: list[dict]) -> set[str]:
    return {str(f.get("level", "")).upper() for f in findings}


def test_oracle_accepts_the_rendered_configs(generated: Path, tmp_path: Path) -> None:
    for inv in _inventories(generated).values():
        for name, text in _junos_texts(inv).items():
            bad = [f for f in _oracle(text, tmp_path) if str(f.get("level", "")).upper() in ("INVALID", "MUST")]
            assert bad == [], (name, bad[:3])


def _lines(content: str) -> list[str]:
    return [line for line in content.splitlines() if line.strip()]


def test_oracle_agrees_with_the_emulator_on_the_statement_table(tmp_path: Path) -> None:
    """Set-format rows: load refusals are INVALID for the oracle, valid rows are clean for it,
    junos:must refusals are MUST for it (platform checks are the emulator's own: not compared)."""
    load_rows = [c for c in CASES if c[1] == "set" and c[3] == "load"]
    base_lines = len(_lines(BASE))
    text = BASE
    row_of_line: dict[int, str] = {}
    line = base_lines
    for case_id, _, content, _, _ in load_rows:
        for stmt in _lines(content):
            line += 1
            row_of_line[line] = case_id
            text += stmt + "\n"
    findings = _oracle(text, tmp_path)
    flagged = {row_of_line.get(int(f.get("line", 0))) for f in findings
               if str(f.get("level", "")).upper() == "INVALID"}
    missed = [c[0] for c in load_rows if c[0] not in flagged]
    assert missed == [], f"the oracle accepts rows the emulator refuses: {missed}"

    ok_rows = [c for c in CASES if c[1] == "set" and c[3] == "ok"]
    text = BASE + "".join(stmt + "\n" for c in ok_rows for stmt in _lines(c[2]))
    bad = [f for f in _oracle(text, tmp_path) if str(f.get("level", "")).upper() in ("INVALID", "MUST")]
    assert bad == [], bad[:3]

    for case_id, fmt, content, outcome, _ in CASES:
        if fmt == "set" and outcome == "commit" and case_id in (
            "vlan-id-none-in-vrf", "vlan-tags-in-vrf", "vlan-tags-untagged", "native-vlan-needs-flex"
        ):
            findings = _oracle(BASE + content + "\n", tmp_path)
            assert "MUST" in _kinds(findings), (case_id, findings[:3])


def test_shipped_schema_is_what_the_build_script_makes_from_the_yang(tmp_path: Path) -> None:
    """The package data is reproducible from Juniper's YANG with tools/build_junos_schema.py."""
    import gzip

    if not YANG.is_dir():
        pytest.skip("../shared/yang/junos-23.4R1 not available")
    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, str(root / "tools" / "build_junos_schema.py"), str(YANG),
                          str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    shipped = root / "src" / "mpls_interop_lab" / "junos" / "schema"
    for kind in ("conf", "rpc"):
        name = f"junos-23.4R1-{kind}.json.gz"
        built = json.loads(gzip.decompress((tmp_path / name).read_bytes()))
        assert built == json.loads(gzip.decompress((shipped / name).read_bytes())), name
