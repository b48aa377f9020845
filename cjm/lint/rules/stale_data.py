"""The map's latest data point is older than its review window.

Why: a map whose funnel and metric numbers stop at a period long past describes customers as they
were, however recently somebody re-read the text; numbers go stale faster than stories. The
latest period of any metric `history` or completed action must end within `max-age-days`
(default 365, as CJM401) of today. Maps without dated data are left alone.

Fails (with the default, in November 2026)::

    history:
      - {period: 2025-Q2, value: 38}

Passes::

    history:
      - {period: 2026-Q3, value: 38}

Configure::

    [tool.cjm.lint.rules.CJM410]
    max-age-days = 120
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...i18n.message import say, say_plural
from ...periods import canonical, parse
from ...problems import Path, Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM410"
NAME = "stale-data"
SEVERITY = Severity.warning


class Options(RuleOptions):
    max_age_days: int = Field(365, ge=0, description="How long after a period ends its data "
                              "is the latest a map may have, in days.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    latest = ctx.facts.latest_data
    if latest is None:
        return
    age = (ctx.today - latest.end).days
    if age <= ctx.options.max_age_days:
        return
    yield Finding(
        _where(ctx, latest.text),
        say_plural("the latest data point is for %(period)s, which ended %(num)s day ago, more than %(limit)s",
                   "the latest data point is for %(period)s, which ended %(num)s days ago, more than %(limit)s",
                   age, period=latest.text, num=age, limit=ctx.options.max_age_days),
        say("add the numbers of the periods since (cjm data import), or review the map's data"),
    )


def _where(ctx: Context[Options], period: str) -> Path:
    """The first place the latest period is written: a history point, else a completed action."""
    for path, _stage, metric in ctx.journey.lane_items("metrics"):
        for i, point in enumerate(metric.history):
            if parse(point.period) is not None and canonical(point.period) == period:
                return path + ("history", i, "period")
    for path, _stage, done in ctx.journey.lane_items("completed_actions"):
        if done.period is not None and canonical(done.period) == period:
            return path + ("period",)
    return ()
