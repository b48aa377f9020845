"""How fast `cjm diff` compares two large maps, and whether it stays linear.

The issue's target: two maps of 5,000 elements each compare in under a second. The old map comes
from bench/gen_corpus.py (``make_big_map``); the new one is the same map after a realistic
quarter of edits made on its data (emotions raised, metrics moved, stages renamed, touchpoints moved,
opportunities removed, touchpoints added, two stages swapped), so every code path of the engine
runs. Figures are the best of several runs; ratios are what to compare across machines:
the engine against the cost of loading and validating the same two files, and 500 -> 5,000
elements (linear would be x10).

Second, the repository case (issue 11): ``cjm diff --rev HEAD maps/`` over a git repository of
1,000 maps (bench/gen_corpus.py) with 10 of them edited, one moved and one added, against
``cjm validate maps/`` of the same folder, both as a user runs them (real processes, best of
several interleaved runs). Target: diff under 2x validate. It holds because unchanged files are
recognised by their git blob id and only their id and title are read.

Run: ``python bench/bench_diff.py [--maps 1000]`` (or ``make bench``).
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cjm.diff import FileDiff, diff_maps  # noqa: E402
from cjm.diff.formats import render  # noqa: E402
from cjm.loader import load_text  # noqa: E402
from cjm.model import JourneyMap  # noqa: E402
from cjm.validate import validate_document  # noqa: E402

RUNS = 5


def big_map_text(elements: int) -> str:
    try:
        from gen_corpus import make_big_map  # type: ignore[import-not-found]
    except ImportError:  # the corpus generator not there yet: a plainer map of the same size
        return _plain_big_map(elements)
    return str(make_big_map(elements, seed=0))


def _plain_big_map(elements: int) -> str:
    lines = ["cjm: 1", "id: bench-big", "title: Bench", "stages:"]
    per_stage = 20
    for s in range(max(1, elements // (per_stage * 2 + 1))):
        lines += [f"  - id: st{s}", f"    name: Stage {s} / Этап {s}", "    emotion: 3", "    touchpoints:"]
        for t in range(per_stage):
            nxt = f"st{s}-tp{t + 1}" if t + 1 < per_stage else f"st{s}-tp0"
            lines += [f"      - id: st{s}-tp{t}", f"        name: Touchpoint {t} / Точка {t}",
                      "        channel: web", f"        emotion: {1 + t % 5}", f"        next: [{nxt}]"]
        lines.append("    metrics:")
        for k in range(per_stage):
            lines += [f"      - id: st{s}-m{k}", f"        name: Metric {k}", "        target: 10",
                      f"        actual: {k}"]
    return "\n".join(lines) + "\n"


def edited(data: dict[str, Any]) -> dict[str, Any]:
    """A quarter of work on a map: every kind of change, spread over the whole map."""
    new = copy.deepcopy(data)
    stages = new["stages"]
    for i, stage in enumerate(stages):
        if i % 5 == 0:
            stage["name"] = stage["name"] + " (renamed)"
        for j, tp in enumerate(stage.get("touchpoints", [])):
            if j % 4 == 0 and isinstance(tp.get("emotion"), int):
                tp["emotion"] = min(5, tp["emotion"] + 1) if tp["emotion"] < 5 else 4
        for metric in stage.get("metrics", []):
            if isinstance(metric.get("actual"), (int, float)):
                metric["actual"] = metric["actual"] + 1
        if i % 3 == 0:
            stage["opportunities"] = stage.get("opportunities", [])[1:]
        stage.setdefault("touchpoints", []).append(
            {"id": f"bench-new-tp-{i}", "name": f"New touchpoint {i}", "channel": "chat", "emotion": 4})
        if i % 7 == 0 and i + 1 < len(stages) and stage["touchpoints"]:
            stages[i + 1].setdefault("touchpoints", []).append(stage["touchpoints"].pop(0))
    if len(stages) > 2:
        stages[-1], stages[-2] = stages[-2], stages[-1]
    return new


def load(text: str) -> JourneyMap:
    checked = validate_document(load_text(text))
    if checked.map is None:
        raise SystemExit(f"benchmark map is not valid: {checked.problems[:3]}")
    return checked.map


def best(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pair(elements: int) -> tuple[str, JourneyMap, JourneyMap]:
    text = big_map_text(elements)
    old = load(text)
    new = JourneyMap.model_validate(edited(load_text(text).data))
    return text, old, new


def engine() -> list[str]:
    text, old, new = pair(5000)
    n_old = sum(1 for _ in old.elements())
    n_new = sum(1 for _ in new.elements())
    result = diff_maps(old, new)
    engine = best(lambda: diff_maps(old, new))
    same = best(lambda: diff_maps(old, old))
    loading = best(lambda: load(text), 3) * 2
    files = [FileDiff("old.yaml", "new.yaml", result)]
    formatting = {name: best(lambda name=name: render(name, files)) for name in ("text", "markdown", "json")}
    _, small_old, small_new = pair(500)
    n_small = sum(1 for _ in small_old.elements())
    small = best(lambda: diff_maps(small_old, small_new))
    pipeline = loading + engine + formatting["text"]
    return [
        f"diff engine, {n_old:,} vs {n_new:,} elements, {len(result.changes):,} changes: "
        f"{engine * 1000:.1f} ms (identical maps: {same * 1000:.1f} ms)",
        f"  = {engine / loading:.2f}x the time to load and validate the two files ({loading * 1000:.0f} ms)",
        "  formatting: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in formatting.items()),
        f"  load + validate + diff + text for both maps: {pipeline * 1000:.0f} ms "
        f"({'under' if pipeline < 1 else 'OVER'} the 1 s target)",
        f"  scaling {n_small:,} -> {n_old:,} elements: x{engine / small:.1f} time for "
        f"x{n_old / n_small:.1f} elements ({small / n_small * 1e6:.1f} vs "
        f"{engine / n_old * 1e6:.1f} µs per element)",
        f"  summary: {result.summary.line()}",
    ]


def _git(repo: str, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
           "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, env=env)


def make_repo(folder: str, maps: int, changed: int) -> str:
    """A git repository of ``maps`` maps under maps/, committed, then ``changed`` of them edited
    in the working tree, one moved to another folder and one new map added."""
    from gen_corpus import make_map  # type: ignore[import-not-found]

    repo = os.path.join(folder, "repo")
    os.makedirs(os.path.join(repo, "maps", "team"))
    for i in range(maps):
        text = make_map(i, 6, 6, random.Random(1_000_003 + i))
        with open(os.path.join(repo, "maps", f"map-{i:04d}.yaml"), "w", encoding="utf-8") as fh:
            fh.write(text)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "maps")
    step = max(1, maps // changed)
    for i in range(0, step * changed, step):
        path = os.path.join(repo, "maps", f"map-{i:04d}.yaml")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text.replace("title: ", "title: Edited · ", 1).replace("emotion: 2", "emotion: 4"))
    os.replace(os.path.join(repo, "maps", f"map-{maps - 1:04d}.yaml"),
               os.path.join(repo, "maps", "team", "moved.yaml"))
    new = make_map(maps, 6, 6, random.Random(7))
    with open(os.path.join(repo, "maps", "team", "new.yaml"), "w", encoding="utf-8") as fh:
        fh.write(new)
    return repo


def repository(maps: int = 1000, changed: int = 10, runs: int = 3) -> list[str]:
    """``diff --rev`` against ``validate`` over the same folder, as processes, interleaved."""
    folder = tempfile.mkdtemp(prefix="cjm-bench-diff-")
    try:
        repo = make_repo(folder, maps, changed)
        env = {**os.environ, "NO_COLOR": "1",
               "PYTHONPATH": os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")])}
        cjm = [sys.executable, "-m", "cjm"]
        commands = {
            "validate": [*cjm, "validate", "maps"],
            "diff": [*cjm, "diff", "--rev", "HEAD", "maps"],
            "diff markdown": [*cjm, "diff", "--rev", "HEAD", "maps", "-f", "markdown"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        out: dict[str, str] = {}
        for _ in range(runs):
            for name, cmd in commands.items():
                start = time.perf_counter()
                proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
                times[name].append(time.perf_counter() - start)
                if proc.returncode not in (0, 1):
                    raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr}")
                out[name] = proc.stdout
        validate, diff = min(times["validate"]), min(times["diff"])
        ratio = diff / validate
        last = out["diff"].strip().splitlines()[-1]
        return [
            f"diff --rev over {maps:,} maps ({changed} edited, 1 moved, 1 new): "
            f"{diff * 1000:.0f} ms; validate: {validate * 1000:.0f} ms",
            f"  = {ratio:.2f}x validate ({'under' if ratio < 2 else 'OVER'} the 2x target); "
            f"markdown {min(times['diff markdown']) * 1000:.0f} ms",
            f"  diff says: {last}",
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> list[str]:
    """Both benchmarks (what ``make bench`` runs)."""
    return engine() + repository()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="cjm diff benchmarks")
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only-repository", action="store_true")
    args = parser.parse_args()
    lines = [] if args.only_repository else engine()
    lines += repository(args.maps, runs=args.runs)
    print("\n".join(lines))
