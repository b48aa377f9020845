"""Hold an event log against one map (or a folder of maps and a log with a map column).

Two engines give the same numbers from the same tables (:class:`cjm.facts.conformance.Rules`):

- ``python``: streams the log. A case's events are kept until the case is over, then checked
  (:func:`cjm.facts.conformance.check_case`) and dropped. A log grouped by case (XES always,
  most exports) is checked case by case as it is read, so memory holds the open case; when a
  case comes back after another began, the log is not grouped, and the file is read again
  holding every case until the end (memory: every event, a few dozen bytes each).
- ``arrow`` (the optional extra ``journey-maps[conform]``: pyarrow and numpy): reads a CSV file
  into columns and checks every case at once (:mod:`cjm.conform.columnar`). Used by ``auto``
  for a CSV file and a single map when the extra is installed; anything it cannot read exactly
  as the python engine does (an unusual timestamp, a bad row) goes to the python engine, which
  then reports the error with its line.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import facts as F
from ..facts.conformance import Conformance, Rules, Tally, check_case, rules_of, summarize
from ..model import JourneyMap
from .mapping import read_mapping, resolver
from .readers import Columns, Event, LogError, kind_of, read

ENGINES = ("auto", "python", "arrow")


@dataclass
class Target:
    """One map ready to check cases against."""

    journey: JourneyMap
    rules: Rules
    activities: dict[str, int]  # activity -> touchpoint number (ad hoc when absent)


def target(journey: JourneyMap, mapping_file: str | None = None) -> Target:
    """The map's rules and its activity table (``mapping_file`` first, then ``events``, then
    ids); a mapping row naming a touchpoint the map lacks is a :class:`LogError`."""
    rules = rules_of(journey, F.of(journey).flow)
    mapping = read_mapping(mapping_file, rules) if mapping_file else None
    return Target(journey, rules, resolver(journey, rules, mapping))


class _NotGrouped(Exception):
    """A case came back after another case began: read again, holding every case."""


def _stream(events: Iterator[Event], targets: dict[str | None, Target], by_map: bool,
            keep_cases: bool, grouped: bool, path: str) -> dict[str | None, Tally]:
    tallies = {k: Tally(results=[] if keep_cases else None) for k in targets}
    open_cases: dict[tuple[str | None, str], list[tuple[int, int, int | str]]] = {}
    done: set[tuple[str | None, str]] = set()
    current: tuple[str | None, str] | None = None

    def flush(key: tuple[str | None, str]) -> None:
        steps = open_cases.pop(key)
        steps.sort(key=lambda s: (s[0], s[1]))  # by instant; ties keep file order
        t = targets[key[0]]
        tallies[key[0]].add(check_case(t.rules, key[1], [s[2] for s in steps]), t.rules)

    for seq, ev in enumerate(events):
        where = ev.map if by_map else None
        t = targets.get(where)
        if t is None:
            known = ", ".join(sorted(k for k in targets if k))
            raise LogError(path, ev.line, f"map {where!r} is not among the maps given ({known})"
                           if where else "an event without a map id in the map column")
        key = (where, ev.case)
        if grouped and key != current:
            if current is not None:
                flush(current)
                done.add(current)
            if key in done:
                raise _NotGrouped
            current = key
        step: int | str = t.activities.get(ev.activity, ev.activity)
        open_cases.setdefault(key, []).append((ev.instant, seq, step))
    for key in list(open_cases):
        flush(key)
    return tallies


def spooled(path: str) -> tuple[str, Callable[[], None]]:
    """A log on stdin copied to a temporary file (it may be read twice); a file as it is."""
    if path != "-":
        return path, lambda: None
    fd, name = tempfile.mkstemp(prefix="cjm-log-")
    with os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return name, lambda: os.unlink(name)


def check_python(path: str, targets: dict[str | None, Target], columns: Columns,
                 keep_cases: bool = False) -> dict[str | None, Tally]:
    by_map = columns.map is not None
    try:
        return _stream(read(path, columns), targets, by_map, keep_cases, True, path)
    except _NotGrouped:
        return _stream(read(path, columns), targets, by_map, keep_cases, False, path)


def arrow_available() -> bool:
    try:
        import numpy  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def check(path: str, targets: dict[str | None, Target], columns: Columns, keep_cases: bool = False,
          engine: str = "auto") -> dict[str | None, Conformance]:
    """Each map's :class:`Conformance` (key None for a single map)."""
    shown = path
    path, cleanup = spooled(path)
    try:
        tallies: dict[str | None, Tally] | None = None
        use_arrow = engine == "arrow" or engine == "auto" and kind_of(shown) == "csv" and \
            columns.map is None and arrow_available()
        if use_arrow:
            from .columnar import Unsupported, check_arrow

            try:
                tallies = {None: check_arrow(path, targets[None], columns, keep_cases)}
            except Unsupported:
                tallies = None
        if tallies is None:
            tallies = check_python(path, targets, columns, keep_cases)
    except LogError as exc:
        if path != shown:
            raise LogError("<stdin>", exc.line, exc.message) from None
        raise
    finally:
        cleanup()
    return {k: summarize(tally, targets[k].rules) for k, tally in tallies.items()}


def check_case_steps(t: Target, case: str, activities: list[str]) -> F.conformance.CaseResult:
    """One case from its activities in time order: the per-case check a DuckDB or Spark job
    applies to each group (docs/conform.md, "Logs past one machine")."""
    return check_case(t.rules, case, [t.activities.get(a, a) for a in activities])


@dataclass(frozen=True)
class LogSource:
    """An event log and how to read it: what ``cjm render --conform`` holds each map against."""

    path: str
    columns: Columns
    mapping: str | None = None
    engine: str = "auto"


def conformance_of(journeys: list[JourneyMap], log: LogSource) -> dict[str, Conformance]:
    """Each map's :class:`Conformance` against ``log``, by map id. With a map column
    (``log.columns.map``) the log is read once for all the maps; without, every map is held
    against the whole log. Raises :class:`LogError` (naming ``<stdin>`` for ``-``)."""
    path, cleanup = spooled(log.path)
    try:
        if log.columns.map is not None:
            targets: dict[str | None, Target] = {j.id: target(j, log.mapping) for j in journeys}
            found = check(path, targets, log.columns, engine=log.engine)
            return {k: c for k, c in found.items() if k is not None}
        return {j.id: check(path, {None: target(j, log.mapping)}, log.columns, engine=log.engine)[None]
                for j in journeys}
    except LogError as exc:
        if path != log.path:
            raise LogError("<stdin>", exc.line, exc.message) from None
        raise
    finally:
        cleanup()
