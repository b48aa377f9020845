"""`cjm render` (html): one self-contained board; structure checked by parsing, not by eye."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from cjm import facts
from cjm.model import Severity
from cjm.render import html

from .helpers import FIXTURES, HOSTILE, fixture, journey


def parse(text: str):
    return lxml_html.document_fromstring(text)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_stage_touchpoint_pain_point_and_opportunity_is_on_the_board(name: str) -> None:
    m = fixture(name)
    doc = parse(html.render(m))
    stage_heads = [th.text_content() for th in doc.xpath("//table[@class='board']/thead//th[@scope='col']")]
    assert len(stage_heads) == len(m.stages)
    for stage, head in zip(m.stages, stage_heads, strict=True):
        assert stage.name in head
    for lane in ("touchpoints", "pain_points", "opportunities", "metrics", "moments_of_truth"):
        for _, _, item in m.lane_items(lane):
            (card,) = doc.xpath(f"//*[@id='el-{item.id}']")
            assert item.name in card.text_content()
    rows = [th.text_content() for th in doc.xpath("//th[@scope='row']")]
    for lane in ("Touchpoints", "Emotion", "Pain points", "Opportunities", "Desired actions", "Metrics"):
        assert any(r.startswith(lane) for r in rows), lane


def test_page_is_self_contained_no_external_urls() -> None:
    text = html.render(fixture(FIXTURES[0]))
    doc = parse(text)
    for el in doc.iter():
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            value = el.get(attr)
            if value is not None:
                assert value.startswith("#") or not re.match(r"^[a-z][a-z0-9+.-]*:|^//", value), value
    assert not doc.xpath("//script | //link | //img | //iframe | //object")
    assert "url(" not in text and "@import" not in text and "http://" not in text and "https://" not in text


def test_ids_are_unique_and_the_document_has_html5_basics() -> None:
    text = html.render(fixture(FIXTURES[0]))
    assert text.startswith("<!DOCTYPE html>\n")
    doc = parse(text)
    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert doc.get("lang") == "en"
    assert doc.xpath("//meta[@charset='utf-8']") and doc.xpath("//title")
    assert len(doc.xpath("//h1")) == 1 and doc.xpath("//main")
    for ref in doc.xpath("//a/@href"):  # every in-page link lands somewhere
        assert ref[1:] in ids


@pytest.mark.parametrize("name", [*FIXTURES, "hostile"])
def test_page_parses_as_html5_without_a_single_parse_error(name: str) -> None:
    html5lib = pytest.importorskip("html5lib", reason="html5lib is in the dev extra")
    m = journey(HOSTILE) if name == "hostile" else fixture(name)
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    parser.parse(html.render(m))  # strict: raises on the first parse error the HTML5 spec defines
    assert parser.errors == []


def test_hostile_names_render_as_text() -> None:
    m = journey(HOSTILE)
    text = html.render(m)
    doc = parse(text)
    assert not doc.xpath("//script | //img | //b | //i")  # nothing from the map became markup
    assert not [el for el in doc.iter() if any(a.startswith("on") for a in el.attrib)]
    body = doc.text_content()
    assert "<script>alert('x')</script>" in body
    assert '"><img src=x onerror=alert(1)>' in body
    assert "&lt;script&gt;" in text and "<script>" not in text


def test_emotion_curve_has_a_point_per_rated_stage_and_touchpoint_and_a_text_alternative() -> None:
    m = fixture("online-store-first-purchase.yaml")
    doc = parse(html.render(m))
    (svg,) = doc.xpath("//svg[@role='img'][contains(@aria-labelledby, 'curve-title')]")
    rated = [t for _, _, t in m.lane_items("touchpoints") if t.emotion is not None]
    assert len(svg.xpath(".//circle[contains(@class, 'tp-dot')]")) == len(rated)
    assert len(svg.xpath(".//circle[@class='stage-dot']")) == len(m.stages)
    desc = svg.xpath(".//desc")[0].text_content()
    for stage in m.stages:
        assert stage.name in desc
    assert "3 of 5, neutral" in desc


def test_funnel_shows_conversion_and_drop_off_and_metrics_met_or_missed() -> None:
    m = journey("""
        cjm: 1
        id: f
        title: Funnel
        stages:
          - id: a
            name: A
            desired_actions: [{id: da-a, name: Sign up, metric: m-a}]
            completed_actions: [{id: ca-a, fulfils: da-a, count: 400, of: 1000}]
            metrics:
              - {id: m-a, name: Sign-up rate, unit: "%", target: 30, actual: 40}
          - id: b
            name: B
            desired_actions: [{id: da-b, name: Pay}]
            completed_actions: [{id: ca-b, fulfils: da-b, count: 100, of: 400}]
            metrics:
              - {id: m-b, name: Wait time, unit: min, target: 5, actual: 9, direction: lower_is_better}
    """)
    (funnel,) = facts.of(m).funnels
    assert [s.completed.fraction for s in funnel.steps] == [0.4, 0.25]
    assert funnel.steps[0].drop_off is None and funnel.steps[1].drop_off.fraction == 0.75
    assert [x.status for x in facts.of(m).metrics.values()] == ["met", "missed"]
    doc = parse(html.render(m))
    b = doc.xpath("//*[@id='el-da-b']")[0].text_content()
    assert "100 of 400 (25.0%)" in b and "75.0% lost since the previous step (300 of 400)" in b
    assert "✓ met" in doc.xpath("//*[@id='el-m-a']")[0].text_content()
    missed = doc.xpath("//*[@id='el-m-b']")[0].text_content()
    assert "✗ missed" in missed and "lower is better" in missed


def test_pain_point_is_resolved_when_a_done_opportunity_addresses_it() -> None:
    m = journey("""
        cjm: 1
        id: p
        title: Pains
        stages:
          - id: a
            name: A
            pain_points:
              - {id: pp-1, name: Slow, severity: high}
              - {id: pp-2, name: Rude, severity: low}
            opportunities:
              - {id: op-1, name: Faster, addresses: [pp-1], status: done}
              - {id: op-2, name: Training, addresses: [pp-2], status: planned}
    """)
    f = facts.of(m)
    assert [p.id for p in f.open_pain_points] == ["pp-2"]
    assert f.open_by_severity() == [(Severity.low, 1)]
    card = parse(html.render(m)).xpath("//*[@id='el-pp-1']")[0].text_content()
    assert "resolved" in card and "Addressed by: Faster" in card


def test_state_owner_and_reviewed_date_are_shown() -> None:
    m = journey("""
        cjm: 1
        id: s
        title: Future
        state: future
        owner: CX guild
        reviewed: 2026-01-31
        stages: [{id: a, name: A}]
    """)
    header = parse(html.render(m)).xpath("//header")[0].text_content()
    assert "Future state" in header and "CX guild" in header and "2026-01-31" in header


def test_rendering_twice_is_byte_identical() -> None:
    m = fixture(FIXTURES[1])
    assert html.render(m) == html.render(m)
