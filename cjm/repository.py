"""A repository of maps as one system: its root, its library files and an index of its maps.

Why a module of its own: a map may name personas, channels and metrics that a *library file*
defines (``cjm: 1`` and ``library: <id>``), and point at other maps (``parent:``, ``detail:``).
Validation, lint, ``cjm refs``, the board and the site all need the same answers to "where is the
library", "what does it define, where" and "which map has this id"; they ask here.

API (a :class:`Repository` is opened by the run's :class:`cjm.workspace.Workspace`, which finds
the root and keeps each repository it opened for the rest of the run; nothing here is kept per
process):

- :meth:`cjm.workspace.Workspace.repository` ``(path, base=None)`` -> :class:`Repository`: the
  repository a map file belongs to. The root is the folder of the nearest ``.cjm.toml`` or
  ``pyproject.toml`` with ``[tool.cjm]`` above the file (:func:`cjm.config.find`), else ``base``
  (the folder given on the command line), else the file's own folder. ``-`` (stdin) belongs to
  the current folder. :meth:`~cjm.workspace.Workspace.folder` does the same for a folder;
  :meth:`Repository.alone` is no repository at all.
- :attr:`Repository.root`, :attr:`Repository.config` (the configuration file, or None).
- :meth:`Repository.libraries` -> list of :class:`LibraryFile` (``library`` is the typed
  :class:`cjm.model.Library`, or None when the file is not a valid library). Library files are those
  listed in ``[tool.cjm] library = [...]`` (files or folders, relative to the configuration
  file), else every YAML file under the root whose top level says ``library:``.
- :meth:`Repository.shared` -> ``{id: SharedElement}``: every persona, channel and metric the
  libraries define (the first definition of an id; :meth:`Repository.clashes` lists the others).
- :meth:`Repository.maps` -> :class:`MapIndex`: every map under the root by id and by file, with
  its ``parent``, ``persona`` and ``title``. Built from a text scan of each file's top-level
  lines, not by parsing and validating every map (a file whose top level the scan cannot read is
  parsed), so asking for it over a thousand maps costs about as much as reading their bytes.
  What the scan learns is kept in the user's cache with each file's size and modification time
  (:attr:`Repository._catalogue`), so a later run reads only the files that changed: validating
  one map of a thousand stats the others and reads the library files and that map.
- :func:`shown` turns an absolute path into how messages name files (relative to the current
  folder when under it); :class:`Place` is a ``file:line:col`` in another file.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from . import model as m
from .files import PathNotFound, TooLarge, Unreadable, read_bytes, read_head
from .loader import MAX_BYTES, Document, read_file
from .problems import Path, Problem

__all__ = ["LibraryFile", "MapEntry", "MapIndex", "Place", "Repository", "SharedElement", "shown"]


@dataclass(frozen=True)
class Place:
    """A position in some file, as messages show it: ``library/personas.yaml:4:5``."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class SharedElement:
    """A persona, channel or metric a library defines, and where."""

    element: m.Persona | m.Channel | m.Metric
    library: str
    place: Place
    path: Path

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def kind(self) -> type[m.Element]:
        return type(self.element)


@dataclass
class LibraryFile:
    """One library file, read; ``library`` is None when it is not a valid library (its problems
    are reported where the file itself is validated: :func:`cjm.validate.validate_library`)."""

    file: str
    document: Document
    library: m.Library | None


@dataclass(frozen=True)
class MapEntry:
    """What the index knows of one map without validating it."""

    file: str
    id: str
    place: Place
    parent: str | None = None
    parent_place: Place | None = None
    persona: str | None = None
    title: str | None = None
    lang: str | None = None


