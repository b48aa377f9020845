"""`cjm refs`: every place an id is defined and used across a repository."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from .base import OutputOpt, PathsArg, app, emit, fail


class RefsFormat(StrEnum):
    text = "text"
    json = "json"


@app.command()
def refs(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The id to look for: a persona, channel, metric, map...")],
    paths: PathsArg = None,
    format: Annotated[RefsFormat, typer.Option("--format", "-f", help="Output format.")] = RefsFormat.text,
    output: OutputOpt = None,
) -> None:
    """List every place an id is defined and used, with FILE:LINE:COL.

    Searches the maps and library files under PATHS (default: the repository root of the
    current folder). Exit 0 when the id is used somewhere, 1 when nothing refers to it (defined
    but unused, or unknown), 2 for usage errors and files that cannot be read at all.
    """
    from ..files import PathNotFound
    from ..refs import find
    from ..repository import shown
    from ..text import terminal
    from ..workspace import Workspace

    workspace = Workspace()
    where = paths or [shown(workspace.folder(".").root)]
    try:
        found = find(ident, where, workspace)
    except PathNotFound as exc:
        raise fail(f"path not found: {exc}") from None
    unreadable = [p for p in found.problems if p.code == "CJM003"]
    if unreadable:
        raise fail(f"{unreadable[0].file}: {unreadable[0].message}")
    if format is RefsFormat.json:
        text = json.dumps(
            {"id": ident, "uses": [
                {"file": u.file, "line": u.line, "column": u.col, "role": u.role, "kind": u.kind,
                 "path": u.dotted_path} for u in found.uses]},
            ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [terminal(f"{u.file}:{u.line}:{u.col}: {u.role} {u.kind} '{ident}' ({u.dotted_path})")
                 for u in found.uses]
        for p in found.problems:
            lines.append(terminal(f"{p.file}:{p.line}:{p.col}: not searched: {p.message}"))
        n_def, n_use = len(found.definitions), len(found.references)
        files = len({u.file for u in found.uses})
        if found.uses:
            lines.append(terminal(
                f"'{ident}': {n_def} definition{'s' if n_def != 1 else ''}, {n_use} "
                f"use{'s' if n_use != 1 else ''} in {files} of {found.files} file"
                f"{'s' if found.files != 1 else ''}."))
        else:
            lines.append(terminal(f"'{ident}' appears nowhere in {found.files} file"
                                  f"{'s' if found.files != 1 else ''}."))
        text = "\n".join(lines) + "\n"
    emit(text, output)
    raise typer.Exit(0 if found.references else 1)
