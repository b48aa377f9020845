"""`cjm import mermaid` and `cjm export csv`: maps from and to other tools' formats.

Thin on purpose: the conversions are :mod:`cjm.interop.mermaid` and :mod:`cjm.interop.csv_export`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .base import (
    LangOpt,
    app,
    emit,
    fail,
    fail_if_unreadable,
    language_of,
    not_found,
    output_path,
    read_text,
)

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
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="TAG", show_default=False,
                                 help="The map's language (uk, ru, bg, pl, de, en...), written as "
                                 "its `lang`; ids made from names are romanised by its official "
                                 "system [default: the configuration's `lang`].")
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
    import re

    from ..i18n.message import localize, say, say_plural
    from ..language import override
    from ..model import LANG_TAG

    # the map's language is the one its notes are told in (a tag cjm has no words for: English);
    # the diagram is no map, so without --lang the configuration or the locale chooses
    said = language_of(lang, [file] + ([str(output)] if output is not None else []), quiet=True)
    if lang is not None and not re.match(LANG_TAG, lang):
        raise fail(say("lang %(value)s is not a language tag such as pl, uk or de-AT", value=repr(lang)))
    try:
        result, notes = convert(text, shown, schema, override(lang, [str(output or ".")]))
    except MermaidError as exc:
        raise fail(say("%(file)s:%(line)s: %(reason)s", file=shown, line=str(exc.line),
                       reason=exc.message)) from None
    checked = validate_document(load_text(result, str(output or "<output>")))  # the text alone
    if not checked.ok:  # a bug, not a user error
        first = checked.problems[0]
        raise fail(say("internal error: the imported map would not validate (%(reason)s); please "
                       "report it", reason=first.message))
    for note in notes:
        # "warning" and "note" stay keywords, as in `cjm validate`'s lines: what editors look for
        kind = "warning" if note.lost else "note"
        typer.echo(terminal(f"{shown}:{note.line}: {kind}: {localize(note.message, said)}"), err=True)
    emit(result, output)
    if output is not None:
        assert checked.map is not None
        tps = sum(len(s.touchpoints) for s in checked.map.stages)
        stages = len(checked.map.stages)
        typer.echo(terminal(localize(say("Wrote %(file)s: %(stages)s, %(touchpoints)s.", file=str(output),
                                         stages=say_plural("%(num)s stage", "%(num)s stages", stages,
                                                           num=stages),
                                         touchpoints=say_plural("%(num)s touchpoint",
                                                                "%(num)s touchpoints", tps, num=tps)),
                                     said)), err=True)
    raise typer.Exit(1 if any(n.lost for n in notes) else 0)


@export_app.command("csv")
def export_csv(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map to export, or '-' for stdin.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", parser=output_path,
                                  help="Write the CSV to this file instead of stdout.")
    ] = None,
    excel: Annotated[
        bool, typer.Option("--excel", help="For Excel by double-click: the separator and decimal "
                           "mark of the language's locale (; and 0,5 in pl, de, ru, uk, bg), UTF-8 "
                           "byte-order mark, CRLF line ends, formulas defused.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """One CSV row per lane item, for spreadsheets.

    Touchpoints, pain points, metrics... each a row with its stage and lane. With --excel, the
    language (--lang, else the map's `lang`) chooses the separator and the decimal mark.

    Exit 0 on success, 1 when FILE is not a valid map (its problems are printed), 2 when it
    cannot be read.
    """
    from ..files import PathNotFound, Target, require
    from ..formats import render as render_problems
    from ..i18n.message import say
    from ..interop.csv_export import Excel
    from ..interop.csv_export import render as render_csv
    from ..language import override
    from ..problems import Report
    from ..workspace import Workspace

    spoken = language_of(lang, [file])
    try:
        require(file)
    except PathNotFound:
        raise fail(not_found(file)) from None
    checked, result = Workspace().check(Target(file, True))
    fail_if_unreadable(result.problems)
    if checked is None or not checked.ok or checked.map is None:
        problems = sorted(result.problems, key=lambda p: p.sort_key())
        sys.stderr.write(render_problems("text", Report("export", [result.file], problems, lang=spoken.code)))
        raise fail(say("%(file)s is not a valid map; fix it first (see `cjm validate`)", file=result.file), 1)
    # the map's own tag (de-CH writes 0.5) when nothing overrides it; a map read from stdin too
    convention = override(lang, [file]) or checked.map.lang or spoken.code
    text = render_csv(checked.map, excel=Excel.of(convention) if excel else None)
    emit(text.encode("utf-8") if output is None else text, output)
