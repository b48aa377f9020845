"""`cjm data import` on maps written every which way: the new numbers are written into the text
where they belong, every other byte is kept; a layout the text edit is not sure of goes through
`cjm fmt`'s round trip instead, and the plan says so."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cjm


def _import(tmp_path: Path, text: str | bytes, rows: str, *options: str) -> tuple[str, bytes, bytes]:
    """Write the map, import ``rows`` into it with --write: (stdout, bytes before, bytes after)."""
    folder = tmp_path / "maps"
    folder.mkdir(exist_ok=True)
    path = folder / "shop.yaml"
    before = text.encode() if isinstance(text, str) else text
    path.write_bytes(before)
    data = tmp_path / "export.csv"
    data.write_text(rows, encoding="utf-8")
    result = run_cjm("data", "import", str(data), "--map", str(folder), "--write", *options)
    assert result.exit_code == 0, result.output
    assert run_cjm("validate", str(path)).exit_code == 0
    again = run_cjm("data", "import", str(data), "--map", str(folder), "--check")
    assert again.exit_code == 0 and "up to date" in again.stdout, again.output
    return result.stdout, before, path.read_bytes()


def _only_added(before: bytes, after: bytes) -> list[str]:
    """The lines an import added; fails when it removed or changed one."""
    old, new = before.decode().splitlines(True), after.decode().splitlines(True)
    diff = list(difflib.ndiff(old, new))
    assert [d for d in diff if d.startswith("- ")] == [], "".join(diff)
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_odd_indentation_and_comments_between_items_only_gain_lines(tmp_path: Path) -> None:
    text = """\
cjm: 1
id: shop
title: Shop
stages:
- id: pay
  name: Pay
  desired_actions:
  -   id: da-pay
      name: Pay for the order
  completed_actions:
  -   id: ca-pay-q1
      fulfils: da-pay
      count: 500
      of: 1000
      period: 2026-Q1
      # Q2 came in the next export

  # numbers from the survey
  metrics:
  -   id: m-nps
      name: NPS
      history:
        -    period: 2026-Q1
             value: 36   # the first survey
        # after the redesign
        -    period: 2026-Q2
             value: 38
"""
    out, before, after = _import(tmp_path, text, "id,period,value,count,of\n"
                                                 "da-pay,2026-Q2,,600,1000\n"
                                                 "m-nps,2026-Q3,40.5,,\n")
    assert "fmt's layout" not in out
    assert after.decode() == text.replace(
        "      # Q2 came in the next export\n",
        "      # Q2 came in the next export\n"
        "  -   id: ca-pay-2026-q2\n"
        "      fulfils: da-pay\n"
        "      count: 600\n"
        "      of: 1000\n"
        "      period: 2026-Q2\n",
    ) + "        -    period: 2026-Q3\n             value: 40.5\n"


def test_crlf_bom_tabs_and_no_final_newline_are_kept(tmp_path: Path) -> None:
    lines = ["cjm: 1", "id: shop", "title: Shop", "stages:", "  - id: pay", "    name: Pay",
             "    metrics:", "      - id: m-nps", "        name: NPS\t# tab before a comment",
             "        history:", "          - period: 2026-Q1",
             "            value:\t36"]
    text = "\ufeff" + "\r\n".join(lines)
    out, before, after = _import(tmp_path, text.encode(), "id,period,value,note\n"
                                                          "m-nps,2026-Q2,38,after: the redesign\n")
    assert "fmt's layout" not in out
    assert after == before + (b"\r\n          - period: 2026-Q2\r\n            value: 38\r\n"
                              b'            note: "after: the redesign"')


def test_a_metric_without_history_and_a_stage_without_records_get_keys_where_fmt_puts_them(
        tmp_path: Path) -> None:
    text = """\
cjm: 1
id: shop
title: Shop
stages:
    -   id: pay
        name: Pay
        desired_actions:
            -   id: da-pay
                name: Pay
        # survey numbers
        metrics:
            -   id: m-nps
                name: NPS
                target: 40
                x-source: survey tool
            -   id: m-csat
                name: CSAT
                unit: "%"
