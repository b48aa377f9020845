"""`cjm serve` in a real browser: headless Chromium keeps the page open while the map is saved,
and the page itself (its EventSource, under the server's Content-Security-Policy) reloads to the
new board, shows the overlay on a broken save, and recovers; the overlay passes axe-core.

Chromium is driven over its DevTools protocol on a pipe (render/browser.py); one Chromium serves
the run (the ``chromium`` fixture), each test opens its own tab.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from render import browser

from .helpers import request, serving
from .test_serve import board, save

BROWSER = browser.chromium()
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)"),
    pytest.mark.xdist_group("browser"),  # one worker finds axe-core (the module fixture) once
]


H1 = "(document.querySelector('h1') || {}).textContent"
OVERLAY = "document.getElementById('cjm-live-overlay')"


def test_the_open_page_follows_every_save_in_a_real_browser(tmp_path: Path, chromium: browser.Chromium) -> None:
    path = tmp_path / "checkout.yaml"
    path.write_text(board("Checkout journey"), encoding="utf-8")
    with serving(path) as live:
        with chromium.tab(live.url) as chrome:
            chrome.wait_for(f"{H1} === 'Checkout journey'")
            # no wait for the page's EventSource: it subscribes with the version it shows, and
            # a page saved before that is reloaded at once (test_serve.py tests that)
            save(path, board("Checkout, second draft"))
            chrome.wait_for(f"{H1} === 'Checkout, second draft'")

            save(path, board("Checkout, second draft") + "    emotion: 7\n")
            where = chrome.wait_for(f"{OVERLAY} && {OVERLAY}.querySelector('code').textContent")
            assert where == f"{path}:10:14"
            assert chrome.evaluate(H1) == "Checkout, second draft"  # the last good board stays
            assert chrome.evaluate(f"{OVERLAY}.getAttribute('role')") == "alert"
            chrome.evaluate("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))")
            assert chrome.evaluate(f"{OVERLAY}.hidden") is True

            save(path, board("Checkout, fixed"))
            chrome.wait_for(f"{H1} === 'Checkout, fixed' && !{OVERLAY}")


@pytest.fixture(scope="module")
def axe() -> Path:
    found = browser.axe_js()
    if found is None:
        pytest.skip(f"axe-core {browser.AXE_VERSION} is not installed and npm could not fetch it")
    return found


def test_the_overlay_has_no_axe_violations(tmp_path: Path, axe: Path, chromium: browser.Chromium) -> None:
    path = tmp_path / "checkout.yaml"
    path.write_text(board("Checkout journey"), encoding="utf-8")
    with serving(path) as live:
        save(path, board("Checkout journey") + "    <b>oops</b>: 1\n    emotion: 9\n")
        live.wait_for(lambda: 'id="cjm-live-overlay"' in request(live.url, "/").body)
        page = request(live.url, "/").body
    violations = browser.axe_violations(chromium, axe, page, tmp_path, ("light", "dark"))
    assert violations == [], "\n".join(f"{v['scheme']}: {v['id']}: {v['help']} {v['nodes']}" for v in violations)
