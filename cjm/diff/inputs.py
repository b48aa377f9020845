"""Where the two sides of a diff come from: two files, a git revision, or git's external-diff call.

Each function returns :class:`FileDiff` records ready for a formatter and raises
:class:`InvalidMap` (with the problems ``cjm validate`` would print) when a side is not a valid map,
so the CLI can show those problems and exit 2. Nothing here prints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from ..files import PathNotFound, discover, require
from ..loader import Document, load_bytes, read_file
from ..model import JourneyMap
from ..problems import Problem, first_unreadable
from ..validate import validate_document
from .changes import FileDiff
from .engine import diff_maps, summarise


class InvalidMap(Exception):
    """A side of the diff is not a valid map (or cannot be read); ``problems`` say why."""

    def __init__(self, file: str, problems: list[Problem], unreadable: bool = False) -> None:
        self.file = file
        self.problems = sorted(problems, key=Problem.sort_key)
        self.unreadable = unreadable
        what = "cannot be read" if unreadable else "is not a valid map"
        super().__init__(f"{file} {what}")


def to_map(doc: Document) -> JourneyMap:
    """The typed map of a loaded document, or :class:`InvalidMap`."""
    checked = validate_document(doc)
    if checked.map is None or checked.problems:
        problems = checked.problems or [Problem("CJM006", "not a cjm map", doc.file)]
        raise InvalidMap(doc.file, problems, first_unreadable(problems) is not None)
    return checked.map


def read_side(path: str) -> Document:
    """One side of a diff (``-`` reads stdin); a missing file is a usage error, not a problem."""
    require(path)
    return read_file(path)


def empty_like(journey: JourneyMap) -> JourneyMap:
    """The same map with no elements: the other side of a map that was added or deleted."""
    return journey.model_copy(update={"stages": [], "personas": [], "channels": []})


def compare_files(old_path: str, new_path: str) -> FileDiff:
    """``cjm diff OLD NEW``."""
    for path in (old_path, new_path):  # both checked first: a missing file is a usage error
        require(path)
    old_doc, new_doc = read_side(old_path), read_side(new_path)
    old, new = to_map(old_doc), to_map(new_doc)
    return FileDiff(old_doc.file, new_doc.file, diff_maps(old, new))


def pair(old: JourneyMap | None, new: JourneyMap | None, old_label: str, new_label: str) -> FileDiff:
    """A FileDiff for two sides, either of which may be missing (a map added or deleted)."""
    if old is not None and new is not None:
        return FileDiff(old_label, new_label, diff_maps(old, new))
    if new is not None:
        return FileDiff(old_label, new_label, diff_maps(empty_like(new), new), "added")
    assert old is not None
    result = diff_maps(old, empty_like(old))
    # Deleting a map removes its pain points from view; it does not resolve them.
    result.changes = [replace(c, meaning=None) for c in result.changes]
    result.summary = summarise(result.changes)
    return FileDiff(old_label, new_label, result, "deleted")


def _may_be_map(doc: Document, explicit: bool) -> bool:
    """As ``cjm validate`` decides: a named file always, else :attr:`Document.may_be_map`."""
    return explicit or doc.may_be_map


def compare_revision(rev: str, paths: Sequence[str], cwd: str = ".") -> list[FileDiff]:
    """``cjm diff --rev REV [PATH...]``: the working tree against REV, for every map under paths.

    Maps added since REV are all-added, maps deleted since are all-removed. Raises
    :class:`cjm.gitio.GitError`, :class:`PathNotFound` and :class:`InvalidMap`.
    """
    from .. import gitio

    root = gitio.repo_root(cwd)
    commit = gitio.resolve(root, rev)
    paths = list(paths) or ["."]
    existing = [p for p in paths if os.path.exists(p)]
    rel_paths = [gitio.relative(root, os.path.join(cwd, p)) for p in paths]
    old_names = gitio.list_yaml(root, commit, rel_paths)
    for p, rel in zip(paths, rel_paths, strict=True):
        if not os.path.exists(p) and not any(n == rel or n.startswith(rel.rstrip("/") + "/") for n in old_names):
            raise PathNotFound(p)

    new_docs: dict[str, tuple[Document, bool]] = {}
    for target in discover(existing):
        rel = gitio.relative(root, os.path.join(cwd, target.path))
        new_docs[rel] = (read_file(target.path, display=rel), target.explicit)
    blobs = gitio.read_blobs(root, commit, old_names)
    explicit_rel = {r for p, r in zip(paths, rel_paths, strict=True) if not os.path.isdir(p)}
    old_docs = {
        name: (load_bytes(data, f"{rev}:{name}"), name in explicit_rel) for name, data in blobs.items()
    }

    results: list[FileDiff] = []
    for name in sorted(set(old_docs) | set(new_docs)):
        old_entry, new_entry = old_docs.get(name), new_docs.get(name)
        old_map = to_map(old_entry[0]) if old_entry and _may_be_map(*old_entry) else None
        new_map = to_map(new_entry[0]) if new_entry and _may_be_map(*new_entry) else None
        if old_map is None and new_map is None:
            continue
        results.append(pair(old_map, new_map, f"{rev}:{name}", name))
    return results
