"""`cjm lint` and `cjm rules`: journey-quality rules over maps, and their documentation."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..problems import Report

if TYPE_CHECKING:
    from ..lint.baseline import Anchors
    from ..lint.runner import LintResult, Overrides
    from ..problems import Severity
    from ..workspace import Workspace
from .base import (
    FormatOpt,
    JobsOpt,
    LangOpt,
    OutputOpt,
    PathsArg,
    TodayOpt,
    app,
    emit,
    fail,
    file_path,
    language_of,
    not_found,
    parse_today,
    present,
    say,
    tell,
)


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def statistics(report: Report) -> str:
    """One row per code, most frequent first, every column aligned (counts to the right)."""
    counts: dict[str, int] = {}
    for p in report.problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    cells = [(str(n), code, report.rule(code).name, f"[{report.rule(code).severity}]")
             for code, n in rows]
    return _columns(cells, right=1)


def _columns(rows: Sequence[tuple[str, ...]], right: int = 0) -> str:
    """Rows as text columns two spaces apart; the first ``right`` columns right-aligned, the last
    one not padded (no trailing spaces)."""
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i < right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        cells[-1] = row[-1] if len(row) > right else cells[-1]
        lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"


@app.command()
def lint(
    paths: PathsArg = None,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODES", help="Only these rules: codes, prefixes (CJM2), names or ALL; comma-separated.",
                     show_default=False),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CODES", help="Skip these rules (added to the configuration's ignore).",
                     show_default=False),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", metavar="error|warning|info",
                     help="Exit 1 only for problems at or above this severity [default: error].",
                     show_default=False),
    ] = None,
    format: FormatOpt = None,
    output: OutputOpt = None,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only problems that are not in this baseline file.",
                     show_default=False),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", parser=file_path, help="Record today's problems in this file and exit 0.",
                     show_default=False),
    ] = None,
    new_since: Annotated[
        str | None,
        typer.Option("--new-since", metavar="REV",
                     help="Report only problems the git revision REV did not already have "
                     "(main, origin/main, HEAD~1): a pull request's gate fails on what it "
                     "introduced, not on a known trend. Matched as a baseline is (by file, "
                     "code and element id).", show_default=False),
    ] = None,
    show_statistics: Annotated[
        bool, typer.Option("--statistics", help="Also print how many problems each rule found.")
    ] = False,
    only_maps: Annotated[
        bool,
        typer.Option("--only-maps", help="Skip named YAML files that are not cjm maps (no `cjm:` key), "
                     "as folders do; for pre-commit, which names every YAML file."),
    ] = False,
    dependents: Annotated[
        bool,
        typer.Option("--dependents", help="A named library file also checks every map of its "
                     "repository that names one of its elements: a commit that only removes a "
                     "channel from the library fails when a map still uses it (for pre-commit, "
                     "which names only the staged files)."),
    ] = False,
    today: TodayOpt = None,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check that maps are good journey maps: validation plus journey-quality rules.

    Prints FILE:LINE:COL: severity CODE path: message (hint), sorted by file, line and column.
    Rules, severities and options come from [tool.cjm.lint] in pyproject.toml or a .cjm.toml.
    Silence a problem with `# cjm: disable=CODE -- reason` on its line or on its element's
    `- id:` line, a file with `# cjm: disable-file=CODE -- reason`.
    Exit 0 clean, 1 problems at or above --fail-on, 2 usage or configuration errors.
    """
    from ..i18n.message import say as said
    from ..lint.runner import Overrides
    from ..problems import exit_code
    from ..workspace import Workspace

    spoken = language_of(lang, paths)
    workspace = Workspace()
    if baseline is not None and write_baseline is not None:
        raise fail(said("use either --baseline or --write-baseline, not both"))
    if new_since is not None and write_baseline is not None:
        raise fail(said("use either --new-since or --write-baseline, not both"))
    severity = _fail_on(fail_on)
    day = parse_today(today)
    overrides = Overrides(select=_split(select), ignore=_split(ignore) or (), fail_on=severity)
    result = _run(paths, overrides, jobs, day, baseline=baseline, new_since=new_since,
                  anchors=write_baseline is not None, only_maps=only_maps, dependents=dependents,
                  workspace=workspace)
    report = result.report
    report.lang = spoken.code

    if write_baseline is not None:
        _write_baseline(report, result.anchors, write_baseline)
        raise typer.Exit(0)

    if result.upgraded_baseline is not None and baseline is not None:
        from ..output import atomic_write

        atomic_write(baseline, result.upgraded_baseline)
        tell(said("cjm: baseline %(file)s rewritten in the current form (problems keyed by element "
                  "id, so inserts and reorders no longer unhide them)", file=str(baseline)))
    name = present(report, format, output)
    to_stdout = name == "text" and output is None
    if show_statistics:
        if to_stdout:
            emit(statistics(report), None)
        else:
            typer.echo(statistics(report), nl=False, err=True)
    if result.hidden:
        _tell_hidden(result.hidden, baseline, new_since)
    raise typer.Exit(exit_code(report, failed=result.failed))


