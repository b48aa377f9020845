"""Map text cannot colour, clear, hyperlink or forge lines on a terminal or in a CI log.

A touchpoint name with a line break used to print a line of its own starting ``::error`` (or
``::add-mask::``), which GitHub Actions runs as a workflow command; an ESC sequence could clear
the screen or plant an OSC 8 hyperlink. Text outputs show such characters escaped (``\\x1b``,
``\\n``); machine formats escape by their own rules.
"""

from __future__ import annotations

import json
import os
import re

import pytest

HOSTILE = "Evil\x1b]8;;https://x.test\x07link\x1b[2J\n::error file=a.yaml::forged\r\x85\u2028\x07\x7f\u202e"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _map(word: str = "Evil", emotion: int = 2, extra: str = "") -> str:
    def q(s: str) -> str:
        return json.dumps(s.replace("Evil", word))

    return (
        f"cjm: 1\nid: evil\ntitle: {q('T ' + HOSTILE)}\npersona: p\n"
        f"personas: [{{id: p, name: {q('P ' + HOSTILE)}}}]\n"
        f"channels: [{{id: web, name: {q('W ' + HOSTILE)}}}]\n{extra}"
        "stages:\n  - id: a\n"
        f"    name: {q('A ' + HOSTILE)}\n"
        "    touchpoints:\n      - id: t1\n"
        f"        name: {q('N ' + HOSTILE)}\n        channel: web\n        emotion: {emotion}\n"
        "    pain_points:\n      - id: pp\n"
        f"        name: {q('D ' + HOSTILE)}\n        severity: high\n        touchpoints: [t1]\n"
    )


def _no_raw_controls(text: str) -> None:
    assert RAW.findall(text) == []
    assert not any(line.startswith("::") for line in text.splitlines())


@pytest.fixture
def maps(write):
    old = write("old.yaml", _map())
    new = write("new.yaml", _map("Vile", 4))
    unknown = write("unknown.yaml", _map(extra=json.dumps("k" + HOSTILE) + ": 1\n"))
    return old, new, unknown


@pytest.mark.parametrize("args", [
    ["diff", "OLD", "NEW"],
    ["diff", "OLD", "NEW", "-f", "markdown"],
    ["report", "OLD"],
    ["report", "OLD", "NEW"],
    ["report", "OLD", "-f", "markdown"],
    ["validate", "UNKNOWN"],
    ["lint", "UNKNOWN"],
    ["lint", "OLD"],
    ["render", "OLD", "-f", "md"],
    ["render", "OLD", "-f", "mermaid"],
])
def test_text_outputs_show_control_characters_escaped(cjm, maps, args):
    old, new, unknown = maps
    paths = {"OLD": str(old), "NEW": str(new), "UNKNOWN": str(unknown)}
    result = cjm(*[paths.get(a, a) for a in args])
    assert result.exit_code in (0, 1), result.stderr
    _no_raw_controls(result.stdout)
    _no_raw_controls(result.stderr)


def test_diff_line_shows_the_escapes(cjm, maps):
    old, new, _ = maps
    result = cjm("diff", str(old), str(new))
    line = next(x for x in result.stdout.splitlines() if x.startswith("~ Touchpoint") and "emotion" in x)
    assert '\\x1b]8;;https://x.test\\x07link\\x1b[2J\\n::error file=a.yaml::forged\\r' in line


def test_unknown_key_is_echoed_escaped(cjm, maps):
    *_, unknown = maps
    result = cjm("validate", str(unknown))
    assert result.exit_code == 1
    assert "unknown field 'kEvil\\x1b]8;;https://x.test\\x07link" in result.stdout
    assert len(result.stdout.splitlines()) == 2  # one problem, one summary


def test_report_in_colour_keeps_its_own_escapes_only(cjm, maps):
    old, *_ = maps
    result = cjm("report", str(old), env={"FORCE_COLOR": "1"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # rich's own SGR colours
    _no_raw_controls(text)
    assert "T Evil\\x1b]8;;" in text


def test_file_names_in_error_lines_are_escaped(cjm, tmp_path):
    name = "bad\x1b[31m\nname.yaml"
    result = cjm("report", str(tmp_path / name))
    assert result.exit_code == 2
    _no_raw_controls(result.stderr)
    assert result.stderr.count("\n") == 1


def test_github_format_still_escapes_its_own_way(cjm, maps):
    *_, unknown = maps
    result = cjm("validate", str(unknown), "-f", "github")
    assert result.exit_code == 1
    assert [line[:8] for line in result.stdout.splitlines()[:1]] == ["::error "]
    assert "%0A::error file=a.yaml" in result.stdout


def test_an_undecodable_file_name_is_shown_escaped(cjm, tmp_path):
    folder = tmp_path / "maps"
    folder.mkdir()
    try:
        path = os.path.join(os.fsencode(folder), b"\xff\x1b.yaml")
        with open(path, "wb") as fh:
            fh.write(_map().encode())
    except OSError:
        pytest.skip("this file system takes UTF-8 names only")
    result = cjm("lint", str(folder))
    assert result.exit_code in (0, 1), result.stderr
    assert "/\\udcff\\x1b.yaml:" in result.stdout
    _no_raw_controls(result.stdout)
