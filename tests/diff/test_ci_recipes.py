"""docs/ci.md's recipes, run by tools/check-ci-recipes.py on a temporary git repository: the
pull request that removes a library channel still in use and breaks a map is blocked, with the
review comment posted; the fixed pull request passes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="git and bash are needed")


def check(scenario: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "check-ci-recipes.py"), scenario],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    return proc.returncode, json.loads(proc.stdout)


def test_the_recipes_block_a_breaking_pull_request_and_comment_first():
    code, report = check("broken")
    assert code == 0, json.dumps(report, ensure_ascii=False, indent=1)
    assert set(report["recipes"]) == {"github", "gitlab"}
    github = report["recipes"]["github"]
    failed = {f.split(":")[0] for f in github["failed"]}
    assert {"validate", "breaking changes"} <= failed
    (comment,) = github["comments"]
    assert comment.startswith("<!-- cjm-diff -->\n## Zmiany map ścieżki klienta\n\n### ⚠️ 2 zmiany")
    assert "maps/sklep.yaml:11:18" in comment  # the map that still names the removed channel
    (gitlab_comment,) = report["recipes"]["gitlab"]["comments"]
    assert gitlab_comment == comment


def test_the_recipes_pass_the_fixed_pull_request():
    code, report = check("fixed")
    assert code == 0, json.dumps(report, ensure_ascii=False, indent=1)
    assert all(r["passed"] for r in report["recipes"].values())
