"""Every link the site generates is relative, ``./``-prefixed and percent-encoded.

Page names come from map file names; a map named ``javascript:alert(document.domain).yaml``
once became ``<a href="javascript:alert(document.domain).html">``: a stored XSS on a published
site. No link may ever start with a scheme taken from user data.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

NAMES = ["javascript:alert(document.domain)", "data:text,x", "vbscript:x", "a b#c?d%", "Ünï"]


def _map(i: int) -> str:
    return f"cjm: 1\nid: m{i}\ntitle: Map {i}\nstages:\n  - id: a\n    name: A\n"


def _links(page) -> list[str]:
    doc = lxml_html.fromstring(page.read_bytes())
    return [a.get("href") for a in doc.iter("a") if not a.get("href", "").startswith("#")]


def test_map_file_names_make_harmless_links(cjm, write, tmp_path):
    for i, name in enumerate(NAMES):
        write(f"maps/{name}.yaml", _map(i))
    write("maps/team/javascript:nested.yaml", _map(99))
    site = tmp_path / "site"
    result = cjm("render", str(tmp_path / "maps"), "-o", str(site))
    assert result.exit_code == 0, result.stderr
    links = _links(site / "index.html")
    assert len(links) == len(NAMES) + 1
    for href in links:
        assert href.startswith("./")
        assert urlsplit(href).scheme == ""
        assert re.fullmatch(r"[A-Za-z0-9._~/%()!*'-]+", href), href
        assert (site / unquote(href)).is_file()  # the link still finds its page
    assert "./javascript%3Aalert%28document.domain%29.html" in links
    assert _links(site / "team" / "javascript:nested.html") == ["../index.html"]


def test_a_stale_temp_file_is_not_output(cjm, write, tmp_path):
    """A ``.cjm-*.tmp`` left by a killed run (SIGKILL cannot be caught) is never listed, counted
    or read as a map."""
    write("maps/a.yaml", _map(1))
    write("maps/.cjm-old.tmp", "cjm: 1\nid: ghost\n")
    write("maps/.cjm-old.yaml", "cjm: 1\nid: ghost\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / ".cjm-abc123.tmp").write_text("<html>half a page")
    result = cjm("render", str(tmp_path / "maps"), "-o", str(site))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"cjm: wrote 2 files to {site}/\n"
    index = (site / "index.html").read_text()
    assert ".cjm-" not in index and "ghost" not in index
    assert _links(site / "index.html") == ["./a.html"]
