"""A metric kept in the repository's library is the map's metric in every output.

A team moves NPS into the shared library so that every map shows the same numbers; the same
board, report, Markdown, CSV, lint and data import must then show and update it exactly as when
the metric sits in the map. Each test builds one repository with both kinds: ``own.yaml`` keeps
the metric in its stage, ``borrowed.yaml`` names the library's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import dedent

HISTORY = """\
target: 50
direction: higher_is_better
unit: "%"
history:
  - {period: 2026-Q1, value: 30}
  - {period: 2026-Q2, value: 31}
  - {period: 2026-Q3, value: 35}
"""


def _map(map_id: str, own_metric: bool) -> str:
    metric = ("    metrics:\n      - id: nps\n        name: NPS\n"
              + "".join("        " + line + "\n" for line in HISTORY.splitlines())) if own_metric else ""
    return dedent(f"""
        cjm: 1
        id: {map_id}
        title: Замовлення ліків
        lang: uk
        stages:
          - id: search
            name: Пошук
            touchpoints:
              - {{id: tp-site, name: Сайт, channel: web, emotion: 3}}
            desired_actions:
              - {{id: da-recommend, name: Рекомендує аптеку, metric: nps}}
        """) + metric


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".cjm.toml").write_text('library = ["lib"]\n', encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shared.yaml").write_text(
        "cjm: 1\nlibrary: pharmacy\nmetrics:\n  - id: nps\n    name: NPS\n"
        + "".join("    " + line + "\n" for line in HISTORY.splitlines()),
        encoding="utf-8")
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "own.yaml").write_text(_map("own", True), encoding="utf-8")
    (tmp_path / "borrowed.yaml").write_text(_map("borrowed", False), encoding="utf-8")
    return tmp_path


def test_both_maps_validate(cjm, repo: Path) -> None:
    result = cjm("validate", ".", cwd=repo)
    assert result.exit_code == 0, result.stderr + result.stdout


def test_a_map_naming_a_broken_library_metric_is_pointed_at_the_library(cjm, repo: Path) -> None:
    """The library's NPS has a typo (`direction: up`): the map that names it is told where the
    definition is and that it is invalid, in the map's language, not that NPS does not exist."""
    shared = repo / "lib" / "shared.yaml"
    shared.write_text(shared.read_text(encoding="utf-8").replace("higher_is_better", "up"), encoding="utf-8")
    result = cjm("validate", "borrowed.yaml", cwd=repo)
    assert result.exit_code == 1
    assert "CJM021" in result.stdout
    assert "метрика 'nps': визначення в lib/shared.yaml:4:9 некоректне" in result.stdout
    assert "cjm validate lib/shared.yaml" in result.stdout


def test_the_report_shows_a_library_metric_as_the_map_s_own(cjm, repo: Path) -> None:
    own = json.loads(cjm("report", "own/own.yaml", "-f", "json", cwd=repo).stdout)
    borrowed = json.loads(cjm("report", "borrowed.yaml", "-f", "json", cwd=repo).stdout)
    assert own["metrics"] == borrowed["metrics"]
    assert borrowed["metrics"]["total"] == 1 and borrowed["metrics"]["off_target"]
    assert own["trends"] == borrowed["trends"] and borrowed["trends"]["metrics"]
    text = cjm("report", "borrowed.yaml", cwd=repo).stdout
    assert "Метрик не зафіксовано" not in text and "NPS" in text
    markdown = cjm("report", "borrowed.yaml", "-f", "markdown", cwd=repo).stdout
    assert "NPS" in markdown


def test_the_board_shows_value_target_and_trend_and_names_the_library(cjm, repo: Path) -> None:
    out = repo / "borrowed.html"
    assert cjm("render", "borrowed.yaml", "-o", str(out), cwd=repo).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert 'id="el-nps"' in html
    assert "NPS за періодами: 2026-Q1: 30" in html  # the trend line's text alternative
    assert "pharmacy" in html  # where it comes from
    own = repo / "own.html"
    cjm("render", "own/own.yaml", "-o", str(own), cwd=repo)
    own_html = own.read_text(encoding="utf-8")
    assert html.count("trend-line") == own_html.count("trend-line")
    kpis = [re.findall(r'<li><span class="kpi-value">[^<]*</span>[^<]*', text) for text in (html, own_html)]
    assert kpis[0] == kpis[1] and any("метрик" in k for k in kpis[0])  # "1 of 1 metric off target"


def test_markdown_and_csv_list_the_library_metric(cjm, repo: Path) -> None:
    md = repo / "borrowed.md"
    assert cjm("render", "borrowed.yaml", "-f", "md", "-o", str(md), cwd=repo).exit_code == 0
    assert "| NPS | 35% | 50% |" in md.read_text(encoding="utf-8")
    own = cjm("export", "csv", "own/own.yaml", cwd=repo).stdout.splitlines()
    borrowed = cjm("export", "csv", "borrowed.yaml", cwd=repo).stdout.splitlines()
    assert [r for r in own if ",metrics,nps," in r] == [r for r in borrowed if ",metrics,nps," in r]
    assert any(",metrics,nps," in r for r in borrowed)


def test_lint_reports_a_library_metric_missing_its_target_in_the_map_that_names_it(cjm, repo: Path) -> None:
    result = cjm("lint", ".", "--select", "CJM313", cwd=repo)
    lines = result.stdout.splitlines()
    assert any(line.startswith("borrowed.yaml:11:61:") and "CJM313" in line and "pharmacy" in line
               for line in lines), result.stdout
    assert any(line.startswith("own/own.yaml:") and "CJM313" in line for line in lines)


def test_data_import_writes_a_library_metric_into_the_library_file(cjm, repo: Path) -> None:
    (repo / "nps.csv").write_text("id,period,value\nnps,2026-Q4,52\n", encoding="utf-8")
    result = cjm("data", "import", "nps.csv", "--map", "borrowed.yaml", "--write", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "lib/shared.yaml" in result.stdout
    assert "2026-Q4" in (repo / "lib" / "shared.yaml").read_text(encoding="utf-8")
    assert "2026-Q4" not in (repo / "borrowed.yaml").read_text(encoding="utf-8")
    report = json.loads(cjm("report", "borrowed.yaml", "-f", "json", cwd=repo).stdout)
    assert report["metrics"]["off_target"] == []  # 52 against 50: met now


def test_a_map_column_finds_the_metric_the_map_borrows(cjm, repo: Path) -> None:
    (repo / "nps.csv").write_text("map,id,period,value\nborrowed,nps,2026-Q4,52\n", encoding="utf-8")
    result = cjm("data", "import", "nps.csv", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "lib/shared.yaml" in result.stdout and "2026-Q4: 52" in result.stdout


def test_the_api_reads_no_file_outside_the_repository_of_the_path(tmp_path: Path) -> None:
    import cjm

    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "a.yaml").write_text(_map("a", True), encoding="utf-8")
    # a library beside it, in no configured repository: the API must not go looking for it
    (folder / "lib.yaml").write_text("cjm: 1\nlibrary: x\nmetrics:\n  - {id: nps, name: N}\n",
                                     encoding="utf-8")
    checked = cjm.check(folder / "a.yaml")
    assert checked.ok, checked.problems  # no clash with the stray library's 'nps'
    assert not cjm.compare(folder / "a.yaml", folder / "a.yaml").changed
