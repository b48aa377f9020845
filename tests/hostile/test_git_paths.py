"""git's answers are read exactly as git wrote them: NUL-separated lists (``ls-tree -z``), object
ids to ``cat-file``, and a repository root taken byte for byte (less git's one newline), so a map
called ``line\\nbreak.yaml`` or a checkout in a folder whose name ends in a space is compared with
its own old bytes. (The per-path cases live in tests/diff/test_diff_repo.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cjm

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True,
                   env={**os.environ, **GIT_ENV})


@pytest.mark.parametrize("folder", ["repo ", "repo\n"])
def test_a_clean_checkout_in_an_awkward_folder_has_no_changes(tmp_path: Path, folder: str) -> None:
    root = tmp_path / folder
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for map_id, name in (("odd", "line\nbreak.yaml"), ("plain", "plain.yaml")):
        text = (SAMPLES / "clinic-appointment.yaml").read_text(encoding="utf-8")
        (root / name).write_text(text.replace("id: clinic-appointment", f"id: {map_id}", 1),
                                 encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "maps")

    result = run_cjm("diff", "--rev", "HEAD", "--exit-code", "--lang", "en", cwd=root)

    assert (result.exit_code, result.stdout, result.stderr) == (0, "0 of 2 maps changed\n", "")
