"""A funnel step's conversion fell by more than a set number of points since the previous period.

Why: a step that converted 62% last quarter and 48% this quarter is the first thing a review of
the journey should look at; in a pull request that updates the numbers it is easy to miss among
the rest. Off by default (conversion moves from period to period, and only a team knows how much
is noise): set `max-drop-points` to turn it on.

Fails (with `max-drop-points = 5`)::

    completed_actions:
      - {id: ca-q2, fulfils: da-pay, count: 620, of: 1000, period: 2026-Q2}
      - {id: ca-q3, fulfils: da-pay, count: 480, of: 1000, period: 2026-Q3}

Passes::

    completed_actions:
      - {id: ca-q2, fulfils: da-pay, count: 620, of: 1000, period: 2026-Q2}
      - {id: ca-q3, fulfils: da-pay, count: 600, of: 1000, period: 2026-Q3}

Configure::

    [tool.cjm.lint.rules.CJM314]
    max-drop-points = 5
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...i18n.message import Quantity, say, say_plural
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM314"
NAME = "conversion-fell"
SEVERITY = Severity.warning


class Options(RuleOptions):
    max_drop_points: float | None = Field(
        None, ge=0, description="Percentage points a step may lose since the previous period; "
        "unset: the rule is off.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    limit = ctx.options.max_drop_points
    if limit is None:
        return
    paths = {done.id: path for path, _stage, done in ctx.journey.lane_items("completed_actions")}
    for trend in ctx.facts.step_trends.values():
        change = trend.change
        if change is None or -change <= limit:
            continue
        (before_period, _before), (period, _after) = trend.points[-2], trend.points[-1]
        record = next(f.step(trend.action_id) for f in ctx.facts.funnels if f.period == period)
        assert record is not None and record.record_id is not None
        yield Finding(
            paths[record.record_id] + ("count",),
            say_plural("conversion of '%(action)s' fell %(num)s point from %(before)s to %(period)s, "
                       "more than %(limit)s",
                       "conversion of '%(action)s' fell %(num)s points from %(before)s to %(period)s, "
                       "more than %(limit)s",
                       int(-change) if float(change).is_integer() else 2, action=trend.action,
                       num=Quantity(-change, None), before=before_period, period=period,
                       limit=Quantity(limit, None)),
            say("find out what changed at this step, and add a pain point or an opportunity for it"),
        )
