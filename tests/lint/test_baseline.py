"""Baselines: record today's problems, then fail only on new ones, whatever moves."""

from __future__ import annotations

import json
import os

import pytest
from conftest import MINIMAL

from cjm.files import DEFAULT_LIMIT


def test_write_then_use_a_baseline(cjm, write, tmp_path):
    path = write("maps/m.yaml", MINIMAL)
    baseline = tmp_path / "cjm-baseline.json"
    written = cjm("lint", "--fail-on", "info", "--write-baseline", str(baseline), str(path))
    assert written.exit_code == 0
    assert written.stderr == f"cjm: wrote 4 problems to baseline {baseline}\n"
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["cjm-baseline"] == 2
    assert {"file": "maps/m.yaml", "code": "CJM101", "element": "stages[id=awareness]",
            "message": "stage 'awareness' has no touchpoints"} in data["problems"]

    clean = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert clean.exit_code == 0, clean.output
    assert clean.stdout == "No problems in 1 file.\n"
    assert clean.stderr == f"cjm: 4 known problems hidden by baseline {baseline}\n"


def test_edits_elsewhere_do_not_resurface_old_problems_but_new_ones_show(cjm, write, tmp_path):
    path = write("m.yaml", MINIMAL)
    baseline = tmp_path / "b.json"
    cjm("lint", "--write-baseline", str(baseline), str(path))
    # lines move: a description pushes everything down, and a new stage brings new problems
    moved = MINIMAL.replace("title: Minimal map\n", "title: Minimal map\ndescription: |\n  Longer.\n")
    path.write_text(moved + "  - id: purchase\n    name: Purchase\n", encoding="utf-8")
    result = cjm("lint", "--baseline", str(baseline), str(path))
    lines = result.stdout.splitlines()
    assert [ln.split()[2] for ln in lines[:-1]] == ["CJM101", "CJM102"]
    assert all("stages[1]" in ln for ln in lines[:-1])


def test_baseline_is_deterministic_and_independent_of_the_working_directory(cjm, write, tmp_path):
    write("maps/m.yaml", MINIMAL)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    cjm("lint", "--write-baseline", str(a), "maps", cwd=tmp_path)
    cjm("lint", "--write-baseline", str(b), str(tmp_path / "maps"), cwd="/")
    assert a.read_bytes() == b.read_bytes()
    assert cjm("lint", "--baseline", str(a), "m.yaml", cwd=tmp_path / "maps").exit_code == 0


def test_a_missing_or_bad_baseline_is_a_usage_error(cjm, write, tmp_path):
    path = write("m.yaml", MINIMAL)
    missing = cjm("lint", "--baseline", str(tmp_path / "nope.json"), str(path))
    assert missing.exit_code == 2
    assert "not found (create it with --write-baseline)" in missing.stderr
    bad = write("bad.json", "{}")
    result = cjm("lint", "--baseline", str(bad), str(path))
    assert result.exit_code == 2 and "is not a cjm baseline" in result.stderr


SHOP = """\
cjm: 1
id: shop
title: Shop
persona: anna
reviewed: 2026-09-01
personas:
  - id: anna
    name: Anna
stages:
  - id: browse
    name: Browse
    touchpoints:
      - id: tp-site
        name: Site
        channel: web
    desired_actions:
      - id: da-find
        name: Find
        metric: m-find
    metrics:
      - id: m-find
        name: Found
        target: 10
        actual: 5
  - id: purchase
    name: Purchase
    touchpoints:
      - id: tp-pay
        name: Pay
        channel: web
    desired_actions:
      - id: da-pay
        name: Pay
        metric: m-pay
    pain_points:
      - id: pp-slow
        name: Slow payment page
        touchpoints: [tp-pay]
        severity: high
        confidence: reasoned
    metrics:
      - id: m-pay
        name: Paid
        target: 10
        actual: 5
"""

NEW_PAIN = """\
      - id: pp-new
        name: Card declined without a reason
        touchpoints: [tp-pay]
        severity: low
"""


def _baselined(cjm, write, tmp_path):
    path = write("shop.yaml", SHOP)
    baseline = tmp_path / "baseline.json"
    assert cjm("lint", "--fail-on", "info", "--write-baseline", str(baseline), str(path)).exit_code == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert [(p["code"], p["element"]) for p in data["problems"]] == [
        ("CJM201", "stages[id=purchase].pain_points[id=pp-slow]"),
        ("CJM202", "stages[id=purchase].pain_points[id=pp-slow].severity"),
    ]
    return path, baseline


def _codes_and_ids(result) -> list[tuple[str, str]]:
    return [(line.split()[2], line.split("'")[1]) for line in result.stdout.splitlines()[:-1]]


def test_inserting_a_pain_point_above_a_known_problem_shows_only_the_new_one(cjm, write, tmp_path):
    path, baseline = _baselined(cjm, write, tmp_path)
    path.write_text(SHOP.replace("    pain_points:\n", "    pain_points:\n" + NEW_PAIN), encoding="utf-8")
    result = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert result.exit_code == 1
    # the known problems now sit at pain_points[1]: still hidden; pp-new at [0] is new
    assert _codes_and_ids(result) == [("CJM201", "pp-new")]
    assert result.stderr == f"cjm: 2 known problems hidden by baseline {baseline}\n"


