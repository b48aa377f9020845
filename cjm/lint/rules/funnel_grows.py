"""The funnel grows: more customers complete (or could complete) a later stage than an earlier one.

Why: completed actions are the funnel. Customers drop out between stages, they do not appear
from nowhere, so a later stage counting more than an earlier one (for the same `period`) is a
typo, numbers from different sources, or a stage in the wrong order. Each stage's widest step
(its largest `count`, and separately its largest `of`) is compared with the previous stage that
reports one.

Fails::

    - id: consideration
      completed_actions:
        - {id: ca-view, count: 1200, of: 50000, period: 2026-Q2}
    - id: purchase
      completed_actions:
        - {id: ca-buy, count: 1900, of: 1200, period: 2026-Q2}   # 1,900 > 1,200

Passes::

    - id: purchase
      completed_actions:
        - {id: ca-buy, count: 310, of: 1200, period: 2026-Q2}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import JourneyMap
from ...problems import Path, Severity
from ..finding import Finding, Options

CODE = "CJM301"
NAME = "funnel-grows"
SEVERITY = Severity.error
OPTIONS: dict[str, object] = {}


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    for field, label in (("count", "completed"), ("of", "could complete (`of`)")):
        # per period: the last stage seen with a value, and that value
        previous: dict[str | None, tuple[str, int]] = {}
        for s, stage in enumerate(journey.stages):
            widest: dict[str | None, tuple[int, Path]] = {}
            for i, done in enumerate(stage.completed_actions):
                value = getattr(done, field)
                if value is None:
                    continue
                path: Path = ("stages", s, "completed_actions", i, field)
                if done.period not in widest or value > widest[done.period][0]:
                    widest[done.period] = (value, path)
            for period, (value, path) in widest.items():
                before = previous.get(period)
                if before is not None and value > before[1]:
                    when = f" in {period}" if period else ""
                    yield Finding(
                        path,
                        f"the funnel grows: {value:,} {label} in stage '{stage.id}' but only "
                        f"{before[1]:,} in the earlier stage '{before[0]}'{when}",
                        "check the numbers, their period and the order of the stages",
                    )
                previous[period] = (stage.id, value)
