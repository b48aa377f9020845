"""Compiled templates are kept between runs (Jinja2's bytecode cache), and a cache that cannot be
used never changes what `cjm render` writes or makes it fail."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLES, run_cjm

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
    entries = sorted((cache / "templates").iterdir())
    assert entries and all(p.name.startswith("__jinja2_") for p in entries)
    stamps = {p: p.stat().st_mtime_ns for p in entries}
    assert _render(tmp_path, str(cache), "b.html") == first
    assert {p: p.stat().st_mtime_ns for p in entries} == stamps  # read, not written again


def test_a_cache_that_cannot_be_used_is_skipped(tmp_path) -> None:
    plain = _render(tmp_path, "", "off.html")  # CJM_CACHE_DIR= turns it off
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert _render(tmp_path, str(not_a_folder), "file.html") == plain
    cache = tmp_path / "cache"
    _render(tmp_path, str(cache), "fill.html")
    for entry in (cache / "templates").iterdir():
        entry.write_bytes(b"\x00damaged")
    assert _render(tmp_path, str(cache), "damaged.html") == plain


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
