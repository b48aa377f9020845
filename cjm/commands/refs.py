"""`cjm refs`: every place an id is defined and used across a repository."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from ..i18n.labels import N_
from ..i18n.message import localize, say, say_plural
from .base import LangOpt, OutputOpt, PathsArg, app, emit, fail, language_of, not_found


class RefsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def refs(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id to look for: a persona, channel, metric, map...")],
    paths: PathsArg = None,
    format: Annotated[RefsFormat, typer.Option("--format", "-f", help="Output format.")] = RefsFormat.text,
    output: OutputOpt = None,
    lang: LangOpt = None,
) -> None:
    """List every place an id is defined and used, with FILE:LINE:COL.

    Searches the maps and library files under PATHS (default: the repository root of the
    current folder). Exit 0 when the id is used somewhere, 1 when nothing refers to it (defined
    but unused, or unknown), 2 for usage errors and files that cannot be read at all.
    """
    from ..files import PathNotFound
    from ..i18n.labels import kind_word
    from ..refs import find
    from ..repository import shown
    from ..text import terminal
    from ..workspace import Workspace

    workspace = Workspace()
    where = paths or [shown(workspace.folder(".").root)]
    spoken = language_of(lang, where)
    try:
        found = find(ident, where, workspace)
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    unreadable = [p for p in found.problems if p.code == "CJM003"]
    if unreadable:
        raise fail(unreadable[0].file + ": " + localize(unreadable[0].message, spoken))
    if format is RefsFormat.json:
        text = json.dumps(
            {"id": ident, "uses": [
                {"file": u.file, "line": u.line, "column": u.col, "role": u.role, "kind": u.kind,
                 "path": u.dotted_path} for u in found.uses]},
            ensure_ascii=False, indent=2) + "\n"
    else:
        def said(message: str) -> str:
            return terminal(localize(message, spoken))

        lines = [said(say(N_("%(where)s: defines %(kind)s '%(id)s' (%(path)s)") if u.role == "defines"
                          else N_("%(where)s: uses %(kind)s '%(id)s' (%(path)s)"),
                          where=f"{u.file}:{u.line}:{u.col}", kind=kind_word(u.kind), id=ident,
                          path=u.dotted_path))
                 for u in found.uses]
        for p in found.problems:
            lines.append(said(say("%(where)s: not searched: %(reason)s",
                                  where=f"{p.file}:{p.line}:{p.col}", reason=p.message)))
        n_def, n_use = len(found.definitions), len(found.references)
        files = len({u.file for u in found.uses})
        if found.uses:
            lines.append(said(say("'%(id)s': %(definitions)s, %(uses)s in %(files)s.", id=ident,
                                  definitions=say_plural("%(num)s definition", "%(num)s definitions",
                                                         n_def, num=n_def),
                                  uses=say_plural("%(num)s use", "%(num)s uses", n_use, num=n_use),
                                  files=say_plural("%(found)s of %(num)s file", "%(found)s of %(num)s files",
                                                   found.files, found=files, num=found.files))))
        else:
            lines.append(said(say_plural("'%(id)s' appears nowhere in %(num)s file.",
                                         "'%(id)s' appears nowhere in %(num)s files.",
                                         found.files, id=ident, num=found.files)))
        text = "\n".join(lines) + "\n"
    emit(text, output)
    raise typer.Exit(0 if found.references else 1)
