"""`cjm report`, `cjm init`, `cjm import mermaid`, `cjm export csv`: acting on maps, and interop.

Thin on purpose: each command parses options, calls the core (cjm.report,
cjm.scaffold, cjm.importers, cjm.exporters), prints and exits. Heavy modules (rich) are imported
inside the functions, and only when a terminal will show what they draw.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .base import (
    JobsOpt,
    OutputOpt,
    PathsArg,
    TodayOpt,
    app,
    emit,
    fail,
    fail_if_unreadable,
    file_path,
    output_path,
    parse_today,
    read_text,
)

PROGRESS_MIN_FILES = 50  # below this a run is too short for a progress bar to help


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Preset(StrEnum):
    ecommerce = "ecommerce"
    saas = "saas"
    service = "service"
    blank = "blank"


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr for long runs on a terminal; nothing otherwise."""
    from ..output import use_color

    if total < PROGRESS_MIN_FILES or not use_color(sys.stderr):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("reading maps"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        transient=True, console=Console(stderr=True),
    ) as bar:
        task = bar.add_task("maps", total=total)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        yield update


@app.command()
def report(
    paths: PathsArg = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (tables), markdown (wiki, PR) or json.")
    ] = ReportFormat.text,
    output: OutputOpt = None,
    today: TodayOpt = None,
    jobs: JobsOpt = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="TAG", help="Language of the report's words (en, ru, pl, bg, "
                     "de, uk); default: the map's `lang`. JSON keys stay English.", show_default=False),
    ] = None,
) -> None:
    """Funnel, emotion curve, pain points and missed targets.

    One file: that map's report. A folder or several files: a portfolio, one row per map, most in
    need of attention first, and pain points per channel across maps.
    Exit 0 when every map could be reported, 1 when some were not valid maps, 2 for usage errors.
    """
    import shutil

    from ..files import PathNotFound, discover
    from ..output import use_color
    from ..report import render, summary
    from ..report.collect import load_all

    day = parse_today(today)
    raw = paths or ["."]
    try:
        targets = discover(raw)
    except PathNotFound as exc:
        raise fail(f"path not found: {exc}") from None
    single = len(raw) == 1 and len(targets) == 1 and targets[0].explicit
    with progress_bar(len(targets)) as progress:
        loaded = load_all(targets, day, jobs, progress, portfolio=not single,
                          with_json=format is ReportFormat.json)
    fail_if_unreadable(p for r in loaded for p in r.problems)
    color = output is None and use_color() and format is ReportFormat.text
    width = shutil.get_terminal_size((100, 24)).columns
    if single:
        only = loaded[0]
        if only.facts is None:
            from ..formats import render as render_problems
            from ..problems import Report

            problems = sorted(only.problems, key=lambda p: p.sort_key())
            sys.stderr.write(render_problems("text", Report("report", [only.file], problems)))
            raise fail(f"{only.file} is not a valid map; fix it first (see `cjm validate`)", 1)
        facts: summary.MapFacts | summary.Portfolio = only.facts
    else:
        good = [r.row for r in loaded if r.row is not None]
        invalid = [(r.file, r.first_problem) for r in loaded if r.row is None]
        if not good and not invalid:
            raise fail("no map files found in " + ", ".join(raw), 1)
        facts = summary.portfolio(good, day, invalid)
    emit(render(format.value, facts, color=color, width=width, lang=lang), output)
    if not single and facts.invalid:  # type: ignore[union-attr]
        raise typer.Exit(1)


@app.command()
def init(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=file_path, show_default=False,
                                         help="The map file to create, e.g. maps/first-purchase.yaml.")],
    title: Annotated[str | None, typer.Option("--title", "-t", help="The map's title (default: from the file name).")] = None,
    preset: Annotated[Preset, typer.Option("--preset", "-p", help="Example stages and touchpoints to start from.")] = Preset.ecommerce,
    stages: Annotated[
        str | None, typer.Option("--stages", "-s", help='Comma-separated stage names, e.g. "Awareness,Consideration,Purchase".')
    ] = None,
    persona: Annotated[str | None, typer.Option("--persona", help="The persona's name.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
) -> None:
    """Create a new map, valid and ready to fill in.

    The file has the schema modeline, a persona, one touchpoint per stage, and a commented example
    of every lane under the first stage. Refuses to overwrite FILE unless --force.
    """
    from ..loader import load_text
    from ..output import WriteError, atomic_write, names_stdout
    from ..scaffold import scaffold
    from ..text import terminal
    from ..validate import validate_document

    if file.is_dir():
        raise fail(f"{file} is a directory; give the map file to create, e.g. {file / 'journey.yaml'}")
    if file.exists() and not force:
        raise fail(f"{file} already exists; use --force to overwrite it")
    names = [s for s in stages.split(",") if s.strip()] if stages is not None else None
    if stages is not None and not names:
        raise fail("--stages needs at least one stage name")
    text = scaffold(str(file), title, preset.value, names, persona)
    checked = validate_document(load_text(text, str(file)))
    if not checked.ok:  # a bug, not a user error: say so rather than write a broken map
        first = checked.problems[0]
        raise fail(f"internal error: the new map would not validate ({first.message}); please report it")
    try:
        atomic_write(file, text)
    except WriteError as exc:
        raise fail(str(exc)) from None
    if not names_stdout(file):  # `cjm init -` prints the new map and nothing else
        typer.echo(terminal(f"Created {file} ({len(checked.map.stages) if checked.map else 0} stages). "
                   f"Fill in the TODOs, then: cjm validate {file}"), err=True)


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
    from ..importers.mermaid import MermaidError, convert
    from ..loader import load_text
    from ..scaffold import SCHEMA_URL, schema_ref
    from ..text import terminal
    from ..validate import validate_document

    text = read_text(file)
    shown = shown_name(file)
    schema = schema_ref(str(output)) if output is not None else SCHEMA_URL
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
    from ..exporters.csv import render as render_csv
    from ..files import PathNotFound, Target, require
    from ..formats import render as render_problems
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
