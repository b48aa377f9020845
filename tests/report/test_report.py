"""`cjm report`: numbers checked by hand on a small map, and the folder portfolio's order."""

from __future__ import annotations

import datetime as dt
import json

from cjm import facts
from cjm.api import load
from cjm.report import summary
from cjm.scoring import DEFAULT

from .maps import HAND, small

TODAY = ("--today", "2026-11-22")


def test_funnel_numbers_are_the_ones_worked_out_by_hand(write):
    journey = load(write("hand.yaml", HAND))
    (funnel,) = facts.of(journey).funnels
    assert funnel.period == "2026-Q3"
    visit, buy, again = funnel.steps
    assert (visit.completed.count, visit.completed.base) == (1000, 20000)
    assert visit.drop_off is None
    assert buy.completed.fraction == 0.12  # 120 of 1,000
    assert (buy.drop_off.count, buy.drop_off.base) == (880, 1000)
    assert not buy.base_mismatch
    assert (again.drop_off.count, again.drop_off.base) == (118, 120)
    assert again.base_mismatch  # its base is 3, not the 120 before it
    assert (funnel.overall.count, funnel.overall.base) == (2, 20000)


def test_gaps_follow_the_metric_direction(write):
    facts = summary.map_facts(load(write("hand.yaml", HAND)), "hand.yaml", dt.date(2026, 11, 22), DEFAULT)
    gaps = {g.id: g for g in facts.metrics_off_target}
    assert set(gaps) == {"m-ctr", "m-wait"}  # m-aov meets its target, m-nps has none
    assert gaps["m-ctr"].gap == 1 and round(gaps["m-ctr"].relative, 4) == 0.1667
    assert gaps["m-wait"].gap == 15 and gaps["m-wait"].relative == 0.25  # lower is better: 75 > 60
    assert [g.id for g in facts.metrics_off_target] == ["m-wait", "m-ctr"]  # biggest miss first
    assert [(m.id, m.name) for m in facts.metrics_unknown] == [("m-nps", "NPS")]
    assert facts.days_since_review == 82
    assert facts.lowest.stage_id == "buy" and facts.lowest.value == 2.5  # mean of 2 and 3
    assert facts.lowest.touchpoint_id == "tp-checkout"
    assert [p.id for p in facts.pain_points] == ["pp-forms", "pp-wait", "pp-x"]
    assert [p.open for p in facts.pain_points] == [True, False, True]  # op-callback is done


