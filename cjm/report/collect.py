"""Load the maps a report covers: valid maps in, invalid ones named with their first problem.

Runs in worker processes for large folders (through :func:`cjm.run.run_all`), so it returns only
the typed map and short problem texts, never the parsed document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..files import Target
from ..model import JourneyMap
from ..problems import Problem
from ..run import check_target, run_all


@dataclass
class Loaded:
    file: str
    map: JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def first_problem(self) -> str:
        if not self.problems:
            return "not a valid map"
        p = sorted(self.problems, key=Problem.sort_key)[0]
        return f"{p.line}:{p.col}: {p.code} {p.message}"


def load_task(target: Target) -> Loaded:
    checked, result = check_target(target)
    if result.skipped:
        return Loaded(result.file, skipped=True)
    if checked is None or not checked.ok:
        return Loaded(result.file, problems=result.problems or [])
    return Loaded(result.file, checked.map)


def load_all(
    targets: Sequence[Target],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Loaded]:
    return [r for r in run_all(targets, load_task, jobs, progress=progress) if not r.skipped]
