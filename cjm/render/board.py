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
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import facts as F
from ..model import JourneyMap
from . import html
from .options import Options
from .templates import default_template_dir

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


MAX_SCALE = 3.0  # the poster's type grows to at most 3x the print stylesheet's (6 pt -> 18 pt)
MIN_SCALE = 0.85  # and shrinks to 85% at least (5.1 pt) to keep a board that just spills on one page
FIT_TRIES = 4  # layouts tried to find the scale that fills the sheet (the measuring one included)
MEASURE_SHEETS = 4  # a measuring layout's page is this many sheets tall (see Poster.layout)
FILLED = 0.95  # a page whose content takes this share of its height is full
FIT_AIM = 0.985  # the share aimed at: a little room, so rounding never spills a line over
FIT_SLOPE = 1.4  # the first guess of d log(height) / d log(scale): wider words wrap into more lines


def render_pdf(journey: JourneyMap, options: Options | None = None) -> bytes:
    """The board as a PDF in print layout, grown to fill its sheet: one page up to 8 stages, a
    page per part beyond. What the poster could not use (a refused fetch) is added to
    ``options.warnings`` when the caller gave a list."""
    options = options or Options()
    refused: list[str] = []
    poster = Poster(journey, options, refused)
    pdf: bytes = poster.fitted().write_pdf()
    if options.warnings is not None:
        name = html.repository_path(options.source, options.root) or journey.id
        options.warnings.extend(
            f"{name}: the poster leaves out {url}: it reads only cjm's own files and the template "
            "folder's (--template-dir), never the network" for url in dict.fromkeys(refused))
    return pdf


class Poster:
    """One map's poster, laid out by WeasyPrint through its public API only: the board's HTML,
    a user stylesheet (the type size that fills the sheet), a :func:`local_fetcher` and one
    ``FontConfiguration`` shared by the stylesheets and the layout (fonts a template declares
    with ``@font-face`` are loaded once).

    Why grow it: the print stylesheet sizes type for the fullest board (6 pt at 1rem), so a
    board of a few cards used half an A3 sheet in 5-pt type. The poster measures where its
    content ends (the ``poster-end`` anchor after the footer, ``Page.anchors``) and lays it
    out again with larger type and a taller emotion curve until it fills the page's height,
    :data:`FIT_TRIES` layouts at most. A board printed in parts, or one that already spills
    onto a second page, is kept as laid out."""

    def __init__(self, journey: JourneyMap, options: Options, refused: list[str]) -> None:
        self.journey = journey
        self.options = options
        self.module = weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()
        folder = options.template_dir.resolve() if options.template_dir is not None else None
        self.base = (folder or default_template_dir().resolve()).as_uri() + "/"
        self.fetcher = local_fetcher(allowed_folders(folder), refused)
        sheet = html.page_size(options.page_size, journey)
        width, height = sheet.size.split()
        self.margin = _px(sheet.margin)  # CSS px, as Page measures
        self.room = _px(height) - 2 * self.margin  # the height a sheet gives the content
        self.tall_page = f"@page {{ size: {width} {_px(height) * MEASURE_SHEETS:.0f}px !important; }}\n"

    def layout(self, scale: float, matrix_at_end: bool = False, measuring: bool = False) -> Any:
        """The board laid out at ``scale``; ``measuring`` lays it out on a sheet
        :data:`MEASURE_SHEETS` times as tall, where no page break pushes a lane down, so its
        height is what the content needs (a lane that does not fit where it starts begins on
        the next page: measured on the real sheet, 1.04 pages of content read as 1.9)."""
        extra = {**self.options.extra, "matrix_at_end": True} if matrix_at_end else self.options.extra
        page = resolve_variables(html.render(self.journey, replace(
            self.options, print_only=True, scale=scale, warnings=None, extra=extra)))
        stylesheet = user_stylesheet(scale) + (self.tall_page if measuring else "")
        sheet = self.module.CSS(string=stylesheet, font_config=self.fonts,
                                url_fetcher=self.fetcher, base_url=self.base)
        document = self.module.HTML(string=page, base_url=self.base, url_fetcher=self.fetcher)
        return document.render(stylesheets=[sheet], font_config=self.fonts)

    def used(self, document: Any) -> float:
        """The sheets' heights its content takes: 0.5 is half a sheet, 1.25 a sheet and a quarter."""
        room = float(document.pages[0].height) - 2 * self.margin  # a measuring page's is taller
        for number, page in enumerate(document.pages):
            if "poster-end" in page.anchors:  # (x, y), or (x1, y1, x2, y2) since WeasyPrint 68
                return (number * room + float(page.anchors["poster-end"][1] - self.margin)) / self.room
        return len(document.pages) * room / self.room

    def fitted(self) -> Any:
        """The layout at the largest scale whose content fits one page, found by the secant
        method on log(scale) -> log(share of the page used), which is close to a line. The
        first point is a measuring layout (see :meth:`layout`): from it the first real layout
        usually fills the sheet, two layouts in all where four were needed."""
        if html.print_parts(self.journey, F.of(self.journey)):
            # a page per part: each part is as wide as a page holds, the matrix after the last
            return self.layout(1.0, matrix_at_end=True)
        scale, used = 1.0, self.used(self.layout(1.0, measuring=True))
        document: Any = None
        best: tuple[float, Any] | None = None
        slope = FIT_SLOPE
        for _ in range(FIT_TRIES - 1):
            wanted = min(MAX_SCALE, max(MIN_SCALE, scale * (FIT_AIM / used) ** (1 / slope)))
            if document is not None and (FILLED <= used <= 1 or abs(wanted - scale) < 0.01
                                         or (best is not None and wanted <= best[0])):
                break
            document, before = self.layout(wanted), (scale, used)
            scale, used = wanted, self.used(document)
            if used <= 1 and (best is None or scale > best[0]):
                best = (scale, document)
            if used != before[1] and scale != before[0]:
                slope = max(0.5, math.log(used / before[1]) / math.log(scale / before[0]))
        if best is not None:
            return best[1]
        # more than a page even in the smallest type: the matrix beside the title would push the
        # board's first row onto the second page and leave the first nearly empty; it goes after
        # the board instead, as on the screen
        return self.layout(scale, matrix_at_end=True) if self.has_matrix(document) else document

    @staticmethod
    def has_matrix(document: Any) -> bool:
        return any("matrix-heading" in page.anchors for page in document.pages)


