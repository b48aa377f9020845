"""`cjm data import`: exports as spreadsheets and BI tools really write them, and every row that
cannot be imported named at once, with where it is."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cjm

from .test_data_import import MAP, _maps


def _import(tmp_path: Path, name: str, text: str, *args: str):
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    return run_cjm("data", "import", str(data), "--map", str(tmp_path / "maps"), *args), data


def test_a_dot_before_three_digits_is_never_guessed(tmp_path: Path) -> None:
    _maps(tmp_path)
    rows = "id;period;value\nm-nps;2026-Q3;1.250\n"
    guessed, data = _import(tmp_path, "de.csv", rows)
    assert guessed.exit_code == 2
    assert (f"{data}:2: error: value '1.250' reads as 1.25 with a decimal point and as 1250 with "
            "the dot grouping thousands: say which with --locale") in guessed.stderr
    german, _ = _import(tmp_path, "de.csv", rows, "--locale", "de")
    assert "+ metric m-nps 2026-Q3: 1250" in german.stdout
    english, _ = _import(tmp_path, "de.csv", rows, "--locale", "en")
    assert "+ metric m-nps 2026-Q3: 1.25" in english.stdout
    plain, _ = _import(tmp_path, "plain.csv", "id,period,value\nm-nps,2026-Q3,0.125\n")
    assert plain.exit_code == 0 and "2026-Q3: 0.125" in plain.stdout  # 0.125 groups nothing


def test_numbers_out_of_range_and_the_hint_for_the_separator_used(tmp_path: Path) -> None:
    _maps(tmp_path)
    result, data = _import(tmp_path, "big.csv", "id,period,value,count,of\n"
                                                "m-nps,2026-Q3,1e400,,\n"
                                                "m-nps,2026-Q4,1 234,,\n"
                                                "da-pay,2026-Q3,,-5,10\n")
    assert result.exit_code == 2
    assert f"{data}:2: error: value '1e400' is too large" in result.stderr
    assert f"{data}:3: error: value '1 234' is not a number (a space between thousands: say so " \
           "with --locale, e.g. --locale ru or pl)" in result.stderr
    assert f"{data}:4: error: count -5 is negative" in result.stderr


def test_every_bad_row_is_named_in_one_run_unreadable_unknown_and_conflicting(tmp_path: Path) -> None:
    _maps(tmp_path)
    result, data = _import(tmp_path, "mixed.csv", "id,period,value\n"
                                                  "m-nps,2026-Q3,abc\n"
                                                  "M-NPS,2026-Q3,1\n"
                                                  "m-nps,2026-Q2,39\n"
                                                  "m-nps,2026-Q4,40\n")
    assert result.exit_code == 2
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith(f"{data}:")]
    assert [ln.split(":")[1] for ln in errors] == ["2", "3", "4"]
    assert "'M-NPS' in the maps; did you mean 'm-nps'?" in errors[1]
    assert "metric m-nps 2026-Q2 is already 38" in errors[2]
    assert "3 rows cannot be imported; nothing was written" in result.stderr


def test_minified_json_rows_are_named_by_line_and_column(tmp_path: Path) -> None:
    _maps(tmp_path)
    rows = '[{"id":"m-nps","period":"2026-Q3","value":37},{"id":"m-nps","period":"2026-Q4","value":true}]'
    result, data = _import(tmp_path, "rows.json", rows)
    assert result.exit_code == 2
    assert f"{data}:1:47: error: value true is not a number" in result.stderr


def test_a_header_that_names_a_column_twice_or_starts_after_blank_lines(tmp_path: Path) -> None:
    _maps(tmp_path)
    twice, data = _import(tmp_path, "twice.csv", "id,period,value,value\nm-nps,2026-Q3,1,2\n")
    assert twice.exit_code == 2
    assert f"{data}:1: error: the header names 'value' twice (columns 3 and 4)" in twice.stderr
    assert f"{data} cannot be read; nothing was imported" in twice.stderr
    blank, _ = _import(tmp_path, "blank.csv", "\n\nid,period,value\nm-nps,2026-Q3,37\n")
    assert blank.exit_code == 0 and "+ metric m-nps 2026-Q3: 37" in blank.stdout


def test_columns_cannot_map_one_export_column_to_two_names(tmp_path: Path) -> None:
    _maps(tmp_path)
    result, _ = _import(tmp_path, "de.csv", "Kennzahl,Wert\nm-nps,1\n",
                        "--columns", "id=Kennzahl,period=Kennzahl,value=Wert")
    assert result.exit_code == 2
    assert "--columns maps the export's column 'Kennzahl' to both 'id' and 'period'" in result.stderr


def test_a_rows_note_is_data_too(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    rows = "id,period,value,note\nm-nps,2026-Q2,38,corrected export\n"
    refused, _ = _import(tmp_path, "note.csv", rows)
    assert refused.exit_code == 2
    assert "metric m-nps 2026-Q2 is already 38 (after the redesign) in" in refused.stderr
    assert "the data says 38 (corrected export); pass --replace" in refused.stderr
    replaced, _ = _import(tmp_path, "note.csv", rows, "--write", "--replace")
    assert replaced.exit_code == 0, replaced.output
    text = (folder / "checkout.yaml").read_text(encoding="utf-8")
    assert "value: 38\n            note: corrected export\n" in text
    again, _ = _import(tmp_path, "note.csv", rows, "--check")
    assert again.exit_code == 0


def test_a_new_completed_action_never_takes_an_id_the_map_has(tmp_path: Path) -> None:
    folder = _maps(tmp_path, MAP.replace("    # the step the growth team watches\n",
                                         "    touchpoints:\n      - id: ca-pay-2026-q3\n"
                                         "        name: Payment page\n"))
    result, _ = _import(tmp_path, "q3.csv", "id,period,count,of\nda-pay,2026-Q3,480,1000\n", "--write")
    assert result.exit_code == 0, result.output
    assert "(new ca-pay-2026-q3-2)" in result.stdout
    assert run_cjm("validate", str(folder)).exit_code == 0


def test_a_period_is_one_whatever_its_case(tmp_path: Path) -> None:
    folder = _maps(tmp_path, MAP.replace("period: 2026-Q2\n            value: 38", "period: 2026-q2\n            value: 38"))
    lower, _ = _import(tmp_path, "q3.csv", "id,period,value\nm-nps,2026-q3,37\n", "--write")
    assert lower.exit_code == 0 and "+ metric m-nps 2026-Q3: 37" in lower.stdout
    assert "period: 2026-Q3\n" in (folder / "checkout.yaml").read_text(encoding="utf-8")
    upper, _ = _import(tmp_path, "q3.csv", "id,period,value\nm-nps,2026-Q3,37\nm-nps,2026-Q2,38\n", "--check")
    assert upper.exit_code == 0, upper.output  # the same points: nothing to do
    other, _ = _import(tmp_path, "q3.csv", "id,period,value\nm-nps,2026-Q2,39\n")
    assert other.exit_code == 2 and "metric m-nps 2026-Q2 is already 38" in other.stderr


def test_two_maps_with_one_id_are_refused_not_half_imported(tmp_path: Path) -> None:
    folder = _maps(tmp_path)
    (folder / "copy.yaml").write_text(MAP.replace("m-nps", "m-other"), encoding="utf-8")
    for rows in ("map,id,period,value\ncheckout,m-nps,2026-Q3,37\n", "id,period,value\nm-nps,2026-Q3,37\n"):
        result, data = _import(tmp_path, "dup.csv", rows, "--write")
        assert result.exit_code == 2
        assert f"{data}:2: error: map id 'checkout' is used by" in result.stderr
        assert "(CJM034 in cjm validate)" in result.stderr
    assert (folder / "checkout.yaml").read_text(encoding="utf-8") == MAP


def test_one_column_is_never_read_as_two_names_and_a_spare_column_may_repeat(tmp_path: Path) -> None:
    _maps(tmp_path)
    both, data = _import(tmp_path, "c.csv", "id,period,value\nm-nps,2026-Q3,37\n", "--columns", "value=id")
    assert both.exit_code == 2
    assert f"{data}:1: error: the column 'id' would be read as both 'value' and 'id'" in both.stderr
    spare, _ = _import(tmp_path, "s.csv", "id,period,value,x,x\nm-nps,2026-Q3,37,1,2\n")
    assert spare.exit_code == 0 and "+ metric m-nps 2026-Q3: 37" in spare.stdout


def test_a_locale_reads_only_the_marks_it_writes(tmp_path: Path) -> None:
    _maps(tmp_path)
    result, data = _import(tmp_path, "ru.csv", "id;period;value\nm-nps;2026-Q3;950.000\nm-nps;2026-Q4;1 234,5\n",
                           "--locale", "ru")
    assert result.exit_code == 2
    assert f"{data}:2: error: value '950.000' is not a number as ru writes them" in result.stderr
    assert f"{data}:3:" not in result.stderr


def test_json_rows_given_twice_or_objects_where_text_belongs(tmp_path: Path) -> None:
    _maps(tmp_path)
    rows = ('[{"id":"m-nps","period":"2026-Q3","value":1},{"id":"m-nps","period":"2026-Q3","value":2},'
            '{"id":"m-nps","period":{"q":3},"value":1},{"id":"m-nps","period":"2026-Q4","value":1,"value":2}]')
    result, data = _import(tmp_path, "rows.json", rows)
    assert result.exit_code == 2
    assert f"{data}:1:46: error: a second value for 'm-nps' 2026-Q3 (the row at 1:2 has another one)" \
        in result.stderr
    assert 'error: period must be text, not {"q": 3}' in result.stderr
    assert "error: the row gives 'value' twice" in result.stderr
    broken, data = _import(tmp_path, "broken.json", '[{"id":"m-nps",}]')
    assert f"{data}:1:16: error: {data} is not JSON: Expecting property name" in broken.stderr


def test_of_two_records_for_one_step_and_period_the_one_every_output_counts_is_updated(tmp_path: Path) -> None:
    folder = _maps(tmp_path, MAP.replace(
        "        period: 2026-Q2  # from the September export\n",
        "        period: 2026-Q2  # from the September export\n"
        "      - {id: ca-pay-q2b, fulfils: da-pay, count: 640, of: 1000, period: 2026-q2}\n"))
    lint = run_cjm("lint", str(folder / "checkout.yaml"), "--select", "CJM315")
    assert "CJM315 stages[0].completed_actions[1].period: completed action 'ca-pay-q2b' is a second " \
           "record of 'da-pay' for period 2026-q2" in lint.stdout
    result, _ = _import(tmp_path, "q2.csv", "id,period,count,of\nda-pay,2026-Q2,650,1000\n")
    assert result.exit_code == 2
    assert "is already 640 of 1000 in" in result.stderr and "(ca-pay-q2b)" in result.stderr
