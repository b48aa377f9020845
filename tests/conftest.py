"""Shared test helpers: write a map, run the CLI, read what a user would see."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

# cjm keeps its caches (compiled templates, each repository's scan) in the user's cache folder;
# the suite's thousands of throw-away repositories get a folder of their own, removed at the end
_CACHE = tempfile.mkdtemp(prefix="cjm-test-cache-")
os.environ["CJM_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_maps"
SHARED = ROOT.parent / "shared"

MINIMAL = """\
cjm: 1
id: minimal
title: Minimal map
stages:
  - id: awareness
    name: Awareness
"""


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cjm(*args: str, cwd: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None,
            input: str | bytes | None = None) -> Result:
    """Run ``python -m cjm`` in a real process, as a user or CI would (no colour: not a TTY)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "FORCE_COLOR")}
    full_env.update(env or {})
    data = input.encode() if isinstance(input, str) else input
    proc = subprocess.run(
        [sys.executable, "-m", "cjm", *args],
        cwd=cwd, env=full_env, input=data, capture_output=True, timeout=120,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path: Path):
    """``write("name.yaml", text)`` writes a dedented file under tmp_path and returns its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def cjm():
    return run_cjm
