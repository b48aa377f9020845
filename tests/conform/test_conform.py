"""`cjm conform`: the map's flow against the public event logs, case by case, and bad input.

The logs are read from ../shared/event-logs (or $CJM_EVENT_LOGS); tests that need them skip
when the folder is absent. They are never copied into the project: shuffled or trimmed variants
are written to tmp_path from the originals at test time.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app, load_commands

HERE = Path(__file__).resolve().parent
MAPS = HERE / "maps"
ROOT = HERE.parent.parent
# ../shared/event-logs from the repository (a git worktree sits one folder deeper)
_CANDIDATES = [ROOT.parent / "shared" / "event-logs", ROOT.parent.parent / "shared" / "event-logs"]
LOGS = Path(os.environ.get("CJM_EVENT_LOGS") or next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0]))
needs_logs = pytest.mark.skipif(not (LOGS / "running-example.csv").exists(),
                                reason=f"the public event logs are not in {LOGS}")


def conform(*args: str) -> tuple[int, str, str]:
    """``cjm conform ARGS`` in-process: exit code, stdout, stderr."""
    load_commands(["conform"])
    result = CliRunner().invoke(app, ["conform", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> dict:
    code, out, err = conform(*args, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def per_case(report: dict) -> dict[str, dict]:
    return {c["case"]: c for c in report["per_case"]}


COMPENSATION = str(MAPS / "compensation.yaml")


@needs_logs
def test_the_six_cases_of_the_worked_example_case_by_case():
    """docs/conform.md works these out by hand."""
    report = as_json(COMPENSATION, str(LOGS / "running-example.csv"))
    cases = per_case(report)
    expected = {  # case: (moves, allowed, ad hoc, missing, failed)
        "1": (5, 5, 0, [], False),
        "2": (4, 3, 1, ["examination"], False),
        "3": (7, 5, 2, [], False),
        "4": (5, 2, 0, [], False),
        "5": (8, 5, 5, ["examination"], False),
        "6": (4, 3, 1, ["examination"], False),
    }
    for case, (moves, allowed, ad_hoc, missing, failed) in expected.items():
        c = cases[case]
        assert (c["moves"], c["allowed_moves"], len(c["ad_hoc"]), c["missing"], c["failed"]) == \
            (moves, allowed, ad_hoc, missing, failed), case
        assert c["fitness"] == allowed / (moves + ad_hoc)
    assert cases["1"]["conforming"] and not any(cases[k]["conforming"] for k in "23456")
    assert [(m["from"], m["to"], m["kind"]) for m in cases["4"]["irregular"]] == [
        ("register", "check-ticket", "forward"), ("check-ticket", "examine", "backward"),
        ("examine", "decide", "forward")]
    assert cases["5"]["ad_hoc"] == ["examine casually", "reinitiate request", "examine casually",
                                    "reinitiate request", "examine casually"]
    assert report["fitness"] == pytest.approx((1 + 3 / 5 + 5 / 9 + 2 / 5 + 5 / 13 + 3 / 5) / 6)
    assert (report["cases"], report["events"], report["ad_hoc_events"]) == (6, 42, 9)
    assert report["conforming"]["count"] == 1 and report["with_missing"]["count"] == 3
    assert report["failed"] == {"count": 0, "of": 6, "share": 0.0}
    assert report["irregular_by_kind"] == {"backward": 4, "forward": 6}
    assert {s["id"]: s["missing"]["count"] for s in report["stages"]}["examination"] == 3
    top = report["transitions"]
    skip = next(t for t in top if (t["from"], t["to"]) == ("register", "check-ticket"))
    assert (skip["count"], skip["cases"], skip["allowed"]) == (5, 5, False)
    assert report["ad_hoc"] == [{"activity": "examine casually", "events": 6, "cases": 4},
                                {"activity": "reinitiate request", "events": 3, "cases": 2}]


@needs_logs
def test_the_text_report_starts_with_the_summary():
    code, out, _ = conform(COMPENSATION, str(LOGS / "running-example.csv"))
    assert code == 0
    assert out.splitlines()[1:4] == ["6 cases, 42 events", "Fitness: 0.59",
                                     "Conforming cases: 1 of 6 (16.7%)"]
    assert "Examination   3 of 6 (50.0%); missing 3 of 6 (50.0%)" in out
    assert "Register the request → Check the ticket: 5 times in 5 cases (skips ahead)" in out
    assert "examine casually: 6 times in 4 cases" in out


def _numbers(report: dict) -> dict:
    """Everything but the log's name and the order cases are listed in."""
    out = {k: v for k, v in report.items() if k not in ("log", "per_case")}
    out["per_case"] = sorted(report.get("per_case", []), key=lambda c: c["case"])
    return out


