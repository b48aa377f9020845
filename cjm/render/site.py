"""Publishing: which output file each map gets, and the site's ``index.html``.

A folder of maps becomes one page per map plus an index listing every map with what a reader
scans for first (persona, state, open pain points by severity, metrics off target, when it was
last reviewed). Maps that fail validation are listed with their problems, never silently
skipped: a published site must not hide that a map is broken.

When maps form a hierarchy (``parent:``, ``detail:``), the index opens with the journey tree:
end-to-end journeys at the top, their sub-journeys nested below in journey order, as-is and
to-be maps side by side, each with its summary and, for a journey with sub-journeys, the rollup
of its subtree (:mod:`cjm.hierarchy`, numbers from :mod:`cjm.facts`). The table of every map
follows in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .. import facts as F
from .. import hierarchy as H
from ..files import Target
from ..model import JourneyMap
from ..problems import Problem

INDEX = "index.html"


@dataclass
class Entry:
    """One input map: where it came from, where its page goes, and its map or its problems."""

    source: str
    output: str  # relative POSIX path inside the output folder
    map: JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)
    anchor: str = ""  # id of its problem list on the index page
    compare: str | None = None  # its as-is/to-be page, for a future map whose current map is here

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.problems

    @property
    def href(self) -> str:
        """The link to this map's page from the index (which sits at the site's root)."""
        return relative_href(INDEX, self.output)

    @property
    def compare_href(self) -> str | None:
        """The link to its as-is/to-be page, made the same safe way."""
        return relative_href(INDEX, self.compare) if self.compare else None

    @property
    def facts(self) -> F.JourneyFacts | None:
        return F.of(self.map) if self.map is not None else None


@dataclass(frozen=True)
class SubJourney:
    """What a parent board shows where a stage or touchpoint zooms in (``detail:``).

    ``href`` is the sub-journey's board relative to the parent's page when both are published in
    one site, ``None`` otherwise (the summary is shown without a link rather than a link that
    leads nowhere).
    """

    summary: F.Summary
    href: str | None = None


@dataclass(frozen=True)
class ParentJourney:
    """What a sub-journey's board shows at its top: the journey it is part of (``parent:``).

    A reader who arrives at a sub-journey from a link or a search needs the way up as much as a
    parent board gives the way down. ``href`` is the parent's board relative to this page when
    both are published in one site (or served by ``cjm serve``), ``None`` otherwise: the title
    alone, rather than a link that leads nowhere.
    """

    title: str
    href: str | None = None


def parent_journey(entry: Entry, published: dict[str, Entry], link: bool) -> ParentJourney | None:
    """The journey ``entry``'s map is part of, when it is ``published`` (:func:`by_map_id`)."""
    if entry.map is None or entry.map.parent is None:
        return None
    found = published.get(entry.map.parent)
    if found is None or found.map is None:
        return None
    return ParentJourney(found.map.title, relative_href(entry.output, found.output) if link else None)


def by_map_id(entries: Sequence[Entry]) -> dict[str, Entry]:
    """Readable entries by map id (the first one when two share an id: validation reports that)."""
    out: dict[str, Entry] = {}
    for entry in entries:
        if entry.map is not None:
            out.setdefault(entry.map.id, entry)
    return out


def sub_journeys(entry: Entry, published: dict[str, Entry], link: bool) -> dict[str, SubJourney]:
    """The sub-journeys ``entry``'s map zooms into that are ``published`` (:func:`by_map_id`)."""
    if entry.map is None:
        return {}
    out: dict[str, SubJourney] = {}
    for target in H.link_of(entry.map).details:
        found = published.get(target)
        if found is not None and found.map is not None:
            out[target] = SubJourney(F.summary(found.map),
                                     relative_href(entry.output, found.output) if link else None)
    return out


@dataclass
class Branch:
    """One readable map in the index's journey tree, ready for the template (which computes nothing)."""

    entry: Entry
    summary: F.Summary
    depth: int
    parent: Entry | None = None
    pair: Branch | None = None  # its to-be map, shown beside it
    children: list[Branch] = field(default_factory=list)
    rollup: F.Rollup | None = None  # with its sub-journeys in the same state, when it has any
    rolled: int = 0  # sub-journeys in the rollup


