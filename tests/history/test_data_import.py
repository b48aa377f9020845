"""`cjm data import`: an analytics export into the maps, as a team runs it every quarter."""

from __future__ import annotations

import difflib
from pathlib import Path

from conftest import run_cjm

MAP = """\
# yaml-language-server: $schema=../schema/cjm.schema.json
# Checkout journey: numbers refreshed from the BI export every quarter.
cjm: 1
id: checkout
title: Checkout
stages:
  - id: pay
    name: Pay
    # the step the growth team watches
    desired_actions:
      - id: da-pay
        name: Pay for the order
        metric: m-nps
    completed_actions:
      - id: ca-pay-q2
        fulfils: da-pay
        count: 620
        of: 1000
        period: 2026-Q2  # from the September export
    metrics:
      - id: m-nps
        name: NPS after checkout
        target: 40
        history:
          - period: 2026-Q1
            value: 36
          # Q2 was measured after the redesign
          - period: 2026-Q2
            value: 38
            note: after the redesign
"""


def _maps(tmp_path: Path, text: str = MAP) -> Path:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "checkout.yaml").write_text(text, encoding="utf-8")
    (folder / "ci.yaml").write_text("on: push\n", encoding="utf-8")  # not a map: left alone
    return folder


def test_import_appends_points_keeps_every_comment_and_reimport_is_a_no_op(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    data = tmp_path / "q3.csv"
    data.write_text("id,period,value,count,of\n"
                    "m-nps,2026-Q3,37.5,,\n"
                    "da-pay,2026-Q3,,480,1000\n", encoding="utf-8")

    plan = run_cjm("data", "import", str(data), "--map", str(folder))
    assert plan.exit_code == 0, plan.output
    assert "+ metric m-nps 2026-Q3: 37.5" in plan.stdout
    assert "+ desired action da-pay 2026-Q3: 480 of 1000 (new ca-pay-2026-q3)" in plan.stdout
    assert "Nothing written" in plan.stdout
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == MAP

    behind = run_cjm("data", "import", str(data), "--map", str(folder), "--check")
    assert behind.exit_code == 1 and "1 of 1 map behind the data" in behind.stdout

    wrote = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert wrote.exit_code == 0, wrote.output
    after = (folder / "checkout.yaml").read_text(encoding="utf-8")
    diff = [d for d in difflib.ndiff(MAP.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert [d for d in diff if d.startswith("-")] == []  # nothing removed: comments, layout kept
    assert [d[2:].strip() for d in diff] == [
        "- id: ca-pay-2026-q3", "fulfils: da-pay", "count: 480", "of: 1000", "period: 2026-Q3",
        "- period: 2026-Q3", "value: 37.5",
    ]
    assert run_cjm("validate", str(folder / "checkout.yaml")).exit_code == 0
    report = run_cjm("lint", str(folder / "checkout.yaml"), "--select", "CJM313", "--format", "json")
    assert '"CJM313"' in report.stdout  # three quarters below target now

    again = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert again.exit_code == 0 and "up to date" in again.stdout
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == after
    assert run_cjm("data", "import", str(data), "--map", str(folder), "--check").exit_code == 0


def test_spreadsheet_export_bom_semicolons_decimal_commas_in_a_stated_locale(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    data = tmp_path / "export.csv"
    data.write_bytes("\ufeffKennzahl;Quartal;Wert;Anzahl;Basis\r\n"
                     "m-nps;2026-Q3;37,5;;\r\n"
                     "da-pay;2026-Q3;;1.480;2.000\r\n".encode())
    columns = "id=Kennzahl,period=Quartal,value=Wert,count=Anzahl,of=Basis"
    guessed = run_cjm("data", "import", str(data), "--map", str(folder), "--columns", columns)
    assert guessed.exit_code == 2
    assert "export.csv:2: error: value '37,5' is not a number" in guessed.stderr
    assert "--locale" in guessed.stderr
    ok = run_cjm("data", "import", str(data), "--map", str(folder), "--columns", columns,
                 "--locale", "de", "--write")
    assert ok.exit_code == 0, ok.output
    text = (folder / "checkout.yaml").read_text(encoding="utf-8")
    assert "value: 37.5" in text and "count: 1480" in text and "of: 2000" in text


def test_json_export(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    data = tmp_path / "q3.json"
    data.write_text('[\n  {"id": "m-nps", "period": "2026-Q3", "value": 41, "note": "new survey"},\n'
                    '  {"id": "da-pay", "period": "2026-Q3", "count": 700, "of": 1000}\n]\n',
                    encoding="utf-8")
    ok = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert ok.exit_code == 0, ok.output
    text = (folder / "checkout.yaml").read_text(encoding="utf-8")
    assert "value: 41\n            note: new survey" in text


def test_bad_rows_are_each_reported_with_their_line_and_nothing_is_written(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    data = tmp_path / "bad.csv"
    data.write_text("id,period,value,count,of\n"
                    "m-nps,2026-Q3,37,,\n"
                    "m-nsp,2026-Q3,1,,\n"
                    "m-nps,Q3 2026,1,,\n"
                    "da-pay,2026-Q3,,1200,1000\n"
                    "m-nps,2026-Q4,abc,,\n"
                    "da-pay,2026-Q3,,12.5,\n", encoding="utf-8")
    result = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(str(data))]
    # every bad row in one run: ones that cannot be read and ones that name nothing alike
    assert [ln.split(": error: ")[0].rsplit(":", 1)[1] for ln in lines] == ["3", "4", "5", "6", "7"]
    assert "period 'Q3 2026' is not one cjm can order" in result.stderr
    assert "count 1200 is larger than its base of 1000" in result.stderr
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == MAP
    # rows that read fine but name nothing: refused with a guess
    data.write_text("id,period,value\nm-nsp,2026-Q3,1\n", encoding="utf-8")
    unknown = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert unknown.exit_code == 2
    assert "bad.csv:2: error: no metric, desired action or completed action 'm-nsp' in the " \
           "maps; did you mean 'm-nps'?" in unknown.stderr
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == MAP


def test_a_second_value_for_a_period_needs_replace(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    data = tmp_path / "fix.csv"
    data.write_text("id,period,value\nm-nps,2026-Q2,39\n", encoding="utf-8")
    refused = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert refused.exit_code == 2
    assert "metric m-nps 2026-Q2 is already 38" in refused.stderr and "--replace" in refused.stderr
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == MAP
    replaced = run_cjm("data", "import", str(data), "--map", str(folder), "--write", "--replace")
    assert replaced.exit_code == 0 and "~ metric m-nps 2026-Q2: 38 → 39" in replaced.stdout
    text = (folder / "checkout.yaml").read_text(encoding="utf-8")
    assert "value: 39\n            note: after the redesign" in text
    twice = tmp_path / "twice.csv"
    twice.write_text("id,period,value\nm-nps,2026-Q3,39\nm-nps,2026-Q3,40\n", encoding="utf-8")
    dup = run_cjm("data", "import", str(twice), "--map", str(folder))
    assert dup.exit_code == 2 and "twice.csv:3: error: a second value for 'm-nps' 2026-Q3 " \
                                  "(line 2 has another one)" in dup.stderr


def test_an_import_that_would_break_a_map_writes_nothing(tmp_path: Path) -> None:
    folder = _maps(tmp_path, MAP.replace("        target: 40\n", "        target: 40\n"
                                         "        unit: \"%\"\n"))
    data = tmp_path / "q3.csv"
    data.write_text("id,period,count,of\nca-pay-q2,2026-Q2,700,600\n", encoding="utf-8")
    result = run_cjm("data", "import", str(data), "--map", str(folder), "--write", "--replace")
    assert result.exit_code == 2 and "larger than its base" in result.stderr


def test_the_sample_export_a_quarter_later(tmp_path: Path) -> None:
    """The done criterion: last quarter's numbers in, a diff that says which steps moved and
    which metrics have now missed target three quarters running."""
    import shutil

    from conftest import SAMPLES

    maps = tmp_path / "maps"
    shutil.copytree(SAMPLES, maps)
    export = maps / "data" / "online-store-2026-q3.csv"
    wrote = run_cjm("data", "import", str(export), "--map", str(maps), "--write", "--lang", "en")
    assert wrote.exit_code == 0, wrote.output
    assert "1 of 14 maps updated (12 changes from 12 rows)." in wrote.stdout
    diff = run_cjm("diff", str(SAMPLES / "online-store-first-purchase.yaml"),
                   str(maps / "online-store-first-purchase.yaml"))
    assert ('~ Metric "Cart-to-order conversion" (purchase): history + 2026-Q3: 30.9 '
            "(worse; target missed 3 periods in a row)") in diff.stdout
    assert ('~ Completed action "Complete the first order" (purchase): conversion 32.0% → 30.9% ↓ '
            "(2026-Q2 → 2026-Q3)") in diff.stdout
    lint = run_cjm("lint", str(maps / "online-store-first-purchase.yaml"), "--select", "CJM313")
    assert lint.stdout.count("CJM313") == 6
    again = run_cjm("data", "import", str(export), "--map", str(maps), "--check", "--lang", "en")
    assert again.exit_code == 0 and "14 maps up to date" in again.stdout


def test_a_broken_map_in_the_folder_is_named_and_skipped_and_refused_when_named(
        tmp_path: Path) -> None:
    """A map that cannot be read would make its rows look like unknown ids: the import says
    which file it skipped and why; a file named with --map is refused instead."""
    folder = _maps(tmp_path)
    (folder / "broken.yaml").write_text("cjm: 1\nid: [broken\n", encoding="utf-8")
    data = tmp_path / "q3.csv"
    data.write_text("id,period,value\nm-nps,2026-Q3,37.5\n", encoding="utf-8")

    result = run_cjm("data", "import", str(data), "--map", "maps", "--write", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("cjm: warning: maps/broken.yaml: cannot be edited: 3:1: YAML syntax "
                             "error: did not find expected ',' or ']' (while parsing a flow "
                             "sequence); skipped\n")
    assert "1 of 1 map updated (1 change from 1 row)." in result.stdout
    assert "ci.yaml" not in result.output  # a YAML file that is no map is no one's business

    named = run_cjm("data", "import", str(data), "--map", "maps", "--map", "maps/broken.yaml",
                    cwd=tmp_path)
    assert named.exit_code == 2
    assert named.stderr.endswith("cjm: error: maps/broken.yaml: cannot be edited: 3:1: YAML "
                                 "syntax error: did not find expected ',' or ']' (while parsing "
                                 "a flow sequence)\n")
