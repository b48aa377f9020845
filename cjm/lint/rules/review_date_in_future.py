"""The review date is in the future.

Why: `reviewed:` records when the map was checked; a future date is a typo (often the year),
and it would keep stale-map (CJM401) quiet for years.

Fails (in 2026)::

    reviewed: 2062-09-30

Passes::

    reviewed: 2026-09-30
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM403"
NAME = "review-date-in-future"
SEVERITY = Severity.error
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    now = ctx.today
    if journey.reviewed is not None and journey.reviewed > now:
        yield Finding(
            ("reviewed",),
            say("the review date %(date)s is in the future", date=journey.reviewed.isoformat()),
            say("use the date the map was last checked (today is %(today)s)", today=now.isoformat()),
        )
