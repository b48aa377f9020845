"""Which old map goes with which new one: by map ``id``, so a moved or renamed file is compared
with itself.

Why by id and not by path: in a repository, maps move (``git mv maps/x.yaml maps/private/x.yaml``)
and files get renamed while their map stays the same map; paired by path, a move reads as one map
deleted and another added, with every element reported twice. Map ids are unique across a
repository (DESIGN §4), so the id is the map's identity and the path is only where it lives.

Pairing, in order: a file with the same bytes at the same path is unchanged (it is not even fully
loaded: only its ``id`` and ``title`` are read, which keeps ``diff --rev`` over a thousand maps
about as fast as validating them); then same path and same id; then the same id elsewhere (a
move); then the same path with a changed id (compared, with the engine's warning). What is left
is a map added or deleted, summarised in one line rather than element by element. An id that two
files on one side claim is paired by path only, so a duplicate never pairs the wrong files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import yaml

from .. import facts as F
from ..i18n.labels import N_
from ..i18n.message import say, say_plural
from ..loader import Document, load_bytes
from ..model import JourneyMap, is_library
from .changes import DiffResult, FileDiff, Overview
from .engine import diff_maps
from .invalid import InvalidMap
from .ranks import Models

# ``yaml`` is loaded anyway by the loader; the C loader reads an unchanged file's id in a fraction
# of the time the source-mapping loader takes.
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Side:
    """One file on one side of a comparison.

    ``key`` is its path relative to what is compared (the repository root for ``--rev``, the
    folder for two folders): equal keys are the same place. ``raw`` is the file's bytes when read.
    """

    key: str
    label: str
    raw: bytes
    explicit: bool = False
    path: str | None = None  # the file on disk, as found from the current folder (working tree)


@dataclass
class _Entry:
    side: Side
    id: str | None
    map: JourneyMap | None  # None for an unchanged file, which is never fully loaded
    title: str = ""


def _quick(side: Side) -> tuple[str, str] | None:
    """The ``id`` and ``title`` of a file known to be unchanged, or None to load it properly.

    Reads parser events and stops as soon as the top level has given ``cjm``, ``id`` and
    ``title``, without building the document: a thousand unchanged maps cost a fraction of
    loading them. Anything unusual at the top level (not a mapping, a merge key, an alias for one
    of the three) gives None, and the caller loads the file the ordinary way.
    """
    wanted: dict[str, str] = {}
    loader = _FAST(side.raw)
    try:
        depth, key, started = 0, None, False
        while len(wanted) < 3:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth == 0:
                    if started or not isinstance(event, yaml.MappingStartEvent):
                        return None
                    started = True
                elif depth == 1 and key is None:
                    return None  # a complex key
                depth += 1
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                if depth == 1:
                    key = None  # a nested value ended: the next scalar is a key
                elif depth == 0:
                    return None  # the top level ended without all three
                continue
            if depth != 1 or not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                continue
            if key is None:
                if not isinstance(event, yaml.ScalarEvent) or event.value == "<<":
                    return None
                key = event.value
                continue
            if key in ("cjm", "id", "title"):
                if not isinstance(event, yaml.ScalarEvent) or key in wanted:
                    return None
                wanted[key] = event.value
            key = None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return wanted["id"], wanted["title"]


def _not_a_map(side: Side) -> bool:
    """A file found in a folder that does not say ``cjm:`` and parses: someone's CI config."""
    if side.explicit:
        return False
    try:
        data = yaml.load(side.raw, Loader=_FAST)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return False
    return data is None or (not isinstance(data, dict) or "cjm" not in data or "library" in data)


def _load(side: Side, to_map: Callable[[Document], JourneyMap]) -> _Entry | None:
    # a working-tree file is validated under the name it has from here, so its problems can be
    # opened and the repository knows it for itself (its own id is no duplicate)
    doc = load_bytes(side.raw, side.path or side.label)
    if not (side.explicit or doc.may_be_map) or is_library(doc.data):
        return None  # a library file is no map: its elements are compared through the maps
    journey = to_map(doc)
    return _Entry(side, journey.id, journey, journey.title)


def overview(journey: JourneyMap) -> Overview:
    """What a one-line summary of a whole map says; open pain points come from the facts."""
    touchpoints = sum(len(s.touchpoints) for s in journey.stages)
    open_pains = len(F.of(journey).open_pain_points)
    return Overview(journey.title, len(journey.stages), touchpoints, open_pains)


# The kinds of definition other elements point at by id; removing one that was in use changes
# what every reference meant. These are also the kinds library files will share across maps.
_DEFINITIONS = ("persona", "channel", "metric")


def _references(journey: JourneyMap) -> dict[str, set[str]]:
    """Ids of personas, channels and metrics that something in the map refers to, by kind."""
    used: dict[str, set[str]] = {kind: set() for kind in _DEFINITIONS}
    if journey.persona:
        used["persona"].add(journey.persona)
    for stage in journey.stages:
        for tp in stage.touchpoints:
            if tp.channel:
                used["channel"].add(tp.channel)
        for action in stage.desired_actions:
            if action.metric:
                used["metric"].add(action.metric)
    return used


