"""Every message a user reads while working is in the team's language: validate's problems,
hints and the summary, for a Polish and a Ukrainian map with several mistakes at once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from cjm.i18n import CATALOGS, LANGUAGES
from tests.conftest import run_cjm

ROOT = Path(__file__).resolve().parents[2]

MAP = """\
cjm: 1
id: zakup
title: Zakup
lang: {lang}
stages:
  - id: wybor
    name: Wybór
    emotion: 7
    touchpoints:
      - id: strona
        name: Strona
        channel: telegraf
    pain_points:
      - id: drogo
        name: Drogo
        severity: krytyczny
    completed_actions:
      - id: ca-1
        fulfils: da-1
        count: 5
        period: 09.2026
      - id: ca-2
        fulfils: da-1
        count: 6
        period: 09.2026
    desired_actions:
      - id: da-1
        name: Kup
  - id: wybor
    name: Drugi
"""


def _validate(tmp_path: Path, lang: str, *args: str) -> list[str]:
    (tmp_path / ".cjm.toml").write_text("")
    path = tmp_path / "mapa.yaml"
    path.write_text(MAP.format(lang=lang), encoding="utf-8")
    result = run_cjm("validate", str(path), *args, env={"LANG": "C", "LANGUAGE": "", "LC_ALL": ""})
    assert result.exit_code == 1, result.output
    return [line.replace(str(path), "mapa.yaml") for line in result.stdout.splitlines()]


def test_a_polish_map_is_told_its_problems_in_polish_all_in_one_run(tmp_path: Path) -> None:
    assert _validate(tmp_path, "pl") == [
        "mapa.yaml:8:14: error CJM014 stages[0].emotion: emocja 7 jest poza zakresem 1–5 "
        "(1 = bardzo negatywnie, 3 = neutralnie, 5 = bardzo pozytywnie)",
        "mapa.yaml:12:18: error CJM021 stages[0].touchpoints[0].channel: kanał 'telegraf' nie "
        "istnieje (w tej mapie (kanał): ads, chat, email, mail, mobile_app, partner, phone, search, ...)",
        "mapa.yaml:16:19: error CJM013 stages[0].pain_points[0].severity: 'krytyczny' to "
        "niedozwolona wartość severity; dozwolone: low, medium, high, critical "
        "(czy chodziło o 'critical'?)",
        "mapa.yaml:21:17: error CJM016 stages[0].completed_actions[0].period: `09.2026` to nie "
        "okres, który cjm umie umieścić w czasie (2 razy) (czy chodziło o 2026-09?)",
        "mapa.yaml:29:9: error CJM020 stages[1].id: powtórzony id 'wybor': już użyty w wierszu 6 "
        "(etap) (id to jedna przestrzeń nazw w całej mapie; zmień nazwę jednego)",
        "Znaleziono 5 problemów (5 błędów) w 1 z 1 pliku.",
    ]


def test_a_ukrainian_map_is_told_its_problems_in_ukrainian(tmp_path: Path) -> None:
    lines = _validate(tmp_path, "uk")
    assert lines[2].endswith("'krytyczny' — неприпустиме значення severity; припустимі: low, "
                             "medium, high, critical (можливо, мали на увазі 'critical'?)")
    assert lines[3].endswith("`09.2026` — не період, який cjm може розмістити в часі (2 рази) "
                             "(можливо, мали на увазі 2026-09?)")
    assert "канал 'telegraf' не існує" in lines[1]
    assert lines[-1] == "Знайдено 5 проблем (5 помилок) у 1 з 1 файлу."


def test_lang_option_wins_and_english_stays_the_default(tmp_path: Path) -> None:
    assert _validate(tmp_path, "pl", "--lang", "en")[-1] == "Found 5 problems (5 errors) in 1 of 1 file."


def test_an_unclosed_quote_is_told_in_polish(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text('cjm: 1\nid: a\ntitle: "Zakup\nlang: pl\nstages:\n  - id: a\n    name: "A"\n',
                    encoding="utf-8")
    result = run_cjm("validate", str(path), "--lang", "pl")
    assert result.stdout.splitlines() == [
        f"{path}:3:8: error CJM001 błąd składni YAML: tekst w cudzysłowie, który zaczyna się tu od "
        "`\"`, nie jest zamknięty (dodaj zamykający `\"` na końcu tekstu; cudzysłów wewnątrz tekstu "
        "zapisuje się jako `\\\"`)",
        "Znaleziono 1 problem (1 błąd) w 1 z 1 pliku.",
    ]


@pytest.mark.parametrize("typed, meant", [("09.2026", "2026-09"), ("IX 2026", "2026-09"),
                                          ("Q3 2026", "2026-Q3"), ("3 кв. 2026", "2026-Q3"),
                                          ("2026/09", "2026-09"), ("11.2026", "2026-11")])
def test_periods_people_type_get_their_canonical_form(typed: str, meant: str) -> None:
    from cjm.hints import period_hint

    assert period_hint(typed) == meant


@pytest.mark.parametrize("word", ["krytyczny", "KRYTYCZNY", "критична", "kritisch", "критично"])
def test_a_translated_severity_points_back_at_the_value(word: str) -> None:
    from cjm.i18n.reverse import vocabulary_value

    assert vocabulary_value(word, ["low", "medium", "high", "critical"]) == "critical"


def test_a_language_named_in_words_gets_its_tag() -> None:
    from cjm.i18n.reverse import language_tag

    assert language_tag("polski") == "pl"
    assert language_tag("Українська") == "uk"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_message_has_a_translation(code: str) -> None:
    with open(CATALOGS / f"{code}.po", "rb") as fh:
        catalog = read_po(fh, locale=code)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not (
        m.string if isinstance(m.string, str) else all(m.string)))]
    assert missing == []


# Modules allowed to pass English literals: the Python API's exception texts are for programmers.
ALLOWED = {"cjm/api.py"}


def _bypasses(path: Path) -> list[int]:
    """Lines where a string literal or f-string goes straight into Problem(...) or fail(...)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name == "Problem" and len(node.args) > 1:
            arg = node.args[1]
        elif name == "fail" and node.args:
            arg = node.args[0]
        else:
            continue
        if isinstance(arg, (ast.Constant, ast.JoinedStr)) and not (
                isinstance(arg, ast.Constant) and not isinstance(arg.value, str)):
            out.append(node.lineno)
    return out


