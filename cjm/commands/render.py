"""`cjm render`: publish maps as an HTML board, Graphviz diagrams, Mermaid, Markdown, or a site."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..i18n.message import Message, say, say_plural
from ..render import BINARY, NAMES, PAGE_NAMES
from .base import MapLangOpt, PathsArg, app, emit, fail, language_of, output_path, tell, warn
from .conform import (
    ActivityOpt,
    CaseOpt,
    DateFormatOpt,
    DelimiterOpt,
    Engine,
    EngineOpt,
    MapColumnOpt,
    MappingOpt,
    TimestampOpt,
    TimezoneOpt,
    log_columns,
)

RenderFormat = Enum("RenderFormat", {name: name for name in NAMES}, type=str)  # type: ignore[misc]
PageSize = Enum("PageSize", {name: name for name in PAGE_NAMES}, type=str)  # type: ignore[misc]


@app.command()
def render(
    paths: PathsArg = None,
    format: Annotated[
        RenderFormat,
        typer.Option("--format", "-f", help="html (board), board-pdf/board-png (the board as a printed poster; needs the pdf extra: WeasyPrint and pypdfium2), "
                     "svg/png/pdf/dot (Graphviz flow), mermaid, md."),
    ] = RenderFormat("html"),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", parser=output_path,
            help="File to write (one map), or folder: one file per map, plus index.html for html.",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Folder of Jinja2 templates overriding the built-in ones (html)."),
    ] = None,
    compare: Annotated[
        bool,
        typer.Option("--compare", help="CURRENT FUTURE: one HTML board with the as-is and the to-be "
                     "map, stages matched by id, every element marked added/removed/changed/resolved."),
    ] = False,
    lang: MapLangOpt = None,
    page_size: Annotated[
        PageSize,
        typer.Option("--page-size", case_sensitive=False,
                     help="Printed sheet, landscape: the board's @page size (html, board-pdf, "
                     "board-png); auto picks size and orientation from the board's shape."),
    ] = PageSize("a3"),
    period: Annotated[
        str | None,
        typer.Option("--period", metavar="PERIOD",
                     help="Funnel period the board's desired-actions lane shows (html, board-pdf, "
                     "board-png); default: the latest with data for most steps.", show_default=False),
    ] = None,
    conform: Annotated[
        str | None,
        typer.Option("--conform", metavar="LOG",
                     help="Event log to overlay (html, board-pdf/png, svg/png/pdf/dot): cases and events "
                     "per touchpoint, stages missed, unplanned moves; read as `cjm conform` reads it.",
                     show_default=False),
    ] = None,
    mapping: MappingOpt = None,
    case: CaseOpt = None,
    activity: ActivityOpt = None,
    timestamp: TimestampOpt = None,
    map_column: MapColumnOpt = None,
    timezone: TimezoneOpt = None,
    date_format: DateFormatOpt = None,
    delimiter: DelimiterOpt = None,
    engine: EngineOpt = Engine.auto,
) -> None:
    """Render maps as artifacts for stakeholders.

    One map without --output prints to stdout; with --output x.html writes that file. A folder or
    several maps write one file per map into the --output folder; with html that folder is a
    site (index.html lists every map, and flags the ones that fail validation).
    Exit 0 when every map rendered cleanly, 1 when a map has problems (they are printed, and
    listed in the index), 2 for usage errors, a broken template, missing Graphviz or
    (board-pdf, board-png) missing WeasyPrint.
    """
    from ..formats import render as report_text
    from ..problems import exit_code
    from ..render.publish import PublishError, plan, publish
    from ..text import terminal
    from ..workspace import Workspace

    fmt = format.value
    spoken = language_of(lang, paths, quiet=True)  # the maps' language for what cjm says; the pages warn
    workspace = Workspace()
    if compare:
        from ..render.compare import NotAMap, compare_files
        from ..render.options import Options

        if len(paths or []) != 2 or fmt != "html":
            raise fail(say("--compare takes two map files, the current (as-is) then the future (to-be), "
                           "and writes HTML"))
        assert paths is not None
        try:
            page = compare_files(paths[0], paths[1], workspace,
                                 Options(template_dir=template_dir, lang=lang))
        except NotAMap as exc:
            raise fail(str(exc)) from None
        emit(page, output)
        raise typer.Exit(0)
    log = None
    if conform is not None:
        from ..conform.check import LogSource

        log = LogSource(conform, log_columns(conform, case, activity, timestamp, map_column, timezone,
                                             date_format, delimiter), mapping, engine.value)
    try:
        todo = plan(paths or ["."], fmt, output, template_dir, lang, page_size.value, period, log,
                    workspace=workspace)
        if todo.to_stdout and fmt in BINARY and sys.stdout.isatty():
            raise fail(say("%(format)s is binary: give --output FILE", format=fmt))
        done = publish(todo)
    except PublishError as exc:
        raise fail(str(exc)) from None
    for warning in done.warnings:
        warn(warning)
    if done.stdout is not None:
        emit(done.stdout, None)
    if done.report.problems:
        done.report.lang = spoken.code
        sys.stderr.write(report_text("text", done.report))
    if todo.to_folder and output is not None:
        where = terminal(f"{output}{os.sep if not str(output).endswith(os.sep) else ''}")
        tell(Message("cjm: %(done)s", {"done": say_plural("wrote %(count)s file to %(folder)s",
                                                          "wrote %(count)s files to %(folder)s",
                                                          len(done.written), count=len(done.written),
                                                          folder=where)}))
    raise typer.Exit(exit_code(done.report))
