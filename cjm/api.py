"""What the CLI does, callable from Python: every function returns cjm's own types, none prints.

Plain functions with names of their own (``lint_paths``, ``compare``, ``render_map``): the
packages ``cjm.lint``, ``cjm.diff`` and ``cjm.render`` stay packages, so importing one of their
modules never changes what a name of the API is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .files import discover
from .loader import read_file
from .model import JourneyMap
from .problems import Problem, Report
from .run import run_all
from .validate import Checked
from .workspace import Workspace

if TYPE_CHECKING:
    from .diff import DiffResult
    from .lint.runner import LintResult
    from .render.options import Options


class MapError(Exception):
    """Raised by :func:`load` for a file that is not a valid map; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(f"{first.file}:{first.line}:{first.col}: {first.full_message}")


def api_workspace() -> Workspace:
    """What a call of the API opens when the caller passes no workspace: only repositories that
    say so (a ``.cjm.toml`` or ``[tool.cjm]`` above the file); a file without one stands alone."""
    return Workspace(configured_only=True)


def check(path: str | os.PathLike[str], workspace: Workspace | None = None) -> Checked:
    """Load and validate one file, against the libraries of the repository it belongs to (a
    ``.cjm.toml`` or ``[tool.cjm]`` above it; without one it stands alone); never raises for bad
    content. Pass one ``workspace`` to many calls to read each repository once."""
    return (workspace or api_workspace()).validate(read_file(path))


def load(path: str | os.PathLike[str], workspace: Workspace | None = None) -> JourneyMap:
    """The typed map in ``path``, or :class:`MapError` with every problem found."""
    checked = check(path, workspace)
    if checked.map is None or checked.problems:
        raise MapError(sorted(checked.problems, key=Problem.sort_key))
    return checked.map


def validate_paths(paths: Sequence[str], jobs: int | None = None,
                   workspace: Workspace | None = None) -> Report:
    """``cjm validate``: every map under ``paths``; raises ``files.PathNotFound``."""
    workspace = workspace or api_workspace()
    results = run_all(discover(paths), workspace.validate_task, jobs)
    # dict.fromkeys: a library file that cannot be read is said once, not once per map
    problems = sorted(dict.fromkeys(p for r in results for p in r.problems), key=Problem.sort_key)
    files = [r.file for r in results if not r.skipped]
    named = set(files)  # and a library file that could not be read, said on the maps
    files.extend(dict.fromkeys(p.file for p in problems if p.file not in named))
    return Report("validate", files, problems)


def lint_paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], **options: Any) -> LintResult:
    """``cjm lint``: what the rules find under ``paths``, the repository's configuration included
    (``select``, ``ignore``, ``fail_on``...: see :func:`cjm.lint.runner.lint`)."""
    from .lint.runner import lint

    return lint(paths, **options)


def compare(old: JourneyMap | str | os.PathLike[str], new: JourneyMap | str | os.PathLike[str],
            workspace: Workspace | None = None) -> DiffResult:
    """``cjm diff``: what changed from ``old`` to ``new``, each a map or a map file.

    Files are loaded as :func:`load` does, so an invalid one raises :class:`MapError` with its
    problems; two maps in, the comparison is pure.
    """
    from .diff import diff_maps
    from .diff.ranks import models
    from .scoring import DEFAULT

    workspace = workspace or api_workspace()

    def as_map(side: JourneyMap | str | os.PathLike[str]) -> JourneyMap:
        return load(side, workspace) if isinstance(side, (str, os.PathLike)) else side

    def scoring(side: JourneyMap | str | os.PathLike[str]) -> Any:
        # a file's repository scores it; a map given as an object has no repository
        return workspace.scoring_for(os.fspath(side)) if isinstance(side, (str, os.PathLike)) else DEFAULT

    return diff_maps(as_map(old), as_map(new), models(lambda: scoring(old), lambda: scoring(new)))


def render_map(journey: JourneyMap | str | os.PathLike[str], format: str = "html",
               options: Options | None = None, workspace: Workspace | None = None) -> str | bytes:
    """``cjm render``: the map (or map file) as an artifact of ``format``, a key of
    :data:`cjm.render.RENDERERS`: ``str`` for html, svg, dot, mermaid and md, ``bytes`` for png,
    pdf, board-pdf and board-png. An unknown format is a ``ValueError`` naming the ones there are.
    """
    from .render import RENDERERS, render

    if format not in RENDERERS:  # before loading: a wrong format is the caller's first mistake
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(RENDERERS)}")
    if isinstance(journey, (str, os.PathLike)):
        import dataclasses

        from .render.options import Options
        from .render.publish import repository_options

        workspace = workspace or api_workspace()
        source = os.fspath(journey)
        journey = load(source, workspace)
        options = dataclasses.replace(options or Options(), source=source,
                                      **repository_options(workspace, source))
    return render(journey, format, options)
