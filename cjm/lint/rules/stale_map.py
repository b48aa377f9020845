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

import datetime as dt
from collections.abc import Iterator

from ...model import JourneyMap
from ...problems import Severity
from ..finding import Finding, Options

CODE = "CJM401"
NAME = "stale-map"
SEVERITY = Severity.warning
OPTIONS: dict[str, object] = {"max-age-days": 365}


def today(options: Options) -> dt.date:
    """The runner passes ``today`` so that tests (and reruns) do not depend on the clock."""
    value = options.get("today")
    return value if isinstance(value, dt.date) else dt.date.today()


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    if journey.reviewed is None:
        return
    limit = int(options.get("max-age-days", 365))
    age = (today(options) - journey.reviewed).days
    if age > limit:
        yield Finding(
            ("reviewed",),
            f"the map was last reviewed {age} days ago ({journey.reviewed.isoformat()}), "
            f"more than {limit}",
            "check the map against reality, then update `reviewed:`",
        )