@dataclass
class MapIndex:
    """Every map of a repository: by id (a list: ids may clash), by absolute file, by parent."""

    entries: list[MapEntry] = field(default_factory=list)

    @cached_property
    def by_id(self) -> dict[str, list[MapEntry]]:
        out: dict[str, list[MapEntry]] = {}
        for entry in self.entries:
            out.setdefault(entry.id, []).append(entry)
        return out

    @cached_property
    def by_file(self) -> dict[str, MapEntry]:
        return {os.path.abspath(e.file): e for e in self.entries}

    @cached_property
    def linked(self) -> bool:
        """Whether any map says ``parent``: the maps form a hierarchy (lint's CJM504 asks)."""
        return any(e.parent is not None for e in self.entries)

    def get(self, map_id: str) -> MapEntry | None:
        """The map with this id (the first, in file order, when several claim it)."""
        found = self.by_id.get(map_id)
        return found[0] if found else None

    def children(self, map_id: str) -> list[MapEntry]:
        """The maps whose ``parent`` is ``map_id``, in file order."""
        return [e for e in self.entries if e.parent == map_id]

    def roots(self) -> list[MapEntry]:
        """Maps without a parent: the tops of the hierarchy."""
        return [e for e in self.entries if e.parent is None]

    def ancestors(self, map_id: str) -> tuple[list[str], bool]:
        """The chain of parents above ``map_id`` (nearest first), and whether it loops back."""
        chain: list[str] = []
        seen = {map_id}
        entry = self.get(map_id)
        while entry is not None and entry.parent is not None:
            if entry.parent in seen:
                chain.append(entry.parent)
                return chain, True
            chain.append(entry.parent)
            seen.add(entry.parent)
            entry = self.get(entry.parent)
        return chain, False


def shown(path: str) -> str:
    """How a file found by cjm (not named by the user) is named in messages."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if rel.startswith("..") else rel


# --- the scan ---------------------------------------------------------------------------------

def _top_key(name: str) -> re.Pattern[str]:
    # a top-level key in block style starts at column 0; its value is a plain or quoted scalar
    return re.compile(rf"^{name}[ \t]*:[ \t]*(?:\"([^\"\n]*)\"|'([^'\n]*)'|([^\s#'\"][^#\n]*?))[ \t]*(?:#.*)?$",
                      re.MULTILINE)


_ID, _PARENT, _PERSONA, _TITLE, _LANG = (_top_key(k) for k in ("id", "parent", "persona", "title",
                                                                 "lang"))


def _value(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    for group in (1, 2, 3):
        if match.group(group) is not None:
            return match.group(group).strip()
    return None  # pragma: no cover - one group always matches


def _place(text: str, match: re.Match[str], file: str) -> Place:
    group = next(g for g in (1, 2, 3) if match.group(g) is not None)
    start = match.start(group) - (1 if group in (1, 2) else 0)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return Place(file, line, col)


def _scan_text(file: str, text: str) -> MapEntry | None:
    """The index entry of one map's text; None when the top level is not plain block style."""
    found = _ID.search(text)
    ident = _value(found)
    if found is None or not ident:
        return None
    parent = _PARENT.search(text)
    return MapEntry(
        file, ident, _place(text, found, file),
        parent=_value(parent) or None,
        parent_place=_place(text, parent, file) if parent is not None and _value(parent) else None,
        persona=_value(_PERSONA.search(text)) or None,
        title=_value(_TITLE.search(text)),
        lang=_value(_LANG.search(text)) or None,
    )


def _scan_parsed(file: str) -> MapEntry | None:
    """The slow path for a map the text scan cannot read (flow style at the top, say)."""
    doc = read_file(file, shown(file), named=False)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None

    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    def place(key: str) -> Place:
        line, col = doc.source.locate((key,))
        return Place(doc.file, line, col)

    parent = text("parent")
    return MapEntry(doc.file, data["id"], place("id"), parent,
                    place("parent") if parent else None, text("persona"), text("title"), text("lang"))


_CJM_BYTES = re.compile(rb"^cjm[ \t]*:", re.MULTILINE)
_LIBRARY_BYTES = re.compile(rb"^library[ \t]*:", re.MULTILINE)
_SCAN_VERSION = 2  # bump when what a scan records changes: older cache files are then ignored
_RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's tick


