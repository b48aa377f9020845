"""`cjm render` speed: a 500-touchpoint map to HTML (target: under a second), to the board PDF
(target: under 10 seconds, whole process), and the other formats.

Times are the best of several runs (the board PDF: medians); the ratios compare rendering with
loading and validating the same map, which every render does first, so they hold across machines.

    python bench/bench_render.py
    CJM_BENCH_BASE=/work/wt-main python bench/bench_render.py   # the board PDF against another tree
"""

from __future__ import annotations

import os
import random
import shutil
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


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> list[str]:
    from cjm.loader import load_text
    from cjm.render import html, markdown, mermaid
    from cjm.validate import validate_document

    text = gen_corpus.make_map(0, 10, 50, random.Random(1), full=True)
    checked = validate_document(load_text(text, "big.yaml"))
    assert checked.map is not None, checked.problems[:3]
    journey = checked.map
    n_tp = sum(len(s.touchpoints) for s in journey.stages)

    t_load = best(lambda: validate_document(load_text(text, "big.yaml")))
    html.environment.cache_clear()
    start = time.perf_counter()
    page = html.render(journey)  # first render compiles the templates
    t_cold = time.perf_counter() - start
    t_html = best(lambda: html.render(journey))
    t_md = best(lambda: markdown.render(journey))
    t_mmd = best(lambda: mermaid.render(journey))
    lines = [
        f"render: {n_tp}-touchpoint map ({len(text) // 1024} KiB YAML, {len(journey.stages)} stages), "
        f"load+validate {t_load * 1000:.0f}ms",
        f"render html: {t_html * 1000:.0f}ms warm, {t_cold * 1000:.0f}ms with template compile "
        f"(target < 1000ms) = {t_html / t_load:.2f}x load+validate; page {len(page) // 1024} KiB",
        f"render md: {t_md * 1000:.0f}ms = {t_md / t_load:.2f}x load+validate; "
        f"mermaid: {t_mmd * 1000:.1f}ms = {t_mmd / t_load:.3f}x",
    ]
    from cjm.render import graph

    t_dot = best(lambda: graph.dot_source(journey))
    lines.append(f"render dot source: {t_dot * 1000:.0f}ms = {t_dot / t_load:.2f}x load+validate")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        path.write_text(text, encoding="utf-8")
        cmd = [sys.executable, "-m", "cjm"]
        t_cli_validate = best(lambda: subprocess.run([*cmd, "validate", str(path)], capture_output=True), 3)
        t_cli_html = best(lambda: subprocess.run(
            [*cmd, "render", str(path), "-o", str(Path(tmp) / "big.html")], capture_output=True, check=True), 3)
        lines.append(
            f"cjm render big.yaml -o big.html (whole process): {t_cli_html * 1000:.0f}ms "
            f"= {t_cli_html / t_cli_validate:.2f}x cjm validate big.yaml ({t_cli_validate * 1000:.0f}ms)"
        )
        lines.append(_board_pdf(cmd, path, Path(tmp)))
        if shutil.which("dot"):
            t_svg = best(lambda: graph.render(journey, "svg"), 1)
            lines.append(f"render svg (dot program): {t_svg * 1000:.0f}ms = {t_svg / t_load:.1f}x load+validate")
    return lines


def _board_pdf(cmd: list[str], path: Path, tmp: Path, runs: int = 5) -> str:
    """``cjm render big.yaml -f board-pdf`` as a user runs it: median wall clock and CPU (user+sys
    of the process, which holds on a busy machine where the wall clock also counts the others).

    With ``CJM_BENCH_BASE=/path/to/another/cjm/tree`` (say a worktree of main) the same command
    runs from that tree too, interleaved run by run, and the line gives both and their ratio."""
    try:
        from cjm.render import board

        board.check()
    except Exception as exc:  # noqa: BLE001 - the extra cjm[pdf] or Pango missing: say so, go on
        return f"cjm render big.yaml -f board-pdf: skipped ({str(exc).splitlines()[0][:120]})"
    trees = {"this tree": str(HERE.parent)}
    if os.environ.get("CJM_BENCH_BASE"):
        trees["base"] = os.environ["CJM_BENCH_BASE"]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, tree in trees.items():
            before = os.times()
            start = time.perf_counter()
            subprocess.run([*cmd, "render", str(path), "-f", "board-pdf", "-o", str(tmp / "big.pdf")],
                           capture_output=True, check=True, cwd=tree, env={**os.environ, "PYTHONPATH": tree})
            wall = time.perf_counter() - start
            after = os.times()
            cpu = after.children_user - before.children_user + after.children_system - before.children_system
            times[name].append((wall, cpu))
    pdf = (tmp / "big.pdf").read_bytes()
    pages = len(board.pdfium().PdfDocument(pdf))
    walls = {name: statistics.median(w for w, _ in runs_) for name, runs_ in times.items()}
    cpus = {name: statistics.median(c for _, c in runs_) for name, runs_ in times.items()}
    line = (f"cjm render big.yaml -f board-pdf (whole process, median of {runs}): {walls['this tree']:.1f}s wall, "
            f"{cpus['this tree']:.1f}s CPU (target < 10s); {pages} pages, {len(pdf) // 1024} KiB")
    if "base" in trees:
        line += (f"; base {walls['base']:.1f}s wall, {cpus['base']:.1f}s CPU: "
                 f"{walls['this tree'] / walls['base']:.2f}x wall, {cpus['this tree'] / cpus['base']:.2f}x CPU")
    return line


if __name__ == "__main__":
    for line in main():
        print(line)
