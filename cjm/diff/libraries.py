"""Library files in a diff: their elements compared by id, and an element removed while maps still
name it reported as breaking, with every place that names it.

Why: a persona renamed or a channel removed in a library changes every map that names it while
those maps' bytes stay the same, so a diff of the changed map files alone says "no changes" for a
pull request that breaks half the repository. Each changed library file is compared with the
engine's own comparison (:func:`cjm.diff.engine.diff_libraries`); an element it no longer defines,
that no other library of the new side defines either, and that a map of the new side still names,
is a breaking change (``--fail-on breaking``) listing each ``file:line:col``.

The library's changes are written in the language its maps share (a library has no ``lang`` of
its own: it speaks for the maps that use it).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Mapping

from .. import model as m
from ..i18n.labels import N_
from ..i18n.message import say
from ..loader import Document, load_bytes
from ..references import references
from ..repository import Place, Repository, SharedElement
from ..validate import validate_document
from .changes import FileDiff
from .engine import diff_libraries
from .pairs import Side

_LIBRARY = re.compile(rb"^library[ \t]*:", re.MULTILINE)
_KIND_WORDS = {m.Persona: N_("persona"), m.Channel: N_("channel"), m.Metric: N_("metric")}


def is_library_side(side: Side) -> bool:
    """Whether a file of one side is a library file (says ``library:`` at the top level)."""
    return bool(_LIBRARY.search(side.raw))


def _library(side: Side, to_library: Callable[[Document], m.Library]) -> m.Library | None:
    doc = load_bytes(side.raw, side.label)
    return to_library(doc) if m.is_library(doc.data) else None


def compare(old: Mapping[str, Side], new: Mapping[str, Side], same: Callable[[str], bool],
            to_library: Callable[[Document], m.Library], now: Repository,
            uses: Callable[[SharedElement], list[Place]]) -> list[FileDiff]:
    """Every library file that differs between the sides, compared; paired by path, then by
    library id (a library file moved). ``now`` is the new side's repository (an element moved to
    another of its libraries is not removed); ``uses`` finds where the new side names an element.
    ``to_library`` raises :class:`cjm.diff.inputs.InvalidMap` for a library that is not valid."""
    olds = {k: s for k, s in old.items() if is_library_side(s) and not (k in new and same(k))}
    news = {k: s for k, s in new.items() if is_library_side(s) and not (k in old and same(k))}
    before = {k: lib for k, s in olds.items() if (lib := _library(s, to_library)) is not None}
    after = {k: lib for k, s in news.items() if (lib := _library(s, to_library)) is not None}
    pairs: list[tuple[str | None, str | None]] = [(k, k) for k in after if k in before]
    left_old = {lib.library: k for k, lib in before.items() if k not in after}
    for key, lib in after.items():
        if key in before:
            continue
        match = left_old.pop(lib.library, None)
        pairs.append((match, key))
    pairs.extend((k, None) for k in left_old.values())
    defined_now = now.shared()
    lang = maps_language(now)
    out: list[tuple[str, FileDiff]] = []
    for old_key, new_key in pairs:
        was = before[old_key] if old_key is not None else None
        is_ = after[new_key] if new_key is not None else None
        result = diff_libraries(was, is_)
        result.lang = lang
        reasons = _breaking(was, is_, defined_now, uses)
        old_label = olds[old_key].label if old_key is not None else "/dev/null"
        new_label = news[new_key].label if new_key is not None else "/dev/null"
        status = "added" if was is None else "deleted" if is_ is None else "modified"
        moved = old_key if old_key is not None and new_key is not None and old_key != new_key else None
        fd = FileDiff(old_label, new_label, result, status, moved_from=moved, breaking=reasons,
                      kind="library")
        out.append((new_key or old_key or "", fd))
    return [fd for _, fd in sorted(out, key=lambda kv: kv[0])]


def _breaking(old: m.Library | None, new: m.Library | None, defined_now: dict[str, SharedElement],
              uses: Callable[[SharedElement], list[Place]]) -> tuple[str, ...]:
    if old is None:
        return ()
    kept = {e.id: type(e) for _, e in new.elements()} if new is not None else {}
    reasons: list[str] = []
    for path, element in old.elements():
        if kept.get(element.id) is type(element):
            continue
        elsewhere = defined_now.get(element.id)
        if elsewhere is not None and elsewhere.kind is type(element):
            continue  # moved to another library file
        places = uses(SharedElement(element, old.library, Place("", 0, 0), path))
        if places:
            reasons.append(say(
                N_("%(kind)s '%(id)s' removed from library '%(library)s' while maps still refer to it: "
                   "%(places)s"),
                kind=say(_KIND_WORDS[type(element)]), id=element.id, library=old.library,
                places=", ".join(str(p) for p in places)))
    return tuple(reasons)


def maps_language(repo: Repository) -> str | None:
    """The language most of the repository's maps are written in (None: English)."""
    if not repo.scan:
        return None
    found = Counter(e.lang for e in repo.maps().entries if e.lang)
    return found.most_common(1)[0][0] if found else None


def finder(repo: Repository, read: Callable[[str], bytes | None]) -> Callable[[SharedElement], list[Place]]:
    """``uses(element)``: every place a map of ``repo`` names the element, in file order.

    Only maps whose bytes hold the id are loaded; each is validated with ``repo`` (which should
    still lend the removed elements, :meth:`Repository.with_fallback`), and a map that defines
    an element of that id itself is not counted: its references are its own."""
    def uses(element: SharedElement) -> list[Place]:
        kind = element.kind
        needle = element.id.encode("utf-8")
        out: list[Place] = []
        for entry in sorted(repo.maps().entries, key=lambda e: e.file):
            raw = read(os.path.abspath(entry.file))
            if raw is None or needle not in raw:
                continue
            doc = load_bytes(raw, entry.file)
            journey = validate_document(doc, repo).readable
            if journey is None or any(e.id == element.id for _, e in journey.elements()):  # type: ignore[attr-defined]
                continue
            for ref in references(journey):
                if ref.target == element.id and ref.kind is kind:
                    line, col = doc.source.locate(ref.path)
                    out.append(Place(doc.file, line, col))
        return out

    return uses

