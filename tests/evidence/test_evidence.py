"""Evidence and confidence, as a team meets them: write a map whose pain points say how we know,
then read the board, the report, the CSV and lint. One definition (docs/format.md) behind all."""

from __future__ import annotations

import json

import pytest

from cjm import facts as F
from cjm.loader import load_text
from cjm.model import Confidence
from cjm.validate import validate_document

MAP = """\
cjm: 1
id: checkout
title: Checkout
lang: {lang}
stages:
  - id: pay
    name: Pay
    touchpoints:
      - {{id: tp-pay, name: Payment page, channel: web}}
    pain_points:
      - id: pp-fees
        name: Hidden fees
        severity: critical
        touchpoints: [tp-pay]
        evidence:
          - kind: interview
            source: Round 3
            date: 2026-05-01
            sample: 12
            quote: I gave up when the total jumped
          - {{kind: analytics, source: Checkout funnel, date: "2026-09-30"}}
        confidence: validated
      - id: pp-slow
        name: Slow confirmation
        severity: high
        evidence:
          - {{kind: assumption, source: Team workshop}}
      - id: pp-lost
        name: Lost receipts
        severity: critical
      - id: pp-labels
        name: Confusing labels
        severity: low
        evidence: Support tickets mention it
    opportunities:
      - id: op-fees
        name: Show fees early
        addresses: [pp-fees]
        evidence: [{{kind: usability_test, source: Prototype test, sample: 5}}]
        confidence: reasoned
"""


def journey(lang: str = "en"):
    checked = validate_document(load_text(MAP.format(lang=lang), "m.yaml"))
    assert checked.map is not None and not checked.problems, checked.problems
    return checked.map


def test_confidence_is_stated_or_derived_the_one_way() -> None:
    f = F.of(journey())
    got = {p.id: (p.confidence, p.backing.stated, p.assumption_only) for p in f.pain_points}
    assert got == {
        "pp-fees": (Confidence.validated, True, False),
        "pp-slow": (Confidence.assumption, False, True),  # assumption items only
        "pp-lost": (Confidence.assumption, False, True),  # no evidence at all
        "pp-labels": (Confidence.reasoned, False, False),  # free text: someone wrote a reason down
    }
    fees = f.pain_index["pp-fees"].backing
    assert fees.latest is not None and fees.latest.isoformat() == "2026-09-30"
    assert fees.items[0].quote == "I gave up when the total jumped" and fees.items[0].sample == 12
    assert f.opportunity_backing["op-fees"].confidence is Confidence.reasoned
    assert f.open_by_confidence() == [(Confidence.assumption, 2), (Confidence.reasoned, 1),
                                      (Confidence.validated, 1)]
    # critical weighs 2, high 1: pp-slow (1) + pp-lost (2) of pp-fees (2) + pp-slow + pp-lost
    assert f.severe_on_assumptions == F.Rate(3, 5)