"""
    out, before, after = _import(tmp_path, text, "id,period,value,count,of\n"
                                                 "m-nps,2026-Q2,41,,\n"
                                                 "da-pay,2026-Q2,,600,1000\n"
                                                 "m-csat,2026,80,,\n")
    assert "fmt's layout" not in out
    assert after.decode() == """\
cjm: 1
id: shop
title: Shop
stages:
    -   id: pay
        name: Pay
        desired_actions:
            -   id: da-pay
                name: Pay
        completed_actions:
            -   id: ca-pay-2026
                fulfils: da-pay
                count: 600
                of: 1000
                period: 2026-Q2
        # survey numbers
        metrics:
            -   id: m-nps
                name: NPS
                target: 40
                history:
                    -   period: 2026-Q2
                        value: 41
                x-source: survey tool
            -   id: m-csat
                name: CSAT
                unit: "%"
                history:
                    -   period: "2026"
                        value: 80
""".replace("ca-pay-2026\n", "ca-pay-2026-q2\n")


def test_replace_changes_the_number_where_it_stands_and_keeps_its_comment(tmp_path: Path) -> None:
    text = """\
cjm: 1
id: shop
title: Shop
stages:
  - id: pay
    name: Pay
    completed_actions:
      - id: ca-pay-q2
        count: 480   # first count
        period: 2026-Q2
    metrics:
      - id: m-nps
        name: NPS
        actual: 38   # kept in step with the history
        history:
          - period: 2026-Q2
            value: 38   # survey
"""
    out, before, after = _import(tmp_path, text, "id,period,value,count,of\n"
                                                 "m-nps,2026-Q2,39,,\n"
                                                 "ca-pay-q2,2026-Q2,,500,1000\n", "--replace")
    assert "~ metric m-nps 2026-Q2: 38 → 39" in out and "~ metric m-nps actual: 38 → 39" in out
    assert "fmt's layout" not in out
    assert after.decode() == (text.replace("actual: 38 ", "actual: 39 ")
                              .replace("value: 38 ", "value: 39 ")
                              .replace("count: 480   # first count\n",
                                       "count: 500   # first count\n        of: 1000\n"))


def test_a_map_with_aliases_elsewhere_is_edited_in_place(tmp_path: Path) -> None:
    text = """\
cjm: 1
id: shop
title: Shop
x-team: &team Growth team
stages:
  - id: pay
    name: Pay
    touchpoints:
      - id: tp-pay
        name: Payment page
        channel: web
        owner: *team
    metrics:
      - id: m-nps
        name: NPS
        history:
          - period: 2026-Q1
            value: 36
