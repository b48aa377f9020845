"""As-is and to-be on one board: stages matched by id, both curves, every element marked."""

from __future__ import annotations

from lxml import html as lxml_html

CURRENT = """\
cjm: 1
id: onboarding-now
title: Onboarding today
lang: de
stages:
  - id: signup
    name: Registrierung
    emotion: 2
    touchpoints:
      - {id: tp-form, name: Langes Formular, channel: web}
      - {id: tp-fax, name: Vertrag per Fax, channel: mail}
    pain_points:
      - {id: pp-long, name: Formular zu lang, touchpoints: [tp-form], severity: high}
      - {id: pp-fax, name: Fax, touchpoints: [tp-fax], severity: low}
    opportunities:
      - {id: op-short, name: Kurzes Formular, addresses: [pp-long], status: planned}
"""

FUTURE = """\
cjm: 1
id: onboarding-next
title: Onboarding next year
state: future
current: onboarding-now
lang: de
stages:
  - id: signup
    name: Registrierung
    emotion: 4
    touchpoints:
      - {id: tp-form, name: Kurzes Formular, channel: web}
    pain_points:
      - {id: pp-long, name: Formular zu lang, touchpoints: [tp-form], severity: high}
    opportunities:
      - {id: op-short, name: Kurzes Formular, addresses: [pp-long], status: done}
  - id: first-use
    name: Erste Nutzung
    emotion: 5
"""


def _marks(doc, lane: str) -> dict[str, str]:
    out = {}
    for card in doc.xpath(f"//tr[@class='lane-{lane}']//li"):
        out[card.get("id").removeprefix("el-")] = card.get("class").split("mark-")[1]
    return out


def test_one_board_marks_what_the_future_adds_removes_changes_and_resolves(cjm, write, tmp_path):
    current, future = write("now.yaml", CURRENT), write("next.yaml", FUTURE)
    out = tmp_path / "compare.html"
    result = cjm("render", str(current), str(future), "--compare", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = lxml_html.document_fromstring(out.read_text(encoding="utf-8"))
    heads = [th.text_content() for th in doc.xpath("//thead//th")]
    assert "Registrierung" in heads[0] and "Erste Nutzung" in heads[1] and "neu" in heads[1]
    assert _marks(doc, "touchpoints") == {"tp-form": "changed", "tp-fax": "removed"}
    assert _marks(doc, "pain_points") == {"pp-long": "resolved", "pp-fax": "removed"}
    assert _marks(doc, "opportunities") == {"op-short": "changed"}
    desc = doc.xpath("//desc")[0].text_content()
    assert "Registrierung: 2 → 4" in desc and "Erste Nutzung: – → 5" in desc  # both curves
    assert len(doc.xpath("//polyline")) == 2
    assert doc.xpath("/html")[0].get("lang") == "de"


def test_compare_needs_two_maps(cjm, write):
    result = cjm("render", str(write("now.yaml", CURRENT)), "--compare")
    # the usage error speaks the map's language (CURRENT is a German map)
    assert result.exit_code == 2 and "--compare nimmt zwei Kartendateien" in result.stderr
    english = cjm("render", str(write("now.yaml", CURRENT)), "--compare", "--lang", "en")
    assert english.exit_code == 2 and "--compare takes two map files" in english.stderr


def test_a_site_pairs_a_future_map_with_its_current_one(cjm, write, tmp_path):
    write("maps/now.yaml", CURRENT)
    write("maps/next.yaml", FUTURE)
    site = tmp_path / "site"
    assert cjm("render", str(tmp_path / "maps"), "-o", str(site)).exit_code == 0
    assert (site / "next-compare.html").exists()
    index = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    rows = [tr.xpath("./th")[0].text_content() for tr in index.xpath("//table[@class='index']/tbody/tr")]
    assert "Onboarding today" in rows[0] and "Onboarding next year" in rows[1]  # side by side
    assert index.xpath("//a[@class='compare-link']")[0].get("href").endswith("next-compare.html")
