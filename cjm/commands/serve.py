"""`cjm serve`: a live preview of a map's board, or of a folder's site, reloaded on every save."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .base import MapLangOpt, app, fail

if TYPE_CHECKING:
    from ..serve.preview import Refreshed


def _tell(line: str) -> None:
    """A line on stderr (map text in it escaped); a closed stderr must not stop the preview."""
    from ..text import terminal

    try:
        sys.stderr.write(terminal(line) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _report(done: Refreshed) -> None:
    """What a save did, one line per map read again, problems as ``cjm validate`` prints them."""
    from ..formats import render as report_text
    from ..problems import Report
    from ..serve.preview import problems_of

    for warning in done.warnings:
        _tell(f"cjm: warning: {warning}")
    for error in done.errors:
        _tell(f"cjm: error: {error}")
    ms = f"{done.seconds * 1000:.0f} ms"
    for entry in done.checked:
        if entry.problems:
            kept = "" if entry.map is not None else "; the page keeps its last good board"
            count = len(entry.problems)
            _tell(f"cjm: {entry.source}: {count} problem{'s' if count != 1 else ''}{kept} ({ms})")
            text = report_text("text", Report("serve", [entry.source], problems_of([entry])))
            for line in text.splitlines():
                if line.strip() and line.startswith(entry.source):
                    _tell(line)
        else:
            _tell(f"cjm: {entry.source}: updated ({ms})")


@app.command()
def serve(
    path: Annotated[
        str, typer.Argument(help="A map file (its board is served) or a folder (the site: index and boards).")
    ] = ".",
    host: Annotated[str, typer.Option("--host", help="Address to listen on; keep 127.0.0.1 unless others must see it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, help="Port to listen on; 0 picks a free one.")] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Folder of Jinja2 templates overriding the built-in ones (watched too)."),
    ] = None,
    lang: MapLangOpt = None,
) -> None:
    """Preview maps in a browser while you edit them: the board of a map file, or the site of a
    folder (index, boards, as-is/to-be pages), as `cjm render` would publish them.

    Every save re-renders the changed map and reloads the open page. A map with problems shows
    them in an overlay (FILE:LINE:COL, message, hint) over its last good board. Nothing is
    written to disk. Runs until Ctrl-C (exit 130) or SIGTERM (exit 143); exit 2 when it cannot
    start (no such path, the port is in use, a broken template, watchfiles missing).
    """
    from ..serve.preview import Preview, PreviewError
    from ..serve.server import ServeError, bind, watch, watcher

    try:
        watcher()
        preview = Preview(path, template_dir, lang)
        first = preview.refresh()
    except (PreviewError, ServeError) as exc:
        raise fail(str(exc)) from None
    if first.errors:  # a broken template at start-up is a usage error, as in cjm render
        raise fail(first.errors[0])
    if not preview.maps:
        raise fail(f"no maps found in {path}")
    _report_start(first)
    try:
        server = bind(preview, host, port)
    except ServeError as exc:
        raise fail(str(exc)) from None
    from ..serve.server import loopback

    if not loopback(host):
        _tell(f"cjm: warning: listening on {host}: anyone who can reach this machine can read these maps")
    stop = threading.Event()
    try:
        watch(preview, stop, _report, lambda why: _tell(f"cjm: error: watching stopped: {why}"))
        maps = preview.maps
        typer.echo(f"Serving {path} ({maps} map{'s' if maps != 1 else ''}) at {server.url}  (Ctrl-C to stop)")
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        server.serve_forever(poll_interval=0.25)
    finally:
        stop.set()
        server.stop()


def _report_start(first: Refreshed) -> None:
    """At start-up only the maps with problems are worth a line: the rest are fine."""
    from ..serve.preview import Refreshed

    _report(Refreshed([e for e in first.checked if e.problems], [], [], first.warnings, first.seconds))
