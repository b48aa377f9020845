"""`cjm report`: what a map or a folder of maps says, in numbers.

Thin on purpose: the command parses options, calls the core (cjm.report), prints and exits. Heavy modules (rich) are imported
inside the functions, and only when a terminal will show what they draw.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated

import typer

from .base import (
    JobsOpt,
    MapLangOpt,
    OutputOpt,
    PathsArg,
    TodayOpt,
    app,
    emit,
    fail,
    fail_if_unreadable,
    language_of,
    not_found,
    parse_today,
)

PROGRESS_MIN_FILES = 50  # below this a run is too short for a progress bar to help


class ReportFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"



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
    lang: MapLangOpt = None,
    top: Annotated[
        int | None,
        typer.Option("--top", metavar="N", min=1, help="List only the N highest-scored open "
                     "opportunities (done ones are listed apart).", show_default=False),
    ] = None,
) -> None:
    """Funnel, emotion curve, pain points and missed targets.

    One file: that map's report. A folder or several files: a portfolio, one row per map, most in
    need of attention first, and pain points per channel across maps.
    Exit 0 when every map could be reported, 1 when some were not valid maps, 2 for usage errors.
    """
    import shutil

    from ..config import ConfigError
    from ..files import PathNotFound, discover
    from ..i18n.message import say
    from ..output import use_color
    from ..report import render, summary
    from ..report.collect import load_all
    from ..workspace import Workspace

    spoken = language_of(lang, paths)
    day = parse_today(today)
    raw = paths or ["."]
    try:
        targets = discover(raw)
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    workspace = Workspace()
    single = len(raw) == 1 and len(targets) == 1 and targets[0].explicit
    try:  # a broken scoring model is a usage error before any map is read
        for target in targets:
            workspace.scoring_for(target.path)
    except ConfigError as exc:
        raise fail(str(exc)) from None
    with progress_bar(len(targets)) as progress:
        loaded = load_all(targets, day, jobs, progress, workspace=workspace, portfolio=not single,
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
            told = Report("report", [only.file], problems)
            told.lang = spoken.code
            sys.stderr.write(render_problems("text", told))
            raise fail(say("%(file)s is not a valid map; fix it first (see `cjm validate`)", file=only.file), 1)
        facts: summary.MapFacts | summary.Portfolio = only.facts
    else:
        good = [r.row for r in loaded if r.row is not None]
        invalid: list[tuple[str, str]] = [(r.file, r.first_problem) for r in loaded if r.row is None]
        if not good and not invalid:
            raise fail(say("no map files found in %(paths)s", paths=", ".join(raw)), 1)
        facts = summary.portfolio(good, day, invalid)
    emit(render(format.value, facts, color=color, width=width, lang=lang, top=top), output)
    if not single and facts.invalid:  # type: ignore[union-attr]
        raise typer.Exit(1)
