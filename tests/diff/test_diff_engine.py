"""The engine on typed maps: matched by id, never by position; every kind of change and meaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import dedent

from cjm.diff import Change, diff_maps
from cjm.loader import load_text
from cjm.model import JourneyMap
from cjm.validate import validate_document

MAPS = Path(__file__).parent / "maps"


def parse(text: str) -> JourneyMap:
    checked = validate_document(load_text(dedent(text)))
    assert checked.ok, checked.problems
    assert checked.map is not None
    return checked.map


def load(name: str) -> JourneyMap:
    return parse((MAPS / name).read_text(encoding="utf-8"))


def find(changes: list[Change], **attrs: object) -> list[Change]:
    return [c for c in changes if all(getattr(c, k) == v for k, v in attrs.items())]


@pytest.fixture(scope="module")
def pair():
    return diff_maps(load("old.yaml"), load("new.yaml"))


def test_identical_maps_have_no_changes():
    result = diff_maps(load("old.yaml"), load("old.yaml"))
    assert result.changes == []
    assert result.summary.line() == "no changes"
    assert not result.warnings


def test_reordered_keys_and_reformatted_yaml_give_no_changes():
    a = parse("""
        cjm: 1
        id: m
        title: Map
        stages:
          - id: s1
            name: First
            touchpoints:
              - {id: t1, name: Site, channel: web, emotion: 3, next: [t2]}
              - {id: t2, name: Cart, emotion: 4}
    """)
    b = parse("""
        title: "Map"   # a comment, another quoting style
        stages:
        - touchpoints:
          - next:
            - t2
            emotion: 3
            channel: web
            name: 'Site'
            id: t1
          - name: Cart
            emotion: 4
            id: t2
          name: First
          id: s1
        id: m
        cjm: 1
    """)
    assert diff_maps(a, b).changes == []


def test_stage_renamed_is_the_same_stage(pair):
    (renamed,) = find(pair.changes, kind="renamed")
    assert (renamed.element_kind, renamed.id, renamed.old, renamed.new) == (
        "stage", "interest", "Интерес", "Выбор товара")
    assert not find(pair.changes, element_kind="stage", kind="removed")


def test_touchpoint_moved_to_another_stage(pair):
    (moved,) = find(pair.changes, kind="moved")
    assert (moved.id, moved.old, moved.new, moved.stage) == ("tp-catalog", "interest", "purchase", "purchase")


def test_added_and_removed_elements(pair):
    assert {(c.element_kind, c.id) for c in find(pair.changes, kind="added")} == {
        ("touchpoint", "tp-chat"), ("pain point", "pp-long-form")}
    assert {(c.element_kind, c.id) for c in find(pair.changes, kind="removed")} == {
        ("touchpoint", "tp-call"), ("pain point", "pp-unknown-brand")}


def test_pain_points_resolved_by_removal_and_by_a_done_opportunity(pair):
    resolved = find(pair.changes, meaning="pain_point_resolved")
    assert {(c.kind, c.id) for c in resolved} == {
        ("removed", "pp-unknown-brand"), ("changed", "pp-slow-site")}
    (by_opportunity,) = find(resolved, kind="changed")
    assert by_opportunity.related == ("op-fast-site",)
    assert find(pair.changes, id="op-fast-site", field="status")[0].meaning == "opportunity_progressed"
    assert find(pair.changes, id="pp-long-form")[0].meaning == "pain_point_introduced"


def test_emotion_raised(pair):
    (emotion,) = find(pair.changes, field="emotion")
    assert (emotion.id, emotion.name, emotion.stage, emotion.old, emotion.new, emotion.meaning) == (
        "tp-site", "Посещение сайта", "interest", 2, 4, "emotion_up")
    curve = {p.stage: (p.old, p.new) for p in pair.curve}
    assert curve["interest"] == (2.3, 4)  # no stage emotion: the touchpoints' mean
    assert curve["purchase"] == (3, 3)


def test_kpi_moves_by_direction(pair):
    lcp = find(pair.changes, id="m-lcp", field="actual")[0]
    assert (lcp.old, lcp.new, lcp.meaning) == (4.1, 2.3, "metric_improved")  # lower is better
    assert lcp.note == "target 2.5 s, now met"
    conversion_metric = find(pair.changes, id="m-conversion", field="actual")[0]
    assert conversion_metric.meaning == "metric_improved"


def test_funnel_conversion_changed(pair):
    (rate,) = find(pair.changes, field="conversion")
    assert (rate.id, rate.name, rate.old, rate.new, rate.meaning) == (
        "ca-pay", "Оплатить заказ", 0.3, 0.375, "conversion_up")


def test_flow_edges_and_persona(pair):
    flow = find(pair.changes, field="next")
    assert {(c.meaning, c.old, c.new) for c in flow} == {
        ("flow_added", None, "tp-chat"), ("flow_removed", "tp-catalog", None)}
    (persona,) = find(pair.changes, field="persona")
    assert (persona.old, persona.new, persona.meaning) == ("anna", "pavel", "persona_switched")


def test_summary_line(pair):
    assert pair.summary.line() == (
        "2 added, 2 removed, 6 changed, 1 renamed, 1 moved · 1 pain point introduced · "
        "2 pain points resolved · 1 opportunity progressed · metrics ↑2 ↓0 · conversion ↑1 ↓0 · "
        "flow +1 −1 · persona switched · emotion ↑1 ↓0"
    )


STAGES = """
    cjm: 1
    id: {id}
    title: Stages
    stages:
{stages}
"""


def stages_map(ids: list[str], map_id: str = "m") -> JourneyMap:
    body = "\n".join(f"      - id: {s}\n        name: Stage {s.upper()}" for s in ids)
    return parse(STAGES.format(id=map_id, stages=body))


def test_stage_order_change_names_only_the_stage_that_moved():
    result = diff_maps(stages_map(["a", "b", "c", "d"]), stages_map(["a", "c", "d", "b"]))
    assert [(c.kind, c.id, c.old, c.new) for c in result.changes] == [("reordered", "b", 2, 4)]
    assert result.summary.line() == "1 reordered"


def test_maps_with_different_ids_warn_once_then_diff():
    result = diff_maps(stages_map(["a"], "current-state"), stages_map(["a", "b"], "future-state"))
    assert result.warnings == [
        "comparing two different maps: 'current-state' (Stages) and 'future-state' (Stages)"]
    assert [(c.kind, c.id) for c in result.changes] == [("added", "b")]


def test_an_id_that_changed_kind_is_removed_and_added():
    old = parse("""
        cjm: 1
        id: m
        title: M
        stages:
          - id: s
            name: S
            touchpoints: [{id: x, name: X}]
    """)
    new = parse("""
        cjm: 1
        id: m
        title: M
        stages:
          - id: s
            name: S
            pain_points: [{id: x, name: X}]
    """)
    assert [(c.kind, c.element_kind) for c in diff_maps(old, new).changes] == [
        ("added", "pain point"), ("removed", "touchpoint")]


def test_metric_worse_and_opportunity_back_and_extension_fields():
    old = parse("""
        cjm: 1
        id: m
        title: M
        stages:
          - id: s
            name: S
            x-team: Growth
            metrics: [{id: nps, name: NPS, target: 40, actual: 42}]
            opportunities: [{id: o, name: O, status: planned}]
    """)
    new = parse("""
        cjm: 1
        id: m
        title: M
        stages:
          - id: s
            name: S
            x-team: Retention
            metrics: [{id: nps, name: NPS, target: 40, actual: 35}]
            opportunities: [{id: o, name: O, status: idea}]
    """)
    changes = diff_maps(old, new).changes
    assert [(c.id, c.field, c.old, c.new, c.meaning, c.note) for c in changes] == [
        ("s", "x-team", "Growth", "Retention", None, None),
        ("o", "status", "planned", "idea", "opportunity_regressed", None),
        ("nps", "actual", 42, 35, "metric_worsened", "target 40, no longer met"),
    ]
