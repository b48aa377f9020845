"""`make bench`: how fast cjm is, as ratios against baselines measured in the same run.

Absolute times depend on the machine; a ratio against a baseline measured seconds apart on the same
machine does not (much). Targets: `cjm validate` over 1,000 maps no slower than a bare LibYAML
`yaml.load` of the same files, and `cjm validate one-map.yaml` within 1.3x the time of importing
the stack itself (`import yaml, typer; from pydantic import BaseModel`). Feature benchmarks (lint, diff, render) live in bench/bench_*.py.

    python bench/run.py [--maps 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

FEATURE_BENCHES = ["bench_lint", "bench_diff", "bench_render", "bench_report", "bench_repo",
                   "bench_serve", "bench_import", "bench_conform", "bench_scoring"]


def corpus(maps: int, stages: int = 6, touchpoints: int = 6) -> Path:
    """The generated corpus, made once per shape and kept in bench/.corpus (gitignored)."""
    out = HERE / ".corpus" / f"maps-{maps}-{stages}x{touchpoints}"
    if not (out / ".done").exists():
        gen_corpus.main([str(out), "--maps", str(maps), "--stages", str(stages),
                         "--touchpoints", str(touchpoints), "--seed", "1"])
        (out / ".done").write_text("ok")
    return out


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(cmd: list[str], ok: tuple[int, ...] = (0, 1)) -> None:
    proc = subprocess.run(cmd, capture_output=True)
    if proc.returncode not in ok:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{proc.stderr.decode()[-2000:]}")


def cjm_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cjm", *args]


def bench_validate(folder: Path, repeat: int) -> list[str]:
    files = sorted(folder.glob("*.yaml"))
    lines = sum(p.read_bytes().count(b"\n") for p in files) / len(files)

    def bare_load() -> None:
        for path in files:
            with open(path, "rb") as fh:
                yaml.load(fh, Loader=yaml.CSafeLoader)

    t_yaml = best(bare_load, repeat)
    t_one = best(lambda: run(cjm_cmd("validate", "--jobs", "1", str(folder))), repeat)
    t_all = best(lambda: run(cjm_cmd("validate", str(folder))), repeat)
    cores = os.cpu_count() or 1
    return [
        f"corpus: {len(files)} maps, {lines:.0f} lines each on average",
        f"bare yaml.load (LibYAML, 1 process): {t_yaml:.2f}s",
        f"cjm validate --jobs 1: {t_one:.2f}s = {t_one / t_yaml:.2f}x bare yaml.load "
        f"(positions, duplicate keys, pydantic and references included; start-up included)",
        f"cjm validate ({cores} cores): {t_all:.2f}s = {t_all / t_yaml:.2f}x bare yaml.load "
        f"(target <= 1.0x)",
    ]


def bench_startup(one_map: Path, repeat: int) -> list[str]:
    """Start-up against the stack itself: what importing yaml, Typer and pydantic costs.

    The runs are interleaved (stack, cjm, stack, cjm...) so a busy machine slows both alike and
    the ratio stays meaningful; the best of each is kept.
    """
    import compileall

    # an installed cjm has its byte code (pip compiles at install); a checkout run under
    # PYTHONDONTWRITEBYTECODE would compile every cjm module on every run, while the stack's
    # modules come from byte code: compare like with like
    compileall.compile_dir(str(ROOT / "cjm"), quiet=1)
    n = max(repeat * 5, 15)
    stack = "import yaml, typer; from pydantic import BaseModel"
    commands = {
        "stack": [sys.executable, "-c", stack],
        "yaml": [sys.executable, "-c", "import yaml"],
        "floor": [sys.executable, str(HERE / "startup_floor.py"), "validate", str(one_map)],
        "validate": cjm_cmd("validate", str(one_map)),
        "help": cjm_cmd("--help"),
    }
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(n):
        for key, cmd in commands.items():
            start = time.perf_counter()
            run(cmd)
            times[key].append(time.perf_counter() - start)
    t = {k: min(v) for k, v in times.items()}
    return [
        f"start-up: import yaml, typer; from pydantic import BaseModel {t['stack'] * 1000:.0f}ms; "
        f"cjm validate one-map.yaml {t['validate'] * 1000:.0f}ms = {t['validate'] / t['stack']:.2f}x "
        f"the stack (target <= 1.3x); the stack's floor, a minimal Typer + pydantic program "
        f"validating the same file (bench/startup_floor.py) {t['floor'] * 1000:.0f}ms = "
        f"{t['floor'] / t['stack']:.2f}x, so cjm = {t['validate'] / t['floor']:.2f}x the floor; "
        f"cjm --help {t['help'] * 1000:.0f}ms = "
        f"{t['help'] / t['stack']:.2f}x; python -c 'import yaml' {t['yaml'] * 1000:.0f}ms",
    ]


def feature_benches() -> list[str]:
    out = []
    for name in FEATURE_BENCHES:
        path = HERE / f"{name}.py"
        if not path.exists():
            continue
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out.extend(module.main())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cjm benchmarks")
    parser.add_argument("--maps", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["validate", "startup", "features"], default=None)
    args = parser.parse_args(argv)
    folder = corpus(args.maps)
    sections: list[tuple[str, Callable[[], list[str]]]] = [
        ("validate", lambda: bench_validate(folder, args.repeat)),
        ("startup", lambda: bench_startup(folder / "map-0000.yaml", args.repeat)),
        ("features", feature_benches),
    ]
    for name, fn in sections:
        if args.only and name != args.only:
            continue
        for line in fn():
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
