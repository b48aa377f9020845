"""`cjm validate`: every problem at FILE:LINE:COL with a hint, exit codes, JSON output."""

from __future__ import annotations

import json

from conftest import MINIMAL, SAMPLES

GOOD = """\
cjm: 1
id: shop
title: Магазин — первая покупка
persona: anna
personas:
  - id: anna
    name: Anna
channels:
  - id: kiosk
    name: Kiosk
    kind: physical
stages:
  - id: awareness
    name: Świadomość
    emotion: 3
    touchpoints:
      - id: ad
        name: Реклама
        channel: ads
        emotion: 3
        next: [visit]
    desired_actions:
      - id: click
        name: Click the ad
        metric: ctr
    completed_actions:
      - id: clicked
        fulfils: click
        count: 120
        of: 1000
    metrics:
      - id: ctr
        name: Click-through rate
        target: 2.5
        actual: 1.2
  - id: purchase
    name: Purchase
    touchpoints:
      - id: visit
        name: Kiosk visit
        channel: kiosk
    pain_points:
      - id: queue
        name: Long queue
        touchpoints: [visit]
        severity: high
    opportunities:
      - id: more-kiosks
        name: More kiosks
        addresses: [queue]
        status: planned
"""


def lines(result) -> list[str]:
    return [ln for ln in result.stdout.splitlines() if ln and not ln.startswith(("Found", "No "))]


def test_a_valid_map_passes(write, cjm) -> None:
    path = write("good.yaml", GOOD)
    result = cjm("validate", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "No problems in 1 file.\n"


def test_unknown_field_suggests_the_closest(write, cjm) -> None:
    path = write("m.yaml", MINIMAL.replace("title:", "titel:"))
    result = cjm("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:3:1: error CJM010 titel: unknown field 'titel' in map (did you mean 'title'?)" in result.stdout
    assert f"{path}:1:1: error CJM011 title: missing required field 'title' in map" in result.stdout


def test_bad_enum_lists_the_allowed_values(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("severity: high", "severity: hihg"))
    [line] = lines(cjm("validate", str(path)))
    assert line == (
        f"{path}:46:19: error CJM013 stages[1].pain_points[0].severity: 'hihg' is not an allowed "
        "severity; allowed: low, medium, high, critical (did you mean 'high'?)"
    )


def test_emotion_out_of_range(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("    emotion: 3\n    touch", "    emotion: 7\n    touch"))
    [line] = lines(cjm("validate", str(path)))
    assert f"{path}:15:14: error CJM014 stages[0].emotion: emotion 7 is out of range 1-5" in line


def test_yaml_boolean_where_text_is_expected(write, cjm) -> None:
    path = write("m.yaml", MINIMAL.replace("name: Awareness", "name: no"))
    [line] = lines(cjm("validate", str(path)))
    assert line.endswith('name must be text, not a yes/no value: YAML reads `no` as false (quote it: name: "no")')
    assert ":6:11: error CJM012" in line


def test_nan_is_refused(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("actual: 1.2", "actual: .nan"))
    [line] = lines(cjm("validate", str(path)))
    assert "CJM014" in line and "finite number, not `.nan`" in line


def test_references_must_resolve(write, cjm) -> None:
    text = GOOD.replace("next: [visit]", "next: [vist]").replace("addresses: [queue]", "addresses: [visit]")
    text = text.replace("persona: anna", "persona: ana").replace("metric: ctr", "metric: ctrr")
    path = write("m.yaml", text)
    out = lines(cjm("validate", str(path)))
    assert out == [
        f"{path}:4:10: error CJM021 persona: unknown persona 'ana' (did you mean 'anna'?)",
        f"{path}:21:16: error CJM021 stages[0].touchpoints[0].next[0]: unknown touchpoint 'vist' (did you mean 'visit'?)",
        f"{path}:25:17: error CJM021 stages[0].desired_actions[0].metric: unknown metric 'ctrr' (did you mean 'ctr'?)",
        f"{path}:50:21: error CJM023 stages[1].opportunities[0].addresses[0]: 'visit' is a touchpoint, not a pain point",
    ]


def test_unknown_channel_lists_none_when_far(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("channel: ads", "channel: billboard"))
    [line] = lines(cjm("validate", str(path)))
    assert "unknown channel 'billboard'" in line and "kiosk" in line


def test_duplicate_ids_across_lanes(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("id: queue", "id: visit").replace("[queue]", "[visit]"))
    out = lines(cjm("validate", str(path)))
    assert f"{path}:43:13: error CJM020 stages[1].pain_points[0].id: duplicate id 'visit': already used by the touchpoint at line 39" in out[0]


def test_count_cannot_exceed_base(write, cjm) -> None:
    path = write("m.yaml", GOOD.replace("count: 120", "count: 1200"))
    [line] = lines(cjm("validate", str(path)))
    assert f"{path}:29:16: error CJM022" in line and "1200 is larger than its base of 1000" in line


def test_bad_id_suggests_a_valid_one(write, cjm) -> None:
    path = write("m.yaml", MINIMAL.replace("id: awareness", "id: Awareness Stage"))
    [line] = lines(cjm("validate", str(path)))
    assert "CJM015" in line and "for example 'awareness-stage'" in line


def test_missing_and_future_versions(write, cjm) -> None:
    none = write("none.yaml", MINIMAL.replace("cjm: 1\n", ""))
    future = write("future.yaml", MINIMAL.replace("cjm: 1", "cjm: 2"))
    out = cjm("validate", str(none), str(future)).stdout
    assert f"{none}:1:1: error CJM006 not a cjm map: the `cjm:` format version is missing" in out
    assert f"{future}:1:6: error CJM006 cjm: format version 2 is newer than this cjm understands" in out


def test_x_keys_are_free_and_extensions_is_not(write, cjm) -> None:
    ok = write("ok.yaml", MINIMAL + "    x-jira: CX-12\nx-team: {lead: Ola}\n")
    assert cjm("validate", str(ok)).exit_code == 0
    bad = write("bad.yaml", MINIMAL + "extensions: {}\n")
    assert "unknown field 'extensions'" in cjm("validate", str(bad)).stdout


def test_one_broken_file_does_not_stop_the_others(write, cjm, tmp_path) -> None:
    write("maps/a.yaml", MINIMAL)
    write("maps/b.yaml", "cjm: 1\nid: [\n")
    write("maps/c.yaml", MINIMAL.replace("id: minimal", "id: Bad"))
    write("maps/ci.yml", "on: push\njobs: {}\n")  # not a map: skipped in a folder
    write("maps/empty.yaml", "")
    result = cjm("validate", str(tmp_path / "maps"))
    assert result.exit_code == 1
    assert "b.yaml:3:1: error CJM001" in result.stdout
    assert "c.yaml:2:5: error CJM015" in result.stdout
    assert result.stdout.endswith("Found 2 problems (2 errors) in 2 of 3 files.\n")


def test_a_named_non_map_file_is_reported(write, cjm) -> None:
    path = write("ci.yml", "on: push\n")
    result = cjm("validate", str(path))
    assert result.exit_code == 1 and "CJM006" in result.stdout


def test_exit_2_for_missing_paths_and_usage_errors(cjm) -> None:
    result = cjm("validate", "no/such/file.yaml")
    assert result.exit_code == 2
    assert result.stderr == "cjm: error: path not found: no/such/file.yaml\n"
    assert cjm("validate", "--format", "nope", ".").exit_code == 2
    assert cjm("validate", "--no-such-option").exit_code == 2


def test_stdin(cjm) -> None:
    result = cjm("validate", "-", input=MINIMAL.replace("title:", "titel:"))
    assert result.exit_code == 1 and "<stdin>:3:1: error CJM010" in result.stdout


def test_json_output(write, cjm) -> None:
    path = write("m.yaml", MINIMAL.replace("name: Awareness", "name: Awareness\n    emotion: 9"))
    result = cjm("validate", "--format", "json", str(path))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "line": 7,
            "column": 14,
            "code": "CJM014",
            "name": "out-of-range",
            "severity": "error",
            "path": "stages[0].emotion",
            "message": "emotion 9 is out of range 1-5",
            "hint": "1 = very negative, 3 = neutral, 5 = very positive",
        }
    ]
    clean = write("ok.yaml", MINIMAL)
    assert json.loads(cjm("validate", "-f", "json", str(clean)).stdout) == []


