"""How fast `cjm lint` is on a 1,000-map corpus, against `yamllint -d relaxed` on the same files.

The issue's target: cjm lint at least 20x faster than yamllint (which only checks YAML style,
while cjm lint validates every map and runs every journey rule). Both run as a user runs them,
as processes over one folder, measured in the same run on the same machine; each is timed
best-of-N to damp noise. Run with `make bench` or `python bench/bench_lint.py`.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # type: ignore[import-not-found]  # noqa: E402

N_MAPS = 1000
REPEATS = 3


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
    folder = str(gen_corpus.cached(N_MAPS))
    files = [p for p in Path(folder).iterdir() if p.suffix == ".yaml"]
    size = sum(p.stat().st_size for p in files)
    cjm = [sys.executable, "-m", "cjm"]
    t_validate, _ = _time([*cjm, "validate", "."], folder)
    t_lint, cpu_lint = _time([*cjm, "lint", "."], folder)
    t_lint_one, _ = _time([*cjm, "lint", "--jobs", "1", "."], folder)
    lines = [
        f"lint corpus: {len(files)} maps, {size / 1e6:.1f} MB; {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; best of {REPEATS}",
        f"cjm lint: {t_lint:.2f}s ({len(files) / t_lint:.0f} maps/s, {cpu_lint:.2f}s CPU) = "
        f"{t_lint / t_validate:.2f}x cjm validate ({t_validate:.2f}s); --jobs 1: {t_lint_one:.2f}s",
    ]
    yamllint = shutil.which("yamllint") or str(Path(sys.executable).parent / "yamllint")
    if not Path(yamllint).exists():
        lines.append("yamllint not installed (pip install -e '.[dev]'): no comparison")
        return lines
    # yamllint takes ~100 ms a map: one run is plenty, and keeps `make bench` shorter
    t_yamllint, cpu_yamllint = _time([yamllint, "-d", "relaxed", "."], folder, repeats=1)
    ratio = t_yamllint / t_lint
    verdict = "meets" if ratio >= 20 else "MISSES"
    lines.append(
        f"yamllint -d relaxed: {t_yamllint:.2f}s ({cpu_yamllint:.2f}s CPU): cjm lint is "
        f"{ratio:.1f}x faster in wall time ({verdict} the 20x target), "
        f"{cpu_yamllint / cpu_lint:.1f}x in CPU time; --jobs 1: {t_yamllint / t_lint_one:.1f}x"
    )
    return lines


if __name__ == "__main__":
    for line in main():
        print(line)
