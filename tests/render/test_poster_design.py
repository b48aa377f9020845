"""The poster as a designer would sign it (`cjm render -f board-pdf`): it fills its sheet, keeps
a lane's title with its content across pages, fetches nothing from the network, names
sub-journeys by title, says which funnel period it shows, and quotes in the map's language.

Each test renders a PDF and reads it back as a reader sees it: pixels (pypdfium2 renders the
page) or text per page.
"""

from __future__ import annotations

import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cjm.render import board
from cjm.render.options import Options

from .helpers import ROOT, SAMPLES, journey
from .test_board_poster import PANGO_MISSING, pdf_pages, sample_poster

pytestmark = [
    pytest.mark.skipif(bool(PANGO_MISSING), reason=f"the system's Pango is missing: {PANGO_MISSING}"),
    pytest.mark.xdist_group("poster"),  # the worker that rendered a shared sample poster reads it
]


def ink_box(pdf: bytes, page: int = 0) -> tuple[float, float]:
    """The share of the page's width and height that the non-white pixels span."""
    import pypdfium2
    from PIL import ImageChops

    doc = pypdfium2.PdfDocument(pdf)
    try:
        image = doc[page].render(scale=50 / 72).to_pil().convert("L")
    finally:
        doc.close()
    inverted = ImageChops.invert(image).point(lambda v: 255 if v > 8 else 0)
    box = inverted.getbbox()
    assert box is not None, "the page is blank"
    left, top, right, bottom = box
    return (right - left) / image.width, (bottom - top) / image.height


def font_sizes(pdf: bytes) -> list[float]:
    """The size (pt) of every character on the first page."""
    import pypdfium2
    import pypdfium2.raw as raw

    doc = pypdfium2.PdfDocument(pdf)
    try:
        text = doc[0].get_textpage()
        return [raw.FPDFText_GetFontSize(text.raw, i) for i in range(text.count_chars())]
    finally:
        doc.close()


def board_map(stages: int, touchpoints: int, pains: int = 1, lang: str = "en") -> str:
    """A map of ``stages`` stages of ``touchpoints`` touchpoints each, every lane filled."""
    lines = ["cjm: 1", "id: sized", "title: Opening a savings account", f"lang: {lang}",
             "description: From the first ad to the first deposit, as customers told us in 12 interviews.",
             "stages:"]
    number = 0
    for s in range(1, stages + 1):
        lines += [f"  - id: s{s}", f"    name: Stage {s} of the journey", f"    emotion: {1 + s % 5}",
                  f"    thoughts: ['Will this take long, stage {s}?']", "    touchpoints:"]
        for _ in range(touchpoints):
            number += 1
            lines.append(f"      - {{id: t{number}, name: Visit number {number}, channel: web, emotion: {1 + number % 5}}}")
        lines.append("    pain_points:")
        for p in range(pains):
            lines.append(f"      - {{id: p{s}x{p}, name: Slow form {s}.{p}, touchpoints: [t{number}], severity: high}}")
        lines += [f"    opportunities: [{{id: o{s}, name: Shorter form {s}, addresses: [p{s}x0], status: idea}}]",
                  f"    desired_actions: [{{id: d{s}, name: Goal reached {s}, metric: m{s}}}]",
                  f"    completed_actions: [{{id: c{s}, fulfils: d{s}, count: {1000 - 100 * s}, period: 2026-Q3}}]",
                  f"    metrics: [{{id: m{s}, name: Share done {s}, target: 50, actual: 40, unit: '%'}}]"]
    return "\n".join(lines) + "\n"


