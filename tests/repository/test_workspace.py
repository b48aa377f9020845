"""One repository, opened once per run: every command reads the libraries and the configuration
through the run's :class:`cjm.workspace.Workspace`, and nothing outlives the run."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from cjm import loader
from cjm.files import Target
from cjm.workspace import Workspace

from .repofiles import CHILD, LIBRARY, TOP


@pytest.fixture
def library_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every time a library file is read from disk, by name."""
    seen: list[str] = []
    real = loader.read_file

    def counting(path, *args, **kwargs):
        if os.path.basename(str(path)) == "people.yaml":
            seen.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loader, "read_file", counting)
    import cjm.repository as repository

    monkeypatch.setattr(repository, "read_file", counting)
    return seen


def many(repo, count: int) -> Path:
    files = {"library/people.yaml": LIBRARY, "maps/top.yaml": TOP, "maps/onboarding.yaml": CHILD}
    for i in range(count):
        files[f"maps/other-{i}.yaml"] = TOP.replace("become-customer", f"other-{i}").replace(
            "    detail: onboarding\n", "")
    return repo(files)


@pytest.mark.parametrize("command", [["validate"], ["lint"], ["report", "-f", "json"],
                                     ["render", "-f", "md", "-o", "out/"]])
def test_a_command_reads_the_library_once_for_all_its_maps(cjm, repo, library_reads, command):
    root = many(repo, 6)
    result = cjm(*command, "maps", cwd=root)
    assert result.exit_code in (0, 1), result.stderr
    assert "CJM021" not in result.stdout + result.stderr  # every map resolved anna and kiosk
    assert len(library_reads) == 1, library_reads


def test_a_second_run_in_the_same_process_sees_the_edited_library(cjm, repo):
    """Nothing is kept between runs: a library edited since the last run is read again (an
    editor's integration or a test harness runs cjm many times in one process)."""
    root = many(repo, 0)
    assert cjm("validate", "maps", cwd=root).exit_code == 0
    (root / "library/people.yaml").write_text(LIBRARY.replace("id: kiosk", "id: booth"),
                                              encoding="utf-8")
    again = cjm("validate", "maps", cwd=root)
    assert again.exit_code == 1
    assert "kiosk" in again.stdout


def test_an_edited_configuration_is_read_again(cjm, repo):
    root = many(repo, 0)
    assert cjm("lint", "maps", "--select", "CJM101", cwd=root).exit_code in (0, 1)
    (root / ".cjm.toml").write_text("[lint]\nselect = [\"NOPE\"]\n", encoding="utf-8")
    broken = cjm("lint", "maps", cwd=root)
    assert broken.exit_code == 2
    assert "NOPE" in broken.stderr


def test_the_workspace_opens_each_repository_once(repo):
    root = many(repo, 2)
    workspace = Workspace()
    first = workspace.repository(str(root / "maps/top.yaml"))
    assert workspace.repository(str(root / "maps/other-1.yaml")) is first
    assert workspace.folder(str(root / "library")) is first
    assert first.root == str(root)
    assert Workspace().repository(str(root / "maps/top.yaml")) is not first  # another run


def test_without_configuration_the_api_reads_only_the_file_it_was_given(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "people.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "top.yaml").write_text(TOP, encoding="utf-8")
    api = Workspace(configured_only=True)
    assert not api.repository(str(tmp_path / "top.yaml")).scan  # stands alone
    cli = Workspace()
    assert cli.repository(str(tmp_path / "top.yaml")).root == str(tmp_path)  # the file's folder
    named = api.repository(str(tmp_path / "top.yaml"), base=str(tmp_path))
    assert named.root == str(tmp_path)  # a folder the caller named is read


def test_a_worker_process_gets_the_run_not_its_caches(repo):
    """Sent to a worker, a workspace is its settings: the worker opens the repositories once
    for every batch of the same run, and a new run starts afresh."""
    root = many(repo, 1)
    workspace = Workspace(configured_only=True)
    workspace.repository(str(root / "maps/top.yaml")).shared()
    copy = pickle.loads(pickle.dumps(workspace))
    assert copy is not workspace and copy.token == workspace.token and copy.configured_only
    assert repr(copy) == "Workspace()"  # nothing read yet in the "worker"
    assert pickle.loads(pickle.dumps(workspace)) is copy  # the next batch: the same one
    assert pickle.loads(pickle.dumps(Workspace())) is not copy


def test_check_skips_a_yaml_file_in_a_folder_that_is_no_map(repo):
    root = repo({"maps/top.yaml": TOP, "maps/onboarding.yaml": CHILD, "maps/notes.yaml": "just: data\n",
                 "library/people.yaml": LIBRARY})
    workspace = Workspace()
    checked, result = workspace.check(Target(str(root / "maps/notes.yaml"), False, str(root)))
    assert checked is None and result.skipped
    checked, result = workspace.check(Target(str(root / "maps/top.yaml"), False, str(root)))
    assert checked is not None and checked.ok, result.problems


def test_api_calls_that_share_a_workspace_read_the_library_once(repo, library_reads):
    import cjm

    root = many(repo, 3)
    workspace = cjm.Workspace()
    maps = sorted((root / "maps").glob("*.yaml"))
    for path in maps:
        assert cjm.check(path, workspace=workspace).ok
    cjm.compare(maps[0], maps[1], workspace=workspace)
    assert len(library_reads) == 1
    cjm.check(maps[0])  # no workspace: a call of its own, which reads it again
    assert len(library_reads) == 2
