"""A stage has no touchpoints.

Why: a stage is a step the customer takes, and touchpoints are where that step meets the business
(an ad, a page, a call). A stage without one cannot be observed, measured or improved: it is
usually a stage someone meant to fill in later.

Fails::

    stages:
      - id: onboarding
        name: Onboarding

Passes::

    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: tp-welcome-email
            name: Welcome email
            channel: email
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM101"
NAME = "stage-without-touchpoints"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for s, stage in enumerate(journey.stages):
        if not stage.touchpoints:
            yield Finding(
                ("stages", s),
                say("stage '%(id)s' has no touchpoints", id=stage.id),
                say("add the places where customers meet you in this stage under `touchpoints:`"),
            )
