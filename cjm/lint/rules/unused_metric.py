"""A metric measures no desired action.

Why: metrics on a journey map exist to tell whether customers do what the stage wants them to.
A metric that no desired action points to (`metric:`) is a number without a purpose on the map.

Fails::

    desired_actions:
      - id: da-checkout
        name: Complete checkout
    metrics:
      - id: m-checkout-rate
        name: Checkout completion

Passes::

    desired_actions:
      - id: da-checkout
        name: Complete checkout
        metric: m-checkout-rate
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM209"
NAME = "unused-metric"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    used = ctx.facts.used_ids
    for path, _stage, metric in journey.lane_items("metrics"):
        if metric.id not in used:
            yield Finding(
                path,
                say("metric '%(id)s' measures no desired action", id=metric.id),
                say("set `metric: %(id)s` on the desired action it measures", id=metric.id),
            )
