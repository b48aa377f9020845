"""The map as a Markdown summary: one section per stage with tables, the Mermaid diagram on top.

Made for READMEs, wikis and pull-request comments (GitHub renders the Mermaid block natively).
Map text is escaped for Markdown tables and inline text: ``|`` and ``\\`` are backslash-escaped,
line breaks become spaces, and ``<``/``>``/``&`` become entities so a name cannot open HTML.
"""

from __future__ import annotations

from ..model import JourneyMap, Stage
from ..text import markdown as md
from . import mermaid
from .facts import Facts, facts, fmt_number, fmt_percent
from .options import Options


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def _unit(value: float | None, unit: str | None) -> str:
    text = fmt_number(value)
    if value is None or not unit:
        return text
    return f"{text}{md(unit)}" if unit == "%" else f"{text} {md(unit)}"


def _stage(stage: Stage, index: int, f: Facts) -> list[str]:
    out = [f"## {index}. {md(stage.name)}", ""]
    if stage.description:
        out += [md(stage.description), ""]
    if stage.customer_goal:
        out += [f"**Customer goal:** {md(stage.customer_goal)}", ""]
    emotion = f.stage_emotion(stage)
    if emotion is not None:
        out += [f"**Emotion:** {fmt_number(round(emotion, 1))} of 5", ""]
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
                    "yes" if f.is_open(p) else "no (resolved)",
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
    steps = [s for s in f.funnel if s.stage is stage]
    if stage.desired_actions or steps:
        out += ["### Desired actions", ""]
        rows = []
        for step in steps:
            a = step.action
            rows.append([
                md(step.desired.name) if step.desired else md(a.id),
                fmt_number(a.count),
                fmt_number(a.of) if a.of is not None else "–",
                fmt_percent(step.rate),
                fmt_percent(step.drop_off) if step.drop_off is not None else "–",
                md(a.period),
            ])
        done = {s.desired.id for s in steps if s.desired}
        rows += [[md(d.name), "–", "–", "–", "–", ""] for d in stage.desired_actions if d.id not in done]
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
                    {True: "✅ met", False: "❌ missed", None: "no data"}[m.met],
                ]
                for m in stage.metrics
            ],
        )
    return out


def render(journey: JourneyMap, options: Options | None = None) -> str:
    """The Markdown summary; deterministic, ending with one newline."""
    f = facts(journey)
    persona = f.persona()
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
    off = f.metrics_off_target()
    summary = f"**Open pain points:** {sum(n for _, n in open_pp)}"
    if open_pp:
        summary += " (" + ", ".join(f"{n} {sev}" for sev, n in open_pp) + ")"
    summary += f" · **Metrics off target:** {len(off)} of {len(f.metrics)}"
    out += [summary, ""]
    out += ["```mermaid", mermaid.render(journey).rstrip("\n"), "```", ""]
    for i, stage in enumerate(journey.stages, 1):
        out += _stage(stage, i, f)
    return "\n".join(out).rstrip("\n") + "\n"
