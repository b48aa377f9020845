"""The trend on every output: report (text, json), diff, board; numbers from the same facts."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cjm

OLD = """\
cjm: 1
id: checkout
title: Checkout
stages:
  - id: pay
    name: Pay
    desired_actions:
      - {id: da-pay, name: Pay for the order, metric: m-nps}
    completed_actions:
      - {id: ca-q1, fulfils: da-pay, count: 600, of: 1000, period: 2026-Q1}
      - {id: ca-q2, fulfils: da-pay, count: 620, of: 1000, period: 2026-Q2}
    metrics:
      - id: m-nps
        name: NPS after checkout
        target: 40
        history:
          - {period: 2026-Q1, value: 42}
          - {period: 2026-Q2, value: 38}
          - {period: 2026-Q3, value: 39}
"""
NEW = OLD.replace(
    "          - {period: 2026-Q3, value: 39}\n",
    "          - {period: 2026-Q3, value: 39}\n          - {period: 2026-Q4, value: 37.5}\n",
).replace(
    "      - {id: ca-q2, fulfils: da-pay, count: 620, of: 1000, period: 2026-Q2}\n",
    "      - {id: ca-q2, fulfils: da-pay, count: 620, of: 1000, period: 2026-Q2}\n"
    "      - {id: ca-q3, fulfils: da-pay, count: 480, of: 1000, period: 2026-Q3}\n",
)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_diff_says_which_steps_moved_and_which_metrics_missed_three_quarters_running(
        tmp_path: Path) -> None:
    old, new = _files(tmp_path)
    result = run_cjm("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert ('~ Metric "NPS after checkout" (pay): history + 2026-Q4: 37.5 '
            "(worse; target missed 3 periods in a row)") in result.stdout
    assert ('~ Completed action "Pay for the order" (pay): conversion 62.0% → 48.0% ↓ '
            "(2026-Q2 → 2026-Q3)") in result.stdout
    assert result.stdout.rstrip().endswith("metrics ↑0 ↓1 · conversion ↑0 ↓1")
    data = json.loads(run_cjm("diff", str(old), str(new), "-f", "json").stdout)
    change = next(c for c in data["files"][0]["changes"] if c["field"] == "history")
    assert change["new"] == {"period": "2026-Q4", "value": 37.5}
    assert change["note"] == "target missed 3 periods in a row"


def test_report_shows_the_trend(tmp_path: Path) -> None:
    _old, new = _files(tmp_path)
    text = run_cjm("report", str(new), "--today", "2026-11-23", "--lang", "en").stdout
    row = [ln for ln in text.splitlines() if ln.strip().startswith("NPS after checkout")][-1]
    assert "37.5 (2026-Q4)" in row and "−1.5 since 2026-Q3" in row and "3 periods" in row
    step = next(ln for ln in text.splitlines() if "48.0% (2026-Q3)" in ln)
    assert "−14.0 pp since 2026-Q2" in step and "60.0% → 62.0% → 48.0%" in step
    data = json.loads(run_cjm("report", str(new), "-f", "json", "--today", "2026-11-23").stdout)
    metric = data["trends"]["metrics"][0]
    assert metric["actual"] == 37.5 and metric["actual_from_history"] is True
    assert metric["change"] == -1.5 and metric["missed_in_a_row"] == 3
    assert [p["period"] for p in metric["history"]] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert data["trends"]["steps"][0]["change_points"] == -14.0
    markdown = run_cjm("report", str(new), "-f", "markdown", "--today", "2026-11-23",
                       "--lang", "en").stdout
    assert "37.5 (2026-Q4)" in markdown


def test_report_in_russian_has_no_english_trend_labels(tmp_path: Path) -> None:
    _old, new = _files(tmp_path)
    text = run_cjm("report", str(new), "--today", "2026-11-23", "--lang", "ru").stdout
    for english in ("Metric trends", "Latest value", "since", "periods", "pp"):
        assert english not in text


WAIT = """\
cjm: 1
id: clinic
title: Clinic
lang: {lang}
stages:
  - id: visit
    name: Visit
    metrics:
      - id: m-wait
        name: Wait after the booked time
        unit: min
        target: 10
        direction: lower_is_better
        history:
          - {{period: 2026-Q1, value: 12}}
          - {{period: 2026-Q2, value: 15}}
{more}"""


def _wait(tmp_path: Path, lang: str, *values: float) -> tuple[Path, Path]:
    """A lower-is-better metric (waiting minutes, target 10) above its target since 2026-Q1; the
    new version adds a period for each of ``values``."""
    old, new = tmp_path / f"old-{lang}.yaml", tmp_path / f"new-{lang}.yaml"
    old.write_text(WAIT.format(lang=lang, more=""), encoding="utf-8")
    more = "".join(f"          - {{period: 2026-Q{3 + i}, value: {v}}}\n" for i, v in enumerate(values))
    new.write_text(WAIT.format(lang=lang, more=more), encoding="utf-8")
    return old, new


def test_a_lower_is_better_metric_above_its_target_missed_it_on_every_output(tmp_path: Path) -> None:
    """Waiting 20 minutes against a target of 10 is not "below target": every output says the
    target was missed, in both directions' words alike."""
    old, new = _wait(tmp_path, "en", 20)
    diff = run_cjm("diff", str(old), str(new)).stdout
    assert "history + 2026-Q3: 20 (worse; target missed 3 periods in a row)" in diff
    report = run_cjm("report", str(new), "--today", "2026-11-23").stdout
    assert "Target missed in a row" in report
    out = tmp_path / "board.html"
    assert run_cjm("render", str(new), "-o", str(out)).exit_code == 0
    board = out.read_text(encoding="utf-8")
    assert "+5 min since 2026-Q2; target missed 3 periods in a row" in board
    for text in (diff, report, board):
        assert "below target" not in text.lower()


