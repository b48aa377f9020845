"""No flow reaches a touchpoint (when the map uses `next`).

Why: once a map draws its flow with `next`, every touchpoint outside the first stage should be
reachable from where the journey starts. One that is not is usually a missing `next` entry or a
leftover from an old version of the journey. A touchpoint without `next` flows to the one after
it in the file.

Fails::

    - id: tp-ad
      name: Ad
      next: [tp-landing]
    # ... a later stage:
    - id: tp-landing
      name: Landing page
    - id: tp-old-promo        # nothing leads here
      name: Old promo page

Passes::

    - id: tp-ad
      name: Ad
      next: [tp-landing, tp-old-promo]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import JourneyMap
from ...problems import Severity
from ..finding import Finding, Options
from . import _flow

CODE = "CJM104"
NAME = "unreachable-touchpoint"
SEVERITY = Severity.warning
OPTIONS: dict[str, object] = {}


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    flow = _flow.build(journey)
    if flow is None:
        return
    starts = [t for t, s in flow.stage_of.items() if s == flow.first_stage]
    seen = _flow.reachable(flow, starts)
    for tp_id, path in flow.paths.items():
        if tp_id not in seen:
            yield Finding(
                path,
                f"no flow reaches touchpoint '{tp_id}' from the first stage",
                f"add '{tp_id}' to the `next` of a touchpoint that leads here",
            )
