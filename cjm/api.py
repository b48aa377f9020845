"""What the CLI does, callable from Python: every function returns cjm's own types, none prints."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .files import discover
from .loader import read_file
from .model import JourneyMap
from .problems import Problem, Report, first_unreadable
from .run import run_all, validate_task
from .validate import Checked, validate_document


class MapError(Exception):
    """Raised by :func:`load` for a file that is not a valid map; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(f"{first.file}:{first.line}:{first.col}: {first.full_message}")


def check(path: str | os.PathLike[str]) -> Checked:
    """Load and validate one file; never raises for bad content."""
    return validate_document(read_file(path))


def load(path: str | os.PathLike[str]) -> JourneyMap:
    """The typed map in ``path``, or :class:`MapError` with every problem found."""
    checked = check(path)
    if checked.map is None or checked.problems:
        raise MapError(sorted(checked.problems, key=Problem.sort_key))
    return checked.map


def validate_paths(paths: Sequence[str], jobs: int | None = None) -> Report:
    """``cjm validate``: every map under ``paths``; raises ``files.PathNotFound``."""
    results = run_all(discover(paths), validate_task, jobs)
    # dict.fromkeys: a library file that cannot be read is said once, not once per map
    problems = sorted(dict.fromkeys(p for r in results for p in r.problems), key=Problem.sort_key)
    files = [r.file for r in results if not r.skipped]
    named = set(files)  # and a library file that could not be read, said on the maps
    files.extend(dict.fromkeys(p.file for p in problems if p.file not in named))
    return Report("validate", files, problems)


def exit_code(report: Report, fail_on: int = 1, failed: bool | None = None) -> int:
    """0 clean, 1 problems at or above ``fail_on`` severity (or ``failed``, when the caller
    decided, as lint does per folder), 2 a file could not be read at all."""
    if first_unreadable(report.problems) is not None:
        return 2
    if failed is None:
        failed = any(p.severity >= fail_on for p in report.problems)
    return 1 if failed else 0
