"""How fast `cjm data import` is: 10,000 rows into 100 maps, against `cjm validate` of those maps.

The issue's target: the import (read the export, match every row, edit each map keeping its
comments, validate each edited map, write it) takes at most 2x `cjm validate` of the same maps:
both commands as a user runs them (every core), wall clock. CPU time is printed beside it,
against validate on every core and on one.
Every command runs as a process; the runs are interleaved (validate, import, validate of the
imported maps, re-import --check, then again) REPEATS times, and the medians of wall-clock and
CPU time (user + system, from RUSAGE_CHILDREN) are reported: on a shared machine the wall clock
swings by 2x, CPU time much less. The import writes into a fresh copy of the corpus each time,
so every run does the whole job.

The 100 maps hold ~470 lines each; the import adds 100 history points and funnel records to
each, so the maps it must validate before writing are twice the size of the maps it read. Both
yardsticks are printed: validate of the maps before the import (the issue's wording) and of the
maps it writes.

    python bench/bench_import.py [--repeat 5] [--against ../other-worktree]

``--against`` runs the same commands with another checkout of cjm first on the path (main, say),
interleaved with this one, for a before/after comparison measured under the same load.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import resource
import shutil
import statistics
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
REPEATS = 5


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


def _run(cmd: list[str], tree: Path, cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (its worker processes included) of ``cmd`` with ``tree`` on
    the path; run from ``cwd``, since ``python -m`` puts the current folder first."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(trees: dict[str, Path], repeats: int) -> dict[str, dict[str, list[tuple[float, float]]]]:
    """Per tree, per step: (wall, cpu) of every run; the trees' runs alternate."""
    source = gen_corpus.cached(N_MAPS)
    cjm = [sys.executable, "-m", "cjm"]
    times: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {"validate": [], "validate 1": [], "import": [], "validate after": [], "check": []}
        for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        work = here / "maps"
        export = here / "export.csv"
        export.write_text(_export(source), encoding="utf-8")
        imp = [*cjm, "data", "import", str(export), "--map", str(work)]
        for _ in range(repeats):
            for name, tree in trees.items():
                shutil.rmtree(work, ignore_errors=True)
                shutil.copytree(source, work)
                steps = times[name]
                steps["validate"].append(_run([*cjm, "validate", str(work)], tree, here))
                steps["validate 1"].append(_run([*cjm, "validate", "--jobs", "1", str(work)],
                                                tree, here))
                steps["import"].append(_run([*imp, "--write"], tree, here))
                steps["validate after"].append(_run([*cjm, "validate", "--jobs", "1", str(work)],
                                                    tree, here))
                steps["check"].append(_run([*imp, "--check"], tree, here))
    return times


def report(times: dict[str, dict[str, list[tuple[float, float]]]], repeats: int) -> list[str]:
    lines = [f"import: {N_ROWS:,} rows into {N_MAPS} maps; {os.cpu_count()} cores, load "
             f"{os.getloadavg()[0]:.1f}; medians of {repeats} interleaved runs, wall (CPU)"]
    for name, steps in times.items():
        med = {step: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
               for step, runs in steps.items()}
        (w_i, c_i), (w_v, c_v), (w_1, c_1) = med["import"], med["validate"], med["validate 1"]
        (w_a, c_a), (w_c, c_c) = med["validate after"], med["check"]
        verdict = "meets" if w_i / w_v <= 2 else "MISSES"
        label = f"[{name}] " if len(times) > 1 else ""
        lines += [
            f"{label}cjm data import --write: {w_i:.2f}s wall, {c_i:.2f}s CPU",
            f"{label}  maps before: {w_i / w_v:.2f}x the wall of cjm validate ({w_v:.2f}s, "
            f"{c_v:.2f}s CPU): {verdict} the issue's 2x target; CPU {c_i / c_v:.2f}x of "
            f"validate's, {c_i / c_1:.2f}x of validate --jobs 1 ({w_1:.2f}s, {c_1:.2f}s CPU)",
            f"{label}  maps it wrote: {w_i / w_a:.2f}x wall, {c_i / c_a:.2f}x CPU of validate "
            f"--jobs 1 ({w_a:.2f}s, {c_a:.2f}s CPU)",
            f"{label}  re-import --check (nothing to do): {w_c:.2f}s, {c_c:.2f}s CPU = "
            f"{c_c / c_a:.2f}x the CPU of validate --jobs 1 of those maps",
        ]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=REPEATS, help=f"runs of each (default {REPEATS})")
    parser.add_argument("--against", type=Path, metavar="TREE",
                        help="another cjm checkout to measure, interleaved (before/after)")
    args = parser.parse_args(argv if argv is not None else [])
    trees = {"this": HERE.parent}
    if args.against is not None:
        trees = {"before": args.against.resolve(), "after": HERE.parent}
    return report(measure(trees, args.repeat), args.repeat)


if __name__ == "__main__":
    print("\n".join(main(sys.argv[1:])))