class _Scanned:
    """What the scan learnt of one file that says ``cjm:``: a library, or a map and its entry
    (None when its top level holds no readable ``id``).

    An entry taken from the cache is built only when asked for: most runs want the library files
    alone, and naming a thousand files as messages show them is most of a cached scan's cost."""

    __slots__ = ("_entry", "_path", "_row", "library")

    def __init__(self, library: bool, entry: MapEntry | None = None, path: str = "",
                 row: tuple[Any, ...] | None = None) -> None:
        self.library = library
        self._entry = entry
        self._path = path
        self._row = row

    @property
    def entry(self) -> MapEntry | None:
        if self._row is not None:
            ident, line, col, parent, pline, pcol, persona, title, lang = self._row
            file = shown(self._path)
            self._entry = MapEntry(file, ident, Place(file, line, col), parent,
                                   Place(file, pline, pcol) if parent else None, persona, title, lang)
            self._row = None
        return self._entry


def _scan_file(path: str) -> _Scanned | None:
    """One file read and classified; None when it is no cjm file or cannot be read."""
    try:
        raw = read_bytes(path, MAX_BYTES)
    except TooLarge:  # said as CJM005 by whoever reads it: keep it among the library files
        return _Scanned(True) if _is_library_head(path) else None
    except (Unreadable, PathNotFound):
        return None
    if not _CJM_BYTES.search(raw):
        return None
    if _LIBRARY_BYTES.search(raw):
        return _Scanned(True)
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    return _Scanned(False, _scan_text(shown(path), text) or _scan_parsed(path))


def _is_library_head(path: str) -> bool:
    """Whether a file too large to read starts as a library file does (its first megabyte)."""
    try:
        head = read_head(path, 1 << 20)
    except (Unreadable, PathNotFound):
        return False
    return bool(_CJM_BYTES.search(head) and _LIBRARY_BYTES.search(head))


def _to_row(scanned: _Scanned | None) -> list[Any]:
    if scanned is None:
        return [0]
    if scanned.library:
        return [2]
    e = scanned.entry
    if e is None:
        return [1]
    pp = e.parent_place
    return [1, e.id, e.place.line, e.place.col, e.parent, pp.line if pp else 0, pp.col if pp else 0,
            e.persona, e.title, e.lang]


_TEXT_OR_NONE: tuple[type, ...] = (str, type(None))
_ROW_TYPES: tuple[type | tuple[type, ...], ...] = (
    str, int, int, _TEXT_OR_NONE, int, int, _TEXT_OR_NONE, _TEXT_OR_NONE, _TEXT_OR_NONE)


def _from_row(path: str, row: list[Any]) -> _Scanned | None:
    """A cached row read back; ValueError when it is not one this version wrote."""
    kind = row[0]
    if kind == 0:
        return None
    if kind == 2:
        return _Scanned(True)
    if kind == 1 and len(row) == 1:
        return _Scanned(False)
    fields = tuple(row[1:])
    if kind != 1 or len(fields) != len(_ROW_TYPES) or not all(
            isinstance(v, t) for v, t in zip(fields, _ROW_TYPES, strict=True)):
        raise ValueError("not a scan row")
    return _Scanned(False, path=path, row=fields)


def _yaml_files(folder: str, nested: bool = False,
                finder: dict[str, str | None] | None = None) -> list[str]:
    """The YAML files a folder holds, as ``cjm validate FOLDER`` finds them; unless ``nested``,
    without the subfolders that are repositories of their own (their own ``.cjm.toml`` or
    ``[tool.cjm]``): their maps and libraries are not this repository's."""
    from . import config
    from .files import discover

    if nested:
        return [t.path for t in discover([folder])]
    top = os.path.abspath(folder)
    out: list[str] = []
    for path in (t.path for t in discover([folder])):
        here = os.path.dirname(os.path.abspath(path))
        own = config.find(here, finder)
        if here != top and own is not None and os.path.dirname(own) != top and \
                os.path.commonpath([os.path.dirname(own), top]) == top:
            continue  # a repository of its own inside this one
        out.append(path)
    return out


# --- the repository ---------------------------------------------------------------------------