def test_output_file(write, cjm, tmp_path) -> None:
    path = write("m.yaml", MINIMAL)
    out = tmp_path / "reports" / "r.json"
    result = cjm("validate", "-f", "json", "-o", str(out), str(path))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text()) == []


def test_no_colour_when_piped_or_no_color(write, cjm) -> None:
    path = write("m.yaml", MINIMAL.replace("title:", "titel:"))
    assert "\x1b[" not in cjm("validate", str(path)).stdout
    assert "\x1b[" in cjm("validate", str(path), env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in cjm("validate", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_sample_maps_are_valid(cjm) -> None:
    result = cjm("validate", str(SAMPLES))
    assert result.exit_code == 0, result.stdout
    assert len(list(SAMPLES.glob("*.yaml"))) >= 4


def test_many_files_use_the_process_pool(write, cjm, tmp_path) -> None:
    for i in range(40):
        write(f"many/m{i:02}.yaml", MINIMAL.replace("id: minimal", f"id: m{i}"))
    write("many/m07.yaml", MINIMAL.replace("emotion", "x").replace("id: minimal", "id: m7\nbad: 1"))
    result = cjm("validate", "--jobs", "2", str(tmp_path / "many"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith("m07.yaml:3:1: error CJM010 bad: unknown field 'bad' in map (a map has: cjm, id, title, description, owner, tags, reviewed, state, current, lang, parent, persona, personas, channels, stages; prefix your own keys with 'x-')")
    assert "in 1 of 40 files" in result.stdout


def test_pipes_are_read_when_named_and_skipped_in_folders(tmp_path, cjm) -> None:
    import os
    import threading

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = cjm("validate", str(tmp_path))  # a folder: the pipe is never opened
    assert result.exit_code == 0 and result.stdout == "No map files found.\n"

    def feed() -> None:
        with open(fifo, "w") as fh:
            fh.write(MINIMAL)

    writer = threading.Thread(target=feed)
    writer.start()
    result = cjm("validate", str(fifo))
    writer.join(timeout=10)
    assert result.exit_code == 0, result.output
