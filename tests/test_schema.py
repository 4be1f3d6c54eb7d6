"""The published JSON Schema of intent.yml: generated from the model, committed, up to date."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from mpls_interop.core.schema import schema_text
from tests.conftest import ROOT, SEED_INVENTORY

COMMITTED = ROOT / "schema" / "intent.schema.json"


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_is_up_to_date():
    assert COMMITTED.read_text() == schema_text(), "run: interop schema -o schema/intent.schema.json"


def test_seed_intent_is_valid_and_points_at_the_schema():
    text = (SEED_INVENTORY / "intent.yml").read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/intent.schema.json"
    assert (SEED_INVENTORY / "../../schema/intent.schema.json").resolve() == COMMITTED.resolve()
    validator().validate(yaml.safe_load(text))


@pytest.mark.parametrize("change, where", [
    (lambda d: d["links"][0].update(mtu=9000), "links/0"),
    (lambda d: d["services"]["vll"][0].update(mode="untagged"), "services/vll/0/mode"),
    (lambda d: d["links"][0]["ospf"].update(network_type="nbma"), "links/0/ospf"),
    (lambda d: d.update(devices={}), ""),
    (lambda d: d["mpls"]["ldp"].update(targeted="maybe"), "mpls/ldp/targeted"),
])
def test_schema_rejects_what_the_model_rejects(change, where):
    data = yaml.safe_load((SEED_INVENTORY / "intent.yml").read_text())
    change(data)
    errors = list(validator().iter_errors(data))
    assert errors
    assert any("/".join(str(p) for p in e.absolute_path).startswith(where) for e in errors)


def test_schema_command_prints_it():
    proc = subprocess.run([sys.executable, "-m", "mpls_interop", "schema"], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "mpls-interop intent.yml"
