"""Inline suppressions: `# cjm: disable=CODE` on the line or the line above, and per file."""

from __future__ import annotations

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
