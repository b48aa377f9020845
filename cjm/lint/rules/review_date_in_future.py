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

from ...model import JourneyMap
from ...problems import Severity
from ..finding import Finding, Options
from .stale_map import today

CODE = "CJM403"
NAME = "review-date-in-future"
SEVERITY = Severity.error
OPTIONS: dict[str, object] = {}


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    now = today(options)
    if journey.reviewed is not None and journey.reviewed > now:
        yield Finding(
            ("reviewed",),
            f"the review date {journey.reviewed.isoformat()} is in the future",
            f"use the date the map was last checked (today is {now.isoformat()})",
        )
