"""`cjm serve`: a live preview of a map's board, or of a folder's site, reloaded on every save."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n.message import Message, localize, say, say_plural
from .base import MapLangOpt, app, fail, language_of, spoken

if TYPE_CHECKING:
    from ..serve.preview import Refreshed


def _tell(line: str) -> None:
    """A line on stderr (map text in it escaped), in the run's language; a closed stderr must not
    stop the preview."""
    from ..text import terminal

    try:
        sys.stderr.write(terminal(localize(line, spoken())) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _report(done: Refreshed) -> None:
    """What a save did, one line per map read again, problems as ``cjm validate`` prints them."""
    from ..formats import render as report_text
    from ..problems import Report
    from ..serve.preview import problems_of

    for warning in done.warnings:
        _tell(Message("cjm: warning: %(message)s", {"message": warning}))
    for error in done.errors:
        _tell(Message("cjm: error: %(message)s", {"message": error}))
    ms = f"{done.seconds * 1000:.0f} ms"
    for entry in done.checked:
        if entry.problems:
            count = len(entry.problems)
            said = (say_plural("%(count)s problem (%(time)s)", "%(count)s problems (%(time)s)", count,
                               count=count, time=ms) if entry.map is not None else
                    say_plural("%(count)s problem; the page keeps its last good board (%(time)s)",
                               "%(count)s problems; the page keeps its last good board (%(time)s)",
                               count, count=count, time=ms))
            _tell(Message("cjm: %(file)s: %(message)s", {"file": entry.source, "message": said}))
            told = Report("serve", [entry.source], problems_of([entry]))
            told.lang = spoken().code
            text = report_text("text", told)
            for line in text.splitlines():
                if line.strip() and line.startswith(entry.source):
                    _tell(line)
        else:
            _tell(Message("cjm: %(file)s: %(message)s", {"file": entry.source,
                                                         "message": say("updated (%(time)s)", time=ms)}))


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

    language_of(lang, [path], quiet=True)
    try:
        watcher()
        preview = Preview(path, template_dir, lang)
        first = preview.refresh()
    except (PreviewError, ServeError) as exc:
        raise fail(str(exc)) from None
    if first.errors:  # a broken template at start-up is a usage error, as in cjm render
        raise fail(first.errors[0])
    if not preview.maps:
        raise fail(say("no maps found in %(paths)s", paths=path))
    _report_start(first)
    try:
        server = bind(preview, host, port)
    except ServeError as exc:
        raise fail(str(exc)) from None
    from ..serve.server import loopback

    if not loopback(host):
        _tell(Message("cjm: warning: %(message)s", {"message": say(
            "listening on %(host)s: anyone who can reach this machine can read these maps", host=host)}))
    stop = threading.Event()
    try:
        watch(preview, stop, _report, lambda why: _tell(Message("cjm: error: %(message)s", {
            "message": say("watching stopped: %(reason)s", reason=str(why))})))
        maps = preview.maps
        typer.echo(localize(say_plural("Serving %(path)s (%(count)s map) at %(url)s  (Ctrl-C to stop)",
                                       "Serving %(path)s (%(count)s maps) at %(url)s  (Ctrl-C to stop)",
                                       maps, path=path, count=maps, url=server.url), spoken()))
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