def test_the_board_hatches_assumption_only_pain_and_discloses_evidence(write, cjm, tmp_path) -> None:
    path = write("m.yaml", MAP.format(lang="en"))
    out = tmp_path / "board.html"
    assert cjm("render", str(path), "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    slow = page[page.index('id="el-pp-slow"'):page.index('id="el-pp-lost"')]
    assert "conf-assumption" in page[page.rindex("<li", 0, page.index('id="el-pp-slow"')):page.index('id="el-pp-slow"')]
    assert "? assumption only" in slow
    fees = page[page.index('id="el-pp-fees"'):page.index('id="el-pp-slow"')]
    assert "✓ validated" in fees
    assert '<details class="evidence"><summary>2 evidence items</summary>' in fees
    assert "interview, Round 3, 2026-05-01, n = 12" in fees
    assert "<q>I gave up when the total jumped</q>" in fees
    assert "2</span>open pain points rest on assumptions only" in page


def test_the_board_labels_confidence_in_the_maps_language(write, cjm, tmp_path) -> None:
    path = write("m.yaml", MAP.format(lang="ru"))
    out = tmp_path / "board.html"
    assert cjm("render", str(path), "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "? только допущение" in page and "✓ подтверждено" in page
    assert "интервью, Round 3" in page and "2 доказательства" in page


def test_the_report_counts_pain_points_by_confidence(write, cjm) -> None:
    path = write("m.yaml", MAP.format(lang="en"))
    text = cjm("report", str(path)).stdout
    assert "Open pain points by confidence: assumption only 2, reasoned 1, validated 1." in text
    assert "60.0% of the open critical and high pain (critical counted twice) rests on assumptions only." in text
    markdown = cjm("report", "-f", "markdown", str(path)).stdout
    assert "assumption only 2, reasoned 1, validated 1" in markdown
    data = json.loads(cjm("report", "-f", "json", str(path)).stdout)
    assert data["open_pain_points_by_confidence"] == {"assumption": 2, "reasoned": 1, "validated": 1}
    assert data["severe_pain_on_assumptions"] == {"count": 3, "base": 5, "rate": 0.6}
    fees = next(p for p in data["pain_points"] if p["id"] == "pp-fees")
    assert (fees["confidence"], fees["confidence_stated"], fees["evidence_items"],
            fees["evidence_date"]) == ("validated", True, 2, "2026-09-30")


def test_the_portfolio_ranks_maps_by_severe_pain_on_assumptions(write, cjm, tmp_path) -> None:
    write("maps/a.yaml", MAP.format(lang="en"))
    backed = MAP.format(lang="en").replace("id: checkout", "id: backed").replace(
        "title: Checkout", "title: Backed").replace(
        "          - {kind: assumption, source: Team workshop}",
        "          - {kind: survey, source: NPS}").replace(
        "        name: Lost receipts\n", "        name: Lost receipts\n        evidence: Tickets\n")
    write("maps/b.yaml", backed)
    write("maps/c.yaml", """\
        cjm: 1
        id: calm
        title: Calm
        stages:
          - id: s
            name: S
            pain_points:
              - {id: pp-x, name: X, severity: low}
        """)
    text = cjm("report", str(tmp_path / "maps")).stdout
    block = text[text.index("Severe pain resting on assumptions"):]
    rows = [line.split() for line in block.splitlines() if line.strip()[:1].isdigit()]
    assert [(r[0], r[1], r[3]) for r in rows] == [("1", "Checkout", "60.0%"), ("2", "Backed", "0.0%")]
    data = json.loads(cjm("report", "-f", "json", str(tmp_path / "maps")).stdout)
    assert [(m["id"], m["rate"]) for m in data["severe_pain_on_assumptions"]] == [
        ("checkout", 0.6), ("backed", 0.0)]


def test_csv_export_writes_items_and_confidence(write, cjm) -> None:
    path = write("m.yaml", MAP.format(lang="en"))
    import csv
    import io

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(cjm("export", "csv", str(path)).stdout))}
    assert rows["pp-fees"]["evidence"] == ('interview: Round 3, 2026-05-01, n=12, "I gave up when the '
                                           'total jumped"; analytics: Checkout funnel, 2026-09-30')
    assert (rows["pp-fees"]["confidence"], rows["pp-lost"]["confidence"],
            rows["op-fees"]["confidence"]) == ("validated", "assumption", "reasoned")
    assert rows["pp-labels"]["evidence"] == "Support tickets mention it"


