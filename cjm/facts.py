"""Journey facts: the only place numbers and judgements about a journey are computed.

Why one module: when the board, the report and the diff each computed a funnel for themselves,
one funnel showed three different drop-offs. Every output (board, site index, Markdown, Mermaid,
Graphviz, report, diff, lint, CSV) asks :func:`of` for a map's :class:`JourneyFacts` and only
formats what it is given; templates never divide. The definitions, also in docs/format.md:

- **funnel**: one per period (ordered by :mod:`cjm.periods`); its steps are the desired actions
  in journey order, each with the completed action that ``fulfils`` it in that period (the
  largest ``count`` when several do), then completed actions that fulfil nothing, in their stage.
  *Conversion* is ``count`` of ``of``; *drop-off* is what was lost since the previous step with
  data **of the same period**, of that step's ``count``; *overall* is the last step's ``count``
  of the first step's base (its ``of``, else its ``count``).
- **stage emotion**: the stage's own ``emotion``, else the mean of its touchpoints' emotions,
  rounded half up to one decimal; its *level* (colour, word) is that value rounded half up.
- **open pain point**: no opportunity with status ``done`` addresses it; otherwise resolved.
- **confidence** of a pain point or opportunity: its ``confidence`` when the map states one;
  otherwise ``assumption`` when it has no evidence at all or only items of kind ``assumption``,
  and ``reasoned`` when it has free-text evidence or any other item (cjm never infers
  ``validated``: that is a team's judgement). *Assumption-only* means that confidence is
  ``assumption``: the board shades it, the report counts it, lint CJM601 reports it when severe.
- **evidence date**: the newest ``date`` among its evidence items (None without dated items).
- **severe pain on assumptions**: of the open critical and high pain points, weighted critical 2
  and high 1, the share that is assumption-only (the portfolio ranks maps by it).
- **severity order**: :data:`cjm.model.SEVERITY_ORDER`, unrated last.
- **flow**: a touchpoint with ``next`` leads to those touchpoints; one without ``next`` may lead
  to any touchpoint of the next stage that has touchpoints (stacked touchpoints are alternatives
  or parallel channels, not a chain). The journey starts at the first stage with touchpoints.
- **metric status**: ``met``/``missed`` from actual against target in the metric's direction,
  ``unknown`` without both.
- **period**: a period is the days it covers, whatever its case (``2027-q1`` is ``2027-Q1``):
  funnels and histories group by :func:`cjm.periods.canonical` and show that spelling.
- **metric history**: points ordered by period (:mod:`cjm.periods`; a repeated period keeps its
  first value); ``actual`` is the map's ``actual``, else the latest point's value; the *change*
  is the latest value minus the previous one; *missed in a row* counts the latest points that
  missed the target, back from the latest.
- **trends use dated periods only**: the latest and previous points, the change and the misses
  in a row are taken from the points whose period cjm can place in time (the *trend*). A point
  with free text for a period (``осень 2026``, ``forecast``) is kept in the history and shown,
  but it is never the latest value, never "the previous period" of a change, and never part of
  a run of misses: nobody can say whether it came before or after ``2026-Q3`` (lint CJM305 asks
  for a period cjm can order). A metric whose history has no dated point has no derived actual.
- **step trend**: a funnel step's conversion in each dated period; its *change* is the latest
  minus the previous one, in percentage points.

Facts are plain data (ids, names, numbers), so a worker process can send them back instead of
the map, and they are computed once per map: :func:`of` keeps them on the map object.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import cached_property

from . import periods
from .model import (
    SEVERITY_ORDER,
    CompletedAction,
    Confidence,
    Direction,
    EvidenceItem,
    EvidenceKind,
    JourneyMap,
    Metric,
    Opportunity,
    PainPoint,
    Severity,
    Stage,
    Status,
    Touchpoint,
)

NO_CHANNEL = "(none)"


def half_up(value: Fraction | float, places: int = 0) -> float:
    """Round half away from zero (2.25 → 2.3, 2.5 → 3): the rounding people do by hand.

    Python's ``round`` rounds half to even on binary floats (``round(2.25, 1) == 2.2``), which
    made the report and the diff disagree on the same stage. Any magnitude is rounded: a share of
    a target of 10^-30 is a number of 33 digits, more than decimal's default 28, so the precision
    grows with the number (it used to raise ``decimal.InvalidOperation``); an infinite or NaN
    float has nothing to round and is returned as it is.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return value
    with localcontext() as context:
        context.prec = 40
        exact = Decimal(value.numerator) / Decimal(value.denominator) \
            if isinstance(value, Fraction) else Decimal(repr(value))
        context.prec = max(40, exact.adjusted() + places + 2)
        return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------
# funnels


@dataclass(frozen=True)
class Rate:
    """``count`` of ``base``: a share that cannot be shown without what it is a share of."""

    count: int
    base: int | None

    @property
    def fraction(self) -> float | None:
        return self.count / self.base if self.base else None


