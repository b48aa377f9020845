"""`cjm lint --new-since REV`: a pull request's gate fails on what it introduced.

A metric that has missed its target for months (CJM313) is a known, accepted trend: the monthly
import that adds another missed month must not fail every pull request, while a new problem must.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cjm
from test_diff_git import git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MAP = """\
cjm: 1
id: shop
title: Shop
stages:
  - id: buy
    name: Purchase
    touchpoints:
      - id: tp-pay
        name: Pay
        emotion: 3
    metrics:
      - id: m-conv
        name: Conversion
        target: 40
        history:
          - {period: 2026-01, value: 30}
          - {period: 2026-02, value: 31}
          - {period: 2026-03, value: 32}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "maps").mkdir(parents=True)
    (root / ".cjm.toml").write_text("[lint]\nfail-on = \"warning\"\n", encoding="utf-8")
    (root / "maps" / "shop.yaml").write_text(MAP, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


def test_a_known_trend_does_not_fail_the_pull_request_but_a_new_problem_does(repo):
    path = repo / "maps" / "shop.yaml"
    imported = MAP + "          - {period: 2026-04, value: 33}\n"  # the monthly import
    path.write_text(imported, encoding="utf-8")
    everything = run_cjm("lint", "maps", cwd=repo)
    assert everything.exit_code == 1 and "CJM313" in everything.stdout  # 4 periods in a row now

    gate = run_cjm("lint", "--new-since", "main", "maps", cwd=repo)
    assert gate.exit_code == 0, gate.stdout
    assert "CJM313" not in gate.stdout
    assert "hidden by revision main" in gate.stderr

    path.write_text(imported.replace("emotion: 3", "emotion: 9"), encoding="utf-8")
    broken = run_cjm("lint", "--new-since", "main", "maps", cwd=repo)
    assert broken.exit_code == 1
    assert "CJM014" in broken.stdout and "CJM313" not in broken.stdout


def test_new_since_an_unknown_revision_is_a_usage_error(repo):
    result = run_cjm("lint", "--new-since", "nope", "maps", cwd=repo)
    assert result.exit_code == 2
    assert "unknown revision 'nope'" in result.stderr
