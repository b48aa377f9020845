"""A stage's point on the emotion curve, and the curve's lowest point."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..model import Stage
from .numbers import half_up


@dataclass(frozen=True)
class EmotionPoint:
    """A stage's point on the emotion curve."""

    stage_id: str
    stage: str
    value: float | None  # 1..5, one decimal; None when neither the stage nor a touchpoint is rated
    from_touchpoints: bool = False  # the stage has no emotion of its own: the touchpoints' mean
    touchpoint_mean: float | None = None  # mean of the rated touchpoints, one decimal

    @property
    def level(self) -> int | None:
        """1..5: the value rounded half up; what colours and words ("negative") follow."""
        return int(half_up(self.value)) if self.value is not None else None


@dataclass(frozen=True)
class Low:
    """The lowest point of the curve: a stage, and its lowest touchpoint when there is one."""

    stage_id: str
    stage: str
    value: float
    touchpoint_id: str | None = None
    touchpoint: str | None = None
    touchpoint_value: int | None = None


def stage_emotion(stage: Stage) -> EmotionPoint:
    rated = [tp.emotion for tp in stage.touchpoints if tp.emotion is not None]
    mean = half_up(Fraction(sum(rated), len(rated)), 1) if rated else None
    if stage.emotion is not None:
        return EmotionPoint(stage.id, stage.name, float(stage.emotion), False, mean)
    return EmotionPoint(stage.id, stage.name, mean, mean is not None, mean)
