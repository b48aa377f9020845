"""Fixtures: a repository of maps written under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import dedent

from .repofiles import CHILD, LIBRARY, TOP


@pytest.fixture
def repo(tmp_path: Path):
    """``repo(files)`` writes a repository (a .cjm.toml at its root) and returns its folder."""

    def _repo(files: dict[str, str], marker: bool = True) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        if marker:
            (root / ".cjm.toml").write_text("", encoding="utf-8")
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dedent(text), encoding="utf-8")
        return root

    return _repo


@pytest.fixture
def standard(repo):
    return repo({"library/people.yaml": LIBRARY, "maps/top.yaml": TOP, "maps/onboarding.yaml": CHILD})
