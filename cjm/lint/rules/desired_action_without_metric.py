"""A desired action has no metric.

Why: what the business wants customers to do should be measured, or nobody will know whether it
happens. Link the action to a metric with `metric:`.

Fails::

    desired_actions:
      - id: da-subscribe
        name: Subscribe to the newsletter

Passes::

    desired_actions:
      - id: da-subscribe
        name: Subscribe to the newsletter
        metric: m-subscribe-rate
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM206"
NAME = "desired-action-without-metric"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, action in journey.lane_items("desired_actions"):
        if action.metric is None:
            yield Finding(
                path,
                say("desired action '%(id)s' has no metric", id=action.id),
                say("add `metric:` with the id of the metric that measures it"),
            )
