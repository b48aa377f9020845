"""The user cache holds data only: a poisoned cache file never runs code.

CI restores ``~/.cache`` from caches that forks' pull requests can write. Jinja2's bytecode cache
unpickles a checksum and unmarshals code from what it reads, so cjm keeps compiled templates
inside the package instead, and nothing but JSON (validated on read) in the cache.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
from pathlib import Path

import pytest

from cjm.render.templates import default_template_dir

from .common import MAP


class _Payload:
    """Unpickling this creates ``marker``: what an attacker's cache entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):  # noqa: ANN204 - pickle's protocol
        return (open, (self.marker, "w"))


def _jinja_magic() -> bytes:
    """The header Jinja2's FileSystemBytecodeCache writes before its pickled checksum."""
    from jinja2.bccache import bc_magic

    return bc_magic


def _poison(kind: str, name: str, marker: Path) -> bytes:
    source = (default_template_dir() / name).read_bytes().decode("utf-8")
    if kind == "pickle":
        return _jinja_magic() + pickle.dumps(_Payload(marker), 2)
    code = compile(f"open({str(marker)!r}, 'w').close()", name, "exec")
    checksum = hashlib.sha1(source.encode("utf-8")).hexdigest()  # what Jinja2 compares with
    return _jinja_magic() + pickle.dumps(checksum, 2) + marshal.dumps(code)


def _plant(cache: Path, kind: str, marker: Path) -> int:
    """Poisoned entries where Jinja2's bytecode cache (as cjm used it) looks for each built-in
    template, and over every file already in the cache. Returns how many were written."""
    folder = cache / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    planted = 0
    builtin = default_template_dir()
    for template in sorted(p.name for p in builtin.iterdir() if p.suffix in (".j2", ".css")):
        filename = os.path.normpath(os.path.join(str(builtin), template))
        key = hashlib.sha1(template.encode("utf-8"))
        key.update(("|" + filename).encode("utf-8"))
        (folder / f"__jinja2_{key.hexdigest()}.cache").write_bytes(_poison(kind, template, marker))
        planted += 1
    for path in cache.rglob("*"):
        if path.is_file() and not path.name.startswith("__jinja2_"):
            path.write_bytes(_poison(kind, "board.html.j2", marker))
            planted += 1
    return planted


@pytest.mark.parametrize("kind", ["pickle", "marshal"])
def test_a_poisoned_cache_never_runs_code(tmp_path: Path, write, cjm, kind: str) -> None:
    source = write("maps/minimal.yaml", MAP)
    cache = tmp_path / "cache"
    env = {"CJM_CACHE_DIR": str(cache)}
    first = cjm("render", str(source), "-o", str(tmp_path / "first.html"), env=env)
    assert first.exit_code == 0, first.output
    marker = tmp_path / "pwned"
    assert _plant(cache, kind, marker) >= 5

    again = cjm("render", str(source), "-o", str(tmp_path / "again.html"), env=env)

    assert again.exit_code == 0, again.output
    assert not marker.exists(), "a cache file ran code"
    assert (tmp_path / "again.html").read_bytes() == (tmp_path / "first.html").read_bytes()


def test_the_cache_holds_json_only(tmp_path: Path, write, cjm) -> None:
    source = write("maps/minimal.yaml", MAP)
    write("maps/.cjm.toml", "")
    os.utime(source, (1_700_000_000, 1_700_000_000))  # not just written: the scan keeps it
    cache = tmp_path / "cache"
    env = {"CJM_CACHE_DIR": str(cache)}
    assert cjm("render", str(source), "-o", str(tmp_path / "out.html"), env=env).exit_code == 0
    assert cjm("validate", str(source.parent), env=env).exit_code == 0
    kept = [p for p in cache.rglob("*") if p.is_file()]
    assert kept, "the repository scan is kept"
    for path in kept:
        json.loads(path.read_bytes())  # data, never code


def test_rendering_without_a_writable_package_compiles_in_memory(tmp_path: Path, monkeypatch) -> None:
    """A read-only install (the package folder cannot be written) renders as well, from memory."""
    from cjm.loader import load_text
    from cjm.render import html, templates
    from cjm.validate import validate_document

    monkeypatch.setattr(templates, "COMPILED", tmp_path / "missing" / "compiled-templates")
    html._builtin_loader.cache_clear()
    html.environment.cache_clear()
    try:
        journey = validate_document(load_text(MAP, "m.yaml")).map
        assert journey is not None
        page = html.render(journey)
        assert "Visit the site" in page
        assert not (tmp_path / "missing").exists()
    finally:
        html._builtin_loader.cache_clear()
        html.environment.cache_clear()