def test_the_same_in_russian_and_back_on_target(tmp_path: Path) -> None:
    old, new = _wait(tmp_path, "ru", 20)
    diff = run_cjm("diff", str(old), str(new)).stdout
    assert "(хуже; цель не достигнута 3 периода подряд)" in diff
    report = run_cjm("report", str(new), "--today", "2026-11-23").stdout
    assert "Цель не достигнута подряд" in report
    out = tmp_path / "board.html"
    assert run_cjm("render", str(new), "-o", str(out)).exit_code == 0
    assert "цель не достигнута 3 периода подряд" in out.read_text(encoding="utf-8")
    for text in (diff, report, out.read_text(encoding="utf-8")):
        assert "ниже цели" not in text
    old, new = _wait(tmp_path, "ru", 20, 9)
    assert "(лучше; цель снова достигнута)" in run_cjm("diff", str(old), str(new)).stdout


def test_a_percentage_reads_one_way_in_the_russian_report_and_diff(tmp_path: Path) -> None:
    """A metric's value in % and a step's conversion both take the language's percent sign
    (Russian: after a no-break space), in the report's tables and in the diff's target note."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    map_ = ("cjm: 1\nid: t\ntitle: T\nlang: ru\nstages:\n  - id: s\n    name: S\n"
            "    desired_actions:\n      - {id: da-pay, name: Pay}\n"
            "    completed_actions:\n"
            "      - {id: ca-q1, fulfils: da-pay, count: 400, of: 1000, period: 2026-Q1}\n"
            "      - {id: ca-q2, fulfils: da-pay, count: 360, of: 1000, period: 2026-Q2}\n"
            "    metrics:\n      - {id: m-a, name: A, unit: '%', target: 45, actual: ACTUAL}\n")
    old.write_text(map_.replace("ACTUAL", "36"), encoding="utf-8")
    new.write_text(map_.replace("ACTUAL", "46.5"), encoding="utf-8")
    report = run_cjm("report", str(old), "--today", "2026-11-23").stdout
    row = next(ln for ln in report.splitlines() if ln.strip().startswith("A "))
    assert "36\u00a0%" in row and "45\u00a0%" in row, row
    assert "40,0\u00a0% → 36,0\u00a0%" in report
    diff = run_cjm("diff", str(old), str(new)).stdout
    assert "(лучше; цель 45\u00a0% теперь достигнута)" in diff, diff
    english = run_cjm("diff", str(old), str(new), "-f", "json").stdout
    assert '"note": "target 45%, now met"' in english


def test_a_period_that_cannot_be_ordered_is_never_the_previous_period(tmp_path: Path) -> None:
    """'осень 2026' cannot be placed before or after 2026-Q3: the board and the report said
    "+1 since осень 2026". Trends compare dated periods only; the point stays in the history."""
    path = tmp_path / "m.yaml"
    path.write_text(OLD.replace(
        "          - {period: 2026-Q1, value: 42}\n"
        "          - {period: 2026-Q2, value: 38}\n"
        "          - {period: 2026-Q3, value: 39}\n",
        "          - {period: осень 2026, value: 38}\n"
        "          - {period: 2026-Q3, value: 39}\n"), encoding="utf-8")
    text = run_cjm("report", str(path), "--today", "2026-11-23", "--lang", "en").stdout
    row = [ln for ln in text.splitlines() if ln.strip().startswith("NPS after checkout")][-1]
    assert "39 (2026-Q3)" in row and "since" not in row and "осень" not in row
    data = json.loads(run_cjm("report", str(path), "-f", "json", "--today", "2026-11-23").stdout)
    metric = data["trends"]["metrics"][0]
    assert metric["change"] is None and metric["missed_in_a_row"] == 1
    assert [p["period"] for p in metric["history"]] == ["осень 2026", "2026-Q3"]
    board = tmp_path / "board.html"
    assert run_cjm("render", str(path), "--lang", "ru", "-o", str(board)).exit_code == 0
    html = board.read_text(encoding="utf-8")
    assert "с осень 2026" not in html
    assert "осень 2026: 38" not in html  # nor a point of the trend line (one dated point: no line)


def test_periods_that_differ_only_in_case_are_one_period(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(OLD.replace("period: 2026-Q2}", "period: 2026-q2}"), encoding="utf-8")
    data = json.loads(run_cjm("report", str(path), "-f", "json", "--today", "2026-11-23").stdout)
    assert [f["period"] for f in data["funnels"]] == ["2026-Q1", "2026-Q2"]
    metric = data["trends"]["metrics"][0]
    assert [p["period"] for p in metric["history"]] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert metric["change"] == 1 and metric["missed_in_a_row"] == 2
    old = tmp_path / "old.yaml"
    old.write_text(OLD, encoding="utf-8")
    assert "history" not in run_cjm("diff", str(old), str(path)).stdout  # the same points


def _one_point_diff(tmp_path: Path, before: str, after: str) -> str:
    """``cjm diff`` of a Russian map whose one history point changes from ``before`` to ``after``."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = ("cjm: 1\nid: t\ntitle: T\nlang: ru\nstages:\n  - id: s\n    name: S\n    metrics:\n"
            "      - id: m-a\n        name: A\n        history:\n          - {period: 2026-Q1, value: VALUE}\n")
    old.write_text(text.replace("VALUE", before), encoding="utf-8")
    new.write_text(text.replace("VALUE", after), encoding="utf-8")
    return run_cjm("diff", str(old), str(new)).stdout


def test_the_largest_number_a_map_holds_reads_as_the_language_writes_it(tmp_path: Path) -> None:
    diff = _one_point_diff(tmp_path, "40", "1000000000000000")
    assert "40 → 1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000" in diff, diff


def test_a_history_value_changed_past_four_decimals_still_reads_as_a_change(tmp_path: Path) -> None:
    assert "история 2026-Q1: 40 → 40,00001" in _one_point_diff(tmp_path, "40", "40.00001")
