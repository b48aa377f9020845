"""The HTML board and site index pass axe-core in headless Chromium, in light and dark mode.

.ci/run installs chromium (apt-get) and axe-core (npm) so CI really runs this; locally it is
skipped, with the reason, only when no Chromium is installed or axe-core cannot be fetched.
axe-core is pinned to one exact version (tools/axe-core.version), never fetched as "latest 4.x".
"""

from __future__ import annotations

import pytest

from cjm.render import html
from cjm.render.site import Entry, index_html

from . import browser
from .helpers import HOSTILE, fixture, journey

BROWSER = browser.chromium()
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)"),
    pytest.mark.xdist_group("browser"),  # one worker finds axe-core (the module fixture) once
]


@pytest.fixture(scope="module")
def axe():
    found = browser.axe_js()
    if found is None:
        pytest.skip(f"axe-core {browser.AXE_VERSION} is not installed and npm could not fetch it "
                    f"(sh tools/ensure-browser.sh)")
    return found


def test_axe_core_is_pinned_to_one_exact_version() -> None:
    assert browser.AXE_VERSION.count(".") == 2 and browser.AXE_VERSION.replace(".", "").isdigit()
    script = (browser.ROOT / "tools" / "ensure-browser.sh").read_text(encoding="utf-8")
    assert '"axe-core@$AXE_VERSION"' in script and "axe-core@4" not in script


@pytest.fixture
def _check(chromium, axe, tmp_path):
    """``_check(page, "light", "dark")``: axe-core finds no violation in ``page`` in those
    colour schemes (light alone when none is named)."""

    def check(page: str, *schemes: str) -> None:
        violations = browser.axe_violations(chromium, axe, page, tmp_path, schemes or ("light",))
        assert violations == [], "\n".join(f"{v['scheme']}: {v['id']}: {v['help']} {v['nodes']}" for v in violations)

    return check


def test_board_has_no_axe_violations_in_light_and_dark_mode(_check) -> None:
    page = html.render(fixture("bank-card-current.yaml"))
    _check(page, "light", "dark")


def test_board_with_hostile_and_sparse_content_has_no_axe_violations(_check) -> None:
    _check(html.render(journey(HOSTILE)))


def test_site_index_with_a_broken_map_has_no_axe_violations(_check) -> None:
    from cjm.problems import Problem

    entries = [
        Entry("maps/a.yaml", "a.html", fixture("omnichannel-retail.yaml")),
        Entry("maps/b.yaml", "b.html", None, [Problem("CJM001", "bad <thing>", "maps/b.yaml", 3, 4)]),
    ]
    _check(index_html(entries))


def test_board_with_trend_lines_has_no_axe_violations(_check) -> None:
    """Metric history and funnels over four periods: each trend line is an image whose text
    alternative lists the numbers."""
    from conftest import SAMPLES

    from cjm import load

    page = html.render(load(SAMPLES / "online-store-first-purchase.yaml"))
    assert page.count('<svg class="trend') == 12
    _check(page, "light", "dark")


def test_board_with_evidence_items_and_an_assumption_only_pain_has_no_axe_violations(_check) -> None:
    from pathlib import Path

    german = Path(browser.ROOT / "sample_maps" / "mobilfunk-wechsel.yaml").read_text(encoding="utf-8")
    page = html.render(journey(german))
    assert "conf-assumption" in page and '<details class="evidence">' in page
    _check(page, "light", "dark")


# English, a Latin script with diacritics and a Cyrillic one: the page's structure and colours are
# the same in every language, and the labels of all six are checked by tests/i18n; an axe run of
# the index costs a second and a half, three more of them added nothing these do not check
@pytest.mark.parametrize("lang", ["en", "pl", "uk"])
def test_site_index_with_a_journey_tree_has_no_axe_violations(_check, lang) -> None:
    from hierarchy_maps import FILES

    entries = _hierarchy(FILES)
    page = index_html(entries, lang=lang)
    assert 'class="tree"' in page
    _check(page, "light", "dark")


def test_parent_board_with_sub_journeys_has_no_axe_violations(_check) -> None:
    from hierarchy_maps import FILES

    from cjm.render.options import Options
    from cjm.render.site import by_map_id, sub_journeys

    entries = _hierarchy(FILES)
    details = sub_journeys(entries[0], by_map_id(entries), link=True)
    page = html.render(entries[0].map, Options(extra={"details": details}))
    assert page.count('class="detail"') == 2
    _check(page, "light", "dark")


def _hierarchy(files: list[tuple[str, str]]) -> list[Entry]:
    """The maps of a small repository as site entries (read one by one, their cross-file links
    unchecked: the site, not validation, is under test here)."""
    from cjm.loader import load_text
    from cjm.validate import validate_document

    out = []
    for name, text in files:
        readable = validate_document(load_text(text, name)).readable
        assert readable is not None
        out.append(Entry(f"maps/{name}", name.replace(".yaml", ".html"), readable))
    return out
