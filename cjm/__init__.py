"""cjm: customer journey maps as code.

The Python API mirrors the CLI and returns cjm's own types; nothing in it prints:

- ``cjm.load(path)``: the typed :class:`cjm.model.JourneyMap`, or :class:`cjm.MapError`;
- ``cjm.check(path)``: a :class:`cjm.validate.Checked` (``.map``, ``.problems``), never raises;
- ``cjm.validate_paths(paths)``: ``cjm validate`` as a :class:`cjm.problems.Report`;
- ``cjm.lint(paths, select=..., ignore=..., fail_on=...)``: a :class:`cjm.lint.runner.LintResult`;
- ``cjm.diff(old, new)``: a :class:`cjm.diff.DiffResult`; paths or maps;
- ``cjm.render(map_or_path, format="html")``: ``str`` (``bytes`` for png and pdf).

``lint``, ``diff`` and ``render`` are cjm's packages of those names, made callable (see
:mod:`cjm.callable_package`). Everything is imported on first use so that ``import cjm`` (and the
CLI's start-up) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# name -> the module it comes from; None: the name is a package of cjm's, callable as a function
_LAZY: dict[str, str | None] = {
    "load": "api",
    "check": "api",
    "validate_paths": "api",
    "MapError": "api",
    "JourneyMap": "model",
    "Problem": "problems",
    "Report": "problems",
    "diff_maps": "diff",
    "lint": None,
    "diff": None,
    "render": None,
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        source = _LAZY[name]
        if source is None:
            return import_module(f"{__name__}.{name}")
        return getattr(import_module(f"{__name__}.{source}"), name)
    raise AttributeError(name)
