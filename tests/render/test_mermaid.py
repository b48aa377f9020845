"""`cjm render --format mermaid`: a Mermaid journey diagram GitHub renders natively."""

from __future__ import annotations

import pytest

from cjm.render import mermaid

from .helpers import FIXTURES, HOSTILE, assert_golden, fixture, journey


@pytest.mark.parametrize("name", FIXTURES)
def test_maps_match_golden_files(name: str) -> None:
    assert_golden(name.replace(".yaml", ".mmd"), mermaid.render(fixture(name)))


def test_stages_become_sections_touchpoints_tasks_emotion_scores_persona_actor() -> None:
    text = mermaid.render(journey("""
        cjm: 1
        id: m
        title: Buying a bike
        persona: rider
        personas: [{id: rider, name: Rider}]
        stages:
          - id: look
            name: Look around
            emotion: 2
            touchpoints:
              - {id: ad, name: Poster, channel: store, emotion: 4}
              - {id: shop, name: Shop visit}
          - id: buy
            name: Buy
    """))
    assert text == (
        "journey\n"
        "  title Buying a bike\n"
        "  section Look around\n"
        "    Poster: 4: Rider\n"
        "    Shop visit: 2: Rider\n"  # no emotion: the stage's
        "  section Buy\n"
        "    Buy: 3: Rider\n"  # a stage without touchpoints: one task named after it, neutral
    )


def test_characters_mermaid_cannot_take_are_replaced_and_keywords_defused() -> None:
    text = mermaid.render(journey(HOSTILE))
    assert_golden("hostile.mmd", text)
    lines = text.splitlines()
    assert lines[0] == "journey"
    for line in lines[1:]:
        assert "#" not in line and ";" not in line and "%%" not in line
        if line.startswith("    "):  # a task: name, score, actor, split by exactly two colons
            name, score, actor = line.strip().split(":")
            assert score.strip() in {"1", "2", "3", "4", "5"}
            assert "," not in actor
    # names that start with a keyword are not read as one
    assert "    \u200bjourney multi-line\uff1b name: 2: Ann\u201a" not in text
    assert any(line.startswith("    \u200bjourney multi-line") for line in lines)
    assert any(line.startswith("    \u200bTitle page") for line in lines)
    assert "  section \u200bsection 2%\uff05%" in lines or "  section \u200bsection 2%\uff05\uff05" in lines


def test_map_without_persona_has_no_actors() -> None:
    text = mermaid.render(journey("""
        cjm: 1
        id: m
        title: T
        stages: [{id: s, name: S, touchpoints: [{id: t, name: Tap, emotion: 5}]}]
    """))
    assert text.splitlines()[-1] == "    Tap: 5"


def test_rendering_twice_is_identical() -> None:
    m = fixture(FIXTURES[0])
    assert mermaid.render(m) == mermaid.render(m)
