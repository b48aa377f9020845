"""Where an id is used across a repository: ``cjm refs ID``.

Why: with library files a persona, a channel or a metric is defined once and named by many maps;
before renaming or deleting it a team needs every place that names it, with file:line:col, the
way an IDE's "find usages" works. Maps are read in full here (a reference can sit anywhere in a
map), through the same validation every command uses, so a reference is found exactly where
``cjm validate`` would resolve it; maps with schema errors are read as far as they are typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .files import discover
from .problems import Path, Problem, format_path
from .references import hierarchy_references, references
from .validate import KIND_NAMES
from .workspace import Workspace


@dataclass(frozen=True)
class Use:
    """One place an id appears: a definition (``defines``) or a reference to it (``uses``)."""

    file: str
    line: int
    col: int
    role: str  # "defines" or "uses"
    kind: str  # persona, channel, metric, map, touchpoint...
    path: Path

    @property
    def dotted_path(self) -> str:
        return format_path(self.path)


@dataclass
class Found:
    """Every use of one id under some paths, in file order; and files that could not be read."""

    ident: str
    uses: list[Use]
    files: int
    problems: list[Problem]

    @property
    def definitions(self) -> list[Use]:
        return [u for u in self.uses if u.role == "defines"]

    @property
    def references(self) -> list[Use]:
        return [u for u in self.uses if u.role == "uses"]


def find(ident: str, paths: Sequence[str], workspace: Workspace) -> Found:
    """Every definition of and reference to ``ident`` in the maps and libraries under ``paths``
    (raises ``files.PathNotFound``)."""
    uses: list[Use] = []
    problems: list[Problem] = []
    files = 0
    for target in discover(paths):
        checked, result = workspace.check(target, libraries=True)
        if result.skipped:
            continue
        files += 1
        if checked is None:  # a library file
            lib = workspace.repository(target.path, target.base).library_for(target.path)
            if lib is None or lib.library is None:
                problems.extend(result.problems)
                continue
            src = lib.document.source
            for path, element in lib.library.elements():
                if element.id == ident:
                    line, col = src.locate(path + ("id",))
                    uses.append(Use(result.file, line, col, "defines",
                                    KIND_NAMES[type(element)], path + ("id",)))
            continue
        journey = checked.readable
        if journey is None:
            problems.extend(p for p in result.problems if p.code in ("CJM001", "CJM003", "CJM007"))
            continue
        locate = checked.document.source.locate
        if journey.id == ident:
            uses.append(Use(result.file, *locate(("id",)), "defines", "map", ("id",)))
        for path, item in journey.elements():
            if item.id == ident:  # type: ignore[attr-defined]
                uses.append(Use(result.file, *locate(path + ("id",)), "defines",
                                KIND_NAMES[type(item)], path + ("id",)))
        for ref in references(journey):
            if ref.target == ident:
                uses.append(Use(result.file, *locate(ref.path), "uses", KIND_NAMES[ref.kind], ref.path))
        for path, target_id in hierarchy_references(journey):
            if target_id == ident:
                uses.append(Use(result.file, *locate(path), "uses", "map", path))
        if journey.current == ident:
            uses.append(Use(result.file, *locate(("current",)), "uses", "map", ("current",)))
    uses.sort(key=lambda u: (u.file, u.line, u.col))
    return Found(ident, uses, files, problems)
