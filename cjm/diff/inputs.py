"""Where the two sides of a diff come from: two files, a git revision, or git's external-diff call.

Each function returns :class:`FileDiff` records ready for a formatter and raises
:class:`InvalidMap` (with the problems ``cjm validate`` would print) when a side is not a valid map,
so the CLI can show those problems and exit 2. Nothing here prints.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .. import model as m
from ..config import scoring_in
from ..files import PathNotFound, Unreadable, discover, read_bytes, read_input, require
from ..loader import MAX_BYTES, Document, read_file
from ..model import JourneyMap, is_library
from ..problems import Problem, first_unreadable
from ..scoring import DEFAULT, ScoringModel
from ..validate import validate_document

if TYPE_CHECKING:
    from ..repository import Repository
    from ..workspace import Workspace
    from .pairs import Side
from . import ranks
from .changes import DiffResult, FileDiff
from .engine import diff_maps
from .invalid import InvalidMap as InvalidMap  # raised by to_map; callers catch it from here

_LIBRARY = re.compile(rb"^library[ \t]*:", re.MULTILINE)


def to_map(doc: Document, repo: Repository) -> JourneyMap:
    """The typed map of a loaded document, or :class:`InvalidMap`; ``repo`` (the repository
    the document belongs to) resolves library references."""
    checked = validate_document(doc, repo)
    if checked.map is None or checked.problems:
        problems = checked.problems or [Problem("CJM006", "not a cjm map", doc.file)]
        raise InvalidMap(doc.file, problems, first_unreadable(problems) is not None)
    return checked.map


def read_side(path: str) -> Document:
    """One side of a diff (``-`` reads stdin); a missing file is a usage error, not a problem."""
    require(path)
    return read_file(path)


def compare_files(old_path: str, new_path: str, workspace: Workspace) -> FileDiff:
    """``cjm diff OLD NEW``."""
    for path in (old_path, new_path):  # both checked first: a missing file is a usage error
        require(path)
    old_doc, new_doc = read_side(old_path), read_side(new_path)
    old = to_map(old_doc, workspace.repository(old_doc.file))
    new = to_map(new_doc, workspace.repository(new_doc.file))
    from .pairs import breaking

    scoring = ranks.models(lambda: workspace.scoring_for(old_path),
                           lambda: workspace.scoring_for(new_path))
    return FileDiff(old_doc.file, new_doc.file, diff_maps(old, new, scoring), breaking=breaking(old, new))


def pair(old: JourneyMap | None, new: JourneyMap | None, old_label: str, new_label: str,
         scoring: ranks.Models | None = None) -> FileDiff:
    """A FileDiff for two sides, either of which may be missing (a map added or deleted).

    A map added or deleted is one line (its :class:`Overview`), not every element added or
    removed: it introduces and resolves nothing, it appears or goes.
    """
    from .pairs import breaking, overview

    if old is not None and new is not None:
        return FileDiff(old_label, new_label, diff_maps(old, new, scoring), breaking=breaking(old, new))
    if new is not None:
        return FileDiff(old_label, new_label, DiffResult(None, new.id, new.title), "added",
                        overview=overview(new))
    assert old is not None
    return FileDiff(old_label, new_label, DiffResult(old.id, None, old.title), "deleted",
                    overview=overview(old), breaking=breaking(old, None))


def _raw(path: str, label: str) -> bytes:
    """A working-tree file's bytes; one that cannot be read stops the diff as validate would."""
    from ..repository import Repository

    try:
        return read_input(path, MAX_BYTES + 1)
    except (Unreadable, PathNotFound, OSError):
        to_map(read_file(path, display=label), Repository.alone())  # raises InvalidMap with the reason
        raise


def _blob_id(raw: bytes, like: str) -> str:
    """The object id git gives these bytes (SHA-1, or SHA-256 in a SHA-256 repository)."""
    digest = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(raw) + raw).hexdigest()


def compare_revision(rev: str, paths: Sequence[str], workspace: Workspace,
                     cwd: str = ".") -> list[FileDiff]:
    """``cjm diff --rev REV [PATH...]``: the working tree against REV, for every map under paths.

    Maps are paired by id (:mod:`cjm.diff.pairs`): a map moved since REV is compared with itself.
    Only files whose bytes differ from REV's are read from git and fully loaded. Raises
    :class:`cjm.gitio.GitError`, :class:`PathNotFound` and :class:`InvalidMap`.
    """
    from .. import gitio
    from .pairs import Side, compare

    root = gitio.repo_root(cwd)
    commit = gitio.resolve(root, rev)
    paths = list(paths) or ["."]
    existing = [p for p in paths if os.path.exists(p)]
    rel_paths = [gitio.relative(root, os.path.join(cwd, p)) for p in paths]
    old_ids = gitio.list_blobs(root, commit, rel_paths)
    for p, rel in zip(paths, rel_paths, strict=True):
        if not os.path.exists(p) and not any(n == rel or n.startswith(rel.rstrip("/") + "/") for n in old_ids):
            raise PathNotFound(p)

    explicit_rel = {r for p, r in zip(paths, rel_paths, strict=True) if not os.path.isdir(p)}
    new: dict[str, Side] = {}
    for target in discover(existing):
        rel = gitio.relative(root, os.path.join(cwd, target.path))
        new[rel] = Side(rel, rel, _raw(target.path, rel), target.explicit, target.path)

    def same(key: str) -> bool:
        return _blob_id(new[key].raw, old_ids[key]) == old_ids[key]

    differing = {k: oid for k, oid in old_ids.items() if k not in new or not same(k)}
    blobs = gitio.read_objects(root, differing.values())
    old: dict[str, Side] = {}
    for name, oid in old_ids.items():
        raw = blobs.get(oid, b"") if name in differing else new[name].raw
        if name in differing and oid not in blobs:
            continue
        old[name] = Side(name, f"{rev}:{name}", raw, name in explicit_rel)
    then, now = _revision_repositories(root, rev, commit, old, workspace.folder(cwd))
    lending = _lending(then, now)
    prefix = f"{rev}:"

    def read(doc: Document) -> JourneyMap:
        return to_map(doc, then if doc.file.startswith(prefix) else lending)

    scoring = ranks.models(lambda: _scoring_at(root, rev, commit, now.config),
                           lambda: scoring_in(now.config))
    return compare(old, new, read, same, scoring) + _libraries(old, new, same, now, lending)


