"""Boards in the team's language: complete catalogs, no English label on a Russian board, local numbers."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, SAMPLES, run_cjm

from cjm.facts import Rate
from cjm.i18n import LANGUAGES, language, resolve
from cjm.i18n import numbers as n

LOCALE = ROOT / "cjm" / "i18n"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
# one sample map per language, written by a native speaker of it
BOARDS = {
    "ru": "bank-card-current.yaml",
    "pl": "omnichannel-retail.yaml",
    "bg": "kurier-dostavka.yaml",
    "de": "mobilfunk-wechsel.yaml",
}


def _catalog(code: str):
    with open(LOCALE / f"{code}.po", "rb") as fh:
        return read_po(fh, locale=code)


def _extracted(tmp_path: Path) -> set[str]:
    """Every message the code and templates use now, extracted afresh as `make messages` does."""
    pot = tmp_path / "cjm.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "N_", "-k", "say_plural:1,2", "--no-location", "--omit-header", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


@pytest.fixture(scope="session")  # once per worker: xdist spreads a module's tests over both
def extracted(tmp_path_factory) -> set[str]:
    return _extracted(tmp_path_factory.mktemp("pot"))


@pytest.mark.xdist_group("catalogs")  # one worker extracts the messages (a pybabel run) for all five
@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_translates_every_message_the_code_uses(code: str, extracted: set[str]) -> None:
    catalog = _catalog(code)
    translated = {}
    for m in catalog:
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if not m.fuzzy and all(strings) and len(strings) in (1, catalog.num_plurals):
            translated[key] = strings
    missing = sorted(extracted - set(translated))
    assert not missing, f"{code}: {len(missing)} messages not translated, e.g. {missing[:5]}"
    placeholder = re.compile(r"%\(\w+\)s")
    for key, strings in translated.items():
        for text in strings:
            assert set(placeholder.findall(text)) <= set(placeholder.findall(key)) | {"%(num)s"}, (code, key)


def test_templates_hold_no_label_outside_a_message() -> None:
    """Every word a reader sees in a template comes from `_()`, `ngettext()` or the map itself."""
    for path in sorted((ROOT / "templates").glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
        text = re.sub(r"<style>.*?</style>|<script[^>]*>.*?</script>", " ", text, flags=re.S)
        attributes = " ".join(re.findall(r'(?:title|aria-label|alt|placeholder)="([^"]*)"', text))
        visible = re.sub(r"<[^>]+>", " ", text) + " " + attributes
        words = re.findall(r"[A-Za-z]{2,}", html.unescape(visible).replace("DOCTYPE", ""))
        assert not words, f"{path.name}: English outside a message: {sorted(set(words))[:10]}"


def _visible(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    attributes = " ".join(re.findall(r'(?:title|aria-label)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


def _english_labels(code: str, source: str) -> set[str]:
    """The English text of every label whose translation differs ("SMS" stays "SMS" in German),
    leaving out words the map's own text uses ("App Store" in a Russian map is the map's)."""
    out = set()
    catalog = [m for m in _catalog(code) if m.id and m.string]
    # a word the language's own translations use ("Customer Journey Map" in German) is no leftover
    translated = "\n".join(t for m in catalog for t in ([m.string] if isinstance(m.string, str) else m.string))
    for m in catalog:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        for msgid in ids:
            if msgid not in strings:
                word = re.sub(r"%\(\w+\)s", "", msgid).strip(" .,:()")
                if len(word) > 3 and word not in source and not _found({word}, translated):
                    out.add(word)
    return out


def _found(words: set[str], text: str) -> list[str]:
    # the plain substring test first: most words are nowhere in the text, and a regular
    # expression per word over a whole catalog's text was most of these tests' time
    return sorted(w for w in words
                  if w in text and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text))


@pytest.mark.parametrize("code", sorted(BOARDS))
def test_a_board_in_the_maps_language_has_no_english_label(code: str, tmp_path: Path) -> None:
    out = tmp_path / "board.html"
    result = run_cjm("render", str(SAMPLES / BOARDS[code]), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert f'<html lang="{code}">' in page
    source = (SAMPLES / BOARDS[code]).read_text(encoding="utf-8")
    found = _found(_english_labels(code, source), _visible(page))
    assert not found, f"English labels on the {code} board: {found}"


@pytest.mark.parametrize("code", sorted(BOARDS))
def test_markdown_and_graph_labels_follow_the_map(code: str) -> None:
    source = (SAMPLES / BOARDS[code]).read_text(encoding="utf-8")
    md = run_cjm("render", str(SAMPLES / BOARDS[code]), "-f", "md").stdout
    dot = run_cjm("render", str(SAMPLES / BOARDS[code]), "-f", "dot").stdout
    dot = "\n".join(line for line in dot.splitlines() if not line.startswith("//"))  # comments
    english = _english_labels(code, source)
    assert not _found(english, md), (code, _found(english, md))
    assert not _found(english, html.unescape(dot)), (code, _found(english, html.unescape(dot)))


def test_numbers_shares_and_dates_are_written_the_local_way() -> None:
    ru, de = language("ru"), language("de")
    assert n.integer(2300000, ru) == "2\u00a0300\u00a0000"
    assert n.integer(2300000, de) == "2.300.000"
    assert n.percent(0.944, ru) == "94,4\u00a0%"
    assert n.percent(0.944) == "94.4%"
    assert n.number(4.5, de) == "4,5"
    shown = n.rate(Rate(120, 1000), ru)
    assert shown.startswith("120 ") and "1\u00a0000 (12,0\u00a0%)" in shown and " of " not in shown
    import datetime as dt

    assert n.date(dt.date(2026, 9, 30), ru).replace("\u202f", " ") == "30 сентября 2026 г."
    assert n.days(3, ru) == "3 дня" and n.days(5, ru) == "5 дней" and n.days(21, ru) == "21 день"


def test_an_unknown_language_falls_back_to_english_with_one_warning(tmp_path: Path) -> None:
    assert resolve("pl-PL").code == "pl" and resolve("de_AT").code == "de"
    assert resolve("fr").code == "en" and resolve("fr").warning
    site = tmp_path / "site"
    result = run_cjm("render", str(SAMPLES), "--lang", "fr", "-o", str(site))
    assert result.stderr.count("no translation for language 'fr'") == 1
    assert '<html lang="en">' in (site / "index.html").read_text(encoding="utf-8")


def test_lang_option_overrides_the_map(tmp_path: Path) -> None:
    out = tmp_path / "b.html"
    run_cjm("render", str(SAMPLES / "bank-card-current.yaml"), "--lang", "pl", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert '<html lang="pl">' in page and "Touchpoints" not in _visible(page)


@pytest.mark.parametrize("code", LANGUAGES)
def test_markdown_of_one_sample_map_matches_its_golden_file_in_every_language(code: str) -> None:
    """Golden pages per language (CJM_UPDATE_GOLDEN=1 rewrites them): a reviewer reads a change of
    wording in a pull request as a diff of these files."""
    from render.helpers import assert_golden

    result = run_cjm("render", str(SAMPLES / "online-store-first-purchase.yaml"), "-f", "md",
                     "--lang", code)
    assert result.exit_code == 0, result.output
    assert_golden(f"i18n/online-store-first-purchase.{code}.md", result.stdout)


@pytest.mark.parametrize("code", sorted(BOARDS))
def test_a_report_in_the_maps_language_has_no_english_label(code: str) -> None:
    source = (SAMPLES / BOARDS[code]).read_text(encoding="utf-8")
    english = _english_labels(code, source)
    for fmt in ("text", "markdown"):
        result = run_cjm("report", str(SAMPLES / BOARDS[code]), "-f", fmt, "--today", "2026-11-23")
        assert result.exit_code == 0, result.output
        text = result.stdout.replace("\\", "")
        assert not _found(english, text), (code, fmt, _found(english, text))
    data = run_cjm("report", str(SAMPLES / BOARDS[code]), "-f", "json").stdout
    assert '"funnels"' in data and '"pain_points"' in data  # JSON keys stay English
