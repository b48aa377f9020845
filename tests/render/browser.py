"""Headless Chromium for the browser tests: axe-core accessibility runs, printing, live pages.

Chromium runs with no network access features, a throwaway profile, and a page that loads
nothing from outside (our HTML is self-contained; axe-core is inlined into a copy of the page).

One Chromium serves a whole test run (the ``chromium`` fixture in tests/conftest.py): it is
driven over its DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages
separated by NUL bytes on descriptors 3 and 4), so no client library is needed, and each test
opens a tab of its own instead of paying a browser start (~1 s of CPU) per page.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_DIRS = [ROOT / ".cache" / "render" / "node_modules", ROOT / "tests" / "render" / "node_modules"]
# The one pinned axe-core version (tools/ensure-browser.sh installs the same): a newer axe brings
# new rules, and the test's verdict must not change without a commit.
AXE_VERSION = (ROOT / "tools" / "axe-core.version").read_text(encoding="utf-8").strip()
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--disable-dev-shm-usage",
]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _pinned(package: Path) -> bool:
    try:
        return json.loads((package / "package.json").read_text(encoding="utf-8")).get("version") == AXE_VERSION
    except (OSError, ValueError):
        return False


def axe_js() -> Path | None:
    """axe.min.js from CJM_AXE_JS, the cache folder .ci/run installs into, or npm install now,
    always axe-core at exactly :data:`AXE_VERSION`."""
    env = os.environ.get("CJM_AXE_JS")
    if env and Path(env).is_file():
        return Path(env)
    for folder in AXE_DIRS:
        candidate = folder / "axe-core" / "axe.min.js"
        if candidate.is_file() and _pinned(candidate.parent):
            return candidate
    npm = shutil.which("npm")
    if npm is None:
        return None
    prefix = ROOT / ".cache" / "render"
    prefix.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", "--save-exact", "--prefix", str(prefix),
                    f"axe-core@{AXE_VERSION}"], capture_output=True, timeout=300, check=False)
    candidate = prefix / "node_modules" / "axe-core" / "axe.min.js"
    return candidate if candidate.is_file() and _pinned(candidate.parent) else None


class ProtocolError(AssertionError):
    """Chromium answered a command with an error."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error)
        self.message = str(error.get("message", ""))

    @property
    def navigating(self) -> bool:
        """The page reloaded (or navigated) while the command ran: a live page does that by
        design, so a poll asks again instead of failing."""
        return any(phrase in self.message for phrase in
                   ("navigated or closed", "Execution context was destroyed", "Cannot find context"))


class Chromium:
    """One headless Chromium, driven over the DevTools pipe; :meth:`tab` opens a page in it."""

    def __init__(self, executable: str) -> None:
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)

        def descriptors() -> None:  # the protocol's fixed descriptors, inheritable across exec
            a, b = os.dup(to_chrome), os.dup(from_chrome)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [executable, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}", "about:blank"],
            preexec_fn=descriptors, close_fds=False, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._ids = itertools.count(1)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 60) -> dict[str, Any]:
        """Send one command and wait (up to ``timeout`` s) for its reply; events are skipped."""
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read], [], [], left)[0]:
                    raise AssertionError(f"Chromium did not answer {method} within {timeout} s")
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == number:
                if "error" in reply:
                    raise ProtocolError(reply["error"])
                return dict(reply["result"])

    def tab(self, url: str = "about:blank", width: int = 1600, height: int = 1200) -> Tab:
        target = self.call("Target.createTarget", {"url": url, "newWindow": True, "width": width, "height": height})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Tab(self, target, session)

    def close(self) -> None:
        """Chromium and its helper processes (its own process group), then its profile."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self._write)
        os.close(self._read)
        self._profile.cleanup()


class Tab:
    """One page of a :class:`Chromium`; :meth:`close` it when done (``with`` does)."""

    def __init__(self, browser: Chromium, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 60) -> dict[str, Any]:
        return self.browser.call(method, params, self.session, timeout)

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> Any:
        """The expression's value once it is truthy; a failure after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except ProtocolError as error:
                if not error.navigating:
                    raise
                value = None
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"timed out waiting in the browser for {expression}; "
                             f"page: {self.evaluate('document.documentElement.outerHTML.slice(0, 300)')}")

    def open(self, url: str) -> None:
        """Load ``url`` and wait until it has loaded (its scripts that run on load have run)."""
        self.call("Page.navigate", {"url": url})
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def dark(self, on: bool) -> None:
        """Emulate ``prefers-color-scheme: dark`` (or light), as a reader's dark system theme."""
        self.call("Emulation.setEmulatedMedia",
                  {"features": [{"name": "prefers-color-scheme", "value": "dark" if on else "light"}]})
        assert self.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is on

    def print_to_pdf(self) -> bytes:
        """The page printed as a reader's "Save as PDF" does: the page's own @page size, no
        header or footer (what ``--print-to-pdf --no-pdf-header-footer`` writes)."""
        result = self.call("Page.printToPDF", {"preferCSSPageSize": True, "displayHeaderFooter": False},
                           timeout=120)
        return base64.b64decode(result["data"])

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})


_pages = itertools.count()


# axe.run's violations, cut to what a failure message needs; awaited by Runtime.evaluate
_AXE_RUN = """
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  return r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " :: " + (n.failureSummary || ""); })};
  });
}, function (e) { return [{id: "axe-error", help: String(e), nodes: []}]; })
"""


def axe_violations(chrome: Chromium, axe: Path, html: str, workdir: Path,
                   schemes: tuple[str, ...] = ("light",)) -> list[dict]:
    """Run axe-core on ``html`` in a tab of ``chrome``, once per colour scheme (``light``,
    ``dark``: the reader's system theme), the page loaded once; the violations, each naming
    its scheme (an empty list is a pass)."""
    script = "<script>" + axe.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>"
    page = workdir / f"axe-{next(_pages)}.html"
    page.write_text(html.replace("</body>", script + "</body>"), encoding="utf-8")
    found: list[dict] = []
    with chrome.tab() as tab:
        tab.open(page.as_uri())
        for scheme in schemes:
            tab.dark(scheme == "dark")
            result = tab.call("Runtime.evaluate", {"expression": _AXE_RUN, "awaitPromise": True,
                                                   "returnByValue": True}, timeout=120)
            found += [{**v, "scheme": scheme} for v in result["result"]["value"]]
    return found
