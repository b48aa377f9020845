"""A map a user (or another cjm run) changes while an import or `cjm fmt` works on it is never
overwritten unseen: two imports at once both land, and an editor's save between the plan and the
write is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cjm.output as output
from cjm.cli import app, load_commands

from .test_data_import import MAP


def _maps(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        text = (MAP.replace("id: checkout", f"id: checkout-{i}").replace("m-nps", f"m-nps-{i}")
                .replace("da-pay", f"da-pay-{i}"))
        path = folder / f"checkout-{i:02}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _export(path: Path, count: int, period: str, value: float) -> Path:
    path.write_text("id,period,value\n" + "".join(f"m-nps-{i},{period},{value}\n"
                                                  for i in range(count)), encoding="utf-8")
    return path


def test_two_imports_at_once_into_the_same_maps_lose_no_point(tmp_path: Path) -> None:
    count = 30
    maps = _maps(tmp_path / "maps", count)
    for round_, (mine, theirs) in enumerate([("2026-Q3", "2026-Q4"), ("2027-Q1", "2027-Q2"),
                                             ("2027-Q3", "2027-Q4")]):
        exports = [_export(tmp_path / f"{p}.csv", count, p, 30 + round_) for p in (mine, theirs)]
        procs = [subprocess.Popen([sys.executable, "-m", "cjm", "data", "import", str(export),
                                   "--map", str(tmp_path / "maps"), "--write"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for export in exports]
        outcomes = [proc.communicate(timeout=300) for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], outcomes
        for path in maps:
            text = path.read_text(encoding="utf-8")
            assert f"period: {mine}" in text and f"period: {theirs}" in text, (round_, path.name)
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == sorted(p.name for p in maps)


def _invoke(*args: str) -> tuple[int, str, str]:
    load_commands(list(args))
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _edit_before_the_rename(monkeypatch: pytest.MonkeyPatch, path: Path, old: str, new: str,
                            times: int = 1) -> list[int]:
    """An editor saves ``path`` (``old`` becomes ``new``) after cjm planned its new text and
    before the rename: just before cjm compares the file, under its lock."""
    compare = output.changed_since
    saves: list[int] = []

    def changed_since(planned):  # type: ignore[no-untyped-def]
        if len(saves) < times:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            saves.append(1)
        return compare(planned)

    monkeypatch.setattr(output, "changed_since", changed_since)
    return saves


def test_an_edit_saved_between_the_plan_and_the_write_is_kept(tmp_path: Path, monkeypatch) -> None:
    [path] = _maps(tmp_path / "maps", 1)
    export = _export(tmp_path / "q3.csv", 1, "2026-Q3", 37.5)
    saves = _edit_before_the_rename(monkeypatch, path, "title: Checkout", "title: Checkout (EU)")

    code, stdout, stderr = _invoke("data", "import", str(export), "--map", str(path), "--write")

    assert code == 0, stderr
    assert saves == [1]
    assert stderr == (f"cjm: note: {path} changed on disk after the import read it; planning "
                      "again from the new text\n")
    assert "1 of 1 map updated (1 change from 1 row)." in stdout
    text = path.read_text(encoding="utf-8")
    assert "title: Checkout (EU)" in text  # the user's edit
    assert "period: 2026-Q3\n            value: 37.5" in text  # and the import's point
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # nothing staged left


def test_an_edit_that_conflicts_with_the_data_is_kept_and_nothing_is_written(
        tmp_path: Path, monkeypatch) -> None:
    """The user typed the period's value by hand meanwhile: the data now disagrees with the map,
    which the next plan says as any conflict (the user's value stays)."""
    [path] = _maps(tmp_path / "maps", 1)
    export = _export(tmp_path / "q3.csv", 1, "2026-Q3", 37.5)
    point = "            note: after the redesign\n"
    _edit_before_the_rename(monkeypatch, path, point,
                            point + "          - period: 2026-Q3\n            value: 39\n")

    code, _, stderr = _invoke("data", "import", str(export), "--map", str(path), "--write")

    assert code == 2
    assert "metric m-nps-0 2026-Q3 is already 39" in stderr
    assert stderr.endswith("1 row cannot be imported; nothing was written\n")
    assert "value: 39" in path.read_text(encoding="utf-8")
    assert "37.5" not in path.read_text(encoding="utf-8")


def test_a_map_that_keeps_changing_is_left_as_the_user_saved_it(tmp_path: Path, monkeypatch) -> None:
    [path] = _maps(tmp_path / "maps", 1)
    export = _export(tmp_path / "q3.csv", 1, "2026-Q3", 37.5)
    _edit_before_the_rename(monkeypatch, path, "title: Checkout", "title: Checkout!", times=99)

    code, stdout, stderr = _invoke("data", "import", str(export), "--map", str(path), "--write")

    assert code == 2
    assert stdout == ""
    assert stderr.splitlines()[-1] == (
        f"cjm: error: {path} changed on disk 3 times while the import was writing; nothing was "
        "written (is another program writing the maps?)")
    text = path.read_text(encoding="utf-8")
    assert "title: Checkout!!!" in text and "2026-Q3" not in text


def test_fmt_formats_the_text_saved_meanwhile(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("cjm: 1\ntitle:   Shop\nid: shop\nstages:\n- id: s\n  name: S\n", encoding="utf-8")
    _edit_before_the_rename(monkeypatch, path, "name: S", "name: Browse")

    code, _, stderr = _invoke("fmt", str(path))

    assert code == 0, stderr
    assert path.read_text(encoding="utf-8") == (
        "cjm: 1\nid: shop\ntitle: Shop\nstages:\n  - id: s\n    name: Browse\n")


def test_fmt_leaves_a_file_saved_broken_meanwhile_as_it_is(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("cjm: 1\ntitle:   Shop\nid: shop\nstages:\n- id: s\n  name: S\n", encoding="utf-8")
    _edit_before_the_rename(monkeypatch, path, "name: S", "name: [S")

    code, _, stderr = _invoke("fmt", str(path))

    assert code == 2
    assert stderr == (
        f"cjm: error: cannot write {path}: it changed on disk while cjm was working on it, and "
        "its new text cannot be used; it was left as it is\n"
        "0 files reformatted, 0 left unchanged, 1 not written (changed on disk meanwhile).\n")
    assert "name: [S" in path.read_text(encoding="utf-8")
