"""Two maps in, a list of :class:`Change` out: matched by id across the whole map, never by position.

Why by id: a YAML line diff cannot tell a renamed stage from a deleted one, or a touchpoint moved to
another stage from one removed here and added there. Ids are stable across edits (the format says
so), so every element is indexed once by id (``JourneyMap.elements()``, O(n)) and each id is
compared with its counterpart, wherever it sits in either file. Reformatting the YAML or reordering
keys changes nothing here, because only the typed models are compared.

Decisions worth knowing (documented in ``docs/diff.md``):
- an id whose element changed kind (a stage id now used by a touchpoint) is removed + added;
- a *resolved* pain point is one removed from the map, or one that was open and is now resolved
  (:mod:`cjm.facts` says which pain points are open, for the board and the report alike);
- conversion is per completed action (``count`` of ``of``): several records may fulfil one
  desired action (one per period), and comparing them one by one is what a reviewer can check;
- a stage's emotion on the curve is :attr:`cjm.facts.EmotionPoint.value`, as on the board;
- the order of items inside a lane is presentation and is not reported; stage order is.
"""

from __future__ import annotations

import datetime as _dt
import functools
from bisect import bisect_left
from collections.abc import Iterator
from enum import Enum
from typing import Any

from .. import facts as F
from .. import model as m
from ..i18n.labels import N_
from ..i18n.message import Quantity, say, say_plural
from ..validate import KIND_NAMES
from .changes import Change, CurvePoint, DiffResult, Summary
from .ranks import Models, rank_notes

_STATUS_RANK = {None: 0, m.Status.idea: 1, m.Status.planned: 2, m.Status.in_progress: 3, m.Status.done: 4}
_SET_FIELDS = {"touchpoints", "addresses"}  # lists of references whose order means nothing
# Fields that hold other elements with ids: those are indexed and compared on their own, by id
# (a touchpoint moved to another stage is a move, not a change of two lists). Only these are
# skipped, per class: a pain point's ``touchpoints`` (ids it names) is a field like any other.
_CONTAINERS: dict[type[m.Element], frozenset[str]] = {
    m.Stage: frozenset(m.LANES),
    m.JourneyMap: frozenset({"personas", "channels", "stages"}),
    m.Library: frozenset({"personas", "channels", "metrics"}),
}
_SKIP = frozenset({"id", "extensions"})


@functools.cache
def own_fields(kind: type[m.Element]) -> tuple[str, ...]:
    """The fields of an element kind the diff compares value by value: every field the model
    has, but its id and the lists of elements it contains. Read from the model, so a field added
    to the format is compared without a change here."""
    skip = _SKIP | _CONTAINERS.get(kind, frozenset())
    return tuple(name for name in kind.model_fields if name not in skip)


_MAP_FIELDS = tuple(f for f in own_fields(m.JourneyMap) if f != "cjm")  # ``cjm: 1`` is fixed

Index = dict[str, tuple[m.Element, str | None]]  # id -> (element, stage id)


def diff_maps(old: m.JourneyMap, new: m.JourneyMap,
              scoring: Models | None = None) -> DiffResult:
    """Compare two maps by id; pure: no I/O, the same input always gives the same result.

    ``scoring``: the scoring models of the old and the new side, for the ranking's moves
    (:mod:`cjm.diff.ranks`; the caller that read the maps knows their repositories); None for
    no ranking notes."""
    result = DiffResult(old_id=old.id, new_id=new.id, title=new.title, lang=new.lang or old.lang)
    if old.id != new.id:
        result.warnings.append(say(
            N_("comparing two different maps: '%(old)s' (%(old_title)s) and '%(new)s' (%(new_title)s)"),
            old=old.id, old_title=old.title, new=new.id, new_title=new.title)
        )
    old_index, new_index = _index(old), _index(new)
    names = _Names(old_index, new_index, old.stages, new.stages)
    changes: list[Change] = []
    changes.extend(_map_fields(old, new, names))
    for ident, (element, stage) in new_index.items():
        before = old_index.get(ident)
        if before is None or type(before[0]) is not type(element):
            changes.append(_whole("added", element, stage, names))
            continue
        changes.extend(_compare(before[0], before[1], element, stage, names))
    for ident, (element, stage) in old_index.items():
        after = new_index.get(ident)
        if after is None or type(after[0]) is not type(element):
            changes.append(_whole("removed", element, stage, names))
    changes.extend(_step_moves(old_index, new, names))
    changes.extend(_reordered(old, new, names))
    changes.extend(_resolved(old, new, new_index, names))

    order = _stage_order(old, new)
    result.stages = {sid: names.stage_name(sid) for sid in order}
    rank = {sid: i for i, sid in enumerate(order)}
    result.changes = sorted(changes, key=lambda c: -1 if c.stage is None else rank[c.stage])
    result.summary = summarise(result.changes)
    result.curve = _curve(old, new, order, names)
    result.ranking = rank_notes(old, new, scoring)
    return result