def _scoring_at(root: str, rev: str, commit: str, config: str | None) -> ScoringModel:
    """The scoring model of the repository's configuration as it was at REV (read from git):
    a formula changed since then reorders opportunities in maps that did not change. The
    configuration file is the working tree's (``.cjm.toml`` or ``pyproject.toml``), at its path
    then; absent then, the default model."""
    from .. import gitio
    from ..config import from_bytes

    if config is None:
        return DEFAULT
    rel = gitio.relative(root, os.path.abspath(config))
    if rel.startswith(".."):
        return DEFAULT
    raw = gitio.read_blobs(root, commit, [rel]).get(rel)
    return from_bytes(raw, f"{rev}:{rel}").scoring if raw is not None else DEFAULT


def _revision_repositories(root: str, rev: str, commit: str, old: dict[str, Side],
                           now: Repository) -> tuple[Repository, Repository]:
    """The repositories each side's maps are read with: REV's with the library files as they
    were at REV (read from git, not from disk), the working tree's with its own libraries.

    REV's library files are those among the compared files, and the working tree's library
    files (and the folders ``[tool.cjm] library`` lists) as they were at REV, wherever they sit:
    ``cjm diff --rev main maps/`` must read ``library/`` too, or every map that names a shared
    persona would be invalid at REV."""
    from .. import gitio
    from ..loader import load_bytes
    from ..repository import Repository

    found = {name: side.raw for name, side in old.items() if _LIBRARY.search(side.raw)}
    wanted = [gitio.relative(root, path) for path in now.library_files]
    if now.library_paths is not None:
        base = os.path.dirname(now.config) if now.config else now.root
        wanted += [gitio.relative(root, os.path.normpath(os.path.join(base, entry)))
                   for entry in now.library_paths]
    wanted = [w for w in dict.fromkeys(wanted) if w and not w.startswith("..") and w not in found]
    if wanted:
        at_rev = gitio.list_blobs(root, commit, wanted)
        blobs = gitio.read_objects(root, (oid for name, oid in at_rev.items() if name not in found))
        for name, oid in at_rev.items():
            raw = blobs.get(oid)
            if name not in found and raw is not None and _LIBRARY.search(raw):
                found[name] = raw
    libraries = [load_bytes(raw, f"{rev}:{name}") for name, raw in sorted(found.items())]
    then = Repository.from_documents(root, [d for d in libraries if is_library(d.data)])
    return then, now


def _lending(then: Repository, now: Repository) -> Repository:
    gone = {k: e for k, e in then.shared().items() if k not in now.shared()}
    return now.with_fallback(gone) if gone else now


def _libraries(old: dict[str, Side], new: dict[str, Side], same: Callable[[str], bool],
               now: Repository, lending: Repository) -> list[FileDiff]:
    """The library files that differ, compared; a removal is one ``now`` no longer defines, and
    the maps still naming it are read with ``lending``."""
    from ..repository import Repository
    from . import libraries

    alone = Repository.alone()

    def to_library(doc: Document) -> m.Library:
        checked = validate_document(doc, alone)
        if checked.library is None:
            problems = checked.problems or [Problem("CJM006", "not a cjm library", doc.file)]
            raise InvalidMap(doc.file, problems, first_unreadable(problems) is not None)
        return checked.library

    def read(path: str) -> bytes | None:
        try:  # a library file: regular only, never a FIFO's endless wait
            return read_bytes(path, MAX_BYTES)
        except (Unreadable, PathNotFound):
            return None

    return libraries.compare(old, new, same, to_library, now, libraries.finder(lending, read))


def compare_folders(old_dir: str, new_dir: str, workspace: Workspace) -> list[FileDiff]:
    """``cjm diff OLD_DIR NEW_DIR``: every map in one folder against the other, paired by id."""
    from .pairs import Side, compare

    sides: list[dict[str, Side]] = []
    for folder in (old_dir, new_dir):
        side: dict[str, Side] = {}
        for target in discover([folder]):
            key = os.path.relpath(target.path, folder).replace(os.sep, "/")
            label = os.path.join(folder, key).replace(os.sep, "/")
            side[key] = Side(key, label, _raw(target.path, label))
        sides.append(side)
    old, new = sides

    def same(key: str) -> bool:
        return old[key].raw == new[key].raw

    then, now = workspace.folder(old_dir), workspace.folder(new_dir)
    lending = _lending(then, now)
    new_root = os.path.abspath(new_dir)

    def read(doc: Document) -> JourneyMap:
        path = os.path.abspath(doc.file)
        return to_map(doc, lending if path.startswith(new_root + os.sep)
                      else workspace.repository(doc.file))

    scoring = ranks.models(lambda: scoring_in(then.config), lambda: scoring_in(now.config))
    return compare(old, new, read, same, scoring) + _libraries(old, new, same, now, lending)
