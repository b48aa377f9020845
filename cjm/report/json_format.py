"""``cjm report --format json``: the facts themselves, for scripts and dashboards.

Stable keys, documented in docs/report.md. Rates are objects ``{"count", "base", "rate"}``
(``rate`` is ``count / base`` rounded to 6 places, ``null`` without a base), never bare shares.
"""

from __future__ import annotations

import json
from typing import Any

from ..facts import Derivation, Funnel, InputValue, Rate, Rollup, ScoredOpportunity, Summary, ranked
from ..i18n.scoring import off_scale
from ..model import SEVERITY_ORDER
from .summary import JourneyRollup, MapFacts, MapRow, PersonaRollup, Portfolio

_encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False) makes one per call


class _Written(str):
    """JSON already written (a map's line, by the worker that read the map): placed as it is."""


def _rate(r: Rate | None) -> dict[str, Any] | None:
    if r is None:
        return None
    frac = r.fraction
    return {"count": r.count, "base": r.base, "rate": round(frac, 6) if frac is not None else None}


def _num(x: float | None) -> float | int | None:
    return int(x) if x is not None and x == int(x) else x


def _funnel(f: Funnel) -> dict[str, Any]:
    return {
        "period": f.period,
        "dated": f.dated,
        "overall": _rate(f.overall),
        "steps": [
            {
                "stage": s.stage_id,
                "action": s.action_id,
                "name": s.action,
                "completed": _rate(s.completed),
                "drop_off": _rate(s.drop_off),
                "base_is_previous_count": None if s.drop_off is None or s.completed is None
                or s.completed.base is None else not s.base_mismatch,
            }
            for s in f.steps
        ],
    }


_SOURCE_KEYS = ("kind", "stage", "period", "pain_point", "severity", "emotion", "confidence", "effort")
"""Derivation's fields in order, as the JSON names them (docs/report.md)."""
assert len(_SOURCE_KEYS) == len(Derivation._fields)


def _source(src: Derivation) -> dict[str, Any]:
    return {key: value for key, value in zip(_SOURCE_KEYS, src, strict=True) if value is not None}


def _input(i: InputValue) -> dict[str, Any]:
    value = i.value
    if value is not None:
        value = round(value, 6)
        if value == int(value):
            value = int(value)
    out: dict[str, Any] = {"name": i.name, "value": value, "stated": i.stated}
    if i.word is not None:
        out["word"] = i.word
    if i.source is not None:
        out["source"] = _source(i.source)
    if i.problem is not None:
        out["problem"] = str(off_scale(i.name, i.problem))  # English: the message, as scripts read it
    return out


def opportunity(o: ScoredOpportunity, rank: int | None) -> dict[str, Any]:
    """One scored opportunity in its map's object: the keys docs/report.md documents."""
    return {
        "id": o.id,
        "name": o.name,
        "stage": o.stage_id,
        "status": o.status.value if o.status else None,
        "rank": rank,
        "score": round(o.score, 6) if o.score is not None else None,
        "missing": list(o.missing),
        "undefined": o.undefined,
        "inputs": list(map(_input, o.inputs)),
        "addresses": [{"id": i, "open": is_open} for i, _name, is_open in o.addresses],
    }


def _ranking(items: list[Any], done: list[ScoredOpportunity], top: int | None) -> list[dict[str, Any]]:
    shown = items[:top] if top is not None else items
    return [opportunity(r.item, r.rank) for r in shown] + [opportunity(o, None) for o in done]


def _references(items: list[Any], done: list[ScoredOpportunity], top: int | None) -> list[dict[str, Any]]:
    """The portfolio's ranking: each opportunity named by map and id (its inputs are in its
    map's object), so a thousand maps' opportunities are not written twice."""
    shown = items[:top] if top is not None else items

    def ref(o: ScoredOpportunity, rank: int | None) -> dict[str, Any]:
        return {"map": o.map_id, "id": o.id, "rank": rank,
                "score": round(o.score, 6) if o.score is not None else None,
                "status": o.status.value if o.status else None}

    return [ref(r.item, r.rank) for r in shown] + [ref(o, None) for o in done]


