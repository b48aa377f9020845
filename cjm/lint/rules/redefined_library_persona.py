"""A map defines a persona, channel or metric that a library file already defines, identically.

Why: a library exists so that a persona is defined once; a map's own copy goes stale the day the
library's is edited (validation then reports the two as a clash). While the copy is still the
same, it can simply go.

Fails (``library/people.yaml`` defines ``anna`` with the same fields)::

    persona: anna
    personas:
      - {id: anna, name: Anna}

Passes::

    persona: anna
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...i18n.message import say
from ...model import Channel, Persona
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM502"
NAME = "redefined-library-element"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    if ctx.repository is None:
        return
    shared = ctx.repository.shared()
    if not shared:
        return
    journey = ctx.journey
    lanes: list[tuple[str, Sequence[Persona | Channel]]] = [
        ("personas", journey.personas), ("channels", journey.channels)]
    for lane, items in lanes:
        for i, item in enumerate(items):
            there = shared.get(item.id)
            if there is not None and there.element == item:
                yield Finding((lane, i), _copy(item.id, str(there.place)), _remove(there.library))
    for path, _stage, metric in journey.lane_items("metrics"):
        there = shared.get(metric.id)
        if there is not None and there.element == metric:
            yield Finding(path, _copy(metric.id, str(there.place)), _remove(there.library))


def _copy(ident: str, place: str) -> str:
    return say("'%(id)s' is a copy of the library's, defined in %(place)s", id=ident, place=place)


def _remove(library: str) -> str:
    return say("remove it from this map: the map uses library '%(library)s'", library=library)