def test_no_user_facing_string_bypasses_the_catalogs() -> None:
    found = {}
    for path in sorted((ROOT / "cjm").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED or rel.startswith("cjm/lint/rules/") or rel.startswith("cjm/diff/"):
            continue
        lines = _bypasses(path)
        if lines:
            found[rel] = lines
    assert found == {}


_CALL_IN_FSTRING = re.compile(r"\{[^{}]*\b(?:_|gettext|ngettext|pgettext|npgettext)\(")


def test_no_message_is_translated_inside_an_f_string() -> None:
    """``f"{name} ({_('open')})"``: on Python 3.11 an f-string is one token, so `make messages`
    never sees the call inside it, the id never reaches a catalog, and the word stays English
    in every language (the report's "(open)" did, in Bulgarian). Translate outside the f-string."""
    import tokenize

    found = []
    for path in sorted((ROOT / "cjm").rglob("*.py")):
        with path.open("rb") as f:
            for tok in tokenize.tokenize(f.readline):
                if tok.type == tokenize.STRING and tok.string[:2].lower() in ('f"', "f'", 'rf', 'fr') \
                        and _CALL_IN_FSTRING.search(tok.string):
                    found.append(f"{path.relative_to(ROOT).as_posix()}:{tok.start[0]}")
    assert found == []


# --- the other commands a team runs while working: fmt, init, data import, refs -----------------

UNFORMATTED = """\
cjm: 1
id: zakup
title:   Zakup
lang: {lang}
stages:
  - id: wybor
    name: Wybór
    touchpoints:
      - {{id: strona, name: Strona, channel: web}}
    desired_actions:
      - {{id: da-kup, name: Kup}}
"""

# English sentences these commands say; none may reach a Polish or a Ukrainian team
ENGLISH = ("reformatted", "would reformat", "left unchanged", "Created", "Fill in the TODOs",
           "to update", "Nothing written", "row", "cannot be imported", "nothing was written",
           "definition", "appears nowhere", "customer journey map", "Replace each TODO",
           "what they want to achieve", "no metric, desired action")


def _english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)]


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_fmt_init_data_import_and_refs_speak_the_maps_language(tmp_path: Path, lang: str) -> None:
    env = {"LANG": "C", "LANGUAGE": "", "LC_ALL": ""}
    (tmp_path / ".cjm.toml").write_text("")
    path = tmp_path / "zakup.yaml"
    path.write_text(UNFORMATTED.format(lang=lang), encoding="utf-8")
    said = []
    check = run_cjm("fmt", "--check", str(tmp_path), env=env)
    assert check.exit_code == 1 and check.stderr.strip()
    said.append(check.stderr)
    done = run_cjm("fmt", str(tmp_path), env=env)
    assert done.exit_code == 0
    said.append(done.stderr)
    export = tmp_path / "dane.csv"
    export.write_text("id,period,count\nda-kup,2026-Q3,5\n", encoding="utf-8")
    plan = run_cjm("data", "import", str(export), "--map", str(tmp_path), env=env)
    assert plan.exit_code == 0, plan.output
    assert "da-kup" in plan.stdout and "--write" in plan.stdout
    said.append(plan.stdout)
    export.write_text("id,period,count\nbrak,2026-Q3,5\n", encoding="utf-8")
    wrong = run_cjm("data", "import", str(export), "--map", str(tmp_path), env=env)
    assert wrong.exit_code == 2 and "'brak'" in wrong.stderr
    said.append(wrong.stderr)
    found = run_cjm("refs", "strona", str(tmp_path), env=env)
    assert found.exit_code == 1 and "strona" in found.stdout  # defined, not used
    said.append(found.stdout)
    new = tmp_path / "nowa.yaml"
    made = run_cjm("init", str(new), "--preset", "blank", env=env)
    assert made.exit_code == 0, made.output
    text = new.read_text(encoding="utf-8")
    assert f"lang: {lang}\n" in text
    said += [made.stderr, "\n".join(line for line in text.splitlines() if "#" in line or "TODO" in line)]
    assert [_english_in(s) for s in said] == [[]] * len(said), said
    # the modeline names a file that is there, from the map's own folder
    schema = text.splitlines()[0].split("$schema=")[1]
    assert (new.parent / schema).resolve().is_file()


