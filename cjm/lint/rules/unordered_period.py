"""A completed action's or a metric history point's `period` is text cjm cannot place in time.

Why: funnels are compared period by period and the board shows the latest period first, so cjm
has to order periods. It knows `2026`, `2026-H2`, `2026-Q3`, `2026-10`, `2026-W41` and
`2026-10-05`; other text (`Q3 2026`, `2027-Q2, forecast`) stays valid but its funnel cannot be
ordered against the others, so it is shown before every dated period and never as the latest
(a history point with such a period is never a metric's latest value either).

Fails::

    completed_actions:
      - {id: ca-buy, count: 310, of: 1200, period: "Q3 2026"}

Passes::

    completed_actions:
      - {id: ca-buy, count: 310, of: 1200, period: 2026-Q3}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...hints import period_hint
from ...i18n.message import say
from ...periods import parse
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM305"
NAME = "unordered-period"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, done in journey.lane_items("completed_actions"):
        if done.period is not None and parse(done.period) is None:
            yield Finding(
                path + ("period",),
                say("period '%(period)s' of completed action '%(id)s' is not one cjm can order, so its funnel "
                    "is never shown as the latest", period=done.period, id=done.id),
                _hint(done.period, say("put notes such as 'forecast' in an x- field")),
            )
    for path, _stage, metric in journey.lane_items("metrics"):
        for i, point in enumerate(metric.history):
            if parse(point.period) is None:
                yield Finding(
                    path + ("history", i, "period"),
                    say("period '%(period)s' of metric '%(id)s' is not one cjm can order, so this point is never "
                        "its latest value", period=point.period, id=metric.id),
                    _hint(point.period, say("put remarks in `note:`")),
                )


def _hint(written: str, otherwise: str) -> str:
    """The canonical form of a period written the way people write it (``Q3 2026``: did you
    mean 2026-Q3?), else the forms cjm orders."""
    canonical = period_hint(written)
    if canonical is not None:
        return say("did you mean %(period)s?", period=canonical)
    return say("write it as 2026, 2026-H2, 2026-Q3, 2026-10, 2026-W41 or 2026-10-05; %(otherwise)s",
               otherwise=otherwise)
