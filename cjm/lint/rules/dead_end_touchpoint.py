"""A touchpoint ends the flow before the last stage (`next: []`).

Why: an empty `next` says "the journey stops here". Before the last stage that is a customer
lost: either a real drop-out worth a pain point, or a `next` someone forgot to fill in.

Fails::

    # stage 1 of 3
    - id: tp-pricing-page
      name: Pricing page
      next: []

Passes::

    - id: tp-pricing-page
      name: Pricing page
      next: [tp-signup-form]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM105"
NAME = "dead-end-touchpoint"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    flow = ctx.facts.flow
    for path, _stage, tp in journey.lane_items("touchpoints"):
        tp_id = tp.id
        if not flow.edges.get(tp_id) and flow.stage_of.get(tp_id, flow.last_stage) != flow.last_stage:
            yield Finding(
                path + ("next",) if tp_id in flow.explicit_empty else path,
                say("the flow ends at touchpoint '%(id)s' before the last stage", id=tp_id),
                say("list what can follow it in `next`, or record the drop-out as a pain point"),
            )
