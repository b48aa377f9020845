"""The map does not say when it was last reviewed.

Why: without `reviewed:` nobody can tell whether the map still describes reality, and stale-map
(CJM401) cannot warn when it gets old.

Fails::

    cjm: 1
    id: first-purchase
    title: First purchase

Passes::

    cjm: 1
    id: first-purchase
    title: First purchase
    reviewed: 2026-09-30
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM402"
NAME = "review-date-missing"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if journey.reviewed is None:
        yield Finding((), say("the map has no `reviewed:` date"), say("add `reviewed: YYYY-MM-DD`"))
