"""The map was last reviewed too long ago.

Why: a journey map describes customers and systems that keep changing; teams re-check their maps
against reality every 6 to 12 months. `reviewed:` older than `max-age-days` (default 365) means
the map may no longer be true.

Fails (with the default, in 2026)::

    reviewed: 2024-05-01

Passes::

    reviewed: 2026-09-30

Configure::

    [tool.cjm.lint.rules.CJM401]
    max-age-days = 180
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...i18n.message import say, say_plural
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM401"
NAME = "stale-map"
SEVERITY = Severity.warning


class Options(RuleOptions):
    max_age_days: int = Field(365, ge=0, description="How old a review may be, in days.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if journey.reviewed is None:
        return
    limit = ctx.options.max_age_days
    age = (ctx.today - journey.reviewed).days
    if age > limit:
        yield Finding(
            ("reviewed",),
            say_plural("the map was last reviewed %(num)s day ago (%(date)s), more than %(limit)s",
                       "the map was last reviewed %(num)s days ago (%(date)s), more than %(limit)s",
                       age, num=age, date=journey.reviewed.isoformat(), limit=limit),
            say("check the map against reality, then update `reviewed:`"),
        )
