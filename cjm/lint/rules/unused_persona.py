"""A persona is defined but the map never names it.

Why: a map is one persona's journey (`persona:`). Extra persona definitions are usually copied
from another map; they make readers wonder whose journey this is.

Fails::

    persona: maya
    personas:
      - id: maya
        name: Maya
      - id: tom          # never used
        name: Tom

Passes::

    persona: maya
    personas:
      - id: maya
        name: Maya
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM207"
NAME = "unused-persona"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if journey.persona is None:
        return  # map-without-persona (CJM107) says what to do
    used = ctx.facts.used_ids
    for i, persona in enumerate(journey.personas):
        if persona.id not in used:
            yield Finding(
                ("personas", i),
                say("persona '%(id)s' is defined but never used", id=persona.id),
                say("remove it, or move it to the map of that persona's journey"),
            )
