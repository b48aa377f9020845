"""SIGTERM (what CI sends on cancel or timeout) and SIGHUP leave no temporary file and no half
page behind, and exit 128 + the signal's number; Ctrl-C still exits 130."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .common import temp_files

# Runs cjm's own main() with the board's os.replace slowed down, so the signal lands while its
# temporary file exists: the one moment cleanup matters, hit every time rather than by luck.
# Only the board's: a cache written first (compiled templates, the repository's scan) would take
# the signal instead while the cache is cold, and hide a leak that shows once it is warm.
_SLOW_REPLACE = """
import os, signal, sys, time
# a shell's background job (CI, `make test &`) starts with SIGINT ignored, and Python then never
# raises KeyboardInterrupt: give the child the interactive default, as a user's terminal would
signal.signal(signal.SIGINT, signal.default_int_handler)
# and SIGHUP/SIGTERM as a terminal gives them: a run under `nohup` (or a CI runner) may have
# left them ignored, and cjm rightly keeps an ignored signal ignored
signal.signal(signal.SIGHUP, signal.SIG_DFL)
signal.signal(signal.SIGTERM, signal.SIG_DFL)
real = os.replace
def slow(src, dst):
    if str(dst).endswith(".html"):
        print("TEMP", src, flush=True)
        time.sleep(30)
    real(src, dst)
os.replace = slow
sys.argv = ["cjm", *sys.argv[1:]]
from cjm.cli import main
main()
"""


def _map(i: int, touchpoints: int = 30) -> str:
    tps = "".join(
        f"\n      - id: t{j}\n        name: {json.dumps(f'Touchpoint {j} ' + 'lorem ipsum ' * 20)}"
        f"\n        emotion: {1 + j % 5}" for j in range(touchpoints))
    return f"cjm: 1\nid: m{i}\ntitle: Map {i}\nstages:\n  - id: a\n    name: A\n    touchpoints:{tps}\n"


@pytest.mark.e2e
@pytest.mark.parametrize("signo, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                         (signal.SIGINT, 130)])
def test_a_signal_during_a_write_removes_the_temporary_file(write, tmp_path, signo, code):
    source = write("map.yaml", _map(0, 3))
    out = tmp_path / "out" / "board.html"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_REPLACE, "render", str(source), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    assert line.startswith("TEMP ")
    assert Path(line.split(" ", 1)[1].strip()).exists()
    proc.send_signal(signo)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert b"Traceback" not in err
    assert err.decode().endswith({signal.SIGTERM: "cjm: terminated\n", signal.SIGHUP: "cjm: hangup\n",
                                  signal.SIGINT: "cjm: interrupted\n"}[signo])
    assert temp_files(tmp_path) == []
    assert not out.exists()


@pytest.mark.e2e
def test_a_signal_while_the_cache_is_written_leaves_no_temporary_file_in_it(write, tmp_path):
    source = write("map.yaml", _map(0, 3))
    os.utime(source, (time.time() - 60, time.time() - 60))  # older than the scan's racy window
    cache = tmp_path / "cache"
    slow_cache = _SLOW_REPLACE.replace('.endswith(".html")', '.endswith(".json")')
    proc = subprocess.Popen([sys.executable, "-c", slow_cache, "render", str(source), "-o", str(tmp_path / "b.html")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "CJM_CACHE_DIR": str(cache)})
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    assert line.startswith("TEMP ") and line.split(" ", 1)[1].startswith(str(cache))
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert [p.name for p in cache.rglob("*.tmp*")] == []


@pytest.mark.e2e
def test_sigterm_in_the_middle_of_a_large_site_render(write, tmp_path):
    for i in range(200):
        write(f"maps/m{i:03}.yaml", _map(i))
    site = tmp_path / "site"
    proc = subprocess.Popen([sys.executable, "-m", "cjm", "render", str(tmp_path / "maps"), "-o", str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(site.glob("*.html"))) < 20:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    pages = sorted(site.glob("*.html"))
    if proc.returncode == 0:  # finished before the signal: nothing to check but completeness
        assert len(pages) == 201
    else:
        assert proc.returncode == 143, err
        assert err.decode().endswith("cjm: terminated\n")
        assert 20 <= len(pages) <= 201
    assert temp_files(tmp_path) == []
    for page in pages:
        assert page.read_bytes().rstrip().endswith(b"</html>"), page.name


def test_an_error_while_writing_removes_the_temporary_file(tmp_path, monkeypatch):
    from cjm import output

    def broken(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(output.WriteError, match="cannot write .*: Input/output error"):
        output.atomic_write(tmp_path / "a.txt", "text")
    assert os.listdir(tmp_path) == []
    assert output._PENDING == set()


_SLOW_IMPORT = """
import builtins, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)
real = builtins.__import__
def slow(name, *args, **kwargs):
    if name == "typer":
        print("IMPORTING", flush=True)
        time.sleep(30)
    return real(name, *args, **kwargs)
builtins.__import__ = slow
sys.argv = ["cjm", "validate", "map.yaml"]
from cjm.entry import main
main()
"""


@pytest.mark.e2e
def test_ctrl_c_while_the_cli_is_still_being_imported_is_no_traceback(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_IMPORT], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"IMPORTING\n"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == b"cjm: interrupted\n"
