"""A metric has missed its target for several periods in a row.

Why: one missed period is noise; a metric missing its target quarter after quarter is a trend the map
should answer with an opportunity on the pain points of its stage, or a target that should be
revised. The count runs back from the latest point of `history`; `periods` (default 3) sets how
many misses in a row are reported. A metric a map borrows from the repository's library is
reported in that map, at the desired action that names it.

Fails (with the default)::

    metrics:
      - id: m-nps
        name: NPS
        target: 40
        history:
          - {period: 2026-Q1, value: 36}
          - {period: 2026-Q2, value: 37}
          - {period: 2026-Q3, value: 38}

Passes::

    metrics:
      - id: m-nps
        name: NPS
        target: 40
        history:
          - {period: 2026-Q1, value: 36}
          - {period: 2026-Q2, value: 37}
          - {period: 2026-Q3, value: 41}

Configure::

    [tool.cjm.lint.rules.CJM313]
    periods = 2
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...i18n.message import say, say_plural
from ...periods import canonical
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM313"
NAME = "metric-missed-in-a-row"
SEVERITY = Severity.warning


class Options(RuleOptions):
    periods: int = Field(3, ge=1, description="How many periods in a row missing the target to report.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    limit = ctx.options.periods
    for path, metric, borrowed in ctx.metrics():
        fact = ctx.facts.metrics.get(metric.id)
        if fact is None or not metric.history:
            continue
        missed = fact.missed_in_a_row
        if missed < limit or fact.latest is None:
            continue
        first = fact.trend[-missed].period
        if borrowed:  # the map's line that names it; the points are in the library file
            yield Finding(
                path,
                say_plural("metric '%(id)s' (from the library %(library)s) has missed its target for %(num)s "
                           "period in a row (%(first)s to %(last)s)",
                           "metric '%(id)s' (from the library %(library)s) has missed its target for %(num)s "
                           "periods in a row (%(first)s to %(last)s)", missed, id=metric.id,
                           library=fact.library, num=missed, first=first, last=fact.latest.period),
                say("work on what moves it (an opportunity addressing this stage's pain points), or "
                    "revise the target in the library"),
            )
            continue
        index = next(i for i, p in enumerate(metric.history)
                     if canonical(p.period) == fact.latest.period)
        yield Finding(
            path + ("history", index, "value"),
            say_plural("metric '%(id)s' has missed its target for %(num)s period in a row (%(first)s to %(last)s)",
                       "metric '%(id)s' has missed its target for %(num)s periods in a row (%(first)s to "
                       "%(last)s)", missed, id=metric.id, num=missed, first=first, last=fact.latest.period),
            say("work on what moves it (an opportunity addressing this stage's pain points), or "
                "revise the target"),
        )
