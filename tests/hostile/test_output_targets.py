"""`-o` names something that is not a regular file: write into it, never replace it.

Renaming a temporary file over ``/dev/null`` (as root) destroys the system's ``/dev/null``; over
a FIFO it breaks the reader's pipe; over a symlink it turns the link into a file. Tests use
stand-ins in tmp_path (a FIFO, symlinks) and ``/dev/full`` only for writing.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .common import MAP, one_error_line, temp_files


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(path, "rb") as fh:
            into.append(fh.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("args", [["schema"], ["report", "MAP"], ["render", "MAP", "-f", "md"],
                                  ["validate", "MAP"], ["export", "csv", "MAP"]])
def test_a_fifo_is_written_into_and_stays_a_fifo(cjm, write, tmp_path, args):
    source = write("map.yaml", MAP)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = cjm(*[str(source) if a == "MAP" else a for a in args], "-o", str(fifo))
    reader.join(10)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert got and got[0]
    assert temp_files(tmp_path) == []


def test_a_symlink_to_a_fifo_is_followed_and_kept(cjm, write, tmp_path):
    source = write("map.yaml", MAP)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = cjm("report", str(source), "-o", str(link))
    reader.join(10)
    assert result.exit_code == 0
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)
    assert b"Minimal map" in got[0]


def test_a_symlink_to_a_file_replaces_the_file_and_keeps_the_link(cjm, write, tmp_path):
    source = write("map.yaml", MAP)
    real = tmp_path / "real.txt"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "report.txt"
    link.symlink_to(real)
    result = cjm("report", str(source), "-o", str(link))
    assert result.exit_code == 0
    assert link.is_symlink()
    assert "Minimal map" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600  # the file's mode survives the rename
    assert temp_files(tmp_path) == []


@pytest.mark.e2e
def test_dev_stdout_is_written_in_place(write):
    source = write("map.yaml", MAP)
    proc = subprocess.run([sys.executable, "-m", "cjm", "report", str(source), "-o", "/dev/stdout"],
                          capture_output=True, timeout=60)
    assert proc.returncode == 0
    assert b"Minimal map" in proc.stdout


@pytest.mark.e2e
def test_dev_stdout_redirected_to_a_file(write, tmp_path):
    write("map.yaml", MAP)
    out = tmp_path / "out.txt"
    with open(out, "wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "cjm", "schema", "-o", "/dev/stdout"],
                              stdout=fh, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0
    assert out.read_text().startswith("{")
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_device_is_an_error_and_stays_a_device(cjm, write):
    source = write("map.yaml", MAP)
    result = cjm("report", str(source), "-o", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr == "cjm: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_folder_is_not_a_file(cjm, write, tmp_path):
    source = write("map.yaml", MAP)
    (tmp_path / "out").mkdir()
    result = cjm("report", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert one_error_line(result.stderr)
    assert "is a directory" in result.stderr


def test_a_regular_file_is_replaced_atomically(cjm, write, tmp_path):
    source = write("map.yaml", MAP)
    out = tmp_path / "report.txt"
    out.write_text("old report")
    before = out.stat().st_ino
    result = cjm("report", str(source), "-o", str(out))
    assert result.exit_code == 0
    assert "Minimal map" in out.read_text()
    assert out.stat().st_ino != before  # a new file renamed over the old, not rewritten in place
    assert temp_files(tmp_path) == []


@pytest.mark.e2e
def test_dev_stdout_appended_by_the_shell_keeps_what_was_there(write, tmp_path):
    """``cjm report -o /dev/stdout >> log``: the shell's descriptor is written through, so the
    log grows; opening /dev/stdout anew with O_TRUNC would have emptied it."""
    source = write("map.yaml", MAP)
    log = tmp_path / "log.txt"
    log.write_text("earlier line\n")
    with open(log, "ab") as fh:
        proc = subprocess.run([sys.executable, "-m", "cjm", "report", str(source), "-o", "/dev/stdout"],
                              stdout=fh, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 0, proc.stderr
    text = log.read_text()
    assert text.startswith("earlier line\nMinimal map")


@pytest.mark.e2e
def test_dev_fd_names_an_open_descriptor(write, tmp_path):
    source = write("map.yaml", MAP)
    out = tmp_path / "fd3.txt"
    with open(out, "wb") as fh:
        proc = subprocess.run([sys.executable, "-m", "cjm", "report", str(source), "-o", f"/dev/fd/{fh.fileno()}"],
                              pass_fds=(fh.fileno(),), capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().startswith("Minimal map")
