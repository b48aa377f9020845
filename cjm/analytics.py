"""Facts a team acts on, computed from a map: the funnel, the emotion curve, open pains, misses.

Pure functions over the typed model, no printing and no formatting: ``cjm report`` (text,
markdown, json) and anyone calling the Python API read the same numbers, so a number is computed
in one place and never typed twice. Rates always travel with their base (:class:`Rate`), so no
formatter can show "67%" without "2 of 3".

Definitions (also in docs/report.md):

- a funnel step is a desired action with the completed actions that ``fulfil`` it, one funnel per
  ``period``; the drop-off between two steps is the previous step's ``count`` minus this one's;
- a pain point is *open* unless an opportunity with status ``done`` addresses it;
- a metric is *off target* when :attr:`cjm.model.Metric.met` is False; its gap is how far
  ``actual`` is from ``target`` in the bad direction;
- a stage's emotion is its own ``emotion``, else the mean of its touchpoints' emotions;
- days since reviewed count from ``today``, which callers pass in (tests pin it).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from .model import (
    CompletedAction,
    Direction,
    JourneyMap,
    Metric,
    PainPoint,
    Severity,
    Stage,
    Status,
    Touchpoint,
)

SEVERITY_RANK: dict[Severity | None, int] = {
    Severity.critical: 0,
    Severity.high: 1,
    Severity.medium: 2,
    Severity.low: 3,
    None: 4,
}
NO_CHANNEL = "(none)"


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
    stage_id: str
    stage: str
    action_id: str  # the desired action, or the completed action when it fulfils none
    action: str
    completed: Rate | None  # None: the desired action has no completed action for this period
    drop_off: Rate | None = None  # lost since the previous step with data, of its count
    base_mismatch: bool = False  # ``of`` is not the previous step's count


@dataclass(frozen=True)
class Funnel:
    period: str | None
    steps: list[FunnelStep]

    @property
    def overall(self) -> Rate | None:
        """Last step's count over the first step's base: the whole funnel's conversion."""
        measured = [s.completed for s in self.steps if s.completed is not None]
        if len(measured) < 1 or measured[0].base is None:
            return None
        return Rate(measured[-1].count, measured[0].base)


@dataclass(frozen=True)
class EmotionPoint:
    stage_id: str
    stage: str
    value: float | None  # 1..5; None when the stage and its touchpoints have no emotion
    from_touchpoints: bool = False


@dataclass(frozen=True)
class Low:
    """The lowest point of the curve: a stage, and its lowest touchpoint when there is one."""

    stage_id: str
    stage: str
    value: float
    touchpoint_id: str | None = None
    touchpoint: str | None = None
    touchpoint_value: int | None = None


@dataclass(frozen=True)
class PainRow:
    id: str
    name: str
    severity: Severity | None
    stage_id: str
    stage: str
    touchpoints: list[str]  # names
    channels: list[str]
    opportunities: list[tuple[str, str, Status | None]]  # (id, name, status)
    evidence: str | None

    @property
    def open(self) -> bool:
        return not any(status is Status.done for _, _, status in self.opportunities)


@dataclass(frozen=True)
class MetricGap:
    id: str
    name: str
    stage_id: str
    stage: str
    unit: str | None
    target: float
    actual: float
    direction: Direction

    @property
    def gap(self) -> float:
        """How far from target, always positive for a miss."""
        if self.direction is Direction.lower_is_better:
            return self.actual - self.target
        return self.target - self.actual

    @property
    def relative(self) -> float | None:
        """The gap as a share of the target; None for a zero target."""
        return self.gap / abs(self.target) if self.target else None


@dataclass(frozen=True)
class MomentRow:
    id: str
    name: str
    kind: str | None
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


