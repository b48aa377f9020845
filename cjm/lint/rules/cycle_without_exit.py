"""Touchpoints form a loop that the flow can never leave.

Why: loops are normal (compare, go back, compare again), but a loop with no `next` leading out
of it traps the customer forever, which no real journey does: an exit is missing.

Fails::

    - id: tp-compare
      name: Compare plans
      next: [tp-faq]
    - id: tp-faq
      name: FAQ
      next: [tp-compare]

Passes::

    - id: tp-faq
      name: FAQ
      next: [tp-compare, tp-signup]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM106"
NAME = "cycle-without-exit"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    flow = ctx.facts.flow
    paths = {tp.id: path for path, _stage, tp in reversed(list(journey.lane_items("touchpoints")))}
    order = flow.order
    for comp in flow.components():
        members = set(comp)
        looping = len(comp) > 1 or comp[0] in flow.edges[comp[0]]
        if not looping or any(flow.stage_of[t] == flow.last_stage for t in comp):
            continue
        if any(n not in members for t in comp for n in flow.edges[t]):
            continue
        ordered = sorted(comp, key=order.index)
        shown = " -> ".join(ordered + [ordered[0]])
        yield Finding(
            paths[ordered[0]] + ("next",),
            say("touchpoints loop with no way out: %(loop)s", loop=shown),
            say("add a `next` that leads out of the loop"),
        )
