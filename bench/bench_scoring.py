"""What scoring opportunities adds to ``cjm report`` of a folder: ``python bench/bench_scoring.py``.

The report of 1,000 generated maps is made in-process, one map after another (the work each
worker of ``cjm report`` does: validate the map, make its portfolio row and its JSON line, then
rank the portfolio), once as it is and once with the scores left out (``summary._scored``
replaced by a function that scores nothing). The difference is what scoring costs; the target is
at most 10% of the report's time. CPU time, best of ``--repeat`` runs, so a busy machine's other
processes do not count.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

TODAY = _dt.date(2026, 12, 1)


def _report(folder: Path) -> Callable[[], object]:
    from cjm.files import discover
    from cjm.report import render, summary
    from cjm.report.collect import load_task

    targets = discover([str(folder)])

    def run() -> object:
        loaded = [load_task(t, TODAY, portfolio=True, with_json=True) for t in targets]
        rows = [r.row for r in loaded if r.row is not None]
        facts = summary.portfolio(rows, TODAY, [])
        return render("json", facts)

    return run


def _cpu(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def measure(folder: Path, repeat: int) -> tuple[float, float]:
    from cjm.report import summary

    run = _report(folder)
    scored = summary._scored
    with_scores = _cpu(run, repeat)
    summary._scored = lambda journey, file: ((), summary.RICE)  # type: ignore[assignment]
    try:
        without = _cpu(run, repeat)
    finally:
        summary._scored = scored
    return with_scores, without


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv or [])
    import run as bench_run

    folder = bench_run.corpus(args.maps)
    with_scores, without = measure(folder, args.repeat)
    extra = (with_scores - without) / without
    return [f"report -f json of {args.maps} maps: {with_scores:.2f}s CPU with scores, {without:.2f}s "
            f"without: scoring adds {extra * 100:.1f}% (target <= 10%)"]


if __name__ == "__main__":
    print("\n".join(main(sys.argv[1:])))