@dataclass(frozen=True)
class FunnelStep:
    """One step of one period's funnel.

    ``drop_off.count`` is negative when the step counts more customers than the previous one
    (the funnel grows: lint CJM301 reports it).
    """

    stage_id: str
    stage: str
    action_id: str  # the desired action, or the completed action when it fulfils none
    action: str
    desired: bool  # False for a completed action that fulfils no desired action
    record_id: str | None = None  # the completed action measured for this period
    completed: Rate | None = None  # None: no completed action for this period
    drop_off: Rate | None = None  # lost since the previous step with data, of its count
    base_mismatch: bool = False  # ``of`` is given and is not the previous step's count

    @property
    def measured(self) -> bool:
        return self.completed is not None

    @property
    def growth(self) -> int | None:
        """How many more customers than the previous step, when the funnel grows here."""
        if self.drop_off is None or self.drop_off.count >= 0:
            return None
        return -self.drop_off.count


@dataclass(frozen=True)
class Funnel:
    period: str | None
    steps: tuple[FunnelStep, ...]
    dated: bool = False  # the period is one cjm can place in time

    @property
    def measured(self) -> list[FunnelStep]:
        return [s for s in self.steps if s.completed is not None]

    @property
    def overall(self) -> Rate | None:
        """The last measured step's count of the first one's base (its ``of``, else its count)."""
        measured = self.measured
        if not measured:
            return None
        first, last = measured[0].completed, measured[-1].completed
        assert first is not None and last is not None
        return Rate(last.count, first.base if first.base is not None else first.count)

    def step(self, action_id: str) -> FunnelStep | None:
        return next((s for s in self.steps if s.action_id == action_id), None)


def counted_instead(count: float, kept: float) -> bool:
    """Of two completed actions recording one step in one period (lint CJM315), whether the one
    with ``count`` is the one counted rather than ``kept``: the larger count, the first written
    on a tie. Every output reads the step through :func:`_funnels`; ``cjm data import``, which
    works on the YAML before any model exists, asks this to update the same record."""
    return count > kept


def _funnels(journey: JourneyMap) -> list[Funnel]:
    desired: list[tuple[Stage, str, str]] = []  # (stage, id, name)
    by_action: dict[tuple[str, str | None], CompletedAction] = {}
    loose: list[tuple[Stage, str | None, CompletedAction]] = []  # (stage, canonical period, record)
    seen: list[str | None] = []
    for stage in journey.stages:
        for action in stage.desired_actions:
            desired.append((stage, action.id, action.name))
    desired_ids = {d[1] for d in desired}
    for stage in journey.stages:
        for done in stage.completed_actions:
            period = periods.canonical(done.period) if done.period is not None else None
            if period not in seen:
                seen.append(period)
            if done.fulfils is not None and done.fulfils in desired_ids:
                key = (done.fulfils, period)
                best = by_action.get(key)
                if best is None or counted_instead(done.count, best.count):
                    by_action[key] = done
            else:
                loose.append((stage, period, done))
    stage_index = {s.id: i for i, s in enumerate(journey.stages)}
    out: list[Funnel] = []
    for period in periods.order(seen):
        rows: list[tuple[int, int, Stage, str, str, bool, CompletedAction | None]] = []
        for order, (stage, aid, aname) in enumerate(desired):
            rows.append((stage_index[stage.id], order, stage, aid, aname, True,
                         by_action.get((aid, period))))
        for order, (stage, extra_period, extra) in enumerate(loose):
            if extra_period == period:
                rows.append((stage_index[stage.id], len(desired) + order, stage, extra.id, extra.id,
                             False, extra))
        rows.sort(key=lambda r: (r[0], r[1]))
        steps: list[FunnelStep] = []
        previous: int | None = None
        for _si, _o, stage, aid, aname, is_desired, record in rows:
            if record is None:
                steps.append(FunnelStep(stage.id, stage.name, aid, aname, is_desired))
                continue
            drop = Rate(previous - record.count, previous) if previous is not None else None
            mismatch = previous is not None and record.of is not None and record.of != previous
            steps.append(FunnelStep(stage.id, stage.name, aid, aname, is_desired, record.id,
                                    Rate(record.count, record.of), drop, mismatch))
            previous = record.count
        dated = period is not None and periods.parse(period) is not None
        out.append(Funnel(period, tuple(steps), dated))
    return out


@dataclass(frozen=True)
class StepTrend:
    """One funnel step's conversion across the periods it is measured in, oldest first: the
    board's trend line, the report's trend column, the diff's "moved" and lint CJM314 read it."""

    stage_id: str
    stage: str
    action_id: str
    action: str
    points: tuple[tuple[str, Rate], ...]  # (period, conversion), dated periods with a base only

    @property
    def change(self) -> float | None:
        """Latest conversion minus the previous period's, in percentage points (one decimal)."""
        if len(self.points) < 2:
            return None
        (_p1, before), (_p2, after) = self.points[-2], self.points[-1]
        assert before.fraction is not None and after.fraction is not None
        return half_up(Fraction(after.count, after.base or 1) * 100
                       - Fraction(before.count, before.base or 1) * 100, 1)


