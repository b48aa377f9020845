"""The numbers and links the views show, computed once from the model (never in templates).

Templates only lay out what this module says: which pain points are still open, how many
customers each step of the funnel kept or lost, which metrics are off target, which opportunity
addresses which pain point. Keeping it here means the HTML board, the Markdown summary and the
site index agree, and each fact is tested without parsing HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import (
    CompletedAction,
    DesiredAction,
    JourneyMap,
    Metric,
    Opportunity,
    PainPoint,
    Persona,
    Severity,
    Stage,
    Status,
    Touchpoint,
)

SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.critical,
    Severity.high,
    Severity.medium,
    Severity.low,
)
EMOTION_WORDS: dict[int, str] = {
    1: "very negative",
    2: "negative",
    3: "neutral",
    4: "positive",
    5: "very positive",
}


@dataclass(frozen=True)
class FunnelStep:
    """One completed action in journey order, with what it kept from the step before."""

    action: CompletedAction
    desired: DesiredAction | None
    stage: Stage
    rate: float | None  # count / of
    drop_off: float | None  # share of the previous step's customers lost before this one


@dataclass(frozen=True)
class MetricFact:
    metric: Metric
    stage: Stage
    met: bool | None

    @property
    def status(self) -> str:
        return {True: "met", False: "missed", None: "unknown"}[self.met]


@dataclass
class Facts:
    """Everything derived about one map. Lists are in document order."""

    journey: JourneyMap
    touchpoints: dict[str, tuple[Stage, Touchpoint]] = field(default_factory=dict)
    pain_points: dict[str, tuple[Stage, PainPoint]] = field(default_factory=dict)
    desired: dict[str, DesiredAction] = field(default_factory=dict)
    metrics: dict[str, MetricFact] = field(default_factory=dict)
    addressed_by: dict[str, list[Opportunity]] = field(default_factory=dict)
    funnel: list[FunnelStep] = field(default_factory=list)
    channel_names: dict[str, str] = field(default_factory=dict)

    # --- pain points -------------------------------------------------------------------------
    def is_open(self, pain: PainPoint) -> bool:
        """Open until an opportunity that addresses it is ``done``."""
        return not any(o.status is Status.done for o in self.addressed_by.get(pain.id, []))

    def open_pain_points(self) -> list[PainPoint]:
        return [p for _, p in self.pain_points.values() if self.is_open(p)]

    def open_by_severity(self) -> list[tuple[str, int]]:
        """(severity, count) from critical to low, only non-zero; unrated ones last."""
        counts: dict[str, int] = {}
        for pain in self.open_pain_points():
            key = pain.severity.value if pain.severity else "unrated"
            counts[key] = counts.get(key, 0) + 1
        order = [s.value for s in SEVERITY_ORDER] + ["unrated"]
        return [(key, counts[key]) for key in order if key in counts]

    # --- metrics -----------------------------------------------------------------------------
    def metrics_off_target(self) -> list[MetricFact]:
        return [f for f in self.metrics.values() if f.met is False]

    def metric_of(self, desired: DesiredAction) -> MetricFact | None:
        return self.metrics.get(desired.metric) if desired.metric else None

    # --- names for references ------------------------------------------------------------------
    def touchpoint_name(self, ref: str) -> str:
        found = self.touchpoints.get(ref)
        return found[1].name if found else ref

    def pain_point_name(self, ref: str) -> str:
        found = self.pain_points.get(ref)
        return found[1].name if found else ref

    def channel_name(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        return self.channel_names.get(ref, ref)

    def persona(self) -> Persona | None:
        return self.journey.persona_profile()

    def stage_emotion(self, stage: Stage) -> float | None:
        """The stage's own emotion, else the mean of its touchpoints' emotions."""
        if stage.emotion is not None:
            return float(stage.emotion)
        values = [t.emotion for t in stage.touchpoints if t.emotion is not None]
        return sum(values) / len(values) if values else None

    def step_of(self, action: CompletedAction) -> FunnelStep | None:
        for step in self.funnel:
            if step.action is action:
                return step
        return None


def facts(journey: JourneyMap) -> Facts:
    """Derive :class:`Facts` from a (valid or nearly valid) map; dangling references are tolerated."""
    out = Facts(journey, channel_names=journey.channel_names())
    for _, stage, tp in journey.lane_items("touchpoints"):
        out.touchpoints.setdefault(tp.id, (stage, tp))
    for _, stage, pain in journey.lane_items("pain_points"):
        out.pain_points.setdefault(pain.id, (stage, pain))
    for _, _, desired in journey.lane_items("desired_actions"):
        out.desired.setdefault(desired.id, desired)
    for _, stage, metric in journey.lane_items("metrics"):
        out.metrics.setdefault(metric.id, MetricFact(metric, stage, metric.met))
    out.addressed_by = journey.addressed_by()
    previous: CompletedAction | None = None
    for _, stage, action in journey.lane_items("completed_actions"):
        drop = None
        if previous is not None and previous.count > 0 and action.count <= previous.count:
            drop = 1 - action.count / previous.count
        desired = out.desired.get(action.fulfils) if action.fulfils else None
        out.funnel.append(FunnelStep(action, desired, stage, action.rate, drop))
        previous = action
    return out


def fmt_number(value: float | int | None) -> str:
    """Numbers as people write them on a board: thousands grouped, no trailing ``.0``."""
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u202f")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u202f")


def fmt_percent(value: float | None) -> str:
    if value is None:
        return "–"
    pct = value * 100
    if pct == 0 or pct >= 10:
        return f"{pct:.0f}%"
    if pct >= 0.1:
        return f"{pct:.1f}%"
    return f"{pct:.2g}%"  # 0.0076%: small rates at the top of a funnel still need a figure
