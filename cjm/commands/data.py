"""`cjm data import`: a map's numbers from an analytics export (CSV or JSON).

Thin on purpose: reading the export, matching rows and editing maps is :mod:`cjm.interop.data`;
this module reads files, prints the plan and decides the exit code.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..i18n.message import localize, say, say_plural
from .base import JobsOpt, LangOpt, app, fail, language_of, not_found, spoken, tell, warn

if TYPE_CHECKING:
    from collections.abc import Callable

    from .. import output
    from ..files import Target
    from ..interop.data import Export, Plan, Row, RowError
    from ..workspace import Workspace


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
    lang: LangOpt = None,
) -> None:
    """Update maps from an analytics export, matched by element id.

    A row gives a metric's value for a period (appended to its history) or a funnel step's
    count (and of) for a period (the completed action for that period, added or updated).
    Without --write only the plan is printed. Exit 0 when the maps are up to date or were
    written, 1 with --check when a map is behind the data, 2 when the data or a map cannot be
    used (each bad row with its line; nothing is written).
    """
    from .. import output
    from ..files import discover
    from ..interop.data import libraries_of
    from ..text import terminal
    from ..workspace import Workspace

    language_of(lang, maps)
    _check_options(write, check, delimiter)
    shown, raw = _read_export(file)
    paths = maps or ["."]
    for path in paths:
        if not Path(path).exists():
            raise fail(not_found(path))
    targets = discover(paths)
    # a metric a map borrows from its repository's library is updated in the library file
    workspace = Workspace()
    libraries = libraries_of([t.path for t in targets], [t.path for t in targets], workspace)
    export: list[tuple[list[Row], list[RowError]]] = []  # read once, while the maps open

    def parsed() -> tuple[list[Row], list[RowError]]:
        if not export:
            export.append(_parse_export(raw, shown, format, file, locale, columns, delimiter))
        return export[0]

    # a map that changed on disk between the plan and the rename (an editor saved it, another
    # import wrote it) is planned again from its new text, under the writers' lock
    with output.Rewriter([t.path for t in targets] + libraries, on_wait=_waiting) as rewriter:
        for attempt in range(1, ATTEMPTS + 1):
            files, explicit = _read_maps(targets, libraries)
            result = _plan(files, explicit, workspace, jobs, attempt, paths, parsed, replace, write)
            try:
                _refuse(result, shown)
                out = _summary(result, shown, len(parsed()[0]), write, check)
                behind = result.behind
                if write and behind and not _written(result, rewriter, attempt):
                    continue
                typer.echo("\n".join(terminal(localize(line, spoken())) for line in out))
            finally:
                result.discard()  # what was staged and not written (an error, a signal)
            break
    raise typer.Exit(1 if check and behind else 0)


def _check_options(write: bool, check: bool, delimiter: str | None) -> None:
    if write and check:
        raise fail(say("--write and --check do not go together: --check writes nothing"))
    if delimiter is not None and len(delimiter.replace("\\t", "\t")) != 1:
        raise fail(say("--delimiter must be one character, not %(value)s", value=repr(delimiter)))


def _read_export(file: str) -> tuple[str, bytes]:
    """The export's name as messages show it, and its bytes (a file, or stdin for ``-``)."""
    from ..files import PathNotFound, Unreadable, read_input, shown_name

    try:
        return shown_name(file), read_input(file)
    except PathNotFound:
        raise fail(not_found(file)) from None
    except Unreadable as exc:
        raise fail(str(exc)) from None


def _parse_export(raw: bytes, shown: str, format: DataFormat | None, file: str, locale: str | None,
                  columns: str | None, delimiter: str | None) -> tuple[list[Row], list[RowError]]:
    export = _rows(raw, shown, format, file, locale, columns, delimiter)
    if export.comments:
        tell(say_plural("cjm: note: %(file)s: skipped %(num)s comment line (#) above the header",
                        "cjm: note: %(file)s: skipped %(num)s comment lines (#) above the header",
                        export.comments, file=shown, num=export.comments))
    return export.rows, export.errors


