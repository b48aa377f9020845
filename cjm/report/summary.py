"""What ``cjm report`` shows, taken from the facts layer: one map's summary, or a portfolio.

Nothing here computes a journey fact: funnels, emotion points, open pain points and metric status
come from :mod:`cjm.facts`, the numbers every other output shows. This module only picks what a
report needs into small picklable records, so a worker process can send back facts instead of
the whole map: :class:`MapFacts` for the report of one map, :class:`MapRow` for a map's row in a
portfolio (a few numbers, and its JSON already written by the worker). It ranks and adds rows up
across maps (the portfolio).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import facts as F
from .. import hierarchy as H
from ..model import Confidence, JourneyMap, Severity
from ..scoring import ScoringModel

Scoring = tuple[str, str, tuple[tuple[str, str], ...]]  # model name, formula, custom input labels
RICE: Scoring = ("rice", "reach * impact * confidence / effort", ())


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
    by_confidence: list[tuple[Confidence, int]] = field(default_factory=list)  # open pain points
    severe_on_assumptions: F.Rate = F.Rate(0, 0)  # weighted open severe pain on assumptions
    summary: F.Summary | None = None  # what rollups add up (a portfolio's journeys and personas)
    link: H.Link | None = None  # its place in the journey hierarchy (parent, detail, current)
    opportunities: tuple[F.ScoredOpportunity, ...] = ()  # scored, in document order
    scoring: Scoring = RICE  # the scoring model

    @property
    def worst_emotion(self) -> float | None:
        return self.lowest.value if self.lowest else None

    def open_pains(self, *severities: Severity) -> int:
        return F.open_count(self.pain_points, *severities)

    def open_on_assumptions(self, *severities: Severity) -> int:
        return F.open_count(self.pain_points, *severities, assumption_only=True)


def _days_since_review(journey: JourneyMap, today: _dt.date) -> int | None:
    return (today - journey.reviewed).days if journey.reviewed else None


def _scored(journey: JourneyMap, file: str,
            model: ScoringModel) -> tuple[tuple[F.ScoredOpportunity, ...], Scoring]:
    return F.scores(journey, model, file), (model.name, model.formula.text,
                                            tuple(sorted(model.labels.items())))


def map_facts(journey: JourneyMap, file: str, today: _dt.date, scoring: ScoringModel) -> MapFacts:
    """The report's view of one map; ``today`` is passed in so tests (and --today) can pin it,
    ``scoring`` is the model of the map's repository (:meth:`cjm.workspace.Workspace.scoring_for`)."""
    f = F.of(journey)
    opportunities, scoring_text = _scored(journey, file, scoring)
    return MapFacts(
        file=file,
        id=journey.id,
        title=journey.title,
        persona=journey.persona_label(),
        state=journey.state.value,
        reviewed=journey.reviewed,
        days_since_review=_days_since_review(journey, today),
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
        by_confidence=f.open_by_confidence(),
        severe_on_assumptions=f.severe_on_assumptions,
        summary=F.summary(journey),
        link=H.link_of(journey),
        opportunities=opportunities,
        scoring=scoring_text,
    )


# ---------------------------------------------------------------------------------------------
# portfolio


@dataclass(frozen=True)
class MapRow:
    """One map as a portfolio shows it: what its row, the ranking and the rollups read.

    Why not :class:`MapFacts`: a portfolio of a thousand maps shows a row per map, and sending
    every map's funnels, curve and pain points back from the workers, then laying them out in the
    parent alone, cost more than a sixth of validating the maps. A row is a few numbers; its JSON
    (``json``) is written in the worker, from :class:`MapFacts`, and the parent only places it.
    """

    file: str
    id: str
    title: str
    persona: str | None  # the persona's name (its id without one)
    state: str
    lang: str | None
    stages: int
    days_since_review: int | None
    lowest: F.Low | None
    open_critical: int
    open_high: int
    assumed_critical: int  # open critical pain points resting on assumptions only
    assumed_high: int
    severe_on_assumptions: F.Rate
    metrics_off_target: int
    metrics_known: int  # metrics with both a target and an actual value
    channel_load: dict[str, tuple[int, int, int]]
    channel_names: dict[str, str]  # every channel the map may use, as in :class:`MapFacts`
    summary: F.Summary
    link: H.Link
    json: str | None = None  # the map's object in ``--format json`` (one line), when asked for
    # scored, for the portfolio's ranking; with ``json``, by reference only (see :func:`map_row`)
    opportunities: tuple[F.ScoredOpportunity, ...] = ()
    scoring: Scoring = RICE

    @property
    def worst_emotion(self) -> float | None:
        return self.lowest.value if self.lowest else None


def map_row(journey: JourneyMap, file: str, today: _dt.date, scoring: ScoringModel,
            json: str | None = None) -> MapRow:
    """A map's portfolio row (with ``today`` as in :func:`map_facts`), read from its facts.

    Only the facts a row shows are computed: a text or Markdown portfolio never asks for the
    moments of truth, channel mix or trends of its maps. With the map's ``json`` written, its
    opportunities come without their inputs and pain points: the JSON has them, and the JSON
    portfolio names each opportunity by map and id. Carrying every input of a thousand maps
    back from the workers, to be dropped, was a third of what scoring added to the report.
    """
    f = F.of(journey)
    opportunities, scoring_text = _scored(journey, file, scoring)
    if json is not None:
        opportunities = tuple([o.bare() for o in opportunities])
    return MapRow(
        file=file,
        id=journey.id,
        title=journey.title,
        persona=journey.persona_label(),
        state=journey.state.value,
        lang=journey.lang,
        stages=len(journey.stages),
        days_since_review=_days_since_review(journey, today),
        lowest=f.lowest,
        open_critical=f.open_count(Severity.critical),
        open_high=f.open_count(Severity.high),
        assumed_critical=f.open_count(Severity.critical, assumption_only=True),
        assumed_high=f.open_count(Severity.high, assumption_only=True),
        severe_on_assumptions=f.severe_on_assumptions,
        metrics_off_target=len(f.metrics_off_target),
        metrics_known=len(f.metrics) - len(f.metrics_unknown),
        channel_load=f.channel_load,
        channel_names=f.channel_names,
        summary=F.summary(journey),
        link=H.link_of(journey),
        json=json,
        opportunities=opportunities,
        scoring=scoring_text,
    )


