"""Each field's constraints, checked through what a user sees: the problem code at the value."""

from __future__ import annotations

import pytest

from cjm.loader import load_text
from cjm.validate import validate_document

BASE = {
    "cjm": 1, "id": "m", "title": "T",
    "personas": [{"id": "p", "name": "P"}],
    "channels": [{"id": "kiosk", "name": "Kiosk", "kind": "physical"}],
    "stages": [{
        "id": "s", "name": "S", "emotion": 3,
        "touchpoints": [{"id": "t", "name": "T", "channel": "web", "emotion": 3}],
        "moments_of_truth": [{"id": "mot", "name": "M", "kind": "first", "touchpoint": "t"}],
        "pain_points": [{"id": "pp", "name": "P", "touchpoints": ["t"], "severity": "high", "evidence": "x"}],
        "desired_actions": [{"id": "da", "name": "D", "metric": "kpi"}],
        "completed_actions": [{"id": "ca", "fulfils": "da", "count": 1, "of": 2, "period": "2026-Q3"}],
        "opportunities": [{"id": "op", "name": "O", "addresses": ["pp"], "status": "idea", "impact": "low", "effort": "high"}],
        "metrics": [{"id": "kpi", "name": "K", "unit": "%", "target": 1, "actual": 0.5, "direction": "lower_is_better"}],
    }],
}


def codes(data: dict) -> list[tuple[str, str]]:
    import json

    checked = validate_document(load_text(json.dumps(data, ensure_ascii=False), "m.yaml"))
    return [(p.code, p.dotted_path) for p in checked.problems]


def with_value(path: tuple, value: object) -> dict:
    import copy

    data = copy.deepcopy(BASE)
    cur = data
    for part in path[:-1]:
        cur = cur[part]
    if value is KeyError:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return data


def test_the_full_base_map_is_valid() -> None:
    assert codes(BASE) == []


ENUMS = [
    ("channels", 0, "kind"), ("stages", 0, "moments_of_truth", 0, "kind"),
    ("stages", 0, "pain_points", 0, "severity"), ("stages", 0, "opportunities", 0, "status"),
    ("stages", 0, "metrics", 0, "direction"), ("state",),
]


@pytest.mark.parametrize("path", ENUMS, ids=lambda p: ".".join(map(str, p)))
def test_enums_refuse_other_values(path: tuple) -> None:
    assert codes(with_value(path, "sometimes")) == [("CJM013", _dotted(path))]


@pytest.mark.parametrize("path", [("stages", 0, "emotion"), ("stages", 0, "touchpoints", 0, "emotion")])
@pytest.mark.parametrize("value", [0, 6, -1])
def test_emotion_is_1_to_5(path: tuple, value: int) -> None:
    assert codes(with_value(path, value)) == [("CJM014", _dotted(path))]


@pytest.mark.parametrize("field", ["count", "of"])
def test_counts_are_whole_and_not_negative(field: str) -> None:
    path = ("stages", 0, "completed_actions", 0, field)
    assert codes(with_value(path, -1)) == [("CJM014", _dotted(path))]
    assert codes(with_value(path, 1.5)) == [("CJM012", _dotted(path))]
    assert codes(with_value(path, "3")) == [("CJM012", _dotted(path))]


REQUIRED = [
    ("id",), ("title",), ("stages",), ("personas", 0, "id"), ("personas", 0, "name"),
    ("channels", 0, "name"), ("stages", 0, "id"), ("stages", 0, "name"),
    ("stages", 0, "touchpoints", 0, "name"), ("stages", 0, "moments_of_truth", 0, "name"),
    ("stages", 0, "pain_points", 0, "name"), ("stages", 0, "desired_actions", 0, "name"),
    ("stages", 0, "completed_actions", 0, "count"), ("stages", 0, "opportunities", 0, "name"),
    ("stages", 0, "metrics", 0, "name"),
]


@pytest.mark.parametrize("path", REQUIRED, ids=lambda p: ".".join(map(str, p)))
def test_required_fields(path: tuple) -> None:
    assert codes(with_value(path, KeyError)) == [("CJM011", _dotted(path))]


def test_stages_cannot_be_empty() -> None:
    assert codes(with_value(("stages",), [])) == [("CJM011", "stages")]


@pytest.mark.parametrize("bad", ["Upper", "with space", "-leading", "ü-umlaut", "x" * 65, ""])
def test_ids_are_lowercase_slugs(bad: str) -> None:
    assert codes(with_value(("stages", 0, "id"), bad)) == [("CJM015", "stages[0].id")]


@pytest.mark.parametrize("path", [("title",), ("stages", 0, "name"), ("stages", 0, "pain_points", 0, "description")])
@pytest.mark.parametrize("value", [True, 12, 1.5, None, ["a"], {"a": "b"}])
def test_text_fields_take_text_only(path: tuple, value: object) -> None:
    optional = path[-1] == "description"
    expected = [] if value is None and optional else [("CJM012", _dotted(path))]
    assert codes(with_value(path, value)) == expected


@pytest.mark.parametrize("value", [True, 12, 1.5, {"a": "b"}])
def test_evidence_is_text_or_a_list_of_items(value: object) -> None:
    path = ("stages", 0, "pain_points", 0, "evidence")
    assert codes(with_value(path, value)) == [("CJM012", _dotted(path))]
    assert codes(with_value(path, ["a"])) == [("CJM012", _dotted(path + (0,)))]
    assert codes(with_value(path, [{"kind": "survey", "date": "2026-05-01", "sample": 40}])) == []


def test_numbers_take_ints_and_floats_but_not_text_or_booleans() -> None:
    path = ("stages", 0, "metrics", 0, "target")
    assert codes(with_value(path, 3)) == []
    assert codes(with_value(path, "3")) == [("CJM012", _dotted(path))]
    assert codes(with_value(path, True)) == [("CJM012", _dotted(path))]


def test_reviewed_is_a_date() -> None:
    assert codes(with_value(("reviewed",), "2026-09-30")) == []
    assert codes(with_value(("reviewed",), "30.09.2026")) == [("CJM016", "reviewed")]


def test_persona_attributes_take_text_or_a_mapping_of_text() -> None:
    path = ("personas", 0, "demographics")
    assert codes(with_value(path, "34, Warsaw")) == []
    assert codes(with_value(path, {"age": "34"})) == []
    assert codes(with_value(path, {"age": 34})) == [("CJM012", "personas[0].demographics.age")]
    assert codes(with_value(path, [1])) == [("CJM012", "personas[0].demographics")]


def _dotted(path: tuple) -> str:
    from cjm.problems import format_path

    return format_path(path)