@dataclass
class MapFacts:
    """Everything ``cjm report FILE`` shows about one map."""

    file: str
    id: str
    title: str
    persona: str | None
    state: str
    reviewed: _dt.date | None
    days_since_review: int | None
    stages: list[tuple[str, str]]
    funnels: list[Funnel]
    emotion: list[EmotionPoint]
    lowest: Low | None
    pain_points: list[PainRow]
    metrics_off_target: list[MetricGap]
    metrics_unknown: list[tuple[str, str]]  # (id, name) without target or actual
    metrics_total: int
    moments: list[MomentRow]
    channel_mix: list[ChannelMix]
    channel_names: dict[str, str] = field(default_factory=dict)
    # channel -> [touchpoints, pain points on it, of which critical/high and open]: what the
    # portfolio adds up, so a worker process can send back facts instead of the whole map
    channel_load: dict[str, list[int]] = field(default_factory=dict)

    @property
    def worst_emotion(self) -> float | None:
        return self.lowest.value if self.lowest else None

    def open_pains(self, *severities: Severity) -> int:
        return sum(1 for p in self.pain_points if p.open and p.severity in severities)


def _days(reviewed: _dt.date | None, today: _dt.date) -> int | None:
    return (today - reviewed).days if reviewed is not None else None


def funnels(journey: JourneyMap) -> list[Funnel]:
    """One funnel per period (in order of first appearance), steps in journey order."""
    desired: list[tuple[Stage, str, str]] = []  # (stage, id, name)
    by_action: dict[str, list[tuple[Stage, CompletedAction]]] = {}
    loose: list[tuple[Stage, CompletedAction]] = []
    periods: list[str | None] = []
    for stage in journey.stages:
        for action in stage.desired_actions:
            desired.append((stage, action.id, action.name))
        for done in stage.completed_actions:
            if done.period not in periods:
                periods.append(done.period)
            if done.fulfils is not None:
                by_action.setdefault(done.fulfils, []).append((stage, done))
            else:
                loose.append((stage, done))
    if not periods:
        return []
    stage_index = {s.id: i for i, s in enumerate(journey.stages)}
    out: list[Funnel] = []
    for period in periods:
        rows: list[tuple[int, int, str, str, str, str, CompletedAction | None]] = []
        for order, (stage, aid, aname) in enumerate(desired):
            found = [d for _s, d in by_action.get(aid, []) if d.period == period]
            best = max(found, key=lambda d: d.count) if found else None
            rows.append((stage_index[stage.id], order, stage.id, stage.name, aid, aname, best))
        for stage, extra in loose:
            if extra.period == period:
                rows.append((stage_index[stage.id], 10**9, stage.id, stage.name, extra.id, extra.id, extra))
        rows.sort(key=lambda r: (r[0], r[1]))
        steps: list[FunnelStep] = []
        previous: int | None = None
        for _si, _o, sid, sname, aid, aname, measured in rows:
            if measured is None:
                steps.append(FunnelStep(sid, sname, aid, aname, None))
                continue
            rate = Rate(measured.count, measured.of)
            drop = Rate(previous - measured.count, previous) if previous is not None else None
            mismatch = previous is not None and measured.of is not None and measured.of != previous
            steps.append(FunnelStep(sid, sname, aid, aname, rate, drop, mismatch))
            previous = measured.count
        out.append(Funnel(period, steps))
    return out


def emotion_curve(journey: JourneyMap) -> tuple[list[EmotionPoint], Low | None]:
    points: list[EmotionPoint] = []
    for stage in journey.stages:
        tps = [tp.emotion for tp in stage.touchpoints if tp.emotion is not None]
        if stage.emotion is not None:
            points.append(EmotionPoint(stage.id, stage.name, float(stage.emotion)))
        elif tps:
            points.append(EmotionPoint(stage.id, stage.name, round(sum(tps) / len(tps), 1), True))
        else:
            points.append(EmotionPoint(stage.id, stage.name, None))
    rated = [(p, s) for p, s in zip(points, journey.stages, strict=True) if p.value is not None]
    if not rated:
        return points, None
    point, stage = min(rated, key=lambda ps: ps[0].value)  # type: ignore[arg-type,return-value]
    assert point.value is not None
    tps_rated = [tp for tp in stage.touchpoints if tp.emotion is not None]
    low_tp: Touchpoint | None = min(tps_rated, key=lambda t: t.emotion) if tps_rated else None  # type: ignore[arg-type,return-value]
    return points, Low(
        stage.id,
        stage.name,
        point.value,
        low_tp.id if low_tp else None,
        low_tp.name if low_tp else None,
        low_tp.emotion if low_tp else None,
    )


