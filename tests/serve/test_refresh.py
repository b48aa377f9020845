"""`Preview.refresh`, driven directly with the paths a watcher would name: what is read again and
which pages change, decided without a watcher, a server or any waiting."""

from __future__ import annotations

import os
from pathlib import Path

from cjm.serve.preview import Preview

from .test_serve import board, save


def _site(tmp_path: Path) -> Path:
    folder = tmp_path / "maps"
    (folder / "retail").mkdir(parents=True)
    (folder / "checkout.yaml").write_text(board("Checkout journey"), encoding="utf-8")
    (folder / "retail" / "store.yaml").write_text(board("Store visit", "store"), encoding="utf-8")
    return folder


def test_the_first_refresh_reads_every_map_and_a_second_reads_none(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    preview = Preview(str(folder))
    first = preview.refresh()
    assert sorted(e.source for e in first.checked) == [str(folder / "checkout.yaml"),
                                                       str(folder / "retail" / "store.yaml")]
    assert {"index.html", "checkout.html", "retail/store.html"} <= set(first.changed)
    again = preview.refresh()
    assert again.checked == [] and again.changed == []


def test_a_named_path_is_read_again_but_the_same_bytes_change_no_page(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    preview = Preview(str(folder))
    preview.refresh()
    save(folder / "checkout.yaml", board("Checkout journey"))  # rewritten unchanged
    same = preview.refresh([str(folder / "checkout.yaml")])
    assert [e.source for e in same.checked] == [str(folder / "checkout.yaml")]
    assert same.changed == []  # no open tab reloads


def test_a_save_changes_its_page_and_the_index_only(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    preview = Preview(str(folder))
    preview.refresh()
    generation = preview.generation
    save(folder / "checkout.yaml", board("Checkout, second draft"))
    changed = preview.refresh([str(folder / "checkout.yaml")])
    assert [e.source for e in changed.checked] == [str(folder / "checkout.yaml")]
    assert "checkout.html" in changed.changed and "retail/store.html" not in changed.changed
    assert preview.generation == generation + 1
    page = preview.lookup("checkout.html")
    assert page is not None and "<h1>Checkout, second draft</h1>" in page.body


def test_a_change_seen_by_stat_alone_is_found_without_being_named(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    preview = Preview(str(folder))
    preview.refresh()
    (folder / "retail" / "store.yaml").write_text(board("Store, renovated", "store") + "\n", encoding="utf-8")
    found = preview.refresh()
    assert [e.source for e in found.checked] == [str(folder / "retail" / "store.yaml")]
    assert "retail/store.html" in found.changed and "checkout.html" not in found.changed


def test_a_deleted_map_takes_its_page_away(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    preview = Preview(str(folder))
    preview.refresh()
    os.unlink(folder / "checkout.yaml")
    gone = preview.refresh([str(folder / "checkout.yaml")])
    assert "checkout.html" in gone.changed
    assert preview.lookup("checkout.html") is None and preview.lookup("retail/store.html") is not None


def test_a_template_change_renders_every_board_again(tmp_path: Path) -> None:
    folder = _site(tmp_path)
    brand = tmp_path / "brand"
    brand.mkdir()
    css = (Path(__file__).resolve().parents[2] / "templates" / "style.css").read_text(encoding="utf-8")
    (brand / "style.css").write_text(css, encoding="utf-8")
    preview = Preview(str(folder), template_dir=brand)
    preview.refresh()
    (brand / "style.css").write_text(css + "\n.brand-marker { color: red; }\n", encoding="utf-8")
    redone = preview.refresh([str(brand / "style.css")], template_changed=True)
    assert len(redone.checked) == 2
    assert {"checkout.html", "retail/store.html"} <= set(redone.changed)
    for name in ("checkout.html", "retail/store.html"):
        page = preview.lookup(name)
        assert page is not None and "brand-marker" in page.body
