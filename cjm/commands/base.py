"""What every command shares: the Typer ``app`` they register on, the common options, and the
one way to fail with a usage error or to print a result.

It lives apart from ``cjm.cli`` so that command modules import it and ``cjm.cli`` imports them,
never the other way round: the command list stays an explicit list of imports without a cycle.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..files import shown_name
from ..formats import FORMATS
from ..i18n import ENGLISH, Language
from ..i18n.message import say as _say
from ..problems import Problem, Report, first_unreadable

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: validate, lint, diff and render YAML journey maps.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProblemFormat = Enum("ProblemFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Map files, or folders searched recursively for *.yaml/*.yml maps. '-' reads stdin.", show_default=False),
]


def file_path(value: str) -> Path:
    """A file a command writes, as given. ``Path("")`` would quietly be ``.``, the current folder,
    so an empty value (an unset variable in a script: ``-o "$OUT"``) is refused before anything
    is written; ``-`` is kept, and :mod:`cjm.output` writes it to standard output."""
    from ..output import DASH, WriteError

    if value == "":
        raise WriteError("''", "an empty path names no file")
    if value != DASH and Path(value) == Path(DASH):  # ./- names a file: Path() would drop the ./
        return Path(os.path.abspath(value))
    return Path(value)


def output_path(value: str) -> Path | None:
    """``-o PATH`` as given; ``-o -`` is standard output, as if no ``-o`` were given (None), for
    every command (:func:`cjm.output.names_stdout` decides what names it)."""
    from ..output import names_stdout

    return None if names_stdout(value) else file_path(value)


OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", parser=output_path,
                 help="Write the report to this file instead of stdout."),
]
FormatOpt = Annotated[
    ProblemFormat | None,
    typer.Option(
        "--format", "-f",
        help="Output format [default: github when GITHUB_ACTIONS=true, else text].",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Processes to use (default: one per core).")
]


MapLangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="TAG", show_default=False,
                 help="Language of every word cjm adds around a map (en, ru, pl, bg, de, uk) "
                 "[default: each map's own `lang`, so a site of Polish and German maps speaks "
                 "both]. Codes, ids, YAML keys and JSON keys stay as they are."),
]
"""``--lang`` of the commands whose output is made of maps (render, report, diff, serve): one
definition, as :data:`LangOpt` is the one of the commands that speak for the whole run."""

LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="TAG", show_default=False,
                 help="Language of every word cjm adds (en, ru, pl, bg, de, uk) [default: the "
                 "configuration's `lang`, else the maps' `lang` (the one most maps use), else "
                 "the locale (LANG)]. Codes, ids and YAML keys stay as they are."),
]


def language_of(lang: str | None, paths: list[str] | None = None, *, quiet: bool = False) -> Language:
    """The one resolver of ``--lang`` (see :mod:`cjm.language`): every command that writes
    words asks it, and a tag cjm has no words for is warned about once, here (``quiet``: by the
    command itself, as ``cjm render`` warns for each page's language)."""
    from ..i18n import language
    from ..language import choose

    found = choose(lang, paths or ["."])
    _SPOKEN[0] = language(found.code)
    if found.warning and not quiet:
        warn(_no_words(lang or ""))
    return _SPOKEN[0]


_SPOKEN: list[Language] = [ENGLISH]  # the run's language, once a command has resolved it


def forget_language() -> None:
    """Back to English until a command resolves ``--lang`` again: each run of the CLI starts
    here (``main()``), so a run in the same process (an embedding, the in-process test runner)
    never speaks the language a previous run resolved."""
    _SPOKEN[0] = ENGLISH


def spoken() -> Language:
    """The language this run speaks (English until a command resolved ``--lang``)."""
    return _SPOKEN[0]


def _no_words(tag: str) -> str:
    from ..i18n import LANGUAGES
    from ..i18n.message import say

    return say("no translation for language '%(tag)s' (cjm speaks %(languages)s); writing English "
               "labels", tag=tag, languages=", ".join(LANGUAGES))


def override_lang(lang: str | None, paths: list[str] | None = None) -> str | None:
    """For outputs that speak each map's own ``lang`` (boards, reports, diffs): the tag that
    overrides it, ``--lang`` or the configuration's, warned about here when cjm has no words."""
    from ..i18n import resolve
    from ..language import override

    tag = override(lang, paths or ["."])
    if tag is not None and resolve(tag).warning:
        warn(_no_words(tag))
    return tag


def warn(message: str) -> None:
    """``cjm: warning: ...`` on stderr, the message in the run's language."""
    from ..i18n.message import localize
    from ..text import terminal

    typer.echo(terminal(f"cjm: warning: {localize(message, spoken())}"), err=True)


def tell(message: str) -> None:
    """A line of what a command did on stderr (``Created ...``), in the run's language."""
    from ..i18n.message import localize
    from ..text import terminal

    typer.echo(terminal(localize(message, spoken())), err=True)


TodayOpt = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", show_default=False,
                 help="Judge ages (days since review, stale data, old evidence) as of this date "
                 "instead of today, so a run gives the same result tomorrow (CI, tests)."),
]


