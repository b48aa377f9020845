"""How problems are reported: one module per format, registered in one explicit dict.

A format turns a :class:`cjm.problems.Report` (the files checked and their problems) into text. Adding a format
is one new module with a ``render`` function, and one line in ``FORMATS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Protocol

from ..problems import Report


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False) -> str: ...


def _load() -> dict[str, Callable[[], Renderer]]:
    # Imported on use, so `cjm validate` does not pay for XML or SARIF it does not print.
    def text() -> Renderer:
        from . import text as mod

        return mod.render

    def json() -> Renderer:
        from . import json as mod

        return mod.render

    def github() -> Renderer:
        from . import github as mod

        return mod.render

    def sarif() -> Renderer:
        from . import sarif as mod

        return mod.render

    def junit() -> Renderer:
        from . import junit as mod

        return mod.render

    return {"text": text, "json": json, "github": github, "sarif": sarif, "junit": junit}


FORMATS: dict[str, Callable[[], Renderer]] = _load()


def default_format(env: Mapping[str, str] | None = None) -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), else ``text``."""
    env = os.environ if env is None else env
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def render(name: str, report: Report, *, color: bool = False) -> str:
    return FORMATS[name]()(report, color=color)
