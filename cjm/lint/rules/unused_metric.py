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
                f"metric '{metric.id}' measures no desired action",
                f"set `metric: {metric.id}` on the desired action it measures",
            )