@needs_logs
@pytest.mark.parametrize("name, map_file", [
    ("running-example", "compensation.yaml"),
    ("roadtraffic100traces", "traffic-fine.yaml"),
])
def test_xes_and_csv_of_one_log_give_the_same_numbers(name, map_file):
    from_csv = as_json(str(MAPS / map_file), str(LOGS / f"{name}.csv"))
    from_xes = as_json(str(MAPS / map_file), str(LOGS / f"{name}.xes"))
    assert _numbers(from_csv) == _numbers(from_xes)


@needs_logs
def test_the_help_desk_log_xes_gz_and_csv_agree_and_both_engines_agree():
    from cjm.conform.check import arrow_available

    helpdesk = str(MAPS / "helpdesk.yaml")
    xes = as_json(helpdesk, str(LOGS / "helpdesk.xes.gz"))
    py = as_json(helpdesk, str(LOGS / "helpdesk.csv"), "--engine", "python")
    assert _numbers(xes) == _numbers(py)
    assert (py["cases"], py["events"]) == (4580, 21348)
    assert py["failed"]["count"] == 22 and py["conforming"]["count"] == 3363
    if arrow_available():
        arrow = as_json(helpdesk, str(LOGS / "helpdesk.csv"), "--engine", "arrow")
        assert arrow == py


@needs_logs
def test_the_traffic_fines_fail_where_they_stopped():
    report = as_json(str(MAPS / "traffic-fine.yaml"), str(LOGS / "roadtraffic100traces.csv"))
    stopped = {s["touchpoint"]: s["cases"] for s in report["stopped"]}
    assert report["failed"]["count"] == sum(stopped.values()) > 0
    cases = per_case(report)
    for c in cases.values():
        assert c["failed"] == (c["last"] not in ("pay", "credit-collection"))
    assert report["irregular_by_kind"].get("repeat")  # several payments of one fine


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",",
               bom: bool = False, crlf: bool = False) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
               quoting=csv.QUOTE_ALL if delimiter == ";" else csv.QUOTE_MINIMAL).writerows([header, *rows])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8"))
    return path


@needs_logs
@pytest.mark.parametrize("engine", ["python", "arrow"])
def test_shuffled_rows_give_the_same_numbers_as_sorted_ones(tmp_path, engine):
    from cjm.conform.check import arrow_available

    if engine == "arrow" and not arrow_available():
        pytest.skip("pyarrow is not installed")
    header, rows = _rows(LOGS / "helpdesk.csv")
    order = list(range(len(rows)))
    random.Random(7).shuffle(order)
    # events of one case at one instant are ties: they keep their file order (the docs' rule),
    # so the shuffle moves every row but keeps each group of ties in its order
    ties: dict[tuple[str, str], list[int]] = {}
    for place, i in enumerate(order):
        ties.setdefault((rows[i][0], rows[i][2]), []).append(place)
    for places in ties.values():
        for place, i in zip(places, sorted(order[p] for p in places), strict=True):
            order[place] = i
    rows = [rows[i] for i in order]
    shuffled = _write_csv(tmp_path / "shuffled.csv", header, rows, delimiter=";", bom=True, crlf=True)
    original = as_json(str(MAPS / "helpdesk.yaml"), str(LOGS / "helpdesk.csv"))
    again = as_json(str(MAPS / "helpdesk.yaml"), str(shuffled), "--engine", engine)
    assert _numbers(again) == _numbers(original)


MINI = """\
cjm: 1
id: mini
title: Mini
stages:
  - id: one
    name: One
    touchpoints:
      - {id: a, name: A}
  - id: two
    name: Two
    touchpoints:
      - {id: b, name: B}
  - id: three
    name: Three
    touchpoints:
      - {id: c, name: C}
"""


@pytest.mark.parametrize("engine", ["python", "arrow"])
def test_ties_keep_file_order_and_offsets_decide_the_instant(write, engine):
    from cjm.conform.check import arrow_available

    if engine == "arrow" and not arrow_available():
        pytest.skip("pyarrow is not installed")
    m = write("mini.yaml", MINI)
    log = write("log.csv", """\
        case_id,activity,timestamp
        t,a,2026-01-01T09:00:00Z
        t,c,2026-01-01T10:00:00Z
        t,b,2026-01-01T10:00:00Z
        z,b,2026-01-01T09:00:00Z
        z,a,2026-01-01T10:00:00+02:00
        z,c,2026-01-01T10:00:00Z
    """)
    cases = per_case(as_json(str(m), str(log), "--engine", engine))
    assert cases["t"]["path"] == ["a", "c", "b"]  # c and b at the same instant: file order
    assert cases["z"]["path"] == ["a", "b", "c"]  # 10:00+02:00 is 08:00Z, before 09:00Z


