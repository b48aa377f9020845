"""`cjm diff --rev` in a repository with a library: each revision's maps read with that
revision's library, library files themselves not taken for maps."""

from __future__ import annotations

import subprocess

from .repofiles import LIBRARY


def git(root, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root,
                   check=True, capture_output=True)


def test_diff_rev_reads_each_side_with_its_own_library(standard, cjm) -> None:
    git(standard, "init", "-q")
    git(standard, "add", ".")
    git(standard, "commit", "-qm", "maps")
    # the library renames its persona's id; the maps follow in the same change
    (standard / "library/people.yaml").write_text(LIBRARY.replace("id: anna", "id: anya"), encoding="utf-8")
    for name in ("top.yaml", "onboarding.yaml"):
        path = standard / "maps" / name
        path.write_text(path.read_text(encoding="utf-8").replace("persona: anna", "persona: anya"),
                        encoding="utf-8")
    result = cjm("diff", "--rev", "HEAD", cwd=standard)
    assert result.exit_code == 0, result.output
    assert "people.yaml" not in result.stdout
    assert "anya" in result.stdout
