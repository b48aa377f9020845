"""A stage or touchpoint zooms into a sub-journey of another persona.

Why: ``detail`` says "this step, in more detail"; the detailed journey is the same customer's.
A different persona there usually means the wrong map was linked, or one of the two maps names
the wrong persona.

Fails (map ``onboarding`` says ``persona: tom``)::

    persona: anna
    stages:
      - {id: onboarding, name: Onboarding, detail: onboarding}

Passes: both maps say ``persona: anna`` (or one of them names none).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ...references import hierarchy_references
from ..finding import Context, Finding, NoOptions

CODE = "CJM503"
NAME = "detail-persona-differs"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if ctx.repository is None or journey.persona is None:
        return
    details = [(p, t) for p, t in hierarchy_references(journey) if p != ("parent",)]
    if not details:
        return
    index = ctx.repository.maps()
    for path, target in details:
        entry = index.get(target)
        if entry is not None and entry.persona is not None and entry.persona != journey.persona:
            yield Finding(path, say("sub-journey '%(id)s' is persona '%(theirs)s's, this map is "
                                  "'%(ours)s's (%(place)s)", id=target, theirs=entry.persona,
                                  ours=journey.persona, place=str(entry.place)),
                          say("link the map of this persona, or correct `persona` in one of the two"))
