"""Conformance: the planned journey (the map's Flow) held against what customers did (a log).

The one definition of every conformance number (docs/conform.md works them through on a 6-case
log). The deviation types are those of the CJML research line (Halvorsrud et al., SINTEF):

- **ad hoc**: an event whose activity maps to no touchpoint. It is left out of the path, so
  ``a, X, b`` is the move ``a → b``, and it counts against the case's fitness.
- **irregular sequence**: a move the flow does not allow. The path ``START, t1 … tm`` is checked
  move by move with :class:`cjm.facts.Flow` (``facts.of(map).flow``, read exactly as lint and the
  graph read it): START may go to the first stage's touchpoints, ``t → u`` is allowed when ``u``
  is in ``flow.edges[t]``. A move's *kind*: ``start`` (START → t1), ``repeat`` (t → t; allowed
  only when ``next`` lists the touchpoint itself), ``backward``, ``same_stage``, ``forward``.
- **missing**: a stage the case never visits that is unavoidable between the two ends of one of
  its disallowed moves: there is a flow path from ``a`` to ``b`` and every one passes through a
  touchpoint of that stage. A stage the flow lets customers skip is never missing, and stages
  after the last visited one are not missing (that is *failed*).
- **failed**: the case's last touchpoint cannot end the journey (it is neither in the last stage
  with touchpoints nor has ``next: []``), or the case has no touchpoint at all.
- **fitness** of a case: allowed moves / (moves + ad hoc events); moves are ``START → t1`` and
  each ``t(i) → t(i+1)``. A case is *conforming* when it has no deviation of any type.

Everything here is pure (no I/O). The rules are compiled once per map into :class:`Rules`:
tables indexed by touchpoint number, read by the pure-Python checker (:func:`check_case`) and
by the columnar one (``cjm.conform.columnar``) alike, so the two cannot disagree.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from ..model import JourneyMap
from .flow import Flow
from .numbers import Rate

START = -1  # the touchpoint number of START in a move


class MoveKind(StrEnum):
    """What a disallowed move does, judged by the stages of its ends."""

    start = "start"
    repeat = "repeat"
    backward = "backward"
    same_stage = "same_stage"
    forward = "forward"


@dataclass(frozen=True)
class Rules:
    """The map's flow as tables over touchpoint numbers (document order, ``flow.order``)."""

    touchpoints: tuple[str, ...]
    stage_ids: tuple[str, ...]  # every stage of the map, in order
    stage_of: tuple[int, ...]  # touchpoint number -> stage index
    successors: tuple[frozenset[int], ...]  # touchpoint number -> allowed next touchpoints
    starts: frozenset[int]
    ends: frozenset[int]  # touchpoints that may end the journey

    @cached_property
    def number(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.touchpoints)}

    def allowed(self, a: int, b: int) -> bool:
        return b in self.starts if a == START else b in self.successors[a]

    def kind(self, a: int, b: int) -> MoveKind:
        """The kind of the move ``a → b`` (meant for a disallowed one)."""
        if a == START:
            return MoveKind.start
        if a == b:
            return MoveKind.repeat
        sa, sb = self.stage_of[a], self.stage_of[b]
        return MoveKind.backward if sb < sa else MoveKind.same_stage if sb == sa else MoveKind.forward

    def _reaches(self, origins: Iterable[int], target: int, avoid: int | None) -> bool:
        """Whether a flow path goes from one of ``origins`` to ``target`` through no touchpoint
        of stage ``avoid`` (the origins themselves are the first step of the path)."""
        todo = [o for o in origins if avoid is None or self.stage_of[o] != avoid or o == target]
        seen = set(todo)
        while todo:
            node = todo.pop()
            if node == target:
                return True
            for nxt in self.successors[node]:
                if nxt not in seen and (avoid is None or self.stage_of[nxt] != avoid or nxt == target):
                    seen.add(nxt)
                    todo.append(nxt)
        return False

    @cached_property
    def _unavoidable_cache(self) -> dict[tuple[int, int], frozenset[int]]:
        return {}

    def unavoidable(self, a: int, b: int) -> frozenset[int]:
        """Stages every flow path from ``a`` (or START) to ``b`` passes through, the ends'
        own stages left out; empty when no path leads from ``a`` to ``b`` at all."""
        key = (a, b)
        found = self._unavoidable_cache.get(key)
        if found is not None:
            return found
        origins = sorted(self.starts) if a == START else sorted(self.successors[a])
        out: set[int] = set()
        if self._reaches(origins, b, None):
            ends = {self.stage_of[b]} | (set() if a == START else {self.stage_of[a]})
            candidates = {self.stage_of[t] for t in range(len(self.touchpoints))} - ends
            out = {s for s in candidates if not self._reaches(origins, b, s)}
        result = frozenset(out)
        self._unavoidable_cache[key] = result
        return result