def parse_today(value: str | None) -> _dt.date:
    """``--today`` as a date (the clock's today without it): one parser for every command that
    judges ages, so ``cjm report --today`` and ``cjm lint --today`` accept and refuse the same."""
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise fail(_say("--today must be a date like 2026-09-30, not %(value)s", value=repr(value))) from None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a usage-level error the way every command does, and return the exit to raise; a
    :class:`~cjm.i18n.message.Message` is said in the run's language."""
    from ..i18n.message import localize
    from ..text import terminal

    typer.echo(terminal(f"cjm: error: {localize(message, spoken())}"), err=True)
    return typer.Exit(code)


def fail_if_unreadable(problems: Iterable[Problem]) -> None:
    """A file that cannot be read at all stops a command that needs every map (exit 2), always in
    these words: ``cjm: error: FILE: cannot read file: REASON``."""
    bad = first_unreadable(problems)
    if bad is not None:
        from ..i18n.message import Message

        raise fail(Message("%(file)s: %(message)s", {"file": bad.file, "message": bad.message}))


def read_text(path: str) -> str:
    """The UTF-8 text of ``path`` (stdin for ``-``), for commands that read something else than a
    map (a Mermaid diagram); every way it can fail is a usage error (exit 2)."""
    from ..files import PathNotFound, Unreadable, read_input

    try:
        raw = read_input(path)
    except PathNotFound:
        raise fail(not_found(path)) from None
    except Unreadable as exc:
        raise fail(str(exc)) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(_say("%(file)s is not UTF-8 text; save it as UTF-8", file=shown_name(path))) from None


def not_found(path: object) -> str:
    """``path not found: PATH``: one message for every command."""
    return _say("path not found: %(path)s", path=str(path))


def emit(text: str | bytes, output: Path | None) -> None:
    """Print to stdout, or write ``output`` (:mod:`cjm.output`: atomically for a file, in place
    for a device or a pipe). A failure is a :class:`cjm.output.WriteError`, which ``main()``
    prints as ``cjm: error: cannot write PATH: REASON`` with exit 2."""
    from ..output import atomic_write, write_stdout

    if output is None:
        write_stdout(text)
    else:
        atomic_write(output, text)


def say(text: str) -> None:
    """A line of a command's own result on stdout (``cjm rules``), failing like :func:`emit`."""
    emit(text + "\n", None)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjm {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Customer journey maps as code: validate, lint, diff and render YAML journey maps."""


def present(report: Report, format: ProblemFormat | None, output: Path | None) -> str:
    """Print (or write) the report in the chosen format; in GitHub Actions also the job summary."""
    from ..formats import default_format, render
    from ..output import use_color

    name = format.value if format is not None else default_format()
    color = output is None and name == "text" and use_color()
    emit(render(name, report, color=color), output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if name == "github" and summary_file:
        from ..formats.github import step_summary

        try:  # GitHub expects steps to append to this file
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(step_summary(report))
        except OSError as exc:
            from ..output import reason

            warn(_say("cannot write GITHUB_STEP_SUMMARY: %(reason)s", reason=reason(exc)))
    return name