def _fail_on(fail_on: str | None) -> Severity | None:
    """--fail-on as a severity (None: the configuration's), checked before any map is read."""
    from ..i18n.message import say as said
    from ..problems import Severity

    try:
        return Severity.parse(fail_on) if fail_on is not None else None
    except ValueError as exc:
        raise fail(said("--fail-on: %(error)s", error=str(exc))) from None


def _run(paths: list[str] | None, overrides: Overrides, jobs: int | None, day: date | None, *,
         baseline: Path | None, new_since: str | None, anchors: bool, only_maps: bool,
         dependents: bool, workspace: Workspace) -> LintResult:
    """Lint ``paths`` (with the maps that depend on a named library, for ``--dependents``),
    hiding what the baseline and the revision ``new_since`` already had; every way the inputs can
    be wrong (a selector, a path, a revision, the configuration, the baseline) is a usage error,
    found before any map is linted."""
    from ..config import ConfigError
    from ..files import PathNotFound
    from ..gitio import GitError
    from ..lint import SelectorError
    from ..lint.baseline import BaselineError
    from ..lint.runner import lint_paths
    from ..problems import Problem

    try:
        if overrides.select is not None:
            from ..lint import expand

            for s in (*overrides.select, *overrides.ignore):
                expand(s)
        if dependents:
            paths = with_dependents(paths or ["."], workspace)
        since = None
        if new_since is not None:
            from ..lint.baseline import since as at_revision

            def run(there: list[str]) -> tuple[list[Problem], Anchors]:
                before = lint_paths(there, overrides, jobs, only_maps=only_maps, anchors=True,
                                    today=day, workspace=workspace)
                return before.report.problems, before.anchors

            since = at_revision(new_since, paths or ["."], run)
        return lint_paths(
            paths or ["."], overrides, jobs,
            baseline=os.fspath(baseline) if baseline is not None else None,
            only_maps=only_maps,
            anchors=anchors,
            today=day,
            since=since,
            workspace=workspace,
        )
    except PathNotFound as exc:
        raise fail(not_found(exc)) from None
    except GitError as exc:
        raise fail(str(exc)) from None
    except SelectorError as exc:
        raise fail(str(exc)) from None
    except (ConfigError, BaselineError) as exc:
        raise fail(str(exc)) from None


def _write_baseline(report: Report, anchors: Anchors, write_baseline: Path) -> None:
    """--write-baseline: today's problems, keyed by element id, in the file named."""
    from ..i18n.message import say_plural
    from ..lint.baseline import dumps
    from ..output import atomic_write

    atomic_write(write_baseline, dumps(report.problems, os.fspath(write_baseline), anchors))
    n = len(report.problems)
    tell(say_plural("cjm: wrote %(num)s problem to baseline %(file)s",
                    "cjm: wrote %(num)s problems to baseline %(file)s", n, num=n,
                    file=str(write_baseline)))