def test_a_move_that_skips_an_unavoidable_stage_misses_it_and_a_skippable_one_never(write):
    m = write("m.yaml", """\
        cjm: 1
        id: m
        title: M
        stages:
          - id: one
            name: One
            touchpoints:
              - {id: a, name: A, next: [b, c]}
          - id: two
            name: Two
            touchpoints:
              - {id: b, name: B}
          - id: three
            name: Three
            touchpoints:
              - {id: c, name: C}
          - id: four
            name: Four
            touchpoints:
              - {id: d, name: D}
    """)
    log = write("log.csv", """\
        case,activity,timestamp
        skips-two,a,2026-01-01
        skips-two,c,2026-01-02
        skips-two,d,2026-01-03
        skips-three,a,2026-01-01
        skips-three,d,2026-01-02
        stops,a,2026-01-01
        stops,b,2026-01-02
        back,a,2026-01-01
        back,c,2026-01-02
        back,d,2026-01-03
        back,d,2026-01-04
        none,X,2026-01-01
    """)
    report = as_json(str(m), str(log))
    cases = per_case(report)
    assert cases["skips-two"]["conforming"]  # a may go straight to c: two is skippable
    assert cases["skips-three"]["missing"] == ["three"]
    assert cases["skips-three"]["irregular"] == [{"from": "a", "to": "d", "kind": "forward"}]
    assert cases["stops"]["failed"] and cases["stops"]["missing"] == []  # later stages: failed
    assert cases["back"]["irregular"] == [{"from": "d", "to": "d", "kind": "repeat"}]
    assert cases["none"]["failed"] and cases["none"]["fitness"] == 0.0 and cases["none"]["last"] is None
    assert {s["touchpoint"]: s["cases"] for s in report["stopped"]} == {"b": 1, None: 1}


def test_activities_map_by_file_then_events_then_id(write):
    m = write("m.yaml", MINI.replace("{id: b, name: B}", "{id: b, name: B, events: [Bee, b2]}"))
    mapping = write("mapping.csv", "activity,touchpoint\nAy,a\nAlso a,a\nb2,c\n")
    log = write("log.jsonl", "\n".join(json.dumps(r) for r in [
        {"case_id": 1, "activity": "Ay", "timestamp": "2026-01-01T00:00:00"},
        {"case_id": 1, "activity": "Bee", "timestamp": "2026-01-01T00:01:00"},
        {"case_id": 1, "activity": "b2", "timestamp": "2026-01-01T00:02:00"},
        {"case_id": 2, "activity": "Also a", "timestamp": "2026-01-01T00:00:00"},
        {"case_id": 2, "activity": "b", "timestamp": "2026-01-01T00:01:00"},
        {"case_id": 2, "activity": "c", "timestamp": "2026-01-01T00:02:00"},
    ]) + "\n")
    cases = per_case(as_json(str(m), str(log), "--mapping", str(mapping)))
    assert cases["1"]["path"] == ["a", "b", "c"]  # the file's b2 -> c wins over the map's events
    assert cases["2"]["path"] == ["a", "b", "c"]


def test_an_empty_log_is_an_empty_report_with_nothing_applicable(write):
    m = write("mini.yaml", MINI)
    log = write("empty.csv", "case_id,activity,timestamp\n")
    report = as_json(str(m), str(log))
    assert report["cases"] == 0 and report["fitness"] is None
    assert report["failed"] == {"count": 0, "of": 0, "share": None}
    code, out, _ = conform(str(m), str(log), "--fail-under", "0.9")
    assert code == 0
    assert "Fitness: not applicable" in out and "Failed cases: not applicable" in out
    assert "0.0%" not in out and "100" not in out


@pytest.mark.parametrize("log_text, message", [
    ("id,what,when\n1,a,2026-01-01\n",
     "log.csv:1: no case column 'case_id'; the columns found are 'id', 'what', 'when' (name it with --case)"),
    ("case_id,activity,timestamp\n1,a,2026-01-01\n1,b,yesterday\n",
     "log.csv:3: cannot read timestamp 'yesterday'"),
    ("case_id,activity,timestamp\n1,a,2026-01-01T10:00[Mars/Olympus]\n",
     "log.csv:2: unknown time zone 'Mars/Olympus'"),
])
def test_bad_logs_are_errors_naming_file_and_line(write, tmp_path, log_text, message):
    m = write("mini.yaml", MINI)
    log = write("log.csv", log_text)
    out_file = tmp_path / "out.json"
    code, out, err = conform(str(m), str(log), "-o", str(out_file))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert not out_file.exists()


def test_a_mapping_row_naming_no_touchpoint_is_an_error_at_its_line(write):
    m = write("mini.yaml", MINI)
    mapping = write("mapping.csv", "activity,touchpoint\nAy,a\nBee,bb\n")
    log = write("log.csv", "case_id,activity,timestamp\n1,Ay,2026-01-01\n")
    code, _, err = conform(str(m), str(log), "--mapping", str(mapping))
    assert code == 2
    assert "mapping.csv:3: touchpoint 'bb' does not exist in the map; did you mean 'b'?" in err


