"""Publishing maps: which maps, to which files, with which renderer (:func:`plan`), then
rendering and writing them, plus the site index for a folder of HTML boards (:func:`publish`).

Apart from ``cjm render`` so that the decisions (a folder or a file, a site or not, which name
each page gets) are callable and testable from Python, and the command only parses options,
prints and exits. Nothing here prints; every usage-level failure is a :class:`PublishError`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import periods
from ..files import PathNotFound, Target, discover
from ..i18n.message import say
from ..output import atomic_write
from ..problems import Problem, Report
from ..workspace import Workspace
from . import NEEDS_DOT, NEEDS_WEASYPRINT, RENDERERS, SUFFIXES
from .options import PAGE_NAMES, Options
from .site import (
    INDEX,
    Entry,
    ParentJourney,
    SubJourney,
    by_map_id,
    index_html,
    output_names,
    parent_journey,
    relative_href,
    sub_journeys,
)

if TYPE_CHECKING:
    from ..conform.check import LogSource
    from ..facts.conformance import Conformance

# the formats that show a map's sub-journeys by title (found in the repository when not on a site)
DETAIL_FORMATS = frozenset({"html", "md", "board-pdf", "board-png"})
# the formats whose desired-actions lane shows one funnel period (--period)
PERIOD_FORMATS = frozenset({"html", "board-pdf", "board-png"})
# the formats that overlay an event log (--conform): the board, its poster, the Graphviz flow
CONFORM_FORMATS = frozenset({"html", "board-pdf", "board-png", "svg", "png", "pdf", "dot"})


class PublishError(Exception):
    """Nothing can be published as asked (a usage error, a broken template, no Graphviz): exit 2."""


@dataclass(frozen=True)
class Plan:
    """What one ``cjm render`` run will do, decided before any map is read."""

    format: str
    roots: list[str]
    targets: list[Target]
    names: list[str]  # each target's file inside the output folder
    output: Path | None
    to_folder: bool
    template_dir: Path | None = None
    lang: str | None = None  # --lang: every page in this language, whatever the maps say
    page_size: str | None = None  # --page-size: the printed sheet of a board
    period: str | None = None  # --period: the funnel period a board's desired-actions lane shows
    screen_only: bool = False  # boards for a screen only (cjm serve's preview): no print parts
    conform: LogSource | None = None  # --conform LOG: overlay what customers did (cjm.conform)
    # the run's repositories: each map's libraries, map index and scoring model, read once
    workspace: Workspace = field(default_factory=Workspace)

    @property
    def site(self) -> bool:
        """A folder of HTML boards gets an index page linking them."""
        return self.to_folder and self.format == "html"

    @property
    def to_stdout(self) -> bool:
        return self.output is None


@dataclass
class Published:
    """What :func:`publish` did: every input map, the files written, and what goes to stdout."""

    entries: list[Entry]
    written: list[str] = field(default_factory=list)
    stdout: str | bytes | None = None
    report: Report = field(default_factory=lambda: Report("render", [], []))
    warnings: list[str] = field(default_factory=list)  # e.g. a language cjm has no labels for


def plan(
    paths: Sequence[str], format: str, output: Path | None = None, template_dir: Path | None = None,
    lang: str | None = None, page_size: str | None = None, period: str | None = None,
    conform: LogSource | None = None, *, workspace: Workspace | None = None,
) -> Plan:
    """Decide where every map goes. Raises :class:`PublishError`.

    Several maps, or a folder, go into the ``output`` folder one file each; one named map goes
    to ``output`` (a folder when it exists as one or ends with a separator) or to stdout.
    """
    roots = list(paths) or ["."]
    if template_dir is not None and not template_dir.is_dir():
        raise PublishError(say("--template-dir %(folder)s: not a folder", folder=str(template_dir)))
    if page_size is not None and page_size.lower() not in PAGE_NAMES:
        raise PublishError(say("--page-size %(size)s: use one of %(sizes)s (any case)", size=page_size,
                               sizes=", ".join(PAGE_NAMES)))
    if conform is not None and format not in CONFORM_FORMATS:
        raise PublishError(say("--conform overlays the board and the Graphviz flow: use -f %(formats)s, "
                               "not %(format)s", formats=", ".join(sorted(CONFORM_FORMATS)), format=format))
    if period is not None and not period.strip():
        raise PublishError(say("--period: give a period as the maps write it (2026-Q3, 2026-10, ...)"))
    try:
        targets = discover(roots)
    except PathNotFound as exc:
        raise PublishError(say("path not found: %(path)s", path=str(exc))) from None
    if format in NEEDS_DOT:
        from .graph import GraphvizMissing, dot_program

        try:
            dot_program()
        except GraphvizMissing as exc:
            raise PublishError(str(exc)) from None
    if format in NEEDS_WEASYPRINT:
        from .board import PosterUnavailable, check

        try:
            check()
        except PosterUnavailable as exc:
            raise PublishError(str(exc)) from None
    many = len(targets) != 1 or any(os.path.isdir(r) for r in roots)
    to_folder = many or (output is not None and (output.is_dir() or str(output).endswith(("/", os.sep))))
    if many and output is None:
        raise PublishError(say("several maps need --output FOLDER (one file per map is written there)"))
    if to_folder and output is not None and output.exists() and not output.is_dir():
        raise PublishError(say("--output %(output)s: is a file; several maps need a folder", output=str(output)))
    names = output_names(targets, roots, SUFFIXES[format])
    return Plan(format, roots, targets, names, output, to_folder, template_dir, lang,
                page_size.lower() if page_size else None, period, conform=conform,
                workspace=workspace or Workspace())


def publish(plan: Plan) -> Published:
    """Read, check and render every map of ``plan``; write the files (atomically) and the index.

    A map with problems is not rendered but stays in ``entries`` (the index lists it) and its
    problems are in ``report``. Raises :class:`PublishError` when no map was found or a
    renderer cannot work (a broken template, Graphviz missing or failing).
    """
    entries = [entry for target, name in zip(plan.targets, plan.names, strict=True)
               if (entry := check_entry(target, name, plan.workspace)) is not None]
    if not entries:
        raise PublishError(say("no maps found in %(paths)s", paths=", ".join(plan.roots)))
    done = Published(entries)
    done.warnings = language_warnings(plan, entries) + period_warnings(plan, entries)
    with renderer_errors(plan.format):
        _render_all(plan, done)
    done.report = Report("render", [e.source for e in entries], [p for e in entries for p in e.problems])
    return done


def check_entry(target: Target, name: str, workspace: Workspace) -> Entry | None:
    """One target read and checked, as the page ``name`` of the site; None for a YAML file in a
    folder that is no map. Apart from :func:`publish` so ``cjm serve`` re-checks one changed file."""
    checked, result = workspace.check(target)
    if result.skipped:
        return None
    return Entry(result.file, name, checked.readable if checked else None,
                 sorted(result.problems, key=Problem.sort_key))


def language_warnings(plan: Plan, entries: Sequence[Entry]) -> list[str]:
    """A warning per language tag cjm has no labels for (the pages fall back to English)."""
    from ..i18n import LANGUAGES, resolve

    tags = [plan.lang] if plan.lang else [e.map.lang for e in entries if e.map is not None]
    return [say("no translation for language '%(tag)s' (cjm speaks %(languages)s); writing English "
                "labels", tag=tag, languages=", ".join(LANGUAGES))
            for tag in sorted({t for t in tags if t and resolve(t).warning})]


def period_warnings(plan: Plan, entries: Sequence[Entry]) -> list[str]:
    """A warning per map that has funnel data but none for ``--period`` (its board says "No data
    for ..." on every step): most likely a typo, or a map not updated yet."""
    if plan.period is None or plan.format not in PERIOD_FORMATS:
        return []
    from .. import facts as F

    wanted = periods.canonical(plan.period)
    out: list[str] = []
    for entry in entries:
        if entry.map is None:
            continue
        known = [fn.period for fn in F.of(entry.map).funnels if fn.period is not None]
        if known and wanted not in known:
            out.append(say("%(file)s: no funnel data for --period %(period)s; its periods: %(periods)s",
                           file=entry.source, period=wanted, periods=", ".join(known)))
    return out


@contextlib.contextmanager
def renderer_errors(format: str) -> Iterator[None]:
    """The renderers' own errors (a broken template, Graphviz failing) become one
    :class:`PublishError` line; anything else is a bug and propagates."""
    try:
        yield
    except Exception as exc:
        if isinstance(exc, _renderer_errors(format)):
            raise PublishError(str(exc)) from None
        raise


def page(plan: Plan, entry: Entry, published: dict[str, Entry] | None = None,
         warnings: list[str] | None = None, actual: dict[str, Conformance] | None = None) -> str | bytes:
    """The artifact of one readable map, as :func:`publish` writes it: on a site with the link
    back to the index, and a map with problems flagged at the top of its page. ``published``
    (:func:`by_map_id` of the site's entries) gives a parent board its sub-journeys; what a
    renderer left out (the poster's refused fetches) is added to ``warnings``; ``actual``
    (:func:`conformance`) holds each map's conformance to the ``--conform`` log."""
    assert entry.map is not None
    extra: dict[str, object] = {"index_href": relative_href(entry.output, INDEX)} if plan.site else {}
    extra["problems"] = entry.problems  # a readable map with problems is published, flagged
    details = sub_journeys(entry, published or {}, link=plan.site)
    if plan.format in DETAIL_FORMATS and not plan.site:
        details.update(_unpublished_details(entry, details, plan.workspace))
    extra["details"] = details
    parent = parent_journey(entry, published or {}, link=plan.site)
    if parent is None and plan.format in DETAIL_FORMATS and not plan.site:
        parent = _unpublished_parent(entry, plan.workspace)
    extra["parent"] = parent
    return RENDERERS[plan.format](entry.map, Options(
        template_dir=plan.template_dir, source=entry.source, lang=plan.lang,
        page_size=plan.page_size, period=plan.period, screen_only=plan.screen_only, extra=extra,
        warnings=warnings, conformance=(actual or {}).get(entry.map.id),
        **repository_options(plan.workspace, entry.source)))


def repository_options(workspace: Workspace, source: str) -> dict[str, Any]:
    """What a renderer is told of the map's repository (:class:`Options` ``root`` and
    ``scoring``), so that no renderer opens a repository itself. A broken scoring configuration
    scores with the default here: lint and report say what is wrong with it."""
    from ..config import ConfigError

    root = workspace.repository(source).root if source != "-" and os.path.isfile(source) else None
    try:
        scoring = workspace.scoring_for(source)
    except ConfigError:
        scoring = None
    return {"root": root, "scoring": scoring}


def conformance(plan: Plan, entries: Sequence[Entry]) -> dict[str, Conformance]:
    """Each readable map held against the ``--conform`` log (none without it), by map id; a log
    that cannot be read is a :class:`PublishError` naming its file and line."""
    if plan.conform is None:
        return {}
    from ..conform.check import conformance_of
    from ..conform.readers import LogError

    maps = [e.map for e in entries if e.map is not None]
    try:
        return conformance_of(maps, plan.conform) if maps else {}
    except LogError as exc:
        raise PublishError(str(exc)) from None


def compare_pages(plan: Plan, entries: Sequence[Entry]) -> list[tuple[str, str]]:
    """An as-is/to-be page (name, HTML) for every future map whose ``current:`` map is on the
    site too; each such entry learns its page's name (``entry.compare``) for the index."""
    from .compare import render as compare

    by_id = {e.map.id: e for e in entries if e.map is not None}
    out = []
    for entry in entries:
        entry.compare = None
        if entry.map is None or entry.map.current not in by_id:
            continue
        current = by_id[entry.map.current].map
        assert current is not None
        name = str(Path(entry.output).with_suffix("")) + "-compare.html"
        out.append((name, compare(current, entry.map, Options(
            template_dir=plan.template_dir, source=entry.source, lang=plan.lang))))
        entry.compare = name
    return out


def _render_all(plan: Plan, done: Published) -> None:
    published = by_map_id(done.entries)
    actual = conformance(plan, done.entries)
    for entry in done.entries:
        if entry.map is None:
            continue
        data = page(plan, entry, published, done.warnings, actual)
        if plan.to_folder:
            assert plan.output is not None
            atomic_write(plan.output / entry.output, data)
            done.written.append(entry.output)
        elif plan.output is not None:
            atomic_write(plan.output, data)
            done.written.append(str(plan.output))
        else:
            done.stdout = data
    if plan.site:
        assert plan.output is not None
        for name, html in compare_pages(plan, done.entries):
            atomic_write(plan.output / name, html)
            done.written.append(name)
        atomic_write(plan.output / INDEX, index_html(done.entries, plan.template_dir, plan.lang))
        done.written.append(INDEX)


def _unpublished_details(entry: Entry, known: dict[str, SubJourney],
                         workspace: Workspace) -> dict[str, SubJourney]:
    """Sub-journeys of a board rendered without a site: found through the repository's map index,
    shown with their summary and no link (their board may not exist where this page goes)."""
    from .. import facts as F
    from .. import hierarchy as H

    if entry.map is None or entry.source == "-":
        return {}
    wanted = [t for t in H.link_of(entry.map).details if t not in known]
    if not wanted:
        return {}
    index = workspace.repository(entry.source).maps()
    out: dict[str, SubJourney] = {}
    for target in wanted:
        found = index.get(target)
        if found is None:
            continue
        checked, _result = workspace.check(Target(found.file, True))
        if checked is not None and checked.readable is not None and checked.readable.id == target:
            out[target] = SubJourney(F.summary(checked.readable))
    return out


def _unpublished_parent(entry: Entry, workspace: Workspace) -> ParentJourney | None:
    """The journey a board rendered without a site is part of, found through the repository's
    map index: its title, without a link (its board may not exist where this page goes)."""
    if entry.map is None or entry.map.parent is None or entry.source == "-":
        return None
    found = workspace.repository(entry.source).maps().get(entry.map.parent)
    if found is None:
        return None
    checked, _result = workspace.check(Target(found.file, True))
    if checked is None or checked.readable is None or checked.readable.id != entry.map.parent:
        return None
    return ParentJourney(checked.readable.title)


def _renderer_errors(format: str) -> tuple[type[Exception], ...]:
    """The exceptions renderers raise for a user's setup; imported only for the format in use."""
    from .html import TemplateError

    if format in NEEDS_WEASYPRINT:
        from .board import PosterUnavailable

        return (TemplateError, PosterUnavailable)
    if format not in NEEDS_DOT:
        return (TemplateError,)
    from .graph import GraphvizFailed, GraphvizMissing

    return (TemplateError, GraphvizFailed, GraphvizMissing)
