"""Load the maps a report covers: valid maps in, invalid ones named with their first problem.

Runs in worker processes for large folders (through :func:`cjm.run.run_all`), so each map's share
of the report is made where the map was read: its facts for the report of one map, its row (and
its JSON, already written) for a portfolio. Only those go back to the parent, a fraction of the
map's size, and the parent, which works alone once the workers are done, has little left to do.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from ..facts import release
from ..files import Target
from ..i18n.message import Message, say
from ..problems import Problem
from ..run import run_all
from ..workspace import Workspace
from .summary import MapFacts, MapRow, map_facts, map_row


@dataclass
class Loaded:
    file: str
    facts: MapFacts | None = None  # the report of one map
    row: MapRow | None = None  # a portfolio's row
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.facts is not None or self.row is not None

    @property
    def first_problem(self) -> Message:
        """``8:1: CJM001 YAML syntax error: ...``: English now, said in the report's language by
        the layout (:func:`cjm.i18n.message.localize`); the JSON report keeps the English."""
        if not self.problems:
            return say("not a valid map")
        p = sorted(self.problems, key=Problem.sort_key)[0]
        return say("%(line)s:%(col)s: %(code)s %(message)s", line=p.line, col=p.col, code=p.code,
                   message=p.message)


def load_task(workspace: Workspace, target: Target, today: _dt.date, portfolio: bool = False,
              with_json: bool = False) -> Loaded:
    """Validate one file and make its share of the report where it was read (a worker's, for
    big runs): its facts, or with ``portfolio`` its row, with its JSON line when ``with_json``."""
    checked, result = workspace.check(target)
    if result.skipped:
        return Loaded(result.file, skipped=True)
    if checked is None or not checked.ok or checked.map is None:
        return Loaded(result.file, problems=result.problems or [])
    journey = checked.map
    model = workspace.scoring_for(target.path)  # the command checked every configuration first
    try:
        if not portfolio:
            return Loaded(result.file, facts=map_facts(journey, result.file, today, model))
        line = None
        if with_json:
            from .json_format import map_line

            line = map_line(map_facts(journey, result.file, today, model))
        return Loaded(result.file, row=map_row(journey, result.file, today, model, line))
    finally:
        release(journey)  # freed now, not by the cyclic collector (see cjm.facts.release)


def load_all(
    targets: Sequence[Target],
    today: _dt.date,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    workspace: Workspace,
    portfolio: bool = False,
    with_json: bool = False,
) -> list[Loaded]:
    """Every target's facts (or rows, for a ``portfolio``), in target order; a folder's YAML
    files that are not maps left out."""
    task = partial(load_task, workspace, today=today, portfolio=portfolio, with_json=with_json)
    return [r for r in run_all(targets, task, jobs, progress=progress) if not r.skipped]
