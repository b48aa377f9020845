"""Numbers and dates a user can write that are no number or date: the message says what is
wrong (not "must be a number, not a number", not a YAML syntax error for a date)."""

from __future__ import annotations

import pytest


def test_a_401_digit_target_says_it_is_too_large(cjm, write):
    source = write("n.yaml", "cjm: 1\nid: n\ntitle: T\nstages:\n  - id: a\n    name: A\n"
                   "    metrics:\n      - id: m\n        name: M\n        target: " + "9" * 401 + "\n")
    result = cjm("validate", str(source))
    assert result.exit_code == 1
    assert "not a number" not in result.stdout
    assert "target is too large: `99999" in result.stdout
    assert "has 401 digits (a number must be below 1e308)" in result.stdout
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