@dataclass(frozen=True)
class ChannelTotal:
    channel: str
    name: str
    maps: int
    touchpoints: int
    pain_points: int  # pain points on a touchpoint of this channel (one pain may touch several)
    severe_open: int  # of which critical or high and open


@dataclass(frozen=True)
class JourneyRollup:
    """A journey with its sub-journeys (its subtree in the same state), added up."""

    map: MapRow  # the parent journey
    maps: list[MapRow]  # the parent, then its sub-journeys depth first, in journey order
    depth: list[int]  # each map's depth below the parent (0 for the parent)
    rollup: F.Rollup


@dataclass(frozen=True)
class PersonaRollup:
    """The as-is maps of one persona, added up; to-be maps are counted, not added."""

    persona: str | None  # the persona id (None: maps without a persona)
    name: str | None
    maps: list[MapRow]
    future: list[MapRow]
    rollup: F.Rollup


@dataclass
class Portfolio:
    """``cjm report FOLDER``: one row per map, most in need of attention first."""

    today: _dt.date
    maps: list[MapRow]
    channels: list[ChannelTotal]
    invalid: list[tuple[str, str]]  # (file, first problem)
    on_assumptions: list[MapRow] = field(default_factory=list)  # see assumption_key
    journeys: list[JourneyRollup] = field(default_factory=list)
    personas: list[PersonaRollup] = field(default_factory=list)
    opportunities: list[F.Ranked] = field(default_factory=list)  # open ones across maps, ranked
    done: list[F.ScoredOpportunity] = field(default_factory=list)  # done ones, apart
    scoring: list[Scoring] = field(default_factory=list)  # the models the maps use


def assumption_key(facts: MapRow) -> tuple[float, int, str]:
    """The largest share of severe pain resting on assumptions first, then the most of it.

    Maps with no open severe pain are not ranked (a share of nothing says nothing).
    """
    share = facts.severe_on_assumptions.fraction or 0.0
    return (-share, -facts.severe_on_assumptions.count, facts.file)


def attention_key(facts: MapRow) -> tuple[int, int, int, float, float, str]:
    """Open critical pains, then open high pains, metrics off target, the worst emotion, staleness.

    Lexicographic on purpose: one open critical pain outweighs any number of stale reviews, and a
    reader can tell why a map is above another by reading the row.
    """
    stale = float("inf") if facts.days_since_review is None else float(facts.days_since_review)
    worst = facts.worst_emotion if facts.worst_emotion is not None else 6.0
    return (
        -facts.open_critical,
        -facts.open_high,
        -facts.metrics_off_target,
        worst,
        -stale,
        facts.file,
    )


def portfolio(
    maps: list[MapRow], today: _dt.date, invalid: list[tuple[str, str]] | None = None
) -> Portfolio:
    """The maps' rows (from :func:`map_row` with the same ``today``) as one portfolio."""
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
    weak = sorted((f for f in maps if f.severe_on_assumptions.base), key=assumption_key)
    todo, done = F.ranked(o for f in maps for o in f.opportunities)
    done.sort(key=lambda o: (o.file, o.order))
    models = sorted({f.scoring for f in maps if f.opportunities})
    return Portfolio(today, ranked, channels, sorted(invalid or []), on_assumptions=weak,
                     journeys=journey_rollups(maps), personas=persona_rollups(maps),
                     opportunities=todo, done=done, scoring=models)


def _link(row: MapRow) -> H.Link:
    return row.link


def journey_rollups(maps: list[MapRow]) -> list[JourneyRollup]:
    """One rollup per journey that has sub-journeys, in the order of the journey tree.

    The tree (:mod:`cjm.hierarchy`) is built over the maps sorted by title and file, so the
    order does not depend on the attention ranking or on which worker finished first.
    """
    ordered = sorted(maps, key=lambda m: (m.title.casefold(), m.file))
    out: list[JourneyRollup] = []
    for node in H.walk(H.tree(ordered, _link)):
        subtree = node.subtree()
        if len(subtree) > 1:
            out.append(JourneyRollup(node.item, [n.item for n in subtree],
                                     [n.depth - node.depth for n in subtree],
                                     H.rollup(node, lambda m: m.summary)))
    return out


def persona_rollups(maps: list[MapRow]) -> list[PersonaRollup]:
    """One rollup per persona id, maps without a persona last; empty when no map names a persona."""
    groups: dict[str | None, list[MapRow]] = {}
    for m in sorted(maps, key=lambda m: (m.title.casefold(), m.file)):
        groups.setdefault(m.summary.persona, []).append(m)
    if set(groups) == {None}:
        return []
    out = []
    for key in sorted(groups, key=lambda k: (k is None, k or "")):
        members = groups[key]
        current = [m for m in members if m.state != "future"]
        name = next((m.persona for m in members if m.persona), None)
        out.append(PersonaRollup(key, name, current, [m for m in members if m.state == "future"],
                                 F.rollup(m.summary for m in current)))
    return out
