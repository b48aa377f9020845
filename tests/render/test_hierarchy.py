"""The journey hierarchy on a published site: the index as a tree, parent boards with their
sub-journeys' summaries, rolled-up numbers worked out by hand."""

from __future__ import annotations

from pathlib import Path

from hierarchy_maps import FILES, KYC, OTHER
from lxml import html as lxml_html

from cjm.hierarchy import Link, tree


def _site(write, tmp_path: Path, cjm) -> Path:
    for name, text in FILES:
        write(f"maps/{name}", text)
    result = cjm("render", str(tmp_path / "maps"), "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    return tmp_path / "site"


def _text(node) -> str:
    return " ".join(node.text_content().split())


def test_the_index_is_a_tree_from_the_end_to_end_journey_down(write, tmp_path, cjm) -> None:
    site = _site(write, tmp_path, cjm)
    doc = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    tree_nav = doc.xpath("//nav[@class='tree']")[0]
    roots = tree_nav.xpath("./ul/li")
    assert [_text(li.xpath(".//a[@class='node-title']")[0]) for li in roots] == [
        "Become a customer", "Another journey"]  # the end-to-end journey first
    parent = roots[0]
    children = parent.xpath("./ul/li")
    # journey order: the stage's detail (onboarding) before the touchpoint's in the same stage
    titles = [[_text(a) for a in li.xpath("./div//a[@class='node-title']")] for li in children]
    assert titles == [["Onboarding"], ["Identity check", "Identity check, to-be"]]
    assert children[0].xpath(".//a[@class='node-title']")[0].get("href") == "./sub/onboard.html"
    # as-is and to-be side by side, with their compare page
    pair = children[1].xpath("./div[@class='node-pair']")[0]
    assert pair.xpath(".//a[contains(@href, 'compare')]")[0].get("href") == "./sub/kyc-future-compare.html"


def test_a_parent_rolls_up_its_sub_journeys_numbers(write, tmp_path, cjm) -> None:
    site = _site(write, tmp_path, cjm)
    doc = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    parent = doc.xpath("//nav[@class='tree']/ul/li")[0]
    own = _text(parent.xpath("./div/p[@class='node-facts']")[0])
    assert own == "conversion 400 of 20,000 (2.0%), 2026-Q3 lowest emotion 3 (Onboarding) open pain points: ▲ 1 high"
    rolled = _text(parent.xpath("./div/p[@class='node-rollup']")[0])
    # as-is maps only: 1 high (parent) + 1 critical, 1 high (onboarding; pp-e is resolved) + 1 medium
    # (kyc); the to-be map's planned critical one is not added to today's journey
    assert rolled == ("With its 2 sub-journeys: open pain points: ▲▲ 1 critical ▲ 2 high ■ 1 medium "
                      "lowest emotion 1 (Identity check: Upload ID) metrics off target: 1 of 1")
    onboarding = _text(parent.xpath("./ul/li")[0].xpath("./div/p[@class='node-facts']")[0])
    # its latest period (Q3), end to end: 405 of the first step's base, 1,000
    assert onboarding.startswith("conversion 405 of 1,000 (40.5%), 2026-Q3 lowest emotion 2 (Sign up)")
    # the table lists every map in the same order, sub-journeys marked as part of their parent
    rows = [_text(th) for th in doc.xpath("//table[@class='index']/tbody/tr/th")]
    # (the title first, "part of" on its own line below it)
    assert rows[:3] == ["Become a customer", "Onboarding part of Become a customer",
                        "Identity check part of Become a customer"]


def test_a_parent_board_links_each_detail_to_its_sub_journey_with_its_summary(write, tmp_path, cjm) -> None:
    site = _site(write, tmp_path, cjm)
    board = lxml_html.document_fromstring((site / "parent.html").read_text(encoding="utf-8"))
    stage = board.xpath("//th[@id='el-onboarding']//span[@class='detail']")[0]
    assert stage.xpath(".//a")[0].get("href") == "./sub/onboard.html"
    assert _text(stage) == ("Sub-journey: Onboarding conversion 405 of 1,000 (40.5%), 2026-Q3 "
                            "lowest emotion 2 (Sign up) open pain points: ▲▲ 1 critical ▲ 1 high")
    card = board.xpath("//li[@id='el-tp-app']//span[@class='detail']")[0]
    assert card.xpath(".//a")[0].get("href") == "./sub/kyc.html"
    assert "lowest emotion 1 (Upload ID)" in _text(card)
    # the sub-journey's own board shows the same numbers
    sub = lxml_html.document_fromstring((site / "sub" / "onboard.html").read_text(encoding="utf-8"))
    kpis = _text(sub.xpath("//ul[@class='kpis']")[0])
    assert "405of 1,000 customers reach the last step (40.5%), 2026-Q3" in kpis


def test_a_flat_folder_keeps_the_flat_index(write, tmp_path, cjm) -> None:
    write("maps/other.yaml", OTHER)
    write("maps/kyc.yaml", KYC.replace("parent: become-customer\n", ""))
    assert cjm("render", str(tmp_path / "maps"), "-o", str(tmp_path / "site")).exit_code == 0
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="tree"' not in page and "part of" not in page


def _link(ident: str, parent: str | None = None, state: str = "current", current: str | None = None,
          details: tuple[str, ...] = ()) -> Link:
    return Link(ident, ident, state, parent, current, details)


def test_every_map_is_in_the_tree_once_even_with_a_cycle_or_a_missing_parent() -> None:
    links = [_link("a", parent="b"), _link("b", parent="a"), _link("c", parent="gone"),
             _link("d", parent="c"), _link("e", details=()), _link("e2", parent="e")]
    roots = tree(links, lambda x: x)
    seen = [n.item.id for r in roots for n in r.walk()]
    assert sorted(seen) == sorted(x.id for x in links)
    assert [r.item.id for r in roots] == ["a", "b", "c", "e"]  # a cycle: both are roots
    assert [n.item.id for n in roots[2].subtree()] == ["c", "d"]


def test_children_follow_the_parents_details_then_their_titles() -> None:
    links = [_link("p", details=("z", "y")), _link("x", parent="p"), _link("y", parent="p"),
             _link("z", parent="p")]
    (root,) = tree(links, lambda x: x)
    assert [c.item.id for c in root.children] == ["z", "y", "x"]
    assert [c.depth for c in root.children] == [1, 1, 1]


def test_a_board_rendered_alone_shows_its_sub_journeys_summaries_without_links(write, tmp_path, cjm) -> None:
    site = _site(write, tmp_path, cjm)
    assert site.is_dir()
    result = cjm("render", str(tmp_path / "maps" / "parent.yaml"))
    assert result.exit_code == 0, result.output
    board = lxml_html.document_fromstring(result.stdout)
    stage = board.xpath("//th[@id='el-onboarding']//span[@class='detail']")[0]
    assert stage.xpath(".//a") == []  # no site around it: a link could lead nowhere
    assert _text(stage).startswith("Sub-journey: Onboarding conversion 405 of 1,000 (40.5%), 2026-Q3")


def test_every_sub_journey_links_up_to_its_parent_on_the_site(write, tmp_path, cjm) -> None:
    site = _site(write, tmp_path, cjm)
    for page in ("sub/onboard.html", "sub/kyc.html", "sub/kyc-future.html"):
        board = lxml_html.document_fromstring((site / page).read_text(encoding="utf-8"))
        (up,) = board.xpath("//header//p[@class='parent-journey']")
        assert _text(up) == "↑ part of Become a customer"
        assert [a.get("href") for a in up.xpath(".//a")] == ["../parent.html"]
        assert (site / "sub" / "../parent.html").is_file()
    top = lxml_html.document_fromstring((site / "parent.html").read_text(encoding="utf-8"))
    assert top.xpath("//p[@class='parent-journey']") == []  # the end-to-end journey has none
    index = lxml_html.document_fromstring((site / "index.html").read_text(encoding="utf-8"))
    part_of = index.xpath("//table[@class='index']//span[@class='part-of']")
    assert [a.get("href") for span in part_of for a in span.xpath(".//a")] == ["./parent.html"] * 3


def test_a_sub_journey_rendered_alone_names_its_parent_without_a_link(write, tmp_path, cjm) -> None:
    for name, text in FILES:
        write(f"maps/{name}", text)
    write("maps/.cjm.toml", "")  # the repository's root, where its map index starts
    result = cjm("render", str(tmp_path / "maps" / "sub" / "onboard.yaml"))
    assert result.exit_code == 0, result.output
    board = lxml_html.document_fromstring(result.stdout)
    (up,) = board.xpath("//p[@class='parent-journey']")
    assert _text(up) == "↑ part of Become a customer" and up.xpath(".//a") == []


def test_the_way_up_is_said_in_the_board_s_language(write, tmp_path, cjm) -> None:
    for name, text in FILES:
        write(f"maps/{name}", text)
    result = cjm("render", str(tmp_path / "maps"), "-o", str(tmp_path / "site"), "--lang", "uk")
    assert result.exit_code == 0, result.output
    board = lxml_html.document_fromstring((tmp_path / "site" / "sub" / "kyc.html").read_text(encoding="utf-8"))
    (up,) = board.xpath("//p[@class='parent-journey']")
    assert _text(up) == "↑ частина шляху «Become a customer»"
    assert up.xpath(".//a")[0].text == "Become a customer"


def test_a_sub_journey_s_markdown_names_its_parent_under_its_title(write, tmp_path, cjm) -> None:
    for name, text in FILES:
        write(f"maps/{name}", text)
    write("maps/.cjm.toml", "")
    result = cjm("render", str(tmp_path / "maps" / "sub" / "kyc.yaml"), "-f", "md", "--lang", "pl")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Identity check\n\n↑ część podróży „Become a customer”\n\n")