def map_dict(f: MapFacts, top: int | None = None) -> dict[str, Any]:
    todo, done = ranked(f.opportunities)
    return {
        "file": f.file,
        "id": f.id,
        "title": f.title,
        "persona": f.persona,
        "state": f.state,
        "stages": len(f.stages),
        "reviewed": f.reviewed.isoformat() if f.reviewed else None,
        "days_since_review": f.days_since_review,
        "funnels": [_funnel(x) for x in f.funnels],
        "emotion": _emotion(f),
        "pain_points": _pain_points(f),
        "open_pain_points": {
            s.value: f.open_pains(s) for s in SEVERITY_ORDER
        },
        "open_pain_points_by_confidence": {c.value: count for c, count in f.by_confidence},
        "severe_pain_on_assumptions": _rate(f.severe_on_assumptions),
        "metrics": _metrics(f),
        "trends": _trends(f),
        "moments_of_truth": _moments_of_truth(f),
        "channel_mix": [{"stage": c.stage_id, "channels": c.counts} for c in f.channel_mix],
        "scoring": {"model": f.scoring[0], "formula": f.scoring[1]},
        "opportunities": _ranking(todo, done, top),
    }


def _emotion(f: MapFacts) -> dict[str, Any]:
    """The emotion curve, stage by stage, and its lowest point (with the touchpoint behind it)."""
    return {
        "curve": [
            {"stage": p.stage_id, "value": p.value, "from_touchpoints": p.from_touchpoints}
            for p in f.emotion
        ],
        "lowest": None if f.lowest is None else {
            "stage": f.lowest.stage_id,
            "value": f.lowest.value,
            "touchpoint": f.lowest.touchpoint_id,
            "touchpoint_value": f.lowest.touchpoint_value,
        },
    }


def _pain_points(f: MapFacts) -> list[dict[str, Any]]:
    """Each pain point: where, how severe, whether open, how well backed, what addresses it."""
    return [
        {
            "id": p.id,
            "name": p.name,
            "severity": p.severity.value if p.severity else None,
            "stage": p.stage_id,
            "channels": p.channels,
            "open": p.open,
            "confidence": p.confidence.value,
            "confidence_stated": p.backing.stated,
            "evidence_items": len(p.backing.items),
            "evidence_date": p.backing.latest.isoformat() if p.backing.latest else None,
            "opportunities": [
                {"id": i, "name": name, "status": st.value if st else None}
                for i, name, st in p.opportunities
            ],
        }
        for p in f.pain_points
    ]


def _metrics(f: MapFacts) -> dict[str, Any]:
    """How many metrics there are, which have no value, and which miss their target by how much."""
    return {
        "total": f.metrics_total,
        "unknown": [m.id for m in f.metrics_unknown],
        "off_target": [
            {
                "id": g.id,
                "name": g.name,
                "stage": g.stage_id,
                "unit": g.unit,
                "target": _num(g.target),
                "actual": _num(g.actual),
                "direction": g.direction.value,
                "gap": _num(round(g.gap or 0.0, 6)),
                "relative_gap": round(g.relative, 6) if g.relative is not None else None,
            }
            for g in f.metrics_off_target
        ],
    }


def _trends(f: MapFacts) -> dict[str, Any]:
    """Metric histories against their targets, and each funnel step's conversion period by period."""
    return {
        "metrics": [
            {
                "id": m.id,
                "actual": _num(m.actual),
                "actual_from_history": m.derived,
                "change": _num(m.change),
                "improved": m.improved,
                "missed_in_a_row": m.missed_in_a_row,
                "history": [
                    {"period": p.period, "value": _num(p.value), "met": p.met, "note": p.note}
                    for p in m.history
                ],
            }
            for m in f.metric_trends
        ],
        "steps": [
            {
                "action": t.action_id,
                "stage": t.stage_id,
                "change_points": t.change,
                "conversion": [
                    {"period": p, "count": r.count, "of": r.base,
                     "rate": round(r.fraction, 6) if r.fraction is not None else None}
                    for p, r in t.points
                ],
            }
            for t in f.step_trends
        ],
    }


