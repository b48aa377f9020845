"""Baselines: record today's problems, then fail only on new ones, whatever moves."""

from __future__ import annotations

import json

from conftest import MINIMAL


def test_write_then_use_a_baseline(cjm, write, tmp_path):
    path = write("maps/m.yaml", MINIMAL)
    baseline = tmp_path / "cjm-baseline.json"
    written = cjm("lint", "--fail-on", "info", "--write-baseline", str(baseline), str(path))
    assert written.exit_code == 0
    assert written.stderr == f"cjm: wrote 4 problems to baseline {baseline}\n"
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["cjm-baseline"] == 1
    assert {"file": "maps/m.yaml", "code": "CJM101", "path": "stages[0]"} in data["problems"]

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