def _step_trends(funnels: list[Funnel]) -> dict[str, StepTrend]:
    found: dict[str, tuple[FunnelStep, list[tuple[str, Rate]]]] = {}
    for funnel in funnels:
        if not funnel.dated or funnel.period is None:
            continue
        for step in funnel.steps:
            if step.completed is not None and step.completed.fraction is not None:
                entry = found.setdefault(step.action_id, (step, []))
                entry[1].append((funnel.period, step.completed))
    return {aid: StepTrend(step.stage_id, step.stage, aid, step.action, tuple(points))
            for aid, (step, points) in found.items()}


# ---------------------------------------------------------------------------------------------
# emotion


@dataclass(frozen=True)
class EmotionPoint:
    """A stage's point on the emotion curve."""

    stage_id: str
    stage: str
    value: float | None  # 1..5, one decimal; None when neither the stage nor a touchpoint is rated
    from_touchpoints: bool = False  # the stage has no emotion of its own: the touchpoints' mean
    touchpoint_mean: float | None = None  # mean of the rated touchpoints, one decimal

    @property
    def level(self) -> int | None:
        """1..5: the value rounded half up; what colours and words ("negative") follow."""
        return int(half_up(self.value)) if self.value is not None else None


@dataclass(frozen=True)
class Low:
    """The lowest point of the curve: a stage, and its lowest touchpoint when there is one."""

    stage_id: str
    stage: str
    value: float
    touchpoint_id: str | None = None
    touchpoint: str | None = None
    touchpoint_value: int | None = None


def _emotion(stage: Stage) -> EmotionPoint:
    rated = [tp.emotion for tp in stage.touchpoints if tp.emotion is not None]
    mean = half_up(Fraction(sum(rated), len(rated)), 1) if rated else None
    if stage.emotion is not None:
        return EmotionPoint(stage.id, stage.name, float(stage.emotion), False, mean)
    return EmotionPoint(stage.id, stage.name, mean, mean is not None, mean)


# ---------------------------------------------------------------------------------------------
# pain points, metrics, moments, channels


@dataclass(frozen=True)
class EvidenceFact:
    """One evidence item as outputs show it (plain data, so facts stay picklable)."""

    kind: EvidenceKind
    source: str | None = None
    date: _dt.date | None = None
    sample: int | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Backing:
    """How a pain point or opportunity is backed: its evidence and the confidence it earns."""

    text: str | None  # free-text evidence (None when the evidence is a list, or absent)
    items: tuple[EvidenceFact, ...]
    confidence: Confidence  # stated, else derived (see the module docstring)
    stated: bool  # the map says ``confidence:`` itself

    @property
    def assumption_only(self) -> bool:
        """Nothing but assumptions behind it: the one test board, report and lint share."""
        return self.confidence is Confidence.assumption

    @property
    def latest(self) -> _dt.date | None:
        """The newest dated evidence item: how fresh the evidence is."""
        dates = [item.date for item in self.items if item.date is not None]
        return max(dates) if dates else None

    def age_days(self, today: _dt.date) -> int | None:
        latest = self.latest
        return (today - latest).days if latest is not None else None


def backing(evidence: str | list[EvidenceItem] | None, confidence: Confidence | None) -> Backing:
    """The one definition of a claim's confidence (docs/format.md, "Evidence and confidence")."""
    text = evidence if isinstance(evidence, str) and evidence.strip() else None
    items = tuple(EvidenceFact(i.kind, i.source, i.date, i.sample, i.quote)
                  for i in (evidence if isinstance(evidence, list) else ()))
    if confidence is not None:
        return Backing(text, items, confidence, True)
    if text is not None or any(i.kind is not EvidenceKind.assumption for i in items):
        return Backing(text, items, Confidence.reasoned, False)
    return Backing(text, items, Confidence.assumption, False)


SEVERE_WEIGHTS: dict[Severity, int] = {Severity.critical: 2, Severity.high: 1}
"""How much an open severe pain point weighs in "severe pain on assumptions"."""


@dataclass(frozen=True)
class PainFact:
    id: str
    name: str
    severity: Severity | None
    stage_id: str
    stage: str
    touchpoint_ids: tuple[str, ...]  # those that exist, in the pain point's order
    touchpoints: tuple[str, ...]  # their names
    channels: tuple[str, ...]  # channel ids of those touchpoints (NO_CHANNEL for none)
    opportunities: tuple[tuple[str, str, Status | None], ...]  # (id, name, status) addressing it
    evidence: str | None  # free-text evidence; structured items are in ``backing``
    backing: Backing

    @property
    def confidence(self) -> Confidence:
        return self.backing.confidence

    @property
    def assumption_only(self) -> bool:
        return self.backing.assumption_only

    @property
    def open(self) -> bool:
        return not any(status is Status.done for _, _, status in self.opportunities)

    @property
    def severity_rank(self) -> int:
        return severity_rank(self.severity)