_PX_PER = {"mm": 96 / 25.4, "in": 96.0}  # the units of html.PAGE_SIZES, in CSS px as Page measures


def _px(length: str) -> float:
    """``297mm`` or ``8.5in`` in CSS px."""
    return float(length[:-2]) * _PX_PER[length[-2:]]


def user_stylesheet(scale: float) -> str:
    """The poster's user stylesheet: the root type size (1rem of the print stylesheet) grown by
    ``scale``. ``!important``, since a user sheet's normal rules yield to the page's own."""
    return f"@media print {{ html {{ font-size: {6 * scale:.2f}pt !important; }} }}\n"


def allowed_folders(template_dir: Path | None) -> tuple[Path, ...]:
    """The folders the poster may read files from: cjm's package, its templates, and the
    ``--template-dir`` folder."""
    folders = [Path(__file__).resolve().parents[1], default_template_dir().resolve()]
    if template_dir is not None:
        folders.append(template_dir.resolve())
    return tuple(folders)


class Refused(ValueError):
    """A resource the poster does not fetch (the network, a file outside the allowed folders)."""


def local_fetcher(folders: tuple[Path, ...], refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and files inside ``folders`` and
    refuses everything else, noting each refused URL in ``refused``.

    Why: a board is published from CI and from laptops offline; a template's
    ``url(https://...)`` must neither slow it down, nor fail it, nor tell a server that a map
    was printed. WeasyPrint leaves a resource its fetcher refuses out of the page and goes on,
    so the poster is still made; the caller reports what was left out."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    base = weasyprint().URLFetcher

    class LocalFetcher(base):  # type: ignore[misc,valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(folder) for folder in folders):
                    return super().fetch(url, headers)
            refused.append(url)
            raise Refused(f"not fetched: {url}")

    return LocalFetcher(allowed_protocols=("data", "file"), allow_redirects=False)


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
    return png_of(render_pdf(journey, options))


def png_of(poster: bytes) -> bytes:
    """A poster PDF's pages as one PNG, one below the other, at :data:`PNG_DPI`."""
    from PIL import Image

    pdf = pdfium().PdfDocument(poster)
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
    # zlib level 6 (Pillow's default): optimize=True made a 2% smaller file in 3.7x the time
    sheet.save(out, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return out.getvalue()
