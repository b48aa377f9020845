"""Every field the format has is compared: a change to any of them is reported.

The changes are generated from the pydantic model itself (``cjm/model.py``): for each element kind,
each field in ``model_fields`` (and, inside it, each field of a nested model such as an evidence
item or a history point) gets a new value the model accepts, and the diff must name it. A field
added to the model later is covered by this test without a change here.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from cjm import model as m
from cjm.diff.engine import diff_libraries, diff_maps

BASE: dict[str, Any] = {
    "cjm": 1, "id": "shop", "title": "Shop",
    "personas": [{"id": "anna", "name": "Anna"}],
    "channels": [{"id": "kiosk", "name": "Kiosk"}],
    "stages": [
        {"id": "aware", "name": "Awareness", "touchpoints": [
            {"id": "tp-ad", "name": "Ad"}, {"id": "tp-site", "name": "Site"}]},
        {"id": "buy", "name": "Purchase",
         "touchpoints": [{"id": "tp-pay", "name": "Pay"}],
         "moments_of_truth": [{"id": "mot-pay", "name": "First payment"}],
         "pain_points": [{"id": "pp-slow", "name": "Slow", "touchpoints": ["tp-ad"],
                          "evidence": [{"kind": "interview"}]}],
         "desired_actions": [{"id": "da-pay", "name": "Pay"}],
         "completed_actions": [{"id": "ca-pay", "fulfils": "da-pay", "count": 10}],
         "opportunities": [{"id": "opp-fast", "name": "Faster", "evidence": [{"kind": "survey"}]}],
         "metrics": [{"id": "m-conv", "name": "Conversion",
                      "history": [{"period": "2026-01", "value": 1}]}]},
    ],
}

LIBRARY: dict[str, Any] = {
    "cjm": 1, "library": "people",
    "personas": [{"id": "lib-anna", "name": "Anna"}],
    "channels": [{"id": "lib-kiosk", "name": "Kiosk"}],
    "metrics": [{"id": "lib-nps", "name": "NPS", "history": [{"period": "2026-01", "value": 1}]}],
}

# Where one element of each kind sits in BASE (LIBRARY for "library").
WHERE: dict[type[BaseModel], tuple[Any, ...]] = {
    m.JourneyMap: (),
    m.Persona: ("personas", 0),
    m.Channel: ("channels", 0),
    m.Stage: ("stages", 1),
    m.Touchpoint: ("stages", 1, "touchpoints", 0),
    m.MomentOfTruth: ("stages", 1, "moments_of_truth", 0),
    m.PainPoint: ("stages", 1, "pain_points", 0),
    m.DesiredAction: ("stages", 1, "desired_actions", 0),
    m.CompletedAction: ("stages", 1, "completed_actions", 0),
    m.Opportunity: ("stages", 1, "opportunities", 0),
    m.Metric: ("stages", 1, "metrics", 0),
}

# Fields that hold elements with ids of their own: compared element by element, as their kinds.
CONTAINERS = {m.JourneyMap: {"personas", "channels", "stages"}, m.Stage: set(m.LANES),
              m.Library: {"personas", "channels", "metrics"}}

# Values tried, in turn, for a field, until the model takes one that differs from the old value.
POOL: list[Any] = ["de", "tp-site", "2027-Q1", "Changed text", 2, 4, 7, 123.5, True,
                   "2030-01-02", ["tp-site", "tp-pay"], ["Changed"], {"age": "30"}, {"fit": 2}, [],
                   None]


def nested_models(annotation: Any) -> Iterator[type[BaseModel]]:
    """The models inside a field's type (``list[EvidenceItem] | str`` → EvidenceItem)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from nested_models(arg)


def enum_values(annotation: Any) -> Iterator[str]:
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        yield from (e.value for e in annotation)
    for arg in typing.get_args(annotation):
        yield from enum_values(arg)


