"""`cjm import mermaid` and `cjm export csv`: maps from and to other tools' formats.

Thin on purpose: the conversions are :mod:`cjm.interop.mermaid` and :mod:`cjm.interop.csv_export`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .base import app, emit, fail, fail_if_unreadable, output_path, read_text

import_app = typer.Typer(
    name="import",
    help="Turn journey maps made in other tools into cjm maps.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
export_app = typer.Typer(
    name="export",
    help="Write a map in other tools' formats (spreadsheets).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


@import_app.command("mermaid")
def import_mermaid(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A Mermaid journey diagram (.mmd), or '-' for stdin.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", parser=output_path,
                                  help="Write the map to this file instead of stdout.")
    ] = None,
) -> None:
    """Convert a Mermaid journey diagram into a map.

    Sections become stages and tasks touchpoints.

    A task's score becomes the touchpoint's emotion, actors become personas. Whatever cannot be
    converted is reported as FILE:LINE: warning. Exit 0 when everything was converted, 1 when
    something was left out (the map is still written), 2 when FILE is not a journey diagram.
    """
    from ..files import shown_name
    from ..interop.mermaid import MermaidError, convert
    from ..interop.scaffold import schema_ref
    from ..loader import load_text
    from ..text import terminal
    from ..validate import validate_document

    text = read_text(file)
    shown = shown_name(file)
    schema = schema_ref(str(output) if output is not None else "journey.yaml")  # stdout: from here
    try:
        result, notes = convert(text, shown, schema)
    except MermaidError as exc:
        raise fail(f"{shown}:{exc.line}: {exc.message}") from None
    checked = validate_document(load_text(result, str(output or "<output>")))
    if not checked.ok:  # a bug, not a user error
        first = checked.problems[0]
        raise fail(f"internal error: the imported map would not validate ({first.message}); please report it")
    for note in notes:
        kind = "warning" if note.lost else "note"
        typer.echo(terminal(f"{shown}:{note.line}: {kind}: {note.message}"), err=True)
    emit(result, output)
    if output is not None:
        assert checked.map is not None
        tps = sum(len(s.touchpoints) for s in checked.map.stages)
        typer.echo(terminal(f"Wrote {output}: {len(checked.map.stages)} stages, {tps} touchpoints."), err=True)
    raise typer.Exit(1 if any(n.lost for n in notes) else 0)


@export_app.command("csv")
def export_csv(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map to export, or '-' for stdin.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", parser=output_path,
                                  help="Write the CSV to this file instead of stdout.")
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="For Excel: UTF-8 byte-order mark, CRLF line ends, formulas defused.")
    ] = False,
) -> None:
    """One CSV row per lane item, for spreadsheets.

    Touchpoints, pain points, metrics... each a row with its stage and lane.

    Exit 0 on success, 1 when FILE is not a valid map (its problems are printed), 2 when it
    cannot be read.
    """
    from ..files import PathNotFound, Target, require
    from ..formats import render as render_problems
    from ..interop.csv_export import render as render_csv
    from ..problems import Report
    from ..run import check_target

    try:
        require(file)
    except PathNotFound:
        raise fail(f"path not found: {file}") from None
    checked, result = check_target(Target(file, True))
    fail_if_unreadable(result.problems)
    if checked is None or not checked.ok or checked.map is None:
        problems = sorted(result.problems, key=lambda p: p.sort_key())
        sys.stderr.write(render_problems("text", Report("export", [result.file], problems)))
        raise fail(f"{result.file} is not a valid map; fix it first (see `cjm validate`)", 1)
    text = render_csv(checked.map, excel=excel)
    emit(text.encode("utf-8") if output is None else text, output)