def test_reordering_stages_resurfaces_nothing(cjm, write, tmp_path):
    path, baseline = _baselined(cjm, write, tmp_path)
    head, stages = SHOP.split("stages:\n")
    browse, purchase = stages.split("  - id: purchase\n")
    path.write_text(head + "stages:\n  - id: purchase\n" + purchase + browse, encoding="utf-8")
    result = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert (result.exit_code, result.stdout) == (0, "No problems in 1 file.\n")


def test_renaming_a_sibling_hides_old_problems_and_shows_the_renamed_ones_own(cjm, write, tmp_path):
    path = write("shop.yaml", SHOP.replace("    pain_points:\n", "    pain_points:\n" + NEW_PAIN))
    with_sibling = path.read_text(encoding="utf-8")
    second = tmp_path / "second.json"
    cjm("lint", "--fail-on", "info", "--write-baseline", str(second), str(path))
    # the sibling's name changes (its message does not quote it): nothing new
    path.write_text(with_sibling.replace("Card declined without a reason", "Card declined"),
                    encoding="utf-8")
    same = cjm("lint", "--fail-on", "info", "--baseline", str(second), str(path))
    assert (same.exit_code, same.stdout) == (0, "No problems in 1 file.\n")
    # its id changes: it is another element now, and only its problem is new
    path.write_text(with_sibling.replace("pp-new", "pp-declined"), encoding="utf-8")
    renamed = cjm("lint", "--fail-on", "info", "--baseline", str(second), str(path))
    assert _codes_and_ids(renamed) == [("CJM201", "pp-declined")]


def test_a_message_change_on_the_same_element_is_still_the_known_problem(cjm, write, tmp_path):
    path, baseline = _baselined(cjm, write, tmp_path)
    data = json.loads(baseline.read_text(encoding="utf-8"))
    for entry in data["problems"]:
        entry["message"] = "worded differently by an older cjm"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    result = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert (result.exit_code, result.stdout) == (0, "No problems in 1 file.\n")


def test_a_version_1_baseline_is_read_then_rewritten_keyed_by_ids(cjm, write, tmp_path):
    path = write("shop.yaml", SHOP)
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps({"cjm-baseline": 1, "problems": [
        {"file": "shop.yaml", "code": "CJM201", "path": "stages[1].pain_points[0]"},
        {"file": "shop.yaml", "code": "CJM202", "path": "stages[1].pain_points[0].severity"},
        {"file": "shop.yaml", "code": "CJM101", "path": "stages[0]"},  # fixed since: dropped
    ]}), encoding="utf-8")
    result = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert (result.exit_code, result.stdout) == (0, "No problems in 1 file.\n")
    assert f"cjm: baseline {baseline} rewritten in the current form" in result.stderr
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["cjm-baseline"] == 2
    assert [p["element"] for p in data["problems"]] == [
        "stages[id=purchase].pain_points[id=pp-slow]",
        "stages[id=purchase].pain_points[id=pp-slow].severity",
    ]
    # and from now on an insertion above no longer unhides them
    path.write_text(SHOP.replace("    pain_points:\n", "    pain_points:\n" + NEW_PAIN), encoding="utf-8")
    after = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert _codes_and_ids(after) == [("CJM201", "pp-new")]


def test_a_problem_about_no_element_is_matched_by_its_message(cjm, write, tmp_path):
    path = write("m.yaml", MINIMAL)
    baseline = tmp_path / "b.json"
    cjm("lint", "--fail-on", "info", "--write-baseline", str(baseline), str(path))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    for entry in data["problems"]:
        if entry["code"] == "CJM107":  # the map has no persona: about the whole map
            assert entry["element"] == ""
            entry["message"] = "some other whole-map problem"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    result = cjm("lint", "--fail-on", "info", "--baseline", str(baseline), str(path))
    assert [line.split()[2] for line in result.stdout.splitlines()[:-1]] == ["CJM107"]


def _folder(path):
    path.mkdir()


def _fifo(path):
    os.mkfifo(path)  # no writer: an `open` of it would wait forever


def _too_large(path):
    with open(path, "wb") as fh:  # sparse: past the 10 MB limit without writing 10 MB
        fh.truncate(DEFAULT_LIMIT + 1)


@pytest.mark.parametrize(("make", "reason"), [
    (_folder, "is a directory, not a file"),
    pytest.param(_fifo, "is a named pipe (FIFO), not a regular file",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")),
    (_too_large, f"more than the {DEFAULT_LIMIT:,} bytes allowed"),
], ids=["folder", "fifo", "too-large"])
def test_a_baseline_that_is_not_a_readable_file_is_a_usage_error_naming_it(cjm, write, tmp_path,
                                                                           make, reason):
    path = write("m.yaml", MINIMAL)
    baseline = tmp_path / "known.json"
    make(baseline)
    result = cjm("lint", "--baseline", str(baseline), str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cjm: error: cannot read baseline {baseline}: ")
    assert reason in result.stderr
    assert "Traceback" not in result.output
