"""Runs the rules over files: in the worker process, per file, returning only problems.

One file's journey: load and validate (as ``cjm validate``: those problems come first), then,
when the map is valid, every enabled rule over the typed model; each finding's model path is
turned into line:col by the document's SourceMap (nothing re-parses). Then suppression comments
and per-file ignores are applied. Settings are resolved in the main process, so a bad
configuration is a usage error before any work starts, and travel to workers as plain data.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from ..config import matches
from ..files import Target, discover
from ..i18n.message import say
from ..problems import Path as PathT
from ..problems import Problem, Report, RuleInfo, Severity
from ..repository import Repository
from ..run import FileResult, run_all
from ..validate import Checked
from ..workspace import Workspace
from .finding import Context, LibraryContext, RuleOptions
from .registry import RULES, expand, rule_info
from .settings import LintConfig
from .settings import load as load_settings
from .suppress import parse as parse_suppressions

if TYPE_CHECKING:
    from .baseline import Since


@dataclass(frozen=True)
class Overrides:
    """What the command line says; it wins over configuration files."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None


@dataclass(frozen=True)
class Settings:
    """Resolved lint settings for the files governed by one configuration file."""

    enabled: frozenset[str]
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, RuleOptions] = field(default_factory=dict)
    fail_on: Severity = Severity.error
    per_file: tuple[tuple[str, frozenset[str]], ...] = ()
    root: str = "."

    def codes_for(self, file: str) -> frozenset[str]:
        codes = self.enabled
        for glob, ignored in self.per_file:
            if matches(glob, file, self.root):
                codes = codes - ignored
        return codes