"""
    out, before, after = _import(tmp_path, text, "id,period,value\nm-nps,2026-Q2,38\n")
    assert _only_added(before, after) == ["          - period: 2026-Q2\n", "            value: 38\n"]


FALLBACKS = {
    "a history written in flow style": (
        "        history: [{period: 2026-Q1, value: 36}]\n",
        "id,period,value\nm-nps,2026-Q2,38\n", "flow style"),
    "an empty completed action list in flow style": (
        "        history:\n          - period: 2026-Q1\n            value: 36\n"
        "    completed_actions: []\n",
        "id,period,count,of\nda-pay,2026-Q2,600,1000\n", "empty or not a list"),
    "a value with a tag": (
        "        history:\n          - period: 2026-Q1\n            value: !!float 36\n",
        "id,period,value\nm-nps,2026-Q1,37\n", "not a number written plain"),
    "a kept block text at the end of the list": (
        "        history:\n          - period: 2026-Q1\n            value: 36\n"
        "            note: |+\n              first survey\n\n\n",
        "id,period,value\nm-nps,2026-Q2,38\n", "would not read back as planned"),
    "a quoted text continued at the indentation of the list": (
        "        history:\n          - period: 2026-Q1\n            value: 36\n"
        '            note: "the first\n          survey"\n',
        "id,period,value\nm-nps,2026-Q2,38\n", "would not read back as planned"),
    "a history with no value at all": (
        "        history:\n",
        "id,period,value\nm-nps,2026-Q2,38\n", "empty or not a list"),
}


@pytest.mark.parametrize("case", FALLBACKS)
def test_layouts_the_text_edit_is_not_sure_of_go_through_the_round_trip(
        tmp_path: Path, case: str) -> None:
    tail, rows, reason = FALLBACKS[case]
    text = ("cjm: 1\nid: shop\ntitle: Shop\nstages:\n  - id: pay\n    name: Pay\n"
            "    desired_actions:\n      - id: da-pay\n        name: Pay\n"
            "    metrics:\n      - id: m-nps\n        name: NPS  # the survey\n" + tail)
    out, _before, after = _import(tmp_path, text, rows, "--replace")
    assert "(written in cjm fmt's layout: " in out and reason in out, out
    assert "NPS  # the survey" in after.decode()  # comments kept by the round trip
    assert run_cjm("fmt", "--check", str(tmp_path / "maps" / "shop.yaml")).exit_code == 0


def test_a_formatted_map_stays_formatted(tmp_path: Path) -> None:
    """On a map `cjm fmt` wrote, the text edit writes what the round trip would: `fmt --check`
    stays clean after an import, and the review diff shows only the new numbers."""
    maps = tmp_path / "maps"
    shutil.copytree(SAMPLES, maps)
    target = maps / "online-store-first-purchase.yaml"
    assert run_cjm("fmt", str(target)).exit_code == 0
    before = target.read_bytes()
    wrote = run_cjm("data", "import", str(maps / "data" / "online-store-2026-q3.csv"),
                    "--map", str(maps), "--write")
    assert wrote.exit_code == 0, wrote.output
    assert "fmt's layout" not in wrote.stdout
    assert run_cjm("fmt", "--check", str(target)).exit_code == 0
    added = _only_added(before, target.read_bytes())
    assert len(added) == 6 * 5 + 6 * 2 + 1  # six funnel records, six history points, one note
    assert added[:5] == ["      - id: ca-click-through-2026-q3\n", "        fulfils: da-click-through\n",
                         "        count: 47100\n", "        of: 1210000\n",
                         "        period: 2026-Q3\n"]


def test_every_sample_map_formatted_by_fmt_takes_a_full_export_in_place(tmp_path: Path) -> None:
    """Every metric, desired action and completed action of every sample map gets a new period
    (some with a note; a step first without a base, then with one from its completed action's
    row, on the record the first row added): no map needs the round trip, and `cjm fmt --check`
    finds nothing to change afterwards: the text edit wrote what `cjm fmt` would have."""
    import yaml

    maps = tmp_path / "maps"
    shutil.copytree(SAMPLES, maps)
    assert run_cjm("fmt", str(maps)).exit_code == 0
    rows = ["map,id,period,value,count,of,note"]
    for path in sorted(maps.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "stages" not in data:
            continue
        for stage in data["stages"]:
            for n, metric in enumerate(stage.get("metrics") or []):
                note = "fuzz: a note" if n % 2 else ""
                rows.append(f"{data['id']},{metric['id']},2031-Q1,12.5,,,{note}")
            for n, action in enumerate(stage.get("desired_actions") or []):
                rows.append(f"{data['id']},{action['id']},2031-Q1,,5,{10 if n % 2 else ''},")
            for action in stage.get("completed_actions") or []:
                rows.append(f"{data['id']},{action['id']},2031-Q1,,7,20,")  # the same step
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    wrote = run_cjm("data", "import", str(export), "--map", str(maps), "--write", "--replace")
    assert wrote.exit_code == 0, wrote.output
    assert "fmt's layout" not in wrote.stdout
    assert len(rows) > 100
    checked = run_cjm("fmt", "--check", str(maps))
    assert checked.exit_code == 0, checked.output
    assert run_cjm("validate", str(maps)).exit_code == 0


def _many(folder: Path, count: int) -> str:
    """``count`` copies of the online store's map (each its own id) and a CSV for all of them."""
    text = (SAMPLES / "online-store-first-purchase.yaml").read_text(encoding="utf-8")
    rows = ["map,id,period,value"]
    for i in range(count):
        ident = f"shop-{i:02}"
        (folder / f"{ident}.yaml").write_text(
            text.replace("id: online-store-first-purchase", f"id: {ident}", 1), encoding="utf-8")
        rows += [f"{ident},m-ad-ctr,2026-Q3,0.{80 + i}", f"{ident},m-add-to-cart-rate,2026-Q3,30.{i}"]
    return "\n".join(rows) + "\n"