_LIBRARY_FIELDS = tuple(f for f in own_fields(m.Library) if f not in ("cjm", "library"))


def diff_libraries(old: m.Library | None, new: m.Library | None) -> DiffResult:
    """Compare two versions of a library file by id, as :func:`diff_maps` compares maps: its
    personas, channels and metrics added, removed and changed, field by field. ``None`` is a
    library file that is not there (added or deleted): every element is added or removed.

    Why here: a persona renamed in a library is a change to every map that names it, and a
    reviewer reads it in the same words as a change inside a map."""
    either = new or old
    empty = m.Library(cjm=1, library=either.library if either is not None else "library")
    before, after = old or empty, new or empty
    result = DiffResult(old_id=old.library if old else None, new_id=new.library if new else None,
                        title=str(after.title or before.title or after.library))
    old_index: Index = {e.id: (e, None) for _, e in before.elements()}
    new_index: Index = {e.id: (e, None) for _, e in after.elements()}
    names = _Names(old_index, new_index, [], [])
    changes: list[Change] = []
    if old is not None and new is not None:
        for key in _LIBRARY_FIELDS:
            a, b = getattr(old, key), getattr(new, key)
            if a != b:
                changes.append(Change("changed", "library", new.library, result.title, None, key,
                                      plain(a), plain(b)))
    for ident, (element, _) in new_index.items():
        was = old_index.get(ident)
        if was is None or type(was[0]) is not type(element):
            changes.append(_whole("added", element, None, names))
        else:
            changes.extend(_compare(was[0], None, element, None, names))
    for ident, (element, _) in old_index.items():
        now = new_index.get(ident)
        if now is None or type(now[0]) is not type(element):
            changes.append(_whole("removed", element, None, names))
    result.changes = changes
    result.summary = summarise(changes)
    return result


# ---------------------------------------------------------------------------------------------
# indexing and naming


def _index(journey: m.JourneyMap) -> Index:
    """Every element by id with its stage, in document order: one pass, like ``elements()``."""
    out: Index = {}
    for persona in journey.personas:
        out.setdefault(persona.id, (persona, None))
    for channel in journey.channels:
        out.setdefault(channel.id, (channel, None))
    for stage in journey.stages:
        sid = stage.id
        out.setdefault(sid, (stage, sid))
        for lane in m.LANES:
            for item in getattr(stage, lane):
                # a valid map has unique ids; keep the first, as validate does
                out.setdefault(item.id, (item, sid))
    return out


class _Names:
    """How an element is called in a change: its ``name`` (new first), else a readable stand-in."""

    def __init__(self, old_index: Index, new_index: Index, old_stages: list[m.Stage],
                 new_stages: list[m.Stage]) -> None:
        self.old_index, self.new_index = old_index, new_index
        self.old_stage_names = {s.id: s.name for s in old_stages}
        self.new_stage_names = {s.id: s.name for s in new_stages}

    def of(self, element: m.Element, new_side: bool = True) -> str:
        name = getattr(element, "name", None)
        if name is not None:
            return str(name)
        if isinstance(element, m.CompletedAction) and element.fulfils:
            return self.ref(element.fulfils, new_side)
        return str(element.id)  # type: ignore[attr-defined]

    def ref(self, ident: str, new_side: bool = True) -> str:
        """The name of the element an id refers to, looked up on one side, then the other."""
        first, second = (self.new_index, self.old_index) if new_side else (self.old_index, self.new_index)
        found = first.get(ident) or second.get(ident)
        if found is None:
            if ident in m.BUILTIN_CHANNELS:
                return m.BUILTIN_CHANNELS[ident][0]
            return ident
        return self.of(found[0], new_side)

    def stage_name(self, sid: str) -> str:
        return self.new_stage_names.get(sid) or self.old_stage_names.get(sid) or sid