def rules_of(journey: JourneyMap, flow: Flow) -> Rules:
    """Compile the map's flow (``facts.of(journey).flow``) into :class:`Rules`."""
    order = tuple(flow.order)
    number = {t: i for i, t in enumerate(order)}
    successors = tuple(frozenset(number[n] for n in flow.edges.get(t, ()) if n in number) for t in order)
    ends = frozenset(i for i, t in enumerate(order)
                     if flow.stage_of[t] == flow.last_stage or t in flow.explicit_empty)
    return Rules(order, tuple(s.id for s in journey.stages), tuple(flow.stage_of[t] for t in order),
                 successors, frozenset(number[t] for t in flow.starts), ends)


@dataclass(frozen=True)
class Move:
    """One disallowed move of a case: ``source`` is None for START."""

    source: str | None
    target: str
    kind: MoveKind


@dataclass(frozen=True)
class CaseResult:
    """One case held against the flow."""

    case: str
    events: int
    path: tuple[str, ...]  # touchpoint ids, in time order (ad hoc events left out)
    ad_hoc: tuple[str, ...]  # activities that map to no touchpoint, in time order
    moves: int
    allowed: int
    irregular: tuple[Move, ...]
    missing: tuple[str, ...]  # stage ids, in stage order
    failed: bool

    @property
    def fitness(self) -> float:
        return self.allowed / (self.moves + len(self.ad_hoc))

    @property
    def conforming(self) -> bool:
        return not (self.ad_hoc or self.irregular or self.missing or self.failed)

    @property
    def last(self) -> str | None:
        return self.path[-1] if self.path else None


def check_case(rules: Rules, case: str, steps: Sequence[int | str]) -> CaseResult:
    """Check one case: ``steps`` in time order, each a touchpoint number or, for an event that
    maps to no touchpoint, its activity (a ``str``)."""
    path: list[int] = []
    ad_hoc: list[str] = []
    for s in steps:
        if isinstance(s, str):
            ad_hoc.append(s)
        else:
            path.append(s)
    irregular: list[Move] = []
    missing: set[int] = set()
    allowed = 0
    prev = START
    for tp in path:
        if rules.allowed(prev, tp):
            allowed += 1
        else:
            irregular.append(Move(None if prev == START else rules.touchpoints[prev],
                                  rules.touchpoints[tp], rules.kind(prev, tp)))
            missing |= rules.unavoidable(prev, tp)
        prev = tp
    visited = {rules.stage_of[t] for t in path}
    failed = not path or path[-1] not in rules.ends
    return CaseResult(case, len(steps), tuple(rules.touchpoints[t] for t in path), tuple(ad_hoc),
                      len(path), allowed, tuple(irregular),
                      tuple(rules.stage_ids[s] for s in sorted(missing - visited)), failed)


@dataclass
class Transition:
    count: int = 0
    cases: int = 0