class Repository:
    """The root, the library files and the map index of one repository (see the module doc)."""

    def __init__(self, root: str, config: str | None = None,
                 library_paths: tuple[str, ...] | None = None, scan: bool = True,
                 finder: dict[str, str | None] | None = None) -> None:
        self.root = os.path.abspath(root)
        self.config = config
        self.library_paths = library_paths
        self.scan = scan  # False: a map read from no file (a test's text) stands alone
        self._finder = {} if finder is None else finder  # folder -> its configuration file

    @classmethod
    def alone(cls) -> Repository:
        """No repository: a map read from no file, or (in the Python API) a file with no
        configuration above it, stands alone: no libraries, no other maps."""
        return cls(".", None, (), scan=False)

    @classmethod
    def from_documents(cls, root: str, libraries: list[Document]) -> Repository:
        """A repository whose library files are these loaded documents (a git revision's, say),
        with no map index: nothing is read from disk."""
        repo = cls(root, None, tuple(d.file for d in libraries), scan=False)
        repo.__dict__["library_files"] = tuple(d.file for d in libraries)
        repo.__dict__["_documents"] = list(libraries)
        return repo

    def __repr__(self) -> str:
        return f"Repository({self.root!r})"

    @cached_property
    def _catalogue(self) -> dict[str, _Scanned]:
        """Every YAML file under the root that says ``cjm:``, by absolute path: the one scan.

        Why a cache: finding the library files means looking at every YAML file under the root,
        and validating one map of a thousand must not read a thousand files. The scan's findings
        are kept per root in the user's cache (:mod:`cjm.cache`) with each file's size and
        modification time; a later run stats every file and reads only those that changed. A file
        modified in the last two seconds is never taken from the cache, since a second edit in
        the same tick of a coarse file-system clock would keep its time. Without a usable cache
        every file is read, as the first run does."""
        out: dict[str, _Scanned] = {}
        if not self.scan:
            return out
        from . import cache

        place = cache.folder("repositories")
        store = place / (hashlib.sha256(self.root.encode("utf-8", "surrogateescape")).hexdigest()[:32]
                         + ".json") if place is not None else None
        kept = cache.read_json(store) if store is not None else None
        rows: dict[str, list[Any]] = {}
        if isinstance(kept, dict) and kept.get("scan") == _SCAN_VERSION and kept.get("root") == self.root \
                and isinstance(kept.get("files"), dict):
            rows = kept["files"]
        fresh: dict[str, list[Any]] = {}
        now = time.time_ns()
        for path in _yaml_files(self.root, finder=self._finder):
            absolute = os.path.abspath(path)
            try:
                st = os.stat(absolute)
            except OSError:
                continue
            key = os.path.relpath(absolute, self.root)
            row = rows.get(key)
            scanned: _Scanned | None
            if isinstance(row, list) and len(row) >= 3 and row[0] == st.st_mtime_ns \
                    and row[1] == st.st_size:
                try:
                    scanned = _from_row(absolute, row[2:])
                except (TypeError, ValueError, IndexError):
                    row = None
                else:
                    fresh[key] = row
            else:
                row = None
            if row is None:
                scanned = _scan_file(absolute)
                if now - st.st_mtime_ns > _RACY_NS:
                    fresh[key] = [st.st_mtime_ns, st.st_size, *_to_row(scanned)]
            if scanned is not None:
                out[absolute] = scanned
        if store is not None and fresh != rows:
            cache.write_json(store, {"scan": _SCAN_VERSION, "root": self.root, "files": fresh})
        return out

    @cached_property
    def library_files(self) -> tuple[str, ...]:
        """Absolute paths of the library files, in a stable order."""
        if self.library_paths is not None:
            base = os.path.dirname(self.config) if self.config else self.root
            found: list[str] = []
            for entry in self.library_paths:
                path = os.path.normpath(os.path.join(base, entry))
                if os.path.isdir(path):
                    found.extend(os.path.abspath(p) for p in _yaml_files(path, nested=True))
                else:
                    found.append(os.path.abspath(path))
            return tuple(dict.fromkeys(found))
        return tuple(path for path, found in self._catalogue.items() if found.library)

    def is_library(self, path: str) -> bool:
        return os.path.abspath(path) in self.library_files

    @cached_property
    def _documents(self) -> list[Document]:
        return [read_file(path, shown(path), named=False) for path in self.library_files]

    def library_read_problems(self) -> list[Problem]:
        """Why library files could not be read at all (missing, a FIFO or a folder: CJM003; past
        the size limit: CJM005; not UTF-8...): said on every map of the repository, since each
        map's references are resolved without them. Never silently dropped."""
        return [p for doc in self._documents if doc.data is None for p in doc.problems]

    @cached_property
    def _libraries(self) -> list[LibraryFile]:
        out = []
        for doc in self._documents:
            try:
                library: m.Library | None = m.Library.model_validate(doc.data)
            except ValidationError:
                library = None
            out.append(LibraryFile(doc.file, doc, library))
        return out

    def libraries(self) -> list[LibraryFile]:
        return self._libraries

    def library_for(self, path: str) -> LibraryFile | None:
        absolute = os.path.abspath(path)
        return next((lib for lib in self._libraries
                     if os.path.abspath(lib.document.file) == absolute), None)

    @cached_property
    def _shared(self) -> tuple[dict[str, SharedElement], list[tuple[SharedElement, SharedElement]]]:
        first: dict[str, SharedElement] = {}
        clashes: list[tuple[SharedElement, SharedElement]] = []
        for element in self._read_shared[0]:
            if element.id in first:
                clashes.append((element, first[element.id]))
            else:
                first[element.id] = element
        return first, clashes

    @cached_property
    def _read_shared(self) -> tuple[list[SharedElement], dict[str, Place]]:
        """Every element of every library, each library read on its own terms, and where each
        entry that does not validate (with an id) is.

        A library file that does not validate as a whole still lends the elements that do: one
        typo in one persona must not turn every map's reference to every other persona into an
        error. A map that names the broken entry is told where it is (:meth:`invalid_shared`).
        """
        elements: list[SharedElement] = []
        invalid: dict[str, Place] = {}
        for doc in self._documents:
            data = doc.data
            if not isinstance(data, dict):
                continue
            name = data.get("library") if isinstance(data.get("library"), str) else "?"
            for lane, cls in (("personas", m.Persona), ("channels", m.Channel), ("metrics", m.Metric)):
                items = data.get(lane)
                if not isinstance(items, list):
                    continue
                for i, raw in enumerate(items):
                    line, col = doc.source.locate((lane, i, "id"))
                    try:
                        element: Any = cls.model_validate(raw)
                    except ValidationError:
                        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                            invalid.setdefault(raw["id"], Place(doc.file, line, col))
                        continue
                    elements.append(SharedElement(element, str(name), Place(doc.file, line, col), (lane, i)))
        return elements, invalid

    def shared(self) -> dict[str, SharedElement]:
        """Every library element by id (the first definition when two libraries clash)."""
        return self._shared[0]

    def invalid_shared(self) -> dict[str, Place]:
        """Ids of library entries that do not validate, and where they are: a map naming one is
        pointed there instead of being told the id is unknown."""
        return self._read_shared[1]

    def clashes(self) -> list[tuple[SharedElement, SharedElement]]:
        """Pairs (later definition, first definition) of an id two library entries share."""
        return self._shared[1]

    @cached_property
    def _index(self) -> MapIndex:
        libraries = set(self.library_files)
        return MapIndex([found.entry for path, found in self._catalogue.items()
                         if found.entry is not None and not found.library and path not in libraries])

    def maps(self) -> MapIndex:
        return self._index

    def with_fallback(self, elements: dict[str, SharedElement]) -> Repository:
        """This repository, lending ``elements`` too for the ids its libraries do not define.

        Why: ``cjm diff --rev`` reads the working tree's maps with the library elements removed
        since the revision still known, so a map that names one is compared rather than refused;
        the removal itself is reported on the library, with every place that still names it."""
        twin = copy.copy(self)
        first, clashes = self._shared
        twin.__dict__["_shared"] = ({**elements, **first}, clashes)
        return twin
