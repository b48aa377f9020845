"""The repository scan is kept between runs: one map of many is validated without reading the
others, and an edit, a damaged cache or no cache at all never changes an answer."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from cjm import repository
from cjm.loader import read_file
from cjm.workspace import Workspace

from .repofiles import CHILD, LIBRARY, TOP

HOUR_AGO = time.time() - 3600


def age(root: Path) -> None:
    """Give every file an old modification time, as files checked out a while ago have."""
    for path in root.rglob("*.yaml"):
        os.utime(path, (HOUR_AGO, HOUR_AGO))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CJM_CACHE_DIR", str(folder))
    yield folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the scan opens, by name."""
    seen: list[str] = []
    real = repository._scan_file

    def counting(path: str) -> object:
        seen.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(repository, "_scan_file", counting)
    return seen


def many_maps(repo, count: int) -> Path:
    files = {"library/people.yaml": LIBRARY, "maps/top.yaml": TOP, "maps/onboarding.yaml": CHILD}
    for i in range(count):
        files[f"maps/other-{i:03}.yaml"] = TOP.replace("become-customer", f"other-{i:03}").replace(
            "    detail: onboarding\n", "")
    root = repo(files)
    age(root)
    return root


def validate_one(root: Path, name: str) -> list[str]:
    here = os.getcwd()
    os.chdir(root)
    try:
        checked = Workspace().validate(read_file(name))
    finally:
        os.chdir(here)
    return [f"{p.line}:{p.col} {p.code} {p.message}" for p in checked.problems]


def test_a_second_run_reads_no_map_it_does_not_need(repo, cache_dir, reads) -> None:
    root = many_maps(repo, 30)
    assert validate_one(root, "maps/top.yaml") == []
    assert len(reads) == 33  # the first run looks at every file once
    reads.clear()
    assert validate_one(root, "maps/top.yaml") == []
    assert reads == []  # the library, the map and its sub-journey come from the kept scan
    assert len(list((cache_dir / "repositories").glob("*.json"))) == 1


def test_an_edited_file_is_read_again_and_its_edit_is_seen(repo, cache_dir, reads) -> None:
    root = many_maps(repo, 5)
    assert validate_one(root, "maps/top.yaml") == []
    library = root / "library" / "people.yaml"
    library.write_text(library.read_text(encoding="utf-8").replace("id: anna", "id: anja"),
                       encoding="utf-8")
    os.utime(library, (HOUR_AGO + 60, HOUR_AGO + 60))  # same size, another time
    reads.clear()
    problems = validate_one(root, "maps/top.yaml")
    assert reads == ["people.yaml"]
    assert any("unknown persona 'anna'" in p for p in problems)


def test_a_file_changed_just_now_is_never_trusted_to_the_cache(repo, cache_dir, reads) -> None:
    root = many_maps(repo, 2)
    fresh = root / "maps" / "other-000.yaml"
    fresh.write_text(fresh.read_text(encoding="utf-8"), encoding="utf-8")  # modified now
    validate_one(root, "maps/top.yaml")
    reads.clear()
    validate_one(root, "maps/top.yaml")
    assert reads == ["other-000.yaml"]


def test_a_damaged_or_foreign_cache_is_ignored(repo, cache_dir, reads) -> None:
    root = many_maps(repo, 3)
    validate_one(root, "maps/top.yaml")
    [kept] = (cache_dir / "repositories").glob("*.json")
    rows = json.loads(kept.read_text(encoding="utf-8"))
    row = rows["files"]["maps/onboarding.yaml"]
    rows["files"]["maps/onboarding.yaml"] = [*row[:2], 1, None]  # its stat matches, the rest is junk
    for damage in (b'{"scan": 1, "root": ', b"[1, 2, 3]", b"\xff\xfe\x00",
                   json.dumps({**rows, "scan": 999}).encode(), json.dumps(rows).encode()):
        kept.write_bytes(damage)
        reads.clear()
        assert validate_one(root, "maps/top.yaml") == []
        assert "onboarding.yaml" in reads


def test_without_a_cache_every_answer_is_the_same(repo, monkeypatch, cjm) -> None:
    root = many_maps(repo, 3)
    (root / "maps" / "clash.yaml").write_text(TOP.replace("detail: onboarding", "detail: onboardin"),
                                              encoding="utf-8")
    with_cache = cjm("validate", ".", cwd=root, env={"CJM_CACHE_DIR": str(root.parent / "c")})
    again = cjm("validate", ".", cwd=root, env={"CJM_CACHE_DIR": str(root.parent / "c")})
    without = cjm("validate", ".", cwd=root, env={"CJM_CACHE_DIR": ""})
    assert with_cache.exit_code == again.exit_code == without.exit_code == 1
    assert with_cache.stdout == again.stdout == without.stdout
    assert "unknown map 'onboardin'" in without.stdout


def test_an_unwritable_cache_is_skipped(repo, cjm, tmp_path: Path) -> None:
    root = many_maps(repo, 2)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    result = cjm("validate", "maps/top.yaml", cwd=root, env={"CJM_CACHE_DIR": str(blocker)})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "No problems in 1 file.\n", "")
