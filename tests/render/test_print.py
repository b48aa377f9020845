"""Printing the HTML board: an 8-stage board on one landscape sheet, a wider one in parts.

Headless Chromium prints the page as a reader's browser would (the same Chromium the axe-core
test uses; .ci/run installs it), and the PDF's pages are counted. Skipped, with the reason, only
when no Chromium is installed.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from cjm.render import html
from cjm.render.html import PRINT_STAGES, print_parts

from . import browser
from .helpers import SAMPLES, assert_no_word_cut, journey

BROWSER = browser.chromium()
needs_chromium = pytest.mark.skipif(
    BROWSER is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)"
)
# the tests that print share the run's Chromium (the ``chromium`` fixture) with the other browser
# tests: one xdist group, so one worker starts it
browser_group = pytest.mark.xdist_group("browser")
A3_LANDSCAPE = (1190.55, 841.89)  # pt


def wide_map(stages: int) -> str:
    """A map of ``stages`` stages, each with a touchpoint, a pain point and a metric."""
    lines = ["cjm: 1", "id: wide", "title: Wide map", "stages:"]
    for i in range(1, stages + 1):
        lines += [
            f"  - id: s{i}", f"    name: Stage name {i}", f"    emotion: {1 + i % 5}",
            f"    touchpoints: [{{id: t{i}, name: Touchpoint {i}, emotion: {1 + i % 5}}}]",
            f"    pain_points: [{{id: p{i}, name: Pain {i}, touchpoints: [t{i}], severity: high}}]",
            f"    metrics: [{{id: m{i}, name: Metric {i}, target: 5, actual: 9, direction: lower_is_better}}]",
        ]
    return "\n".join(lines) + "\n"


def print_to_pdf(chromium: browser.Chromium, page: str) -> bytes:
    """``page`` printed by headless Chromium as a reader's "Save as PDF" does (no header/footer)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "board.html"
        source.write_text(page, encoding="utf-8")
        with chromium.tab() as tab:
            tab.open(source.as_uri())
            pdf = tab.print_to_pdf()
        assert pdf.startswith(b"%PDF-"), "Chromium wrote no PDF"
        return pdf


def page_count(pdf: bytes) -> int:
    """The PDF's page objects, counted without a PDF library (Chromium writes them in the clear)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def sheet(pdf: bytes) -> tuple[float, float]:
    """The first page's width and height in pt."""
    box = re.search(rb"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert box is not None
    return float(box.group(1)), float(box.group(2))


@needs_chromium
@browser_group
def test_the_8_stage_german_sample_prints_on_one_a3_landscape_page_in_chromium(chromium) -> None:
    board = SAMPLES / "mobilfunk-wechsel.yaml"
    board_map = journey(board.read_text(encoding="utf-8"))
    page = html.render(board_map)
    pdf = print_to_pdf(chromium, page)
    assert page_count(pdf) == 1, f"{board.name} printed on {page_count(pdf)} pages"
    width, height = sheet(pdf)
    assert abs(width - A3_LANDSCAPE[0]) < 2 and abs(height - A3_LANDSCAPE[1]) < 2
    import pypdfium2  # in the dev extra: reads the page's text back

    doc = pypdfium2.PdfDocument(pdf)
    assert_no_word_cut(doc[0].get_textpage().get_text_range(), board_map)
    doc.close()


@needs_chromium
@browser_group
@pytest.mark.parametrize("stages", [1, 12])
def test_a_wide_screen_never_stretches_the_emotion_curve_past_twice_its_height(chromium, tmp_path, stages) -> None:
    """A board of one stage on a 1600-px screen drew its curve 800 px tall (its width follows the
    columns, its height in proportion); columns now grow to twice their width at most, and a
    wide board still fills the screen and scrolls."""
    source = tmp_path / "board.html"
    source.write_text(html.render(journey(wide_map(stages))), encoding="utf-8")
    with chromium.tab(width=1600) as tab:
        tab.open(source.as_uri())
        curve = tab.evaluate("document.querySelector('.curve svg').getBoundingClientRect().height")
        board = tab.evaluate("document.querySelector('table.board').getBoundingClientRect().width")
    assert curve <= 2 * html.CURVE_HEIGHT + 1
    if stages == 12:
        assert board >= 12 * html.COLUMN  # wider than the screen: it scrolls, as before


@needs_chromium
@browser_group
def test_a_12_stage_board_prints_as_two_pages_of_6_stages(chromium) -> None:
    assert page_count(print_to_pdf(chromium, html.render(journey(wide_map(12))))) == 2


def test_a_board_of_up_to_8_stages_is_one_printed_table() -> None:
    doc = lxml_html.fromstring(html.render(journey(wide_map(PRINT_STAGES))))
    assert len(doc.xpath("//table[contains(@class, 'board')]")) == 1
    assert doc.xpath("//div[contains(@class, 'print-part')]") == []


def test_a_wider_board_prints_in_even_parts_each_with_every_lane_title() -> None:
    page = html.render(journey(wide_map(12)))
    doc = lxml_html.fromstring(page)
    screen = doc.xpath("//table[@class='board']")
    parts = doc.xpath("//div[@class='print-part']/table")
    assert len(screen) == 1 and len(parts) == 2
    lanes = [th.text_content() for th in screen[0].xpath("tbody/tr/th[@scope='row']")]
    for part in parts:
        assert [th.text_content() for th in part.xpath("tbody/tr/th[@scope='row']")] == lanes
        assert len(part.xpath("thead//th[@scope='col']")) == 6
    stage_numbers = [th.xpath("span[@class='stage-no']")[0].text for th in parts[1].xpath("thead//th")]
    assert stage_numbers[0] == "Stage 7" and stage_numbers[-1] == "Stage 12"
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), "a printed part repeats an id of the screen table"


def test_parts_are_as_even_as_possible() -> None:
    from cjm import facts

    board = journey(wide_map(17))
    assert [len(part.stages) for part in print_parts(board, facts.of(board))] == [6, 6, 5]


@pytest.mark.parametrize(("size", "css"), [("a3", "420mm 297mm"), ("a4", "297mm 210mm"),
                                           ("letter", "11in 8.5in"), ("tabloid", "17in 11in")])
def test_page_size_option_sets_the_printed_sheet(size: str, css: str) -> None:
    from cjm.render import Options

    page = html.render(journey(wide_map(3)), Options(page_size=size))
    assert f"@page {{ size: {css};" in page


def test_cli_page_size_a4(cjm, write) -> None:
    path = write("wide.yaml", wide_map(3))
    result = cjm("render", str(path), "--page-size", "a4")
    assert result.exit_code == 0 and "@page { size: 297mm 210mm;" in result.stdout
    assert cjm("render", str(path), "--page-size", "a5").exit_code == 2
