"""No opportunity addresses a pain point.

Why: a journey map earns its keep by turning pains into work. A pain point that no opportunity
`addresses` is a known problem with no plan; reviewers should see it, not discover it later.

Fails::

    pain_points:
      - id: pp-late-shipping-cost
        name: Shipping cost appears only at checkout
    opportunities: []

Passes::

    opportunities:
      - id: op-show-shipping-early
        name: Show shipping cost on the product page
        addresses: [pp-late-shipping-cost]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM201"
NAME = "pain-point-without-opportunity"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    addressed = {p for _, _, opp in journey.lane_items("opportunities") for p in opp.addresses}
    for path, _stage, pain in journey.lane_items("pain_points"):
        if pain.id not in addressed:
            yield Finding(
                path,
                say("no opportunity addresses pain point '%(id)s'", id=pain.id),
                say("add an opportunity with `addresses: [%(id)s]`", id=pain.id),
            )
