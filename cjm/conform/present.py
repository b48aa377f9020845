"""A :class:`cjm.facts.Conformance` as text (a terminal, summary first), JSON (documented in
docs/conform.md) and Markdown (a pull-request comment), in the map's language.

These only format: every number comes from :mod:`cjm.facts.conformance`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..facts import Rate, half_up
from ..facts.conformance import Conformance, MoveKind
from ..i18n import Language
from ..i18n import numbers as n
from ..model import JourneyMap

TOP = 10  # unplanned transitions and ad hoc activities shown in text and Markdown


@dataclass(frozen=True)
class Checked:
    """One map's conformance, with what outputs name it by."""

    journey: JourneyMap
    log: str
    facts: Conformance


def fitness_text(value: float | None, lang: Language) -> str:
    """Fitness to three decimals (``0.554``); "not applicable" without cases."""
    if value is None:
        return lang.gettext("not applicable")
    return n.number(half_up(value, 3), lang)


def share_text(count: int, base: int, lang: Language) -> str:
    """``3 of 6 (50.0%)``; without cases "not applicable", never 0% or 100%."""
    if not base:
        return lang.gettext("not applicable")
    return n.rate(Rate(count, base), lang)


def times(count: int, cases: int, lang: Language) -> str:
    """``3 times in 2 cases``, each number in its own plural form (and case, where the
    language declines the noun after "in")."""
    in_cases = lang.ngettext("in %(num)s case", "in %(num)s cases", cases) % {"num": n.integer(cases, lang)}
    return lang.ngettext("%(count)s time %(in_cases)s", "%(count)s times %(in_cases)s", count) % {
        "count": n.integer(count, lang), "in_cases": in_cases}


def kind_label(kind: MoveKind | None, lang: Language) -> str:
    _ = lang.gettext
    return {
        MoveKind.start: _("wrong start"),
        MoveKind.repeat: _("repeat"),
        MoveKind.backward: _("backward"),
        MoveKind.same_stage: _("within the stage"),
        MoveKind.forward: _("skips ahead"),
        None: "",
    }[kind]


class Names:
    """Touchpoint and stage names of a map, for outputs (ids stay in JSON)."""

    def __init__(self, journey: JourneyMap, lang: Language) -> None:
        self.tp = {tp.id: tp.name for s in journey.stages for tp in s.touchpoints}
        self.stage = {s.id: s.name for s in journey.stages}
        self.lang = lang

    def point(self, tp_id: str | None) -> str:
        if tp_id is None:
            return self.lang.gettext("START")
        return self.tp.get(tp_id, tp_id)


def words(lang: Language) -> dict[str, str]:
    """The report's labels in ``lang`` (gettext calls written out here, where Babel finds them)."""
    _ = lang.gettext
    return {
        "Ad hoc events": _("Ad hoc events"),
        "Cases missing a stage": _("Cases missing a stage"),
        "Conforming cases": _("Conforming cases"),
        "Failed cases": _("Failed cases"),
        "Fitness": _("Fitness"),
        "Irregular moves": _("Irregular moves"),
        "Measure": _("Measure"),
        "Missing": _("Missing"),
        "Stage": _("Stage"),
        "Top ad hoc activities": _("Top ad hoc activities"),
        "Top unplanned transitions": _("Top unplanned transitions"),
        "Value": _("Value"),
        "Visited": _("Visited"),
        "cases that visit it; cases missing it": _("cases that visit it; cases missing it"),
        "cases with them": _("cases with them"),
        "cases, events": _("cases, events"),
        "missing": _("missing"),
        "no touchpoint": _("no touchpoint"),
        "planned journey against the log": _("planned journey against the log"),
    }


def _kinds(c: Conformance, lang: Language) -> str:
    return ", ".join(f"{n.integer(count, lang)} {kind_label(kind, lang)}" for kind, count in c.kinds)


def text(checked: Sequence[Checked], lang: Language) -> str:
    """The terminal report: per map, the summary first, then stages, transitions, activities."""
    return "\n".join(_text_one(ch, lang) for ch in checked)


