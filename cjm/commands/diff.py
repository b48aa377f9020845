"""`cjm diff`, `cjm git-diff` and `cjm show`: what changed in a journey, by meaning."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n.message import say
from .base import MapLangOpt, OutputOpt, app, emit, fail, language_of, not_found

if TYPE_CHECKING:
    from ..diff.changes import FileDiff


class FailOn(StrEnum):
    breaking = "breaking"
    any = "any"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _show_problems(exc: Exception) -> None:
    """Print an invalid side's problems on stderr exactly as ``cjm validate`` would."""
    from ..diff.inputs import InvalidMap
    from ..formats import render
    from ..output import use_color
    from ..problems import Report
    from .base import spoken

    assert isinstance(exc, InvalidMap)
    report = Report("validate", [exc.file], exc.problems)
    report.lang = spoken().code
    sys.stderr.write(render("text", report, color=use_color(sys.stderr)))


@app.command()
def diff(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="OLD NEW: two map files ('-' reads stdin) or two folders. With --rev: files or "
            "folders to compare (default: the current folder).",
            metavar="OLD NEW | PATH...",
            show_default=False,
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option("--rev", "-r", help="Compare the working tree against this git revision "
                     "(main, HEAD~1, a tag); reads old contents with git, checks nothing out."),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (terminal), markdown (pull requests), json.")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are changes, 0 when there are none.")
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Exit 1 for these changes: 'breaking' (a map id, or a "
                     "persona, channel or metric the map referred to, removed); 'any' (as "
                     "--exit-code).", show_default=False),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option("--max-bytes", min=1000, metavar="CHARS",
                     help="Markdown only: keep the comment under this many characters, counted "
                     "as GitHub does (it refuses comments over 65,536), by leaving whole map "
                     "sections out and saying so [default: 60000].", show_default=False),
    ] = None,
    lang: MapLangOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show what changed between two maps, element by element, by id.

    cjm diff OLD.yaml NEW.yaml compares two files; cjm diff OLD_DIR NEW_DIR two folders; cjm diff
    --rev main [PATH...] every map under PATH in the working tree with the same map at a git
    revision. Maps are paired by their id, so a moved file is compared with itself. Exit 0 (or 1
    with --exit-code when there are changes, or --fail-on breaking when an id in use was removed);
    2 for usage errors, unreadable files or invalid maps.
    """
    from ..diff.formats import render
    from ..diff.inputs import InvalidMap, compare_files, compare_folders, compare_revision
    from ..files import PathNotFound
    from ..gitio import GitError
    from ..output import use_color
    from ..workspace import Workspace

    language_of(lang, paths)
    paths = paths or []
    workspace = Workspace()
    try:
        if rev is not None:
            files = compare_revision(rev, paths, workspace)
        elif len(paths) == 2 and all(os.path.isdir(p) for p in paths):
            files = compare_folders(paths[0], paths[1], workspace)
        elif len(paths) == 2 and any(os.path.isdir(p) for p in paths):
            raise fail(say("compare two files or two folders, not a file with a folder"))
        elif len(paths) == 2:
            files = [compare_files(paths[0], paths[1], workspace)]
        else:
            raise fail(say(
                "expected two map files or folders, got %(count)s: use `cjm diff OLD NEW`, "
                "or `cjm diff --rev REV [PATH...]` to compare with a git revision", count=str(len(paths))))
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    except GitError as exc:
        raise fail(str(exc)) from None
    except InvalidMap as exc:
        _show_problems(exc)
        raise fail(say("%(file)s cannot be read", file=exc.file) if exc.unreadable else
                   say("%(file)s is not a valid map; fix it (see `cjm validate`) and diff again",
                       file=exc.file)) from None
    color = format is DiffFormat.text and output is None and use_color()
    if format is DiffFormat.markdown:
        from ..diff.markdown import render as markdown

        emit(markdown(files, max_chars=max_bytes, lang=lang), output)
    else:
        emit(render(format.value, files, color=color, lang=lang), output)
    raise typer.Exit(_finish(files, fail_on, exit_code, lang))


def _finish(files: list[FileDiff], fail_on: FailOn | None, exit_code: bool, lang: str | None) -> int:
    """Say on stderr what keeps the diff from passing, in the maps' language; the exit code.

    A map that cannot be read on one side is in the output in its place, with its problems:
    that is a problem found (1), not a diff that could not be made (2), unless it is all there
    was to compare."""
    from ..diff.describe import files_language
    from ..i18n.message import localize
    from ..text import terminal

    speak = files_language(files, lang)
    _ = speak.gettext
    invalid = [f for f in files if f.invalid is not None]
    for f in invalid:
        typer.echo(terminal("cjm: " + (_("%(file)s is not a valid map; its changes are not shown "
                                         "(see `cjm validate`)") % {"file": f.label})), err=True)
    broken = [reason for f in files for reason in f.breaking]
    if fail_on is FailOn.breaking:
        for reason in broken:
            typer.echo(terminal("cjm: " + _("breaking: %(reason)s") % {
                "reason": localize(reason, speak)}), err=True)
    if files and len(invalid) == len(files):
        return 2
    changed = any(f.changed for f in files)
    failed = (exit_code or fail_on is FailOn.any) and changed
    return 1 if failed or invalid or (fail_on is FailOn.breaking and broken) else 0


@app.command(
    "git-diff",
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
def git_diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help="Git's seven arguments: path old-file old-hex old-mode new-file new-hex new-mode.",
            metavar="PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Git external diff driver: `git config diff.cjm.command "cjm git-diff"`.

    With `*.yaml diff=cjm` in .gitattributes, `git diff` (and `git log -p --ext-diff`) shows map
    changes by meaning. Always exits 0 so git carries on; a file that is not a valid map gets its
    problems and a plain line diff.
    """
    import os

    from ..output import use_color

    try:
        from ..diff.gitdiff import git_diff as run
        from ..workspace import Workspace

        pager = bool(os.environ.get("GIT_PAGER_IN_USE")) and not os.environ.get("NO_COLOR")
        text = run(args or [], Workspace(), color=use_color() or pager)
    except Exception as exc:  # the driver must never stop git's diff
        from ..text import terminal

        text = terminal(f"cjm git-diff: error: {exc}") + "\n"
    emit(text, None)
    raise typer.Exit(0)


