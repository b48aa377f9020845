"""`cjm diff` speaks the map's language: a Russian team reviewing a Russian map reads Russian.

The words cjm adds (what happened, the element kinds, field names, the summary, the PR comment's
headings) follow the map's `lang`, `--lang` overrides it, numbers are written as the language
writes them, and the JSON output stays English for scripts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES

# The English words cjm itself writes in a diff; none may appear on a non-English one.
CHROME = ["added", "removed", "changed", "renamed", "moved", "reordered", "Touchpoint", "Stage",
          "Map", "Pain point", "Opportunity", "Metric", "Completed action", "warning",
          "Emotion curve", "conversion", "emotion", "target", "better", "worse", "no changes",
          "pain point", "resolved", "progressed", "flow", "persona", "Journey map changes",
          "element", "change", "severity", "status", "count", "new map", "Breaking"]


def _edited(source: Path, tmp: Path) -> Path:
    """An older version of a sample map: other numbers, a touchpoint more, another emotion,
    a renamed stage and pain points that were more severe."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    first, second = data["stages"][0], data["stages"][1]
    first["name"] = first["name"] + " (stara nazwa)"
    first["emotion"] = 1 if first.get("emotion") != 1 else 2
    second["touchpoints"].append({"id": "tp-old", "name": "Старый киоск", "channel": "store"})
    for stage in data["stages"]:
        for action in stage.get("completed_actions", []):
            action["count"] = max(0, action["count"] - 1)
        for pain in stage.get("pain_points", []):
            pain["severity"] = "critical"
    older = tmp / f"older-{source.name}"
    older.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return older


# Loanwords German CX teams use as German words ("der Touchpoint"): the German catalog keeps them.
# So are Polish words spelled as the English ones ("element", "status").
LOANWORDS = {"de": {"Touchpoint"}, "pl": {"element", "status"}}


def _chrome(text: str, lang: str = "") -> list[str]:
    """The English chrome words left once the map's own text (quoted) is taken out."""
    own = re.sub(r'"[^"\n]*"|\*[^*\n]*\*|\([a-z0-9_-]+\)|`[^`\n]*`|<b>.*?</b>', "", text)
    own = re.sub(r"^(---|\+\+\+) .*$", "", own, flags=re.M)
    return [w for w in CHROME if w not in LOANWORDS.get(lang, set()) and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", own)]


@pytest.mark.parametrize("sample", ["omnichannel-retail.yaml", "kurier-dostavka.yaml",
                                    "mobilfunk-wechsel.yaml", "bank-card-future.yaml"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_map_in_polish_bulgarian_german_or_russian_gets_no_english_label(cjm, tmp_path, sample, fmt):
    path = SAMPLES / sample
    older = _edited(path, tmp_path)
    result = cjm("diff", str(older), str(path), "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") > 5, result.stdout
    lang = yaml.safe_load(path.read_text(encoding="utf-8"))["lang"]
    assert _chrome(result.stdout, lang) == [], result.stdout


def test_a_russian_diff_reads_in_russian_with_russian_numbers(cjm):
    result = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", cwd=SAMPLES)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "предупреждение: сравниваются две разные карты: «bank-card-current» (Оформление дебетовой "
        "карты — текущее состояние) и «bank-card-future» (Оформление дебетовой карты — целевое "
        "состояние)")
    # Babel's Russian: a no-break space between thousands and before the percent sign
    assert ('~ Выполненное действие "Начать заявку на карту" (vybor-karty): количество '
            "64\u00a0000 → 70\u00a0500 (2027-Q2)") in lines
    assert ('~ Выполненное действие "Начать заявку на карту" (vybor-karty): конверсия '
            "15,6\u00a0% → 17,2\u00a0% ↑ (2026-Q2 → 2027-Q2)") in lines
    assert any(line.startswith('~ Болевая точка "Условия бесплатного обслуживания')
               and line.endswith("серьёзность средняя → низкая (менее серьёзная)") for line in lines)
    assert ('~ Возможность "Калькулятор выгоды на странице карты вместо PDF" (vybor-karty): '
            "статус запланировано → реализовано (продвинулась)") in lines
    # the summary counts as Russian interfaces do ("изменено: 34"): no participle left to agree
    # with a noun the line never names ("1 добавлен, 3 изменено")
    assert lines[-1].startswith("удалено: 1, изменено: 34, переименовано: 5 · "), lines[-1]
    assert "5 возможностей продвинулось" in lines[-1]
    assert _chrome(result.stdout) == []


def test_lang_overrides_the_maps_language_and_json_stays_english(cjm):
    german = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "--lang", "de",
                 cwd=SAMPLES)
    assert "Warnung: zwei verschiedene Karten werden verglichen" in german.stdout
    assert "Anzahl 64.000 → 70.500" in german.stdout
    english = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "--lang", "en",
                  cwd=SAMPLES)
    assert "count 64,000 → 70,500" in english.stdout
    doc = json.loads(cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "-f", "json",
                         cwd=SAMPLES).stdout)
    assert doc["files"][0]["lang"] == "ru"
    assert doc["files"][0]["warnings"][0].startswith("comparing two different maps")
    assert re.match(r"\d+ removed, \d+ changed", doc["summary"]["line"])


def test_a_language_cjm_does_not_speak_falls_back_to_english_with_one_warning(cjm):
    result = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "--lang", "fr",
                 cwd=SAMPLES)
    assert result.exit_code == 0
    assert result.stderr.count("no translation for language 'fr'") == 1
    assert "warning: comparing two different maps" in result.stdout