def _plan(files: list[tuple[str, str]], explicit: list[bool], workspace: Workspace, jobs: int | None,
          attempt: int, paths: list[str], parsed: Callable[[], tuple[list[Row], list[RowError]]],
          replace: bool, write: bool) -> Plan:
    """The import's plan for the maps as read now; the export is parsed while other cores open
    the maps."""
    from ..interop.data import Maps
    from ..shards import ShardError

    try:
        with Maps(files, workspace, jobs) as opened:
            rows, bad = parsed()
            for n, refused in opened.refused.items():
                if explicit[n]:
                    raise fail(refused.message)
                if refused.broken and attempt == 1:  # its rows would seem to match nothing
                    warn(say("%(reason)s; skipped", reason=refused.message))
            if not len(opened):
                raise fail(say("no maps found in %(paths)s", paths=", ".join(paths)))
            return opened.plan(rows, replace=replace, write=write, bad=bad)
    except ShardError as exc:  # a worker failed or was killed (out of memory?): write nothing
        raise fail(say("%(error)s; nothing was written (--jobs 1 runs in one process)",
                       error=str(exc))) from None


def _written(result: Plan, rewriter: output.Rewriter, attempt: int) -> bool:
    """Write the plan; False when a map changed on disk meanwhile and it must be planned again."""
    from .. import output

    try:
        result.write(rewriter)
    except output.Changed as exc:
        if attempt == ATTEMPTS:
            raise fail(say("%(files)s changed on disk %(num)s times while the import was writing; "
                           "nothing was written (is another program writing the maps?)",
                           files=_some(exc.paths), num=ATTEMPTS)) from None
        tell(say_plural("cjm: note: %(files)s changed on disk after the import read it; planning "
                        "again from the new text",
                        "cjm: note: %(files)s changed on disk after the import read them; planning "
                        "again from the new text", len(exc.paths), files=_some(exc.paths)))
        return False
    return True


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
            raise fail(say("%(file)s: cannot read: %(reason)s", file=name, reason=str(exc))) from None
        if not target.explicit and "cjm" not in text:
            continue
        files.append((name, text))
        explicit.append(target.explicit)
    for library in libraries:
        try:
            files.append((library, read_input(library).decode("utf-8")))
        except (Unreadable, PathNotFound, UnicodeDecodeError) as exc:
            raise fail(say("%(file)s: cannot read: %(reason)s", file=library, reason=str(exc))) from None
        explicit.append(False)
    return files, explicit


def _some(files: list[str], shown: int = 3) -> str:
    """``a.yaml, b.yaml, c.yaml and 27 more``: files named on one line, however many."""
    from ..i18n.lists import Listed

    if len(files) <= shown + 1:
        return Listed(files)
    more = len(files) - shown
    return Listed([*files[:shown], say_plural("%(num)s more", "%(num)s more", more, num=more)])


def _waiting(folder: str) -> None:
    from ..text import terminal

    typer.echo(terminal(localize(say("cjm: waiting for another cjm run writing in %(folder)s",
                                     folder=folder), spoken())), err=True)


def _refuse(result: Plan, shown: str) -> None:
    """Exit 2, with every reason on stderr, when the plan cannot be written: rows that cannot
    be imported, or a map the data would leave invalid (or that was invalid already)."""
    from ..formats.text import problem_line
    from ..i18n.lists import Listed

    if result.errors:
        for err in result.errors:
            _row_line(shown, err)
        raise fail(say_plural("%(file)s: %(num)s row cannot be imported; nothing was written",
                              "%(file)s: %(num)s rows cannot be imported; nothing was written",
                              len(result.errors), file=shown, num=len(result.errors)))
    broken = [p for p in result.maps if p.problems]
    if not broken:
        return
    for mp in broken:
        # a problem the data brings is in a text never written: its line is not on disk
        where = mp.file if mp.invalid_before else localize(
            say("%(file)s (as the import would write it)", file=mp.file), spoken())
        for problem in mp.problems:
            typer.echo(problem_line(problem, file=where, lang=spoken()), err=True)
    already = [p.file for p in broken if p.invalid_before]
    made = [p.file for p in broken if not p.invalid_before]
    said = []
    if already:
        said.append(say_plural("%(files)s is invalid before the import (cjm validate says the "
                               "same): fix it first",
                               "%(files)s are invalid before the import (cjm validate says the "
                               "same): fix them first", len(already), files=Listed(already)))
    if made:
        said.append(say_plural("the imported data would leave %(files)s invalid",
                               "the imported data would leave %(files)s invalid", len(made),
                               files=Listed(made)))
    raise fail(say("%(reasons)s (see above); nothing was written",
                   reasons="; ".join(localize(x, spoken()) for x in said)))


