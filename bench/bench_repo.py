"""A repository of 1,000 maps sharing one library: do cross-file checks keep validation linear?

The issue's targets: `cjm validate` over 1,000 maps that share one library stays within 1.1x the
time of the same maps with their personas defined locally; validating one file in that
repository reads the library files and what the map needs, not every map.

Both repositories are made from the 1,000-map corpus (bench/gen_corpus.py): "local" is the corpus
as generated (each map defines its two personas), "library" is the same maps with the
`personas:` block taken out and one library file defining them. Each has a `.cjm.toml` at its
root. Times are best-of-N of `cjm validate` run as a user runs it; the two folders alternate so
a busy machine slows both alike. The single-file case is timed against the same map validated
alone in an empty folder, with the library discovered by the scan (kept in cjm's cache between
runs, so later runs stat the files and read none that did not change) and with it listed in
`[tool.cjm] library`; and, in process, it is checked that the listed case reads no other map and
counted how many files the kept scan reads.

    python bench/bench_repo.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # type: ignore[import-not-found]  # noqa: E402

ROOT = HERE.parent
N_MAPS = 1000
REPEATS = 3


def _without_personas(text: str) -> tuple[str, str]:
    """The map without its ``personas:`` block, and that block."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, ln in enumerate(lines) if ln.startswith("personas:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith((" ", "-")))
    return "".join(lines[:start] + lines[end:]), "".join(lines[start:end])


def repositories() -> tuple[Path, Path]:
    """(local, library): the two repositories, made once in bench/.corpus."""
    corpus = gen_corpus.cached(N_MAPS)
    base = HERE / ".corpus" / f"repo-{N_MAPS}"
    local, shared = base / "local", base / "library"
    if not (base / ".done").exists():
        shutil.rmtree(base, ignore_errors=True)
        (local / "maps").mkdir(parents=True)
        (shared / "maps").mkdir(parents=True)
        (shared / "library").mkdir()
        block = ""
        for path in sorted(corpus.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            (local / "maps" / path.name).write_text(text, encoding="utf-8")
            stripped, personas = _without_personas(text)
            block = block or personas
            (shared / "maps" / path.name).write_text(stripped, encoding="utf-8")
        (shared / "library" / "personas.yaml").write_text(
            "cjm: 1\nlibrary: shoppers\ntitle: Shoppers\n" + block, encoding="utf-8")
        for repo in (local, shared):
            (repo / ".cjm.toml").write_text("", encoding="utf-8")
        (base / ".done").write_text("ok")
    return local, shared


def _cjm(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cjm", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"cjm {' '.join(args)} in {cwd} failed:\n{proc.stdout.decode()[-2000:]}")
    return elapsed


def _best_pair(a: tuple[tuple[str, ...], Path], b: tuple[tuple[str, ...], Path],
               repeats: int) -> tuple[float, float]:
    ta, tb = [], []
    for _ in range(repeats):
        ta.append(_cjm(*a[0], cwd=a[1]))
        tb.append(_cjm(*b[0], cwd=b[1]))
    return min(ta), min(tb)


def _reads_only_the_library(repo: Path, name: str) -> bool:
    """In process: validating one map of a repository with a listed library never scans it."""
    sys.path.insert(0, str(ROOT))
    from cjm.loader import read_file
    from cjm.validate import validate_document
    from cjm.workspace import Workspace

    here = os.getcwd()
    os.chdir(repo)
    try:
        path = os.path.join("maps", name)
        repo_obj = Workspace().repository(path)  # a new run's
        checked = validate_document(read_file(path), repo_obj)
        return checked.ok and "_catalogue" not in repo_obj.__dict__ and "_index" not in repo_obj.__dict__
    finally:
        os.chdir(here)


def _files_the_scan_reads(repo: Path, name: str) -> int:
    """In process, with the scan kept from earlier runs: how many files validating one map reads
    to find the library (the library file and the files changed since; 0 when none changed)."""
    sys.path.insert(0, str(ROOT))
    from cjm import repository
    from cjm.loader import read_file
    from cjm.workspace import Workspace

    read: list[str] = []
    real = repository._scan_file

    def counting(path: str) -> object:
        read.append(path)
        return real(path)

    here = os.getcwd()
    os.chdir(repo)
    repository._scan_file = counting  # type: ignore[assignment]
    try:
        for _ in range(2):  # the first run may (re)build the kept scan
            read.clear()
            Workspace().validate(read_file(os.path.join("maps", name)))  # a new run each time
        return len(read)
    finally:
        repository._scan_file = real  # type: ignore[assignment]
        os.chdir(here)


def main(repeats: int = REPEATS) -> list[str]:
    local, shared = repositories()
    t_local, t_shared = _best_pair((("validate", "."), local), (("validate", "."), shared), repeats)
    name = "map-0500.yaml" if (shared / "maps" / "map-0500.yaml").exists() else \
        sorted(p.name for p in (shared / "maps").glob("*.yaml"))[N_MAPS // 2]
    alone = HERE / ".corpus" / f"repo-{N_MAPS}" / "alone"
    alone.mkdir(exist_ok=True)
    shutil.copy(local / "maps" / name, alone / name)
    t_alone, t_in_repo = _best_pair((("validate", name), alone),
                                    (("validate", f"maps/{name}"), shared), repeats * 2)
    scanned = _files_the_scan_reads(shared, name)
    (shared / ".cjm.toml").write_text('library = ["library"]\n', encoding="utf-8")
    try:
        t_alone2, t_listed = _best_pair((("validate", name), alone),
                                        (("validate", f"maps/{name}"), shared), repeats * 2)
        only_library = _reads_only_the_library(shared, name)
    finally:
        (shared / ".cjm.toml").write_text("", encoding="utf-8")
    return [
        f"repository of {N_MAPS} maps: cjm validate with one shared library {t_shared:.2f}s, "
        f"with local personas {t_local:.2f}s = {t_shared / t_local:.2f}x (target <= 1.1x)",
        f"one map of that repository: {t_in_repo * 1000:.0f}ms with the library found by the scan, "
        f"{t_listed * 1000:.0f}ms with it listed in .cjm.toml, alone {min(t_alone, t_alone2) * 1000:.0f}ms "
        f"= {t_in_repo / min(t_alone, t_alone2):.2f}x / {t_listed / min(t_alone, t_alone2):.2f}x; "
        f"listed library: reads no other map: {'yes' if only_library else 'NO'}; found by the scan "
        f"kept from earlier runs: {scanned} of {N_MAPS + 1} files read",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