def test_text_report_shows_rates_with_their_base(cjm, write):
    path = write("hand.yaml", HAND)
    result = cjm("report", str(path), *TODAY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1,000 of 20,000 (5.0%)" in out
    assert "120 of 1,000 (12.0%)" in out and "880 of 1,000 (88.0%)" in out
    assert "2 of 3 (66.7%)" in out and "118 of 120 (98.3%) *" in out
    assert "Overall: 2 of 20,000 (0.01%)" in out
    assert "▆·▄" not in out and "▆▄▄" in out  # 4, 2.5 -> ▄ (rounded half up to 3), 3
    assert "Lowest point: Buy (2.5), at the touchpoint Checkout (2)." in out
    assert "15 s over (25.0% above target)" in out
    assert "1.0 pp short (16.7% below target)" in out
    assert "Without a target or an actual value: NPS." in out
    assert "2 of 3 open" in out and "1 of them critical or high" in out
    assert "One-page checkout (planned)" in out and "nothing yet" in out
    assert "reviewed 2026-09-01 (82 days ago)" in out
    assert "Paying" in out and "2 ▃" in out and "3 ▄ (stage)" in out
    assert "Website 1, Phone 1" in out
    assert "\x1b[" not in out  # piped: no colour, no rich


def test_markdown_and_json_carry_the_same_numbers(cjm, write):
    path = write("hand.yaml", HAND)
    md = cjm("report", str(path), "--format", "markdown", *TODAY).stdout
    assert md.startswith("# Hand-checked shop\n")
    assert "## Funnel (2026-Q3)" in md
    assert "| Buy | Place an order | 120 of 1,000 (12.0%) | 880 of 1,000 (88.0%) |" in md
    data = json.loads(cjm("report", str(path), "-f", "json", *TODAY).stdout)
    assert data["kind"] == "map" and data["days_since_review"] == 82
    step = data["funnels"][0]["steps"][1]
    assert step["completed"] == {"count": 120, "base": 1000, "rate": 0.12}
    assert step["drop_off"] == {"count": 880, "base": 1000, "rate": 0.88}
    wait = data["metrics"]["off_target"][0]
    assert (wait["id"], wait["gap"], wait["relative_gap"]) == ("m-wait", 15, 0.25)
    assert data["open_pain_points"] == {"critical": 1, "high": 0, "medium": 0, "low": 1}
    assert data["emotion"]["lowest"]["touchpoint"] == "tp-checkout"


def test_output_is_byte_identical_between_runs(cjm, write):
    path = write("hand.yaml", HAND)
    first = cjm("report", str(path), "-f", "markdown", *TODAY).stdout
    assert first == cjm("report", str(path), "-f", "markdown", *TODAY).stdout


def test_folder_report_puts_what_needs_attention_first(cjm, write, tmp_path):
    write("maps/calm.yaml", small("calm", reviewed="2026-11-01"))
    write("maps/stale.yaml", small("stale", reviewed="2025-01-01"))
    write("maps/never.yaml", small("never", reviewed=None))
    write("maps/sad.yaml", small("sad", emotion=1))
    write("maps/misses.yaml", small("misses", off=2))
    write("maps/high.yaml", small("high", high=3, off=5))
    write("maps/critical.yaml", small("critical", critical=1))
    write("maps/ci.yaml", "on: push\n")  # not a map: skipped
    data = json.loads(cjm("report", str(tmp_path / "maps"), "-f", "json", *TODAY).stdout)
    order = [m["id"] for m in data["maps"]]
    assert order == ["critical", "high", "misses", "sad", "never", "stale", "calm"]
    web = next(c for c in data["channels"] if c["channel"] == "web")
    assert (web["maps"], web["touchpoints"], web["pain_points"], web["open_critical_or_high"]) == (7, 7, 11, 4)
    text = cjm("report", str(tmp_path / "maps"), *TODAY).stdout
    assert "Journey map portfolio" in text and "never" in text and "1 / 0" in text


def test_folder_with_an_invalid_map_reports_the_rest_and_exits_1(cjm, write, tmp_path):
    write("maps/good.yaml", small("good"))
    write("maps/bad.yaml", "cjm: 1\nid: bad\ntitle: Bad\nstages: []\n")
    result = cjm("report", str(tmp_path / "maps"), *TODAY)
    assert result.exit_code == 1
    assert "Map good" in result.stdout
    assert "bad.yaml" in result.stdout and "CJM011" in result.stdout


def test_single_invalid_map_prints_its_problems(cjm, write):
    path = write("bad.yaml", "cjm: 1\nid: bad\ntitle: Bad\nstages:\n  - {id: s, name: S, emotion: 9}\n")
    result = cjm("report", str(path))
    assert result.exit_code == 1
    assert "bad.yaml:5:" in result.stderr and "is not a valid map" in result.stderr
    assert result.stdout == ""


def test_usage_errors_exit_2(cjm, tmp_path):
    assert cjm("report", str(tmp_path / "missing.yaml")).exit_code == 2
    bad_day = cjm("report", str(tmp_path), "--today", "yesterday")
    assert bad_day.exit_code == 2 and "--today must be a date" in bad_day.stderr


def test_unicode_maps_line_up_and_stay_readable(cjm, write):
    text = HAND.replace("Hand-checked shop", "Покупка в магазине").replace("name: Buy", "name: Zakup i odbiór")
    path = write("ru.yaml", text)
    out = cjm("report", str(path), *TODAY).stdout
    assert "Покупка в магазине\n==================\n" in out
    assert "Lowest point: Zakup i odbiór (2.5)" in out


def test_a_map_without_numbers_says_what_to_add(cjm, write):
    path = write("empty.yaml", "cjm: 1\nid: e\ntitle: E\nstages:\n  - {id: s, name: S}\n")
    out = cjm("report", str(path), *TODAY).stdout
    assert "No completed actions yet" in out
    assert "No emotions rated" in out and "No pain points recorded." in out


def test_run_all_reports_progress_in_order(tmp_path):
    """The hook the progress bar uses: called once per file, in and out of the process pool."""
    from cjm.files import Target
    from cjm.report.collect import load_all
    from cjm.workspace import Workspace

    for i in range(30):
        (tmp_path / f"m{i:02}.yaml").write_text(small(f"m{i}"), encoding="utf-8")
    targets = [Target(str(p), True) for p in sorted(tmp_path.glob("*.yaml"))]
    for jobs in (1, 2):
        seen: list[tuple[int, int]] = []
        loaded = load_all(targets, dt.date(2026, 11, 22), jobs,
                          lambda done, total, seen=seen: seen.append((done, total)),
                          workspace=Workspace())
        assert seen == [(i, 30) for i in range(1, 31)]
        assert [r.facts.id for r in loaded] == [f"m{i}" for i in range(30)]


def test_markdown_escapes_text_from_the_map(cjm, write):
    text = HAND.replace("name: Long forms", "name: 'Forms | fields *everywhere*'")
    md = cjm("report", str(write("m.yaml", text)), "-f", "markdown", *TODAY).stdout
    assert r"| critical | Forms \| fields \*everywhere\* | Buy |" in md


def test_terminal_gets_rich_tables_and_no_color_wins(cjm, write):
    path = write("hand.yaml", HAND)
    tty = cjm("report", str(path), *TODAY, env={"FORCE_COLOR": "1", "COLUMNS": "160"})
    assert tty.exit_code == 0, tty.output
    assert "\x1b[" in tty.stdout and "┃" in tty.stdout and "120 of 1,000 (12.0%)" in tty.stdout
    plain = cjm("report", str(path), *TODAY, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout and "┃" not in plain.stdout


def test_a_folder_read_on_two_cores_lists_each_map_as_its_own_report_does(cjm, tmp_path):
    """Workers write each map's JSON line for the portfolio: it is the map's own report, and the
    portfolio is the same byte for byte whether one process or two read the folder."""
    for i in range(30):  # enough files for the process pool
        text = small(f"m{i}", critical=i % 3, high=i % 2, off=i % 4, emotion=1 + i % 5)
        (tmp_path / f"m{i:02}.yaml").write_text(text, encoding="utf-8")
    one = cjm("report", str(tmp_path), "-f", "json", "--jobs", "1", *TODAY)
    two = cjm("report", str(tmp_path), "-f", "json", "--jobs", "2", *TODAY)
    assert one.exit_code == 0, one.output
    assert two.stdout == one.stdout
    listed = {m["id"]: m for m in json.loads(two.stdout)["maps"]}
    assert len(listed) == 30
    for i in (0, 7, 29):
        own = json.loads(cjm("report", str(tmp_path / f"m{i:02}.yaml"), "-f", "json", *TODAY).stdout)
        assert own.pop("kind") == "map"
        assert listed[f"m{i}"] == own


def test_a_reported_map_is_freed_when_its_task_is_done(tmp_path):
    """A map and its facts refer to each other; the report's task releases the map, so it is
    freed at once instead of waiting for the cyclic garbage collector (a tenth of the CPU time
    of a report over 1,000 maps)."""
    import gc

    from cjm.files import Target
    from cjm.report.collect import load_task
    from cjm.workspace import Workspace

    path = tmp_path / "m.yaml"
    path.write_text(small("m", critical=1), encoding="utf-8")
    workspace = Workspace()  # the run's: it keeps what it read for the next map

    def report_twice() -> None:
        for portfolio in (False, True):
            assert load_task(workspace, Target(str(path), True), dt.date(2026, 11, 22), portfolio,
                             True).ok

    report_twice()  # the first run fills caches and imports modules
    gc.collect()
    gc.disable()
    try:
        report_twice()
        assert gc.collect() == 0  # nothing was left for the collector
    finally:
        gc.enable()
