"""`cjm render -f board-pdf|board-png`: the board as a one-page poster and a slide image.

WeasyPrint and pypdfium2 are in the dev extra, so these run wherever the tests do; they are
skipped, with the reason, only when the system's Pango library is missing (tools/ensure-pango.sh,
run by `make setup`, installs it).

A poster takes WeasyPrint a second or more of CPU to lay out, so a poster several tests read is
rendered once per run (:func:`sample_poster`; the poster tests share one xdist group, so one
worker renders it), and tests whose point holds for any board use a small one.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from conftest import run_cjm_process

from cjm.render import board

from .helpers import MAPS, SAMPLES, assert_no_word_cut, fixture, journey

try:
    board.weasyprint()
    PANGO_MISSING = ""
except board.PosterUnavailable as exc:
    if "OSError" not in str(exc):  # the Python package itself is missing: dev extra not installed
        raise
    PANGO_MISSING = str(exc)
pytestmark = [
    pytest.mark.skipif(bool(PANGO_MISSING), reason=f"the system's Pango is missing: {PANGO_MISSING}"),
    pytest.mark.xdist_group("poster"),  # one worker renders each shared poster once
]

A3_LANDSCAPE = (1190.55, 841.89)  # pt


def pdf_pages(pdf: bytes) -> list[tuple[float, float, str]]:
    """Each page's width, height (pt) and text, read back with pypdfium2."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            width, height = page.get_size()
            out.append((width, height, page.get_textpage().get_text_range()))
        return out
    finally:
        doc.close()


@functools.cache
def sample_poster(name: str) -> bytes:
    """The poster of sample_maps/NAME, rendered once per run; read it, never change it."""
    return board.render_pdf(journey((SAMPLES / name).read_text(encoding="utf-8")))


def small_map() -> str:
    """A board of two stages, every lane filled: enough for what holds for any board."""
    from .test_print import wide_map

    return wide_map(2)


def test_the_8_stage_german_sample_is_a_one_page_a3_landscape_poster() -> None:
    german = journey((SAMPLES / "mobilfunk-wechsel.yaml").read_text(encoding="utf-8"))
    pages = pdf_pages(sample_poster("mobilfunk-wechsel.yaml"))
    assert len(pages) == 1
    width, height, text = pages[0]
    assert abs(width - A3_LANDSCAPE[0]) < 2 and abs(height - A3_LANDSCAPE[1]) < 2
    for lane in ("KUNDENZIEL", "TOUCHPOINTS", "PAIN POINTS", "KENNZAHLEN", "BACKSTAGE"):
        assert lane in text.upper(), f"lane {lane} is not on the page"
    assert "CHANCEN-MATRIX: BEWERTUNG / AUFWAND" in text.upper()  # beside the title, same page
    assert_no_word_cut(text, german)


def test_a_scored_ukrainian_poster_keeps_its_matrix_on_one_page() -> None:
    """The scoring sample (its own formula, ranks on the cards) in Ukrainian: the compact matrix
    beside the title, the board below, one A3 page."""
    from dataclasses import replace as with_options

    from cjm.render.options import Options

    path = SAMPLES / "scoring" / "book-a-crossing.yaml"
    crossing = journey(path.read_text(encoding="utf-8"))
    pages = pdf_pages(board.render_pdf(crossing, with_options(Options(), source=str(path), lang="uk")))
    assert len(pages) == 1
    text = " ".join(pages[0][2].split())
    assert "МАТРИЦЯ МОЖЛИВОСТЕЙ: ОЦІНКА / ТРУДОМІСТКІСТЬ" in text.upper()
    assert "#1" in text and "Price calendar for seven days" in text


def test_board_pdf_and_png_are_byte_identical_across_runs() -> None:
    board_map = journey(small_map().replace("title: Wide map", "title: Карта «Обмен» — zażółć"))
    pdf = board.render_pdf(board_map)
    assert pdf == board.render_pdf(board_map)
    png = board.png_of(pdf)  # render_png is png_of(render_pdf(...)): the same PDF, so the same page
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png == board.png_of(pdf)


def test_a_russian_board_pdf_has_its_cyrillic_text() -> None:
    russian = journey((SAMPLES / "bank-card-current.yaml").read_text(encoding="utf-8"))
    assert russian.lang == "ru"
    (_, _, text), = pdf_pages(sample_poster("bank-card-current.yaml"))
    assert russian.title in " ".join(text.split())
    assert russian.stages[0].name in " ".join(text.split())
    assert "\ufffd" not in text