def _difference(after: float, before: float) -> float:
    """``after - before`` as the decimals were written: 41.3 - 38.1 is 3.2, not 3.1999...

    Each value is taken as its shortest decimal (``repr``) and the difference is exact to the
    float nearest it, for any two numbers a map may hold (quantizing to nine decimals, as this
    once did, raised ``decimal.InvalidOperation`` past 10^19).
    """
    with localcontext() as context:
        context.prec = 60  # far more digits than a float holds: its nearest float comes out
        return float(Decimal(repr(after)) - Decimal(repr(before)))


def by_confidence(pains: Iterable[PainFact]) -> list[tuple[Confidence, int]]:
    """(confidence, how many of ``pains``) for every level, weakest first."""
    counts = Counter(p.confidence for p in pains)
    return [(level, counts.get(level, 0)) for level in Confidence]


def severe_on_assumptions(pains: Iterable[PainFact]) -> Rate:
    """Of the open critical and high pain points (weighted by :data:`SEVERE_WEIGHTS`), how much
    weight is assumption-only; ``base`` 0 when there is no open severe pain."""
    total = weak = 0
    for pain in pains:
        weight = SEVERE_WEIGHTS.get(pain.severity, 0) if pain.severity is not None else 0
        if weight and pain.open:
            total += weight
            if pain.assumption_only:
                weak += weight
    return Rate(weak, total)


def severity_rank(severity: Severity | None) -> int:
    """0 for critical ... 3 for low, 4 for unrated: the one order of severities."""
    return SEVERITY_ORDER.index(severity) if severity is not None else len(SEVERITY_ORDER)


@dataclass(frozen=True)
class HistoryPoint:
    """One value of a metric's history, with whether it met the target then (None: no target)."""

    period: str
    value: float
    note: str | None
    met: bool | None
    dated: bool  # the period is one cjm can place in time


def _meets(value: float, target: float | None, direction: Direction) -> bool | None:
    if target is None:
        return None
    return value <= target if direction is Direction.lower_is_better else value >= target


def _history(metric: Metric) -> tuple[HistoryPoint, ...]:
    """The metric's points oldest first, ordered as funnels are (:func:`cjm.periods.order`); a
    period given twice (in any case: ``2027-q1`` and ``2027-Q1``) keeps its first value, as a
    duplicate id keeps its first element (lint CJM311 reports the second). Each point carries its
    period's canonical spelling."""
    first: dict[str, tuple[float, str | None]] = {}
    for point in metric.history:
        first.setdefault(periods.canonical(point.period), (point.value, point.note))
    out = []
    for period in periods.order(list(first)):
        assert period is not None
        value, note = first[period]
        out.append(HistoryPoint(period, value, note, _meets(value, metric.target, metric.direction),
                                periods.parse(period) is not None))
    return tuple(out)


@dataclass(frozen=True)
class MetricFact:
    """A metric and its trend. ``actual`` is the map's ``actual``, else the latest point of
    ``history``: every output shows that one number as the metric's current value."""

    id: str
    name: str
    stage_id: str
    stage: str
    unit: str | None
    target: float | None
    actual: float | None
    direction: Direction
    history: tuple[HistoryPoint, ...] = ()
    declared: float | None = None  # ``actual`` as written in the map (None: derived or unknown)

    @classmethod
    def of(cls, metric: Metric, stage: Stage | None = None) -> MetricFact:
        history = _history(metric)
        dated = [p for p in history if p.dated]
        actual = metric.actual if metric.actual is not None else (
            dated[-1].value if dated else None)
        return cls(metric.id, metric.name, stage.id if stage else "", stage.name if stage else "",
                   metric.unit, metric.target, actual, metric.direction, history, metric.actual)

    @property
    def trend(self) -> tuple[HistoryPoint, ...]:
        """The points whose period cjm can place in time, oldest first: what every trend reads."""
        return tuple(p for p in self.history if p.dated)

    @property
    def latest(self) -> HistoryPoint | None:
        """The latest dated point of the history (the last in time)."""
        trend = self.trend
        return trend[-1] if trend else None

    @property
    def previous(self) -> HistoryPoint | None:
        """The dated point before the latest one."""
        trend = self.trend
        return trend[-2] if len(trend) > 1 else None

    @property
    def derived(self) -> bool:
        """``actual`` comes from the history, not from the map's ``actual:``."""
        return self.declared is None and self.latest is not None

    @property
    def disagrees(self) -> bool:
        """``actual:`` is given and is not the latest value of the history (lint CJM310)."""
        latest = self.latest
        return self.declared is not None and latest is not None and latest.value != self.declared

    @property
    def change(self) -> float | None:
        """Latest value minus the previous period's value (None with fewer than two points)."""
        if self.latest is None or self.previous is None:
            return None
        return _difference(self.latest.value, self.previous.value)

    @property
    def improved(self) -> bool | None:
        """Whether the change since the previous period went the metric's good way (None: flat
        or unknown)."""
        change = self.change
        if not change:
            return None
        return change < 0 if self.direction is Direction.lower_is_better else change > 0

    @property
    def missed_in_a_row(self) -> int:
        """How many of the latest dated periods, counted back from the latest, missed the
        target."""
        count = 0
        for point in reversed(self.trend):
            if point.met is not False:
                break
            count += 1
        return count

    @property
    def met(self) -> bool | None:
        if self.target is None or self.actual is None:
            return None
        if self.direction is Direction.lower_is_better:
            return self.actual <= self.target
        return self.actual >= self.target

    @property
    def status(self) -> str:
        """``met``, ``missed`` or ``unknown`` (no target or no actual)."""
        return {True: "met", False: "missed", None: "unknown"}[self.met]

    @property
    def gap(self) -> float | None:
        """How far from target in the bad direction (positive for a miss); None when unknown."""
        if self.target is None or self.actual is None:
            return None
        if self.direction is Direction.lower_is_better:
            return self.actual - self.target
        return self.target - self.actual

    @property
    def relative(self) -> float | None:
        """The gap as a share of the target; None for a zero or missing target, and for a target
        so near zero that the share is past any number (a gap of 1 on a target of 10^-320)."""
        gap = self.gap
        if gap is None or not self.target:
            return None
        share = gap / abs(self.target)
        return share if math.isfinite(share) else None