def test_an_a3_poster_of_16_touchpoints_fills_its_page_in_readable_type() -> None:
    pdf = board.render_pdf(journey(board_map(4, 4)), Options(page_size="a3"))
    (width, height, _text), = pdf_pages(pdf)
    assert abs(width - 1190.55) < 2 and abs(height - 841.89) < 2
    wide, tall = ink_box(pdf)
    assert wide >= 0.8 and tall >= 0.8, f"the poster fills {wide:.0%} of the width, {tall:.0%} of the height"
    sizes = sorted(font_sizes(pdf))
    assert sizes[len(sizes) // 2] >= 9, f"median type {sizes[len(sizes) // 2]:.1f} pt"


def test_a_lanes_title_is_on_the_page_where_its_content_starts() -> None:
    """9 stages of 16 touchpoints and 8 pain points: the board prints in two parts, each over
    more than a page, and a page ends inside the lanes; no lane title is left at the foot of a
    page whose next page holds its cards. (This board fails without the print stylesheet's
    ``table.board tr { break-inside: avoid }``: the desired actions' title is left behind.)"""
    pdf = board.render_pdf(journey(board_map(9, 16, pains=8)))
    texts = [" ".join(text.split()) for _w, _h, text in pdf_pages(pdf)]
    assert len(texts) > 2

    def page_of(needle: str) -> int:
        found = [i for i, text in enumerate(texts) if needle in text]
        assert found, f"{needle!r} is on no page"
        return found[0]

    lanes = {"TOUCHPOINTS": "Visit number 1 ", "CUSTOMER THOUGHTS": "Will this take long, stage 1",
             "PAIN POINTS": "Slow form 1.0", "OPPORTUNITIES": "Shorter form 1",
             "DESIRED ACTIONS": "Goal reached 1", "METRICS": "Share done 1"}
    for title, first in lanes.items():
        assert page_of(title) == page_of(first), f"{title} is on page {page_of(title) + 1}, its content on {page_of(first) + 1}"


def test_a_board_too_tall_for_its_sheet_runs_onto_a_second_page_in_type_no_smaller_than_85_percent() -> None:
    """25 touchpoints in one stage do not fit one A3 page even in the smallest poster type: the
    poster shrinks its type once, to 85% (``board.MIN_SCALE``), and then prints over two pages
    rather than in type too small to read."""
    pdf = board.render_pdf(journey(board_map(1, 25)))
    texts = [" ".join(text.split()) for _w, _h, text in pdf_pages(pdf)]
    assert len(texts) == 2
    for number in range(1, 26):
        assert f"Visit number {number} " in " ".join(texts) + " ", f"touchpoint {number} is missing"
    sizes = sorted(font_sizes(pdf))
    # the print stylesheet's 6 pt at 85%: 5.1 pt (a poster shrunk to 60% would set 4 pt)
    assert sizes[len(sizes) // 2] >= 5.0, f"median type {sizes[len(sizes) // 2]:.1f} pt"


def test_labels_are_never_hyphenated_on_the_poster() -> None:
    (_w, _h, text), = pdf_pages(sample_poster("mobilfunk-wechsel.yaml"))
    for label in ("KUNDENZIEL", "TOUCHPOINTS", "KENNZAHLEN", "BACKSTAGE"):
        assert label in text, f"{label} is cut or missing"


class Counter(BaseHTTPRequestHandler):
    """Answers every GET with a little CSS and counts it."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"h1 { color: red; }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def counting_server():
    Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", Counter.hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)


def test_the_poster_of_a_template_with_remote_urls_makes_no_request(cjm, tmp_path, counting_server) -> None:
    url, hits = counting_server
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    style = (ROOT / "templates" / "style.css").read_text(encoding="utf-8")
    (brand / "style.css").write_text(
        f'@import url("{url}/brand.css");\n{style}\n'
        f'h1 {{ background: url("{url}/logo.png") no-repeat; }}\n'
        f'.eyebrow {{ background: url("https://127.0.0.1:{url.rsplit(":", 1)[1]}/tls.png"); }}\n'
        '.meta { background: url("file:///etc/hostname"); }\n'
        'footer { background: url("mark.svg") no-repeat; }\n'  # the template folder's own file
        'header { background: url("data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"); }\n',
        encoding="utf-8")
    out = tmp_path / "poster.pdf"
    small = tmp_path / "small.yaml"  # the template is under test, not the board: a small one
    small.write_text(board_map(1, 1), encoding="utf-8")
    result = cjm("render", str(small), "-f", "board-pdf",
                 "--template-dir", str(brand), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert hits == [], f"the poster asked the network for {hits}"
    for left_out in (f"{url}/brand.css", f"{url}/logo.png", "/tls.png", "file:///etc/hostname"):
        assert left_out in result.stderr, f"no warning names {left_out}: {result.stderr}"
    assert "mark.svg" not in result.stderr and "data:" not in result.stderr
    assert result.stderr.count("cjm: warning:") == 4


def test_without_the_posters_fetcher_weasyprint_would_have_asked(counting_server) -> None:
    """The server above does count: WeasyPrint's own fetcher fetches a url() from it."""
    url, hits = counting_server
    board.weasyprint().HTML(string=f'<style>@import url("{url}/brand.css");</style><p>x</p>').render()
    assert hits == ["/brand.css"]


def test_the_poster_names_sub_journeys_by_title_and_its_map_from_the_repository_root(cjm, tmp_path) -> None:
    source = (SAMPLES / "bank" / "bank-client.yaml").resolve()
    out = tmp_path / "bank.pdf"
    assert cjm("render", str(source), "-f", "board-pdf", "-o", str(out)).exit_code == 0
    text = " ".join(" ".join(t for _w, _h, t in pdf_pages(out.read_bytes())).split())
    text = re.sub(r"[-\u2010\u00ad] ", "", text)  # words hyphenated at a line end, joined
    assert "Вложенный путь: Дебетовая карта" in text
    assert "card-delivery" not in text  # the sub-journey's id
    assert "bank-client.yaml" in text and str(source.parent) not in text
    assert os.fsencode(str(source.parent)) not in out.read_bytes()


def test_the_desired_actions_lane_shows_the_latest_period_with_data_for_most_steps() -> None:
    from dataclasses import replace

    from cjm.render import html

    text = board_map(3, 1) + (  # every step in 2026-Q3; one step already recorded for 2026-Q4
        "  - id: late\n    name: Late stage\n"
        "    completed_actions: [{id: c-late, fulfils: d1, count: 700, period: 2026-Q4}]\n")
    board_text = html.render(journey(text), replace(Options(), print_only=True))
    assert "Period 2026-Q3: the latest with data for most steps" in board_text
    assert "No data for 2026-Q4" not in board_text
    asked = html.render(journey(text), replace(Options(), print_only=True, period="2026-q4"))
    assert "Period 2026-Q4" in asked and "the latest with data" not in asked
    assert asked.count("No data for 2026-Q4.") == 2  # the two steps without Q4 data


def test_thoughts_are_quoted_as_the_maps_language_quotes() -> None:
    russian = journey((SAMPLES / "bank-card-current.yaml").read_text(encoding="utf-8"))
    polish = journey((SAMPLES / "omnichannel-retail.yaml").read_text(encoding="utf-8"))
    (_w, _h, ru), = pdf_pages(sample_poster("bank-card-current.yaml"))
    first = russian.stages[0].thoughts[0]
    assert re.search("«\\s*" + re.escape(first.split()[0]), ru), "a Russian thought is not in «…»"
    pl = " ".join(t for _w, _h, t in pdf_pages(board.render_pdf(polish)))
    assert "\u201e" in pl and "\u201c" not in pl  # „…” , never “…”


@pytest.mark.parametrize(("size", "landscape"), [("A3", True), ("Letter", True), ("auto", False)])
def test_page_sizes_are_accepted_in_any_case_and_auto_picks_the_orientation(cjm, tmp_path, size, landscape) -> None:
    source = tmp_path / "small.yaml"
    source.write_text(board_map(1, 1), encoding="utf-8")
    out = tmp_path / "small.pdf"
    result = cjm("render", str(source), "-f", "board-pdf", "--page-size", size, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    (width, height, _text), *_ = pdf_pages(out.read_bytes())
    assert (width > height) == landscape


def test_md_lists_the_sub_journeys_by_title(cjm) -> None:
    result = cjm("render", str(SAMPLES / "bank" / "bank-client.yaml"), "-f", "md")
    assert result.exit_code == 0, result.stderr
    section = result.stdout.split("## Вложенные пути", 1)[1]
    assert "Дебетовая карта — от заявки до первой покупки" in section
    assert "Перевод зарплаты в банк «Северный»" in section
    assert "`card-delivery`" not in section


def test_a_rendered_poster_lists_what_it_read_only_from_allowed_folders(tmp_path: Path) -> None:
    refused: list[str] = []
    fetcher = board.local_fetcher(board.allowed_folders(tmp_path), refused)
    (tmp_path / "ok.css").write_text("p {}", encoding="utf-8")
    assert fetcher.fetch((tmp_path / "ok.css").as_uri()).read() == b"p {}"
    for url in ("http://example.invalid/x.css", (tmp_path.parent / "other.css").as_uri(),
                (tmp_path / ".." / "escape.css").as_uri()):
        with pytest.raises(board.Refused):
            fetcher.fetch(url)
    assert len(refused) == 3
