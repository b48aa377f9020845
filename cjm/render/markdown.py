"""The map as a Markdown summary: one section per stage with tables, the Mermaid diagram on top.

Made for READMEs, wikis and pull-request comments (GitHub renders the Mermaid block natively).
Map text is escaped for Markdown tables and inline text: ``|`` and ``\\`` are backslash-escaped,
line breaks become spaces, and ``<``/``>``/``&`` become entities so a name cannot open HTML.
"""

from __future__ import annotations

from typing import Any

from .. import facts as F
from ..i18n import Language, language
from ..i18n import numbers as n
from ..i18n.labels import channel_label, evidence_item, label, severity_count
from ..model import JourneyMap, Stage
from ..text import markdown as md
from . import mermaid
from .options import Options


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines + [""]


def _unit(value: float | None, unit: str | None, lang: Language) -> str:
    return md(n.with_unit(value, unit, lang)) if unit else n.number(value, lang)


def _drop(step: F.FunnelStep, lang: Language) -> str:
    if step.growth:
        return "+" + lang.gettext("%(count)s more than the previous step") % {
            "count": n.integer(step.growth, lang)}
    return n.rate(step.drop_off, lang) if step.drop_off is not None else "–"


def _evidence(backing: F.Backing, lang: Language) -> str:
    if backing.text is not None:
        return md(backing.text)
    return "; ".join(md(evidence_item(item, lang)) for item in backing.items)


def _stage(stage: Stage, index: int, journey: JourneyMap, lang: Language) -> list[str]:
    """One stage's section: its own fields, then a table per lane that has items."""
    f = F.of(journey)
    out = _stage_head(stage, index, f, lang)
    for lane in (_touchpoints, _moments, _pains, _opportunities, _desired_actions, _metrics):
        out += lane(stage, journey, f, lang)
    return out


def _stage_head(stage: Stage, index: int, f: F.JourneyFacts, lang: Language) -> list[str]:
    _ = lang.gettext
    out = [f"## {index}. {md(stage.name)}", ""]
    if stage.description:
        out += [md(stage.description), ""]
    if stage.customer_goal:
        out += ["**" + _("Customer goal") + ":** " + f"{md(stage.customer_goal)}", ""]
    point = f.stage_emotion(stage.id)
    if point is not None and point.value is not None:
        value = _("%(value)s of 5") % {"value": n.emotion(point.value, lang)}
        out += ["**" + _("Emotion") + ":** " + value, ""]
    for thought in stage.thoughts:
        out += [f"> {md(thought)}", ""]
    return out


