"""A stage's emotion is far from the average of its touchpoints' emotions.

Why: a stage's emotion summarises how its touchpoints feel. A stage marked 5 whose touchpoints
average 2 tells two stories at once; usually one of them was not updated after research.
Option `max-difference` (default 1.5) sets how far apart they may be.

Fails::

    - id: checkout
      emotion: 5
      touchpoints:
        - {id: tp-cart, name: Cart, emotion: 2}
        - {id: tp-payment, name: Payment, emotion: 1}

Passes::

    - id: checkout
      emotion: 2
      touchpoints:
        - {id: tp-cart, name: Cart, emotion: 2}
        - {id: tp-payment, name: Payment, emotion: 1}
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...i18n.message import Quantity, say
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM304"
NAME = "stage-emotion-mismatch"
SEVERITY = Severity.warning


class Options(RuleOptions):
    max_difference: float = Field(1.5, ge=0)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    limit = ctx.options.max_difference
    for s, (stage, point) in enumerate(zip(journey.stages, ctx.facts.emotion, strict=True)):
        mean = point.touchpoint_mean
        if stage.emotion is None or mean is None:
            continue
        if abs(stage.emotion - mean) > limit:
            yield Finding(
                ("stages", s, "emotion"),
                say("stage '%(id)s' has emotion %(emotion)s but its touchpoints average %(mean)s",
                    id=stage.id, emotion=stage.emotion, mean=Quantity(mean, None)),
                say("re-check the stage's emotion against its touchpoints"),
            )
