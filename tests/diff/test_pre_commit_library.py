"""pre-commit: a commit that only changes the library file re-checks the maps that use it.

The hooks of `.pre-commit-hooks.yaml` are run the way pre-commit runs them: the hook's `entry`
split as a shell would, then the staged files its `types` select, in the repository's top folder.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_diff_git import git

ROOT = Path(__file__).resolve().parents[2]
HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIBRARY = "cjm: 1\nlibrary: shared\nchannels:\n  - id: kiosk\n    name: Kiosk\n  - id: app\n    name: App\n"
MAP = ("cjm: 1\nid: visit\ntitle: Visit\nstages:\n  - id: s1\n    name: One\n    touchpoints:\n"
       "      - id: tp-a\n        name: A\n        channel: kiosk\n")


def run_hook(repo: Path, hook_id: str) -> subprocess.CompletedProcess[str]:
    """The hook on the staged files, as pre-commit calls it (`types: [yaml]`, names appended)."""
    hook = HOOKS[hook_id]
    staged = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR").split()
    files = [f for f in staged if f.endswith((".yaml", ".yml"))] if "yaml" in hook["types"] else staged
    argv = shlex.split(hook["entry"]) + list(hook.get("args", [])) + files
    assert argv[0] == "cjm"
    argv = [sys.executable, "-m", "cjm", *argv[1:]]
    return subprocess.run(argv, cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    (root / "library").mkdir()
    (root / ".cjm.toml").write_text("", encoding="utf-8")
    (root / "library" / "shared.yaml").write_text(LIBRARY, encoding="utf-8")
    (root / "maps" / "visit.yaml").write_text(MAP, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


@pytest.mark.parametrize("hook", ["cjm-validate", "cjm-lint"])
def test_a_library_only_commit_that_breaks_a_map_is_blocked(repo, hook):
    (repo / "library" / "shared.yaml").write_text(LIBRARY.replace(
        "  - id: kiosk\n    name: Kiosk\n", ""), encoding="utf-8")
    git(repo, "add", "library/shared.yaml")
    blocked = run_hook(repo, hook)
    assert blocked.returncode == 1, blocked.stdout
    assert "maps/visit.yaml:10:18: error CJM021" in blocked.stdout
    assert "unknown channel 'kiosk'" in blocked.stdout

    # the fixed commit: the map moves to another channel with the same commit
    (repo / "maps" / "visit.yaml").write_text(MAP.replace("kiosk", "app"), encoding="utf-8")
    git(repo, "add", "maps/visit.yaml")
    fixed = run_hook(repo, hook)
    assert fixed.returncode == 0, fixed.stdout


def test_the_hooks_name_their_dependents_option():
    assert "--dependents" in HOOKS["cjm-validate"]["entry"].split()
    assert "--dependents" in HOOKS["cjm-lint"]["entry"].split()
