"""cjm: customer journey maps as code.

The Python API mirrors the CLI and returns cjm's own types; nothing in it prints:

- ``cjm.load(path)``: the typed :class:`cjm.model.JourneyMap`, or :class:`cjm.MapError`;
- ``cjm.check(path)``: a :class:`cjm.validate.Checked` (``.map``, ``.problems``), never raises;
- ``cjm.validate_paths(paths)``: ``cjm validate`` as a :class:`cjm.problems.Report`;
- ``cjm.lint_paths(paths, select=..., ignore=..., fail_on=...)``: a :class:`cjm.lint.runner.LintResult`;
- ``cjm.compare(old, new)``: a :class:`cjm.diff.DiffResult`; paths or maps;
- ``cjm.render_map(map_or_path, format="html")``: ``str`` (``bytes`` for png and pdf).

Each takes an optional ``workspace=cjm.Workspace()``: pass one to many calls and each repository's
libraries and configuration are read once for all of them (:mod:`cjm.workspace`); without one, a
call reads only the repository its path belongs to (a ``.cjm.toml`` or ``[tool.cjm]`` above it),
and a file with none stands alone.

They are plain functions of :mod:`cjm.api`; ``cjm.lint``, ``cjm.diff`` and ``cjm.render`` are
packages. Everything is imported on first use so that ``import cjm`` (and the CLI's start-up)
stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# name -> the module it comes from
_LAZY: dict[str, str] = {
    "load": "api",
    "check": "api",
    "validate_paths": "api",
    "MapError": "api",
    "JourneyMap": "model",
    "Problem": "problems",
    "Report": "problems",
    "lint_paths": "api",
    "compare": "api",
    "render_map": "api",
    "diff_maps": "diff",
    "Workspace": "workspace",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(name)
