"""Files cjm finds by itself are read safely: a FIFO, a device, a folder or a huge file where a
library, a config or a template is expected is a clear error naming it, never a hang.

Every command runs in a real process with a timeout: a regression hangs the test for a minute at
most, then fails it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cjm.files import TooLarge, Unreadable, read_bytes

from .common import MAP

NAMES_ALICE = MAP.replace("title: Minimal map\n", "title: Minimal map\npersona: alice\n")
LIBRARY = "cjm: 1\nlibrary: people\npersonas:\n  - id: alice\n    name: Alice\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cjm", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A map naming persona alice, and a .cjm.toml naming the library file people.yaml."""
    (tmp_path / ".cjm.toml").write_text('library = ["people.yaml"]\n', encoding="utf-8")
    (tmp_path / "map.yaml").write_text(NAMES_ALICE, encoding="utf-8")
    return tmp_path


def test_the_library_file_is_read(repo: Path) -> None:
    (repo / "people.yaml").write_text(LIBRARY, encoding="utf-8")
    result = run("validate", "map.yaml", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_a_library_that_is_a_symlink_to_a_fifo_is_an_error_not_a_hang(repo: Path) -> None:
    os.mkfifo(repo / "pipe")
    (repo / "people.yaml").symlink_to(repo / "pipe")
    result = run("validate", "map.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "people.yaml:1:1: error CJM003 is a named pipe (FIFO), not a regular file\n" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_library_that_is_a_device_is_an_error(repo: Path) -> None:
    (repo / "people.yaml").symlink_to("/dev/zero")
    result = run("validate", "map.yaml", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "people.yaml:1:1: error CJM003 is a character device, not a regular file\n" in result.stdout


def test_an_oversized_library_says_so_naming_the_library(repo: Path) -> None:
    with open(repo / "people.yaml", "w", encoding="utf-8") as fh:
        fh.write(LIBRARY)
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse: cheap to make)
    result = run("validate", "map.yaml", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("people.yaml:1:1: error CJM005 file is 52,428,800 bytes, more than the 10,485,760 a map "
            "may have") in result.stdout
    assert "in 2 of 2 files" in result.stdout  # the library is counted among the files


def test_an_oversized_library_found_by_the_scan_is_reported_too(tmp_path: Path) -> None:
    (tmp_path / ".cjm.toml").write_text("", encoding="utf-8")
    (tmp_path / "map.yaml").write_text(NAMES_ALICE, encoding="utf-8")
    with open(tmp_path / "people.yaml", "w", encoding="utf-8") as fh:
        fh.write(LIBRARY)
        fh.truncate(50 * 1024 * 1024)
    result = run("validate", "map.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "people.yaml:1:1: error CJM005 file is 52,428,800 bytes" in result.stdout


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_config_that_is_no_file_is_a_usage_error(tmp_path: Path, kind: str) -> None:
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(tmp_path / ".cjm.toml")
        reason = "is a named pipe (FIFO), not a regular file"
    else:
        (tmp_path / ".cjm.toml").mkdir()
        reason = "is a directory, not a file"
    result = run("lint", "map.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"cjm: error: {tmp_path / '.cjm.toml'}: cannot read: {reason}\n"


def test_a_template_that_is_a_fifo_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    os.mkfifo(tmp_path / "tpl" / "style.css")
    result = run("render", "map.yaml", "--template-dir", "tpl", "-o", "out.html", cwd=tmp_path)
    assert result.returncode == 2
    assert "tpl/style.css: is a named pipe (FIFO), not a regular file" in result.stderr
    assert not (tmp_path / "out.html").exists()


def test_a_map_in_a_folder_replaced_by_a_fifo_is_not_opened(tmp_path: Path) -> None:
    """Discovery keeps regular files; a named pipe on the command line is still read (its writer
    is the user's, as in `cjm diff a.yaml <(git show HEAD:a.yaml)`): see test_validate."""
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "map.yaml").write_text(MAP, encoding="utf-8")
    result = run("validate", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_a_device_named_on_the_command_line_is_unreadable(tmp_path: Path) -> None:
    result = run("validate", "/dev/zero", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.startswith("/dev/zero:1:1: error CJM003 is a character device, not a regular file")


def test_read_bytes_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(Unreadable, match="named pipe"):
        read_bytes(tmp_path / "fifo")  # returns at once: opened without blocking
    with pytest.raises(Unreadable, match="directory"):
        read_bytes(tmp_path)
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(TooLarge) as raised:
        read_bytes(tmp_path / "big", limit=10)
    assert raised.value.size == 11
    assert read_bytes(tmp_path / "big", limit=11) == b"x" * 11