# The kinds of definitions a breaking reason names, as a reader calls them.
_KIND_WORDS = {"persona": N_("persona"), "channel": N_("channel"), "metric": N_("metric")}


def breaking(old: JourneyMap | None, new: JourneyMap | None) -> tuple[str, ...]:
    """Why this change breaks what refers to the old map: a map id gone, or a definition that was
    in use removed. ``cjm diff --fail-on breaking`` exits 1 when any file has a reason."""
    if old is None:
        return ()
    if new is None:
        return (say(N_("map '%(id)s' deleted: its id may be referred to from elsewhere"), id=old.id),)
    reasons: list[str] = []
    if old.id != new.id:
        reasons.append(say(N_("map id '%(old)s' changed to '%(new)s'"), old=old.id, new=new.id))
    used = _references(old)
    kept = {
        "persona": {p.id for p in new.personas},
        "channel": {c.id for c in new.channels},
        "metric": {mt.id for s in new.stages for mt in s.metrics},
    }
    defined = {
        "persona": [p.id for p in old.personas],
        "channel": [c.id for c in old.channels],
        "metric": [mt.id for s in old.stages for mt in s.metrics],
    }
    for kind in _DEFINITIONS:
        for ident in defined[kind]:
            if ident in used[kind] and ident not in kept[kind]:
                reasons.append(say(N_("%(kind)s '%(id)s' removed while the map referred to it"),
                                   kind=say(_KIND_WORDS[kind]), id=ident))
    return tuple(reasons)


def compare(
    old: Mapping[str, Side],
    new: Mapping[str, Side],
    to_map: Callable[[Document], JourneyMap],
    same: Callable[[str], bool],
    scoring: Models | None = None,
) -> list[FileDiff]:
    """Pair old and new files by map id and compare each pair; sorted by the new path.

    ``same(key)`` says whether the file at ``key`` has the same bytes on both sides (a caller
    with git object ids can answer without reading the old bytes). ``to_map`` raises
    :class:`cjm.diff.inputs.InvalidMap` for a map that is not valid, as ``cjm validate`` would.
    ``scoring`` is the two sides' scoring models (:mod:`cjm.diff.ranks`): when they differ, an
    unchanged map is loaded too, since the new formula may reorder its opportunities.
    """
    rescore = isinstance(scoring, tuple) and scoring[0] != scoring[1]
    old_entries, new_entries, unchanged = _unchanged(old, new, to_map, same, rescore)
    broken = (_load_rest(old, old_entries, to_map), _load_rest(new, new_entries, to_map))
    results: list[tuple[str, FileDiff]] = []
    for key, fd in _invalid(old, new, old_entries, new_entries, *broken):
        results.append((key, fd))
    pairs, taken = _pair_keys(old_entries, new_entries, unchanged)
    results.extend(_file_diffs(old_entries, new_entries, pairs, taken, scoring))
    return [fd for _, fd in sorted(results, key=lambda kv: kv[0])]


def _unchanged(old: Mapping[str, Side], new: Mapping[str, Side],
               to_map: Callable[[Document], JourneyMap], same: Callable[[str], bool],
               rescore: bool) -> tuple[dict[str, _Entry], dict[str, _Entry], list[str]]:
    """The files with the same bytes on both sides, entered on both with only their id and title
    (read from the top of the file where it can be): they pair with themselves and are never
    compared in full. With ``rescore`` (the two sides score differently) each is loaded, to be
    ranked with each side's model."""
    old_entries: dict[str, _Entry] = {}
    new_entries: dict[str, _Entry] = {}
    unchanged: list[str] = []
    for key in sorted(set(old) & set(new)):
        if not same(key):
            continue
        quick = _quick(new[key]) if not rescore else None
        if quick is None and rescore and not _not_a_map(new[key]):
            try:
                entry = _load(new[key], to_map)
            except InvalidMap:
                continue
            if entry is not None:  # the same map on both sides, scored with each side's model
                old_entries[key] = _Entry(old[key], entry.id, entry.map, entry.title)
                new_entries[key] = entry
                unchanged.append(key)
            continue
        if quick is None:
            if _not_a_map(new[key]):
                continue
            try:
                entry = _load(new[key], to_map)
            except InvalidMap:
                continue  # as broken as it was: not this change's doing (`cjm validate` says it)
            if entry is None:
                continue
            quick = (entry.id or "", entry.title)
        ident, title = quick
        old_entries[key] = _Entry(old[key], ident, None, title)
        new_entries[key] = _Entry(new[key], ident, None, title)
        unchanged.append(key)
    return old_entries, new_entries, unchanged


def _load_rest(sides: Mapping[str, Side], entries: dict[str, _Entry],
               to_map: Callable[[Document], JourneyMap]) -> dict[str, InvalidMap]:
    """Load the files of one side not entered yet into ``entries``; the ones that are not valid
    maps are returned, to be reported in their place while the other maps are still compared."""
    failed: dict[str, InvalidMap] = {}
    for key in sorted(sides):
        if key not in entries:
            try:
                loaded = _load(sides[key], to_map)
            except InvalidMap as exc:  # reported in its place; the other maps still compared
                failed[key] = exc
                continue
            if loaded is not None:
                entries[key] = loaded
    return failed


