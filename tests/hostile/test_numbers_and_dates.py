"""Numbers and dates a user can write that are no number or date: the message says what is
wrong (not "must be a number, not a number", not a YAML syntax error for a date)."""

from __future__ import annotations

import json

import pytest

# A map with every number a user writes: a funnel step (count of), a metric's target, actual and
# history. ``{slot}`` marks where the value under test goes.
NUMBERS = """\
cjm: 1
id: n
title: T
stages:
  - id: a
    name: A
    desired_actions:
      - {{id: da, name: Buy, metric: m}}
    completed_actions:
      - {{id: c1, fulfils: da, count: {count}, of: {of}, period: 2026-Q2}}
      - {{id: c2, fulfils: da, count: 5, of: 10, period: 2026-Q3}}
    metrics:
      - id: m
        name: M
        target: {target}
        actual: {actual}
        direction: {direction}
        history:
          - {{period: 2026-Q2, value: {before}}}
          - {{period: 2026-Q3, value: {after}}}
"""
PLAIN = {"count": "3", "of": "10", "target": "40", "actual": "41", "before": "38", "after": "41",
         "direction": "higher_is_better"}


def _numbers(**values: str) -> str:
    return NUMBERS.format(**{**PLAIN, **values})


def test_a_401_digit_target_says_it_is_too_large(cjm, write):
    source = write("n.yaml", "cjm: 1\nid: n\ntitle: T\nstages:\n  - id: a\n    name: A\n"
                   "    metrics:\n      - id: m\n        name: M\n        target: " + "9" * 401 + "\n")
    result = cjm("validate", str(source))
    assert result.exit_code == 1
    assert "not a number" not in result.stdout
    assert "target is too large: `99999" in result.stdout
    assert ("has 401 digits (cjm takes numbers from -10^15 to 10^15 (a million billion))"
            in result.stdout)
    assert "9" * 100 not in result.stdout  # shown by its start, not 401 digits


@pytest.mark.parametrize("value, hint", [("2026-02-30", "February 2026 has 28 days"),
                                         ("2026-13-01", "there is no month 13")])
def test_an_impossible_unquoted_date_is_a_date_problem(cjm, write, value, hint):
    source = write("d.yaml", f"cjm: 1\nid: d\ntitle: T\nreviewed: {value}\nstages:\n"
                   "  - id: a\n    name: A\n")
    result = cjm("validate", str(source))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{source}:4:11: error CJM016 reviewed: reviewed must be a date like 2026-09-30, "
        f"not '{value}' ({hint})")


def test_an_explicit_timestamp_tag_is_still_a_yaml_error(cjm, write):
    source = write("d.yaml", "cjm: 1\nid: d\ntitle: T\nreviewed: !!timestamp 2026-02-30\nstages:\n"
                   "  - id: a\n    name: A\n")
    result = cjm("validate", str(source))
    assert "CJM001" in result.stdout


@pytest.mark.parametrize("written", ["100000000000000000000", "1.0e+20", "1e20", "1e400"])
def test_a_metric_value_past_a_million_billion_is_refused_where_it_is_written(cjm, write, written):
    """10^20 used to pass validation and crash `cjm report`; `1e400` (text to YAML 1.1) was
    "must be a number, not text". Both are numbers too large, said at their line and column."""
    source = write("n.yaml", _numbers(after=written))
    result = cjm("validate", str(source))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{source}:20:38: error CJM014 stages[0].metrics[0].history[1].value: value is too large: "
        f"`{written}`; cjm takes numbers from -10^15 to 10^15 (a million billion) (a typo, or a "
        "value in too small a unit: write it in a larger one and say so in the metric's `unit:`)")
    report = cjm("report", str(source))
    assert report.exit_code == 1 and "Traceback" not in report.output
    assert "CJM014" in report.output


def test_non_finite_numbers_and_huge_counts_are_refused(cjm, write):
    for values, expected in [
        ({"target": ".inf"}, "target must be a finite number, not `.inf`"),
        ({"actual": "-.inf"}, "actual must be a finite number, not `-.inf`"),
        ({"before": ".nan"}, "value must be a finite number, not `.nan`"),
        ({"of": "1" + "0" * 30}, "of is too large: `1000000000000000000000000000000`; cjm takes "
                                 "numbers from -10^15 to 10^15 (a million billion) (a typo: check "
                                 "the number)"),
        ({"target": "-1.0e+16"}, "target is out of range: `-1.0e+16`"),
    ]:
        result = cjm("validate", str(write("n.yaml", _numbers(**values))))
        assert result.exit_code == 1 and expected in result.stdout, result.output


def test_an_exponent_yaml_reads_as_text_gets_the_spelling_it_reads_as_a_number(cjm, write):
    result = cjm("validate", str(write("n.yaml", _numbers(target="1e6", before="1e-30"))))
    assert "target must be a number, not `1e6` (YAML reads `1e6` as text: write " \
        "`target: 1000000`)" in result.stdout
    assert "value must be a number, not `1e-30` (YAML reads `1e-30` as text: write " \
        "`value: 1.0e-30`)" in result.stdout


@pytest.mark.parametrize("values", [
    {"after": "1000000000000000", "before": "-1000000000000000"},  # the largest change
    {"target": "1.0e-30", "direction": "lower_is_better"},  # a miss of 10^31 times the target
    {"target": "4.9e-324"},  # a share of the target past any float
    {"after": "1.0e-30", "before": "-1.0e-30", "actual": "-5"},
    {"count": "1000000000000000", "of": "1000000000000000"},
])
def test_every_number_the_format_accepts_goes_through_every_command(cjm, write, tmp_path, values):
    """What validates is shown: no command may fail on a number the model accepted."""
    old = write("old.yaml", _numbers())
    new = write("n.yaml", _numbers(**values))
    assert cjm("validate", str(new)).exit_code == 0
    runs = [("lint", str(new), "--select", "ALL", "--today", "2026-12-06"),
            ("report", str(new), "--today", "2026-12-06"),
            ("report", str(new), "--lang", "ru"),
            ("report", str(new), "-f", "markdown"),
            ("render", str(new), "-o", str(tmp_path / "n.html")),
            ("render", str(new), "-f", "md", "--lang", "de"),
            ("diff", str(old), str(new)),
            ("export", "csv", str(new))]
    for args in runs:
        result = cjm(*args)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (args, result.output)
    report = cjm("report", str(new), "-f", "json")
    assert report.exit_code == 0
    json.loads(report.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    diff = cjm("diff", str(old), str(new), "-f", "json")
    json.loads(diff.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
