"""What a rule yields: a place in the model and what is wrong there; the runner adds the line.

Rules never see YAML, so they say *where* with a model path (``("stages", 2, "pain_points", 0)``)
and the runner turns it into file:line:col with the document's SourceMap, the same lookup
validation uses. That keeps rules testable on a model built in Python.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import JourneyMap
from ..problems import Path, Severity

Options = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found: ``path`` in the map, a message, and how to fix it."""

    path: Path
    message: str
    hint: str | None = None


class Rule(Protocol):
    """A rule module: module-level constants and a ``check`` function (see cjm/lint/rules/)."""

    CODE: str
    NAME: str
    SEVERITY: Severity
    OPTIONS: dict[str, Any]
    __doc__: str | None

    def check(self, journey: JourneyMap, options: Options) -> Iterator[Finding]: ...
