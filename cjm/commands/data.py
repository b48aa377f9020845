"""`cjm data import`: a map's numbers from an analytics export (CSV or JSON).

Thin on purpose: reading the export, matching rows and editing maps is :mod:`cjm.interop.data`;
this module reads files, prints the plan and decides the exit code.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .base import JobsOpt, app, fail

if TYPE_CHECKING:
    from ..files import Target
    from ..interop.data import Export, Plan, Row, RowError


class DataFormat(StrEnum):
    csv = "csv"
    json = "json"


data_app = typer.Typer(
    name="data",
    help="Feed maps with numbers from analytics exports.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(data_app, name="data")


@data_app.command("import")
def data_import(
    file: Annotated[str, typer.Argument(metavar="FILE", show_default=False,
                                        help="The export: CSV (.csv) or JSON (.json), '-' for stdin.")],
    maps: Annotated[list[str] | None, typer.Option(
        "--map", "-m", metavar="PATH", show_default=False,
        help="Map files or folders to update (repeatable; default: the current folder).")] = None,
    write: Annotated[bool, typer.Option("--write", help="Write the updated maps.")] = False,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 when a map is behind the data (for CI).")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Overwrite a value a map already has for the same id and period.")] = False,
    locale: Annotated[str | None, typer.Option(
        "--locale", metavar="LOCALE", show_default=False,
        help="How the export writes numbers (de: 1.234,5; ru: 1 234,5; en: 1,234.5). "
             "Without it only plain numbers (1234.5) are read.")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", metavar="NAME=COLUMN,...", show_default=False,
        help="The export's column names for id, period, value, count, of, map, note "
             "(e.g. id=Step,period=Quarter,value=Score).")] = None,
    delimiter: Annotated[str | None, typer.Option(
        "--delimiter", metavar="CHAR", show_default=False,
        help="CSV separator (default: the one the header line uses: , ; tab or |).")] = None,
    format: Annotated[DataFormat | None, typer.Option(
        "--format", "-f", show_default=False,
        help="csv or json (default: from FILE's extension, else csv).")] = None,
    jobs: JobsOpt = None,
) -> None:
    """Update maps from an analytics export, matched by element id.

    A row gives a metric's value for a period (appended to its history) or a funnel step's
    count (and of) for a period (the completed action for that period, added or updated).
    Without --write only the plan is printed. Exit 0 when the maps are up to date or were
    written, 1 with --check when a map is behind the data, 2 when the data or a map cannot be
    used (each bad row with its line; nothing is written).
    """
    from .. import output
    from ..files import PathNotFound, Unreadable, discover, read_input, shown_name
    from ..interop.data import Maps, libraries_of
    from ..shards import ShardError
    from ..text import terminal
    from ..workspace import Workspace

    if write and check:
        raise fail("--write and --check do not go together: --check writes nothing")
    if delimiter is not None and len(delimiter.replace("\\t", "\t")) != 1:
        raise fail(f"--delimiter must be one character, not {delimiter!r}")
    shown = shown_name(file)
    try:
        raw = read_input(file)
    except PathNotFound:
        raise fail(f"path not found: {file}") from None
    except Unreadable as exc:
        raise fail(str(exc)) from None
    paths = maps or ["."]
    for path in paths:
        if not Path(path).exists():
            raise fail(f"path not found: {path}")
    targets = discover(paths)
    # a metric a map borrows from its repository's library is updated in the library file
    workspace = Workspace()
    libraries = libraries_of([t.path for t in targets], [t.path for t in targets], workspace)
    rows: list[Row] | None = None
    bad: list[RowError] = []
    # a map that changed on disk between the plan and the rename (an editor saved it, another
    # import wrote it) is planned again from its new text, under the writers' lock
    with output.Rewriter([t.path for t in targets] + libraries, on_wait=_waiting) as rewriter:
        for attempt in range(1, ATTEMPTS + 1):
            files, explicit = _read_maps(targets, libraries)
            try:
                with Maps(files, workspace, jobs) as opened:  # the maps are opened on other cores meanwhile
                    if rows is None:
                        export = _rows(raw, shown, format, file, locale, columns, delimiter)
                        rows, bad = export.rows, export.errors
                        if export.comments:
                            typer.echo(terminal(
                                f"cjm: note: {shown}: skipped {export.comments} comment "
                                f"line{'s' if export.comments != 1 else ''} (#) above the header"),
                                err=True)
                    for n, refused in opened.refused.items():
                        if explicit[n]:
                            raise fail(refused.message)
                        if refused.broken and attempt == 1:  # its rows would seem to match nothing
                            typer.echo(terminal(f"cjm: warning: {refused.message}; skipped"), err=True)
                    if not len(opened):
                        raise fail(f"no maps found in {', '.join(paths)}")
                    result = opened.plan(rows, replace=replace, write=write, bad=bad)
            except ShardError as exc:  # a worker failed or was killed (out of memory?): write nothing
                raise fail(f"{exc}; nothing was written (--jobs 1 runs in one process)") from None
            try:
                _refuse(result, shown)
                out = _summary(result, shown, len(rows), write, check)
                behind = result.behind
                if write and behind:
                    try:
                        result.write(rewriter)
                    except output.Changed as exc:
                        if attempt == ATTEMPTS:
                            raise fail(f"{_some(exc.paths)} changed on disk {ATTEMPTS} times "
                                       "while the import was writing; nothing was written (is "
                                       "another program writing the maps?)") from None
                        typer.echo(terminal(f"cjm: note: {_some(exc.paths)} changed on disk "
                                            "after the import read "
                                            f"{'it' if len(exc.paths) == 1 else 'them'}; planning "
                                            "again from the new text"), err=True)
                        continue
                typer.echo("\n".join(terminal(line) for line in out))
            finally:
                result.discard()  # what was staged and not written (an error, a signal)
            break
    raise typer.Exit(1 if check and behind else 0)


ATTEMPTS = 3  # plans of one import, when maps keep changing on disk under it


def _read_maps(targets: list[Target], libraries: list[str]) -> tuple[list[tuple[str, str]], list[bool]]:
    """The text of every map file found (YAML files in a folder that are no maps are skipped)
    and of the ``libraries`` of their repositories, and whether the user named each one (a file
    named that is no map is an error)."""
    from ..files import PathNotFound, Unreadable, read_input, shown_name

    files: list[tuple[str, str]] = []
    explicit: list[bool] = []
    for target in targets:
        name = shown_name(target.path)
        try:
            text = read_input(target.path).decode("utf-8")
        except (Unreadable, PathNotFound, UnicodeDecodeError) as exc:
            raise fail(f"{name}: cannot read: {exc}") from None
        if not target.explicit and "cjm" not in text:
            continue
        files.append((name, text))
        explicit.append(target.explicit)
    for library in libraries:
        try:
            files.append((library, read_input(library).decode("utf-8")))
        except (Unreadable, PathNotFound, UnicodeDecodeError) as exc:
            raise fail(f"{library}: cannot read: {exc}") from None
        explicit.append(False)
    return files, explicit


def _some(files: list[str], shown: int = 3) -> str:
    """``a.yaml, b.yaml, c.yaml and 27 more``: files named on one line, however many."""
    if len(files) <= shown + 1:
        return ", ".join(files)
    return f"{', '.join(files[:shown])} and {len(files) - shown} more"


def _waiting(folder: str) -> None:
    from ..text import terminal

    typer.echo(terminal(f"cjm: waiting for another cjm run writing in {folder}"), err=True)


def _refuse(result: Plan, shown: str) -> None:
    """Exit 2, with every reason on stderr, when the plan cannot be written: rows that cannot
    be imported, or a map the data would leave invalid (or that was invalid already)."""
    from ..formats.text import problem_line
    from ..text import terminal

    if result.errors:
        for err in result.errors:
            typer.echo(terminal(f"{shown}:{_where(err)}: error: {err.message}"), err=True)
        raise fail(f"{shown}: {len(result.errors)} row{'s' if len(result.errors) != 1 else ''} "
                   "cannot be imported; nothing was written")
    broken = [p for p in result.maps if p.problems]
    if not broken:
        return
    for mp in broken:
        # a problem the data brings is in a text never written: its line is not on disk
        where = mp.file if mp.invalid_before else f"{mp.file} (as the import would write it)"
        for problem in mp.problems:
            typer.echo(problem_line(problem, file=where), err=True)
    already = [p.file for p in broken if p.invalid_before]
    made = [p.file for p in broken if not p.invalid_before]
    said = []
    if already:
        said.append(f"{', '.join(already)} {'is' if len(already) == 1 else 'are'} invalid "
                    "before the import (cjm validate says the same): fix "
                    f"{'it' if len(already) == 1 else 'them'} first")
    if made:
        said.append(f"the imported data would leave {', '.join(made)} invalid")
    raise fail(f"{'; '.join(said)} (see above); nothing was written")


def _rows(raw: bytes, shown: str, format: DataFormat | None, file: str, locale: str | None,
          columns: str | None, delimiter: str | None) -> Export:
    """The export's rows that can be read, and an error for each that cannot; exit 2 (with
    why on stderr) when the file as a whole cannot be read."""
    from ..interop.data import DataError, parse_columns, read_rows
    from ..text import terminal

    kind = (format.value if format is not None
            else "json" if file.lower().endswith(".json") else "csv")
    try:
        return read_rows(raw, shown, kind=kind, locale=locale, columns=parse_columns(columns),
                         delimiter=delimiter.replace("\\t", "\t") if delimiter else None)
    except ValueError as exc:
        raise fail(str(exc)) from None
    except DataError as exc:
        for err in exc.errors:
            typer.echo(terminal(f"{shown}:{_where(err)}: error: {err.message}"), err=True)
        raise fail(f"{shown} cannot be read; nothing was imported") from None


def _where(err: RowError) -> str:
    """``12`` for a CSV line, ``1:245`` for a row of minified JSON (one line, many rows)."""
    return f"{err.line}:{err.col}" if err.col else str(err.line)


def _summary(result: Plan, shown: str, rows: int, write: bool, check: bool) -> list[str]:
    """What the import changes (or would), map by map, and the totals."""
    out: list[str] = []
    behind = result.behind
    for mp in behind:
        added = sum(1 for e in mp.edits if e.kind == "added")
        replaced = len(mp.edits) - added
        counts = ", ".join(x for x in (f"{added} added" if added else "",
                                       f"{replaced} replaced" if replaced else "") if x)
        out.append(f"{mp.file}: {counts}")
        if mp.reformatted:
            out.append(f"  (written in cjm fmt's layout: {mp.reformatted})")
        for edit in mp.edits:
            out.append(f"  {'+' if edit.kind == 'added' else '~'} {edit.what}")
    verb = "updated" if write else ("behind the data" if check else "to update")
    total = sum(1 for p in result.maps if not p.library or p in behind)  # libraries when changed
    changes = sum(len(p.edits) for p in behind)
    if behind:
        out.append(f"{len(behind)} of {total} map{'s' if total != 1 else ''} {verb} "
                   f"({changes} change{'s' if changes != 1 else ''} from {rows} "
                   f"row{'s' if rows != 1 else ''}).")
    else:
        out.append(f"{total} map{'s' if total != 1 else ''} up to date with {shown} "
                   f"({rows} row{'s' if rows != 1 else ''}).")
    if not write and not check and behind:
        out.append("Nothing written: pass --write to update the maps.")
    return out
