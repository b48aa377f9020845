"""`cjm render --format md`: a Markdown summary per stage with the Mermaid diagram embedded."""

from __future__ import annotations

import pytest

from cjm.render import markdown, mermaid

from .helpers import FIXTURES, HOSTILE, assert_golden, fixture, journey


@pytest.mark.parametrize("name", FIXTURES)
def test_maps_match_golden_files(name: str) -> None:
    assert_golden(name.replace(".yaml", ".md"), markdown.render(fixture(name)))


def test_summary_embeds_mermaid_and_has_a_section_and_tables_per_stage() -> None:
    m = fixture("online-store-first-purchase.yaml")
    text = markdown.render(m)
    assert "```mermaid\n" + mermaid.render(m) + "```\n" in text
    for i, stage in enumerate(m.stages, 1):
        assert f"\n## {i}. {stage.name}\n" in text
    assert "| Touchpoint | Channel | Emotion | Owner |" in text
    assert "| Cart-to-order conversion | 32% | 45% | higher is better | ❌ missed |" in text


def test_hostile_text_cannot_break_tables_or_open_html() -> None:
    text = markdown.render(journey(HOSTILE))
    assert_golden("hostile.md", text)
    outside_diagram = text.split("```")[0] + text.split("```")[2]
    assert "<script>" not in outside_diagram and "&lt;script&gt;" in outside_diagram
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    assert tables
    for table in tables:  # every row has as many unescaped pipes as the header
        widths = {row.replace("\\|", "").count("|") for row in table}
        assert len(widths) == 1, table