def _kind(element: m.Element) -> str:
    return KIND_NAMES[type(element)]


def plain(value: Any) -> Any:
    """A model value as JSON-friendly data: enums as their text, dates ISO, whole floats as ints."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, m.Element):  # an evidence item
        return plain(value.model_dump(exclude={"extensions"}, exclude_none=True))
    return value


# ---------------------------------------------------------------------------------------------
# element comparison


def _whole(kind: str, element: m.Element, stage: str | None, names: _Names) -> Change:
    ek = _kind(element)
    meaning = None
    if isinstance(element, m.PainPoint):
        meaning = "pain_point_introduced" if kind == "added" else "pain_point_resolved"
    return Change(kind, ek, element.id, names.of(element, kind == "added"), stage,  # type: ignore[attr-defined]
                  meaning=meaning)


def _fields(element: m.Element) -> Iterator[tuple[str, Any]]:
    for name in own_fields(type(element)):
        yield name, getattr(element, name)
    for key in sorted(element.extensions):
        yield key, element.extensions[key]


def _compare(old: m.Element, old_stage: str | None, new: m.Element, stage: str | None,
             names: _Names) -> Iterator[Change]:
    ek, ident, name = _kind(new), new.id, names.of(new)  # type: ignore[attr-defined]
    if old_stage != stage and not isinstance(new, m.Stage):
        yield Change("moved", ek, ident, name, stage, "stage", old_stage, stage,
                     note=names.stage_name(old_stage or ""))
    if old == new:
        return
    old_fields = dict(_fields(old))
    new_fields = dict(_fields(new))
    for key in _ordered_keys(old_fields, new_fields):
        a, b = old_fields.get(key), new_fields.get(key)
        if key in _SET_FIELDS and a is not None and b is not None and set(a) == set(b):
            continue
        if a == b:
            continue
        if key == "name":
            yield Change("renamed", ek, ident, name, stage, "name", a, b)
        elif key == "next" and isinstance(new, m.Touchpoint) and (a is None) == (b is None):
            yield from _flow(new, a or [], b or [], stage, names)
        elif key == "history" and isinstance(new, m.Metric) and isinstance(old, m.Metric):
            yield from _history(old, new, stage, name)
        elif key in _SET_FIELDS:
            yield Change("changed", ek, ident, name, stage, key, plain(a), plain(b),
                         note=_set_note(a, b, names))
        else:
            yield _field_change(new, old, key, plain(a), plain(b), stage, name)
    if isinstance(new, m.CompletedAction) and isinstance(old, m.CompletedAction):
        before, after = F.Rate(old.count, old.of).fraction, F.Rate(new.count, new.of).fraction
        if before is not None and after is not None and round(before, 6) != round(after, 6):
            yield Change("changed", ek, ident, name, stage, "conversion", round(before, 6),
                         round(after, 6), "conversion_up" if after > before else "conversion_down",
                         note=_periods(old.period, new.period))


def _periods(old: str | None, new: str | None) -> str | None:
    """``2026-Q3``, or ``2026-Q2 → 2026-Q3`` when a record was re-dated: what a rate is of."""
    if old == new or old is None or new is None:
        return new or old
    return f"{old} → {new}"


def _ordered_keys(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    keys = list(b)
    keys.extend(k for k in a if k not in b)
    return keys


def _field_change(new: m.Element, old: m.Element, key: str, a: Any, b: Any, stage: str | None,
                  name: str) -> Change:
    ek, ident = _kind(new), new.id  # type: ignore[attr-defined]
    meaning, note = None, None
    if key == "emotion" and a is not None and b is not None:
        meaning = "emotion_up" if b > a else "emotion_down"
    elif key == "severity" and isinstance(new, m.PainPoint):
        ra = F.severity_rank(old.severity)  # type: ignore[attr-defined]
        rb = F.severity_rank(new.severity)
        meaning = "severity_up" if rb < ra else "severity_down"
    elif key == "confidence" and isinstance(new, m.PainPoint | m.Opportunity):
        meaning = _confidence_meaning(old, new)
    elif (key == "evidence" and isinstance(new, m.PainPoint | m.Opportunity)
          and new.confidence == old.confidence):  # type: ignore[attr-defined]
        meaning = _confidence_meaning(old, new)  # the items alone moved the derived confidence
    elif key == "status" and isinstance(new, m.Opportunity):
        ra = _STATUS_RANK[old.status]  # type: ignore[attr-defined]
        rb = _STATUS_RANK[new.status]
        meaning = "opportunity_progressed" if rb > ra else "opportunity_regressed"
    elif key == "actual" and isinstance(new, m.Metric) and a is not None and b is not None:
        better = b > a if new.direction is m.Direction.higher_is_better else b < a
        meaning = "metric_improved" if better else "metric_worsened"
        note = _target_note(F.MetricFact.of(old), F.MetricFact.of(new))  # type: ignore[arg-type]
    elif key == "persona" and ek == "map":
        meaning = "persona_switched"
    elif key in ("count", "of") and isinstance(new, m.CompletedAction):
        note = new.period  # a funnel number is a period's number: say which
    return Change("changed", ek, ident, name, stage, key, a, b, meaning, note)


def _history(old: m.Metric, new: m.Metric, stage: str | None, name: str) -> Iterator[Change]:
    """Points added, removed or changed, one change each; a point that becomes the latest says
    the trend it makes (``target missed 3 periods in a row``), from the facts' own count."""
    before = {p.period: p for p in F.MetricFact.of(old).history}
    fact = F.MetricFact.of(new)
    after = {p.period: p for p in fact.history}
    for period, point in after.items():
        was = before.get(period)
        if was is not None and was.value == point.value and was.note == point.note:
            continue
        meaning, note = None, None
        if fact.latest is not None and period == fact.latest.period:
            note = _trend_note(fact)
            previous = fact.previous
            if previous is not None and previous.value != point.value:
                better = point.value > previous.value
                if new.direction is m.Direction.lower_is_better:
                    better = not better
                meaning = "metric_improved" if better else "metric_worsened"
        if was is None:
            yield Change("changed", "metric", new.id, name, stage, "history", None,
                         _point(point), meaning, note)
        else:
            if was.value == point.value:  # only the point's note changed: no trend news
                meaning, note = None, None
            yield Change("changed", "metric", new.id, name, stage, "history",
                         _point(was), _point(point), meaning, note)
    for period, point in before.items():
        if period not in after:
            yield Change("changed", "metric", new.id, name, stage, "history", _point(point), None)


