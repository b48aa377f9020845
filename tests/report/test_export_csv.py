"""`cjm export csv`: read back with the csv module, the rows are the map's lane items."""

from __future__ import annotations

import csv
import io

import pytest

from cjm.api import load
from cjm.interop.csv_export import COLUMNS, LIST_SEPARATOR
from cjm.model import LANES

from .maps import HAND

TRICKY = """\
cjm: 1
id: tricky
title: Tricky text
stages:
  - id: s1
    name: "Zakup, odbiór"
    touchpoints:
      - id: tp-a
        name: 'She said "no, thanks"'
        channel: web
        description: |-
          Two lines,
          the second with ; and "quotes"
      - {id: tp-b, name: "=SUM(A1:A9)", channel: store, emotion: 2}
    pain_points:
      - {id: pp-a, name: Оплата не проходит, touchpoints: [tp-a, tp-b], severity: high}
    metrics:
      - {id: m-a, name: Wait, unit: min, target: 4.5, actual: 6, direction: lower_is_better}
"""


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_rows_read_back_equal_the_maps_items(cjm, write):
    path = write("hand.yaml", HAND)
    result = cjm("export", "csv", str(path))
    assert result.exit_code == 0, result.output
    rows = _read(result.stdout)
    journey = load(path)
    items = [(stage, lane, item) for stage in journey.stages for lane in LANES for item in getattr(stage, lane)]
    assert len(rows) == len(items)
    assert list(rows[0]) == list(COLUMNS)
    for row, (stage, lane, item) in zip(rows, items, strict=True):
        assert (row["stage_id"], row["stage"], row["lane"], row["id"]) == (stage.id, stage.name, lane, item.id)
        assert row["name"] == getattr(item, "name", "")
    by_id = {r["id"]: r for r in rows}
    assert by_id["ca-buy"]["count"] == "120" and by_id["ca-buy"]["of"] == "1000"
    assert by_id["ca-buy"]["fulfils"] == "da-buy" and by_id["ca-buy"]["period"] == "2026-Q3"
    assert by_id["m-wait"]["target"] == "60" and by_id["m-wait"]["actual"] == "75"
    assert by_id["m-wait"]["direction"] == "lower_is_better" and by_id["m-wait"]["met"] == "no"
    assert by_id["m-aov"]["met"] == "yes" and by_id["m-nps"]["met"] == ""
    assert by_id["pp-forms"]["severity"] == "critical" and by_id["op-fix"]["status"] == "planned"
    assert by_id["op-fix"]["addresses"] == "pp-forms"
    assert by_id["tp-checkout"]["channel"] == "web" and by_id["tp-checkout"]["emotion"] == "2"
    assert by_id["mot-pay"]["touchpoint"] == "tp-checkout" and by_id["mot-pay"]["kind"] == "first"