def test_many_maps_are_checked_on_every_core_with_the_same_result(tmp_path: Path) -> None:
    """30 maps (enough for a pool): one process or two, the same plan, the same files."""
    outputs = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"jobs-{jobs}"
        folder.mkdir()
        (tmp_path / f"rows-{jobs}.csv").write_text(_many(folder, 30), encoding="utf-8")
        result = run_cjm("data", "import", str(tmp_path / f"rows-{jobs}.csv"), "--map", str(folder),
                         "--write", "--jobs", jobs, cwd=tmp_path)
        assert result.exit_code == 0, result.output
        files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}
        outputs.append((result.stdout.replace(f"jobs-{jobs}", "F"), files))
    assert outputs[0] == outputs[1]
    assert b"value: 0.83" in outputs[0][1]["shop-03.yaml"]


def test_a_map_failing_validation_on_a_worker_stops_every_write(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    rows = _many(folder, 30)
    # one map has a field cjm does not know: once edited it would not validate (checked on a
    # worker), so no map is written, and the map, not the data, is named as the cause
    broken = folder / "shop-17.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel: x\ntitle:", 1),
                      encoding="utf-8")
    (tmp_path / "rows.csv").write_text(rows, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    result = run_cjm("data", "import", "rows.csv", "--map", "maps", "--write", "--jobs", "2", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert "maps/shop-17.yaml:4:1: error CJM010 titel: unknown field 'titel'" in result.stderr
    assert "maps/shop-17.yaml is invalid before the import (cjm validate says the same): fix it " \
           "first" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


def test_a_count_larger_than_the_base_in_the_map_is_the_rows_error(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    rows = _many(folder, 30).replace("map,id,period,value\n", "map,id,period,value,count,of\n")
    rows += "shop-17,da-click-through,2026-Q2,,2000000,\n"
    (tmp_path / "rows.csv").write_text(rows, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    result = run_cjm("data", "import", "rows.csv", "--map", "maps", "--write", "--replace",
                     "--jobs", "2", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    line = rows.count("\n")
    assert f"rows.csv:{line}: error: count 2000000 of desired action da-click-through 2026-Q2 is " \
           "larger than its base of" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


def test_rows_refused_on_several_workers_are_all_reported_in_line_order(tmp_path: Path) -> None:
    """Each worker plans its own maps' rows; what they refuse comes back as one list, in the
    order of the export's lines, and no map is written."""
    folder = tmp_path / "maps"
    folder.mkdir()
    rows = _many(folder, 30)
    (tmp_path / "rows.csv").write_text(rows, encoding="utf-8")
    assert run_cjm("data", "import", "rows.csv", "--map", "maps", "--write", "--jobs", "2",
                   cwd=tmp_path).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    # the same periods again with other values, for maps dealt to different workers
    changed = (rows.replace("shop-29,m-ad-ctr,2026-Q3,0.109", "shop-29,m-ad-ctr,2026-Q3,0.5")
               .replace("shop-00,m-ad-ctr,2026-Q3,0.80", "shop-00,m-ad-ctr,2026-Q3,0.7")
               .replace("shop-14,m-add-to-cart-rate,2026-Q3,30.14",
                        "shop-14,m-add-to-cart-rate,2026-Q3,31"))
    assert changed.count("\n") == rows.count("\n") and changed != rows
    (tmp_path / "rows.csv").write_text(changed, encoding="utf-8")
    result = run_cjm("data", "import", "rows.csv", "--map", "maps", "--write", "--jobs", "2",
                     cwd=tmp_path)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("rows.csv:")]
    assert [line.split(":")[1] for line in errors] == ["2", "31", "60"]
    assert "metric m-ad-ctr 2026-Q3 is already 0.8 in maps/shop-00.yaml" in errors[0]
    assert "pass --replace to overwrite it" in errors[2]
    assert "3 rows cannot be imported; nothing was written" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


_KILLED_WORKER = """
import os, signal, sys
import cjm.interop.data as data

def _die(mp, job):  # a worker killed mid-import (out of memory, say)
    os.kill(os.getpid(), signal.SIGKILL)

data._apply = _die
sys.argv = ["cjm", *sys.argv[1:]]
from cjm.cli import main
main()
"""


@pytest.mark.e2e
def test_a_worker_killed_mid_import_is_one_clear_error_and_nothing_is_written(
        tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    (tmp_path / "rows.csv").write_text(_many(folder, 30), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    proc = subprocess.run([sys.executable, "-c", _KILLED_WORKER, "data", "import", "rows.csv",
                           "--map", "maps", "--write", "--jobs", "2"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == ("cjm: error: a worker process was killed by signal 9; nothing was "
                           "written (--jobs 1 runs in one process)\n")
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # no temporary files


def test_an_import_never_writes_a_map_too_big_for_cjm_validate(monkeypatch) -> None:
    """``cjm validate`` refuses a file over its size limit, so the import refuses to make one."""
    import cjm.interop.data as data

    text = (SAMPLES / "online-store-first-purchase.yaml").read_text(encoding="utf-8")
    assert data._verdict("shop.yaml", text, None, None) == (True, [])
    monkeypatch.setattr(data, "MAX_BYTES", len(text.encode()) - 1)
    ok, [problem] = data._verdict("shop.yaml", text, None, None)
    assert (problem.code, problem.file, problem.line) == ("CJM005", "shop.yaml", 1)
    assert f"the file would be {len(text.encode()):,} bytes" in problem.message


_FULL_DISK = """
import errno, os, signal, sys
import cjm.output as output

staged = output._stage_file
kill = "--kill" in sys.argv

def _stage_file(real, payload, st, prefix):
    if real.endswith("shop-17.yaml") and not kill:  # the disk fills up while maps are written
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    tmp = staged(real, payload, st, prefix)
    if real.endswith("shop-23.yaml") and kill:  # a worker killed right after staging a map
        os.kill(os.getpid(), signal.SIGKILL)
    return tmp

output._stage_file = _stage_file
sys.argv = ["cjm", *[a for a in sys.argv[1:] if a != "--kill"]]
from cjm.cli import main
main()
"""


def _import_with(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, bytes]]:
    folder = tmp_path / "maps"
    if not folder.exists():
        folder.mkdir()
        (tmp_path / "rows.csv").write_text(_many(folder, 30), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = subprocess.run([sys.executable, "-c", _FULL_DISK, "data", "import", "rows.csv",
                           "--map", "maps", "--write", *extra],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    return proc, before


@pytest.mark.e2e
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_halfway_leaves_every_map_as_it_was(tmp_path: Path, jobs: str) -> None:
    """Every changed map is written beside itself first and renamed into place only when all
    are written: a write that fails leaves no map updated and no temporary file behind."""
    proc, before = _import_with(tmp_path, "--jobs", jobs)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "cjm: error: cannot write maps/shop-17.yaml: No space left on device\n"
    assert {p.name: p.read_bytes() for p in (tmp_path / "maps").iterdir()} == before


@pytest.mark.e2e
def test_a_worker_killed_after_staging_leaves_no_temporary_file(tmp_path: Path) -> None:
    proc, before = _import_with(tmp_path, "--jobs", "2", "--kill")
    assert proc.returncode == 2, proc.stderr
    assert "a worker process was killed by signal 9; nothing was written" in proc.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "maps").iterdir()} == before
