"""`cjm data import` reads a CSV export strictly: a damaged file is an error naming its line,
never rows quietly merged or a traceback, and nothing is written; GA4's comment lines are
skipped, and said so."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cjm

from .test_data_import import MAP


def _import(tmp_path: Path, csv: str | bytes, *extra: str) -> tuple[int, str, str, bytes]:
    folder = tmp_path / "maps"
    folder.mkdir(exist_ok=True)
    path = folder / "checkout.yaml"
    path.write_text(MAP, encoding="utf-8")
    data = tmp_path / "export.csv"
    if isinstance(csv, str):
        data.write_text(csv, encoding="utf-8")
    else:
        data.write_bytes(csv)
    result = run_cjm("data", "import", "export.csv", "--map", "maps", "--write", *extra, cwd=tmp_path)
    return result.exit_code, result.stdout, result.stderr, path.read_bytes()


@pytest.mark.parametrize(("csv", "error"), [
    ('id,period,value,note\n'
     'm-nps,2026-Q3,37.5,"new payment provider\n'
     'm-nps,2026-Q4,38,\n'
     'm-nps,2027-Q1,39,\n',
     'export.csv:2: error: a quote opens a cell on line 2 and is never closed, so every line '
     'after it would be read into that one cell; close the quote, or double a quote meant as '
     'text ("")'),
    ('id,period,value,note\n'
     'm-nps,2026-Q3,37.5,"the ""new"" provider" from August\n',
     'export.csv:2: error: a quoted cell has text after its closing quote; double a quote meant '
     'as text ("")'),
    ('id,period,value,note\n'
     'm-nps,2026-Q3,37.5,ok\n'
     'm-nps,2026-Q4,38,a\x00b\n',
     'export.csv:3: error: a NUL byte (column 19): this is not a text export (a spreadsheet '
     'saved as .xls? export it as CSV UTF-8)'),
], ids=["unclosed quote", "text after a closing quote", "NUL byte"])
def test_a_damaged_export_is_refused_with_its_line_and_nothing_is_written(
        tmp_path: Path, csv: str, error: str) -> None:
    code, stdout, stderr, after = _import(tmp_path, csv)
    assert code == 2
    assert stdout == ""
    assert stderr == f"{error}\ncjm: error: export.csv cannot be read; nothing was imported\n"
    assert after == MAP.encode()


def test_a_quoted_note_over_several_lines_is_still_one_cell(tmp_path: Path) -> None:
    code, _, stderr, after = _import(tmp_path, 'id,period,value,note\n'
                                               'm-nps,2026-Q3,37.5,"first line\nsecond line"\n'
                                               'm-nps,2026-Q4,38,\n')
    assert code == 0, stderr
    assert b"2026-Q4" in after and b"first line" in after


def test_a_note_of_11_mb_is_refused_clearly(tmp_path: Path) -> None:
    note = "x" * (11 * 1024 * 1024)
    code, _, stderr, after = _import(tmp_path, f"id,period,value,note\nm-nps,2026-Q3,37.5,{note}\n")
    assert code == 2
    assert stderr == ("export.csv:2: error: a cell is longer than 10,485,760 characters, more "
                      "than a map may hold (a quote that is never closed?)\n"
                      "cjm: error: export.csv cannot be read; nothing was imported\n")
    assert after == MAP.encode()


def test_a_note_that_would_make_the_map_too_big_to_load_names_its_row(tmp_path: Path) -> None:
    """Shorter than the cell limit in characters, past the loader's 10 MiB in UTF-8 bytes."""
    note = "я" * (6 * 1024 * 1024)
    code, _, stderr, after = _import(tmp_path, "id,period,value,note\nm-nps,2026-Q3,37.5,ok\n"
                                                f"m-nps,2026-Q4,38,{note}\n")
    assert code == 2
    assert stderr == ("export.csv:3: error: note is 12,582,912 bytes long, more than the "
                      "10,485,760 a map may have\n"
                      "cjm: error: export.csv: 1 row cannot be imported; nothing was written\n")
    assert after == MAP.encode()


def test_rows_that_together_make_the_map_too_big_are_named(tmp_path: Path) -> None:
    note = "x" * (10 * 1024 * 1024 - 300)
    code, _, stderr, after = _import(tmp_path, f"id,period,value,note\nm-nps,2026-Q3,37.5,{note}\n")
    assert code == 2
    assert "more than the 10,485,760 a map may have (the largest row: line 2)" in stderr
    assert stderr.endswith("nothing was written\n")
    assert after == MAP.encode()


GA4 = """\
# ----------------------------------------
# Free form exploration
# Account: Online store
# Property: Online store - GA4
# ----------------------------------------

id,period,value
m-nps,2026-Q3,37.5
m-nps,2026-Q4,oops
"""


def test_ga4_comment_lines_above_the_header_are_skipped_and_said(tmp_path: Path) -> None:
    code, _, stderr, after = _import(tmp_path, GA4.replace("oops", "38"))
    assert code == 0, stderr
    assert stderr == "cjm: note: export.csv: skipped 5 comment lines (#) above the header\n"
    assert b"period: 2026-Q3\n            value: 37.5" in after


def test_a_row_after_ga4_comments_keeps_its_line_number(tmp_path: Path) -> None:
    code, _, stderr, _ = _import(tmp_path, GA4)
    assert code == 2
    assert "export.csv:9: error: value 'oops' is not a number" in stderr