def test_a_csv_whose_quote_is_never_closed_is_told_in_the_maps_language(tmp_path: Path) -> None:
    env = {"LANG": "C", "LANGUAGE": "", "LC_ALL": ""}
    (tmp_path / ".cjm.toml").write_text("")
    (tmp_path / "zakup.yaml").write_text(UNFORMATTED.format(lang="pl"), encoding="utf-8")
    export = tmp_path / "dane.csv"
    export.write_text('id,period,count\nda-kup,"2026-Q3,5\nda-kup,2026-Q4,6\n', encoding="utf-8")
    polish = run_cjm("data", "import", str(export), "--map", str(tmp_path), env=env)
    assert polish.exit_code == 2
    assert polish.stderr.splitlines()[0] == (
        f"{export}:2: error: cudzysłów otwiera komórkę w wierszu 2 i nigdzie nie jest zamknięty, "
        "więc każdy kolejny wiersz trafiłby do tej jednej komórki; zamknij cudzysłów albo podwój "
        'cudzysłów, który ma być tekstem ("")')
    english = run_cjm("data", "import", str(export), "--map", str(tmp_path), "--lang", "en", env=env)
    assert english.exit_code == 2
    assert english.stderr.splitlines()[0] == (
        f"{export}:2: error: a quote opens a cell on line 2 and is never closed, so every line "
        "after it would be read into that one cell; close the quote, or double a quote meant as "
        'text ("")')


def test_a_header_without_the_columns_is_told_in_ukrainian(tmp_path: Path) -> None:
    (tmp_path / ".cjm.toml").write_text("")
    (tmp_path / "zakup.yaml").write_text(UNFORMATTED.format(lang="uk"), encoding="utf-8")
    export = tmp_path / "dane.csv"
    export.write_text("krok;okres;liczba\nda-kup;2026-Q3;5\n", encoding="utf-8")
    result = run_cjm("data", "import", str(export), "--map", str(tmp_path),
                     env={"LANG": "C", "LANGUAGE": "", "LC_ALL": ""})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{export}:1: error: у заголовку (krok;okres;liczba) немає стовпця id, period; назвіть "
        "стовпці id, period, value (метрики) або count, of (кроки воронки) чи зіставте свої через "
        "--columns id=...,period=...")
