"""A metric has no target.

Why: a number without a target cannot say whether a stage is healthy. With `target` (and
`direction` when lower is better) the map, the HTML view and reports show metrics against goals.

Fails::

    metrics:
      - id: m-conversion
        name: Checkout conversion
        actual: 2.1

Passes::

    metrics:
      - id: m-conversion
        name: Checkout conversion
        unit: "%"
        target: 3
        actual: 2.1
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM205"
NAME = "metric-without-target"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, metric in journey.lane_items("metrics"):
        if metric.target is None:
            yield Finding(
                path,
                say("metric '%(id)s' has no target", id=metric.id),
                say("add `target:` so the map can show whether the stage is on track"),
            )
