"""The opportunity matrix: each open, scored opportunity as a dot, its score against its effort.

Why a module of its own: the board, the site's boards and the poster draw the same matrix, and
the geometry is the only thing computed here; scores, inputs and ranks come from
:mod:`cjm.facts.scores` (the numbers the report ranks by). Teams read it as TheyDo's value/effort
matrix: top left are quick wins (a high score for little effort), top right big bets.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import facts as F
from ..model import JourneyMap
from ..scoring import ScoringModel

WIDTH, HEIGHT = 560, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 18, 46


@dataclass(frozen=True)
class Frame:
    """The drawing's size and its plot area's margins, in SVG units."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM
    ticks: int = 4
    dot: int = 11  # a dot's radius


SCREEN = Frame()
POSTER = Frame(420, 170, 74, 12, 12, 36, 2, 9)
"""The poster's matrix: wide and low, floated beside the map's title and description, where the
header leaves room, so the one-page boards stay on one page (the screen's 560 x 320 under the
board pushed the 8-stage German sample onto a second A3 sheet). Its dots carry the ranks the
opportunity cards show; the list of names is the screen's."""


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    rank: int
    id: str
    name: str
    score: float
    effort: float


@dataclass(frozen=True)
class Matrix:
    """The matrix in SVG coordinates; ``axis`` is the input along x (effort, or ease)."""

    width: int
    height: int
    left: int
    top: int
    inner_width: float
    inner_height: float
    axis: str
    dots: list[Dot]
    x_ticks: list[tuple[float, float]]  # (value, x)
    y_ticks: list[tuple[float, float]]  # (score, y)
    unscored: int  # open opportunities left off the matrix (no score or no effort)
    dot: int = 11  # a dot's radius

    @property
    def mid_x(self) -> float:
        return self.left + self.inner_width / 2

    @property
    def mid_y(self) -> float:
        return self.top + self.inner_height / 2


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def matrix(journey: JourneyMap, model: ScoringModel, file: str = "", frame: Frame = SCREEN) -> Matrix | None:
    """The matrix of ``journey``'s open opportunities drawn in ``frame``; None when the model has
    no effort (nor ease) input or the map has no open opportunity."""
    axis = "effort" if "effort" in model.inputs else "ease" if "ease" in model.inputs else None
    if axis is None:
        return None
    todo, _done = F.ranked(F.scores(journey, model, file))
    if not todo:
        return None
    placed = []
    for entry in todo:
        along = entry.item.input(axis)
        if entry.rank is None or entry.item.score is None or along is None or along.value is None:
            continue
        placed.append((entry, along.value))
    scale = model.inputs[axis]
    x_top = max([v for _e, v in placed] + ([scale.high] if scale.high is not None else []) + [1.0])
    y_top = max([e.item.score or 0.0 for e, _v in placed] + [0.0]) or 1.0
    inner_w, inner_h = frame.width - frame.left - frame.right, frame.height - frame.top - frame.bottom

    def x(v: float) -> float:
        return frame.left + v / x_top * inner_w

    def y(v: float) -> float:
        return frame.top + inner_h - v / y_top * inner_h

    dots = [Dot(x(v), y(e.item.score or 0.0), e.rank or 0, e.item.id, e.item.name, e.item.score or 0.0, v)
            for e, v in placed]
    return Matrix(frame.width, frame.height, frame.left, frame.top, inner_w, inner_h, axis, dots,
                  [(v, x(v)) for v in _ticks(x_top, frame.ticks)],
                  [(v, y(v)) for v in _ticks(y_top, frame.ticks)], len(todo) - len(dots), frame.dot)
