"""What each kind of map element is called, and which kind a list holds by its key.

Shared by validation messages, the hints for syntax errors (which must not import validate: the
loader uses them) and diff: "unknown field in touchpoint", "belongs to stage 'compare'".
"""

from __future__ import annotations

from . import model as m

# Which model a list of mappings holds, by the key it hangs under: how an unknown field is
# explained ("in a touchpoint: did you mean 'channel'?").
CONTAINERS: dict[str, type[m.Element]] = {
    "personas": m.Persona,
    "channels": m.Channel,
    "stages": m.Stage,
    "touchpoints": m.Touchpoint,
    "moments_of_truth": m.MomentOfTruth,
    "pain_points": m.PainPoint,
    "desired_actions": m.DesiredAction,
    "completed_actions": m.CompletedAction,
    "opportunities": m.Opportunity,
    "metrics": m.Metric,
    "history": m.MetricPoint,
    "evidence": m.EvidenceItem,
}
KIND_NAMES: dict[type[m.Element], str] = {
    m.JourneyMap: "map",
    m.Library: "library",
    m.Persona: "persona",
    m.Channel: "channel",
    m.Stage: "stage",
    m.Touchpoint: "touchpoint",
    m.MomentOfTruth: "moment of truth",
    m.PainPoint: "pain point",
    m.DesiredAction: "desired action",
    m.CompletedAction: "completed action",
    m.Opportunity: "opportunity",
    m.Metric: "metric",
    m.MetricPoint: "history point",
    m.EvidenceItem: "evidence item",
}
