"""`cjm lint` speaks the map's language, as `cjm validate` does: every finding's message and hint,
with the element kinds and the severity words agreeing, and counts in the form their number
needs. English stays the default and `--lang en` still gives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cjm.i18n import language
from cjm.i18n.message import localize
from cjm.lint.finding import context
from cjm.lint.rules import stale_map
from cjm.model import JourneyMap
from tests.conftest import run_cjm

MAP = """\
cjm: 1
id: zakup
title: Zakup
lang: {lang}
reviewed: 2026-01-10
personas:
  - id: anna
    name: Anna
  - id: piotr
    name: Piotr
persona: anna
stages:
  - id: wybor
    name: Wybór
    emotion: 2
    touchpoints:
      - id: strona
        name: Strona
        channel: web
    pain_points:
      - id: drogo
        name: Drogo
        severity: critical
        confidence: validated
    metrics:
      - id: konwersja
        name: Konwersja
        unit: "%"
    desired_actions:
      - id: kup
        name: Kup
        metric: konwersja
  - id: platnosc
    name: Płatność
    touchpoints:
      - id: kasa
        name: Kasa
        channel: web
"""

# words of the English messages and hints of these findings: none may be left in a translation
ENGLISH = ["is defined but never used", "no opportunity addresses", "pain point", "gives no evidence",
           "is marked validated", "has no target", "has no desired action", "has no emotion",
           "add an opportunity", "remove it", "lower the severity", "stages do", "Found"]


def _lint(tmp_path: Path, lang: str, *args: str) -> list[str]:
    (tmp_path / ".cjm.toml").write_text("")
    path = tmp_path / "mapa.yaml"
    path.write_text(MAP.format(lang=lang), encoding="utf-8")
    result = run_cjm("lint", str(path), "--today", "2026-12-01", *args,
                     env={"LANG": "C", "LANGUAGE": "", "LC_ALL": ""})
    assert result.exit_code == 0, result.output
    return [line.replace(str(path), "mapa.yaml") for line in result.stdout.splitlines()]


def test_a_polish_map_is_linted_in_polish(tmp_path: Path) -> None:
    lines = _lint(tmp_path, "pl")
    assert lines == [
        "mapa.yaml:9:5: info CJM207 personas[1]: persona 'piotr' jest zdefiniowana, ale nigdzie "
        "nieużywana (usuń ją albo przenieś do mapy ścieżki tej persony)",
        "mapa.yaml:21:9: warning CJM201 stages[0].pain_points[0]: żadna szansa nie odpowiada na "
        "punkt bólu 'drogo' (dodaj szansę z `addresses: [drogo]`)",
        "mapa.yaml:23:19: warning CJM202 stages[0].pain_points[0].severity: krytyczny punkt bólu "
        "'drogo' nie podaje dowodów (dodaj `evidence:` (wywiady, analityka, zgłoszenia) albo obniż wagę)",
        "mapa.yaml:24:21: warning CJM603 stages[0].pain_points[0].confidence: punkt bólu 'drogo': "
        "oznaczono jako validated, ale nie podano dowodów (wypisz, co to potwierdza "
        "(`- {kind: interview, source: ..., date: ..., sample: ...}`), albo napisz `confidence: reasoned`)",
        "mapa.yaml:26:9: warning CJM205 stages[0].metrics[0]: wskaźnik 'konwersja' nie ma celu "
        "(dodaj `target:`, aby mapa mogła pokazać, czy etap idzie zgodnie z planem)",
        "mapa.yaml:33:5: info CJM102 stages[1]: etap 'platnosc' nie ma pożądanego działania "
        "(napisz w `desired_actions:`, co klienci mają tu zrobić)",
        "mapa.yaml:33:5: info CJM303 stages[1]: etap 'platnosc' nie ma emocji, choć ma ją 1 z 2 "
        "etapów (dodaj `emotion:` (1 = bardzo negatywnie ... 5 = bardzo pozytywnie))",
        "Znaleziono 7 problemów (4 ostrzeżenia, 3 uwagi) w 1 z 1 pliku.",
    ]


def test_a_ukrainian_map_is_linted_in_ukrainian(tmp_path: Path) -> None:
    lines = _lint(tmp_path, "uk")
    assert lines[0].endswith("персону 'piotr' визначено, але ніде не використано (видаліть її або "
                             "перенесіть до мапи шляху цієї персони)")
    assert lines[1].endswith("жодна можливість не розв'язує больову точку 'drogo' (додайте "
                             "можливість з `addresses: [drogo]`)")
    assert lines[2].endswith("критична больова точка 'drogo' не наводить підтверджень (додайте "
                             "`evidence:` (інтерв'ю, аналітика, звернення) або знизьте серйозність)")
    assert "больова точка 'drogo': позначено як validated, але підтверджень немає" in lines[3]
    assert lines[4].endswith("метрика 'konwersja' не має цілі (додайте `target:`, щоб мапа могла "
                             "показати, чи етап іде за планом)")
    assert lines[5].endswith("етап 'platnosc' не має цільової дії (вкажіть у `desired_actions:`, "
                             "що клієнти мають тут зробити)")
    assert "етап 'platnosc' не має емоції, хоча вона є в 1 з 2 етапів" in lines[6]
    assert lines[-1] == "Знайдено 7 проблем (4 попередження, 3 зауваження) у 1 з 1 файлу."


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_no_english_is_left_in_a_translated_run(tmp_path: Path, lang: str) -> None:
    text = "\n".join(_lint(tmp_path, lang))
    assert [phrase for phrase in ENGLISH if phrase in text] == []


def test_lang_en_gives_the_english_lines(tmp_path: Path) -> None:
    lines = _lint(tmp_path, "pl", "--lang", "en")
    assert lines[1] == ("mapa.yaml:21:9: warning CJM201 stages[0].pain_points[0]: no opportunity "
                        "addresses pain point 'drogo' (add an opportunity with `addresses: [drogo]`)")
    assert lines[2].endswith("critical pain point 'drogo' gives no evidence (add `evidence:` "
                             "(interviews, analytics, tickets) or lower the severity)")
    assert lines[-1] == "Found 7 problems (4 warnings, 3 info) in 1 of 1 file."


@pytest.mark.parametrize("lang, days, text", [
    ("ru", 401, "карту последний раз проверяли 401 день назад (2024-12-31), больше 365"),
    ("ru", 402, "карту последний раз проверяли 402 дня назад (2024-12-30), больше 365"),
    ("ru", 405, "карту последний раз проверяли 405 дней назад (2024-12-27), больше 365"),
    ("pl", 402, "mapę ostatnio przeglądano 402 dni temu (2024-12-30), więcej niż 365"),
    ("uk", 411, "мапу востаннє переглядали 411 днів тому (2024-12-21), більше ніж 365"),
    ("de", 401, "die Karte wurde zuletzt vor 401 Tagen geprüft (2024-12-31), mehr als 365"),
    ("en", 401, "the map was last reviewed 401 days ago (2024-12-31), more than 365"),
])
def test_a_count_in_a_finding_takes_the_form_its_number_needs(lang: str, days: int, text: str) -> None:
    today = dt.date(2026, 2, 5)
    journey = JourneyMap.model_validate({"cjm": 1, "id": "m", "title": "M",
                                         "reviewed": today - dt.timedelta(days=days),
                                         "stages": [{"id": "s", "name": "S"}]})
    [finding] = stale_map.check(context(journey, stale_map.Options(), today))
    assert localize(finding.message, language(lang)) == text