def _point(point: F.HistoryPoint) -> dict[str, Any]:
    """A history point as JSON data: ``period`` and ``value``, and ``note`` when it has one."""
    out: dict[str, Any] = {"period": point.period, "value": plain(point.value)}
    if point.note is not None:
        out["note"] = point.note
    return out


def _step_moves(old_index: Index, new: m.JourneyMap, names: _Names) -> Iterator[Change]:
    """A funnel step measured for a new period: how its conversion moved since the period
    before (the step's trend in the facts), said on the record that was added for it."""
    facts = F.of(new)
    for record_id, (funnel, step) in facts.step_of_record.items():
        if record_id in old_index or funnel.period is None:
            continue
        trend = facts.step_trends.get(step.action_id)
        if trend is None or len(trend.points) < 2 or trend.points[-1][0] != funnel.period:
            continue
        (before_period, before), (_p, after) = trend.points[-2], trend.points[-1]
        if before.fraction is None or after.fraction is None or before.fraction == after.fraction:
            continue
        up = after.fraction > before.fraction
        yield Change("changed", "completed action", record_id, names.ref(record_id), step.stage_id,
                     "conversion", round(before.fraction, 6), round(after.fraction, 6),
                     "conversion_up" if up else "conversion_down",
                     note=f"{before_period} → {funnel.period}")


