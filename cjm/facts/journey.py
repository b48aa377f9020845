"""The facts of one map, each computed on first use and kept on the map."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from .. import periods
from ..model import (
    SEVERITY_ORDER,
    Confidence,
    JourneyMap,
    Metric,
    Opportunity,
    PainPoint,
    Severity,
    Stage,
    Touchpoint,
)
from ..references import references
from .emotion import EmotionPoint, Low, stage_emotion
from .flow import Flow, flow_of
from .funnel import Funnel, FunnelStep, StepTrend, funnels_of, step_trends_of
from .metrics import MetricFact
from .moments import ChannelMix, MomentFact
from .numbers import Rate
from .pain import Backing, PainFact, backing, by_confidence, open_count, severe_on_assumptions

NO_CHANNEL = "(none)"


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
        return funnels_of(self.journey)

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
        return step_trends_of(self.funnels)

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
        return [stage_emotion(stage) for stage in self.journey.stages]

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
        """Open pain points (of ``severities`` when given); only those resting on assumptions when
        asked."""
        return open_count(self.pain_points, *severities, assumption_only=assumption_only)

    @property
    def open_on_assumptions(self) -> list[PainFact]:
        """Open pain points that rest on assumptions only (the board's warning)."""
        return [p for p in self.open_pain_points if p.assumption_only]

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
        """Every metric of the map: its stages' own, then each library metric a desired action
        names, placed in the stage of the first such action. A metric kept in the repository's
        library is the map's metric exactly as one written in the map (value, target, history,
        trend, status); only :attr:`MetricFact.library` tells them apart."""
        out: dict[str, MetricFact] = {}
        for _p, stage, metric in self.journey.lane_items("metrics"):
            assert isinstance(metric, Metric)
            out.setdefault(metric.id, MetricFact.of(metric, stage))
        for ref, (_path, stage, metric) in self.borrowed_metrics.items():
            out[ref] = MetricFact.of(metric, stage, self.journey.shared_source(ref))
        return out

    @cached_property
    def borrowed_metrics(self) -> dict[str, tuple[tuple[str | int, ...], Stage, Metric]]:
        """Library metric id -> the ``metric:`` of the first desired action naming it (its path in
        the map), that action's stage, and the library's metric: where the map brings it in."""
        own = {metric.id for _p, _s, metric in self.journey.lane_items("metrics")}
        out: dict[str, tuple[tuple[str | int, ...], Stage, Metric]] = {}
        for path, stage, action in self.journey.lane_items("desired_actions"):
            ref = action.metric
            if ref is None or ref in own or ref in out:
                continue
            shared = self.journey.shared(ref)
            if isinstance(shared, Metric):
                out[ref] = (path + ("metric",), stage, shared)
        return out

    def metrics_at(self, stage_id: str) -> list[MetricFact]:
        """The metrics shown in one stage's lane: its own, then the library metrics placed there."""
        return [fact for fact in self.metrics.values() if fact.stage_id == stage_id]

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
        return flow_of(self.journey)

    # --- references ---------------------------------------------------------------------------
    @cached_property
    def used_ids(self) -> frozenset[str]:
        """Every id the map refers to (personas, channels, metrics... that something uses)."""
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
