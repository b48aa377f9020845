"""A metric, its history and its trend against the target."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import periods
from ..model import Direction, Metric, Stage
from .numbers import difference


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
    library: str | None = None  # the library that defines it, for a metric the map borrows

    @classmethod
    def of(cls, metric: Metric, stage: Stage | None = None, library: str | None = None) -> MetricFact:
        history = _history(metric)
        dated = [p for p in history if p.dated]
        actual = metric.actual if metric.actual is not None else (
            dated[-1].value if dated else None)
        return cls(metric.id, metric.name, stage.id if stage else "", stage.name if stage else "",
                   metric.unit, metric.target, actual, metric.direction, history, metric.actual,
                   library)

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
        return difference(self.latest.value, self.previous.value)

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
