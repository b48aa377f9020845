"""Compiled templates are kept between runs, inside the package (never in the user cache, which
holds data only: see tests/hostile/test_cache_poison.py), and a cache that cannot be used never
changes what `cjm render` writes or makes it fail."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, run_cjm

from cjm.render import html, templates

SAMPLE = str(SAMPLES / "mobilfunk-wechsel.yaml")


def _render(tmp_path: Path, cache: str, name: str, *extra: str) -> bytes:
    out = tmp_path / name
    result = run_cjm("render", SAMPLE, "-o", str(out), *extra, env={"CJM_CACHE_DIR": cache})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return out.read_bytes()


def test_a_second_run_reads_the_compiled_templates_and_writes_the_same_board(tmp_path) -> None:
    cache = tmp_path / "cache"
    first = _render(tmp_path, str(cache), "a.html")
    assert not (cache / "templates").exists()  # nothing compiled is kept in the user cache
    done = sorted(templates.COMPILED.glob("*/done"))
    assert done, "the built-in templates are compiled into the package"
    compiled = [p for d in done for p in d.parent.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".pyc") for p in compiled)
    stamps = {p: p.stat().st_mtime_ns for p in compiled}
    assert _render(tmp_path, str(cache), "b.html") == first
    assert {p: p.stat().st_mtime_ns for p in compiled} == stamps  # read, not written again


def test_a_cache_that_cannot_be_used_is_skipped(tmp_path) -> None:
    plain = _render(tmp_path, "", "off.html")  # CJM_CACHE_DIR= turns it off
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert _render(tmp_path, str(not_a_folder), "file.html") == plain


def test_an_edited_template_is_compiled_afresh(tmp_path) -> None:
    cache = str(tmp_path / "cache")
    custom = tmp_path / "templates"
    custom.mkdir()
    source = (Path(__file__).resolve().parents[2] / "templates" / "board.html.j2").read_text(encoding="utf-8")
    (custom / "board.html.j2").write_text(source, encoding="utf-8")
    _render(tmp_path, cache, "one.html", "--template-dir", str(custom))
    (custom / "board.html.j2").write_text(source.replace("<body", "<body data-team=\"cx\"", 1),
                                          encoding="utf-8")
    assert b'data-team="cx"' in _render(tmp_path, cache, "two.html", "--template-dir", str(custom))


def test_an_edited_built_in_template_gets_a_folder_of_its_own(tmp_path, monkeypatch) -> None:
    """The compiled folder is named by the templates' checksum: an upgrade or an edit compiles
    afresh, and the folder of the old version is removed."""
    import jinja2

    monkeypatch.setattr(templates, "COMPILED", tmp_path / "compiled-templates")
    source = tmp_path / "src"
    source.mkdir()
    (source / "page.html.j2").write_text("<p>{{ _('Hello') }} {{ 3 | num }}</p>\n", encoding="utf-8")

    loader = templates.compiled_loader(source, html._configured)
    assert isinstance(loader, jinja2.ModuleLoader)
    assert html._configured(loader).get_template("page.html.j2").render() == "<p>Hello 3</p>\n"
    first = {p.name for p in (tmp_path / "compiled-templates").iterdir()}

    (source / "page.html.j2").write_text("<p>{{ _('Bye') }}</p>\n", encoding="utf-8")
    loader = templates.compiled_loader(source, html._configured)
    assert html._configured(loader).get_template("page.html.j2").render() == "<p>Bye</p>\n"
    second = {p.name for p in (tmp_path / "compiled-templates").iterdir()}
    assert len(first) == len(second) == 1 and first != second
