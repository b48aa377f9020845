"""The errors that stop a command before any map is checked (a broken ``.cjm.toml``, a usage
mistake, an invalid map handed to ``report``, a YAML syntax error) are said in the maps' language,
with no English sentence left in them.

Each test runs the same thing once more with ``--lang en`` and checks that the English phrases it
looks for are really what English says, so a phrase that stops being English output fails here
instead of passing for nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

POLISH_MAP = """\
cjm: 1
id: zakup
title: Zakup
lang: pl
stages:
  - id: wybor
    name: Wybór
"""

UKRAINIAN_MAP = """\
cjm: 1
id: kupivlia
title: Купівля
lang: uk
stages:
  - id: vybir
    name: {name}
    emotion: {emotion}
"""


def _said(result: Result, english: Result, phrases: list[str]) -> str:
    """What the translated run told the user, once the English phrases are shown to be English."""
    assert all(phrase in english.output for phrase in phrases), english.output
    assert [phrase for phrase in phrases if phrase in result.output] == [], result.output
    return result.output


def test_a_broken_cjm_toml_is_told_in_polish_at_its_line_and_column(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    (tmp_path / "zakup.yaml").write_text(POLISH_MAP, encoding="utf-8")
    (tmp_path / ".cjm.toml").write_text('[lint]\nselect = ["CJM1"\nignore = []\n', encoding="utf-8")
    result = cjm("lint", cwd=tmp_path)
    english = cjm("lint", "--lang", "en", cwd=tmp_path)
    assert result.exit_code == english.exit_code == 2
    said = _said(result, english, ["invalid TOML", "Unclosed array"])
    assert f"{tmp_path / '.cjm.toml'}:3:1: niepoprawny TOML: niezamknięta tablica" in said


def test_a_key_of_the_wrong_kind_in_cjm_toml_is_told_in_polish(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    (tmp_path / "zakup.yaml").write_text(POLISH_MAP, encoding="utf-8")
    (tmp_path / ".cjm.toml").write_text("[lint]\nignore = 3\n", encoding="utf-8")
    result = cjm("lint", cwd=tmp_path)
    english = cjm("lint", "--lang", "en", cwd=tmp_path)
    assert result.exit_code == english.exit_code == 2
    said = _said(result, english, ["must be a list of rule codes or names"])
    assert "lint.ignore musi być listą kodów lub nazw reguł" in said


def test_diff_with_one_argument_is_a_usage_error_in_polish(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    (tmp_path / "zakup.yaml").write_text(POLISH_MAP, encoding="utf-8")
    result = cjm("diff", "zakup.yaml", cwd=tmp_path)
    english = cjm("diff", "--lang", "en", "zakup.yaml", cwd=tmp_path)
    assert result.exit_code == english.exit_code == 2
    said = _said(result, english, ["expected two map files or folders", "to compare with a git revision"])
    assert "oczekiwano dwóch plików lub folderów map, podano: 1" in said
    assert "`cjm diff OLD NEW`" in said  # the command itself stays as it is typed


def test_report_of_an_invalid_ukrainian_map_says_so_in_ukrainian(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    (tmp_path / "kupivlia.yaml").write_text(UKRAINIAN_MAP.format(name="Вибір", emotion=9), encoding="utf-8")
    result = cjm("report", "kupivlia.yaml", cwd=tmp_path)
    english = cjm("report", "--lang", "en", "kupivlia.yaml", cwd=tmp_path)
    assert result.exit_code == english.exit_code != 0
    said = _said(result, english, ["is not a valid map", "fix it first", "is out of range", "Found 1 problem"])
    assert "kupivlia.yaml не є коректною картою; спершу виправте її (див. `cjm validate`)" in said
    assert "kupivlia.yaml:8:14: error CJM014 stages[0].emotion: емоція 9 поза діапазоном 1–5" in said


def test_a_yaml_syntax_error_in_a_ukrainian_map_is_told_in_ukrainian(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    (tmp_path / "kupivlia.yaml").write_text(UKRAINIAN_MAP.format(name="Вибір: перший", emotion=3),
                                            encoding="utf-8")
    result = cjm("validate", "kupivlia.yaml", cwd=tmp_path)
    english = cjm("validate", "--lang", "en", "kupivlia.yaml", cwd=tmp_path)
    assert result.exit_code == english.exit_code == 1
    said = _said(result, english, ["YAML syntax error", "mapping values are not allowed",
                                   "quote a text that contains", "Found 1 problem"])
    assert said.splitlines() == [
        "kupivlia.yaml:7:16: error CJM001 синтаксична помилка YAML: значення відображення тут "
        "неприпустимі (візьміть у лапки текст, що містить ': ')",
        "Знайдено 1 проблему (1 помилка) у 1 з 1 файлу.",
    ]


def test_a_tab_indented_map_left_out_of_a_polish_portfolio_is_told_in_polish(
        tmp_path: Path, cjm: Callable[..., Result]) -> None:
    """The portfolio's "Not included" table said the first problem in English ("YAML syntax
    error: found a tab character that violates indentation ..."), and LibYAML's tab phrases had no
    translation in validate either."""
    (tmp_path / "zakup.yaml").write_text(POLISH_MAP, encoding="utf-8")
    broken = POLISH_MAP.replace("id: zakup", "id: zepsuta").replace("    name: Wybór", "\tname: Wybór")
    (tmp_path / "zepsuta.yaml").write_text(broken, encoding="utf-8")
    result = cjm("report", ".", cwd=tmp_path)
    english = cjm("report", ".", "--lang", "en", cwd=tmp_path)
    assert result.exit_code == english.exit_code == 1
    said = _said(result, english, ["YAML syntax error", "found a tab character that violates indentation",
                                   "while scanning a plain scalar"])
    assert ("7:1: CJM001 błąd składni YAML: znaleziono znak tabulacji, który narusza wcięcia "
            "(podczas odczytu tekstu bez cudzysłowu)") in said
    validate = cjm("validate", "zepsuta.yaml", cwd=tmp_path)
    assert "znaleziono znak tabulacji, który narusza wcięcia" in validate.output
