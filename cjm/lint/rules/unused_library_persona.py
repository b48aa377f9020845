"""A library persona that no map of the repository names.

Why: a library is the one place personas are defined for every map; one that no journey belongs
to is either left over from a renamed persona or waiting for its first map. Either way readers of
the library take it for a persona the organisation maps, and it is not.

Reported on the library file. Fails (``library/people.yaml``, no map says ``persona: tom``)::

    cjm: 1
    library: people
    personas:
      - {id: anna, name: Anna}
      - {id: tom, name: Tom}      # no map's persona

Passes: every persona is some map's ``persona:``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, LibraryContext, NoOptions

CODE = "CJM501"
NAME = "unused-library-persona"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    return iter(())  # a map has nothing to say here: see check_library


def check_library(ctx: LibraryContext[Options]) -> Iterator[Finding]:
    used = {e.persona for e in ctx.repository.maps().entries if e.persona}
    for i, persona in enumerate(ctx.library.personas):
        if persona.id not in used:
            yield Finding(("personas", i), say("library persona '%(id)s' is the persona of no map", id=persona.id),
                          say("remove it, or give it a map (`persona: %(id)s`)", id=persona.id))