@dataclass
class Tally:
    """The numbers of a whole log, added up case by case; two tallies merge (:meth:`merge`),
    so a log split by case (DuckDB, Spark) adds up to the same numbers."""

    cases: int = 0
    events: int = 0
    conforming: int = 0
    failed: int = 0
    with_ad_hoc: int = 0
    with_irregular: int = 0
    with_missing: int = 0
    moves: int = 0
    allowed: int = 0
    ad_hoc_events: int = 0
    fitness_values: list[float] = field(default_factory=list)
    touchpoint_events: Counter[str] = field(default_factory=Counter)
    touchpoint_cases: Counter[str] = field(default_factory=Counter)
    stage_cases: Counter[str] = field(default_factory=Counter)  # cases that visit the stage
    stage_missing: Counter[str] = field(default_factory=Counter)
    transitions: dict[tuple[str | None, str], Transition] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)  # irregular moves by kind
    ad_hoc_activities: Counter[str] = field(default_factory=Counter)  # events
    ad_hoc_cases: Counter[str] = field(default_factory=Counter)  # cases with that activity
    stopped: Counter[str | None] = field(default_factory=Counter)  # failed cases by last touchpoint
    results: list[CaseResult] | None = None  # each case, when asked for (JSON)

    def add(self, r: CaseResult, rules: Rules) -> None:
        self.cases += 1
        self.events += r.events
        self.conforming += r.conforming
        self.failed += r.failed
        self.with_ad_hoc += bool(r.ad_hoc)
        self.with_irregular += bool(r.irregular)
        self.with_missing += bool(r.missing)
        self.moves += r.moves
        self.allowed += r.allowed
        self.ad_hoc_events += len(r.ad_hoc)
        self.fitness_values.append(r.fitness)
        self.touchpoint_events.update(r.path)
        self.touchpoint_cases.update(set(r.path))
        self.stage_cases.update({rules.stage_ids[rules.stage_of[rules.number[t]]] for t in r.path})
        self.stage_missing.update(r.missing)
        seen: set[tuple[str | None, str]] = set()
        prev: str | None = None
        for tp in r.path:
            key = (prev, tp)
            tr = self.transitions.setdefault(key, Transition())
            tr.count += 1
            if key not in seen:
                seen.add(key)
                tr.cases += 1
            prev = tp
        self.kinds.update(m.kind.value for m in r.irregular)
        self.ad_hoc_activities.update(r.ad_hoc)
        self.ad_hoc_cases.update(set(r.ad_hoc))
        if r.failed:
            self.stopped[r.last] += 1
        if self.results is not None:
            self.results.append(r)

    def merge(self, other: Tally) -> Tally:
        """This tally and ``other`` (cases apart) as one."""
        for name in ("cases", "events", "conforming", "failed", "with_ad_hoc", "with_irregular",
                     "with_missing", "moves", "allowed", "ad_hoc_events"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.fitness_values.extend(other.fitness_values)
        for name in ("touchpoint_events", "touchpoint_cases", "stage_cases", "stage_missing",
                     "kinds", "ad_hoc_activities", "ad_hoc_cases", "stopped"):
            getattr(self, name).update(getattr(other, name))
        for key, tr in other.transitions.items():
            mine = self.transitions.setdefault(key, Transition())
            mine.count += tr.count
            mine.cases += tr.cases
        if self.results is not None and other.results is not None:
            self.results.extend(other.results)
        return self


@dataclass(frozen=True)
class TransitionFact:
    source: str | None  # None: START
    target: str
    count: int
    cases: int
    allowed: bool
    kind: MoveKind | None  # of a disallowed move


@dataclass(frozen=True)
class StageFact:
    id: str
    visited: Rate  # cases that visit it, of all cases
    missing: Rate  # cases missing it, of all cases


@dataclass(frozen=True)
class TouchpointFact:
    id: str
    stage_id: str
    events: int
    cases: Rate  # cases that visit it, of all cases


@dataclass(frozen=True)
class Conformance:
    """A log held against a map: the numbers every output shows (text, JSON, Markdown, board,
    graph). Shares are :class:`Rate` s of the cases; with no case their fraction is None (not
    applicable), never 0% or 100%."""

    cases: int
    events: int
    conforming: Rate
    failed: Rate
    with_ad_hoc: Rate
    with_irregular: Rate
    with_missing: Rate
    moves: int
    allowed_moves: int
    ad_hoc_events: int
    fitness: float | None  # the mean of the cases' fitness; None without cases
    log_fitness: float | None  # all allowed moves / (all moves + all ad hoc events)
    touchpoints: tuple[TouchpointFact, ...]
    stages: tuple[StageFact, ...]
    transitions: tuple[TransitionFact, ...]  # most frequent first
    kinds: tuple[tuple[MoveKind, int], ...]  # irregular moves by kind, in MoveKind order
    ad_hoc: tuple[tuple[str, int, int], ...]  # (activity, events, cases), most frequent first
    stopped: tuple[tuple[str | None, int], ...]  # failed cases by last touchpoint (None: none)
    results: tuple[CaseResult, ...] | None

    @property
    def unplanned(self) -> tuple[TransitionFact, ...]:
        return tuple(t for t in self.transitions if not t.allowed)

    def touchpoint(self, tp_id: str) -> TouchpointFact | None:
        return next((t for t in self.touchpoints if t.id == tp_id), None)

    def stage(self, stage_id: str) -> StageFact | None:
        return next((s for s in self.stages if s.id == stage_id), None)


def summarize(tally: Tally, rules: Rules) -> Conformance:
    """The :class:`Conformance` of a tally: shares, orders and the mean fitness.

    The mean is :func:`math.fsum` of the cases' fitness, which does not depend on the order the
    cases were added in (a shuffled log, a log checked in parts)."""
    n = tally.cases
    base = n

    def share(count: int) -> Rate:
        return Rate(count, base)

    order = {t: i for i, t in enumerate(rules.touchpoints)}
    tps = tuple(TouchpointFact(t, rules.stage_ids[rules.stage_of[i]], tally.touchpoint_events[t],
                               share(tally.touchpoint_cases[t])) for i, t in enumerate(rules.touchpoints))
    stages = tuple(StageFact(s, share(tally.stage_cases[s]), share(tally.stage_missing[s]))
                   for s in rules.stage_ids)
    transitions = []
    for (a, b), tr in tally.transitions.items():
        na = START if a is None else rules.number[a]
        nb = rules.number[b]
        ok = rules.allowed(na, nb)
        transitions.append(TransitionFact(a, b, tr.count, tr.cases, ok, None if ok else rules.kind(na, nb)))
    transitions.sort(key=lambda t: (-t.count, -1 if t.source is None else order[t.source], order[t.target]))
    kinds = tuple((k, tally.kinds[k.value]) for k in MoveKind if tally.kinds[k.value])
    ad_hoc = tuple(sorted(((a, c, tally.ad_hoc_cases[a]) for a, c in tally.ad_hoc_activities.items()),
                          key=lambda x: (-x[1], x[0])))
    stopped = tuple(sorted(tally.stopped.items(),
                           key=lambda x: (-x[1], len(order) if x[0] is None else order[x[0]])))
    total = tally.moves + tally.ad_hoc_events
    return Conformance(
        n, tally.events, share(tally.conforming), share(tally.failed), share(tally.with_ad_hoc),
        share(tally.with_irregular), share(tally.with_missing), tally.moves, tally.allowed,
        tally.ad_hoc_events,
        math.fsum(tally.fitness_values) / n if n else None,
        tally.allowed / total if total else None,
        tps, stages, tuple(transitions), kinds, ad_hoc, stopped,
        tuple(tally.results) if tally.results is not None else None,
    )
