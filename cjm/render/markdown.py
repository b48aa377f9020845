"""The map as a Markdown summary: one section per stage with tables, the Mermaid diagram on top.

Made for READMEs, wikis and pull-request comments (GitHub renders the Mermaid block natively).
Map text is escaped for Markdown tables and inline text: ``|`` and ``\\`` are backslash-escaped,
line breaks become spaces, and ``<``/``>``/``&`` become entities so a name cannot open HTML.
"""

from __future__ import annotations

from .. import facts as F
from ..i18n import numbers as n
from ..model import JourneyMap, Stage
from ..text import markdown as md
from . import mermaid
from .options import Options


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def _unit(value: float | None, unit: str | None) -> str:
    return md(n.with_unit(value, unit)) if unit else n.number(value)


def _drop(step: F.FunnelStep) -> str:
    if step.growth:
        return f"+{n.integer(step.growth)} more than the previous step"
    return n.rate(step.drop_off) if step.drop_off is not None else "–"


def _stage(stage: Stage, index: int, f: F.JourneyFacts) -> list[str]:
    out = [f"## {index}. {md(stage.name)}", ""]
    if stage.description:
        out += [md(stage.description), ""]
    if stage.customer_goal:
        out += [f"**Customer goal:** {md(stage.customer_goal)}", ""]
    point = f.stage_emotion(stage.id)
    if point is not None and point.value is not None:
        out += [f"**Emotion:** {n.emotion(point.value)} of 5", ""]
    for thought in stage.thoughts:
        out += [f"> {md(thought)}", ""]
    if stage.touchpoints:
        out += ["### Touchpoints", ""]
        out += _table(
            ["Touchpoint", "Channel", "Emotion", "Owner"],
            [
                [md(t.name), md(f.channel_name(t.channel)), f"{t.emotion}/5" if t.emotion else "–", md(t.owner)]
                for t in stage.touchpoints
            ],
        )
    if stage.moments_of_truth:
        out += ["### Moments of truth", ""]
        out += _table(
            ["Moment", "Kind", "Touchpoint"],
            [
                [md(m.name), m.kind.value if m.kind else "–", md(f.touchpoint_name(m.touchpoint)) if m.touchpoint else "–"]
                for m in stage.moments_of_truth
            ],
        )
    if stage.pain_points:
        out += ["### Pain points", ""]
        out += _table(
            ["Pain point", "Severity", "Touchpoints", "Open", "Evidence"],
            [
                [
                    md(p.name),
                    p.severity.value if p.severity else "–",
                    ", ".join(md(f.touchpoint_name(r)) for r in p.touchpoints) or "–",
                    "yes" if f.is_open(p.id) else "no (resolved)",
                    md(p.evidence),
                ]
                for p in stage.pain_points
            ],
        )
    if stage.opportunities:
        out += ["### Opportunities", ""]
        out += _table(
            ["Opportunity", "Status", "Impact", "Effort", "Addresses", "Owner"],
            [
                [
                    md(o.name),
                    o.status.value.replace("_", " ") if o.status else "–",
                    o.impact.value if o.impact else "–",
                    o.effort.value if o.effort else "–",
                    ", ".join(md(f.pain_point_name(r)) for r in o.addresses) or "–",
                    md(o.owner),
                ]
                for o in stage.opportunities
            ],
        )
    rows = []
    for funnel in reversed(f.funnels):  # the latest period first, as on the board
        for step in funnel.steps:
            done = step.completed
            if step.stage_id != stage.id or done is None:
                continue
            rows.append([
                md(step.action),
                n.integer(done.count),
                n.integer(done.base) if done.base is not None else "–",
                n.percent(done.fraction),
                _drop(step),
                md(funnel.period),
            ])
    measured = {s.action_id for fn in f.funnels for s in fn.steps if s.completed is not None}
    rows += [[md(d.name), "–", "–", "–", "–", ""] for d in stage.desired_actions
             if d.id not in measured]
    if rows:
        out += ["### Desired actions", ""]
        out += _table(["Desired action", "Completed", "Of", "Conversion", "Drop-off", "Period"], rows)
    if stage.metrics:
        out += ["### Metrics", ""]
        out += _table(
            ["Metric", "Actual", "Target", "Better", "Status"],
            [
                [
                    md(m.name),
                    _unit(m.actual, m.unit),
                    _unit(m.target, m.unit),
                    "lower" if m.direction.value == "lower_is_better" else "higher",
                    {"met": "✅ met", "missed": "❌ missed", "unknown": "no data"}[f.metrics[m.id].status],
                ]
                for m in stage.metrics
            ],
        )
    return out


def render(journey: JourneyMap, options: Options | None = None) -> str:
    """The Markdown summary; deterministic, ending with one newline."""
    f = F.of(journey)
    persona = journey.persona_profile()
    state = "future state (to-be)" if journey.state.value == "future" else "current state (as-is)"
    out = [f"# {md(journey.title)}", ""]
    if journey.description:
        out += [md(journey.description), ""]
    meta = [f"**State:** {state}"]
    if persona or journey.persona:
        meta.append(f"**Persona:** {md(persona.name if persona else journey.persona)}")
    if journey.owner:
        meta.append(f"**Owner:** {md(journey.owner)}")
    meta.append(f"**Reviewed:** {journey.reviewed.isoformat() if journey.reviewed else 'never'}")
    out += [" · ".join(meta), ""]
    open_pp = f.open_by_severity()
    off = f.metrics_off_target
    summary = f"**Open pain points:** {len(f.open_pain_points)}"
    if open_pp:
        summary += " (" + ", ".join(f"{count} {sev.value if sev else 'unrated'}"
                                    for sev, count in open_pp) + ")"
    summary += f" · **Metrics off target:** {len(off)} of {len(f.metrics)}"
    out += [summary, ""]
    out += ["```mermaid", mermaid.render(journey).rstrip("\n"), "```", ""]
    for i, stage in enumerate(journey.stages, 1):
        out += _stage(stage, i, f)
    return "\n".join(out).rstrip("\n") + "\n"
