"""Two items in one lane have the same name.

Why: names are what people read on the rendered map. Two touchpoints (or stages, pain points...)
called the same are indistinguishable on the board and in review, even though their ids differ.
Names are compared ignoring case and extra spaces, across all stages of a lane.

Fails::

    pain_points:
      - id: pp-slow
        name: Slow checkout
      # ...in a later stage:
      - id: pp-slow-again
        name: slow  checkout

Passes::

      - id: pp-slow-again
        name: Slow checkout on mobile
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import LANES, JourneyMap
from ...problems import Path, Severity
from ..finding import Finding, Options

CODE = "CJM405"
NAME = "duplicate-name"
SEVERITY = Severity.warning
OPTIONS: dict[str, object] = {}

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


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    groups: list[tuple[str, list[tuple[Path, str, str]]]] = [
        ("personas", [(("personas", i), p.id, p.name) for i, p in enumerate(journey.personas)]),
        ("channels", [(("channels", i), c.id, c.name) for i, c in enumerate(journey.channels)]),
        ("stages", [(("stages", i), s.id, s.name) for i, s in enumerate(journey.stages)]),
    ]
    for lane in LANES:
        if lane in _LANE_NAMES:
            groups.append((lane, [(p, it.id, it.name) for p, _, it in journey.lane_items(lane)]))
    for lane, items in groups:
        seen: dict[str, str] = {}
        for path, ident, name in items:
            key = _key(name)
            if key in seen:
                yield Finding(
                    path + ("name",),
                    f"{_LANE_NAMES[lane]} '{ident}' has the same name as '{seen[key]}': {name!r}",
                    "give each a name that tells them apart",
                )
            else:
                seen[key] = ident
