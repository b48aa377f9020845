"""The code stays typed and tidy: ``mypy --strict`` and ruff pass on cjm/ (versions pinned in
pyproject.toml, so a new release cannot turn CI red by itself)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return str(found)


def test_mypy_strict_is_clean() -> None:
    proc = subprocess.run([_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_ruff_is_clean() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "cjm", "tests", "bench"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:]
