"""Headless Chromium for the render tests: axe-core accessibility runs and screenshots.

Chromium runs with no network access features, a throwaway profile, and a page that loads
nothing from outside (our HTML is self-contained; axe-core is inlined into a copy of the page).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

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


def _run(browser: str, url: str, *extra: str, timeout: int = 60) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True, timeout=timeout, check=False,
        )
    return proc.stdout.decode("utf-8", "replace")


_AXE_RUNNER = """
<script>
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  var out = r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " :: " + (n.failureSummary || ""); })};
  });
  var pre = document.createElement("pre"); pre.id = "axe-results";
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
}, function (e) {
  var pre = document.createElement("pre"); pre.id = "axe-results";
  pre.textContent = JSON.stringify([{id: "axe-error", help: String(e), nodes: []}]); document.body.appendChild(pre);
});
</script>
"""


def axe_violations(browser: str, axe: Path, html: str, workdir: Path, dark: bool = False) -> list[dict]:
    """Run axe-core on ``html`` in headless Chromium; the violations (an empty list is a pass)."""
    script = "<script>" + axe.read_text(encoding="utf-8").replace("</script", "<\\/script") + "</script>"
    page = workdir / ("axe-dark.html" if dark else "axe.html")
    page.write_text(html.replace("</body>", script + _AXE_RUNNER + "</body>"), encoding="utf-8")
    extra = ["--dump-dom", "--virtual-time-budget=20000", "--window-size=1600,1200"]
    if dark:
        extra.append("--force-dark-mode")
    dom = _run(browser, page.as_uri(), *extra)
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.S)
    if not found:
        raise AssertionError(f"axe-core produced no results; chromium printed: {dom[-500:]!r}")
    text = found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return json.loads(text)


def screenshot(browser: str, page: Path, out: Path, size: str = "1600,1200") -> None:
    _run(browser, page.as_uri(), f"--screenshot={out}", f"--window-size={size}")