def _rows(raw: bytes, shown: str, format: DataFormat | None, file: str, locale: str | None,
          columns: str | None, delimiter: str | None) -> Export:
    """The export's rows that can be read, and an error for each that cannot; exit 2 (with
    why on stderr) when the file as a whole cannot be read."""
    from ..interop.data import DataError, parse_columns, read_rows

    kind = (format.value if format is not None
            else "json" if file.lower().endswith(".json") else "csv")
    try:
        return read_rows(raw, shown, kind=kind, locale=locale, columns=parse_columns(columns),
                         delimiter=delimiter.replace("\\t", "\t") if delimiter else None)
    except ValueError as exc:
        raise fail(exc.args[0] if exc.args else str(exc)) from None
    except DataError as exc:
        for err in exc.errors:
            _row_line(shown, err)
        raise fail(say("%(file)s cannot be read; nothing was imported", file=shown)) from None


def _row_line(shown: str, err: RowError) -> None:
    """``data.csv:12: error: ...`` on stderr, the error in the run's language."""
    from ..text import terminal

    # "error" stays a keyword, as in `cjm validate`'s lines: what scripts and editors look for
    typer.echo(terminal(f"{shown}:{_where(err)}: error: {localize(err.message, spoken())}"), err=True)


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
        counts = [x for x in (say_plural("%(num)s added", "%(num)s added", added, num=added) if added else "",
                              say_plural("%(num)s replaced", "%(num)s replaced", replaced, num=replaced)
                              if replaced else "") if x]
        out.append(say("%(file)s: %(counts)s", file=mp.file,
                       counts=say("%(first)s, %(second)s", first=counts[0], second=counts[1])
                       if len(counts) == 2 else counts[0]))
        if mp.reformatted:
            out.append("  " + localize(say("(written in cjm fmt's layout: %(why)s)", why=mp.reformatted), spoken()))
        for edit in mp.edits:
            out.append(f"  {'+' if edit.kind == 'added' else '~'} {localize(edit.what, spoken())}")
    total = sum(1 for p in result.maps if not p.library or p in behind)  # libraries when changed
    changes = sum(len(p.edits) for p in behind)
    if behind:
        maps = (say_plural("%(changed)s of %(num)s map updated", "%(changed)s of %(num)s maps updated",
                           total, changed=len(behind), num=total) if write else
                say_plural("%(changed)s of %(num)s map behind the data",
                           "%(changed)s of %(num)s maps behind the data", total, changed=len(behind),
                           num=total) if check else
                say_plural("%(changed)s of %(num)s map to update", "%(changed)s of %(num)s maps to update",
                           total, changed=len(behind), num=total))
        out.append(say("%(maps)s (%(changes)s from %(rows)s).", maps=maps,
                       changes=say_plural("%(num)s change", "%(num)s changes", changes, num=changes),
                       rows=say_plural("%(num)s row", "%(num)s rows", rows, num=rows)))
    else:
        out.append(say_plural("%(num)s map up to date with %(file)s (%(rows)s).",
                              "%(num)s maps up to date with %(file)s (%(rows)s).", total, num=total,
                              file=shown, rows=say_plural("%(num)s row", "%(num)s rows", rows, num=rows)))
    if not write and not check and behind:
        out.append(say("Nothing written: pass --write to update the maps."))
    return out