@app.command()
def show(
    file: Annotated[
        str, typer.Argument(help="A map file ('-' reads stdin).", metavar="FILE", show_default=False)
    ],
    canonical: Annotated[
        bool,
        typer.Option("--canonical/--no-canonical", help="Print the canonical form (the default, "
                     "and for now the only view)."),
    ] = True,
    raw_if_invalid: Annotated[
        bool,
        typer.Option("--raw-if-invalid", help="Print a file that is not a valid map unchanged and "
                     "exit 0 (for git's textconv, which must not fail)."),
    ] = False,
    output: OutputOpt = None,
) -> None:
    """Print a map in canonical form: stable, sorted, readable; for `diff.cjm.textconv`.

    Two files that mean the same map print the same text, so reordered keys and reformatted YAML
    give no diff. Exit 2 for a file that is not a valid map (unless --raw-if-invalid).
    """
    from ..diff.canonical import canonical as to_text
    from ..diff.gitdiff import repository_of
    from ..diff.inputs import InvalidMap, read_side, to_map
    from ..files import PathNotFound, Unreadable, read_input
    from ..workspace import Workspace

    if not canonical:
        raise fail(say("only the canonical view exists for now: use `cjm show --canonical FILE`"))
    try:
        doc = read_side(file)
    except PathNotFound:
        raise fail(not_found(file)) from None
    try:
        # git's textconv hands over a temporary copy: its libraries are the work tree's
        journey = to_map(doc, repository_of(file, Workspace()))
    except InvalidMap as exc:
        if raw_if_invalid:
            if doc.text or not exc.unreadable:
                emit(doc.text, output)
            else:  # textconv must not fail: what can be read is shown, else nothing
                try:
                    data = read_input(file) if file != "-" else b""
                except (PathNotFound, Unreadable):
                    data = b""
                emit(data, None)
            raise typer.Exit(0) from None
        _show_problems(exc)
        raise fail(say("%(file)s cannot be read", file=exc.file) if exc.unreadable else
                   say("%(file)s is not a valid map", file=exc.file)) from None
    emit(to_text(journey), output)