def _text_one(ch: Checked, lang: Language) -> str:
    _ = lang.gettext
    w = words(lang)
    c, names = ch.facts, Names(ch.journey, lang)
    out = [f"{ch.journey.title} ← {ch.log}",
           _("%(cases)s, %(events)s") % {
               "cases": lang.ngettext("%(num)s case", "%(num)s cases", c.cases) % {"num": n.integer(c.cases, lang)},
               "events": lang.ngettext("%(num)s event", "%(num)s events", c.events) % {"num": n.integer(c.events, lang)}},
           f"{w['Fitness']}: {fitness_text(c.fitness, lang)}",
           f"{w['Conforming cases']}: {share_text(c.conforming.count, c.cases, lang)}",
           f"{w['Ad hoc events']}: {n.integer(c.ad_hoc_events, lang)}; "
           f"{w['cases with them']}: {share_text(c.with_ad_hoc.count, c.cases, lang)}",
           f"{w['Irregular moves']}: {n.integer(c.moves - c.allowed_moves, lang)}"
           + (f" ({_kinds(c, lang)})" if c.kinds else "")
           + f"; {w['cases with them']}: {share_text(c.with_irregular.count, c.cases, lang)}",
           f"{w['Cases missing a stage']}: {share_text(c.with_missing.count, c.cases, lang)}",
           f"{w['Failed cases']}: {share_text(c.failed.count, c.cases, lang)}",
           "", _("Stages") + f" ({w['cases that visit it; cases missing it']})"]
    width = max((len(names.stage[s.id]) for s in c.stages), default=0)
    for i, s in enumerate(c.stages, 1):
        out.append(f"  {i}. {names.stage[s.id].ljust(width)}  {share_text(s.visited.count, c.cases, lang)}; "
                   f"{w['missing']} {share_text(s.missing.count, c.cases, lang)}")
    out += ["", _("Touchpoints") + f" ({w['cases, events']})"]
    for t in c.touchpoints:
        out.append(f"  {names.point(t.id)}: {share_text(t.cases.count, c.cases, lang)}, "
                   + lang.ngettext("%(num)s event", "%(num)s events", t.events) % {"num": n.integer(t.events, lang)})
    unplanned = c.unplanned[:TOP]
    if unplanned:
        out += ["", _("Top unplanned transitions")]
        for tr in unplanned:
            out.append(f"  {names.point(tr.source)} → {names.point(tr.target)}: "
                       + times(tr.count, tr.cases, lang)
                       + f" ({kind_label(tr.kind, lang)})")
    if c.ad_hoc:
        out += ["", _("Top ad hoc activities")]
        for activity, events, cases in c.ad_hoc[:TOP]:
            out.append(f"  {activity}: " + times(events, cases, lang))
    if c.stopped:
        out += ["", _("Failed cases stopped at")]
        for where, count in c.stopped:
            out.append(f"  {names.point(where) if where else w['no touchpoint']}: "
                       + lang.ngettext("%(num)s case", "%(num)s cases", count) % {"num": n.integer(count, lang)})
    return "\n".join(out) + "\n"


def _share(count: int, base: int) -> dict[str, Any]:
    return {"count": count, "of": base, "share": count / base if base else None}


