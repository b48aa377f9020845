"""Two items in one lane have the same name.

Why: names are what people read on the rendered map. Two touchpoints (or pain points...) called
the same in one stage are indistinguishable on the board and in review, even though their ids
differ; it is usually a copy-paste that was never finished. Names are compared ignoring case and
extra spaces. Stages, personas and channels are compared across the map. Option `scope`: `stage`
(default: lane items within one stage) or `map` (within a lane across all stages).

Fails::

    pain_points:
      - id: pp-slow
        name: Slow checkout
      - id: pp-slow-again
        name: slow  checkout

Passes::

      - id: pp-slow-again
        name: Slow checkout on mobile
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ...i18n.labels import kind_word
from ...i18n.message import say
from ...model import LANES
from ...problems import Path, Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM405"
NAME = "duplicate-name"
SEVERITY = Severity.warning


class Options(RuleOptions):
    scope: Literal["stage", "map"] = "stage"

_LANE_NAMES = {
    "personas": "persona",
    "channels": "channel",
    "stages": "stage",
    "touchpoints": "touchpoint",
    "moments_of_truth": "moment of truth",
    "pain_points": "pain point",
    "desired_actions": "desired action",
    "opportunities": "opportunity",
    "metrics": "metric",
}


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    groups: list[tuple[str, list[tuple[Path, str, str]]]] = [
        ("personas", [(("personas", i), p.id, p.name) for i, p in enumerate(journey.personas)]),
        ("channels", [(("channels", i), c.id, c.name) for i, c in enumerate(journey.channels)]),
        ("stages", [(("stages", i), s.id, s.name) for i, s in enumerate(journey.stages)]),
    ]
    per_stage = ctx.options.scope != "map"
    for lane in LANES:
        if lane not in _LANE_NAMES:
            continue
        items = [(p, it.id, it.name) for p, _, it in journey.lane_items(lane)]
        if per_stage:
            for s in range(len(journey.stages)):
                groups.append((lane, [item for item in items if item[0][1] == s]))
        else:
            groups.append((lane, items))
    for lane, items in groups:
        seen: dict[str, str] = {}
        for path, ident, name in items:
            key = _key(name)
            if key in seen:
                yield Finding(
                    path + ("name",),
                    say("%(kind)s '%(id)s' has the same name as '%(other)s': %(name)s",
                        kind=kind_word(_LANE_NAMES[lane]), id=ident, other=seen[key], name=repr(name)),
                    say("give each a name that tells them apart"),
                )
            else:
                seen[key] = ident