def test_cli_writes_the_board_as_pdf_and_png(cjm, tmp_path) -> None:
    source = str(tmp_path / "small.yaml")
    Path(source).write_text(small_map(), encoding="utf-8")
    assert cjm("render", source, "-f", "board-pdf", "-o", str(tmp_path / "b.pdf")).exit_code == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF-")
    assert cjm("render", source, "-f", "board-png", "-o", str(tmp_path / "b.png")).exit_code == 0
    from PIL import Image

    with Image.open(tmp_path / "b.png") as image:  # one A3 landscape page at 150 dpi
        assert image.size == (2481, 1754)


@pytest.mark.e2e  # a module shadowed on PYTHONPATH: a process of its own
@pytest.mark.parametrize("failure", ["ImportError('No module named weasyprint')",
                                     "OSError(\"cannot load library 'libpango-1.0-0'\")"])
def test_without_weasyprint_or_pango_one_line_says_what_to_install(tmp_path, failure: str) -> None:
    shadow = tmp_path / "shadow"
    (shadow / "weasyprint").mkdir(parents=True)
    (shadow / "weasyprint" / "__init__.py").write_text(f"raise {failure}\n", encoding="utf-8")
    path = os.pathsep.join([str(shadow), os.environ.get("PYTHONPATH", ""), str(Path(__file__).parents[2])])
    result = run_cjm_process("render", str(MAPS / "bank-card-current.yaml"), "-f", "board-pdf",
                             "-o", str(tmp_path / "b.pdf"), env={"PYTHONPATH": path})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "pip install weasyprint pypdfium2" in result.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_the_poster_stylesheet_has_its_custom_properties_written_out_with_print_values() -> None:
    from dataclasses import replace

    from cjm.render import html
    from cjm.render.options import Options

    sample = journey((SAMPLES / "mobilfunk-wechsel.yaml").read_text(encoding="utf-8"))
    page = html.render(sample, replace(Options(), print_only=True))
    assert page.count("var(--") > 50
    printed = board.resolve_variables(page)
    assert "var(--" not in printed
    assert "prefers-color-scheme: dark" not in printed
    # the print block's overrides win over the screen's light values: black ink, no shadow
    assert "color: #000" in printed and "color: #1b2129" not in printed
    # a custom template's property that is not on :root stays for WeasyPrint to resolve
    custom = "<style>.x { --own: red; color: var(--own); border-color: var(--nowhere, blue); }</style>"
    assert board.resolve_variables(custom) == (
        "<style>.x { --own: red; color: var(--own); border-color: blue; }</style>")


def test_the_poster_uses_only_weasyprints_public_api() -> None:
    """No private name of WeasyPrint (``document._ua_stylesheets`` and the like) and no edits of
    its own stylesheet: a WeasyPrint release may change both without notice."""
    import ast

    tree = ast.parse(Path(board.__file__).read_text(encoding="utf-8"))
    private = sorted({node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                      and node.attr.startswith("_") and not node.attr.startswith("__")})
    assert private == []
    assert "html5_ua" not in Path(board.__file__).read_text(encoding="utf-8")


def test_a_wide_posters_at_links_jump_to_their_touchpoint_on_its_own_page() -> None:
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_c

    from .test_print import wide_map

    # 12 stages print as two parts of 6, each stage with a pain point "at" its touchpoint
    doc = pypdfium2.PdfDocument(board.render_pdf(journey(wide_map(12))))
    try:
        targets = []
        for index in range(len(doc)):
            page, position, link = doc[index], ctypes.c_int(0), pdfium_c.FPDF_LINK()
            while pdfium_c.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                dest = pdfium_c.FPDFLink_GetDest(doc.raw, link)
                targets.append((index, pdfium_c.FPDFDest_GetDestPageIndex(doc.raw, dest) if dest else None))
    finally:
        doc.close()
    assert targets == [(0, 0)] * 6 + [(1, 1)] * 6


def test_the_poster_page_keeps_ids_only_where_its_links_point() -> None:
    import re
    from dataclasses import replace

    from cjm.render import html
    from cjm.render.options import Options

    bank = fixture("bank-card-current.yaml")
    poster = html.render(bank, replace(Options(), print_only=True))
    links = set(re.findall(r'href="#([^"]+)"', poster))
    assert links and {f"el-{ref}" for ref in html.link_targets(bank)} == links
    assert set(re.findall(r' id="(el-[^"]+)"', poster)) == links
    # the screen page keeps every card's id (deep links, the browser's print)
    assert len(re.findall(r' id="el-', html.render(bank))) > len(links)
