"""The board's trend lines: drawn from the facts, with the numbers as text, in the map's language."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SAMPLES, run_cjm
from lxml import html as lxml_html


def _board(tmp_path: Path, *args: str) -> lxml_html.HtmlElement:
    out = tmp_path / "board.html"
    result = run_cjm("render", str(SAMPLES / "online-store-first-purchase.yaml"), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return lxml_html.document_fromstring(out.read_text(encoding="utf-8"))


def test_each_metric_and_step_with_several_periods_has_a_trend_with_its_numbers(tmp_path: Path) -> None:
    board = _board(tmp_path)
    card = board.get_element_by_id("el-m-checkout-conversion")
    svg = card.xpath(".//svg[contains(@class, 'trend')]")[0]
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == ("Cart-to-order conversion by period: 2025-Q3: 30.1%; "
                                     "2025-Q4: 46%; 2026-Q1: 33.2%; 2026-Q2: 32%. target 45%")
    assert len(svg.xpath(".//circle")) == 4
    change = card.xpath(".//*[@class='trend-change']")[0].text_content()
    assert change == "−1.2 pp since 2026-Q1; target missed 2 periods in a row"
    step = board.get_element_by_id("el-da-place-order")
    assert step.xpath(".//svg[contains(@class, 'trend')]")[0].get("aria-label") == \
        "Conversion by period: 2026-Q1: 33.2%; 2026-Q2: 32.0%"
    assert step.xpath(".//*[@class='trend-change']")[0].text_content() == "−1.2 pp since 2026-Q1"


def test_trend_text_in_russian(tmp_path: Path) -> None:
    board = _board(tmp_path, "--lang", "ru")
    card = board.get_element_by_id("el-m-checkout-conversion")
    label = card.xpath(".//svg[contains(@class, 'trend')]")[0].get("aria-label")
    assert label.startswith("Cart-to-order conversion по периодам: 2025-Q3: 30,1\u00a0%")
    assert label.endswith("цель 45\u00a0%")
    assert "с 2026-Q1" in card.xpath(".//*[@class='trend-change']")[0].text_content()


def test_a_russian_board_writes_every_percentage_one_way(tmp_path: Path) -> None:
    """A step's conversion (a share) and a metric's value in % (a number the team wrote) both
    take Russian's percent sign after a no-break space: "40,0 %" beside "40%" read as two
    formats on one board."""
    board = _board(tmp_path, "--lang", "ru")
    step = board.get_element_by_id("el-da-place-order")
    assert step.xpath(".//svg[contains(@class, 'trend')]")[0].get("aria-label") == \
        "Конверсия по периодам: 2026-Q1: 33,2\u00a0%; 2026-Q2: 32,0\u00a0%"
    card = board.get_element_by_id("el-m-checkout-conversion")
    numbers = card.xpath(".//*[@class='metric-numbers']")[0].text_content()
    assert numbers.startswith("32\u00a0% при цели 45\u00a0%"), numbers
    # every number cjm writes on the board (not the map's own text, which may say "58%")
    cjm_numbers = " or ".join(f"contains(@class, '{c}')" for c in
                              ("metric-numbers", "funnel-numbers", "drop", "trend-change", "kpi"))
    text = " ".join(board.xpath(f"//*[{cjm_numbers}]//text()") + board.xpath("//svg/@aria-label"))
    assert "32,0\u00a0%" in text and "45\u00a0%" in text
    assert not re.search(r"\d%", text), re.findall(r".{20}\d%", text)
