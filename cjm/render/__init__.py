"""Renderers: turn a typed journey map into an artifact (HTML board, diagram, Mermaid, Markdown).

*Renderers* produce artifacts; *formats* (``cjm.formats``) report problems. Each renderer is a plain
module with a ``render(journey, options) -> str | bytes`` function, registered here by name. The
registry imports a renderer's module only when it is used, so rendering HTML never imports
graphviz and ``cjm --help`` imports none of them. The package is also the Python API's
``cjm.render``: calling it calls :func:`render`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .options import PAGE_NAMES, Options

__all__ = ["BINARY", "NAMES", "NEEDS_DOT", "NEEDS_WEASYPRINT", "PAGE_NAMES", "RENDERERS", "SUFFIXES", "Options", "Renderer", "render"]

if TYPE_CHECKING:  # importing cjm.render stays cheap: the CLI reads NAMES at start-up
    from ..model import JourneyMap


class Renderer(Protocol):
    def __call__(self, journey: JourneyMap, options: Options | None = None) -> str | bytes: ...


# Each entry imports its module on call: explicit, no discovery, and html never imports graphviz.
def _html(journey: JourneyMap, options: Options | None = None) -> str | bytes:
    from . import html

    return html.render(journey, options)


def _mermaid(journey: JourneyMap, options: Options | None = None) -> str | bytes:
    from . import mermaid

    return mermaid.render(journey, options)


def _markdown(journey: JourneyMap, options: Options | None = None) -> str | bytes:
    from . import markdown

    return markdown.render(journey, options)


def _board_pdf(journey: JourneyMap, options: Options | None = None) -> str | bytes:
    from . import board

    return board.render_pdf(journey, options)


def _board_png(journey: JourneyMap, options: Options | None = None) -> str | bytes:
    from . import board

    return board.render_png(journey, options)


def _graph(fmt: str) -> Renderer:
    def run(journey: JourneyMap, options: Options | None = None) -> str | bytes:
        from . import graph

        return graph.render(journey, fmt, options)

    run.__name__ = f"_graph_{fmt}"
    return run


RENDERERS: dict[str, Renderer] = {
    "html": _html,
    "svg": _graph("svg"),
    "png": _graph("png"),
    "pdf": _graph("pdf"),
    "dot": _graph("dot"),
    "mermaid": _mermaid,
    "md": _markdown,
    # The board itself as a printed poster (WeasyPrint, the extra journey-maps[pdf]). Plain pdf/png/svg
    # stay the Graphviz flow, as they always were; the board's names say which picture you get.
    "board-pdf": _board_pdf,
    "board-png": _board_png,
}

SUFFIXES: dict[str, str] = {
    "html": ".html", "svg": ".svg", "png": ".png", "pdf": ".pdf",
    "dot": ".dot", "mermaid": ".mmd", "md": ".md", "board-pdf": ".pdf", "board-png": ".png",
}
NAMES: tuple[str, ...] = tuple(RENDERERS)
NEEDS_DOT: frozenset[str] = frozenset({"svg", "png", "pdf"})
NEEDS_WEASYPRINT: frozenset[str] = frozenset({"board-pdf", "board-png"})
BINARY: frozenset[str] = frozenset({"png", "pdf", "board-pdf", "board-png"})


def render(
    journey: JourneyMap, format: str = "html", options: Options | None = None
) -> str | bytes:
    """The map as an artifact of ``format``, a key of :data:`RENDERERS`: ``str`` for html, svg,
    dot, mermaid and md, ``bytes`` for png, pdf, board-pdf and board-png; an unknown format is a
    ``ValueError`` naming the ones there are (:func:`cjm.api.render_map` takes a file too)."""
    if format not in RENDERERS:
        raise ValueError(f"unknown format {format!r}; use one of {', '.join(RENDERERS)}")
    return RENDERERS[format](journey, options or Options())

