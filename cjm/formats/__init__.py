"""How problems are reported: one module per format, registered in one explicit dict.

A format turns a :class:`Report` (the files checked and their problems) into text. Adding a format
is one new module with a ``render`` function, and one line in ``FORMATS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..problems import CODES, Problem, Severity


@dataclass
class RuleInfo:
    """What a report says about a code: SARIF's ``rules[]``, ``--statistics``, help links."""

    code: str
    name: str
    summary: str
    severity: Severity = Severity.error
    doc: str = ""


@dataclass
class Report:
    """The outcome of one ``cjm validate`` or ``cjm lint`` run."""

    command: str
    files: list[str]
    problems: list[Problem]
    rules: dict[str, RuleInfo] = field(default_factory=dict)

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for p in self.problems:
            out[p.severity] += 1
        return out

    def rule(self, code: str) -> RuleInfo:
        if code in self.rules:
            return self.rules[code]
        name, summary = CODES.get(code, (code.lower(), code))
        return RuleInfo(code, name, summary)


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
