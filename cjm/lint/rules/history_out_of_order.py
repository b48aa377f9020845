"""A metric's history points are not written in time order.

Why: cjm orders the points by period wherever it uses them, so nothing is computed wrongly; but a
person reading the YAML takes the last point written as the latest, and a new point added in the
middle of a list is easy to miss in review. Keep the oldest first, the latest last (this is how
`cjm data import` appends).

Fails::

    history:
      - {period: 2026-Q3, value: 39}
      - {period: 2026-Q2, value: 38}

Passes::

    history:
      - {period: 2026-Q2, value: 38}
      - {period: 2026-Q3, value: 39}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...periods import parse
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM312"
NAME = "history-out-of-order"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    for path, _stage, metric in ctx.journey.lane_items("metrics"):
        latest = None
        for i, point in enumerate(metric.history):
            period = parse(point.period)
            if period is None:
                continue  # not a period cjm can place in time: CJM305
            if latest is not None and period < latest:
                yield Finding(
                    path + ("history", i, "period"),
                    say("point %(period)s of metric '%(id)s' comes after %(later)s, which is later",
                        period=point.period, id=metric.id, later=latest.text),
                    say("write history oldest first, the latest point last"),
                )
            else:
                latest = period
