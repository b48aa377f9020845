"""One journey, one set of facts: every output shows the same numbers for the same map.

Each output is produced by the real command and parsed the way a reader would read it (text,
HTML, Markdown, CSV); nothing here calls the facts layer, so a second copy of a computation
anywhere in cjm shows up as two outputs that disagree. The JSON report is the reference the
others are held against, and the multi-period fixture's numbers are also worked out by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cjm
from lxml import html as lxml_html

HERE = Path(__file__).parent
# sample_maps/bank/ is a repository of its own (a library, an end-to-end journey, its sub-journeys)
SAMPLE_MAPS = sorted(SAMPLES.glob("*.yaml")) + sorted((SAMPLES / "bank").glob("*.yaml"))
MAPS = SAMPLE_MAPS + sorted((HERE / "maps").glob("*.yaml"))
RATE = re.compile(r"([\d,]+) of ([\d,]+) \((\d+(?:\.\d+)?%)\)")


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _rate(text: str) -> tuple[int, int, str] | None:
    found = RATE.search(text)
    return (_int(found[1]), _int(found[2]), found[3]) if found else None


def _pct(rate: float, decimals: int = 1) -> str:
    """How a share must read, worked out independently: one decimal, half up."""
    from decimal import ROUND_HALF_UP, Decimal

    step = Decimal(1).scaleb(-decimals)
    return f"{(Decimal(repr(rate)) * 100).quantize(step, rounding=ROUND_HALF_UP)}%"


def _run(*args: str) -> str:
    result = run_cjm(*args)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


class Outputs:
    """Every output of one map, made by the CLI."""

    def __init__(self, path: Path, tmp: Path) -> None:
        self.path = path
        self.report = json.loads(_run("report", str(path), "-f", "json", "--today", "2026-11-23"))
        self.report_text = _run("report", str(path), "--today", "2026-11-23", "--lang", "en")
        self.report_md = _run("report", str(path), "-f", "markdown", "--today", "2026-11-23", "--lang", "en")
        board = tmp / "board.html"
        _run("render", str(path), "--lang", "en", "-o", str(board))
        self.board = lxml_html.document_fromstring(board.read_text(encoding="utf-8"))
        self.markdown = _run("render", str(path), "-f", "md", "--lang", "en")
        self.csv = {r["id"]: r for r in csv.DictReader(io.StringIO(_run("export", "csv", str(path))))}
        # the diff against the same map with one customer fewer at every step shows each
        # completed action's conversion as the new side of a change
        # beside a copy of its folder: a map may name its library and its parent map there
        shutil.copytree(path.parent, tmp / "old", ignore=shutil.ignore_patterns("*.yaml"), dirs_exist_ok=True)
        for sibling in path.parent.glob("*.yaml"):
            if sibling != path:
                shutil.copy(sibling, tmp / "old" / sibling.name)
        if (path.parent / "library").is_dir():
            shutil.copytree(path.parent / "library", tmp / "old" / "library", dirs_exist_ok=True)
        older = tmp / "old" / path.name
        text = path.read_text(encoding="utf-8")
        older.write_text(re.sub(r"(count: )(\d+)", lambda m: m[1] + str(max(int(m[2]) - 1, 0)), text),
                         encoding="utf-8")
        self.diff = json.loads(_run("diff", str(older), str(path), "-f", "json"))
        self.diff_text = _run("diff", str(older), str(path), "--lang", "en")

    # --- the reference ---------------------------------------------------------------------
    def steps(self) -> list[tuple[str | None, dict]]:
        return [(f["period"], s) for f in self.report["funnels"] for s in f["steps"]]


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_output_shows_the_same_facts(path: Path, tmp_path: Path) -> None:
    out = Outputs(path, tmp_path)
    funnel_steps_read_the_same_on_the_board_in_markdown_and_in_the_reports(out)
    text_and_markdown_reports_show_the_json_reports_funnels(out)
    csv_and_diff_carry_the_same_conversion_drop_off_and_stage_emotion(out)
    stage_emotion_reads_the_same_on_the_board_in_markdown_and_in_the_report(out)
    pain_points_are_open_or_resolved_alike_everywhere(out)


def funnel_steps_read_the_same_on_the_board_in_markdown_and_in_the_reports(out: Outputs) -> None:
    board: dict[tuple[str, str | None], tuple[str, str]] = {}
    for card in out.board.xpath("//div[@class='funnel-step']"):
        for step in card.xpath(".//div[@class='step']"):
            period = step.get("data-period") or None
            board[(card.get("id").removeprefix("el-"), period)] = (
                " ".join(step.xpath("./span[@class='funnel-numbers']")[0].text_content().split()),
                " ".join("".join(d.text_content() for d in step.xpath("./span[@class='drop']")).split()),
            )
    md_rows = [row for row in out.markdown.splitlines() if row.startswith("| ") and row.count("|") == 7]
    measured = [(p, s) for p, s in out.steps() if s["completed"] is not None]
    for period, step in measured:
        done = step["completed"]
        shown = _pct(done["rate"]) if done["rate"] is not None else None
        numbers, drop = board[(step["action"], period)]
        if done["base"] is not None:
            assert _rate(numbers) == (done["count"], done["base"], shown), (step, numbers)
        if step["drop_off"] is not None and step["drop_off"]["count"] >= 0:
            lost = step["drop_off"]
            assert f"↓ {_pct(lost['rate'])} lost" in drop, (step, drop)
            assert f"({lost['count']:,} of {lost['base']:,})" in drop
        # the Markdown table has a row for this step in this period with the same numbers
        cells = [
            [c.strip().replace("\\", "") for c in row.strip("|").split("|")] for row in md_rows
        ]
        rows = [c for c in cells if c[5] == (period or "") and c[1] == f"{done['count']:,}"]
        assert rows, (step, period)
        if done["base"] is not None:
            assert any(c[2] == f"{done['base']:,}" and c[3] == shown for c in rows), rows
        if step["drop_off"] is not None and step["drop_off"]["count"] >= 0:
            assert any(_rate(c[4]) == (step["drop_off"]["count"], step["drop_off"]["base"],
                                       _pct(step["drop_off"]["rate"])) for c in rows), rows


def text_and_markdown_reports_show_the_json_reports_funnels(out: Outputs) -> None:
    for text in (out.report_text, out.report_md):
        blocks = re.split(r"\n#* ?Funnel", text)[1:]
        assert len(blocks) == len(out.report["funnels"]) or not any(
            f["steps"] for f in out.report["funnels"])
        for block, funnel in zip(blocks, out.report["funnels"], strict=False):
            assert (funnel["period"] or "") in block.splitlines()[0]
            lines = [ln for ln in block.splitlines() if any(ch.isdigit() for ch in ln) or "no data" in ln]
            rows = [ln for ln in lines if RATE.search(ln) or "no data" in ln]
            for step, row in zip(funnel["steps"], rows, strict=False):
                if step["completed"] is None or step["completed"]["base"] is None:
                    continue
                done = step["completed"]
                rates = [(_int(a), _int(b), c) for a, b, c in RATE.findall(row)]
                assert rates[0] == (done["count"], done["base"], _pct(done["rate"])), row
                if step["drop_off"] is not None and step["drop_off"]["count"] >= 0:
                    lost = step["drop_off"]
                    assert rates[1] == (lost["count"], lost["base"], _pct(lost["rate"])), row


def csv_and_diff_carry_the_same_conversion_drop_off_and_stage_emotion(out: Outputs) -> None:
    stage_points = {p["stage"]: p["value"] for p in out.report["emotion"]["curve"]}
    for period, step in out.steps():
        done = step["completed"]
        if done is None:
            continue
        record = next(r for r in out.csv.values() if r["lane"] == "completed_actions"
                      and r["period"] == (period or "") and int(r["count"]) == done["count"]
                      and (r["fulfils"] or r["id"]) == step["action"])
        if done["rate"] is not None:
            assert float(record["conversion"]) == pytest.approx(done["rate"], abs=1e-6)
            changes = [c for c in out.diff["files"][0]["changes"] if c["field"] == "conversion"
                       and c["id"] == record["id"]]
            if changes:  # a step of 0 customers cannot lose one: no change to show
                assert changes[0]["new"] == pytest.approx(done["rate"], abs=1e-6)
                # one decimal, or more where one cannot show the change (3.94% → 3.87%)
                assert any(f"→ {_pct(done['rate'], d)}" in out.diff_text for d in (1, 2, 3, 4))
        if step["drop_off"] is not None:
            assert float(record["drop_off"]) == pytest.approx(step["drop_off"]["rate"], abs=1e-6)
    for row in out.csv.values():
        value = stage_points[row["stage_id"]]
        assert (float(row["stage_emotion"]) if row["stage_emotion"] else None) == value
    diff_curve = {p["stage"]: p["new"] for p in out.diff["files"][0]["curve"]}
    assert diff_curve == stage_points


def stage_emotion_reads_the_same_on_the_board_in_markdown_and_in_the_report(out: Outputs) -> None:
    points = out.report["emotion"]["curve"]
    names = {p["stage"]: name for p, name in zip(points, _stage_names(out), strict=True)}
    desc = out.board.xpath("//desc[@id='curve-desc']")
    for p in points:
        shown = None if p["value"] is None else f"{p['value']:g}"
        if desc:
            text = desc[0].text_content()
            at = text.index(names[p["stage"]] + ": ")
            rest = text[at + len(names[p["stage"]]) + 2:]
            assert rest.startswith(f"{shown} of 5" if shown else "not rated"), rest[:30]
        section = out.markdown.split(f". {names[p['stage']]}\n", 1)[1].split("\n## ", 1)[0]
        if shown:
            assert f"**Emotion:** {shown} of 5" in section
            assert f"{names[p['stage']]} {shown}" in out.report_text
        else:
            assert "**Emotion:**" not in section


def pain_points_are_open_or_resolved_alike_everywhere(out: Outputs) -> None:
    pains = out.report["pain_points"]
    open_at: dict[str, int] = {}
    for pain in pains:
        card = out.board.xpath(f"//*[@id='el-{pain['id']}']")[0].text_content()
        assert ("✓ resolved" in card) == (not pain["open"]), pain["id"]
        assert out.csv[pain["id"]]["open"] == ("yes" if pain["open"] else "no")
        if pain["open"]:
            for tp in _touchpoints_of(out, pain["id"]):
                open_at[tp] = open_at.get(tp, 0) + 1
    for card in out.board.xpath("//li[contains(@class, 'card') and starts-with(@id, 'el-')]"):
        ident = card.get("id").removeprefix("el-")
        if out.csv.get(ident, {}).get("lane") != "touchpoints":
            continue
        badges = [b for b in card.xpath(".//span[contains(@class, 'badge-')]") if "pain" in b.text_content()]
        assert len(badges) == open_at.get(ident, 0), ident
    md_open = [row for row in out.markdown.splitlines() if row.endswith(("| yes |", "| no (resolved) |"))
               or "| yes | " in row or "| no (resolved) | " in row]
    assert len(md_open) == len(pains)
    assert sum("| no (resolved) |" in row for row in md_open) == sum(not p["open"] for p in pains)


def _stage_names(out: Outputs) -> list[str]:
    return [" ".join(th.xpath(".//span[@class='stage-name']")[0].text_content().split())
            for th in out.board.xpath("//table[@class='board']/thead//th[@scope='col']")]


def _touchpoints_of(out: Outputs, pain_id: str) -> list[str]:
    return [t for t in out.csv[pain_id]["touchpoints"].split("; ") if t]


def test_the_two_period_funnel_is_worked_out_by_hand() -> None:
    """Q3 and Q4 records alternate in the file; each period's drop-off stays in its period."""
    path = HERE / "maps" / "tarifwechsel.yaml"
    report = run_cjm("report", str(path), "--today", "2026-11-23").stdout
    q3, q4 = report.split("Funnel (2026-Q3)")[1].split("Funnel (2026-Q4)")
    assert "8,520 of 10,000 (85.2%)   1,480 of 10,000 (14.8%)" in q3
    assert "6,300 of 9,000 (70.0%)   2,700 of 9,000 (30.0%)" in q4
    assert "Bestellung 2.7" in report  # (2 + 3 + 3) / 3 = 2.67, half up to one decimal
    board = run_cjm("render", str(path)).stdout
    assert "↓ 14.8% lost since the previous step (1,480 of 10,000)" in board
    assert "↓ 30.0% lost since the previous step (2,700 of 9,000)" in board
    doc = lxml_html.document_fromstring(board)
    first = doc.xpath("//*[@id='el-da-bestellt']//div[@class='step']")[0]
    assert first.get("data-period") == "2026-Q4"  # the latest period is shown first
    assert "5,355 of 50,000 (10.7%)" in doc.xpath("//ul[@class='kpis']")[0].text_content().replace("\u00a0", " ") \
        or "5,355" in doc.xpath("//ul[@class='kpis']")[0].text_content()
    hotline = doc.xpath("//*[@id='el-tp-hotline']")[0].text_content()
    assert "pain" not in hotline  # its only pain point is resolved by a done opportunity


