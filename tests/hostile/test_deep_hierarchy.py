"""A hierarchy of any shape is walked without recursion: a parent chain 1,000 maps deep or a
cycle through 300 maps is a validation problem at each map's ``parent:`` line (CJM035, CJM032),
and `cjm report` and the site render it, never a RecursionError."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cjm

from cjm import hierarchy as H
from cjm.limits import MAX_HIERARCHY_DEPTH


def chain(folder: Path, count: int, cycle: bool = False) -> Path:
    """``count`` maps, each the parent of the next (the last one's parent the first, for a cycle)."""
    folder.mkdir()
    (folder / ".cjm.toml").write_text("", encoding="utf-8")
    for i in range(count):
        parent = f"parent: m{(i - 1) % count}\n" if i or cycle else ""
        (folder / f"m{i:04}.yaml").write_text(
            f"cjm: 1\nid: m{i}\ntitle: Map {i}\n{parent}stages:\n  - id: s\n    name: S\n    emotion: 3\n",
            encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def deep(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return chain(tmp_path_factory.mktemp("deep") / "maps", 1000)


@pytest.fixture(scope="module")
def cyclic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return chain(tmp_path_factory.mktemp("cyclic") / "maps", 300, cycle=True)


def test_a_chain_too_deep_is_reported_at_each_parent_line(deep: Path) -> None:
    result = run_cjm("validate", ".", cwd=deep)
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    first = MAX_HIERARCHY_DEPTH + 1
    assert lines[0] == (
        f"m{first:04}.yaml:4:9: error CJM035 parent: `parent` puts this map {first} levels below "
        f"'m0', more than the {MAX_HIERARCHY_DEPTH} a journey hierarchy may have (point `parent` "
        "at a map nearer the top; until then boards and the site index show this map as a top "
        "journey)")
    assert lines[-1] == f"Found {1000 - first} problems ({1000 - first} errors) in {1000 - first} of 1,000 files."
    assert result.stderr == ""


@pytest.mark.parametrize("command", [("report", "."), ("render", ".", "-o", "site")])
def test_report_and_site_of_a_chain_1000_deep(deep: Path, tmp_path: Path, command) -> None:
    args = [a if a != "site" else str(tmp_path / "site") for a in command]
    result = run_cjm(*args, cwd=deep)
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert result.exit_code == 1, result.stderr  # the maps past the limit fail validation
    assert "m0999.yaml" in result.output and "CJM035" in result.output
    if command[0] == "render":
        index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
        assert index.count("<ul>") == MAX_HIERARCHY_DEPTH  # the chain nests as deep as allowed
        assert "Map 999" in index  # listed, flagged as failing validation
    else:
        assert f"{MAX_HIERARCHY_DEPTH + 1} maps, as of" in result.stdout


def test_a_cycle_is_reported_and_rendered(cyclic: Path, tmp_path: Path) -> None:
    checked = run_cjm("validate", ".", cwd=cyclic)
    assert checked.exit_code == 1
    assert checked.stdout.startswith("m0000.yaml:4:9: error CJM032 parent: `parent` goes round in a circle: m0 -> m299 -> m298")
    for args in (["report", "."], ["render", ".", "-o", str(tmp_path / "site")]):
        result = run_cjm(*args, cwd=cyclic)
        assert (result.exit_code, "Traceback" in result.stderr) == (1, False), result.stderr
        assert "CJM032" in result.output
    assert (tmp_path / "site" / "index.html").is_file()


def test_the_tree_of_a_deep_chain_is_built_and_walked_without_recursion() -> None:
    count = 5000  # far past Python's recursion limit
    links = [H.Link(f"m{i}", f"Map {i}", "current", f"m{i - 1}" if i else None) for i in range(count)]
    roots = H.tree(links, lambda link: link)
    assert len(roots) == count - MAX_HIERARCHY_DEPTH
    top = roots[0]
    assert [n.link.id for n in top.walk()] == [f"m{i}" for i in range(MAX_HIERARCHY_DEPTH + 1)]
    assert len(top.subtree()) == MAX_HIERARCHY_DEPTH + 1
    assert max(n.depth for n in H.walk(roots)) == MAX_HIERARCHY_DEPTH
    lengths = H.chain_lengths({link.id: link for link in links})
    assert lengths["m4999"] == 4999
    looped = H.chain_lengths({"a": H.Link("a", "A", "current", "b"), "b": H.Link("b", "B", "current", "a"),
                              "c": H.Link("c", "C", "current", "a"), "d": H.Link("d", "D", "current", "x")})
    assert looped == {"a": None, "b": None, "c": None, "d": 0}
