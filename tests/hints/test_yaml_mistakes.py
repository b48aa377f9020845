"""The commonest YAML mistakes, each reported at the line the user must change, with the fix.

YAML's own words describe its parser, not the mistake ("mapping values are not allowed in this
context" for a key one space too far right); each case below is a map with one such mistake and
the exact line cjm validate prints for it.
"""

from __future__ import annotations

import pytest

MAP = """\
cjm: 1
id: shop
title: Shop
stages:
  - id: compare
    name: Compare
    emotion: 2
    thoughts:
      - Too slow
      - Which card?
    touchpoints:
      - id: site
        name: Site
        channel: web
    pain_points:
      - id: slow
        name: Slow site
        touchpoints: [site]
        severity: high
"""


def broken(old: str, new: str) -> str:
    assert old in MAP
    return MAP.replace(old, new, 1)


CASES = {
    "one space too many before a key": (
        broken("    emotion: 2", "     emotion: 2"),
        "7:6: error CJM001 YAML syntax error: `emotion` is indented one space more than `name` "
        "above (move it to column 5)",
    ),
    "one space too few before a key": (
        broken("    emotion: 2", "   emotion: 2"),
        "7:4: error CJM001 YAML syntax error: `emotion` is indented one space less than `name` "
        "above (move it to column 5)",
    ),
    "a touchpoint key one space short": (
        broken("        channel: web", "       channel: web"),
        "14:8: error CJM001 YAML syntax error: `channel` is indented one space less than `name` "
        "above (move it to column 9)",
    ),
    "a lane at the column of the list above": (
        broken("    pain_points:", "      pain_points:"),
        "15:7: error CJM001 YAML syntax error: `pain_points` is indented 2 spaces more than "
        "`touchpoints` above (it belongs to stage 'compare': move it to column 5)",
    ),
    "a lane one space right of its stage": (
        broken("    pain_points:", "     pain_points:"),
        "15:6: error CJM001 YAML syntax error: `pain_points` is indented one space more than "
        "`touchpoints` above (it belongs to stage 'compare': move it to column 5)",
    ),
    "a lane one space left of its stage": (
        broken("    pain_points:", "   pain_points:"),
        "15:4: error CJM001 YAML syntax error: `pain_points` is indented one space less than "
        "`touchpoints` above (it belongs to stage 'compare': move it to column 5)",
    ),
    "a list item one space too far": (
        MAP + "   - id: buy\n    name: Buy\n",
        "20:4: error CJM001 YAML syntax error: this list item is indented one space more than the "
        "items of `stages` above (move the `-` to column 3)",
    ),
    "no space after a colon": (
        broken("channel: web", "channel:web"),
        "14:16: error CJM001 YAML syntax error: no space after ':' in `channel:web`, so YAML reads "
        "it as one text (put a space after the colon: `channel: web`)",
    ),
    "no space after a colon, last key of its mapping": (
        broken("severity: high", "severity:high") + "  - id: buy\n    name: Buy\n",
        "19:17: error CJM001 YAML syntax error: no space after ':' in `severity:high`, so YAML "
        "reads it as one text (put a space after the colon: `severity: high`)",
    ),
    "no space after a colon in a list item's first key": (
        broken("      - id: site", "      - id:site"),
        "12:11: error CJM001 YAML syntax error: no space after ':' in `id:site`, so YAML reads it "
        "as one text (put a space after the colon: `id: site`)",
    ),
    "an unclosed quote in a list item": (
        broken("      - Too slow", '      - "Too slow').replace("- Which card?", '- "Which card?"'),
        '9:9: error CJM001 YAML syntax error: the quoted text that starts here with `"` is never '
        'closed (add the closing `"` at the end of the text; a quote inside it is written `\\"`)',
    ),
    "an unclosed quote at the end of the file": (
        broken("severity: high", 'severity: "high'),
        '19:19: error CJM001 YAML syntax error: the quoted text that starts here with `"` is never '
        'closed (add the closing `"` at the end of the text; a quote inside it is written `\\"`)',
    ),
    "an unclosed single quote before another quoted value": (
        broken("name: Compare", "name: 'Compare").replace("name: Site", "name: 'Site'"),
        "6:11: error CJM001 YAML syntax error: the quoted text that starts here with `'` is never "
        "closed (add the closing `'` at the end of the text; a quote inside it is written `''`)",
    ),
    "a text with ': ' in it still needs quotes": (
        broken("name: Slow site", "name: Step 2: slow site"),
        "17:21: error CJM001 YAML syntax error: mapping values are not allowed in this context "
        "(quote a text that contains ': ')",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_yaml_mistake_is_reported_where_to_fix_it(case: str, write, cjm) -> None:
    text, expected = CASES[case]
    path = write("map.yaml", text)
    result = cjm("validate", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == f"{path}:{expected}"


def test_a_legitimate_multi_line_quoted_text_is_not_blamed(write, cjm) -> None:
    text = broken("name: Slow site", 'name: "Slow site,\n          slower on Mondays"')
    text = text.replace("    emotion: 2", "     emotion: 2")
    path = write("map.yaml", text)
    result = cjm("validate", str(path))
    assert result.stdout.splitlines()[0].startswith(f"{path}:7:6: error CJM001 YAML syntax error: `emotion`")


def test_the_hint_reaches_machine_formats(write, cjm) -> None:
    import json

    path = write("map.yaml", broken("channel: web", "channel:web"))
    result = cjm("validate", "--format", "json", str(path))
    [problem] = json.loads(result.stdout)
    assert (problem["line"], problem["column"]) == (14, 16)
    assert problem["hint"] == "put a space after the colon: `channel: web`"