def pain_points(journey: JourneyMap) -> list[PainRow]:
    """Pain points, most severe first (document order within a severity)."""
    tps: dict[str, Touchpoint] = {tp.id: tp for _p, _s, tp in journey.lane_items("touchpoints")}
    addressing = journey.addressed_by()
    rows: list[PainRow] = []
    for _p, stage, pain in journey.lane_items("pain_points"):
        assert isinstance(pain, PainPoint)
        found = [tps[t] for t in pain.touchpoints if t in tps]
        channels: list[str] = []
        for tp in found:
            ch = tp.channel or NO_CHANNEL
            if ch not in channels:
                channels.append(ch)
        rows.append(
            PainRow(
                pain.id,
                pain.name,
                pain.severity,
                stage.id,
                stage.name,
                [tp.name for tp in found],
                channels,
                [(o.id, o.name, o.status) for o in addressing.get(pain.id, [])],
                pain.evidence,
            )
        )
    order = {id(r): i for i, r in enumerate(rows)}
    rows.sort(key=lambda r: (SEVERITY_RANK[r.severity], order[id(r)]))
    return rows


def metrics(journey: JourneyMap) -> tuple[list[MetricGap], list[tuple[str, str]], int]:
    """(off target, biggest relative miss first; without target or actual; how many metrics)."""
    off: list[MetricGap] = []
    unknown: list[tuple[str, str]] = []
    total = 0
    for _p, stage, metric in journey.lane_items("metrics"):
        assert isinstance(metric, Metric)
        total += 1
        if metric.met is None:
            unknown.append((metric.id, metric.name))
        elif metric.met is False:
            assert metric.target is not None and metric.actual is not None
            off.append(
                MetricGap(metric.id, metric.name, stage.id, stage.name, metric.unit,
                          metric.target, metric.actual, metric.direction)
            )
    order = {g.id: i for i, g in enumerate(off)}
    off.sort(key=lambda g: (-(g.relative if g.relative is not None else float("inf")), order[g.id]))
    return off, unknown, total


def moments(journey: JourneyMap) -> list[MomentRow]:
    tps: dict[str, tuple[Stage, Touchpoint]] = {
        tp.id: (stage, tp) for _p, stage, tp in journey.lane_items("touchpoints")
    }
    rows: list[MomentRow] = []
    for _p, stage, mot in journey.lane_items("moments_of_truth"):
        where = tps.get(mot.touchpoint) if mot.touchpoint else None
        emotion, from_stage = None, False
        if where is not None:
            tp_stage, tp = where
            emotion = tp.emotion
            if emotion is None and tp_stage.emotion is not None:
                emotion, from_stage = tp_stage.emotion, True
        rows.append(
            MomentRow(
                mot.id,
                mot.name,
                mot.kind.value if mot.kind else None,
                stage.name,
                mot.touchpoint,
                where[1].name if where else None,
                emotion,
                from_stage,
            )
        )
    return rows


def channel_mix(journey: JourneyMap) -> list[ChannelMix]:
    return [
        ChannelMix(
            stage.id,
            stage.name,
            dict(Counter(tp.channel or NO_CHANNEL for tp in stage.touchpoints)),
        )
        for stage in journey.stages
    ]


