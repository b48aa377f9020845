"""The as-is and the to-be map on one board: both emotion curves, every element marked.

Why one board and not two: a CX lead presenting a future state is asked "what changes?", and two
boards side by side leave the reader to find the differences. Here stages are matched by id (as
``cjm diff`` does), both emotion curves share one chart, and each touchpoint, pain point,
opportunity and metric says whether the future state adds it, removes it, changes it or (for a
pain point) resolves it. The marks come from the diff engine (:func:`cjm.diff.engine.diff_maps`)
and the numbers from the facts layer, so this board cannot disagree with ``cjm diff``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import facts as F
from ..diff.engine import diff_maps
from ..model import LANES, Element, JourneyMap, Stage
from .html import (
    COLUMN,
    CURVE_BOTTOM,
    CURVE_HEIGHT,
    CURVE_TOP,
    LANE_HEADER,
    map_language,
    render_template,
)
from .options import Options

if TYPE_CHECKING:
    from ..workspace import Workspace

COMPARE_TEMPLATE = "compare.html.j2"
SHOWN_LANES = ("touchpoints", "pain_points", "opportunities", "metrics")


@dataclass(frozen=True)
class Item:
    """One element of a lane on the compare board, with what the future state does to it."""

    id: str
    name: str
    mark: str  # added | removed | changed | resolved | same
    notes: tuple[str, ...] = ()


@dataclass
class Column:
    """One stage: present in the current map, the future one, or both."""

    id: str
    name: str
    mark: str  # added | removed | same | changed
    current: float | None  # emotion points
    future: float | None
    lanes: dict[str, list[Item]] = field(default_factory=dict)


def _stage(journey: JourneyMap, sid: str) -> Stage | None:
    return next((s for s in journey.stages if s.id == sid), None)


def _items(stage: Stage | None, lane: str) -> dict[str, Element]:
    return {item.id: item for item in getattr(stage, lane)} if stage is not None else {}


def columns(current: JourneyMap, future: JourneyMap) -> list[Column]:
    """The stages of both maps in the future's order (removed ones after), each lane's union."""
    result = diff_maps(current, future)
    by_id: dict[str, list[Any]] = {}
    for change in result.changes:
        by_id.setdefault(change.id, []).append(change)
    before, after = F.of(current), F.of(future)
    out = []
    for sid, name in result.stages.items():
        old, new = _stage(current, sid), _stage(future, sid)
        mark = "added" if old is None else "removed" if new is None else (
            "changed" if sid in by_id else "same")
        column = Column(sid, name, mark,
                        p.value if (p := before.stage_emotion(sid)) else None,
                        p.value if (p := after.stage_emotion(sid)) else None)
        for lane in SHOWN_LANES:
            olds, news = _items(old, lane), _items(new, lane)
            items = []
            for ident in [*news, *(i for i in olds if i not in news)]:
                element = news.get(ident) or olds[ident]
                changes = [c for c in by_id.get(ident, []) if c.stage == sid or c.kind == "removed"]
                kinds = {c.kind for c in changes}
                if ident not in olds:
                    item_mark = "added" if "moved" not in kinds else "changed"
                elif ident not in news:
                    item_mark = "removed"
                elif any(c.meaning == "pain_point_resolved" for c in changes):
                    item_mark = "resolved"
                elif changes:
                    item_mark = "changed"
                else:
                    item_mark = "same"
                notes = tuple(c.field for c in changes if c.field and c.kind in ("changed", "renamed"))
                items.append(Item(ident, str(getattr(element, "name", ident)), item_mark,
                                  tuple(dict.fromkeys(notes))))
            column.lanes[lane] = items
        out.append(column)
    return out


def _y(value: float) -> float:
    span = CURVE_HEIGHT - CURVE_TOP - CURVE_BOTTOM
    return CURVE_TOP + (5 - value) / 4 * span


def curves(cols: list[Column]) -> dict[str, str]:
    """SVG polyline points of both emotion curves, one x per column."""
    out = {}
    for side in ("current", "future"):
        points = [(i * COLUMN + COLUMN / 2, getattr(c, side)) for i, c in enumerate(cols)]
        out[side] = " ".join(f"{x:.1f},{_y(v):.1f}" for x, v in points if v is not None)
    return out


def render(current: JourneyMap, future: JourneyMap, options: Options | None = None) -> str:
    """One HTML page: ``current`` (as-is) and ``future`` (to-be) on one board."""
    options = options or Options()
    lang = map_language(future, options)
    cols = columns(current, future)
    return render_template(
        COMPARE_TEMPLATE, options.template_dir, lang,
        current=current, future=future, columns=cols, curves=curves(cols),
        lanes=[lane for lane in LANES if lane in SHOWN_LANES],
        column=COLUMN, lane_header=LANE_HEADER,
        curve_width=COLUMN * len(cols), curve_height=CURVE_HEIGHT,
        grid=[(v, _y(v)) for v in (5, 4, 3, 2, 1)],
        points=[(i * COLUMN + COLUMN / 2, c) for i, c in enumerate(cols)],
        y=_y,
    )


class NotAMap(Exception):
    """One side of ``--compare`` cannot be read as a map: a usage error (exit 2)."""


def compare_files(current: str, future: str, workspace: Workspace,
                  options: Options | None = None) -> str:
    """``cjm render CURRENT FUTURE --compare``: both files read and checked as ``cjm render`` does.

    A map with dangling references is still compared (its problems are cjm validate's to
    report); one that cannot be read as a map at all raises :class:`NotAMap`.
    """
    from ..files import Target
    from ..i18n.message import Message, say

    maps = []
    for path in (current, future):
        checked, result = workspace.check(Target(path, True))
        journey = checked.readable if checked is not None else None
        if journey is None:
            first = sorted(result.problems, key=lambda p: p.sort_key())[:1]
            if first:
                told = first[0].message if not first[0].hint else Message(
                    "%(message)s (%(hint)s)", {"message": first[0].message, "hint": first[0].hint})
                why: str = Message("%(line)s:%(col)s: %(message)s", {
                    "line": str(first[0].line), "col": str(first[0].col), "message": told})
            else:
                why = say("not a map")
            raise NotAMap(say("%(file)s is not a readable map (%(why)s); see `cjm validate`",
                              file=result.file, why=why))
        maps.append(journey)
    return render(maps[0], maps[1], options)
