"""What an import writes agrees with what every output reads from the map's facts: the
``actual:`` it keeps in step is the report's latest value, the record it updates is the one the
report counts."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cjm

from .test_data_import import MAP


def test_actual_follows_the_latest_dated_point_as_the_report_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    path = folder / "checkout.yaml"
    text = (MAP.replace("        target: 40\n", "        target: 40\n        actual: 38\n")
            .replace("            note: after the redesign\n",
                     "            note: after the redesign\n"
                     "          - period: forecast   # free text: never the latest\n"
                     "            value: 45\n"
                     "          - period: 2026-q2    # the same period again: the first one counts\n"
                     "            value: 12\n"))
    path.write_text(text, encoding="utf-8")
    data = tmp_path / "q3.csv"
    data.write_text("id,period,value\nm-nps,2025-Q4,30\nm-nps,2026-Q3,39.5\n", encoding="utf-8")

    result = run_cjm("data", "import", str(data), "--map", str(folder), "--write")

    assert result.exit_code == 0, result.output
    assert "~ metric m-nps actual: 38 → 39.5" in result.stdout
    report = json.loads(run_cjm("report", str(path), "-f", "json").stdout)
    [metric] = [m for m in report["trends"]["metrics"] if m["id"] == "m-nps"]
    dated = [(p["period"], p["value"]) for p in metric["history"] if p["period"] != "forecast"]
    assert dated == [("2025-Q4", 30), ("2026-Q1", 36), ("2026-Q2", 38), ("2026-Q3", 39.5)]
    assert metric["actual"] == 39.5  # the map's own actual: now the latest point, as lint wants
    lint = run_cjm("lint", str(path), "--select", "CJM310")
    assert lint.exit_code == 0, lint.output
    assert "actual: 39.5\n" in path.read_text(encoding="utf-8")
