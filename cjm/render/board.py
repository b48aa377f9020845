"""The HTML board as a printed poster: ``board-pdf`` (a PDF, one landscape page for up to 8 stages)
and ``board-png`` (that page as an image for slides).

The page is exactly the ``html`` board (:func:`cjm.render.html.render`) laid out with its print
stylesheet, so screen, browser print and these files never drift apart. WeasyPrint lays it out:
pure Python on the system's Pango, no browser to install or drive, and it hyphenates with the
board's ``<html lang>``. PNG comes from the PDF with pypdfium2 (PDFium in a wheel): maintained,
in-process, no system package and no subprocess, so a CLI gets the same pixels everywhere;
WeasyPrint itself stopped writing PNG in version 53. Both are the optional extra ``journey-maps[pdf]``:
the rest of cjm never imports them.

Output is deterministic: the PDF carries no dates (WeasyPrint writes ``/CreationDate`` and
``/ModDate`` only from a page's ``dcterms`` meta tags, and the board has none), its ``/ID`` is a
hash of its content, and the PNG has no timestamp chunk, so rendering twice gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from dataclasses import replace
from typing import Any

from ..model import JourneyMap
from . import html
from .options import Options

PNG_DPI = 150  # an A3 sheet at 150 dpi is 2480 x 1754 px: sharp on a 4K projector, < 1 MB
INSTALL_HINT = ("board-pdf and board-png need WeasyPrint and pypdfium2: pip install weasyprint pypdfium2 "
                "(and the system's Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)")


class PosterUnavailable(Exception):
    """WeasyPrint, pypdfium2 or the system's Pango is missing: the one line says how to install."""


def weasyprint() -> Any:
    """The ``weasyprint`` module, or :class:`PosterUnavailable` with the install hint.

    WeasyPrint raises ``OSError`` at import when the system's Pango cannot be loaded, so that is
    caught too. Its CSS warnings (SVG properties, ``position: sticky``, screen-only media queries
    of the board's stylesheet) are about the screen view, not the poster: they are not printed.
    """
    try:
        import weasyprint as module
    except (ImportError, OSError) as exc:
        raise PosterUnavailable(f"{INSTALL_HINT}; {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
    for name in ("weasyprint", "fontTools"):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    return module


def pdfium() -> Any:
    """The ``pypdfium2`` module, or :class:`PosterUnavailable` with the install hint."""
    try:
        import pypdfium2 as module
    except ImportError as exc:
        raise PosterUnavailable(f"{INSTALL_HINT}; {exc}") from None
    return module


def check() -> None:
    """Raise :class:`PosterUnavailable` now, before any map is read, when the extra is missing."""
    weasyprint()
    pdfium()


def render_pdf(journey: JourneyMap, options: Options | None = None) -> bytes:
    """The board as a PDF in print layout: one page up to 8 stages, a page per part beyond."""
    page = resolve_variables(html.render(journey, replace(options or Options(), print_only=True)))
    module = weasyprint()
    document = module.HTML(string=page, base_url=None)
    sheet = poster_ua_stylesheet() if "footnote" not in page and "note(" not in page else None
    if sheet is not None:  # WeasyPrint asks the document for its user-agent sheets (HTML._ua_stylesheets)
        document._ua_stylesheets = lambda forms=False: [sheet]
    pdf: bytes = document.render().write_pdf()
    return pdf


# the universal pseudo-element rules of WeasyPrint's user-agent stylesheet (css/html5_ua.css)
_UNIVERSAL_NOTES = re.compile(r"^::(?:footnote|note)-[\w-]+\s*\{[^{}]*\}[ \t]*\n?", re.M)
_UNIVERSAL_MARKER = re.compile(r"^::marker(\s*\{)", re.M)


@functools.cache
def poster_ua_stylesheet() -> Any | None:
    """WeasyPrint's own user-agent stylesheet without its universal pseudo-element rules, or None
    when this WeasyPrint has none to drop (then its own sheet is used unchanged).

    Why: those rules (``::marker``, ``::footnote-call``, ``::footnote-marker``, ``::note-call``,
    ``::note-marker``, ``::note-callback``, each for ``*``) make WeasyPrint compute six
    pseudo-element styles for every element, none shared: 36,000 for a 500-touchpoint board's
    6,000 elements, against 2,400 distinct styles of the elements themselves, the bulk of its
    cascade. A board has no footnotes or notes (``float: footnote``, ``position: note()``; a page
    that uses them keeps the full sheet, see :func:`render_pdf`), and only list items have
    markers, so the marker rule is kept for ``li`` and ``summary``. The poster comes out
    byte-identical, the style step about 3x faster (bench/bench_render.py)."""
    from importlib.resources import files

    try:
        text = (files("weasyprint") / "css" / "html5_ua.css").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return None
    trimmed = _UNIVERSAL_MARKER.sub(r"li::marker, summary::marker\1", _UNIVERSAL_NOTES.sub("", text))
    if trimmed == text:
        return None
    return weasyprint().CSS(string=trimmed)


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_ROOT = re.compile(r"(?:^|[}\s]):root\s*\{([^{}]*)\}")
_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]+)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")
_DARK = re.compile(r"@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{\s*:root\s*\{[^{}]*\}\s*\}")


def resolve_variables(page: str) -> str:
    """The page with the stylesheet's custom properties written out, as print sees them.

    Why: WeasyPrint resolves every ``var()`` for every element and pseudo-element it styles, and
    a 500-touchpoint board has some 38,000 of them; a stylesheet with the values already in place
    lays out the same poster about 10% faster (bench/bench_render.py). The values are the light
    theme's with the ``@media print`` overrides on top, which is what a printed page uses; the
    dark theme's block is dropped, since paper is never dark. A ``var()`` this cannot resolve (a
    custom template's own property set elsewhere than ``:root``) is left for WeasyPrint."""
    found = _STYLE.search(page)
    if found is None:
        return page
    css = _DARK.sub("", found.group(2))
    values: dict[str, str] = {}
    for block in _ROOT.finditer(css):  # in source order: the print block's :root comes last
        values.update((name, value.strip()) for name, value in _DECLARATION.findall(block.group(1)))

    def value(match: re.Match[str]) -> str:
        known = values.get(match.group(1))
        if known is not None and "var(" not in known:
            return known
        return match.group(2).strip() if match.group(2) and known is None else match.group(0)

    resolved = _VAR.sub(value, css)
    return page[: found.start(2)] + resolved + page[found.end(2):]


def render_png(journey: JourneyMap, options: Options | None = None) -> bytes:
    """The board PDF's page as a PNG at :data:`PNG_DPI`; a board printed in parts gives its pages
    one below the other in one image, so a slide still gets every stage."""
    from PIL import Image

    pdf = pdfium().PdfDocument(render_pdf(journey, options))
    try:
        images = [pdf[i].render(scale=PNG_DPI / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    finally:
        pdf.close()
    width = max(image.width for image in images)
    sheet = Image.new("RGB", (width, sum(image.height for image in images)), "white")
    top = 0
    for image in images:
        sheet.paste(image, (0, top))
        top += image.height
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True, dpi=(PNG_DPI, PNG_DPI))
    return out.getvalue()
