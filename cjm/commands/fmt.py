"""`cjm fmt`: rewrite maps in the canonical layout, or (``--check``, ``--diff``) say which would
change; the formatter itself is :mod:`cjm.fmt`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n.labels import N_
from ..i18n.message import say, say_plural
from .base import JobsOpt, LangOpt, PathsArg, app, fail, language_of, not_found, tell

if TYPE_CHECKING:
    from ..fmt import Formatted
    from ..i18n import Language
    from ..workspace import Workspace

_RED, _GREEN, _CYAN, _BOLD = "31", "32", "36", "1"


def _colour_diff(text: str) -> str:
    """Colour a unified diff the way ``git diff`` does."""
    out = []
    for line in text.splitlines(keepends=True):
        code = (_BOLD if line.startswith(("---", "+++")) else _CYAN if line.startswith("@@")
                else _RED if line.startswith("-") else _GREEN if line.startswith("+") else None)
        body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        out.append(f"\x1b[{code}m{body}\x1b[0m{end}" if code else line)
    return "".join(out)


@app.command()
def fmt(
    paths: PathsArg = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when a file would be reformatted.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Write nothing; print what would change as a unified "
                           "diff, and exit 1 when a file would be reformatted.")
    ] = False,
    only_maps: Annotated[
        bool,
        typer.Option("--only-maps", help="Skip named YAML files that are not cjm maps (no `cjm:` "
                     "key), as folders do; for pre-commit, which names every YAML file."),
    ] = False,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Format maps in the canonical layout, keeping comments, blank lines and block text.

    Keys in the format's order, two-space indentation, short lists of ids and words inline,
    quotes only where YAML needs them (docs/fmt.md). '-' formats stdin to stdout.
    A file that cannot be read as a map (broken YAML, schema errors) is left alone and its
    problems are shown as `cjm validate` shows them. Exit 0 when every file is formatted (or, with --check/--diff, already was),
    1 when --check/--diff find a file to reformat or a file is not a valid map, 2 for usage
    errors and files that cannot be read at all.
    """
    from functools import partial

    from ..files import STDIN, PathNotFound, Target, discover
    from ..fmt import format_target
    from ..formats.text import render
    from ..output import use_color
    from ..problems import Problem, Report, first_unreadable
    from ..run import run_all
    from ..workspace import Workspace

    spoken = language_of(lang, paths)
    try:
        targets = discover(paths or ["."])
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    if only_maps:
        targets = [Target(t.path, False) if t.path != STDIN else t for t in targets]
    workspace = Workspace()
    results = [r for r in run_all(targets, partial(format_target, workspace), jobs) if not r.skipped]
    write = not (check or diff)
    changed, unwritten = _put(results, write, diff, workspace)
    problems = sorted((p for r in results for p in r.problems), key=Problem.sort_key)
    if problems:
        report = Report("fmt", [r.file for r in results], problems)
        report.lang = spoken.code
        lines = render(report, color=use_color(sys.stderr)).splitlines()[:-1]
        typer.echo("\n".join(lines), err=True)
    failed = sum(1 for r in results if r.problems)
    if not (len(results) == 1 and results[0].file == "<stdin>" and write):
        _summary(results, write, diff, changed, failed, unwritten, spoken)
    if first_unreadable(problems) is not None or unwritten:
        raise typer.Exit(2)
    raise typer.Exit(1 if failed or (changed and not write) else 0)


def _put(results: list[Formatted], write: bool, diff: bool, workspace: Workspace) -> tuple[int, int]:
    """Each formatted text where it goes (stdin's to stdout, a diff printed, a file rewritten
    through the guarded write); how many changed and how many could not be written."""
    from ..fmt import unified_diff
    from ..fmt import write as format_write
    from ..output import Changed, Rewriter, use_color, write_stdout
    from ..text import terminal

    color = use_color()
    changed = unwritten = 0
    with Rewriter([r.file for r in results if r.file != "<stdin>"]) as rewriter:
        for result in results:
            if result.text is None:
                continue
            if result.changed:
                changed += 1
            if result.file == "<stdin>" and write:
                write_stdout(result.text)
            elif diff and result.changed:
                patch = unified_diff(result)
                write_stdout(_colour_diff(patch) if color else patch)
            elif result.changed and write:
                try:
                    if not format_write(result, rewriter, workspace):
                        changed -= 1  # formatted meanwhile, by someone else
                        result.text = result.original
                except Changed as exc:
                    typer.echo(terminal(f"cjm: error: {exc}"), err=True)  # the OSError says why, in its own words
                    changed -= 1
                    result.text = None
                    unwritten += 1
    return changed, unwritten


def _summary(results: list[Formatted], write: bool, diff: bool, changed: int, failed: int,
             unwritten: int, spoken: Language) -> None:
    """The files reformatted (or that would be), then one line of counts, as ruff format says it."""
    from ..i18n.message import localize

    for result in results:
        if result.changed and not diff:
            tell(say(N_("reformatted %(file)s") if write else N_("would reformat %(file)s"),
                     file=result.file))
    unchanged = len(results) - changed - failed - unwritten
    parts = [say_plural("%(num)s file reformatted", "%(num)s files reformatted", changed, num=changed)
             if write else
             say_plural("%(num)s file would be reformatted", "%(num)s files would be reformatted",
                        changed, num=changed),
             say_plural("%(num)s left unchanged", "%(num)s left unchanged", unchanged, num=unchanged)]
    if failed:
        parts.append(say_plural("%(num)s not formatted (problems above)",
                                "%(num)s not formatted (problems above)", failed, num=failed))
    if unwritten:
        parts.append(say_plural("%(num)s not written (changed on disk meanwhile)",
                                "%(num)s not written (changed on disk meanwhile)", unwritten, num=unwritten))
    if results:
        tell(", ".join(localize(p, spoken) for p in parts) + ".")
    else:
        tell(say("No map files found."))