def test_a_parent_shows_each_sub_journeys_own_numbers_and_rolls_them_up(tmp_path: Path) -> None:
    """On the sample repository: what a parent board and the site's tree show for a sub-journey is
    that sub-journey's own report, and a parent's rollup adds up its as-is subtree's reports."""
    site = tmp_path / "site"
    _run("render", str(SAMPLES), "--lang", "en", "-o", str(site))
    reports = {}
    files = {}
    for path in SAMPLE_MAPS:
        data = json.loads(_run("report", str(path), "-f", "json", "--today", "2026-11-23"))
        reports[data["id"]] = data
        files[path.relative_to(SAMPLES).with_suffix(".html").as_posix()] = data["id"]

    def expected(ident: str) -> str:
        data = reports[ident]
        overall = data["funnels"][-1]["overall"] if data["funnels"] else None
        parts = []
        if overall:
            parts.append(f"conversion {overall['count']:,} of {overall['base']:,} "
                         f"({_pct(overall['rate'])}), {data['funnels'][-1]['period']}")
        low = data["emotion"]["lowest"]
        return " ".join(parts) + f" lowest emotion {low['value']:g}"

    checked = 0
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        if name not in files:
            continue
        doc = lxml_html.document_fromstring(page.read_text(encoding="utf-8"))
        for detail in doc.xpath("//span[@class='detail']"):
            href = detail.xpath(".//a")[0].get("href").removeprefix("./")
            target = files[(Path(name).parent / href).as_posix()]
            shown = " ".join(detail.text_content().split())
            assert expected(target) in shown, (name, shown)
            for severity, count in reports[target]["open_pain_points"].items():
                assert (f"{count} {severity}" in shown) == bool(count), (severity, shown)
            checked += 1
    assert checked >= 2  # the end-to-end journey details at least two sub-journeys

    index = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    rolled_up = 0
    for node in index.xpath("//nav[@class='tree']//li[ul]"):
        head = node.xpath("./div//a[@class='node-title']")[0]
        root = reports[files[head.get("href").removeprefix("./")]]
        subtree = [root] + [reports[files[a.get("href").removeprefix("./")]]
                            for a in node.xpath("./ul//a[@class='node-title']")]
        as_is = [r for r in subtree if r["state"] == root["state"]]
        rollup = " ".join(node.xpath("./div/p[@class='node-rollup']")[0].text_content().split())
        for severity in ("critical", "high", "medium", "low"):
            total = sum(r["open_pain_points"][severity] for r in as_is)
            assert (f"{total} {severity}" in rollup) == bool(total), (severity, rollup)
        lowest = min(r["emotion"]["lowest"]["value"] for r in as_is if r["emotion"]["lowest"])
        assert f"lowest emotion {lowest:g} (" in rollup
        off = sum(len(r["metrics"]["off_target"]) for r in as_is)
        assert f"metrics off target: {off} of {sum(r['metrics']['total'] for r in as_is)}" in rollup
        rolled_up += 1
    assert rolled_up >= 1
