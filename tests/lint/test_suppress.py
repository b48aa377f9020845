"""Inline suppressions: `# cjm: disable=CODE` on the line or the line above, and per file."""

from __future__ import annotations

import pytest

MAP = """\
cjm: 1
id: m
title: T
reviewed: 2026-01-01
persona: maya
personas:
  - {id: maya, name: Maya}
stages:
  - id: a
    name: A
    touchpoints:
      - {id: tp-1, name: One, channel: web}
    desired_actions:
      - {id: da-1, name: Do}
    opportunities:
      - {id: op-1, name: Idea}{same_line}
      {above}
      - {id: op-2, name: Other idea}
"""


def _map(same_line: str, above: str) -> str:
    return MAP.replace("{same_line}", same_line).replace("{above}", above)


def _lint(cjm, write, text):
    path = write("m.yaml", text)
    return cjm("lint", "--select", "CJM203,CJM206", "--fail-on", "info", str(path))


def test_without_comments_everything_is_reported(cjm, write):
    out = _lint(cjm, write, _map("", "")).stdout
    assert [ln.split()[2] for ln in out.splitlines()[:-1]] == ["CJM206", "CJM203", "CJM203"]


def test_disable_on_the_line_and_on_the_line_above(cjm, write):
    text = _map("  # cjm: disable=CJM203", "# cjm: disable=opportunity-addresses-nothing")
    result = _lint(cjm, write, text)
    assert [ln.split()[2] for ln in result.stdout.splitlines()[:-1]] == ["CJM206"]


def test_disable_file_and_several_codes(cjm, write):
    text = "# cjm: disable-file=CJM203, CJM206\n" + _map("", "")
    result = _lint(cjm, write, text)
    assert result.exit_code == 0
    assert result.stdout == "No problems in 1 file.\n"


def test_an_unknown_code_in_a_suppression_is_reported(cjm, write):
    text = _map("  # cjm: disable=CJM2O3", "")
    path = write("m.yaml", text)
    result = cjm("lint", "--select", "CJM203", str(path))
    lines = result.stdout.splitlines()
    assert lines[1] == (
        f"{path}:16:48: warning CJM099 suppression comment: unknown rule 'CJM2O3'; "
        "did you mean 'CJM203'? (fix the code, or remove the comment)"
    )
    assert sum("CJM203" in ln.split()[2] for ln in lines[:-1]) == 2  # nothing was silenced


def test_a_disable_inside_quoted_text_is_not_a_comment(cjm, write):
    text = _map("", "").replace("name: Other idea", 'name: "Idea #cjm: disable=CJM203"')
    result = _lint(cjm, write, text)
    assert sum(" CJM203 " in ln for ln in result.stdout.splitlines()) == 2


LONG = "A name much longer than eighty characters, so that the long-name rule reports it here"

LANES_MAP = f"""\
cjm: 1
id: lanes
title: Lanes
reviewed: 2026-01-01
persona: maya
personas:
  - id: maya{{persona}}
    name: {LONG}
channels:
  - id: kiosk{{channel}}
    name: {LONG}
    kind: physical
stages:
  - id: a{{stage}}
    name: {LONG}
    touchpoints:
      - id: tp-1{{touchpoints}}
        name: {LONG}
        channel: kiosk
    moments_of_truth:
      - id: mt-1{{moments_of_truth}}
        name: {LONG}
        touchpoint: tp-1
    pain_points:
      - id: pp-1{{pain_points}}
        name: {LONG}
        touchpoints: [tp-1]
    desired_actions:
      - id: da-1{{desired_actions}}
        name: {LONG}
        metric: m-1
    completed_actions:
      - id: ca-1{{completed_actions}}
        fulfils: da-1
        count: 5
        of: 10
        period: someday
    opportunities:
      - id: op-1{{opportunities}}
        name: {LONG}
        addresses: [pp-1]
    metrics:
      - id: m-1{{metrics}}
        name: {LONG}
        target: 10
"""
PLACES = ("persona", "channel", "stage", "touchpoints", "moments_of_truth", "pain_points",
          "desired_actions", "completed_actions", "opportunities", "metrics")