def test_commas_quotes_newlines_and_unicode_survive(cjm, write, tmp_path):
    out = tmp_path / "out.csv"
    result = cjm("export", "csv", str(write("t.yaml", TRICKY)), "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = {r["id"]: r for r in _read(raw.decode("utf-8"))}
    assert rows["tp-a"]["stage"] == "Zakup, odbiór"
    assert rows["tp-a"]["name"] == 'She said "no, thanks"'
    assert rows["tp-a"]["description"] == 'Two lines,\nthe second with ; and "quotes"'
    assert rows["tp-b"]["name"] == "=SUM(A1:A9)"  # data as is, without --excel
    assert rows["pp-a"]["name"] == "Оплата не проходит"
    assert rows["pp-a"]["touchpoints"].split(LIST_SEPARATOR) == ["tp-a", "tp-b"]
    assert rows["m-a"]["target"] == "4.5"


def test_excel_gets_a_bom_crlf_and_no_formulas(cjm, write):
    result = cjm("export", "csv", str(write("t.yaml", TRICKY)), "--excel")
    raw = result.stdout.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 5  # header and 4 rows; the line break inside a cell stays \n
    rows = {r["id"]: r for r in _read(result.stdout.lstrip("\ufeff"))}
    assert rows["tp-b"]["name"] == "'=SUM(A1:A9)"
    assert rows["tp-a"]["description"] == 'Two lines,\nthe second with ; and "quotes"'


def test_invalid_or_missing_map(cjm, write, tmp_path):
    bad = cjm("export", "csv", str(write("bad.yaml", "cjm: 1\nid: b\ntitle: B\nstages: []\n")))
    assert bad.exit_code == 1 and "bad.yaml:4:" in bad.stderr and bad.stdout == ""
    missing = cjm("export", "csv", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "path not found" in missing.stderr


# How each language's Excel reads a CSV by double-click: its list separator, its decimal mark
EXCEL_OF = {"pl": (";", ","), "de": (";", ","), "uk": (";", ","), "en": (",", ".")}


def _excel_number(text: str, decimal: str) -> float:
    """A cell as that Excel reads a number: with the other mark in it, it is text (or a date)."""
    other = "." if decimal == "," else ","
    assert other not in text, f"{text!r} is text to an Excel whose decimal mark is {decimal!r}"
    return float(text.replace(decimal, "."))


@pytest.mark.parametrize("lang", sorted(EXCEL_OF))
def test_excel_reads_the_columns_and_numbers_of_the_map_s_language(cjm, write, lang):
    path = write("hand.yaml", HAND.replace("title: Hand-checked shop\n",
                                           f"title: Hand-checked shop\nlang: {lang}\n"))
    result = cjm("export", "csv", str(path), "--excel")
    assert result.exit_code == 0, result.output
    raw = result.stdout.encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"sep=")
    delimiter, decimal = EXCEL_OF[lang]
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert list(rows[0]) == list(COLUMNS)
    assert all(None not in row and len(row) == len(COLUMNS) for row in rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["pp-forms"]["name"] == "Long forms" and by_id["pp-forms"]["severity"] == "critical"
    assert _excel_number(by_id["ca-return"]["conversion"], decimal) == pytest.approx(2 / 3, abs=1e-6)
    assert _excel_number(by_id["ca-buy"]["conversion"], decimal) == 0.12
    assert _excel_number(by_id["ca-buy"]["drop_off"], decimal) == 0.88
    assert _excel_number(by_id["tp-checkout"]["stage_emotion"], decimal) == 2.5
    assert _excel_number(by_id["ca-buy"]["count"], decimal) == 120
    assert by_id["ca-return"]["conversion"] == f"0{decimal}666667"
    # read with the other language's separator, a row is one column: what the bug looked like
    other = "," if delimiter == ";" else ";"
    assert len(next(csv.reader(io.StringIO(text, newline=""), delimiter=other))) == 1


def test_lang_chooses_the_excel_convention_over_the_map_s_and_plain_csv_keeps_commas(cjm, write):
    path = write("hand.yaml", HAND.replace("title: Hand-checked shop\n", "title: Hand-checked shop\nlang: pl\n"))
    english = cjm("export", "csv", str(path), "--excel", "--lang", "en").stdout.lstrip("\ufeff")
    assert _read(english)[0]["stage_emotion"] == "4" and "0.12," in english
    plain = cjm("export", "csv", str(path)).stdout
    assert plain.startswith("stage_id,stage,lane,") and ",0.12," in plain
    piped = cjm("export", "csv", "-", "--excel", input=path.read_text(encoding="utf-8")).stdout
    assert piped.lstrip("\ufeff").startswith("stage_id;stage;lane;") and ";0,12;" in piped


def test_a_polish_map_that_is_not_valid_is_refused_in_polish(cjm, write):
    bad = cjm("export", "csv", str(write("zla.yaml", "cjm: 1\nid: b\ntitle: B\nlang: pl\nstages: []\n")))
    assert bad.exit_code == 1 and bad.stdout == ""
    assert "zla.yaml nie jest poprawną mapą; najpierw ją popraw (zob. `cjm validate`)" in bad.stderr