@pytest.mark.parametrize(("config", "code"), [("", 0), ('severity = "error"\n', 1)])
def test_assumption_only_critical_pain_fails_lint_when_configured_to(write, cjm, tmp_path,
                                                                     config: str, code: int) -> None:
    path = write("m.yaml", MAP.format(lang="en"))
    write(".cjm.toml", "[lint]\nignore = [\"CJM201\", \"CJM202\"]\n[lint.rules.CJM601]\n" + config)
    result = cjm("lint", str(path))
    assert result.exit_code == code, result.output
    lines = [ln for ln in result.stdout.splitlines() if "CJM601" in ln]
    kind = "error" if code else "warning"
    assert lines == [
        f"{path}:27:11: {kind} CJM601 stages[0].pain_points[1].evidence: high pain point 'pp-slow' rests on "
        "assumptions only: its only evidence items are assumptions (check it with customers or data and "
        "add an evidence item (interview, survey, analytics...) with `confidence: reasoned` or `validated`, "
        "or lower the severity)",
        f"{path}:30:19: {kind} CJM601 stages[0].pain_points[2].severity: critical pain point 'pp-lost' rests "
        "on assumptions only: it gives no evidence (check it with customers or data and add an evidence item "
        "(interview, survey, analytics...) with `confidence: reasoned` or `validated`, or lower the severity)",
    ]


def test_a_bad_evidence_item_is_reported_where_it_is(write, cjm) -> None:
    path = write("m.yaml", MAP.format(lang="en").replace("sample: 12", "sample: 0").replace(
        "kind: interview", "kind: rumour"))
    result = cjm("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:16:19: error CJM013 stages[0].pain_points[0].evidence[0].kind: 'rumour' is not an allowed kind" in result.stdout
    assert f"{path}:19:21: error CJM014 stages[0].pain_points[0].evidence[0].sample: sample must be > 0, not 0" in result.stdout


def test_diff_reports_a_confidence_change_as_news(write, cjm) -> None:
    old = write("old.yaml", MAP.format(lang="en"))
    new_text = MAP.format(lang="en").replace(
        "          - {kind: assumption, source: Team workshop}\n",
        "          - {kind: assumption, source: Team workshop}\n"
        "          - {kind: survey, source: NPS, sample: 400}\n").replace(
        "        confidence: reasoned\n", "        confidence: assumption\n")
    new = write("new.yaml", new_text)
    text = cjm("diff", str(old), str(new)).stdout
    assert ('~ Pain point "Slow confirmation" (pay): evidence [{kind: "assumption", source: "Team workshop"}] '
            '→ [{kind: "assumption", source: "Team workshop"}, {kind: "survey", source: "NPS", sample: 400}] '
            '(better backed)') in text  # the new item alone makes it reasoned, not an assumption
    assert '~ Opportunity "Show fees early" (pay): confidence reasoned → assumption (less backed)' in text
    data = json.loads(cjm("diff", "-f", "json", str(old), str(new)).stdout)
    changes = data["files"][0]["changes"]
    assert {(c["id"], c["field"], c["meaning"]) for c in changes} == {
        ("pp-slow", "evidence", "confidence_up"), ("op-fees", "confidence", "confidence_down")}


def test_evidence_dated_in_the_future_is_an_error_not_fresh_evidence(write, cjm) -> None:
    """An interview "from" 2030 made the claim's evidence look new until 2030, so stale-evidence
    (CJM602) stayed quiet: the date is reported as the typo it is."""
    path = write("m.yaml", """\
        cjm: 1
        id: m
        title: T
        stages:
          - id: a
            name: A
            pain_points:
              - id: pp-fees
                name: Hidden fees
                evidence:
                  - {kind: interview, source: Round 1, date: 2023-03-10}
                  - {kind: interview, source: Round 2, date: 2030-01-01}
        """)
    result = cjm("lint", str(path), "--select", "CJM6", "--today", "2026-12-06")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:12:54: error CJM604 stages[0].pain_points[0].evidence[1].date: evidence item 2 of "
        "pain point 'pp-fees' is dated 2030-01-01, which is in the future (use the date the "
        "evidence was gathered, on or before today (2026-12-06): a study still to come is not "
        "evidence yet)")
    assert "evidence-date-in-future" in cjm("rules").stdout
