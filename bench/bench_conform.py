"""How fast `cjm conform` checks a log: 1,000,000 events over 100,000 cases, against the time
Python's own csv module takes just to read the same file.

The issue's target: the check (read, parse timestamps, sort each case, apply the flow, tally)
within 2x a bare ``for row in csv.reader(f): pass``. Both run in a fresh process each, so the
check pays its imports (pyarrow, numpy) as a user does; the medians of REPEATS interleaved runs
are compared. Peak memory (ru_maxrss of the process) is printed beside it: the target is 1 GiB.
The python engine (no extra installed) is measured once, for the record.

    python bench/bench_conform.py [--events 1000000] [--cases 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".corpus"

MAP = """\
cjm: 1
id: shop
title: Buying online
stages:
  - id: discover
    name: Discover
    touchpoints:
      - {id: ad, name: Ad, events: [visit]}
      - {id: search, name: Search, events: [search]}
  - id: choose
    name: Choose
    touchpoints:
      - {id: view, name: Product page, events: [view], next: [view, cart]}
      - {id: cart, name: Cart, events: [cart]}
  - id: buy
    name: Buy
    touchpoints:
      - {id: checkout, name: Checkout, events: [checkout], next: [pay]}
      - {id: pay, name: Payment, events: [pay]}
  - id: after
    name: After the purchase
    touchpoints:
      - {id: mail, name: Confirmation, events: [email]}
      - {id: review, name: Review, events: [review]}
"""
ACTIVITIES = ["visit", "search", "view", "view", "cart", "checkout", "pay", "email", "review",
              "call", "return"]


def make_log(events: int, cases: int) -> tuple[Path, Path]:
    """A generated log (kept in bench/.corpus, gitignored) and its map: cases interleaved in
    time order as a web analytics export writes them, offsets mixed, a few ad hoc activities."""
    CACHE.mkdir(exist_ok=True)
    log = CACHE / f"conform-{events}-{cases}.csv"
    journey = CACHE / "conform-shop.yaml"
    journey.write_text(MAP, encoding="utf-8")
    if log.exists():
        return log, journey
    rng = random.Random(1)
    per_case = events // cases
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for c in range(cases):
        t = base + dt.timedelta(seconds=rng.randrange(90 * 86400))
        step = 0
        for _ in range(per_case):
            t += dt.timedelta(seconds=rng.randrange(1, 7200))
            step = min(max(step + rng.choice((-1, 0, 1, 1, 1)), 0), len(ACTIVITIES) - 1)
            zone = dt.timezone(dt.timedelta(hours=rng.choice((0, 1, 2))))
            rows.append((t, f"C{c:06d}", ACTIVITIES[step], t.astimezone(zone).isoformat()))
    rows.sort(key=lambda r: r[0])
    tmp = log.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("case_id,activity,timestamp,resource\n")
        for i, (_t, case, activity, stamp) in enumerate(rows):
            fh.write(f"{case},{activity},{stamp},agent {i % 37}\n")
    tmp.rename(log)
    return log, journey


READ_CSV = """
import csv, sys, time
start = time.perf_counter()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        pass
print(time.perf_counter() - start)
"""

CHECK = """
import resource, sys, time
sys.path.insert(0, sys.argv[4])
from cjm.api import load
from cjm.conform.check import arrow_available, check, target
from cjm.conform.readers import Columns
if sys.argv[3] != "python" and arrow_available():  # the engine's imports: once per process
    import numpy, pyarrow.compute, pyarrow.csv  # noqa: F401
goal = {None: target(load(sys.argv[2]))}
start = time.perf_counter()
found = check(sys.argv[1], goal, Columns(), engine=sys.argv[3])[None]
print(time.perf_counter() - start, found.cases, found.events, repr(found.fitness),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def timed(args: list[str]) -> tuple[float, str]:
    import time

    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, proc.stdout.strip()


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python-engine", action="store_true", help="also time the python engine")
    args = parser.parse_args(argv if argv is not None else [])
    log, journey = make_log(args.events, args.cases)
    reads, checks, whole_reads, wholes = [], [], [], []
    result = ""
    for _ in range(args.repeat):
        seconds, out = timed([sys.executable, "-c", READ_CSV, str(log)])
        reads.append(float(out))
        whole_reads.append(seconds)
        seconds, result = timed([sys.executable, "-c", CHECK, str(log), str(journey), "auto", str(ROOT)])
        checks.append(float(result.split()[0]))
        wholes.append(seconds)
    t_read, t_check = statistics.median(reads), statistics.median(checks)
    w_read, w_check = statistics.median(whole_reads), statistics.median(wholes)
    _t, cases, events, fitness, rss = result.split()
    lines = [
        f"conform: {int(events):,} events, {int(cases):,} cases ({log.stat().st_size / 2**20:.0f} MiB CSV)",
        f"csv.reader just reading: {t_read:.2f}s; the check (auto engine): {t_check:.2f}s = "
        f"{t_check / t_read:.2f}x (target <= 2x); peak memory {int(rss) / 1024:.0f} MiB (target <= 1024)",
        f"  whole processes (start-up, cjm and pyarrow imports, the map): {w_read:.2f}s and "
        f"{w_check:.2f}s = {w_check / w_read:.2f}x; mean case fitness {float(fitness):.4f}",
    ]
    if args.python_engine:
        _s, out = timed([sys.executable, "-c", CHECK, str(log), str(journey), "python", str(ROOT)])
        seconds = float(out.split()[0])
        same = out.split()[1:4] == result.split()[1:4]
        lines.append(f"  python engine: {seconds:.2f}s = {seconds / t_read:.2f}x; peak memory "
                     f"{int(out.split()[4]) / 1024:.0f} MiB; same numbers: {same}")
    return lines


if __name__ == "__main__":
    for line in main(sys.argv[1:]):
        print(line, flush=True)