def _pair_keys(old_entries: dict[str, _Entry], new_entries: dict[str, _Entry],
               unchanged: list[str]) -> tuple[dict[str, str], set[str]]:
    """Which old file each new file is (new key -> old key), and the old keys taken: an unchanged
    file is itself; then the same path with the same map id; then a map id found once on each side
    (a moved or renamed file); last, the same path whatever its id."""
    old_ids = Counter(e.id for e in old_entries.values())
    new_ids = Counter(e.id for e in new_entries.values())
    pairs: dict[str, str] = {}  # new key -> old key
    for key in unchanged:
        pairs[key] = key
    for key, entry in new_entries.items():
        if key not in pairs and key in old_entries and old_entries[key].id == entry.id:
            pairs[key] = key
    taken = set(pairs.values())
    old_by_id = {e.id: k for k, e in old_entries.items() if k not in taken and old_ids[e.id] == 1}
    for key, entry in new_entries.items():
        if key in pairs or new_ids[entry.id] != 1:
            continue
        match = old_by_id.get(entry.id)
        if match is not None and match not in taken:
            pairs[key] = match
            taken.add(match)
    for key in new_entries:
        if key not in pairs and key in old_entries and key not in taken:
            pairs[key] = key
            taken.add(key)
    return pairs, taken


def _file_diffs(old_entries: dict[str, _Entry], new_entries: dict[str, _Entry],
                pairs: dict[str, str], taken: set[str],
                scoring: Models | None) -> list[tuple[str, FileDiff]]:
    """One record per file, keyed by its path: a paired file compared with its old self, a new
    file with no pair added, an old file no new one took deleted."""
    results: list[tuple[str, FileDiff]] = []
    for key, entry in new_entries.items():
        if key in pairs:
            results.append((key, _pair(old_entries[pairs[key]], entry, scoring)))
        else:
            assert entry.map is not None
            result = DiffResult(None, entry.id, entry.title, lang=entry.map.lang)
            results.append((key, FileDiff("/dev/null", entry.side.label, result, "added",
                                          overview=overview(entry.map))))
    for key, entry in old_entries.items():
        if key not in taken:
            assert entry.map is not None
            result = DiffResult(entry.id, None, entry.title, lang=entry.map.lang)
            results.append((key, FileDiff(entry.side.label, "/dev/null", result, "deleted",
                                          overview=overview(entry.map),
                                          breaking=breaking(entry.map, None))))
    return results


def _invalid(old: Mapping[str, Side], new: Mapping[str, Side], old_entries: dict[str, _Entry],
             new_entries: dict[str, _Entry], old_broken: dict[str, InvalidMap],
             new_broken: dict[str, InvalidMap]) -> list[tuple[str, FileDiff]]:
    """A file that is not a valid map on one side: one record with its problems, paired by path
    with the other side's file (which then is neither added nor deleted). A map made invalid is
    breaking: whatever named it no longer finds it, and ``cjm validate`` now fails."""
    out: list[tuple[str, FileDiff]] = []
    for key, exc in new_broken.items():
        before = old_entries.pop(key, None)
        quick = _quick(new[key])
        title = quick[1] if quick else key
        if before is not None:
            title = before.title
        old_label = before.side.label if before is not None else (
            old[key].label if key in old else "/dev/null")
        n = len(exc.problems)
        reason = say_plural("%(file)s is no longer a valid map: %(num)s problem",
                            "%(file)s is no longer a valid map: %(num)s problems", n,
                            file=new[key].label, num=n)
        result = DiffResult(before.id if before else None, quick[0] if quick else None, title,
                            lang=before.map.lang if before is not None and before.map else None)
        out.append((key, FileDiff(old_label, new[key].label, result, "invalid", invalid="new",
                                  problems=tuple(exc.problems), breaking=(reason,))))
    for key, exc in old_broken.items():
        if key in new_broken:
            continue  # invalid on both sides: said once, for the new side
        after = new_entries.pop(key, None)
        title = after.title if after is not None else key
        new_label = after.side.label if after is not None else "/dev/null"
        result = DiffResult(None, after.id if after else None, title,
                            lang=after.map.lang if after is not None and after.map else None)
        out.append((key, FileDiff(old[key].label, new_label, result, "invalid", invalid="old",
                                  problems=tuple(exc.problems))))
    return out


def _pair(old: _Entry, new: _Entry, scoring: Models | None = None) -> FileDiff:
    moved_from = old.side.key if old.side.key != new.side.key else None
    if old.map is None or new.map is None:  # unchanged bytes: the same map, nothing to compare
        result = DiffResult(old.id, new.id, new.title)
        return FileDiff(old.side.label, new.side.label, result)
    result = diff_maps(old.map, new.map, scoring)
    return FileDiff(old.side.label, new.side.label, result, moved_from=moved_from,
                    breaking=breaking(old.map, new.map))
