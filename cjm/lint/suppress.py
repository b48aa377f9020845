"""Inline suppressions: ``# cjm: disable=CJM203 -- why`` and ``# cjm: disable-file=CJM203 -- why``.

Where a comment applies:
- at the end of a line, that line; on a line of its own, that line and the next (so it can sit
  above the item it is about);
- when that line is the first line of an element (its ``- id:`` line, or the line below a comment
  of its own), anywhere inside the element: a pain point's ``severity:`` three lines down is still
  the pain point, and users should not need to know which line each rule reports on. On a
  stage's first line it covers the stage itself (its fields), not its lanes: a stage holds most of
  a map, and silencing a whole stage's touchpoints by accident would hide too much;
- ``disable-file`` anywhere: the whole file.

Codes may be rule codes, prefixes (``CJM2``), rule names or ``all``, separated by commas. The
list ends at ``--`` (or ``#``); what follows is a free reason, kept with the code for review and
never read as codes, as with ruff's ``# noqa: X  # reason``. Without ``--``, the list also ends
at the first word after a space that is not a plain ``CJMnnn`` code, so
``disable=CJM202 evidence is in the risk register`` reads one code and a reason. A code that
means nothing is itself reported (CJM099), because a misspelt suppression silently suppresses
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..i18n.message import say
from ..model import LANES
from ..problems import Path, Problem, Severity

_COMMENT = re.compile(
    r"(?:^|[ \t])#[ \t]*cjm:[ \t]*(disable-file|disable)[ \t]*=[ \t]*([^#\r\n]*)", re.IGNORECASE
)
# Comma-separated selectors, then more plain codes separated by spaces, then the reason.
_LIST = re.compile(r"[^,\s]+(?:[ \t]*,[ \t]*[^,\s]+)*(?:[ \t]+CJM\d{3}(?![^,\s]))*", re.IGNORECASE)
_TOKEN = re.compile(r"[^,\s]+")

Locate = Callable[[Path], tuple[int, int]]


@dataclass
class Scope:
    """Codes silenced inside one element: paths under ``path`` (for a stage, not in its lanes)."""

    path: Path
    codes: set[str]
    stage: bool = False

    def covers(self, problem: Problem) -> bool:
        n = len(self.path)
        if problem.code not in self.codes or problem.path[:n] != self.path:
            return False
        return not (self.stage and len(problem.path) > n and problem.path[n] in LANES)


@dataclass
class Suppressions:
    """Which codes are silenced where in one file, and the problems with the comments themselves.

    ``reasons`` keeps the free text after ``--`` by line, for reviewers and future reports.
    """

    whole_file: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)

    def silences(self, problem: Problem) -> bool:
        code = problem.code
        if code in self.whole_file or code in self.lines.get(problem.line, ()):
            return True
        return bool(problem.path) and any(scope.covers(problem) for scope in self.scopes)

    def __bool__(self) -> bool:
        return bool(self.whole_file or self.lines or self.problems)

    def bind(self, data: Any, locate: Locate) -> None:
        """Turn comments on an element's first line into element scopes, using the file's data
        (a valid map or not) and its source map: the same lookup that places every problem."""
        if not self.lines or not isinstance(data, dict):
            return
        for path, stage in _elements(data):
            codes = self.lines.get(locate(path)[0])
            if codes:
                self.scopes.append(Scope(path, codes, stage))


def _elements(data: dict[str, Any]) -> list[tuple[Path, bool]]:
    """Model paths of every element that has its own first line, and whether it is a stage."""
    out: list[tuple[Path, bool]] = []
    for top in ("personas", "channels"):
        items = data.get(top)
        if isinstance(items, list):
            out.extend(((top, i), False) for i, item in enumerate(items) if isinstance(item, dict))
    stages = data.get("stages")
    if not isinstance(stages, list):
        return out
    for i, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        out.append((("stages", i), True))
        for lane in LANES:
            items = stage.get(lane)
            if isinstance(items, list):
                out.extend(((("stages", i, lane, j), False) for j, item in enumerate(items)
                            if isinstance(item, dict)))
    return out


def parse(text: str, file: str, data: Any = None, locate: Locate | None = None) -> Suppressions:
    """Every suppression comment in ``text``; cheap when there is none (the common case).

    With the file's ``data`` and ``locate`` (its source map), comments on an element's first line
    also cover the whole element.
    """
    out = Suppressions()
    if "cjm:" not in text or "disable" not in text.lower():
        return out
    from .registry import UNKNOWN_SUPPRESSION, SelectorError, all_codes, expand, rule_info

    universe = all_codes()
    for number, line in enumerate(text.splitlines(), start=1):
        if "cjm:" not in line:
            continue
        match = _COMMENT.search(line)
        if not match:
            continue
        kind = match.group(1).lower()
        listed, _, reason = match.group(2).partition("--")
        stripped = listed.lstrip()
        offset = match.start(2) + len(listed) - len(stripped)
        found = _LIST.match(stripped)
        selectors = found.group() if found else ""
        why = " ".join(x for x in (stripped[len(selectors):].strip(), reason.strip()) if x)
        if why:
            out.reasons[number] = why
        codes: set[str] = set()
        for token in _TOKEN.finditer(selectors):
            try:
                codes |= expand(token.group(), universe)
            except SelectorError as exc:
                out.problems.append(
                    Problem(
                        UNKNOWN_SUPPRESSION,
                        say("suppression comment: %(error)s", error=str(exc)),
                        file,
                        number,
                        offset + token.start() + 1,
                        severity=Severity.warning,
                        name=rule_info(UNKNOWN_SUPPRESSION).name,
                        hint=say("fix the code, or remove the comment"),
                    )
                )
        if not codes:
            continue
        if kind == "disable-file":
            out.whole_file |= codes
        else:
            out.lines.setdefault(number, set()).update(codes)
            if line[: match.start() + 1].strip() in ("", "#"):  # a comment on a line of its own
                out.lines.setdefault(number + 1, set()).update(codes)
    if locate is not None:
        out.bind(data, locate)
    return out
