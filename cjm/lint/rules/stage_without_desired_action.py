"""A stage has no desired action.

Why: a journey map is a tool for change, and a desired action says what the business wants the
customer to do in the stage (sign up, pay, renew). Without one, nobody can tell whether the stage
works, and completed actions (the funnel) have nothing to count.

Fails::

    - id: consideration
      name: Consideration
      touchpoints: [...]

Passes::

    - id: consideration
      name: Consideration
      desired_actions:
        - id: da-add-to-cart
          name: Add a product to the cart
          metric: m-add-to-cart-rate
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM102"
NAME = "stage-without-desired-action"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for s, stage in enumerate(journey.stages):
        if not stage.desired_actions:
            yield Finding(
                ("stages", s),
                say("stage '%(id)s' has no desired action", id=stage.id),
                say("say what you want customers to do here under `desired_actions:`"),
            )
