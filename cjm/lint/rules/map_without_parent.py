"""A map outside the hierarchy of a repository whose journeys form one.

Why: once a repository has a root journey (an end-to-end map that other maps name as their
``parent``), a map that is neither under it nor a root of its own is easy to miss in the site's
tree and in roll-ups. It may be intended (a separate journey), hence info.

Fails (other maps say ``parent: become-customer``; this one has no parent and no children)::

    cjm: 1
    id: returns
    title: Returns

Passes::

    cjm: 1
    id: returns
    title: Returns
    parent: become-customer
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM504"
NAME = "map-without-parent"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    if ctx.repository is None or journey.parent is not None:
        return
    index = ctx.repository.maps()
    if not index.linked or index.children(journey.id):
        return
    tops = sorted({e.parent for e in index.entries if e.parent and index.get(e.parent)
                   and index.get(e.parent).parent is None})  # type: ignore[union-attr]
    if not tops:
        return
    yield Finding(("id",), say("map '%(id)s' has no parent, while the repository's journeys sit under "
                              "%(tops)s", id=journey.id, tops=", ".join(repr(t) for t in tops)),
                  say("add `parent: %(id)s` if this journey is part of it", id=tops[0]))
