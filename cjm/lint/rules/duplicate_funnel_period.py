"""Two completed actions record the same funnel step for the same period.

Why: a funnel step has one count per period. With two records, the board, the report and the
drop-off from the step before count one of them (the larger: :func:`cjm.facts.counted_instead`)
and the other is silently left out; ``cjm data import`` updates that same one. It is usually a record
pasted for a new quarter whose period was not changed, or an export imported under two ids.

Fails::

    completed_actions:
      - {id: ca-pay-q1, fulfils: da-pay, count: 500, of: 1000, period: 2026-Q1}
      - {id: ca-pay-q1b, fulfils: da-pay, count: 510, of: 1000, period: 2026-q1}

A period is the days it covers, whatever its case. Records without a period are the undated
funnel; two of those for one step are reported too.

Passes::

    completed_actions:
      - {id: ca-pay-q1, fulfils: da-pay, count: 500, of: 1000, period: 2026-Q1}
      - {id: ca-pay-q2, fulfils: da-pay, count: 510, of: 1000, period: 2026-Q2}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...i18n.message import say
from ...periods import canonical
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM315"
NAME = "duplicate-funnel-period"
SEVERITY = Severity.error
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    first: dict[tuple[str, str | None], Any] = {}
    for path, _stage, done in ctx.journey.lane_items("completed_actions"):
        if done.fulfils is None:
            continue
        period = canonical(done.period) if done.period is not None else None
        key = (done.fulfils, period)
        earlier = first.setdefault(key, done)
        if earlier is done:
            continue
        step = next((f.step(done.fulfils) for f in ctx.facts.funnels if f.period == period), None)
        if step is None:  # a fulfils naming no desired action: another rule's finding
            continue
        yield Finding(
            path + ("period",) if done.period is not None else path + ("fulfils",),
            say("completed action '%(id)s' is a second record of '%(action)s' for period %(period)s (the first "
                "is '%(first)s'; cjm counts '%(counted)s', the larger)", id=done.id, action=done.fulfils,
                period=done.period, first=earlier.id, counted=step.record_id)
            if done.period is not None else
            say("completed action '%(id)s' is a second record of '%(action)s' for no period (the first "
                "is '%(first)s'; cjm counts '%(counted)s', the larger)", id=done.id, action=done.fulfils,
                first=earlier.id, counted=step.record_id),
            say("keep one record per step and period: delete this one or correct its period"),
        )
