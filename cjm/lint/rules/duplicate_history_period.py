"""A metric's history gives two values for the same period.

Why: a metric has one value per period; with two, the trend line, the "latest value" and the
"target missed N periods in a row" count depend on which one cjm happens to keep (the first).
It is usually a row imported twice, or a copy-pasted point whose period was not changed.

Fails::

    history:
      - {period: 2026-Q3, value: 38}
      - {period: 2026-Q3, value: 41}

A period is the days it covers, whatever its case: `2026-q3` and `2026-Q3` are the same quarter.

Passes::

    history:
      - {period: 2026-Q2, value: 38}
      - {period: 2026-Q3, value: 41}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...periods import canonical
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM311"
NAME = "duplicate-history-period"
SEVERITY = Severity.error
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    for path, _stage, metric in ctx.journey.lane_items("metrics"):
        first: dict[str, int] = {}
        for i, point in enumerate(metric.history):
            period = canonical(point.period)
            if period in first:
                earlier = metric.history[first[period]].period
                yield Finding(
                    path + ("history", i, "period"),
                    say("metric '%(id)s' has a second value for period %(period)s (the first is point %(num)s, "
                        "written %(written)s; cjm keeps that one)", id=metric.id, period=point.period,
                        num=first[period] + 1, written=earlier)
                    if earlier != point.period else
                    say("metric '%(id)s' has a second value for period %(period)s (the first is point "
                        "%(num)s; cjm keeps that one)", id=metric.id, period=point.period,
                        num=first[period] + 1),
                    say("keep one value per period: delete this point or correct its period"),
                )
            else:
                first[period] = i
