"""An opportunity addresses no pain point.

Why: an opportunity that is tied to no pain point is a solution looking for a problem; it cannot
be prioritised against the pains on the map, and it will not show up next to them.

Fails::

    opportunities:
      - id: op-chatbot
        name: Add a chatbot

Passes::

    opportunities:
      - id: op-chatbot
        name: Add a chatbot for delivery questions
        addresses: [pp-where-is-my-order]
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM203"
NAME = "opportunity-addresses-nothing"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, opp in journey.lane_items("opportunities"):
        if not opp.addresses:
            yield Finding(
                path,
                say("opportunity '%(id)s' addresses no pain point", id=opp.id),
                say("list the pain points it solves in `addresses:`"),
            )
