"""`cjm lint` and `cjm rules` as a user runs them: real processes, real files."""

from __future__ import annotations

import json

from conftest import MINIMAL

GOOD = """\
cjm: 1
id: checkout
title: Checkout
reviewed: 2026-09-30
persona: maya
personas:
  - id: maya
    name: Maya
stages:
  - id: purchase
    name: Purchase
    emotion: 2
    touchpoints:
      - id: tp-cart
        name: Cart
        channel: web
        emotion: 2
    desired_actions:
      - id: da-pay
        name: Pay
        metric: m-paid
    pain_points:
      - id: pp-forced-account
        name: Forced account creation
        severity: medium
    opportunities:
      - id: op-guest-checkout
        name: Guest checkout
        addresses: [pp-forced-account]
    metrics:
      - id: m-paid
        name: Paid orders
        unit: "%"
        target: 60
"""


def test_a_good_map_is_clean(cjm, write, tmp_path):
    write("good.yaml", GOOD)
    result = cjm("lint", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "No problems in 1 file.\n"


def test_warnings_are_reported_but_do_not_fail_by_default(cjm, write):
    path = write("m.yaml", GOOD.replace("    opportunities:\n      - id: op-guest-checkout\n"
                                        "        name: Guest checkout\n"
                                        "        addresses: [pp-forced-account]\n", ""))
    result = cjm("lint", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{path}:23:9: warning CJM201 stages[0].pain_points[0]: no opportunity addresses pain "
        "point 'pp-forced-account' (add an opportunity with `addresses: [pp-forced-account]`)\n"
        "Found 1 problem (1 warning) in 1 of 1 file.\n"
    )
    assert cjm("lint", "--fail-on", "warning", str(path)).exit_code == 1
    assert cjm("lint", "--fail-on", "error", str(path)).exit_code == 0


def test_validation_problems_come_first_and_rules_are_skipped_for_an_invalid_map(cjm, write):
    path = write("broken.yaml", MINIMAL + "    emotion: 7\n")
    result = cjm("lint", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:7:14: error CJM014 stages[0].emotion: emotion 7 is out of range")
    assert "CJM1" not in result.stdout and "CJM4" not in result.stdout  # no rule ran
    assert lines[-1] == "Found 1 problem (1 error) in 1 of 1 file."


def test_problems_are_sorted_by_file_line_and_column(cjm, write, tmp_path):
    write("b.yaml", MINIMAL.replace("id: minimal", "id: b"))
    write("a.yaml", MINIMAL)
    result = cjm("lint", "--select", "CJM1,CJM402", str(tmp_path))
    places = [line.split(": ")[0] for line in result.stdout.splitlines()[:-1]]
    files = [p.rsplit(":", 2)[0] for p in places]
    assert files == sorted(files) and len(files) == 8
    assert [p.rsplit(":", 2)[1:] for p in places[:4]] == [["1", "1"], ["1", "1"], ["5", "5"], ["5", "5"]]
    codes = [line.split()[2] for line in result.stdout.splitlines()[:4]]
    assert codes == ["CJM107", "CJM402", "CJM101", "CJM102"]


def test_select_by_prefix_and_name_and_ignore(cjm, write):
    path = write("m.yaml", MINIMAL)
    only_4 = cjm("lint", "--select", "CJM4", str(path), "-f", "json")
    assert [p["code"] for p in json.loads(only_4.stdout)] == ["CJM402"]
    by_name = cjm("lint", "--select", "map-without-persona", str(path))
    assert "CJM107" in by_name.stdout and by_name.stdout.count("\n") == 2
    ignored = cjm("lint", "--ignore", "CJM1,review-date-missing", str(path))
    assert ignored.stdout == "No problems in 1 file.\n"


def test_an_unknown_rule_is_a_usage_error_with_a_suggestion(cjm, write):
    path = write("m.yaml", MINIMAL)
    result = cjm("lint", "--select", "stale-mapp", str(path))
    assert result.exit_code == 2
    assert result.stderr == "cjm: error: unknown rule 'stale-mapp'; did you mean 'stale-map'?\n"
    bad = cjm("lint", "--fail-on", "fatal", str(path))
    assert bad.exit_code == 2 and "--fail-on" in bad.stderr and "info, warning, error" in bad.stderr


def test_missing_path_and_unreadable_file(cjm, tmp_path):
    assert cjm("lint", str(tmp_path / "nope.yaml")).exit_code == 2


def test_statistics_count_problems_per_rule(cjm, write):
    path = write("m.yaml", MINIMAL.replace("    name: Awareness\n", "    name: Awareness\n"
                                          "  - id: b\n    name: B\n"))
    result = cjm("lint", "--statistics", str(path))
    tail = result.stdout.splitlines()[-4:]
    assert tail == [  # aligned columns, as in `ruff --statistics`
        "2  CJM101  stage-without-touchpoints     [warning]",
        "2  CJM102  stage-without-desired-action  [info]",
        "1  CJM107  map-without-persona           [warning]",
        "1  CJM402  review-date-missing           [info]",
    ]


def test_rules_lists_every_rule_and_documents_one(cjm):
    listing = cjm("rules")
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert len(lines) >= 20
    # every code cjm can report: validation, the suppression check, then the rules
    assert lines[0].split()[:3] == ["CJM001", "yaml-syntax", "error"]
    assert any(line.split()[:3] == ["CJM099", "unknown-suppression", "warning"] for line in lines)
    assert any(line.split()[:3] == ["CJM101", "stage-without-touchpoints", "warning"] for line in lines)
    from cjm.lint import all_codes

    assert [line.split()[0] for line in lines] == all_codes()
    assert len({line.index(line.split()[2]) for line in lines}) == 1  # severities in one column
    doc = cjm("rules", "CJM203")
    assert doc.exit_code == 0
    assert doc.stdout.startswith("CJM203 opportunity-addresses-nothing (default severity: warning)\n")
    assert "Why:" in doc.stdout and "Fails::" in doc.stdout and "Passes::" in doc.stdout
    by_name = cjm("rules", "stale-map")
    assert "max-age-days = 365" in by_name.stdout
    unknown = cjm("rules", "CJM999")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("cjm: error: unknown rule 'CJM999'")


def test_output_file_is_written(cjm, write, tmp_path):
    path = write("m.yaml", MINIMAL)
    out = tmp_path / "report.txt"
    result = cjm("lint", str(path), "-o", str(out))
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").endswith("Found 4 problems (2 warnings, 2 info) in 1 of 1 file.\n")


def test_today_pins_the_rules_that_judge_ages(cjm, write):
    """CJM401, CJM410 and CJM602 compare dates with today: `--today` makes a run give tomorrow
    what it gives today, as `cjm report --today` does."""
    path = write("m.yaml", GOOD.replace(
        "        target: 60\n",
        "        target: 60\n"
        "        history:\n"
        "          - {period: 2026-Q3, value: 61}\n").replace(
        "        severity: medium\n",
        "        severity: medium\n"
        "        evidence: [{kind: interview, date: 2026-09-01}]\n"))
    fresh = cjm("lint", str(path), "--today", "2026-10-15")
    assert fresh.exit_code == 0 and fresh.stdout == "No problems in 1 file.\n", fresh.output
    later = cjm("lint", str(path), "--today", "2028-01-10", "--select", "CJM401,CJM410,CJM602")
    assert [line.split()[2] for line in later.stdout.splitlines()[:-1]] == [
        "CJM401", "CJM602", "CJM410"]
    assert "is 496 days old (2026-09-01), more than 365" in later.stdout
    bad_day = cjm("lint", str(path), "--today", "next week")
    assert bad_day.exit_code == 2
    assert "--today must be a date like 2026-09-30, not 'next week'" in bad_day.stderr
    assert "--today YYYY-MM-DD" in cjm("lint", "--help").stdout
