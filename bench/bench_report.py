"""Report, import and export speed, as ratios against `cjm validate` on the same input.

`cjm report FOLDER` validates every map and computes its facts, so it should cost at most half
again what `cjm validate` does on the same folder; the analytics of one large map must cost a fraction of validating it; CSV export and
Mermaid import must stay well under a second for a 5,000-element map.

    python bench/bench_report.py [--maps 1000] [--repeat 5] [--only-ratio] [--against TREE]

The ratio is measured as wall time and as CPU time (user + sys of the command and its worker
processes): on a machine shared with other work, wall times swing by 2x while CPU times move
far less, and on few cores the parent's serial work shows in wall time only. ``--against`` runs
another checkout of cjm (say a worktree of main) interleaved with this one: before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import gen_corpus  # noqa: E402


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _cjm(*args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "cjm", *args], capture_output=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cjm {' '.join(args)} failed: {proc.stderr.decode()[-1000:]}")


def _timed(tree: Path, *args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys, worker processes included) of ``cjm ARGS`` run from
    the checkout ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cjm", *args], capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cjm {' '.join(args)} failed: {proc.stderr.decode()[-1000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def report_ratio(folder: Path, repeat: int, trees: dict[str, Path]) -> list[str]:
    """``cjm report -f json`` against ``cjm validate`` of the same folder, for each checkout.

    Runs go round-robin (validate, report of each tree, then again), so a busy spell of the
    machine slows every side alike; each ratio is of the medians.
    """
    validate = ("validate", str(folder))
    report = ("report", str(folder), "-f", "json", "--today", "2026-11-22")
    for tree in trees.values():
        _timed(tree, *validate)  # the model's validator cached, as on every run but a first
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for name, tree in trees.items():
            runs.setdefault((name, "validate"), []).append(_timed(tree, *validate))
            runs.setdefault((name, "report"), []).append(_timed(tree, *report))
    out = []
    for name in trees:
        v, r = runs[(name, "validate")], runs[(name, "report")]
        vw, vc = statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)
        rw, rc = statistics.median(x[0] for x in r), statistics.median(x[1] for x in r)
        label = f" [{name}]" if len(trees) > 1 else ""
        out.append(
            f"cjm report over {folder.name}{label} ({repeat} interleaved runs, medians): CPU "
            f"{rc:.2f}s = {rc / vc:.2f}x cjm validate ({vc:.2f}s), wall {rw:.2f}s = {rw / vw:.2f}x "
            f"({vw:.2f}s); target <= 1.5x (validation plus the facts of every map)"
        )
    return out


def main(maps: int = 1000, repeat: int = 5, only_ratio: bool = False,
         against: Path | None = None) -> list[str]:
    from cjm.interop.csv_export import render as to_csv
    from cjm.interop.mermaid import convert
    from cjm.loader import load_text
    from cjm.report import summary
    from cjm.scoring import DEFAULT
    from cjm.validate import validate_document

    folder = gen_corpus.cached(maps)
    trees = {"this": HERE.parent} if against is None else {"against": against, "this": HERE.parent}
    out = report_ratio(folder, repeat, trees)
    if only_ratio:
        return out
    big = gen_corpus.make_big_map(5000, seed=1, full=True)
    t_check = _best(lambda: validate_document(load_text(big, "big.yaml")))
    journey = validate_document(load_text(big, "big.yaml")).map
    assert journey is not None
    today = dt.date(2026, 11, 22)
    def facts_afresh() -> object:
        journey._facts = None  # the facts are kept on the map: time computing them, not the cache
        return summary.map_facts(journey, "big.yaml", today, DEFAULT)

    t_facts = _best(facts_afresh)
    t_csv = _best(lambda: to_csv(journey))
    out.append(
        f"5,000-element map: facts {t_facts * 1000:.0f}ms = {t_facts / t_check:.2f}x validating it "
        f"({t_check * 1000:.0f}ms); CSV export {t_csv * 1000:.0f}ms = {t_csv / t_check:.2f}x"
    )
    lines = ["journey", "  title Big"]
    for s in range(50):
        lines.append(f"  section Stage {s}")
        lines += [f"    Task {s}-{t}: {1 + (s + t) % 5}: Me" for t in range(100)]
    diagram = "\n".join(lines) + "\n"
    t_import = _best(lambda: convert(diagram, "big.mmd"))
    with tempfile.TemporaryDirectory() as tmp:
        mmd = Path(tmp) / "big.mmd"
        mmd.write_text(diagram, encoding="utf-8")
        t_import_cli = _best(lambda: _cjm("import", "mermaid", str(mmd), "-o", str(Path(tmp) / "big.yaml")))
    out.append(
        f"Mermaid import of 5,000 tasks in 50 sections: {t_import * 1000:.0f}ms in-process, "
        f"{t_import_cli * 1000:.0f}ms as a command (validation of the result included)"
    )
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="cjm report/import/export benchmarks")
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="interleaved validate/report pairs")
    parser.add_argument("--only-ratio", action="store_true", help="only the report/validate ratio")
    parser.add_argument("--against", type=Path, metavar="TREE",
                        help="another checkout of cjm, measured interleaved with this one")
    args = parser.parse_args()
    for line in main(args.maps, args.repeat, args.only_ratio, args.against):
        print(line)
