"""Formatters on hand-made results: escaping, empty diffs, several files, colour codes."""

from __future__ import annotations

import json

from cjm.diff import Change, DiffResult, FileDiff, Summary
from cjm.diff.engine import summarise
from cjm.diff.formats import FORMATS, render


def result(*changes: Change, stages: dict[str, str] | None = None) -> DiffResult:
    return DiffResult("m", "m", "Map", list(changes), summarise(list(changes)), [], stages or {})


def test_markdown_escapes_text_from_the_map():
    change = Change("added", "touchpoint", "t", "A | B *bold* <b>`x`</b>", "s")
    out = render("markdown", [FileDiff("a.yaml", "b.yaml", result(change, stages={"s": "S_1"}))])
    assert "#### Stage *S\\_1* (`s`)\n" in out
    assert "| ➕ | Touchpoint *A \\| B \\*bold\\* &lt;b&gt;\\`x\\`&lt;/b&gt;* | added |\n" in out


def test_no_changes_in_every_format():
    files = [FileDiff("a.yaml", "b.yaml", result())]
    assert render("text", files) == "--- a.yaml\n+++ b.yaml\nno changes\n"
    assert render("markdown", files) == "## Journey map changes\n\nNo changes.\n"
    doc = json.loads(render("json", files))
    assert doc["summary"]["line"] == "no changes"
    assert doc["files"][0]["changes"] == []


def test_several_files_leave_unchanged_ones_out_of_text_and_total_them():
    changed = result(Change("removed", "stage", "s", "Старт", "s"), stages={"s": "Старт"})
    files = [FileDiff("main:a.yaml", "a.yaml", result()), FileDiff("main:b.yaml", "b.yaml", changed, "deleted")]
    assert render("text", files) == (
        "--- main:b.yaml\n+++ /dev/null\n"
        '- Stage "Старт" (s): removed\n'
        "1 removed\n"
        "\n"
        "1 of 2 maps changed: 1 deleted · 1 removed\n"
    )
    doc = json.loads(render("json", files))
    assert [(f["old"], f["new"], f["status"]) for f in doc["files"]] == [
        ("main:a.yaml", "a.yaml", "modified"), ("main:b.yaml", None, "deleted")]


def test_text_colour_codes_only_when_asked():
    files = [FileDiff("a", "b", result(Change("changed", "touchpoint", "t", "T", "s", "emotion", 2, 4,
                                              "emotion_up"), stages={"s": "S"}))]
    plain = render("text", files)
    coloured = render("text", files, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[33m~\x1b[0m \x1b[1mTouchpoint \"T\" (s)\x1b[0m: \x1b[32memotion 2 → 4 ↑\x1b[0m" in coloured


def test_registry_and_summary_line():
    assert sorted(FORMATS) == ["json", "markdown", "text"]
    s = Summary(added=3, removed=2, changed=5, pain_points_resolved=1, emotion_up=2)
    assert s.line() == "3 added, 2 removed, 5 changed · 1 pain point resolved · emotion ↑2 ↓0"


def test_one_big_map_keeps_under_the_markdown_budget_with_whole_rows():
    from cjm.diff.markdown import github_length
    from cjm.diff.markdown import render as markdown

    changes = [Change("added", "touchpoint", f"t{i}", f"Touchpoint number {i}", "s") for i in range(300)]
    files = [FileDiff("a.yaml", "b.yaml", result(*changes, stages={"s": "Stage"}))]
    out = markdown(files, max_chars=3000)
    assert github_length(out) <= 3000
    assert out.endswith("or run the same `cjm diff` locally.\n")
    body = out.split("\n> **Changes left out**")[0].rstrip("\n").splitlines()
    assert body[-1].startswith("| ➕ | Touchpoint *Touchpoint number ") and body[-1].endswith("| added |")
