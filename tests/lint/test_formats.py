"""Output formats, shared by validate and lint: exact output, and the two published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL

from cjm.formats import render
from cjm.lint import rule_info
from cjm.problems import Problem, Report, Severity

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schemas"


def _report() -> Report:
    problems = [
        Problem("CJM014", "emotion 7 is out of range 1-5", "maps/a,b.yaml", 6, 14,
                path=("stages", 0, "emotion"), hint="1 = very negative, 3 = neutral, 5 = very positive"),
        Problem("CJM201", "no opportunity addresses pain point 'pp-x'\n100% sure: yes", "maps/ru.yaml",
                9, 5, Severity.warning, ("stages", 1, "pain_points", 0), None, "pain-point-without-opportunity"),
        Problem("CJM402", "the map has no `reviewed:` date", "maps/ru.yaml", 1, 1, Severity.info,
                hint="add `reviewed: YYYY-MM-DD`"),
    ]
    rules = {c: rule_info(c) for c in ("CJM201", "CJM402")}
    return Report("lint", ["maps/a,b.yaml", "maps/clean.yaml", "maps/ru.yaml"], problems, rules)


def test_github_annotations_escape_data_and_properties():
    assert render("github", _report()) == (
        "::error file=maps/a%2Cb.yaml,line=6,col=14,title=CJM014 out-of-range::emotion 7 is out of "
        "range 1-5 (1 = very negative, 3 = neutral, 5 = very positive)\n"
        "::warning file=maps/ru.yaml,line=9,col=5,title=CJM201 pain-point-without-opportunity::no "
        "opportunity addresses pain point 'pp-x'%0A100%25 sure: yes\n"
        "::notice file=maps/ru.yaml,line=1,col=1,title=CJM402 review-date-missing::the map has no "
        "`reviewed:` date (add `reviewed: YYYY-MM-DD`)\n"
        "Found 3 problems (1 error, 1 warning, 1 info) in 2 of 3 files.\n"
    )


def test_github_step_summary_is_a_markdown_table():
    from cjm.formats.github import step_summary

    text = step_summary(_report())
    assert text.startswith("## cjm lint\n\nFound 3 problems")
    assert "| maps/ru.yaml | 9:5 | warning | CJM201 pain-point-without-opportunity | " \
           "`stages[1].pain_points[0]`: no opportunity addresses pain point 'pp-x' 100% sure: yes |" in text


def test_junit_is_exact_and_valid_against_the_ant_schema():
    lxml = pytest.importorskip("lxml.etree")
    text = render("junit", _report())
    schema = lxml.XMLSchema(lxml.parse(str(SCHEMAS / "junit.xsd")))
    doc = lxml.fromstring(text.encode("utf-8"))
    assert schema.validate(doc), schema.error_log
    suites = doc.findall("testsuite")
    assert [s.get("name") for s in suites] == ["maps/a,b.yaml", "maps/clean.yaml", "maps/ru.yaml"]
    assert [len(s.findall("testcase")) for s in suites] == [1, 1, 2]
    assert [s.get("failures") for s in suites] == ["1", "0", "2"]
    assert suites[1].find("testcase/failure") is None
    failure = suites[2].find("testcase/failure")
    assert failure.get("type") == "warning"
    assert failure.text == ("maps/ru.yaml:9:5: warning CJM201 stages[1].pain_points[0]: no opportunity "
                            "addresses pain point 'pp-x'\n100% sure: yes")
    assert text.splitlines()[:3] == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<testsuites>",
        '  <testsuite name="maps/a,b.yaml" package="cjm.lint" id="0" timestamp="1970-01-01T00:00:00" '
        'hostname="localhost" tests="1" failures="1" errors="0" skipped="0" time="0">',
    ]


def test_sarif_is_valid_and_carries_rules_regions_and_fingerprints():
    jsonschema = pytest.importorskip("jsonschema")
    text = render("sarif", _report())
    log = json.loads(text)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"CJM014", "CJM201", "CJM402"}
    assert rules["CJM201"]["shortDescription"]["text"] == "No opportunity addresses a pain point."
    assert "Why:" in rules["CJM201"]["fullDescription"]["text"]
    assert rules["CJM201"]["help"]["text"] == rules["CJM201"]["fullDescription"]["text"]
    first = run["results"][0]
    assert first["ruleId"] == "CJM014" and first["level"] == "error"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "maps/a%2Cb.yaml"
    assert loc["region"] == {"startLine": 6, "startColumn": 14}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert run["results"][0]["ruleIndex"] == list(rules).index("CJM014")


def test_sarif_fingerprints_survive_line_moves(cjm, write, tmp_path):
    path = write("m.yaml", MINIMAL)
    before = json.loads(cjm("lint", "-f", "sarif", "m.yaml", cwd=tmp_path).stdout)
    path.write_text(MINIMAL.replace("title: Minimal map\n", "title: Minimal map\nowner: CX\n"), encoding="utf-8")
    after = json.loads(cjm("lint", "-f", "sarif", "m.yaml", cwd=tmp_path).stdout)
    lines = [[r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in log["runs"][0]["results"]]
             for log in (before, after)]
    assert lines[0] != lines[1]
    prints = [[r["partialFingerprints"] for r in log["runs"][0]["results"]] for log in (before, after)]
    assert prints[0] == prints[1]
    assert before["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "m.yaml"


def test_json_is_stable(cjm):
    items = json.loads(render("json", _report()))
    assert items[1] == {
        "file": "maps/ru.yaml", "line": 9, "column": 5, "code": "CJM201",
        "name": "pain-point-without-opportunity", "severity": "warning",
        "path": "stages[1].pain_points[0]",
        "message": "no opportunity addresses pain point 'pp-x'\n100% sure: yes", "hint": None,
    }


def test_validate_shares_the_formats_and_the_output_is_deterministic(cjm, write, tmp_path):
    write("m.yaml", MINIMAL + "    emotion: 9\n")
    outputs = {}
    for fmt in ("sarif", "junit", "github", "json"):
        outputs[fmt] = cjm("validate", "-f", fmt, "m.yaml", cwd=tmp_path)
        assert outputs[fmt].exit_code == 1, outputs[fmt].output
        assert "CJM014" in outputs[fmt].stdout
    assert cjm("validate", "-f", "sarif", "m.yaml", cwd=tmp_path).stdout == outputs["sarif"].stdout


def test_github_actions_picks_the_github_format_and_writes_the_step_summary(cjm, write, tmp_path):
    write("m.yaml", MINIMAL)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = cjm("lint", "m.yaml", cwd=tmp_path, env=env)
    assert result.stdout.startswith("::warning file=m.yaml,line=1,col=1,title=CJM107 map-without-persona::")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## cjm lint\n")
    assert "| m.yaml | 5:5 | warning | CJM101 stage-without-touchpoints |" in text
    explicit = cjm("lint", "-f", "text", "m.yaml", cwd=tmp_path, env=env)
    assert explicit.stdout.startswith("m.yaml:1:1: warning CJM107")
    assert cjm("validate", "m.yaml", cwd=tmp_path, env=env).stdout.startswith("No problems")


def test_colour_only_when_asked_and_never_with_no_color(cjm, write, tmp_path):
    write("m.yaml", MINIMAL)
    assert "\x1b[" not in cjm("lint", "m.yaml", cwd=tmp_path).stdout  # piped
    assert "\x1b[" in cjm("lint", "m.yaml", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in cjm("lint", "m.yaml", cwd=tmp_path,
                              env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