def _touchpoints(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    _ = lang.gettext
    if not stage.touchpoints:
        return []
    return ["### " + _("Touchpoints"), ""] + _table(
        [_("Touchpoint"), _("Channel"), _("Emotion"), _("Owner")],
        [
            [md(t.name), md(channel_label(journey, t.channel, lang)) if t.channel else "",
             f"{t.emotion}/5" if t.emotion else "–", md(t.owner)]
            for t in stage.touchpoints
        ],
    )


def _moments(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    _ = lang.gettext
    if not stage.moments_of_truth:
        return []
    return ["### " + _("Moments of truth"), ""] + _table(
        [_("Moment"), _("Kind"), _("Touchpoint")],
        [
            [md(m.name), label("moment", m.kind, lang) if m.kind else "–",
             md(f.touchpoint_name(m.touchpoint)) if m.touchpoint else "–"]
            for m in stage.moments_of_truth
        ],
    )


def _pains(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    _ = lang.gettext
    if not stage.pain_points:
        return []
    return ["### " + _("Pain points"), ""] + _table(
        [_("Pain point"), _("Severity"), _("Touchpoints"), _("Open"), _("Confidence"),
         _("Evidence")],
        [
            [
                md(p.name),
                label("severity", p.severity, lang) if p.severity else "–",
                ", ".join(md(f.touchpoint_name(r)) for r in p.touchpoints) or "–",
                _("yes") if f.is_open(p.id) else _("no (resolved)"),
                label("confidence", fact.confidence, lang),
                _evidence(fact.backing, lang),
            ]
            for p in stage.pain_points
            for fact in [f.pain_index[p.id]]
        ],
    )


def _opportunities(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    _ = lang.gettext
    if not stage.opportunities:
        return []
    return ["### " + _("Opportunities"), ""] + _table(
        [_("Opportunity"), _("Status"), _("Impact"), _("Effort"), _("Addresses"), _("Owner")],
        [
            [
                md(o.name),
                label("status", o.status, lang) if o.status else "–",
                label("level", o.impact, lang),
                label("level", o.effort, lang),
                ", ".join(md(f.pain_point_name(r)) for r in o.addresses) or "–",
                md(o.owner),
            ]
            for o in stage.opportunities
        ],
    )


def _desired_actions(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    """The stage's funnel steps in every period, the latest first as on the board, then the
    desired actions never measured."""
    _ = lang.gettext
    rows = []
    for funnel in reversed(f.funnels):
        for step in funnel.steps:
            done = step.completed
            if step.stage_id != stage.id or done is None:
                continue
            rows.append([
                md(step.action),
                n.integer(done.count, lang),
                n.integer(done.base, lang) if done.base is not None else "–",
                n.percent(done.fraction, lang),
                _drop(step, lang),
                md(funnel.period),
            ])
    measured = {s.action_id for fn in f.funnels for s in fn.steps if s.completed is not None}
    rows += [[md(d.name), "–", "–", "–", "–", ""] for d in stage.desired_actions
             if d.id not in measured]
    if not rows:
        return []
    return ["### " + _("Desired actions"), ""] + _table(
        [_("Desired action"), _("Completed"), _("Of"), _("Conversion"), _("Drop-off"), _("Period")],
        rows)


def _metrics(stage: Stage, journey: JourneyMap, f: F.JourneyFacts, lang: Language) -> list[str]:
    """The stage's own metrics and the library metrics its desired actions name."""
    _ = lang.gettext
    metrics = f.metrics_at(stage.id)
    if not metrics:
        return []
    status = {"met": "✅ " + _("met"), "missed": "❌ " + _("missed"), "unknown": _("no data")}
    return ["### " + _("Metrics"), ""] + _table(
        [_("Metric"), _("Actual"), _("Target"), _("Direction"), _("Status")],
        [
            [
                md(m.name),
                _unit(m.actual, m.unit, lang),  # derived from history when absent
                _unit(m.target, m.unit, lang),
                label("direction", m.direction, lang),
                status[m.status],
            ]
            for m in metrics
        ],
    )


def _sub_journeys(journey: JourneyMap, details: dict[str, Any], lang: Language) -> list[str]:
    """The stages and touchpoints that zoom into a sub-journey (``detail:``), each with the
    sub-journey's title and its own summary (:class:`cjm.facts.Summary`, as the board shows it);
    a sub-journey cjm did not find is named by its id."""
    from ..hierarchy import details_of

    _ = lang.gettext
    f = F.of(journey)
    stages = {s.id: s for s in journey.stages}
    rows = []
    for stage_id, touchpoint_id, target in details_of(journey):
        found = details.get(target)
        summary = found.summary if found is not None else None
        title = md(summary.title) if summary is not None else f"`{md(target)}`"
        if found is not None and found.href:
            title = f"[{title}]({found.href})"
        conversion = "–"
        if summary is not None and summary.overall is not None:
            conversion = n.rate(summary.overall, lang) + (f", {md(summary.period)}" if summary.period else "")
        lowest = "–"
        if summary is not None and summary.lowest is not None:
            lowest = f"{n.emotion(summary.lowest.value, lang)} ({md(summary.lowest.stage)})"
        pains = "–"
        if summary is not None:
            pains = ", ".join(severity_count(sev, count, lang) for sev, count in summary.open_by_severity) or "0"
        rows.append([md(stages[stage_id].name), md(f.touchpoint_name(touchpoint_id)) if touchpoint_id else "–",
                     title, conversion, lowest, pains])
    if not rows:
        return []
    return ["## " + _("Sub-journeys"), ""] + _table(
        [_("Stage"), _("Touchpoint"), _("Sub-journey"), _("Conversion"), _("Lowest emotion"),
         _("Open pain points")], rows)


def render(journey: JourneyMap, options: Options | None = None) -> str:
    """The Markdown summary; deterministic, ending with one newline."""
    lang = language((options.lang if options else None) or journey.lang)
    _ = lang.gettext
    f = F.of(journey)
    persona = journey.persona_profile()
    out = [f"# {md(journey.title)}", ""]
    parent = options.extra.get("parent") if options else None  # cjm.render.site.ParentJourney
    if parent is not None:
        up = f"[{md(parent.title)}]({parent.href})" if parent.href else md(parent.title)
        out += ["↑ " + _("part of %(title)s") % {"title": up}, ""]
    if journey.description:
        out += [md(journey.description), ""]
    meta = ["**" + _("State") + ":** " + f"{label('state', journey.state, lang)}"]
    if persona or journey.persona:
        meta.append("**" + _("Persona") + ":** " + f"{md(persona.name if persona else journey.persona)}")
    if journey.owner:
        meta.append("**" + _("Owner") + ":** " + f"{md(journey.owner)}")
    reviewed = n.date(journey.reviewed, lang) if journey.reviewed else _("never")
    meta.append("**" + _("Reviewed") + ":** " + f"{reviewed}")
    out += [" · ".join(meta), ""]
    open_pp = f.open_by_severity()
    off = f.metrics_off_target
    summary = "**" + _("Open pain points") + ":** " + f"{n.integer(len(f.open_pain_points), lang)}"
    if open_pp:
        summary += " (" + ", ".join(severity_count(sev, count, lang) for sev, count in open_pp) + ")"
    off_text = _("%(count)s of %(base)s") % {"count": n.integer(len(off), lang),
                                            "base": n.integer(len(f.metrics), lang)}
    summary += " · **" + _("Metrics off target") + ":** " + off_text
    out += [summary, ""]
    out += ["```mermaid", mermaid.render(journey, options).rstrip("\n"), "```", ""]
    for i, stage in enumerate(journey.stages, 1):
        out += _stage(stage, i, journey, lang)
    out += _sub_journeys(journey, options.extra.get("details", {}) if options else {}, lang)
    return "\n".join(out).rstrip("\n") + "\n"
