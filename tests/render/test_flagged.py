"""A map that can still be read is published with its problems on the page, as docs/render.md says."""

from __future__ import annotations

from lxml import html as lxml_html

DANGLING = """\
cjm: 1
id: dangling
title: Dangling reference
lang: ru
stages:
  - id: a
    name: Поиск
    touchpoints:
      - {id: tp-a, name: Сайт, channel: web}
    pain_points:
      - {id: pp-a, name: Медленно, touchpoints: [tp-missing], severity: high}
"""


def test_a_dangling_reference_gets_a_flagged_page_and_a_flagged_index_row(cjm, write, tmp_path):
    write("maps/dangling.yaml", DANGLING)
    write("maps/broken.yaml", "cjm: 1\nid: broken\ntitle: [unclosed\n")
    site = tmp_path / "site"
    result = cjm("render", str(tmp_path / "maps"), "-o", str(site))
    assert result.exit_code == 1  # problems found, and said so on stderr
    assert "CJM021" in result.stderr
    page = lxml_html.document_fromstring((site / "dangling.html").read_text(encoding="utf-8"))
    (banner,) = page.xpath("//section[contains(@class, 'problems-banner')]")
    assert "В карте есть ошибки" in banner.text_content() and "tp-missing" in banner.text_content()
    assert banner.get("role") == "alert"
    assert page.xpath("//*[@id='el-pp-a']")  # the page itself is all there
    index = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    links = [a.get("href") for a in index.xpath("//table[@class='index']//a")]
    assert any(h.endswith("dangling.html") for h in links)
    assert not (site / "broken.html").exists()  # unreadable maps are listed without a page
    assert "broken.yaml" in index.text_content()
