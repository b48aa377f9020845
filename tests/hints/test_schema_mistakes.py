"""Values written the way people write them, and keys under the wrong parent: one problem each,
at the line to change, with the fix (not "must be a whole number, not a number")."""

from __future__ import annotations

import pytest

MAP = """\
cjm: 1
id: shop
title: Shop
lang: de
persona: anna
personas:
  - id: anna
    name: Anna
  - id: boris
    name: Boris
stages:
  - id: compare
    name: Compare
    touchpoints:
      - id: site
        name: Site
        channel: web
    pain_points:
      - id: slow
        name: Slow site
        touchpoints: [site]
        severity: high
      - id: ugly
        name: Ugly site
        severity: low
    completed_actions:
      - id: visited
        count: 6100
        of: 38900
    metrics:
      - id: conv
        name: Conversion
        target: 20
        actual: 3.5
"""


def broken(old: str, new: str) -> str:
    assert old in MAP
    return MAP.replace(old, new, 1)


def indented(first: str, last: str, by: int) -> str:
    """The map with the lines from ``first`` to ``last`` (inclusive) moved ``by`` spaces right."""
    lines = MAP.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.rstrip() == first)
    end = next(i for i, ln in enumerate(lines) if ln.rstrip() == last and i >= start)
    return "".join(" " * by + ln if start <= i <= end else ln for i, ln in enumerate(lines))


CASES = {
    "German thousands separator in a count": (
        broken("count: 6100", "count: 6.100"),
        "28:16: error CJM012 stages[0].completed_actions[0].count: count must be a whole number, "
        "not `6.100` (YAML numbers have no thousands separators: write `count: 6100`)",
    ),
    "English thousands separator in a count": (
        broken("of: 38900", "of: 38,900"),
        "29:13: error CJM012 stages[0].completed_actions[0].of: of must be a whole number, not "
        "`38,900` (YAML numbers have no thousands separators: write `of: 38900`)",
    ),
    "a space as thousands separator": (
        broken("of: 38900", "of: 38 900"),
        "29:13: error CJM012 stages[0].completed_actions[0].of: of must be a whole number, not "
        "`38 900` (YAML numbers have no thousands separators: write `of: 38900`)",
    ),
    "a percent sign in a target": (
        broken("target: 20", "target: 20%"),
        "33:17: error CJM012 stages[0].metrics[0].target: target must be a number, not `20%` "
        '(write the number alone, `target: 20`, and set `unit: "%"` on the metric)',
    ),
    "a percent sign where the unit already says so": (
        broken("target: 20", 'unit: "%"\n        target: 20 %'),
        "34:17: error CJM012 stages[0].metrics[0].target: target must be a number, not `20 %` "
        '(write the number alone: `target: 20` (the metric\'s unit is already "%"))',
    ),
    "a decimal comma": (
        broken("actual: 3.5", "actual: 3,5"),
        "34:17: error CJM012 stages[0].metrics[0].actual: actual must be a number, not `3,5` "
        "(YAML numbers have a decimal point: write `actual: 3.5`)",
    ),
    "a thousands comma in a decimal field may be a decimal comma": (
        broken("target: 20", "target: 12,500"),
        "33:17: error CJM012 stages[0].metrics[0].target: target must be a number, not `12,500` "
        "(YAML numbers have no thousands separators: write `target: 12500`, or `target: 12.5` if "
        "the comma is a decimal comma)",
    ),
    "a quoted number": (
        broken("count: 6100", 'count: "6100"'),
        "28:16: error CJM012 stages[0].completed_actions[0].count: count must be a whole number, "
        'not the text "6100" (remove the quotes: `count: 6100`)',
    ),
    "a decimal where a whole number is expected": (
        broken("count: 6100", "count: 6.5"),
        "28:16: error CJM012 stages[0].completed_actions[0].count: count must be a whole number, "
        "not `6.5`",
    ),
    "a list of personas": (
        broken("persona: anna", "persona: [anna, boris]"),
        "5:10: error CJM012 persona: persona must be one persona id, not a list (a journey belongs "
        "to one persona: choose one (anna, boris), or create a map per persona)",
    ),
    "a list of channels": (
        broken("channel: web", "channel: [web, email]"),
        "17:18: error CJM012 stages[0].touchpoints[0].channel: channel must be one channel id, not "
        "a list (a touchpoint happens in one channel: choose one (web, email), or make a "
        "touchpoint per channel)",
    ),
    "a lane indented under a touchpoint, its items left behind": (
        broken("    pain_points:", "        pain_points:"),
        "18:9: error CJM010 stages[0].touchpoints[0].pain_points: `pain_points` is indented under "
        "touchpoint 'site', but belongs to stage 'compare': the 2 pain points below it are read as "
        "touchpoints (move `pain_points:` to column 5, in line with the other keys of stage "
        "'compare')",
    ),
    "a lane indented under a touchpoint with its items": (
        indented("    pain_points:", "        severity: low", 4),
        "18:9: error CJM010 stages[0].touchpoints[0].pain_points: `pain_points` is indented under "
        "touchpoint 'site', but belongs to stage 'compare' (move `pain_points:` and the lines under "
        "it 4 spaces left, so that `pain_points:` starts at column 5, in line with the other keys "
        "of stage 'compare')",
    ),
    "a touchpoint's key out-dented to the stage": (
        broken("        channel: web", "    channel: web"),
        "17:5: error CJM010 stages[0].channel: unknown field 'channel' in stage (`channel` is a "
        "field of touchpoint 'site' above: indent it to column 9)",
    ),
    "no space after a colon in a one-key list item": (
        broken("      - id: visited\n        count: 6100\n        of: 38900", "      - id:visited"),
        "27:9: error CJM012 stages[0].completed_actions[0]: completed_actions must be a mapping "
        "(a completed action), not text (put a space after the colon: `id: visited`)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_mistake_gets_one_problem_with_its_fix(case: str, write, cjm) -> None:
    text, expected = CASES[case]
    path = write("map.yaml", text)
    result = cjm("validate", "--lang", "en", str(path))  # the map says `lang: de`; these lines are English
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[:2] == [f"{path}:{expected}", "Found 1 problem (1 error) in 1 of 1 file."]


def test_the_unchanged_map_is_valid(write, cjm) -> None:
    assert cjm("validate", str(write("map.yaml", MAP))).exit_code == 0