def test_naive_timestamps_are_utc_or_in_the_zone_named(write):
    m = write("mini.yaml", MINI)
    log = write("log.csv", "case_id,activity,timestamp\n1,b,2026-07-01 08:30\n1,a,2026-07-01T09:00:00+02:00\n")
    assert per_case(as_json(str(m), str(log)))["1"]["path"] == ["a", "b"]
    assert per_case(as_json(str(m), str(log), "--timezone", "Europe/Berlin"))["1"]["path"] == ["b", "a"]
    code, _, err = conform(str(m), str(log), "--timezone", "Europe/Atlantis")
    assert code == 2 and "unknown time zone 'Europe/Atlantis'" in err


def test_day_first_dates_and_a_semicolon_delimiter(write):
    m = write("mini.yaml", MINI)
    log = write("log.csv", '"case_id";"activity";"timestamp"\n"1";"b";"02.01.2026 10:00"\n"1";"a";"01.01.2026"\n"1";"c";"03.01.2026"\n')
    case = per_case(as_json(str(m), str(log)))["1"]
    assert case["path"] == ["a", "b", "c"] and case["conforming"]


def test_the_gate_fails_under_a_fitness_or_over_a_failed_share(write):
    m = write("mini.yaml", MINI)
    log = write("log.csv", "case_id,activity,timestamp\n1,a,2026-01-01\n1,b,2026-01-02\n1,c,2026-01-03\n"
                "2,a,2026-01-01\n2,b,2026-01-02\n")
    assert conform(str(m), str(log), "--fail-under", "1", "--max-failed", "50%")[0] == 0
    code, _, err = conform(str(m), str(log), "--max-failed", "0.2")
    assert code == 1 and "mini: 50.0% of cases failed, more than 20.0%" in err
    gated = json.loads(conform(str(m), str(log), "--max-failed", "0.2", "-f", "json")[1])
    assert gated["gate"]["passed"] is False


def test_a_folder_of_maps_and_a_map_column(write, tmp_path):
    write("maps/mini.yaml", MINI)
    write("maps/other.yaml", MINI.replace("id: mini", "id: other"))
    log = write("log.csv", "map,case_id,activity,timestamp\nmini,1,a,2026-01-01\nother,1,c,2026-01-01\n"
                "mini,1,b,2026-01-02\n")
    report = as_json(str(tmp_path / "maps"), str(log))
    by_map = {r["map"]: r for r in report["maps"]}
    assert per_case(by_map["mini"])["1"]["path"] == ["a", "b"]
    assert per_case(by_map["other"])["1"]["irregular"][0]["kind"] == "start"
    bad = write("bad.csv", "map,case_id,activity,timestamp\nnope,1,a,2026-01-01\n")
    code, _, err = conform(str(tmp_path / "maps"), str(bad))
    assert code == 2 and "bad.csv:2: map 'nope' is not among the maps given" in err


def test_the_report_speaks_the_maps_language(write):
    m = write("mini.yaml", MINI.replace("title: Mini", "title: Mini\nlang: ru"))
    log = write("log.csv", "case_id,activity,timestamp\n1,a,2026-01-01\n1,c,2026-01-02\n")
    code, out, _ = conform(str(m), str(log), "-f", "markdown")
    assert code == 0
    assert "| Случаи с пропущенным этапом | 1 из 1 (100,0\u00a0%) |" in out
    assert "A → C: 1 раз в 1 случае (перескок вперёд)" in out


def test_xes_gz_is_read_streaming(write, tmp_path):
    m = write("mini.yaml", MINI)
    xes = ('<?xml version="1.0"?>\n<log xmlns="http://www.xes-standard.org/">\n'
           '<trace><string key="concept:name" value="k"/>\n'
           '<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2026-01-01T00:00:00Z"/></event>\n'
           '<event><string key="concept:name" value="b"/><date key="time:timestamp" value="2026-01-02T00:00:00Z"/></event>\n'
           '</trace>\n<trace><string key="concept:name" value="j"/>\n'
           '<event><string key="concept:name" value="a"/><date key="time:timestamp" value="soon"/></event>\n'
           '</trace></log>\n')
    (tmp_path / "log.xes.gz").write_bytes(gzip.compress(xes.encode()))
    code, _, err = conform(str(m), str(tmp_path / "log.xes.gz"))
    assert code == 2 and "log.xes.gz:8: cannot read timestamp 'soon'" in err
    (tmp_path / "ok.xes.gz").write_bytes(gzip.compress(xes.replace("soon", "2026-01-01").encode()))
    cases = per_case(as_json(str(m), str(tmp_path / "ok.xes.gz")))
    assert cases["k"]["path"] == ["a", "b"] and cases["j"]["failed"]
