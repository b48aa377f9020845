"""Load the maps a report covers: valid maps in, invalid ones named with their first problem.

Runs in worker processes for large folders (through :func:`cjm.run.run_all`), so it computes each
map's facts where the map was read and sends back only those (a fraction of the map's size).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..files import Target
from ..problems import Problem
from ..run import check_target, run_all
from .summary import MapFacts, map_facts


@dataclass
class Loaded:
    file: str
    facts: MapFacts | None = None
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def first_problem(self) -> str:
        if not self.problems:
            return "not a valid map"
        p = sorted(self.problems, key=Problem.sort_key)[0]
        return f"{p.line}:{p.col}: {p.code} {p.message}"


def load_task(target: Target, today: _dt.date) -> Loaded:
    """Validate one file and compute its facts where it was read (in a worker for big runs)."""
    checked, result = check_target(target)
    if result.skipped:
        return Loaded(result.file, skipped=True)
    if checked is None or not checked.ok or checked.map is None:
        return Loaded(result.file, problems=result.problems or [])
    facts = map_facts(checked.map, result.file, today)
    return Loaded(result.file, facts=facts)


def load_all(
    targets: Sequence[Target],
    today: _dt.date,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Loaded]:
    """Every target's facts, in target order; a folder's YAML files that are not maps left out."""
    task = partial(load_task, today=today)
    return [r for r in run_all(targets, task, jobs, progress=progress) if not r.skipped]