def _trend_note(fact: F.MetricFact) -> str | None:
    """``target missed 3 periods in a row``, ``back on target``, ``target met``: what the latest point
    says about the metric (``None`` without a target). "Missed", not "below": a lower-is-better
    metric misses its target by being above it (lint CJM313 says "missed" too)."""
    latest = fact.latest
    if latest is None or latest.met is None:
        return None
    if latest.met:
        previous = fact.previous
        return say(N_("back on target")) if previous is not None and previous.met is False \
            else say(N_("target met"))
    missed = fact.missed_in_a_row
    if missed == 1:
        return say(N_("target missed"))
    # the board's own message, counted: the catalog's plural forms choose "5 периодов", "21 период"
    return say_plural("target missed %(num)s period in a row", "target missed %(num)s periods in a row",
                      missed, num=missed)


def _confidence_meaning(old: m.Element, new: m.Element) -> str | None:
    """``confidence_up``/``confidence_down`` when the claim's confidence (stated, else derived by
    :func:`cjm.facts.backing`) moved: assumption → validated is news, whichever field said it."""
    levels = list(m.Confidence)
    before = F.backing(old.evidence, old.confidence).confidence  # type: ignore[attr-defined]
    after = F.backing(new.evidence, new.confidence).confidence  # type: ignore[attr-defined]
    if before is after:
        return None
    return "confidence_up" if levels.index(after) > levels.index(before) else "confidence_down"


def _target_note(old: F.MetricFact, new: F.MetricFact) -> str | None:
    if new.target is None:
        return None
    # the target with its unit, written as the reader's language writes it ("45 %" in Russian)
    target = Quantity(plain(new.target), new.unit)
    if new.met and not old.met:
        return say(N_("target %(target)s, now met"), target=target)
    if old.met and not new.met:
        return say(N_("target %(target)s, no longer met"), target=target)
    if new.met:
        return say(N_("target %(target)s, met"), target=target)
    return say(N_("target %(target)s, not met"), target=target)


def _flow(tp: m.Touchpoint, old: list[str], new: list[str], stage: str | None,
          names: _Names) -> Iterator[Change]:
    name = names.of(tp)
    before, after = set(old), set(new)
    for target in new:
        if target not in before:
            yield Change("changed", "touchpoint", tp.id, name, stage, "next", None, target,
                         "flow_added", note=names.ref(target))
    for target in old:
        if target not in after:
            yield Change("changed", "touchpoint", tp.id, name, stage, "next", target, None,
                         "flow_removed", note=names.ref(target, new_side=False))


def _set_note(a: list[str] | None, b: list[str] | None, names: _Names) -> str | None:
    before, after = set(a or ()), set(b or ())
    parts = [f"+{names.ref(x)}" for x in (b or ()) if x not in before]
    parts += [f"−{names.ref(x, new_side=False)}" for x in (a or ()) if x not in after]
    return ", ".join(parts) or None


def _map_fields(old: m.JourneyMap, new: m.JourneyMap, names: _Names) -> Iterator[Change]:
    old_fields = {k: getattr(old, k) for k in _MAP_FIELDS}
    new_fields = {k: getattr(new, k) for k in _MAP_FIELDS}
    old_fields.update(old.extensions)
    new_fields.update(new.extensions)
    for key in _ordered_keys(old_fields, new_fields):
        a, b = old_fields.get(key), new_fields.get(key)
        if a == b:
            continue
        change = _field_change(new, old, key, plain(a), plain(b), None, new.title)
        if key == "persona":
            change = Change(change.kind, change.element_kind, change.id, change.name, None, key,
                            a, b, change.meaning,
                            note=f"{names.ref(a, False) if a else '—'} → {names.ref(b) if b else '—'}")
        yield change


