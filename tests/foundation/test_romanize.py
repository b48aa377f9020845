"""Ids made from Cyrillic names, romanised by the official system of the map's language.

The examples are the ones the systems' own texts give: the table of the Cabinet of Ministers of
Ukraine's resolution No. 55 (2010), the samples of ICAO Doc 9303 as Russian passports use it, and
the examples of Bulgaria's Transliteration Act (2009)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.i18n import language
from cjm.interop.scaffold import scaffold
from cjm.loader import load_text
from cjm.text import slug
from tests.conftest import run_cjm

UKRAINIAN = {
    "Замовлення ліків онлайн": "zamovlennia-likiv-onlain",
    "Згорани": "zghorany", "Розгон": "rozghon",
    "Юрій": "yurii", "Корюківка": "koriukivka",
    "Їжакевич": "yizhakevych", "Кадиївка": "kadyivka",
    "Єнакієве": "yenakiieve", "Гаєвич": "haievych",
    "Йосипівка": "yosypivka", "Стрий": "stryi", "Олексій": "oleksii",
    "Яготин": "yahotyn", "Костянтин": "kostiantyn", "Феодосія": "feodosiia",
    "Знам'янка": "znamianka", "Знам’янка": "znamianka", "Короп'є": "koropie",
    "Борщагівка": "borshchahivka", "Ґорґани": "gorgany", "Гадяч": "hadiach",
    "Закарпаття": "zakarpattia", "Харків": "kharkiv", "Біла Церква": "bila-tserkva",
}
RUSSIAN = {  # ICAO Doc 9303
    "Юлия Щеглова": "iuliia-shcheglova", "Гайа Васильева": "gaia-vasileva",
    "Андрей Видный": "andrei-vidnyi", "Артём Краевой": "artem-kraevoi",
    "Мадыр Чёткий": "madyr-chetkii", "Оксана Клеёнкина": "oksana-kleenkina",
    "Игорь Ильин": "igor-ilin", "Ян Разъездной": "ian-razieezdnoi",
    "Оплата заказа": "oplata-zakaza", "Хабаровск": "khabarovsk",
}
BULGARIAN = {
    "София": "sofia", "Щастливец": "shtastlivets", "Горна Оряховица": "gorna-oryahovitsa",
    "Кърджали": "kardzhali", "Търговище": "targovishte", "Кюстендил": "kyustendil",
    "Ямбол": "yambol", "Юлиан": "yulian", "Баня": "banya", "Мария Иванова": "maria-ivanova",
}


@pytest.mark.parametrize(("lang", "table"), [("uk", UKRAINIAN), ("ru", RUSSIAN), ("bg", BULGARIAN)])
def test_a_name_is_romanised_by_the_official_system_of_the_map_s_language(
        lang: str, table: dict[str, str]) -> None:
    assert {name: slug(name, lang=lang) for name in table} == table


def test_a_regional_tag_speaks_its_language_and_a_map_without_lang_keeps_the_old_ids() -> None:
    assert slug("Замовлення ліків онлайн", lang="uk-UA") == "zamovlennia-likiv-onlain"
    assert slug("Замовлення ліків онлайн") == "zamovlennya-likiv-onlayn"  # ids already written
    assert slug("Оплата заказа") == "oplata-zakaza"


def test_polish_and_german_names_lose_their_diacritics_as_before() -> None:
    assert slug("Zakup i odbiór w Łodzi", lang="pl") == "zakup-i-odbior-w-lodzi"
    assert slug("Größe der Straße", lang="de") == "grosse-der-strasse"
    assert slug("Bestellung prüfen", lang="de") == "bestellung-prufen"  # ä/ö/ü as today


def test_init_s_scaffold_in_ukrainian_writes_lang_and_ids_by_the_national_system(tmp_path: Path) -> None:
    text = scaffold(str(tmp_path / "x.yaml"), "Замовлення ліків онлайн", "blank",
                    ["Вибір аптеки", "Оплата"], "Юрій", lang=language("uk"))
    data = load_text(text).data
    assert data["id"] == "zamovlennia-likiv-onlain" and data["lang"] == "uk"
    assert data["persona"] == "yurii"
    assert [s["id"] for s in data["stages"]] == ["vybir-apteky", "oplata"]
    assert run_cjm("fmt", "--check", "-", input=text).exit_code == 0  # `lang:` where fmt puts it


def test_a_mermaid_diagram_imported_with_lang_gets_ids_in_that_language(tmp_path: Path) -> None:
    diagram = tmp_path / "bg.mmd"
    diagram.write_text("journey\n  title Щастливец в София\n  section Плащане\n"
                       "    Плащане с карта: 3: Мария\n", encoding="utf-8")
    result = run_cjm("import", "mermaid", str(diagram), "--lang", "bg")
    assert result.exit_code == 0, result.output
    data = load_text(result.stdout).data
    assert data["id"] == "shtastlivets-v-sofia" and data["lang"] == "bg"
    assert data["persona"] == "maria"
    assert data["stages"][0]["touchpoints"][0]["id"] == "tp-plashtane-s-karta"


def test_an_import_with_a_language_named_in_words_is_a_usage_error(tmp_path: Path) -> None:
    diagram = tmp_path / "x.mmd"
    diagram.write_text("journey\n  section A\n    B: 3\n", encoding="utf-8")
    result = run_cjm("import", "mermaid", str(diagram), "--lang", "polski")
    assert result.exit_code == 2
    assert "lang 'polski' is not a language tag such as pl, uk or de-AT" in result.stderr
    assert "internal error" not in result.stderr


def test_cjm_init_in_a_ukrainian_repository_makes_ids_by_the_national_system(tmp_path: Path) -> None:
    (tmp_path / ".cjm.toml").write_text('lang = "uk"\n', encoding="utf-8")
    target = tmp_path / "maps" / "x.yaml"
    result = run_cjm("init", str(target), "--title", "Замовлення ліків онлайн",
                     "--stages", "Вибір,Оплата", "--persona", "Юрій")
    assert result.exit_code == 0, result.output
    data = load_text(target.read_text(encoding="utf-8")).data
    assert (data["id"], data["lang"], data["persona"]) == ("zamovlennia-likiv-onlain", "uk", "yurii")
    assert [s["id"] for s in data["stages"]] == ["vybir", "oplata"]
