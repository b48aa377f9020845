"""``cjm git-diff``: git's external diff driver (``diff.cjm.command``), text in, text out.

Git calls the driver with seven arguments (path, old-file, old-hex, old-mode, new-file, new-hex,
new-mode; nine for a rename, with the new path eighth) for every changed file that has
``diff=cjm`` in ``.gitattributes``. Whatever the files hold, the driver must print something useful
and succeed, or git stops the whole diff: a side that is not a valid map (a CI config matched by
``*.yaml``, a half-edited map in history) gets a line that says so, its problems, and a plain
unified line diff.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence

from pydantic import ValidationError

from ..formats import text as problem_text
from ..i18n import Language, language
from ..i18n.message import localize, say
from ..loader import Document, read_file
from ..model import is_library
from ..problems import UNREADABLE, Report
from ..repository import Repository
from ..workspace import Workspace
from .inputs import InvalidMap, pair, to_map
from .text import render_file

NULL = "/dev/null"


def git_diff(args: Sequence[str], workspace: Workspace, *, color: bool = False) -> str:
    """The driver's whole output for one file; never raises for bad content."""
    if len(args) not in (7, 9):
        from ..language import chosen

        return "cjm git-diff: " + localize(say(
            "expected git's 7 external-diff arguments, got %(count)s (set it up with: git config "
            "diff.cjm.command 'cjm git-diff')", count=str(len(args))), chosen(None)) + "\n"
    path, old_file, _old_hex, _old_mode, new_file = args[:5]
    new_path = args[7] if len(args) == 9 else path
    old_label, new_label = f"a/{path}", f"b/{new_path}"
    old_doc = read_file(old_file, display=old_label) if old_file != NULL else None
    new_doc = read_file(new_file, display=new_label) if new_file != NULL else None
    repo = repository_of(new_path if new_doc is not None else path, workspace)
    if any(d is not None and is_library(d.data) for d in (old_doc, new_doc)):
        return _library(old_doc, new_doc, old_label, new_label, color, repo)
    try:
        old = to_map(old_doc, repo) if old_doc is not None else None
        new = to_map(new_doc, repo) if new_doc is not None else None
    except InvalidMap as exc:
        from .libraries import maps_language

        return _fallback(exc, old_doc, new_doc, old_label, new_label, color, language(maps_language(repo)))
    if old is None and new is None:
        return ""
    from ..config import scoring_in
    from .ranks import models

    fd = pair(old, new, old_label, new_label,
              models(lambda: scoring_in(repo.config), lambda: scoring_in(repo.config)))
    header = [f"cjm diff {old_label} {new_label}"]
    return "\n".join(header + render_file(fd, color=color)) + "\n"


def repository_of(path: str, workspace: Workspace) -> Repository:
    """The repository whose libraries resolve a map's references: the working tree's, found from
    the path git names. The driver's own files are temporary copies, so their names say nothing
    about where the map lives. A folder with a configuration (``.cjm.toml``, ``[tool.cjm]``)
    governs as it does for ``cjm validate``; without one, the repository is the work tree, whose
    top is where git runs the driver (a map in ``maps/`` names the personas of ``library/``)."""
    folder = os.path.dirname(path)
    while folder and not os.path.isdir(folder):  # a map no longer in the work tree
        folder = os.path.dirname(folder)
    if folder and workspace.config_file(folder) is not None:
        return workspace.folder(folder)
    return workspace.folder(".")


def _library(old_doc: Document | None, new_doc: Document | None, old_label: str, new_label: str,
             color: bool, repo: Repository) -> str:
    """A library file's two versions compared by id (:func:`cjm.diff.engine.diff_libraries`).

    The driver sees one file at a time, so what a removal breaks in the maps is left to
    ``cjm diff --rev``, which reads the whole repository."""
    from ..model import Library
    from .changes import FileDiff
    from .engine import diff_libraries

    sides: list[Library | None] = []
    for doc in (old_doc, new_doc):
        if doc is None:
            sides.append(None)
            continue
        try:
            sides.append(Library.model_validate(doc.data))
        except ValidationError:
            from ..validate import validate_document

            # a library is checked on its own: against the work tree it would clash with itself
            problems = validate_document(doc).problems
            from .libraries import maps_language

            return _fallback(InvalidMap(doc.file, problems), old_doc, new_doc, old_label, new_label,
                             color, language(maps_language(repo)))
    from .libraries import maps_language

    old, new = sides
    status = "added" if old is None else "deleted" if new is None else "modified"
    result = diff_libraries(old, new)
    result.lang = maps_language(repo)
    fd = FileDiff(old_label, new_label, result, status, kind="library")
    return "\n".join([f"cjm diff {old_label} {new_label}", *render_file(fd, color=color)]) + "\n"


def _fallback(exc: InvalidMap, old_doc: Document | None, new_doc: Document | None,
              old_label: str, new_label: str, color: bool, speak: Language) -> str:
    old = old_doc is not None and exc.file == old_doc.file
    lines = [f"cjm diff {old_label} {new_label}"]
    if not any(_claims_map(d) for d in (old_doc, new_doc)):
        lines.append("cjm: " + localize(say("%(file)s is not a journey map (no `cjm:` key); showing a line diff",
                                            file=exc.file[2:]), speak))
    else:
        report = Report("validate", [exc.file], exc.problems)
        report.lang = speak.code
        library = doc_is_library(old_doc, new_doc)
        said = (say("the old version of %(file)s is not a valid library; showing a line diff", file=exc.file[2:])
                if old and library else
                say("the new version of %(file)s is not a valid library; showing a line diff", file=exc.file[2:])
                if library else
                say("the old version of %(file)s is not a valid map; showing a line diff", file=exc.file[2:])
                if old else
                say("the new version of %(file)s is not a valid map; showing a line diff", file=exc.file[2:]))
        lines.append("cjm: " + localize(said, speak))
        lines.extend(problem_text.render(report).splitlines()[:-1])
    old_text = old_doc.text if old_doc is not None else ""
    new_text = new_doc.text if new_doc is not None else ""
    if _unreadable(old_doc) or _unreadable(new_doc):
        lines.append(localize(say("(binary, oversized or unreadable file: contents not shown)"), speak))
        return "\n".join(lines) + "\n"
    diff = difflib.unified_diff(
        old_text.splitlines(), new_text.splitlines(),
        old_label if old_doc is not None else NULL, new_label if new_doc is not None else NULL,
        lineterm="",
    )
    lines.extend(diff)
    return "\n".join(lines) + "\n"


def doc_is_library(*docs: Document | None) -> bool:
    return any(d is not None and is_library(d.data) for d in docs)


def _unreadable(doc: Document | None) -> bool:
    return doc is not None and any(p.code in (UNREADABLE, "CJM005", "CJM007") for p in doc.problems)


def _claims_map(doc: Document | None) -> bool:
    """A side that says it is a map, or cannot be parsed (it may be a broken map)."""
    return doc is not None and doc.may_be_map
