"""Funnels per period and each step's conversion and drop-off: see :mod:`cjm.facts`."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .. import periods
from ..model import CompletedAction, JourneyMap, Stage
from .numbers import Rate, half_up


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
    """Whether a completed action with ``count``, met later in the map, replaces the one counted
    so far (``kept``) as the record of its step and period (two such records: lint CJM315).

    True only for a strictly larger count: the larger is counted, and on a tie the record
    written first stays. :func:`funnels_of` (every output) and ``cjm data import`` (which record
    a row updates) both ask this, each walking the records in the order the map writes them."""
    return count > kept


def funnels_of(journey: JourneyMap) -> list[Funnel]:
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


def step_trends_of(funnels: list[Funnel]) -> dict[str, StepTrend]:
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
