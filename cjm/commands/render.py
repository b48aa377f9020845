"""`cjm render`: publish maps as an HTML board, Graphviz diagrams, Mermaid, Markdown, or a site."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..render import NAMES
from .base import PathsArg, app, fail

RenderFormat = Enum("RenderFormat", {name: name for name in NAMES}, type=str)  # type: ignore[misc]


@app.command()
def render(
    paths: PathsArg = None,
    format: Annotated[
        RenderFormat,
        typer.Option("--format", "-f", help="html (board), svg/png/pdf/dot (Graphviz flow), mermaid, md."),
    ] = RenderFormat("html"),  # type: ignore[arg-type]
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o",
            help="File to write (one map), or folder: one file per map, plus index.html for html.",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Folder of Jinja2 templates overriding the built-in ones (html)."),
    ] = None,
) -> None:
    """Render maps as artifacts for stakeholders.

    One map without --output prints to stdout; with --output x.html writes that file. A folder or
    several maps write one file per map into the --output folder; with html that folder is a
    site (index.html lists every map, and flags the ones that fail validation).
    Exit 0 when every map rendered cleanly, 1 when a map has problems (they are printed, and
    listed in the index), 2 for usage errors, a broken template or missing Graphviz.
    """
    from ..api import exit_code
    from ..files import PathNotFound, discover
    from ..formats import render as report_text
    from ..output import atomic_write
    from ..problems import Problem, Report
    from ..render import NEEDS_DOT, RENDERERS, SUFFIXES, Options
    from ..render.site import Entry, index_html, output_names, relative_href
    from ..run import check_target

    fmt = format.value
    roots = paths or ["."]
    if template_dir is not None and not template_dir.is_dir():
        raise fail(f"--template-dir {template_dir}: not a folder")
    try:
        targets = discover(roots)
    except PathNotFound as exc:
        raise fail(f"path not found: {exc}") from None
    if fmt in NEEDS_DOT:
        from ..render.graph import GraphvizMissing, dot_program

        try:
            dot_program()
        except GraphvizMissing as exc:
            raise fail(str(exc)) from None

    many = len(targets) != 1 or any(os.path.isdir(r) for r in roots)
    to_folder = many or (output is not None and (output.is_dir() or str(output).endswith(("/", os.sep))))
    if many and output is None:
        raise fail("several maps need --output FOLDER (one file per map is written there)")
    if to_folder and output is not None and output.exists() and not output.is_dir():
        raise fail(f"--output {output}: is a file; several maps need a folder")
    if not to_folder and output is None and fmt in ("png", "pdf") and sys.stdout.isatty():
        raise fail(f"{fmt} is binary: give --output FILE")

    entries: list[Entry] = []
    checked_files: list[str] = []
    names = output_names(targets, roots, SUFFIXES[fmt])
    for target, name in zip(targets, names, strict=True):
        checked, result = check_target(target)
        if result.skipped:
            continue
        checked_files.append(result.file)
        entries.append(
            Entry(result.file, name, checked.map if checked else None, sorted(result.problems, key=Problem.sort_key))
        )
    if not entries:
        raise fail(f"no maps found in {', '.join(roots)}")

    site = to_folder and fmt == "html"
    renderer = RENDERERS[fmt]
    written: list[str] = []
    try:
        for entry in entries:
            if entry.map is None:
                continue
            extra = {"index_href": relative_href(entry.output, "index.html")} if site else {}
            data = renderer(entry.map, Options(template_dir=template_dir, source=entry.source, extra=extra))
            if to_folder:
                assert output is not None
                atomic_write(output / entry.output, data)
                written.append(entry.output)
            elif output is not None:
                atomic_write(output, data)
                written.append(str(output))
            elif isinstance(data, bytes):
                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                sys.stdout.write(data)
                sys.stdout.flush()
        if site:
            assert output is not None
            atomic_write(output / "index.html", index_html(entries, template_dir))
            written.append("index.html")
    except Exception as exc:  # turn the renderers' own errors into one clear line
        from ..render.html import TemplateError

        graph_errors: tuple[type[Exception], ...] = ()
        if fmt in NEEDS_DOT:
            from ..render.graph import GraphvizFailed, GraphvizMissing

            graph_errors = (GraphvizFailed, GraphvizMissing)
        if isinstance(exc, (TemplateError, *graph_errors)):
            raise fail(str(exc)) from None
        raise

    problems = [p for e in entries for p in e.problems]
    report = Report("render", checked_files, problems)
    if problems:
        sys.stderr.write(report_text("text", report))
    if to_folder and output is not None:
        what = f"{len(written)} file{'s' if len(written) != 1 else ''}"
        typer.echo(f"cjm: wrote {what} to {output}{os.sep if not str(output).endswith(os.sep) else ''}", err=True)
    raise typer.Exit(exit_code(report))
