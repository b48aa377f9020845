"""Metric history as facts: ordered in time whatever form the periods take, and the trend numbers
(derived actual, change since the previous period, periods missed in a row) every output shows."""

from __future__ import annotations

import pytest

from cjm import facts
from cjm.loader import load_text
from cjm.validate import validate_document


def _metric(history: str, extra: str = "") -> facts.MetricFact:
    text = f"""\
cjm: 1
id: m
title: T
stages:
  - id: s
    name: S
    metrics:
      - id: nps
        name: NPS
        target: 40
{extra}        history:
{history}"""
    checked = validate_document(load_text(text, "m.yaml"))
    assert checked.map is not None, checked.problems
    return facts.of(checked.map).metrics["nps"]


@pytest.mark.parametrize(("written", "expected"), [
    (["2026-Q3", "2026-Q1", "2026-Q2"], ["2026-Q1", "2026-Q2", "2026-Q3"]),
    (["2026-H2", "2026-H1", "2025"], ["2025", "2026-H1", "2026-H2"]),
    (["2026-11", "2026-09", "2026-10"], ["2026-09", "2026-10", "2026-11"]),
    (["2026-W41", "2026-W02", "2025-W52"], ["2025-W52", "2026-W02", "2026-W41"]),
    (["2026-10-05", "2026-09-30", "2026-10-01"], ["2026-09-30", "2026-10-01", "2026-10-05"]),
    # mixed forms: by first day, then by last day (as cjm.periods orders funnels)
    (["2026-Q1", "2026", "2025-12-31", "2026-01"], ["2025-12-31", "2026-01", "2026-Q1", "2026"]),
    # text cjm cannot date comes first, so it is never the latest
    (["2026-Q2", "forecast", "2026-Q1"], ["forecast", "2026-Q1", "2026-Q2"]),
])
def test_history_is_ordered_in_time_whatever_the_period_form(written: list[str],
                                                             expected: list[str]) -> None:
    lines = "".join(f"          - {{period: \"{p}\", value: {i}}}\n" for i, p in enumerate(written))
    metric = _metric(lines)
    assert [p.period for p in metric.history] == expected
    assert metric.actual == float(written.index(expected[-1]))  # the latest point's value


def test_unquoted_year_and_day_periods_are_periods() -> None:
    metric = _metric("          - {period: 2025, value: 1}\n"
                     "          - {period: 2026-01-15, value: 2}\n")
    assert [p.period for p in metric.history] == ["2025", "2026-01-15"]


def test_the_trend_numbers() -> None:
    metric = _metric("          - {period: 2026-Q1, value: 44}\n"
                     "          - {period: 2026-Q2, value: 38.1}\n"
                     "          - {period: 2026-Q3, value: 36}\n"
                     "          - {period: 2026-Q4, value: 39.2, note: after the redesign}\n")
    assert metric.actual == 39.2 and metric.derived and not metric.disagrees
    assert metric.change == 3.2  # not 3.2000000000000028
    assert metric.improved is True
    assert metric.missed_in_a_row == 3
    assert [p.met for p in metric.history] == [True, False, False, False]
    assert metric.latest is not None and metric.latest.note == "after the redesign"
    assert metric.status == "missed"


def test_declared_actual_wins_and_a_disagreement_is_known() -> None:
    metric = _metric("          - {period: 2026-Q1, value: 44}\n", extra="        actual: 41\n")
    assert metric.actual == 41 and not metric.derived and metric.disagrees


def test_lower_is_better_and_a_repeated_period_keeps_its_first_value() -> None:
    metric = _metric("          - {period: 2026-Q1, value: 30}\n"
                     "          - {period: 2026-Q2, value: 50}\n"
                     "          - {period: 2026-Q2, value: 20}\n",
                     extra="        direction: lower_is_better\n")
    assert [(p.period, p.value) for p in metric.history] == [("2026-Q1", 30), ("2026-Q2", 50)]
    assert metric.improved is False and metric.missed_in_a_row == 1


def test_funnel_step_trend_across_periods() -> None:
    text = """\
cjm: 1
id: m
title: T
stages:
  - id: s
    name: S
    desired_actions: [{id: da-buy, name: Buy}]
    completed_actions:
      - {id: c3, fulfils: da-buy, count: 90, of: 1000, period: 2026-Q3}
      - {id: c1, fulfils: da-buy, count: 120, of: 1000, period: 2026-Q1}
      - {id: c2, fulfils: da-buy, count: 125, of: 1000, period: 2026-Q2}
"""
    checked = validate_document(load_text(text, "m.yaml"))
    assert checked.map is not None
    trend = facts.of(checked.map).step_trends["da-buy"]
    assert [p for p, _ in trend.points] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert trend.change == -3.5
    latest = facts.of(checked.map).latest_data
    assert latest is not None and latest.text == "2026-Q3"


@pytest.mark.parametrize(("written", "spelled"), [
    ("2027-q1", "2027-Q1"), ("2026-h2", "2026-H2"), (" 2026-w05 ", "2026-W05"),
    ("2026-10", "2026-10"), ("осень 2026", "осень 2026"), ("Forecast", "Forecast"),
])
def test_a_period_has_one_canonical_spelling(written: str, spelled: str) -> None:
    """What `cjm data import` writes, and what "the same period" means everywhere."""
    from cjm.periods import canonical

    assert canonical(written) == spelled


def test_points_whose_periods_differ_in_case_are_one_period() -> None:
    metric = _metric("          - {period: 2027-q1, value: 30}\n"
                     "          - {period: 2026-Q4, value: 35}\n"
                     "          - {period: 2027-Q1, value: 50}\n")
    assert [(p.period, p.value) for p in metric.history] == [("2026-Q4", 35), ("2027-Q1", 30)]
    assert metric.change == -5


def test_trends_skip_points_cjm_cannot_place_in_time() -> None:
    metric = _metric("          - {period: 2026-Q3, value: 30}\n"
                     "          - {period: осень 2026, value: 31}\n")
    assert [p.period for p in metric.history] == ["осень 2026", "2026-Q3"]
    assert metric.latest is not None and metric.latest.period == "2026-Q3"
    assert metric.previous is None and metric.change is None and metric.missed_in_a_row == 1
    only_text = _metric("          - {period: forecast, value: 45}\n")
    assert only_text.latest is None and only_text.actual is None and not only_text.derived
