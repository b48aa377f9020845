"""`cjm serve` in a real browser: headless Chromium keeps the page open while the map is saved,
and the page itself (its EventSource, under the server's Content-Security-Policy) reloads to the
new board, shows the overlay on a broken save, and recovers; the overlay passes axe-core.

Chromium is driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages separated by NUL bytes on descriptors 3 and 4), so no client library is needed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from render import browser

from .helpers import request, serving
from .test_serve import board, save

BROWSER = browser.chromium()
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)"),
    pytest.mark.xdist_group("browser"),  # one worker finds axe-core (the module fixture) once
]


class Chromium:
    """One headless Chromium with one tab, driven over the DevTools pipe."""

    def __init__(self, url: str) -> None:
        assert BROWSER is not None
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)

        def descriptors() -> None:  # the protocol's fixed descriptors, inheritable across exec
            a, b = os.dup(to_chrome), os.dup(from_chrome)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [BROWSER, *browser.FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}",
             "about:blank"],
            preexec_fn=descriptors, close_fds=False, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._id = 0
        target = self._call("Target.createTarget", {"url": url})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    def _call(self, method: str, params: dict[str, Any], session: str | None = None) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                assert "error" not in reply, reply
                return dict(reply["result"])

    def evaluate(self, expression: str) -> Any:
        result = self._call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self._session)
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting in the browser for {expression}; "
                             f"page: {self.evaluate('document.documentElement.outerHTML.slice(0, 300)')}")

    def close(self) -> None:
        """Chromium and its helper processes (its own process group), then its profile."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self._write)
        os.close(self._read)
        self._profile.cleanup()


H1 = "(document.querySelector('h1') || {}).textContent"
OVERLAY = "document.getElementById('cjm-live-overlay')"


def test_the_open_page_follows_every_save_in_a_real_browser(tmp_path: Path) -> None:
    path = tmp_path / "checkout.yaml"
    path.write_text(board("Checkout journey"), encoding="utf-8")
    with serving(path) as live:
        chrome = Chromium(live.url)
        try:
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
        finally:
            chrome.close()


@pytest.fixture(scope="module")
def axe() -> Path:
    found = browser.axe_js()
    if found is None:
        pytest.skip(f"axe-core {browser.AXE_VERSION} is not installed and npm could not fetch it")
    return found


def test_the_overlay_has_no_axe_violations(tmp_path: Path, axe: Path) -> None:
    path = tmp_path / "checkout.yaml"
    path.write_text(board("Checkout journey"), encoding="utf-8")
    with serving(path) as live:
        save(path, board("Checkout journey") + "    <b>oops</b>: 1\n    emotion: 9\n")
        live.wait_for(lambda: 'id="cjm-live-overlay"' in request(live.url, "/").body)
        page = request(live.url, "/").body
    for dark in (False, True):
        assert BROWSER is not None
        violations = browser.axe_violations(BROWSER, axe, page, tmp_path, dark=dark)
        assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)