def at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def field_cases(kind: type[BaseModel], path: tuple[Any, ...], data: dict[str, Any]
                ) -> Iterator[tuple[str, tuple[Any, ...], str, Any]]:
    """(case name, path of the element, field, new value) for every field, nested ones too."""
    element = at(data, path)
    for name, info in kind.model_fields.items():
        if name in ("extensions", *CONTAINERS.get(kind, ())):
            continue
        models = list(nested_models(info.annotation))
        for sub in models:  # a list of nested models: change each field of its first item
            items = element.get(name)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                for case, _p, sub_field, new in field_cases(sub, (*path, name, 0), data):
                    yield f"{kind.__name__}.{name}[0].{case.split('.', 1)[1]}", path, name, \
                        (sub_field, new)
        old = getattr(kind.model_validate(element), name)  # defaults count as values
        candidates = [*enum_values(info.annotation), *POOL]
        for value in candidates:
            trial = dict(element, **{name: value})
            try:
                if getattr(kind.model_validate(trial), name) == old:
                    continue
            except ValidationError:
                continue
            yield f"{kind.__name__}.{name}", path, name, value
            break
        else:
            if name != "cjm":  # the format version has one value
                pytest.fail(f"no value found to change {kind.__name__}.{name}")


def changed(data: dict[str, Any], path: tuple[Any, ...], name: str, new: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    element = at(out, path)
    if isinstance(new, tuple):  # a field of the first nested item
        sub_field, value = new
        element[name][0][sub_field] = value
    else:
        element[name] = value if (value := new) is not None else None
    return out


MAP_CASES = [case for kind, path in WHERE.items() for case in field_cases(kind, path, BASE)]
LIBRARY_CASES = list(field_cases(m.Library, (), LIBRARY))
for kind, path in ((m.Persona, ("personas", 0)), (m.Channel, ("channels", 0)),
                   (m.Metric, ("metrics", 0))):
    LIBRARY_CASES += list(field_cases(kind, path, LIBRARY))


def test_every_element_kind_of_the_model_is_covered():
    kinds = {t for t in vars(m).values() if isinstance(t, type) and issubclass(t, m.Element)
             and t is not m.Element and "id" in t.model_fields}
    assert kinds <= set(WHERE), f"add these kinds to WHERE: {kinds - set(WHERE)}"


@pytest.mark.parametrize(("case", "path", "name", "new"), MAP_CASES, ids=[c[0] for c in MAP_CASES])
def test_a_change_to_any_field_of_a_map_is_reported(case, path, name, new):
    old_map = m.JourneyMap.model_validate(BASE)
    new_map = m.JourneyMap.model_validate(changed(BASE, path, name, new))
    result = diff_maps(old_map, new_map)
    if name == "id":  # an element's id is its identity: it goes, another comes
        assert result.changes or result.warnings, case
        return
    ident = at(BASE, path).get("id")
    fields = {c.field for c in result.changes if c.id == ident}
    assert name in fields, f"{case}: {name} → {new!r} not reported ({result.changes})"


@pytest.mark.parametrize(("case", "path", "name", "new"), LIBRARY_CASES,
                         ids=[c[0] for c in LIBRARY_CASES])
def test_a_change_to_any_field_of_a_library_is_reported(case, path, name, new):
    old = m.Library.model_validate(LIBRARY)
    new_lib = m.Library.model_validate(changed(LIBRARY, path, name, new))
    result = diff_libraries(old, new_lib)
    if name in ("id", "library"):
        assert result.changes or result.old_id != result.new_id, case
        return
    ident = at(LIBRARY, path).get("id", "people")
    fields = {c.field for c in result.changes if c.id == ident}
    assert name in fields, f"{case}: {name} → {new!r} not reported ({result.changes})"


def test_moving_a_pain_point_to_another_touchpoint_is_reported():
    """The issue's own example: `touchpoints: [tp-ad]` → `[tp-site]` was "no changes"."""
    after = changed(BASE, ("stages", 1, "pain_points", 0), "touchpoints", ["tp-site"])
    result = diff_maps(m.JourneyMap.model_validate(BASE), m.JourneyMap.model_validate(after))
    (change,) = result.changes
    assert (change.id, change.field, change.old, change.new) == (
        "pp-slow", "touchpoints", ["tp-ad"], ["tp-site"])
    assert change.note == "+Site, −Ad"
    assert result.summary.line() == "1 changed"


def test_the_generated_cases_reach_nested_fields():
    names = {c[0] for c in MAP_CASES}
    assert "Metric.history[0].note" in names and "PainPoint.evidence[0].quote" in names
    assert dt.date  # dates are among the values the pool offers ("2030-01-02")