def _branch(top: H.Node[Entry]) -> Branch:
    """``top``'s branch with its pair and sub-journeys, built without recursion (a hierarchy is
    at most :data:`cjm.hierarchy.MAX_DEPTH` deep, but nothing here leans on that)."""
    made: dict[int, Branch] = {}
    for node in top.walk():
        entry = node.item
        assert entry.map is not None
        out = Branch(entry, F.summary(entry.map), node.depth,
                     node.parent.item if node.parent is not None else None)
        below = node.subtree()[1:]
        if below:
            out.rollup = H.rollup(node, _summary)
            out.rolled = len(below)
        made[id(node)] = out
    for node in top.walk():  # every node is made: link each to its pair and children
        out = made[id(node)]
        out.pair = made[id(node.pair)] if node.pair is not None else None
        out.children = [made[id(child)] for child in node.children]
    return made[id(top)]


def _summary(entry: Entry) -> F.Summary:
    assert entry.map is not None
    return F.summary(entry.map)


def journey_tree(entries: Sequence[Entry]) -> list[Branch]:
    """The journey tree of the readable ``entries``: journeys with sub-journeys first (a reader
    starts from the end-to-end journey), then the others, each group in the order given."""
    readable = [e for e in entries if e.map is not None]
    roots = [_branch(root) for root in H.tree(readable, _link)]
    return sorted(roots, key=lambda b: not (b.children or (b.pair is not None and b.pair.children)))


def _link(entry: Entry) -> H.Link:
    assert entry.map is not None
    return H.link_of(entry.map)


def output_names(targets: Sequence[Target], roots: Sequence[str], suffix: str) -> list[str]:
    """A relative output path per target: its path under the folder it was found in (so
    ``maps/retail/a.yaml`` becomes ``retail/a.html``), or its file name when named directly.
    Clashes get ``-2``, ``-3``... in input order, so names are stable from run to run."""
    folders = [os.path.normpath(r) for r in roots if r != "-" and os.path.isdir(r)]
    names: list[str] = []
    used: set[str] = set()
    for target in targets:
        rel = os.path.basename(target.path) if target.path != "-" else "stdin.yaml"
        if not target.explicit:
            for folder in folders:
                if os.path.normpath(target.path).startswith(folder + os.sep):
                    rel = os.path.relpath(target.path, folder)
                    break
        stem = str(PurePosixPath(Path(rel).as_posix()).with_suffix(""))
        name, n = stem + suffix, 2
        while name.lower() in used or name.lower() == "index.html":
            name, n = f"{stem}-{n}{suffix}", n + 1
        used.add(name.lower())
        names.append(name)
    return names


def relative_href(from_page: str, to_page: str) -> str:
    """Link from one page of the site to another (both relative to the site root).

    Page names come from map file names, which the user (or a pull request) chooses: a map
    named ``javascript:alert(document.domain).yaml`` made ``<a href="javascript:...">``. So
    every link is relative, percent-encoded (``:`` becomes ``%3A``, ``#`` and ``?`` cannot start
    a fragment or a query) and starts with ``./`` or ``../``: nothing before the first ``/`` can
    be read as a scheme.
    """
    start = PurePosixPath(from_page).parent
    rel = os.path.relpath(to_page, start.as_posix() or ".").replace(os.sep, "/")
    encoded = quote(rel, safe="/")
    return encoded if encoded.startswith("../") else "./" + encoded


def index_html(entries: Sequence[Entry], template_dir: Path | None = None,
               lang: str | None = None) -> str:
    """The site's ``index.html``: every map, broken ones flagged and listed with their problems.

    Its labels are in ``lang`` (``--lang``), else in the language all its maps share, else English.
    """
    from ..i18n import language
    from .html import INDEX_TEMPLATE, render_template

    tags = {e.map.lang or "en" for e in entries if e.map is not None}
    shared = next(iter(tags)) if len(tags) == 1 else None

    rows = sorted(entries, key=lambda e: (e.map.title.casefold() if e.map else "", e.output))
    branches = journey_tree(rows)
    nested = any(b.children for b in _flatten(branches))
    by_entry = {id(b.entry): b for b in _flatten(branches)}
    rows = [b.entry for b in _flatten(branches)] + [e for e in rows if e.map is None]
    for i, entry in enumerate(rows, 1):
        entry.anchor = f"problems-{i}"
    return render_template(
        INDEX_TEMPLATE,
        template_dir,
        language(lang or shared),
        entries=rows,
        branches=branches if nested else [],
        branch_of=lambda e: by_entry.get(id(e)),
        broken=[e for e in entries if not e.ok],
        total=len(entries),
    )


def _flatten(branches: Sequence[Branch]) -> Iterator[Branch]:
    """Each branch, its pair, then its children, depth first; iterative, as hierarchy walks are."""
    stack = list(reversed(branches))
    while stack:
        b = stack.pop()
        yield b
        stack.extend(reversed(b.children))
        if b.pair is not None:
            stack.append(b.pair)
