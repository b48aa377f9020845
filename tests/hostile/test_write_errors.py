"""Every failure to read or write is one line, ``cjm: error: cannot write PATH: REASON``, exit 2.

Never a traceback, and never exit 1 (which reads as "problems found"). The stand-ins work for
root and non-root alike: a path under a regular file fails for everyone, ``RLIMIT_FSIZE`` gives
"File too large", a closed descriptor gives "Bad file descriptor", ``/dev/full`` a full disk.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .common import MAP, one_error_line, temp_files

HAS_FULL = os.path.exists("/dev/full")


def _commands(source: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Every command that writes, with its map or input; ``-o OUT`` is added by the tests."""
    mermaid = tmp_path / "j.mmd"
    mermaid.write_text("journey\n  title T\n  section S\n    Visit: 3: Me\n")
    return {
        "render": ["render", str(source), "-f", "md"],
        "report": ["report", str(source)],
        "lint": ["lint", str(source)],
        "validate": ["validate", str(source)],
        "diff": ["diff", str(source), str(source)],
        "show": ["show", str(source)],
        "export": ["export", "csv", str(source)],
        "import": ["import", "mermaid", str(mermaid)],
        "schema": ["schema"],
    }


@pytest.mark.parametrize("command", ["render", "report", "lint", "validate", "diff", "show",
                                     "export", "import", "schema"])
def test_output_under_a_regular_file(cjm, write, tmp_path, command):
    source = write("map.yaml", MAP)
    args = _commands(source, tmp_path)[command]
    out = source / "out.txt"  # a path "inside" a file: fails for root too
    result = cjm(*args, "-o", str(out))
    assert result.exit_code == 2, result.output
    assert one_error_line(result.stderr), result.stderr
    assert str(out) in result.stderr


@pytest.mark.parametrize("command", ["render", "report", "lint", "validate", "diff", "export",
                                     "import", "schema"])
def test_empty_output_path(cjm, write, tmp_path, command):
    source = write("map.yaml", MAP)
    result = cjm(*_commands(source, tmp_path)[command], "-o", "", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "cjm: error: cannot write '': an empty path names no file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.mmd", "map.yaml"]


def test_init_under_a_regular_file(cjm, write):
    source = write("map.yaml", MAP)
    result = cjm("init", str(source / "new.yaml"))
    assert result.exit_code == 2
    assert one_error_line(result.stderr)


def test_init_with_an_empty_path(cjm, tmp_path):
    result = cjm("init", "", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "cjm: error: cannot write '': an empty path names no file\n"
    assert list(tmp_path.iterdir()) == []


def test_baseline_under_a_regular_file(cjm, write):
    source = write("map.yaml", MAP)
    result = cjm("lint", str(source), "--write-baseline", str(source / "baseline.json"))
    assert result.exit_code == 2
    assert one_error_line(result.stderr)


def test_site_under_a_regular_file(cjm, write, tmp_path):
    write("maps/a.yaml", MAP)
    write("maps/b.yaml", MAP.replace("id: minimal", "id: other"))
    blocker = write("blocker", "x")
    result = cjm("render", str(tmp_path / "maps"), "-o", str(blocker / "site"))
    assert result.exit_code == 2
    assert one_error_line(result.stderr), result.stderr


# As root, a read-only folder is writable; the check drops to "nobody" inside the child, after
# one warm-up run as root has imported every module a write and its error need (Python's own
# library may sit where "nobody" cannot read, such as under /root).
_AS_NOBODY = """
import os, sys
from cjm.cli import main
def run(*args):
    sys.argv = ["cjm", *args]
    try:
        main()
    except SystemExit as exc:
        return exc.code
warm, out = sys.argv[1:3]
run("schema", "-o", os.path.join(warm, "warm.json"))
run("schema", "-o", os.path.join(warm, "warm.json", "under-a-file"))
os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.stderr.write("--- as nobody\\n")
sys.exit(run("schema", "-o", out))
"""


@pytest.mark.e2e
def test_read_only_folder(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="cjm-ro-"))  # not under tmp_path: "nobody" must reach it
    try:
        folder.chmod(0o555)
        out = folder / "schema.json"
        if os.geteuid() == 0:
            cmd = [sys.executable, "-c", _AS_NOBODY, str(tmp_path), str(out)]
        else:
            cmd = [sys.executable, "-m", "cjm", "schema", "-o", str(out)]
        proc = subprocess.run(cmd, capture_output=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        stderr = proc.stderr.decode().split("--- as nobody\n")[-1]  # past the warm-up's error
        assert stderr == f"cjm: error: cannot write {out}: Permission denied\n"
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


@pytest.mark.e2e
@pytest.mark.skipif(not HAS_FULL, reason="no /dev/full on this system")
@pytest.mark.parametrize("command", ["render", "report", "lint", "validate", "diff", "show",
                                     "export", "schema"])
def test_stdout_on_a_full_device(write, tmp_path, command):
    source = write("map.yaml", MAP)
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "cjm", *_commands(source, tmp_path)[command]],
                              stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == b"cjm: error: cannot write <stdout>: No space left on device\n"


@pytest.mark.e2e
@pytest.mark.skipif(not HAS_FULL, reason="no /dev/full on this system")
def test_rules_on_a_full_device():
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "cjm", "rules"],
                              stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == b"cjm: error: cannot write <stdout>: No space left on device\n"


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))


@pytest.mark.e2e
def test_file_too_large(write, tmp_path):
    source = write("map.yaml", MAP)
    out = tmp_path / "schema.json"
    proc = subprocess.run([sys.executable, "-m", "cjm", "schema", "-o", str(out)],
                          capture_output=True, preexec_fn=_limit_file_size, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"cjm: error: cannot write {out}: File too large\n"
    assert not out.exists()
    assert temp_files(tmp_path) == []
    assert source.exists()


@pytest.mark.e2e
def test_closed_stdout(write):
    source = write("map.yaml", MAP)
    proc = subprocess.run([sys.executable, "-m", "cjm", "report", str(source)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60,
                          preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2
    assert proc.stderr == b"cjm: error: cannot write <stdout>: Bad file descriptor\n"


@pytest.mark.e2e
def test_closed_stdout_does_not_write_into_the_next_file(write, tmp_path):
    """With fd 1 closed, the first file cjm opens would get it; a print must not land there."""
    source = write("map.yaml", MAP)
    out = tmp_path / "out.md"
    proc = subprocess.run([sys.executable, "-m", "cjm", "render", str(source), "-f", "md",
                           "-o", str(out)], stderr=subprocess.PIPE, timeout=60,
                          preexec_fn=lambda: os.close(1))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().startswith("# Minimal map")


@pytest.mark.e2e
def test_closed_stdin(write):
    proc = subprocess.run([sys.executable, "-m", "cjm", "import", "mermaid", "-"],
                          capture_output=True, timeout=60, preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert proc.stderr == b"cjm: error: <stdin>: cannot read: Bad file descriptor\n"


def test_unreadable_input_is_one_line(cjm, write):
    source = write("map.yaml", MAP)
    result = cjm("report", str(source / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("cjm: error: ")


@pytest.mark.e2e
def test_a_broken_pipe_stays_quiet(write, tmp_path):
    maps = [write(f"maps/m{i}.yaml", MAP.replace("id: minimal", f"id: m{i}")) for i in range(3)]
    proc = subprocess.run(
        f"{sys.executable} -m cjm schema | head -c 1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, timeout=60)
    assert proc.stderr == b""
    assert proc.returncode in (0, 1)
    assert maps
