"""The funnel grows: more customers complete (or could complete) a later stage than an earlier one.

Why: completed actions are the funnel. Customers drop out between steps, they do not appear
from nowhere, so a later step counting more than an earlier one (for the same `period`) is a
typo, numbers from different sources, or a stage in the wrong order. Each step of each period's
funnel (the one :mod:`cjm.facts` computes for the board and the report) is compared with the
step before it that has data: its `count`, and separately its base `of`.

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

from ...problems import Path, Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM301"
NAME = "funnel-grows"
SEVERITY = Severity.error
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    paths: dict[str, Path] = {}
    for path, _stage, done in journey.lane_items("completed_actions"):
        paths.setdefault(done.id, path)
    for funnel in ctx.facts.funnels:
        when = f" in {funnel.period}" if funnel.period else ""
        measured = funnel.measured
        for before, step in zip(measured, measured[1:], strict=False):
            assert before.completed is not None and step.completed is not None
            assert step.record_id is not None
            for field, label, value, previous in (
                ("count", "completed", step.completed.count, before.completed.count),
                ("of", "could complete (`of`)", step.completed.base, before.completed.base),
            ):
                if value is not None and previous is not None and value > previous:
                    yield Finding(
                        paths[step.record_id] + (field,),
                        f"the funnel grows: {value:,} {label} at '{step.action_id}' in stage "
                        f"'{step.stage_id}' but only {previous:,} at the step before it, "
                        f"'{before.action_id}' in stage '{before.stage_id}'{when}",
                        "check the numbers, their period and the order of the stages",
                    )
