"""How fast `cjm data import` is: 10,000 rows into 100 maps, against `cjm validate` of those maps.

The issue's target: the import (read the export, match every row, edit each map keeping its
comments, validate each edited map, write it) takes at most 2x `cjm validate` of the same maps.
Both run as processes over the same folder, best of N; the import writes into a fresh copy of
the corpus each time, so every run does the whole job. `python bench/bench_import.py`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # type: ignore[import-not-found]  # noqa: E402

N_MAPS = 100
N_ROWS = 10_000
REPEATS = 3


def _export(folder: Path) -> str:
    """100 rows per map: every metric and desired action of it, month after month."""
    months = [f"{y}-{m:02d}" for y in range(2020, 2027) for m in range(1, 13)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["map", "id", "period", "value", "count", "of"])
    files = sorted(folder.glob("*.yaml"))
    per_map = N_ROWS // len(files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        map_id = re.search(r"^id: (\S+)", text, re.M)
        assert map_id is not None
        metrics = re.findall(r"^      - id: (m\d[\w-]*)\n", text, re.M)
        actions = re.findall(r"^      - id: (da[\w-]+)\n", text, re.M)
        elements = [(m, True) for m in metrics] + [(a, False) for a in actions]
        for i in range(per_map):
            ident, is_metric = elements[i % len(elements)]
            period = months[i // len(elements)]
            if is_metric:
                writer.writerow([map_id[1], ident, period, f"{40 + i % 17}.5", "", ""])
            else:
                writer.writerow([map_id[1], ident, period, "", 100 + i, 1000 + i])
    return out.getvalue()


def _time(cmd: list[str], prepare: object = None) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        if callable(prepare):
            prepare()
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True)
        best = min(best, time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-2000:]}")
    return best


def main() -> list[str]:
    source = gen_corpus.cached(N_MAPS)
    cjm = [sys.executable, "-m", "cjm"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "maps"
        export = Path(tmp) / "export.csv"
        export.write_text(_export(source), encoding="utf-8")
        rows = export.read_text(encoding="utf-8").count("\n") - 1

        def fresh() -> None:
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(source, work)

        fresh()
        t_validate = _time([*cjm, "validate", str(work)])
        t_validate_one = _time([*cjm, "validate", "--jobs", "1", str(work)])
        t_import = _time([*cjm, "data", "import", str(export), "--map", str(work), "--write"], fresh)
        t_check = _time([*cjm, "data", "import", str(export), "--map", str(work), "--check"])
    ratio = t_import / t_validate
    verdict = "meets" if ratio <= 2 else "MISSES"
    return [
        f"import: {rows:,} rows into {N_MAPS} maps; {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}; best of {REPEATS}",
        f"cjm data import --write: {t_import:.2f}s = {ratio:.2f}x cjm validate ({t_validate:.2f}s; "
        f"{verdict} the 2x target), {t_import / t_validate_one:.2f}x validate --jobs 1 "
        f"({t_validate_one:.2f}s); re-import --check (nothing to do): {t_check:.2f}s",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