@dataclass(frozen=True)
class MomentFact:
    id: str
    name: str
    kind: str | None
    stage_id: str
    stage: str
    touchpoint_id: str | None
    touchpoint: str | None
    emotion: int | None  # at the touchpoint (the stage's when the touchpoint has none)
    emotion_from_stage: bool = False


@dataclass(frozen=True)
class ChannelMix:
    stage_id: str
    stage: str
    counts: dict[str, int]  # channel id -> touchpoints, in first-seen order


# ---------------------------------------------------------------------------------------------
# flow


@dataclass
class Flow:
    """Where each touchpoint leads: explicit ``next`` edges plus the implicit ones.

    ``implicit[tp]`` is the stage a touchpoint without ``next`` flows into (None in the last
    stage with touchpoints): the Graphviz diagram draws that as one edge into the stage's
    cluster, the rules walk :attr:`edges`, which spells it out touchpoint by touchpoint. Both
    read this one object, so the picture and the lint findings cannot disagree.
    """

    order: list[str] = field(default_factory=list)  # touchpoint ids in document order
    stage_of: dict[str, int] = field(default_factory=dict)  # touchpoint id -> stage index
    explicit: dict[str, list[str]] = field(default_factory=dict)  # from ``next`` (existing ids)
    implicit: dict[str, str | None] = field(default_factory=dict)  # tp without next -> stage id
    edges: dict[str, list[str]] = field(default_factory=dict)  # every successor, deduplicated
    explicit_empty: set[str] = field(default_factory=set)  # ``next: []``: the journey stops here
    first_stage: int = -1
    last_stage: int = -1

    @property
    def starts(self) -> list[str]:
        return [t for t in self.order if self.stage_of[t] == self.first_stage]

    def reachable(self, starts: Iterable[str] | None = None) -> set[str]:
        todo = list(self.starts if starts is None else starts)
        seen = set(todo)
        while todo:
            for nxt in self.edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def components(self) -> list[list[str]]:
        """Strongly connected components (iterative Tarjan), in a deterministic order."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        out: list[list[str]] = []
        counter = 0
        for root in self.order:
            if root in index:
                continue
            work = [(root, 0)]
            while work:
                node, i = work.pop()
                if i == 0:
                    index[node] = low[node] = counter
                    counter += 1
                    stack.append(node)
                    on_stack.add(node)
                edges = self.edges.get(node, [])
                if i < len(edges):
                    work.append((node, i + 1))
                    nxt = edges[i]
                    if nxt not in index:
                        work.append((nxt, 0))
                    elif nxt in on_stack:
                        low[node] = min(low[node], index[nxt])
                    continue
                for nxt in edges:
                    if nxt in on_stack:
                        low[node] = min(low[node], low[nxt])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    out.append(comp)
        return out


def _flow(journey: JourneyMap) -> Flow:
    flow = Flow()
    filled = [s for s, stage in enumerate(journey.stages) if stage.touchpoints]
    if not filled:
        return flow
    flow.first_stage, flow.last_stage = filled[0], filled[-1]
    following = {s: (filled[i + 1] if i + 1 < len(filled) else None) for i, s in enumerate(filled)}
    for s in filled:
        for tp in journey.stages[s].touchpoints:
            if tp.id not in flow.stage_of:
                flow.order.append(tp.id)
                flow.stage_of[tp.id] = s
    for s in filled:
        nxt = following[s]
        for tp in journey.stages[s].touchpoints:
            if tp.id in flow.edges:
                continue  # a duplicate id (invalid map): the first one counts, as in validate
            if tp.next is not None:
                targets = [t for t in dict.fromkeys(tp.next) if t in flow.stage_of]
                flow.explicit[tp.id] = targets
                flow.edges[tp.id] = targets
                if not tp.next:
                    flow.explicit_empty.add(tp.id)
            else:
                flow.implicit[tp.id] = journey.stages[nxt].id if nxt is not None else None
                flow.edges[tp.id] = [t.id for t in journey.stages[nxt].touchpoints] if nxt is not None else []
    return flow


# ---------------------------------------------------------------------------------------------
# the facts of one map


class JourneyFacts:
    """Everything derived about one map, each fact computed on first use and then kept.

    Tolerates dangling references (a map with problems is still rendered and flagged): a
    reference to nothing is left out of the facts, never guessed.
    """

    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey

    # --- indexes ------------------------------------------------------------------------------
    @cached_property
    def touchpoints(self) -> dict[str, tuple[Stage, Touchpoint]]:
        out: dict[str, tuple[Stage, Touchpoint]] = {}
        for _p, stage, tp in self.journey.lane_items("touchpoints"):
            out.setdefault(tp.id, (stage, tp))
        return out

    @cached_property
    def channel_names(self) -> dict[str, str]:
        return self.journey.channel_names()

    def channel_name(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        return self.channel_names.get(ref, ref)

    def touchpoint_name(self, ref: str) -> str:
        found = self.touchpoints.get(ref)
        return found[1].name if found else ref

    def pain_point_name(self, ref: str) -> str:
        found = self.pain_index.get(ref)
        return found.name if found else ref

    # --- funnels ------------------------------------------------------------------------------
    @cached_property
    def funnels(self) -> list[Funnel]:
        """One funnel per period, oldest first: ``funnels[-1]`` is the latest."""
        return _funnels(self.journey)

    @property
    def latest(self) -> Funnel | None:
        return self.funnels[-1] if self.funnels else None

    def steps_of(self, action_id: str) -> list[tuple[Funnel, FunnelStep]]:
        """The step of one desired (or loose completed) action in every period, oldest first."""
        out = []
        for funnel in self.funnels:
            step = funnel.step(action_id)
            if step is not None and step.completed is not None:
                out.append((funnel, step))
        return out

    @cached_property
    def step_trends(self) -> dict[str, StepTrend]:
        """Action id -> its conversion in every dated period with a base, in journey order."""
        return _step_trends(self.funnels)

    @cached_property
    def step_of_record(self) -> dict[str, tuple[Funnel, FunnelStep]]:
        """Completed action id -> the funnel step it is measured in (when it is the one counted)."""
        return {s.record_id: (f, s) for f in self.funnels for s in f.steps if s.record_id}

    @cached_property
    def mostly_measured(self) -> Funnel | None:
        """The latest funnel with data for most of its steps (more than half), else the one with
        data for the most steps (the latest of a tie): what a board shows when no period is
        asked for, since a quarter just begun, with one step recorded, would hide the last one
        a team can read."""
        if not self.funnels:
            return None
        most = next((fn for fn in reversed(self.funnels) if 2 * len(fn.measured) > len(fn.steps)), None)
        return most or max(reversed(self.funnels), key=lambda fn: len(fn.measured))

    # --- emotion ------------------------------------------------------------------------------
    @cached_property
    def emotion(self) -> list[EmotionPoint]:
        return [_emotion(stage) for stage in self.journey.stages]

    def stage_emotion(self, stage_id: str) -> EmotionPoint | None:
        return next((p for p in self.emotion if p.stage_id == stage_id), None)

    @cached_property
    def lowest(self) -> Low | None:
        rated = [(p, s) for p, s in zip(self.emotion, self.journey.stages, strict=True)
                 if p.value is not None]
        if not rated:
            return None
        point, stage = min(rated, key=lambda ps: ps[0].value or 0.0)
        assert point.value is not None
        tps = [tp for tp in stage.touchpoints if tp.emotion is not None]
        low_tp = min(tps, key=lambda t: t.emotion or 0) if tps else None
        return Low(stage.id, stage.name, point.value,
                   low_tp.id if low_tp else None, low_tp.name if low_tp else None,
                   low_tp.emotion if low_tp else None)

    # --- pain points --------------------------------------------------------------------------
    @cached_property
    def addressed_by(self) -> dict[str, list[Opportunity]]:
        return self.journey.addressed_by()

    @cached_property
    def pain_points(self) -> list[PainFact]:
        """Every pain point, in document order."""
        out = []
        for _p, stage, pain in self.journey.lane_items("pain_points"):
            assert isinstance(pain, PainPoint)
            found = [self.touchpoints[t][1] for t in pain.touchpoints if t in self.touchpoints]
            channels = tuple(dict.fromkeys(tp.channel or NO_CHANNEL for tp in found))
            out.append(PainFact(
                pain.id, pain.name, pain.severity, stage.id, stage.name,
                tuple(tp.id for tp in found), tuple(tp.name for tp in found), channels,
                tuple((o.id, o.name, o.status) for o in self.addressed_by.get(pain.id, [])),
                pain.evidence if isinstance(pain.evidence, str) else None,
                backing(pain.evidence, pain.confidence),
            ))
        return out

    @cached_property
    def opportunity_backing(self) -> dict[str, Backing]:
        """Opportunity id -> its evidence and confidence (the first of a duplicated id)."""
        out: dict[str, Backing] = {}
        for _p, _stage, opp in self.journey.lane_items("opportunities"):
            assert isinstance(opp, Opportunity)
            out.setdefault(opp.id, backing(opp.evidence, opp.confidence))
        return out

    def open_by_confidence(self) -> list[tuple[Confidence, int]]:
        """(confidence, open pain points) from assumption to validated, zeros included."""
        return by_confidence(self.open_pain_points)

    @cached_property
    def severe_on_assumptions(self) -> Rate:
        """Weighted open severe pain resting on assumptions, of all open severe pain."""
        return severe_on_assumptions(self.pain_points)

    @cached_property
    def pain_index(self) -> dict[str, PainFact]:
        out: dict[str, PainFact] = {}
        for p in self.pain_points:
            out.setdefault(p.id, p)
        return out

    def is_open(self, pain_id: str) -> bool:
        found = self.pain_index.get(pain_id)
        return found.open if found is not None else False

    @cached_property
    def pains_by_severity(self) -> list[PainFact]:
        """Most severe first; document order within a severity."""
        return sorted(self.pain_points, key=lambda p: p.severity_rank)

    @property
    def open_pain_points(self) -> list[PainFact]:
        return [p for p in self.pain_points if p.open]

    def open_count(self, *severities: Severity, assumption_only: bool = False) -> int:
        """Open pain points of ``severities``; only those resting on assumptions when asked."""
        return sum(1 for p in self.pain_points if p.open and p.severity in severities
                   and (p.assumption_only or not assumption_only))

    def open_by_severity(self) -> list[tuple[Severity | None, int]]:
        """(severity, open count) from critical to low, unrated last; only non-zero ones."""
        counts = Counter(p.severity for p in self.open_pain_points)
        return [(s, counts[s]) for s in (*SEVERITY_ORDER, None) if counts.get(s)]

    @cached_property
    def open_pains_at(self) -> dict[str, list[PainFact]]:
        """Touchpoint id -> the open pain points on it, most severe first (the board's badges)."""
        out: dict[str, list[PainFact]] = {}
        for pain in self.pains_by_severity:
            if pain.open:
                for tp in pain.touchpoint_ids:
                    out.setdefault(tp, []).append(pain)
        return out

    # --- metrics ------------------------------------------------------------------------------
    @cached_property
    def metrics(self) -> dict[str, MetricFact]:
        out: dict[str, MetricFact] = {}
        for _p, stage, metric in self.journey.lane_items("metrics"):
            assert isinstance(metric, Metric)
            out.setdefault(metric.id, MetricFact.of(metric, stage))
        return out

    @cached_property
    def metrics_off_target(self) -> list[MetricFact]:
        """Missed metrics, the biggest relative miss first (a zero target last)."""
        off = [m for m in self.metrics.values() if m.met is False]
        return sorted(off, key=lambda g: -(g.relative if g.relative is not None else float("-inf")))

    @cached_property
    def latest_data(self) -> periods.Period | None:
        """The latest dated period of any metric history or funnel: how fresh the numbers are
        (lint CJM410)."""
        found = [periods.parse(p.period) for m in self.metrics.values() for p in m.history]
        found += [periods.parse(f.period) for f in self.funnels if f.period is not None]
        dated = [p for p in found if p is not None]
        return max(dated, key=lambda p: (p.end, p.start)) if dated else None

    @property
    def metrics_unknown(self) -> list[MetricFact]:
        return [m for m in self.metrics.values() if m.met is None]

    # --- moments and channels -----------------------------------------------------------------
    @cached_property
    def moments(self) -> list[MomentFact]:
        out = []
        for _p, stage, mot in self.journey.lane_items("moments_of_truth"):
            where = self.touchpoints.get(mot.touchpoint) if mot.touchpoint else None
            emotion, from_stage = None, False
            if where is not None:
                tp_stage, tp = where
                emotion = tp.emotion
                if emotion is None and tp_stage.emotion is not None:
                    emotion, from_stage = tp_stage.emotion, True
            out.append(MomentFact(mot.id, mot.name, mot.kind.value if mot.kind else None,
                                  stage.id, stage.name, mot.touchpoint if where else None,
                                  where[1].name if where else None, emotion, from_stage))
        return out

    def moments_at(self, touchpoint_id: str) -> list[MomentFact]:
        return [m for m in self.moments if m.touchpoint_id == touchpoint_id]

    @cached_property
    def channel_mix(self) -> list[ChannelMix]:
        return [
            ChannelMix(stage.id, stage.name,
                       dict(Counter(tp.channel or NO_CHANNEL for tp in stage.touchpoints)))
            for stage in self.journey.stages
        ]

    @cached_property
    def channel_load(self) -> dict[str, tuple[int, int, int]]:
        """Per channel: touchpoints, pain points on them, and how many of those are severe and open."""
        totals: dict[str, list[int]] = {}
        for _stage, tp in self.touchpoints.values():
            totals.setdefault(tp.channel or NO_CHANNEL, [0, 0, 0])[0] += 1
        for pain in self.pain_points:
            for ch in sorted(set(pain.channels)):
                row = totals[ch]
                row[1] += 1
                if pain.open and pain.severity in (Severity.critical, Severity.high):
                    row[2] += 1
        return {ch: (a, b, c) for ch, (a, b, c) in totals.items()}

    # --- flow ---------------------------------------------------------------------------------
    @cached_property
    def flow(self) -> Flow:
        return _flow(self.journey)

    # --- references ---------------------------------------------------------------------------
    @cached_property
    def used_ids(self) -> frozenset[str]:
        """Every id the map refers to (personas, channels, metrics... that something uses)."""
        from .validate import references

        return frozenset(ref.target for ref in references(self.journey))


def of(journey: JourneyMap) -> JourneyFacts:
    """The facts of ``journey``, computed once and kept on the map (maps are immutable)."""
    found = journey.__pydantic_private__.get("_facts") if journey.__pydantic_private__ else None
    if isinstance(found, JourneyFacts) and found.journey is journey:  # not a model_copy's
        return found
    facts = JourneyFacts(journey)
    journey._facts = facts
    return facts


def release(journey: JourneyMap) -> None:
    """Drop the facts kept on ``journey``, for a caller done with the map.

    A map and its facts refer to each other, so once asked for facts a map is no longer freed
    when its last reference goes: it waits, with its whole model tree, for the cyclic garbage
    collector. ``cjm report`` over 1,000 maps spent about a tenth of its CPU time there
    (~500 objects and ~1 ms per map); releasing each map once its share of the report is made
    lets reference counting free it at once, as ``cjm validate``'s maps are.
    """
    if journey.__pydantic_private__ and journey.__pydantic_private__.get("_facts") is not None:
        journey._facts = None




# ---------------------------------------------------------------------------------------------
# sub-journeys: one map's summary, and the rollup over a journey and its sub-journeys


@dataclass(frozen=True)
class Summary:
    """What a parent journey shows of a sub-journey, and what rollups add up.

    Read from the map's own facts (never recomputed): ``overall`` is its latest funnel's
    end-to-end conversion, ``lowest`` its lowest stage emotion, ``open_by_severity`` its open pain
    points. Plain data, so a worker process can send it back and a site can show it on another
    map's board: the numbers a parent shows for a sub-journey are the sub-journey's own.
    """

    id: str
    title: str
    state: str  # ``current`` or ``future``
    persona: str | None  # the persona id
    period: str | None  # of ``overall``: the latest funnel's period
    overall: Rate | None
    lowest: Low | None
    open_by_severity: tuple[tuple[Severity | None, int], ...]
    metrics_off_target: int
    metrics: int

    @property
    def open_pain_points(self) -> int:
        return sum(count for _severity, count in self.open_by_severity)

    def open_count(self, severity: Severity | None) -> int:
        return next((count for s, count in self.open_by_severity if s is severity), 0)


def summary(journey: JourneyMap) -> Summary:
    """The sub-journey summary of ``journey``, taken from :func:`of`."""
    f = of(journey)
    latest = f.latest
    return Summary(
        journey.id, journey.title, journey.state.value, journey.persona,
        latest.period if latest is not None else None,
        latest.overall if latest is not None else None,
        f.lowest,
        tuple(f.open_by_severity()),
        len(f.metrics_off_target),
        len(f.metrics),
    )


@dataclass(frozen=True)
class Rollup:
    """Several maps' summaries taken together: a journey with its sub-journeys, or a persona's maps.

    What adds up is added (open pain points per severity, metrics off target); what does not is
    picked or listed: the lowest emotion is the lowest of any map (with the map it is in), and
    end-to-end conversions stay each map's own (:attr:`maps`), because funnels of different
    journeys count different customers and a mean of their shares would describe nobody.
    """

    maps: tuple[Summary, ...]
    open_by_severity: tuple[tuple[Severity | None, int], ...]
    lowest: tuple[Summary, Low] | None
    metrics_off_target: int
    metrics: int

    @property
    def open_pain_points(self) -> int:
        return sum(count for _severity, count in self.open_by_severity)

    def open_count(self, severity: Severity | None) -> int:
        return next((count for s, count in self.open_by_severity if s is severity), 0)

    @property
    def conversions(self) -> list[Summary]:
        """The maps that have an end-to-end conversion, in rollup order."""
        return [s for s in self.maps if s.overall is not None]


def rollup(summaries: Iterable[Summary]) -> Rollup:
    """Add ``summaries`` up; ties for the lowest emotion go to the first map (the parent first)."""
    maps = tuple(summaries)
    counts: Counter[Severity | None] = Counter()
    lowest: tuple[Summary, Low] | None = None
    for s in maps:
        for severity, count in s.open_by_severity:
            counts[severity] += count
        if s.lowest is not None and (lowest is None or s.lowest.value < lowest[1].value):
            lowest = (s, s.lowest)
    return Rollup(
        maps,
        tuple((s, counts[s]) for s in (*SEVERITY_ORDER, None) if counts.get(s)),
        lowest,
        sum(s.metrics_off_target for s in maps),
        sum(s.metrics for s in maps),
    )
