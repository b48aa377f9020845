"""`cjm render MAP --conform LOG`: the board and the Graphviz flow show what customers did.

Every number on them must be the one `cjm conform -f json` reports for the same map and log.
The logs are read from ../shared/event-logs (or $CJM_EVENT_LOGS), as tests/conform/test_conform.py
finds them; tests that need them skip when they are absent.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app, load_commands

HERE = Path(__file__).resolve().parent
MAPS = HERE / "maps"
ROOT = HERE.parent.parent
_CANDIDATES = [ROOT.parent / "shared" / "event-logs", ROOT.parent.parent / "shared" / "event-logs"]
LOGS = Path(os.environ.get("CJM_EVENT_LOGS") or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0]))
needs_logs = pytest.mark.skipif(not (LOGS / "running-example.csv").exists(),
                                reason=f"the public event logs are not in {LOGS}")
COMPENSATION = MAPS / "compensation.yaml"
RUNNING = str(LOGS / "running-example.csv")


def cjm(*args: str) -> tuple[int, str, str]:
    load_commands(["render", "conform"])
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def report(map_path: Path | str, log: str) -> dict:
    code, out, err = cjm("conform", str(map_path), log, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def board(map_path: Path | str, log: str, *more: str) -> str:
    code, out, err = cjm("render", str(map_path), "--conform", log, *more)
    assert code == 0, err
    return out


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def card(page: str, tp_id: str) -> str:
    start = page.index(f'id="el-{tp_id}"')
    return page[start:page.index("</li>", start)]


def chip(page: str, tp_id: str) -> str:
    found = re.search(r'<span class="tag actual"[^>]*>(.*?)</span>', card(page, tp_id))
    assert found, f"no overlay chip on touchpoint {tp_id}"
    return text(found.group(1))


def overlay_text(page: str) -> str:
    """Every word the overlay adds: the chips, the stage lines and the panel."""
    parts = re.findall(r'<span class="(?:tag actual|stage-actual[^"]*)"[^>]*>.*?</span>', page)
    panel = re.search(r'<section class="panel actual-panel".*?</section>', page, re.S)
    assert panel
    return text(" ".join(parts) + " " + panel.group(0))


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@needs_logs
def test_each_touchpoint_card_shows_the_cases_and_events_cjm_conform_reports() -> None:
    facts = report(COMPENSATION, RUNNING)
    page = board(COMPENSATION, RUNNING)
    assert facts["touchpoints"]
    for tp in facts["touchpoints"]:
        assert chip(page, tp["id"]) == (f"{plural(tp['cases']['count'], 'case', 'cases')} · "
                                        f"{plural(tp['events'], 'event', 'events')}")
    assert chip(page, "check-ticket") == "6 cases · 9 events"  # the worked example, docs/conform.md


@needs_logs
def test_stage_headers_show_the_share_of_cases_missing_them_and_the_panel_the_top_deviations() -> None:
    page = board(COMPENSATION, RUNNING)
    header = re.search(r'id="el-examination".*?</th>', page, re.S)
    assert header and "cases missing it: 3 of 6 (50.0%)" in text(header.group(0))
    panel = overlay_text(page)
    assert "Register the request → Check the ticket: 5 times in 5 cases" in panel
    assert "Decide → Check the ticket: 2 times in 1 case" in panel
    assert "examine casually: 6 times in 4 cases" in panel
    assert "reinitiate request: 3 times in 2 cases" in panel


@needs_logs
def test_the_dot_draws_each_unplanned_transition_apart_with_its_count() -> None:
    facts = report(COMPENSATION, RUNNING)
    code, dot, err = cjm("render", str(COMPENSATION), "-f", "dot", "--conform", RUNNING)
    assert code == 0, err
    unplanned = [t for t in facts["transitions"] if not t["allowed"]]
    assert len(unplanned) == 5
    drawn = {}
    for line in dot.splitlines():
        m = re.match(r'\s*"?([\w-]+)"? -> "?([\w-]+)"? \[(.*)\]$', line)
        if m and "constraint=false" in m.group(3) and "style=dashed" in m.group(3) and "xlabel=" in m.group(3):
            drawn[m.group(1), m.group(2)] = int(re.search(r"xlabel=(\d+)", m.group(3)).group(1))
    assert drawn == {("start" if t["from"] is None else f"tp_{t['from']}", f"tp_{t['to']}"): t["count"]
                     for t in unplanned}
    # the planned flow is drawn as before, without the log
    code, plain, _ = cjm("render", str(COMPENSATION), "-f", "dot")
    assert code == 0 and "xlabel" not in plain and "#c0392b" not in plain


@needs_logs
def test_a_polish_board_has_no_english_word_in_its_overlay(tmp_path: Path) -> None:
    polish = tmp_path / "compensation-pl.yaml"
    polish.write_text(COMPENSATION.read_text(encoding="utf-8").replace("\nid:", "\nlang: pl\nid:", 1),
                      encoding="utf-8")
    english, ours = overlay_text(board(COMPENSATION, RUNNING)), overlay_text(board(polish, RUNNING))
    # what the map and the log say stays as written: touchpoint, stage and activity names
    facts = report(COMPENSATION, RUNNING)
    theirs = {w for name in [t["name"] for t in facts["touchpoints"]] + [a["activity"] for a in facts["ad_hoc"]]
              for w in re.findall(r"[a-z]+", name.lower())}
    # terms of art the Polish labels keep: "Zgodność (fitness)", "działania ad hoc"
    kept = {"fitness", "ad", "hoc", "cjm", "conform"}
    words = set(re.findall(r"[a-z]+", english.lower())) - theirs - kept
    assert {"cases", "events", "missing", "times", "backward"} <= words
    assert not words & set(re.findall(r"[a-z]+", ours.lower()))
    assert "3 przypadki · 3 zdarzenia" in ours and "6 przypadków · 9 zdarzeń" in ours


def test_a_log_without_cases_shows_not_applicable_never_a_percentage(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("case_id,activity,timestamp\n", encoding="utf-8")
    page = board(COMPENSATION, str(empty))
    header = re.search(r'id="el-examination".*?</th>', page, re.S)
    assert header and "cases missing it: not applicable" in text(header.group(0))
    assert chip(page, "register") == "0 cases · 0 events"
    assert "%" not in overlay_text(page)


def test_the_overlay_needs_a_board_or_a_graphviz_format_and_a_readable_log(tmp_path: Path) -> None:
    code, _, err = cjm("render", str(COMPENSATION), "-f", "mermaid", "--conform", str(tmp_path / "x.csv"))
    assert code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("case_id,activity,timestamp\n1,register request,yesterday\n", encoding="utf-8")
    code, out, err = cjm("render", str(COMPENSATION), "--conform", str(bad))
    assert code == 2 and f"{bad}:2" in err and not out
    code, _, err = cjm("render", str(COMPENSATION), "-f", "mermaid", "--conform", str(bad))
    assert code == 2 and "--conform" in err
