"""Publishing: which output file each map gets, and the site's ``index.html``.

A folder of maps becomes one page per map plus an index listing every map with what a reader
scans for first (persona, state, open pain points by severity, metrics off target, when it was
last reviewed). Maps that fail validation are listed with their problems, never silently
skipped: a published site must not hide that a map is broken.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .. import facts as F
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


def _pairs_together(rows: list[Entry]) -> list[Entry]:
    """A future map right after the current map it names (``current:``): pairs side by side."""
    by_id = {e.map.id: e for e in rows if e.map is not None}
    futures = {e.map.current: e for e in rows if e.map is not None and e.map.current in by_id}
    out: list[Entry] = []
    for entry in rows:
        if entry.map is not None and entry.map.current in by_id:
            continue  # placed after its current map
        out.append(entry)
        if entry.map is not None and entry.map.id in futures:
            out.append(futures[entry.map.id])
    return out


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
    rows = _pairs_together(rows)
    for i, entry in enumerate(rows, 1):
        entry.anchor = f"problems-{i}"
    return render_template(
        INDEX_TEMPLATE,
        template_dir,
        language(lang or shared),
        entries=rows,
        broken=[e for e in entries if not e.ok],
        total=len(entries),
    )
