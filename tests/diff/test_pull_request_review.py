"""A scripted pull request on a temporary git repository, reviewed in Polish.

The pull request changes a field of every element kind, moves a map to another folder, breaks a
map and removes a library channel a map still uses. `cjm diff --rev main -f markdown` gives one
comment that shows each change, breaking ones first, in the maps' language, and exits 1 (a map
could not be read); `--fail-on breaking` exits 1 and names the breaking changes on stderr.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cjm
from test_diff_git import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIBRARY = """\
cjm: 1
library: wspolne
channels:
  - id: kiosk
    name: Kiosk samoobsługowy
  - id: aplikacja
    name: Aplikacja
"""

SHOP = """\
cjm: 1
id: sklep
title: Pierwszy zakup
lang: pl
owner: Zespół A
persona: anna
personas:
  - id: anna
    name: Anna
    summary: Kupuje pierwszy raz
channels:
  - id: sklep-www
    name: Sklep internetowy
    kind: digital
stages:
  - id: wybor
    name: Wybór
    emotion: 3
    touchpoints:
      - id: tp-reklama
        name: Reklama na Instagramie
        channel: sklep-www
        emotion: 3
      - id: tp-strona
        name: Strona docelowa
        channel: kiosk
        emotion: 2
    moments_of_truth:
      - id: mot-cena
        name: Pierwsza cena
        kind: first
    pain_points:
      - id: pp-wolno
        name: Strona wolno się ładuje
        severity: high
        touchpoints: [tp-reklama]
    desired_actions:
      - id: da-koszyk
        name: Dodać do koszyka
        metric: m-konwersja
    completed_actions:
      - id: ca-koszyk
        fulfils: da-koszyk
        count: 120
        of: 1000
        period: 2026-Q2
    opportunities:
      - id: opp-szybciej
        name: Przyspieszyć stronę
        addresses: [pp-wolno]
        status: idea
    metrics:
      - id: m-konwersja
        name: Konwersja
        unit: "%"
        target: 15
        actual: 12
"""

CLINIC = """\
cjm: 1
id: klinika
title: Wizyta w klinice
lang: pl
stages:
  - id: zapis
    name: Zapis
    touchpoints:
      - id: tp-telefon
        name: Telefon
        channel: phone
        emotion: 2
