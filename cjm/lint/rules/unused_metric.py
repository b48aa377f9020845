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

from ...model import JourneyMap
from ...problems import Severity
from ..finding import Finding, Options
from ._used import used_ids

CODE = "CJM209"
NAME = "unused-metric"
SEVERITY = Severity.info
OPTIONS: dict[str, object] = {}


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    used = used_ids(journey)
    for path, _stage, metric in journey.lane_items("metrics"):
        if metric.id not in used:
            yield Finding(
                path,
                f"metric '{metric.id}' measures no desired action",
                f"set `metric: {metric.id}` on the desired action it measures",
            )
