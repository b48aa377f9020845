"""The map names no persona.

Why: a journey is always somebody's journey. Without a persona, readers fill in their own
customer, and two teams argue about two different people. Name the persona in `persona:`.

Fails::

    cjm: 1
    id: first-purchase
    title: First purchase
    stages: [...]

Passes::

    cjm: 1
    id: first-purchase
    title: First purchase
    persona: first-time-shopper
    personas:
      - id: first-time-shopper
        name: Maya, first-time shopper
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM107"
NAME = "map-without-persona"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if journey.persona is not None:
        return
    if journey.personas:
        first = journey.personas[0].id
        yield Finding((), say("the map does not say whose journey it is"),
                      say("add `persona: %(id)s`", id=first))
    else:
        yield Finding(
            (),
            say("the map has no persona"),
            say("define one under `personas:` and name it in `persona:`"),
        )
