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

import io
import logging
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
    page = html.render(journey, replace(options or Options(), print_only=True))
    document = weasyprint().HTML(string=page, base_url=None).render()
    pdf: bytes = document.write_pdf()
    return pdf


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