def _lanes(comments: dict[str, str]) -> str:
    text = LANES_MAP
    for place in PLACES:
        text = text.replace("{" + place + "}", comments.get(place, ""))
    return text


def _found(cjm, write, text: str) -> list[str]:
    path = write("lanes.yaml", text)
    result = cjm("lint", "--select", "CJM406,CJM305", "--fail-on", "info", str(path))
    return [line.split()[3].rstrip(":") for line in result.stdout.splitlines()[:-1]]


def test_every_lane_reports_a_finding_below_the_first_line_without_comments(cjm, write):
    assert _found(cjm, write, _lanes({})) == [
        "personas[0].name", "channels[0].name", "stages[0].name",
        "stages[0].touchpoints[0].name", "stages[0].moments_of_truth[0].name",
        "stages[0].pain_points[0].name", "stages[0].desired_actions[0].name",
        "stages[0].completed_actions[0].period", "stages[0].opportunities[0].name",
        "stages[0].metrics[0].name",
    ]


@pytest.mark.parametrize("place", [p for p in PLACES if p != "stage"])
def test_a_comment_on_an_elements_first_line_covers_the_whole_element(cjm, write, place):
    comment = "  # cjm: disable=CJM406,CJM305 -- agreed with the CX lead in review"
    found = _found(cjm, write, _lanes({place: comment}))
    assert len(found) == 9
    assert not any(f.startswith(_prefix(place)) for f in found)


def _prefix(place: str) -> str:
    top = {"persona": "personas[0]", "channel": "channels[0]"}
    return top.get(place, f"stages[0].{place}[0]")


def test_a_comment_on_a_stages_first_line_covers_the_stage_not_its_lanes(cjm, write):
    found = _found(cjm, write, _lanes({"stage": "  # cjm: disable=CJM406 -- the board wraps it"}))
    assert "stages[0].name" not in found
    assert len(found) == 9 and "stages[0].touchpoints[0].name" in found


def test_a_comment_on_its_own_line_above_an_element_covers_it(cjm, write):
    text = _lanes({}).replace("      - id: pp-1\n",
                              "      # cjm: disable=CJM406 -- long on purpose\n      - id: pp-1\n")
    assert "stages[0].pain_points[0].name" not in _found(cjm, write, text)


@pytest.mark.parametrize("comment", [
    "# cjm: disable=CJM202 -- evidence comes from the risk team",
    "# cjm: disable=CJM202 evidence comes from the risk team",
    "# cjm: disable=CJM202  # evidence comes from the risk team",
    "# cjm: disable=severe-pain-point-without-evidence -- all of it is in the risk register",
])
def test_a_reason_is_never_read_as_codes(cjm, write, comment):
    text = SEVERE.replace("{comment}", comment)
    path = write("m.yaml", text)
    result = cjm("lint", "--select", "CJM202", "--fail-on", "warning", str(path))
    assert (result.exit_code, result.stdout) == (0, "No problems in 1 file.\n")


def test_several_codes_with_a_reason(cjm, write):
    text = SEVERE.replace("{comment}", "# cjm: disable=CJM202, CJM201 -- tracked in JIRA-12")
    path = write("m.yaml", text)
    result = cjm("lint", "--select", "CJM201,CJM202", "--fail-on", "info", str(path))
    assert (result.exit_code, result.stdout) == (0, "No problems in 1 file.\n")


def test_reasons_are_kept_apart_from_codes():
    from cjm.lint.suppress import parse

    found = parse("a: 1  # cjm: disable=CJM202 CJM201 evidence is in the register -- see wiki\n", "f")
    assert found.lines == {1: {"CJM201", "CJM202"}}
    assert found.reasons == {1: "evidence is in the register see wiki"}
    assert found.problems == []


SEVERE = """\
cjm: 1
id: m
title: T
stages:
  - id: a
    name: A
    touchpoints:
      - {id: tp-1, name: One, channel: web}
    pain_points:
      - id: pp-1  {comment}
        name: Slow
        touchpoints: [tp-1]
        severity: high
"""