def _tell_hidden(hidden: int, baseline: Path | None, new_since: str | None) -> None:
    """How many known problems were hidden, and by what: the baseline, the revision, or both."""
    from ..i18n.message import say_plural

    if new_since is None:
        tell(say_plural("cjm: %(num)s known problem hidden by baseline %(file)s",
                        "cjm: %(num)s known problems hidden by baseline %(file)s", hidden,
                        num=hidden, file=str(baseline)))
    elif baseline is None:
        tell(say_plural("cjm: %(num)s known problem hidden by revision %(rev)s",
                        "cjm: %(num)s known problems hidden by revision %(rev)s", hidden,
                        num=hidden, rev=new_since))
    else:
        tell(say_plural("cjm: %(num)s known problem hidden by baseline %(file)s and revision %(rev)s",
                        "cjm: %(num)s known problems hidden by baseline %(file)s and revision %(rev)s",
                        hidden, num=hidden, file=str(baseline), rev=new_since))


def _library_ids(data: object) -> set[bytes]:
    if not isinstance(data, dict):
        return set()
    return {item["id"].encode("utf-8") for lane in ("personas", "channels", "metrics")
            for item in data.get(lane) or [] if isinstance(item, dict)
            and isinstance(item.get("id"), str)}


def _committed(path: str) -> bytes | None:
    """The file as HEAD has it (None outside git, or for a new file): what was there to remove."""
    from .. import gitio

    try:
        root = gitio.repo_root(os.path.dirname(os.path.abspath(path)))
        rel = gitio.relative(root, path)
        return gitio.read_blobs(root, "HEAD", [rel]).get(rel)
    except gitio.GitError:
        return None


def with_dependents(paths: list[str], workspace: Workspace) -> list[str]:
    """``paths`` and, for each library file among them, the maps of its repository that name an
    element it defines or defined at HEAD (a removed channel is what breaks a map): found by the
    element's id in the map's bytes, then checked by lint like any named map."""
    from ..loader import load_bytes, read_file
    from ..model import is_library

    out = list(paths)
    seen = {os.path.abspath(p) for p in paths}
    for path in paths:
        if not os.path.isfile(path):
            continue
        doc = read_file(path)
        if not is_library(doc.data):
            continue
        ids = _library_ids(doc.data)
        before = _committed(path)
        if before is not None:
            ids |= _library_ids(load_bytes(before, path).data)
        for entry in workspace.repository(path).maps().entries:
            file = os.path.abspath(entry.file)
            if file in seen:
                continue
            try:
                with open(file, "rb") as fh:
                    raw = fh.read()
            except OSError:
                continue
            if any(i in raw for i in ids):
                seen.add(file)
                out.append(os.path.relpath(file))
    return out


@app.command()
def rules(
    rule: Annotated[
        str | None, typer.Argument(help="A rule code or name: print its full documentation.",
                                   show_default=False)
    ] = None,
) -> None:
    """List every code cjm can report (validation CJM0xx, CJM099 for a bad suppression comment, and
    the lint rules) with name, default severity and what it checks; or document one."""
    from ..i18n.message import say_plural
    from ..lint import SelectorError, all_codes, expand, option_defaults, rule_info

    if rule is None:
        infos = [rule_info(code) for code in all_codes()]
        say(_columns([(i.code, i.name, str(i.severity), i.summary) for i in infos]).rstrip("\n"))
        return
    try:
        codes = expand(rule, all_codes())
    except SelectorError as exc:
        raise fail(str(exc)) from None
    if len(codes) != 1:
        shown = ", ".join(sorted(codes))
        raise fail(say_plural("%(rule)s names %(num)s rule (%(codes)s); give one code or name",
                               "%(rule)s names %(num)s rules (%(codes)s); give one code or name",
                               len(codes), rule=repr(rule), num=len(codes), codes=shown))
    info = rule_info(next(iter(codes)))
    say(f"{info.code} {info.name} (default severity: {info.severity})\n")
    say(info.doc.rstrip())
    defaults = option_defaults(info.code)
    if defaults:
        say(f"\nOptions ([tool.cjm.lint.rules.{info.code}]):")
        for key, value in defaults.items():
            unset = value == "null"
            say(f"  # {key} is unset: the rule is off until you set it" if unset else f"  {key} = {value}")
