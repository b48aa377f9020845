"""What a renderer may be told besides the map.

A module of its own so that renderers import it without importing the registry in
``cjm.render``, which imports them: the import graph stays one-way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..facts.conformance import Conformance
    from ..scoring import ScoringModel

# --page-size: the printed sheet of a board, landscape (cjm.render.html.PAGE_SIZES has the lengths);
# auto picks one of them, and the orientation, from the board's shape (cjm.render.html.page_size)
PAGE_NAMES: tuple[str, ...] = ("a3", "a4", "letter", "tabloid", "auto")


@dataclass(frozen=True)
class Options:
    """What a renderer may be told besides the map. Every field has a safe default."""

    template_dir: Path | None = None
    source: str | None = None  # the file the map came from, shown in footers and the site index
    root: str | None = None  # the root of its repository: footers show the file's path from there
    scoring: ScoringModel | None = None  # its repository's scoring model (None: cjm.scoring.DEFAULT)
    lang: str | None = None  # --lang: overrides the map's ``lang`` (a BCP 47 tag)
    page_size: str | None = None  # --page-size: the printed sheet (a3, a4, letter, tabloid, auto); A3 by default
    period: str | None = None  # --period: the funnel period the desired-actions lane shows
    print_only: bool = False  # the page is for print only (board-pdf): leave out what only screens show
    screen_only: bool = False  # the page is for a screen only (cjm serve): no separate print parts
    extra: dict[str, Any] = field(default_factory=dict)
    # --conform LOG: the map held against an event log (cjm.conform); the board and the Graphviz
    # flow overlay what customers did (docs/conform.md, "On the board and the diagram")
    conformance: Conformance | None = None
    # The poster's type and emotion curve, grown to fill its sheet (cjm.render.board fits it)
    scale: float = 1.0
    # Where a renderer says what it left out for the user to read (the poster's refused fetches);
    # cjm.render.publish passes a list and turns its lines into the run's warnings
    warnings: list[str] | None = None
