"""Runs a per-file task over many files, on every core when there are enough files to pay for it.

Tasks run entirely in the worker (load, validate, lint) and send back only problems, because
shipping parsed documents between processes would cost more than parsing them again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .files import Target
from .problems import Path, Problem

T = TypeVar("T")
POOL_THRESHOLD = 24  # below this, starting processes costs more than it saves


@dataclass
class FileResult:
    """What one file contributed to a run: skipped when a folder held a YAML file that is no map.

    ``anchors`` gives lint problems' model paths as id paths (for baselines): the data that
    turns one into the other stays in the worker.
    """

    file: str
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False
    anchors: dict[Path, str] = field(default_factory=dict)


def run_all(
    targets: Sequence[Target],
    task: Callable[[Target], T],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """``task`` over every target, results in target order.

    ``progress(done, total)`` is called after each file when given: how the CLI draws a progress
    bar on long runs without the core knowing about terminals.
    """
    if any(t.path == "-" for t in targets):
        jobs = 1  # stdin is this process's
    return on_cores(targets, task, jobs, progress)


U = TypeVar("U")


def on_cores(
    items: Sequence[U],
    task: Callable[[U], T],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[T]:
    """``task`` over every item, results in item order: in worker processes when ``jobs`` (default:
    every core) and the number of items make a pool pay (:data:`POOL_THRESHOLD`), else here.

    ``task`` must be a module-level function and items and results picklable; send each worker
    what it needs to redo the work, not parsed documents (see the module doc)."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    total = len(items)
    if jobs <= 1 or total < POOL_THRESHOLD:
        return _collect((task(t) for t in items), total, progress)
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, total // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return _collect(pool.map(task, items, chunksize=chunk), total, progress)


def _collect(
    results: Iterable[T], total: int, progress: Callable[[int, int], None] | None
) -> list[T]:
    if progress is None:
        return list(results)
    out: list[T] = []
    for result in results:
        out.append(result)
        progress(len(out), total)
    return out
