"""The JSON Schema editors use: generated from the models, committed, and kept current."""

from __future__ import annotations

import json

import jsonschema
import yaml
from conftest import ROOT, SAMPLES

from cjm.model import json_schema

SCHEMA_FILE = ROOT / "schema" / "cjm.schema.json"


def test_the_committed_schema_is_current() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "schema/cjm.schema.json is stale: run `make schema`"


def test_cjm_schema_prints_it(cjm) -> None:
    result = cjm("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


def test_sample_maps_point_editors_at_the_schema_and_pass_it() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    for path in sorted(SAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/cjm.schema.json\n"), path
        data = json.loads(json.dumps(yaml.safe_load(text), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], (path.name, errors[:3])


def test_schema_rejects_typos_and_allows_x_keys() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    base = {"cjm": 1, "id": "m", "title": "T", "stages": [{"id": "s", "name": "S"}]}
    assert validator.is_valid(base)
    assert validator.is_valid({**base, "x-team": {"a": 1}})
    assert not validator.is_valid({**base, "titel": "x"})
    assert not validator.is_valid({**base, "stages": [{"id": "s", "name": "S", "emotion": 6}]})


def test_schema_accepts_a_library_file_and_the_hierarchy_fields() -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    library = {"cjm": 1, "library": "core", "title": "Shared",
               "personas": [{"id": "anna", "name": "Anna"}],
               "channels": [{"id": "kiosk", "name": "Kiosk", "kind": "physical"}],
               "metrics": [{"id": "nps", "name": "NPS", "target": 40}]}
    assert validator.is_valid(library)
    assert not validator.is_valid({**library, "stages": [{"id": "s", "name": "S"}]})
    assert not validator.is_valid({**library, "personas": [{"id": "anna"}]})
    child = {"cjm": 1, "id": "onboarding", "title": "T", "parent": "become-a-customer",
             "stages": [{"id": "s", "name": "S", "detail": "kyc",
                         "touchpoints": [{"id": "t", "name": "T", "detail": "kyc-call"}]}]}
    assert validator.is_valid(child)
    assert not validator.is_valid({**child, "library": "core"})
