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

from ...i18n.message import Quantity, say
from ...problems import Path, Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM301"
NAME = "funnel-grows"
SEVERITY = Severity.error
Options = NoOptions


def _grows(period: str | None, **values: object) -> str:
    if period:
        return say("the funnel grows: %(value)s %(label)s at '%(action)s' in stage '%(stage)s' but only "
                   "%(previous)s at the step before it, '%(before)s' in stage '%(before_stage)s' in "
                   "%(period)s", period=period, **values)
    return say("the funnel grows: %(value)s %(label)s at '%(action)s' in stage '%(stage)s' but only "
               "%(previous)s at the step before it, '%(before)s' in stage '%(before_stage)s'", **values)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    paths: dict[str, Path] = {}
    for path, _stage, done in journey.lane_items("completed_actions"):
        paths.setdefault(done.id, path)
    for funnel in ctx.facts.funnels:
        measured = funnel.measured
        for before, step in zip(measured, measured[1:], strict=False):
            assert before.completed is not None and step.completed is not None
            assert step.record_id is not None
            for field, label, value, previous in (
                ("count", say("completed"), step.completed.count, before.completed.count),
                ("of", say("could complete (`of`)"), step.completed.base, before.completed.base),
            ):
                if value is not None and previous is not None and value > previous:
                    yield Finding(
                        paths[step.record_id] + (field,),
                        _grows(funnel.period, value=Quantity(value, None), label=label, action=step.action_id,
                               stage=step.stage_id, previous=Quantity(previous, None),
                               before=before.action_id, before_stage=before.stage_id),
                        say("check the numbers, their period and the order of the stages"),
                    )
