"""A metric's `actual` is not the latest value of its `history`.

Why: when a metric has a history, its current value is the latest point; an `actual:` that says
something else is a number somebody forgot to update (or a point somebody forgot to add), and the
board, the report and the diff would show the `actual:` while the trend line shows the history.
Remove `actual:` (cjm then takes the latest point) or make the two agree.

Fails::

    metrics:
      - id: m-nps
        name: NPS
        actual: 41
        history:
          - {period: 2026-Q2, value: 38}
          - {period: 2026-Q3, value: 39}

Passes::

    metrics:
      - id: m-nps
        name: NPS
        history:
          - {period: 2026-Q2, value: 38}
          - {period: 2026-Q3, value: 39}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM310"
NAME = "actual-differs-from-history"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    for path, _stage, metric in ctx.journey.lane_items("metrics"):
        fact = ctx.facts.metrics.get(metric.id)
        if fact is None or fact.declared is None or not fact.disagrees or fact.latest is None:
            continue
        if metric.actual != fact.declared:  # a second metric with the same id (invalid map)
            continue
        latest = fact.latest
        yield Finding(
            path + ("actual",),
            say("metric '%(id)s' has actual %(actual)s, but its latest history point (%(period)s) is %(value)s",
                id=metric.id, actual=_n(fact.declared), period=latest.period, value=_n(latest.value)),
            say("remove `actual:` (cjm then uses the latest point), or add the point it came from"),
        )


def _n(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