def map_facts(journey: JourneyMap, file: str, today: _dt.date) -> MapFacts:
    points, low = emotion_curve(journey)
    off, unknown, total = metrics(journey)
    return MapFacts(
        file=file,
        id=journey.id,
        title=journey.title,
        persona=journey.persona_label(),
        state=journey.state.value,
        reviewed=journey.reviewed,
        days_since_review=_days(journey.reviewed, today),
        stages=[(s.id, s.name) for s in journey.stages],
        funnels=funnels(journey),
        emotion=points,
        lowest=low,
        pain_points=pain_points(journey),
        metrics_off_target=off,
        metrics_unknown=unknown,
        metrics_total=total,
        moments=moments(journey),
        channel_mix=channel_mix(journey),
        channel_names=journey.channel_names(),
        channel_load=channel_load(journey),
    )


def channel_load(journey: JourneyMap) -> dict[str, list[int]]:
    """Per channel: touchpoints, pain points on them, and how many of those are severe and open."""
    totals: dict[str, list[int]] = {}
    tp_channel = {tp.id: tp.channel or NO_CHANNEL for _p, _s, tp in journey.lane_items("touchpoints")}
    for ch in tp_channel.values():
        totals.setdefault(ch, [0, 0, 0])[0] += 1
    done = {
        pid
        for _p, _s, opp in journey.lane_items("opportunities")
        if opp.status is Status.done
        for pid in opp.addresses
    }
    for _p, _s, pain in journey.lane_items("pain_points"):
        for ch in sorted({tp_channel[t] for t in pain.touchpoints if t in tp_channel}):
            row = totals[ch]
            row[1] += 1
            if pain.severity in (Severity.critical, Severity.high) and pain.id not in done:
                row[2] += 1
    return totals


# ---------------------------------------------------------------------------------------------
# portfolio


@dataclass(frozen=True)
class ChannelTotal:
    channel: str
    name: str
    maps: int
    touchpoints: int
    pain_points: int  # pain points on a touchpoint of this channel (one pain may touch several)
    severe_open: int  # of which critical or high and open


@dataclass
class Portfolio:
    """``cjm report FOLDER``: one row per map, most in need of attention first."""

    today: _dt.date
    maps: list[MapFacts]
    channels: list[ChannelTotal]
    invalid: list[tuple[str, str]]  # (file, first problem)


def attention_key(facts: MapFacts) -> tuple[int, int, int, float, float, str]:
    """Open critical pains, then open high pains, metrics off target, the worst emotion, staleness.

    Lexicographic on purpose: one open critical pain outweighs any number of stale reviews, and a
    reader can tell why a map is above another by reading the row.
    """
    stale = float("inf") if facts.days_since_review is None else float(facts.days_since_review)
    worst = facts.worst_emotion if facts.worst_emotion is not None else 6.0
    return (
        -facts.open_pains(Severity.critical),
        -facts.open_pains(Severity.high),
        -len(facts.metrics_off_target),
        worst,
        -stale,
        facts.file,
    )


def portfolio(
    maps: list[MapFacts], today: _dt.date, invalid: list[tuple[str, str]] | None = None
) -> Portfolio:
    """The maps' facts (from :func:`map_facts` with the same ``today``) as one portfolio."""
    facts = sorted(maps, key=attention_key)
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    seen_in: dict[str, int] = {}
    for f in facts:
        for ch, name in f.channel_names.items():
            names.setdefault(ch, name)
        for ch, (tps, pains, severe) in f.channel_load.items():
            row = totals.setdefault(ch, [0, 0, 0])
            row[0] += tps
            row[1] += pains
            row[2] += severe
            seen_in[ch] = seen_in.get(ch, 0) + 1
    channels = [
        ChannelTotal(ch, names.get(ch, ch), seen_in.get(ch, 0), t, p, s)
        for ch, (t, p, s) in totals.items()
    ]
    channels.sort(key=lambda c: (-c.severe_open, -c.pain_points, -c.touchpoints, c.channel))
    return Portfolio(today, facts, channels, sorted(invalid or []))