def _reordered(old: m.JourneyMap, new: m.JourneyMap, names: _Names) -> Iterator[Change]:
    """Stages that left their place in the journey: those outside a longest kept subsequence."""
    old_pos = {s.id: i for i, s in enumerate(old.stages)}
    common = [s for s in new.stages if s.id in old_pos]
    sequence = [old_pos[s.id] for s in common]
    kept = _longest_increasing(sequence)
    new_pos = {s.id: i for i, s in enumerate(new.stages)}
    for i, stage in enumerate(common):
        if i not in kept:
            yield Change("reordered", "stage", stage.id, stage.name, stage.id, "position",
                         old_pos[stage.id] + 1, new_pos[stage.id] + 1)


def _longest_increasing(seq: list[int]) -> set[int]:
    """Indices of one longest increasing subsequence, O(n log n) (patience sorting)."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, x in enumerate(seq):
        j = bisect_left(tails, x)
        if j == len(tails):
            tails.append(x)
            tail_idx.append(i)
        else:
            tails[j] = x
            tail_idx[j] = i
        prev[i] = tail_idx[j - 1] if j else -1
    out: set[int] = set()
    k = tail_idx[-1] if tail_idx else -1
    while k != -1:
        out.add(k)
        k = prev[k]
    return out


def _resolved(old: m.JourneyMap, new: m.JourneyMap, new_index: Index, names: _Names) -> Iterator[Change]:
    """A pain point still on the map that was open and is now resolved (a ``done`` opportunity)."""
    before, after = F.of(old), F.of(new)
    for pain in after.pain_points:
        was = before.pain_index.get(pain.id)
        if pain.open or was is None or not was.open or new_index.get(pain.id, (None,))[0] is None:
            continue
        done = [o for o, _name, status in pain.opportunities if status is m.Status.done]
        by = ", ".join(names.ref(o) for o in done)  # a name: formatters quote it
        yield Change("changed", "pain point", pain.id, pain.name, pain.stage_id, "resolved",
                     False, True, "pain_point_resolved", note=by, related=tuple(done))


# ---------------------------------------------------------------------------------------------
# ordering, summary, curve


def _stage_order(old: m.JourneyMap, new: m.JourneyMap) -> list[str]:
    """New stages in journey order, then stages that were removed, in their old order."""
    order = [s.id for s in new.stages]
    seen = set(order)
    order.extend(s.id for s in old.stages if s.id not in seen)
    return order


def summarise(changes: list[Change]) -> Summary:
    s = Summary()
    changed: set[tuple[str, str]] = set()
    for c in changes:
        if c.kind == "changed":
            if c.field != "resolved":  # a consequence of an opportunity, not an edit of the point
                changed.add((c.element_kind, c.id))
        else:
            setattr(s, c.kind, getattr(s, c.kind) + 1)
        meaning = c.meaning
        if meaning == "emotion_up":
            s.emotion_up += 1
        elif meaning == "emotion_down":
            s.emotion_down += 1
        elif meaning == "pain_point_introduced":
            s.pain_points_introduced += 1
        elif meaning == "pain_point_resolved":
            s.pain_points_resolved += 1
        elif meaning == "opportunity_progressed":
            s.opportunities_progressed += 1
        elif meaning == "metric_improved":
            s.metrics_improved += 1
        elif meaning == "metric_worsened":
            s.metrics_worsened += 1
        elif meaning == "conversion_up":
            s.conversion_up += 1
        elif meaning == "conversion_down":
            s.conversion_down += 1
        elif meaning == "flow_added":
            s.flow_added += 1
        elif meaning == "flow_removed":
            s.flow_removed += 1
        elif meaning == "persona_switched":
            s.persona_switched = True
    s.changed = len(changed)
    return s


def _curve(old: m.JourneyMap, new: m.JourneyMap, order: list[str], names: _Names) -> list[CurvePoint]:
    before = {p.stage_id: p.value for p in F.of(old).emotion}
    after = {p.stage_id: p.value for p in F.of(new).emotion}
    return [
        CurvePoint(sid, names.stage_name(sid), plain(before.get(sid)), plain(after.get(sid)))
        for sid in order
    ]
