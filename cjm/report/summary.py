"""What ``cjm report`` shows, taken from the facts layer: one map's summary, or a portfolio.

Nothing here computes a journey fact: funnels, emotion points, open pain points and metric status
come from :mod:`cjm.facts`, the numbers every other output shows. This module only picks what a
report needs into a small picklable record (:class:`MapFacts`), so a worker process can send back
facts instead of the whole map, and ranks and adds those records up across maps (the portfolio).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import facts as F
from ..model import JourneyMap, Severity


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
    funnels: list[F.Funnel]
    emotion: list[F.EmotionPoint]
    lowest: F.Low | None
    pain_points: list[F.PainFact]  # most severe first
    metrics_off_target: list[F.MetricFact]
    metrics_unknown: list[F.MetricFact]
    metrics_total: int
    moments: list[F.MomentFact]
    channel_mix: list[F.ChannelMix]
    channel_names: dict[str, str] = field(default_factory=dict)
    channel_load: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    lang: str | None = None  # the map's ``lang``: the report's language unless --lang says otherwise
    metric_trends: list[F.MetricFact] = field(default_factory=list)  # metrics with a history
    step_trends: list[F.StepTrend] = field(default_factory=list)  # steps measured in 2+ periods

    @property
    def worst_emotion(self) -> float | None:
        return self.lowest.value if self.lowest else None

    def open_pains(self, *severities: Severity) -> int:
        return sum(1 for p in self.pain_points if p.open and p.severity in severities)


def map_facts(journey: JourneyMap, file: str, today: _dt.date) -> MapFacts:
    """The report's view of one map; ``today`` is passed in so tests (and --today) can pin it."""
    f = F.of(journey)
    return MapFacts(
        file=file,
        id=journey.id,
        title=journey.title,
        persona=journey.persona_label(),
        state=journey.state.value,
        reviewed=journey.reviewed,
        days_since_review=(today - journey.reviewed).days if journey.reviewed else None,
        stages=[(s.id, s.name) for s in journey.stages],
        funnels=f.funnels,
        emotion=f.emotion,
        lowest=f.lowest,
        pain_points=f.pains_by_severity,
        metrics_off_target=f.metrics_off_target,
        metrics_unknown=f.metrics_unknown,
        metrics_total=len(f.metrics),
        moments=f.moments,
        channel_mix=f.channel_mix,
        channel_names=f.channel_names,
        channel_load=f.channel_load,
        lang=journey.lang,
        metric_trends=[m for m in f.metrics.values() if m.history],
        step_trends=[t for t in f.step_trends.values() if len(t.points) > 1],
    )


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
    ranked = sorted(maps, key=attention_key)
    totals: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    seen_in: dict[str, int] = {}
    for f in ranked:
        for ch, name in f.channel_names.items():
            names.setdefault(ch, name)
        for ch, load in f.channel_load.items():
            row = totals.setdefault(ch, [0, 0, 0])
            for i, value in enumerate(load):
                row[i] += value
            seen_in[ch] = seen_in.get(ch, 0) + 1
    channels = [
        ChannelTotal(ch, names.get(ch, ch), seen_in.get(ch, 0), t, p, s)
        for ch, (t, p, s) in totals.items()
    ]
    channels.sort(key=lambda c: (-c.severe_open, -c.pain_points, -c.touchpoints, c.channel))
    return Portfolio(today, ranked, channels, sorted(invalid or []))