def _moments_of_truth(f: MapFacts) -> list[dict[str, Any]]:
    """The moments of truth with the emotion felt at each (the stage's when the touchpoint has none)."""
    return [
        {
            "id": m.id,
            "name": m.name,
            "kind": m.kind,
            "touchpoint": m.touchpoint_id,
            "emotion": m.emotion,
            "emotion_from_stage": m.emotion_from_stage,
        }
        for m in f.moments
    ]


def map_line(f: MapFacts) -> str:
    """A map's object on one line, as a portfolio lists it; made in the worker (see collect)."""
    return _encode(map_dict(f))


def _written(row: MapRow) -> _Written:
    if row.json is None:
        raise ValueError(f"{row.file}: the portfolio was collected without its maps' JSON "
                         "(load_all(..., with_json=True))")
    return _Written(row.json)


def _open(counts: Summary | Rollup) -> dict[str, int]:
    out = {s.value: counts.open_count(s) for s in SEVERITY_ORDER}
    out["unrated"] = counts.open_count(None)
    return out


def _rolled(r: Rollup) -> dict[str, Any]:
    return {
        "open_pain_points": _open(r),
        "lowest": None if r.lowest is None else {
            "map": r.lowest[0].id, "stage": r.lowest[1].stage_id, "value": r.lowest[1].value},
        "metrics_off_target": r.metrics_off_target,
        "metrics": r.metrics,
    }


def _journey(j: JourneyRollup) -> dict[str, Any]:
    return {
        "id": j.map.id,
        "title": j.map.title,
        "file": j.map.file,
        "maps": [
            {"id": s.id, "depth": depth, "period": s.period, "overall": _rate(s.overall),
             "open_pain_points": _open(s), "lowest": None if s.lowest is None else s.lowest.value}
            for s, depth in ((m.summary, d) for m, d in zip(j.maps, j.depth, strict=True))
            if s is not None
        ],
        **_rolled(j.rollup),
    }


def _persona(g: PersonaRollup) -> dict[str, Any]:
    return {
        "persona": g.persona,
        "name": g.name,
        "maps": [m.id for m in g.maps],
        "future_maps": [m.id for m in g.future],
        **_rolled(g.rollup),
    }


def render(facts: MapFacts | Portfolio, top: int | None = None) -> str:
    if isinstance(facts, Portfolio):
        data: dict[str, Any] = {
            "kind": "portfolio",
            "today": facts.today.isoformat(),
            "maps": [_written(f) for f in facts.maps],
            "channels": [
                {
                    "channel": c.channel,
                    "name": c.name,
                    "maps": c.maps,
                    "touchpoints": c.touchpoints,
                    "pain_points": c.pain_points,
                    "open_critical_or_high": c.severe_open,
                }
                for c in facts.channels
            ],
            "invalid": [{"file": f, "problem": msg} for f, msg in facts.invalid],
            "severe_pain_on_assumptions": [
                {"file": f.file, "id": f.id, **(_rate(f.severe_on_assumptions) or {})}
                for f in facts.on_assumptions
            ],
            "journeys": [_journey(j) for j in facts.journeys],
            "personas": [_persona(g) for g in facts.personas],
            "scoring": [{"model": m[0], "formula": m[1]} for m in facts.scoring],
            "opportunities": _references(facts.opportunities, facts.done, top),
        }
        return _one_map_a_line(data)
    data = {"kind": "map", **map_dict(facts, top)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _one_map_a_line(data: dict[str, Any]) -> str:
    """A portfolio with each map (and channel, and invalid file) on one line of its own.

    Why not ``indent=2`` throughout: the standard library's fast C encoder only runs without
    ``indent``; pretty-printing a thousand maps took longer than reading them. One compact line
    per map is still readable, greppable and diffable, and it is the same JSON.
    """
    def dump(value: Any) -> str:
        return value if isinstance(value, _Written) else _encode(value)

    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {dump(key)}: [")
            lines.extend(f"    {dump(v)}{',' if j < len(value) - 1 else ''}" for j, v in enumerate(value))
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"
