"""Emotion is given on some stages (or touchpoints) but missing on others.

Why: the emotion curve is the first thing people read on a journey map. When some stages (or
touchpoints) have an `emotion` and others do not, the curve has holes and the gaps read as
"neutral". Either rate them all, or none. A stage without an `emotion` of its own whose
touchpoints are rated is no hole: its point is their mean (as on the board and in the report).
Unrated touchpoints are reported once per stage.

Fails::

    stages:
      - id: awareness
        emotion: 4
      - id: purchase        # no emotion
        name: Purchase

Passes::

    stages:
      - id: awareness
        emotion: 4
      - id: purchase
        emotion: 2
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say, say_plural
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM303"
NAME = "partial-emotion"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    points = ctx.facts.emotion
    rated = sum(point.value is not None for point in points)
    if 0 < rated < len(points):
        for s, point in enumerate(points):
            if point.value is None:
                yield Finding(
                    ("stages", s),
                    say("stage '%(id)s' has no emotion, but %(rated)s of %(total)s stages do",
                        id=point.stage_id, rated=rated, total=len(points)),
                    say("add `emotion:` (1 = very negative ... 5 = very positive)"),
                )
    touchpoints = list(journey.lane_items("touchpoints"))
    rated = sum(tp.emotion is not None for _, _, tp in touchpoints)
    if not 0 < rated < len(touchpoints):
        return
    # one finding per stage, at its first unrated touchpoint: a half-rated map is one fix per
    # stage, not thirty lines of noise
    for s, stage in enumerate(journey.stages):
        missing = [(i, tp.id) for i, tp in enumerate(stage.touchpoints) if tp.emotion is None]
        if not missing:
            continue
        names = ", ".join(f"'{ident}'" for _, ident in missing[:5]) + (", ..." if len(missing) > 5 else "")
        yield Finding(
            ("stages", s, "touchpoints", missing[0][0]),
            say_plural("touchpoint in stage '%(stage)s' has no emotion (%(names)s), but %(rated)s of "
                       "%(total)s touchpoints do",
                       "%(num)s touchpoints in stage '%(stage)s' have no emotion (%(names)s), but "
                       "%(rated)s of %(total)s touchpoints do",
                       len(missing), num=len(missing), stage=stage.id, names=names, rated=rated,
                       total=len(touchpoints)),
            say("add `emotion:` (1 = very negative ... 5 = very positive)"),
        )
