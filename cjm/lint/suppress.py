"""Inline suppressions: ``# cjm: disable=CJM203`` and ``# cjm: disable-file=CJM203``.

A ``disable`` comment at the end of a line silences those codes on that line; on a line of its
own it silences them on the next line too (so it can sit above the item it is about). A
``disable-file`` comment anywhere silences them in the whole file. Codes may be rule codes,
prefixes (``CJM2``), rule names or ``all``, separated by commas. A code that means nothing is
itself reported (CJM099), because a misspelt suppression silently suppresses nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..problems import Problem, Severity

_COMMENT = re.compile(
    r"(?:^|[ \t])#[ \t]*cjm:[ \t]*(disable-file|disable)[ \t]*=[ \t]*([^#\r\n]*)", re.IGNORECASE
)
_TOKEN = re.compile(r"[^,\s]+")


@dataclass
class Suppressions:
    """Which codes are silenced where in one file, and the problems with the comments themselves."""

    whole_file: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def silences(self, problem: Problem) -> bool:
        code = problem.code
        return code in self.whole_file or code in self.lines.get(problem.line, ())

    def __bool__(self) -> bool:
        return bool(self.whole_file or self.lines or self.problems)


def parse(text: str, file: str) -> Suppressions:
    """Every suppression comment in ``text``; cheap when there is none (the common case)."""
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
        codes: set[str] = set()
        for token in _TOKEN.finditer(match.group(2)):
            try:
                codes |= expand(token.group(), universe)
            except SelectorError as exc:
                out.problems.append(
                    Problem(
                        UNKNOWN_SUPPRESSION,
                        f"suppression comment: {exc}",
                        file,
                        number,
                        match.start(2) + token.start() + 1,
                        severity=Severity.warning,
                        name=rule_info(UNKNOWN_SUPPRESSION).name,
                        hint="fix the code, or remove the comment",
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
    return out