def test_a_pull_request_comment_in_russian(cjm):
    result = cjm("diff", "bank-card-current.yaml", "bank-card-future.yaml", "-f", "markdown",
                 cwd=SAMPLES)
    text = result.stdout
    assert text.startswith("## Изменения карт пути клиента\n")
    assert "> **Предупреждение:** сравниваются две разные карты" in text
    assert "| | элемент | изменение |" in text
    assert "#### Этап *Оформление заявки* (`oformlenie-zayavki`)" in text
    assert _chrome(text) == []


def test_folders_of_one_language_get_a_header_in_it_and_mixed_ones_in_english(cjm, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    for sample in ("omnichannel-retail.yaml", "kurier-dostavka.yaml"):
        (new / sample).write_bytes((SAMPLES / sample).read_bytes())
        _edited(SAMPLES / sample, tmp_path).rename(old / sample)
    mixed = cjm("diff", str(old), str(new), "-f", "markdown").stdout
    assert mixed.startswith("## Journey map changes\n")
    assert "| map | file | what changed |" in mixed
    # each map's own section is in its own language
    assert "| | element | change |" not in mixed
    assert "| | element | zmiana |" in mixed and "| | елемент | промяна |" in mixed
    for side in (old, new):  # now two Polish maps
        bulgarian = side / "kurier-dostavka.yaml"
        text = (side / "omnichannel-retail.yaml").read_text(encoding="utf-8")
        bulgarian.write_text(text.replace("id: omnichannel-retail", "id: omnichannel-retail-2"),
                             encoding="utf-8")
    polish = cjm("diff", str(old), str(new)).stdout
    assert polish.splitlines()[-1].startswith("zmieniono 2 z 2 map: "), polish
    assert _chrome(polish) == []


# How many periods in a row each metric has missed its target once the new period is in.
RUNS = (1, 2, 3, 5, 11, 21, 22, 25)


def _missing_runs(tmp_path: Path, lang: str) -> tuple[Path, Path]:
    """A map with one metric per run length, below its target in every period; the new version
    adds one more period to each."""

    def version(extra: int) -> Path:
        metrics = []
        for run in RUNS:
            points = "".join(f"\n          - {{period: {2000 + i // 4}-Q{i % 4 + 1}, value: 30}}"
                             for i in range(run - 1 + extra))
            metrics.append(f"      - {{id: m-{run}, name: Run {run}, target: 45, history: []}}"
                           if not points else
                           f"      - id: m-{run}\n        name: Run {run}\n        target: 45\n"
                           f"        history:{points}")
        path = tmp_path / ("new.yaml" if extra else "old.yaml")
        path.write_text(f"cjm: 1\nid: runs\ntitle: Runs\nlang: {lang}\nstages:\n  - id: s\n"
                        "    name: S\n    metrics:\n" + "\n".join(metrics) + "\n", encoding="utf-8")
        return path

    return version(0), version(1)


# The trend each metric's new period makes, as the language counts periods (Russian and
# Ukrainian: one form for 1, 21; another for 2-4, 22-24; a third for 5-20, 25; Polish: 1, 2-4 and
# 22-24, the rest).
EXPECTED_RUNS = {
    "ru": {1: "цель не достигнута", 2: "цель не достигнута 2 периода подряд",
           3: "цель не достигнута 3 периода подряд", 5: "цель не достигнута 5 периодов подряд",
           11: "цель не достигнута 11 периодов подряд", 21: "цель не достигнута 21 период подряд",
           22: "цель не достигнута 22 периода подряд", 25: "цель не достигнута 25 периодов подряд"},
    "pl": {1: "cel nieosiągnięty", 2: "cel nieosiągnięty przez 2 okresy z rzędu",
           3: "cel nieosiągnięty przez 3 okresy z rzędu", 5: "cel nieosiągnięty przez 5 okresów z rzędu",
           11: "cel nieosiągnięty przez 11 okresów z rzędu",
           21: "cel nieosiągnięty przez 21 okresów z rzędu",
           22: "cel nieosiągnięty przez 22 okresy z rzędu",
           25: "cel nieosiągnięty przez 25 okresów z rzędu"},
    "uk": {1: "ціль не досягнуто", 2: "ціль не досягнуто 2 періоди поспіль",
           3: "ціль не досягнуто 3 періоди поспіль", 5: "ціль не досягнуто 5 періодів поспіль",
           11: "ціль не досягнуто 11 періодів поспіль", 21: "ціль не досягнуто 21 період поспіль",
           22: "ціль не досягнуто 22 періоди поспіль", 25: "ціль не досягнуто 25 періодів поспіль"},
}


@pytest.mark.parametrize("lang", sorted(EXPECTED_RUNS))
def test_periods_that_missed_the_target_agree_with_their_number(cjm, tmp_path, lang):
    old, new = _missing_runs(tmp_path, lang)
    result = cjm("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    notes = {}
    for line in result.stdout.splitlines():
        found = re.search(r'"Run (\d+)".*: 30 \((.*)\)$', line)
        if found:
            notes[int(found[1])] = found[2]
    assert notes == EXPECTED_RUNS[lang], result.stdout


def test_a_russian_summary_counts_without_a_participle_to_agree(cjm, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text("cjm: 1\nid: m\ntitle: T\nlang: ru\nstages:\n"
                   + "".join(f"  - {{id: s{i}, name: S{i}}}\n" for i in range(3)), encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text("cjm: 1\nid: m\ntitle: T\nlang: ru\nstages:\n"
                   + "".join(f"  - {{id: s{i}, name: S{i}, emotion: 3}}\n" for i in range(3))
                   + "  - {id: s3, name: S3}\n", encoding="utf-8")
    result = cjm("diff", str(old), str(new))
    assert result.stdout.splitlines()[-1] == "добавлено: 1, изменено: 3", result.stdout