def _codes(selectors: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for s in selectors:
        out |= expand(s)
    return out


def resolve(config: LintConfig, overrides: Overrides = Overrides()) -> Settings:
    """Raises :class:`cjm.lint.SelectorError` for a command-line selector that names no rule."""
    select = overrides.select if overrides.select is not None else config.select
    enabled = _codes(select) if select is not None else set(RULES)
    enabled -= _codes(config.ignore) | _codes(overrides.ignore)
    return Settings(
        enabled=frozenset(enabled),
        severity=dict(config.severity),
        options=dict(config.options),
        fail_on=overrides.fail_on or config.fail_on or Severity.error,
        per_file=tuple((g, frozenset(_codes(c))) for g, c in config.per_file_ignores),
        root=config.root,
    )


def _folder(path: str) -> str:
    return os.getcwd() if path == "-" or path.startswith("<") else os.path.dirname(os.path.abspath(path))


def settings_by_folder(targets: Sequence[Target], overrides: Overrides,
                       workspace: Workspace) -> dict[str, Settings]:
    """Each target folder's settings; raises ``ConfigError``/``SelectorError`` up front."""
    by_source: dict[str | None, Settings] = {}
    out: dict[str, Settings] = {}
    for target in targets:
        folder = _folder(target.path)
        if folder in out:
            continue
        source = workspace.config_file(folder)
        if source not in by_source:
            by_source[source] = resolve(load_settings(source), overrides)
        out[folder] = by_source[source]
    return out


def lint_document(checked: Checked, settings: Settings, today: dt.date,
                  repository: Repository) -> list[Problem]:
    """Validation problems, then rule findings, minus what comments and per-file ignores silence.

    ``repository`` (the one the file belongs to) gives cross-file rules their view; a library
    file gets the rules that check libraries (``check_library``).
    """
    problems = list(checked.problems)
    doc = checked.document
    found: list[Problem] = []
    if checked.library is not None and not problems:
        found.extend(_library_findings(checked, settings, repository))
    if checked.map is not None:
        journey = checked.map
        locate = doc.source.locate
        for code in sorted(settings.codes_for(doc.file)):
            rule = RULES[code]
            options = settings.options.get(code) or rule.Options()
            severity = settings.severity.get(code, rule.SEVERITY)
            try:
                findings = list(rule.check(Context(journey, options, today, repository)))
            except Exception as exc:  # a bug in one rule must not hide every other problem
                found.append(Problem(code, say("rule %(name)s crashed: %(error)s (please report it)",
                                         name=rule.NAME, error=repr(exc)),
                                     doc.file, severity=Severity.error, name=rule.NAME))
                continue
            for f in findings:
                line, col = locate(f.path)
                found.append(Problem(code, f.message, doc.file, line, col, severity, f.path,
                                     f.hint, rule.NAME))
    suppressions = parse_suppressions(doc.text, doc.file, doc.data, doc.source.locate)
    if suppressions:
        problems = [p for p in problems if not suppressions.silences(p)]
        found = [p for p in found if not suppressions.silences(p)]
        found.extend(suppressions.problems)
    return problems + found


def _library_findings(checked: Checked, settings: Settings, repository: Repository) -> list[Problem]:
    """The findings of the rules that look at library files (an unused library persona)."""
    assert checked.library is not None
    doc = checked.document
    out: list[Problem] = []
    for code in sorted(settings.codes_for(doc.file)):
        rule = RULES[code]
        check_library = getattr(rule, "check_library", None)
        if check_library is None:
            continue
        options = settings.options.get(code) or rule.Options()
        severity = settings.severity.get(code, rule.SEVERITY)
        for f in check_library(LibraryContext(checked.library, doc.file, options, repository)):
            line, col = doc.source.locate(f.path)
            out.append(Problem(code, f.message, doc.file, line, col, severity, f.path, f.hint,
                               rule.NAME))
    return out


def lint_task(workspace: Workspace, by_folder: dict[str, Settings], today: dt.date, target: Target,
              want_anchors: bool = False) -> FileResult:
    """Top-level, so that ``partial(lint_task, ...)`` pickles into worker processes."""
    checked, result = workspace.check(target, libraries=True)
    repository = workspace.repository(target.path, target.base)
    if checked is None:
        library = repository.library_for(target.path)
        if library is not None and library.library is not None and not result.problems:
            found = _library_findings(
                Checked(library.document, library=library.library), by_folder[_folder(target.path)],
                repository)
            result.problems = list(result.problems) + found
        return result
    result.problems = lint_document(checked, by_folder[_folder(target.path)], today, repository)
    if want_anchors:
        from .baseline import anchors_of

        result.anchors = anchors_of(checked.document.data, result.problems)
    return result


@dataclass
class LintResult:
    """A lint run: the report, whether it fails (``--fail-on``), and what a baseline hid."""

    report: Report
    failed: bool
    hidden: int = 0
    all_problems: list[Problem] = field(default_factory=list)
    anchors: dict[str, dict[PathT, str]] = field(default_factory=dict)  # see baseline.anchors_of
    upgraded_baseline: str | None = None  # a version 1 baseline, rewritten in the current form


def lint_paths(
    paths: Sequence[str],
    overrides: Overrides = Overrides(),
    jobs: int | None = None,
    today: dt.date | None = None,
    baseline: str | None = None,
    only_maps: bool = False,
    anchors: bool = False,
    since: Since | None = None,
    workspace: Workspace | None = None,
) -> LintResult:
    """``cjm lint``. Raises ``files.PathNotFound``, ``config.ConfigError``,
    ``lint.SelectorError`` and ``baseline.BaselineError`` (all usage errors). ``anchors`` (implied
    by ``baseline``) also collects each problem's id path, for writing a baseline. ``since``
    hides what a base revision already had (``--new-since``), as a baseline does. ``workspace``
    is the run's (the command line opens one; by default a new one, as the command line's)."""
    workspace = workspace or Workspace()
    targets = discover(paths)
    if only_maps:
        targets = [Target(t.path, False) if t.path != "-" else t for t in targets]
    known = None
    if baseline is not None:
        from .baseline import load

        known = load(baseline)
    by_folder = settings_by_folder(targets, overrides, workspace)
    want = anchors or baseline is not None or since is not None
    task = partial(lint_task, workspace, by_folder, today or dt.date.today(), want_anchors=want)
    results = run_all(targets, task, jobs)
    problems = sorted(dict.fromkeys(p for r in results for p in r.problems), key=Problem.sort_key)
    everything = problems
    by_file = {r.file: r.anchors for r in results if r.anchors}
    hidden = 0
    upgraded = None
    if known is not None and baseline is not None:
        from .baseline import apply

        applied = apply(problems, known, baseline, by_file)
        problems, hidden, upgraded = applied.new, applied.hidden, applied.upgraded
    if since is not None:
        from .baseline import apply

        applied = apply(problems, since.known, since.path, by_file, coarse=True)
        problems, hidden = applied.new, hidden + applied.hidden
    rules: dict[str, RuleInfo] = {code: rule_info(code) for code in RULES}
    for p in problems:
        rules.setdefault(p.code, rule_info(p.code))
    report = Report("lint", [r.file for r in results if not r.skipped], problems,
                    dict(sorted(rules.items())))
    default = overrides.fail_on or Severity.error
    failed = any(
        p.severity >= (by_folder[f].fail_on if (f := _folder(p.file)) in by_folder else default)
        for p in problems
    )
    return LintResult(report, failed, hidden, everything, by_file, upgraded)


def lint(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] = ".",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    fail_on: str | Severity | None = None,
    jobs: int | None = None,
    today: dt.date | None = None,
    workspace: Workspace | None = None,
) -> LintResult:
    """``cjm.lint``: what ``cjm lint PATHS`` finds, as a :class:`LintResult` (``.report.problems``,
    ``.failed``), configuration files included. Options take the command line's values and win
    over the files. Raises ``files.PathNotFound``, ``config.ConfigError`` and
    ``lint.SelectorError`` for what the command reports as usage errors; never prints.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    severity = Severity.parse(fail_on) if isinstance(fail_on, str) else fail_on
    overrides = Overrides(select=tuple(select) if select is not None else None,
                          ignore=tuple(ignore), fail_on=severity)
    return lint_paths([os.fspath(p) for p in paths], overrides, jobs, today=today,
                      workspace=workspace or Workspace(configured_only=True))