def as_dict(ch: Checked) -> dict[str, Any]:
    """The JSON of one map's conformance (docs/conform.md lists every key)."""
    c = ch.facts
    stage_names = {s.id: s.name for s in ch.journey.stages}
    tp_names = {tp.id: tp.name for s in ch.journey.stages for tp in s.touchpoints}
    out: dict[str, Any] = {
        "map": ch.journey.id, "title": ch.journey.title, "log": ch.log,
        "cases": c.cases, "events": c.events,
        "fitness": c.fitness, "log_fitness": c.log_fitness,
        "conforming": _share(c.conforming.count, c.cases),
        "failed": _share(c.failed.count, c.cases),
        "with_ad_hoc": _share(c.with_ad_hoc.count, c.cases),
        "with_irregular": _share(c.with_irregular.count, c.cases),
        "with_missing": _share(c.with_missing.count, c.cases),
        "moves": c.moves, "allowed_moves": c.allowed_moves, "ad_hoc_events": c.ad_hoc_events,
        "irregular_by_kind": {k.value: count for k, count in c.kinds},
        "stages": [{"id": s.id, "name": stage_names.get(s.id, s.id), "visited": _share(s.visited.count, c.cases),
                    "missing": _share(s.missing.count, c.cases)} for s in c.stages],
        "touchpoints": [{"id": t.id, "name": tp_names.get(t.id, t.id), "stage": t.stage_id, "events": t.events,
                         "cases": _share(t.cases.count, c.cases)} for t in c.touchpoints],
        "transitions": [{"from": t.source, "to": t.target, "count": t.count, "cases": t.cases,
                         "allowed": t.allowed, "kind": t.kind.value if t.kind else None}
                        for t in c.transitions],
        "ad_hoc": [{"activity": a, "events": e, "cases": k} for a, e, k in c.ad_hoc],
        "stopped": [{"touchpoint": w, "cases": k} for w, k in c.stopped],
    }
    if c.results is not None:
        out["per_case"] = [{
            "case": r.case, "events": r.events, "path": list(r.path), "ad_hoc": list(r.ad_hoc),
            "moves": r.moves, "allowed_moves": r.allowed, "fitness": r.fitness,
            "irregular": [{"from": m.source, "to": m.target, "kind": m.kind.value} for m in r.irregular],
            "missing": list(r.missing), "failed": r.failed, "last": r.last, "conforming": r.conforming,
        } for r in c.results]
    return out


def as_json(checked: Sequence[Checked], gate: dict[str, Any] | None = None) -> str:
    body: dict[str, Any] = ({"maps": [as_dict(ch) for ch in checked]} if len(checked) != 1
                            else as_dict(checked[0]))
    if gate is not None:
        body["gate"] = gate
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _md(text: str) -> str:
    from ..text import markdown as escape

    return escape(text)


def markdown(checked: Sequence[Checked], lang: Language) -> str:
    """A pull-request comment: the summary as a table, stages, top unplanned moves and ad hoc."""
    _ = lang.gettext
    w = words(lang)
    out: list[str] = []
    for ch in checked:
        c, names = ch.facts, Names(ch.journey, lang)
        out += [f"### {_md(ch.journey.title)}: {w['planned journey against the log']}", "",
                f"`{_md(ch.log)}`: " + _("%(cases)s, %(events)s") % {
                    "cases": lang.ngettext("%(num)s case", "%(num)s cases", c.cases) % {"num": n.integer(c.cases, lang)},
                    "events": lang.ngettext("%(num)s event", "%(num)s events", c.events) % {"num": n.integer(c.events, lang)}},
                "", f"| {w['Measure']} | {w['Value']} |", "|---|---|",
                f"| {w['Fitness']} | {fitness_text(c.fitness, lang)} |",
                f"| {w['Conforming cases']} | {share_text(c.conforming.count, c.cases, lang)} |",
                f"| {w['Ad hoc events']} | {n.integer(c.ad_hoc_events, lang)} |",
                f"| {w['Irregular moves']} | {n.integer(c.moves - c.allowed_moves, lang)} |",
                f"| {w['Cases missing a stage']} | {share_text(c.with_missing.count, c.cases, lang)} |",
                f"| {w['Failed cases']} | {share_text(c.failed.count, c.cases, lang)} |", "",
                f"| {w['Stage']} | {w['Visited']} | {w['Missing']} |", "|---|---|---|"]
        for s in c.stages:
            out.append(f"| {_md(names.stage[s.id])} | {share_text(s.visited.count, c.cases, lang)} | "
                       f"{share_text(s.missing.count, c.cases, lang)} |")
        if c.unplanned:
            out += ["", f"**{w['Top unplanned transitions']}**", ""]
            out += [f"- {_md(names.point(t.source))} → {_md(names.point(t.target))}: "
                    + times(t.count, t.cases, lang)
                    + f" ({kind_label(t.kind, lang)})" for t in c.unplanned[:TOP]]
        if c.ad_hoc:
            out += ["", f"**{w['Top ad hoc activities']}**", ""]
            out += [f"- {_md(a)}: " + times(e, k, lang)
                for a, e, k in c.ad_hoc[:TOP]]
        out.append("")
    return "\n".join(out)
