"""No flow reaches a touchpoint.

Why: every touchpoint should be reachable from where the journey starts (the first stage with
touchpoints). A touchpoint without `next` may lead to any touchpoint of the next stage, so only
`next` can leave one out: when every touchpoint that could lead here names others in `next`,
this one is a missing `next` entry or a leftover from an old version of the journey.

Fails::

    - id: awareness
      touchpoints:
        - {id: tp-ad, name: Ad, next: [tp-landing]}
    - id: consideration
      touchpoints:
        - {id: tp-landing, name: Landing page}
        - {id: tp-old-promo, name: Old promo page}   # nothing leads here

Passes::

    - id: awareness
      touchpoints:
        - {id: tp-ad, name: Ad, next: [tp-landing, tp-old-promo]}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM104"
NAME = "unreachable-touchpoint"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    flow = ctx.facts.flow
    seen = flow.reachable()
    for path, _stage, tp in journey.lane_items("touchpoints"):
        tp_id = tp.id
        if tp_id not in seen:
            yield Finding(
                path,
                say("no flow reaches touchpoint '%(id)s' from the first stage", id=tp_id),
                say("add '%(id)s' to the `next` of a touchpoint that leads here", id=tp_id),
            )