"""

# One field of every element kind, changed as a pull request would.
EDITS = [
    ("owner: Zespół A", "owner: Zespół B"),                                  # map
    ("summary: Kupuje pierwszy raz", "summary: Kupuje drugi raz"),           # persona
    ("    kind: digital", "    kind: physical"),                             # channel
    ("    emotion: 3\n    touchpoints:", "    emotion: 4\n    touchpoints:"),  # stage
    ("        channel: kiosk\n        emotion: 2", "        channel: aplikacja\n        emotion: 2"),  # touchpoint
    ("        kind: first", "        kind: second"),                         # moment of truth
    ("touchpoints: [tp-reklama]", "touchpoints: [tp-strona]"),               # pain point
    ("        metric: m-konwersja", "        metric: m-konwersja\n        x-priorytet: wysoki"),  # desired action
    ("count: 120", "count: 150"),                                            # completed action
    ("status: idea", "status: planned"),                                     # opportunity
    ("actual: 12", "actual: 14"),                                            # metric
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("maps", "library"):
        (root / folder).mkdir(parents=True)
    (root / ".cjm.toml").write_text("", encoding="utf-8")
    (root / "library" / "wspolne.yaml").write_text(LIBRARY, encoding="utf-8")
    (root / "maps" / "sklep.yaml").write_text(SHOP, encoding="utf-8")
    (root / "maps" / "klinika.yaml").write_text(CLINIC, encoding="utf-8")
    (root / "maps" / "stary.yaml").write_text(CLINIC.replace("id: klinika", "id: stary")
                                              .replace("Wizyta w klinice", "Stara mapa"),
                                              encoding="utf-8")
    # a second map names the library channel the pull request removes
    (root / "maps" / "kiosk.yaml").write_text(CLINIC.replace("id: klinika", "id: kiosk-mapa")
                                              .replace("channel: phone", "channel: kiosk"),
                                              encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "maps")
    # the pull request
    shop = SHOP
    for before, after in EDITS:
        assert shop.count(before) == 1, before
        shop = shop.replace(before, after)
    (root / "maps" / "sklep.yaml").write_text(shop, encoding="utf-8")
    (root / "maps" / "klinika.yaml").write_text(CLINIC.replace("emotion: 2", "emotion: 9"),
                                                encoding="utf-8")
    (root / "maps" / "archiwum").mkdir()
    git(root, "mv", "maps/stary.yaml", "maps/archiwum/stary.yaml")
    (root / "library" / "wspolne.yaml").write_text(
        LIBRARY.replace("  - id: kiosk\n    name: Kiosk samoobsługowy\n", ""), encoding="utf-8")
    return root


def test_one_polish_comment_shows_every_change_breaking_first(repo):
    result = run_cjm("diff", "--rev", "main", "-f", "markdown", cwd=repo)
    assert result.exit_code == 1, result.stderr  # a map could not be read: problems found
    md = result.stdout
    assert md.startswith("## Zmiany map ścieżki klienta\n\n### ⚠️ ")
    rest = md
    first = md.split("| mapa")[0]  # everything before the summary table
    # the breaking section, never collapsed: the broken map at file:line, the library removal
    assert "<details>" not in first
    assert "`maps/klinika.yaml:12:18` error CJM014" in first
    assert "usunięto z biblioteki 'wspolne'" in first and "maps/kiosk.yaml:11:18" in first
    # every element kind's change, in Polish, with the words agreeing with the kind
    for expected in (
        "Mapa *Pierwszy zakup*", "właściciel",  # map owner
        "Persona *Anna*",
        "Kanał *Sklep internetowy*",
        "Etap *Wybór*",
        "Punkt styku *Strona docelowa*",
        "Moment prawdy *Pierwsza cena*",
        "Punkt bólu *Strona wolno się ładuje*", "+Strona docelowa, −Reklama na Instagramie",
        "Pożądane działanie *Dodać do koszyka*", "x-priorytet",
        "Wykonane działanie *Dodać do koszyka*", "(2026-Q2)",
        "Szansa *Przyspieszyć stronę*",
        "Wskaźnik *Konwersja*",
        "| ➖ | Kanał *Kiosk samoobsługowy* | usunięty |",
    ):
        assert expected in rest, expected
    assert "| `maps/archiwum/stary.yaml` | przeniesiona z maps/stary.yaml, bez zmian |" in md
    assert md.count("maps/stary.yaml") == 1  # "moved from" said once
    assert "dodane" not in md and "usunięte" not in md  # a channel is "usunięty"
    assert "zmieniono 3 z 4 map, zmieniono 1 bibliotekę: 1 przeniesiona, 1 niepoprawna" in md


def test_the_breaking_gate_fails_and_says_why_in_polish(repo):
    result = run_cjm("diff", "--rev", "main", "--fail-on", "breaking", cwd=repo)
    assert result.exit_code == 1
    assert "cjm: zmiana łamiąca: kanał 'kiosk': usunięto z biblioteki 'wspolne'" in result.stderr
    assert "cjm: zmiana łamiąca: maps/klinika.yaml nie jest już poprawną mapą: 1 problem" in result.stderr


def test_a_comment_over_the_budget_keeps_the_breaking_section(repo):
    result = run_cjm("diff", "--rev", "main", "-f", "markdown", "--max-bytes", "1500", cwd=repo)
    md = result.stdout
    assert "maps/klinika.yaml:12:18" in md and "maps/kiosk.yaml:11:18" in md
    assert "<details>" not in md.split("| mapa")[0]
