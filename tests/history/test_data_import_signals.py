"""`cjm data import --write` under signals and kills: every map updated or none, no worker left
running, no temporary file left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cjm

from .test_data_import import MAP

# cjm's own main() with the maps' renames slowed down (or failing), so a signal or an error
# lands between two renames: the moment all-or-nothing is decided.
_HARNESS = """
import os, signal, sys, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, not a background job
mode = os.environ["HARNESS"]
real = os.replace
renamed = []
def replace(src, dst):
    if str(dst).endswith(".yaml"):
        renamed.append(dst)
        if mode == "fail" and len(renamed) == 2:
            raise PermissionError(13, "Permission denied", dst)
        if mode == "slow" and len(renamed) == 1:
            print("RENAMING", dst, flush=True)
            # the first rename goes on once the test's Ctrl-C has arrived (held until the
            # renames end, so it is pending meanwhile)
            deadline = time.monotonic() + 60
            while signal.SIGINT not in signal.sigpending() and time.monotonic() < deadline:
                time.sleep(0.01)
    real(src, dst)
os.replace = replace
if mode == "busy":  # after its first map, a worker's edits wait for the parent's death: mid-job
    import cjm.interop.data as data
    apply = data._apply
    parent = os.getpid()
    done = []
    def slow_apply(*args):
        deadline = time.monotonic() + 60
        while done and os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.01)
        done.append(True)
        return apply(*args)
    data._apply = slow_apply
sys.argv = ["cjm", *sys.argv[1:]]
from cjm.cli import main
main()
"""


def _maps(tmp_path: Path, count: int) -> tuple[Path, Path]:
    folder = tmp_path / "maps"
    folder.mkdir()
    rows = ["id,period,value"]
    for i in range(count):
        text = MAP.replace("id: checkout", f"id: checkout-{i}").replace("m-nps", f"m-nps-{i}")
        (folder / f"checkout-{i:02}.yaml").write_text(text.replace("da-pay", f"da-pay-{i}"), encoding="utf-8")
        rows.append(f"m-nps-{i},2026-Q3,37.5")
    data = tmp_path / "q3.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder, data


def _start(mode: str, data: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", _HARNESS, "data", "import", str(data), "--map", str(folder),
                             "--write"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "HARNESS": mode})


def _updated(folder: Path) -> list[bool]:
    return ["2026-Q3" in p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".cjm-"))


@pytest.mark.e2e
def test_ctrl_c_while_the_maps_are_renamed_waits_until_every_map_is_in_place(tmp_path: Path) -> None:
    folder, data = _maps(tmp_path, 4)
    proc = _start("slow", data, folder)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith(b"RENAMING")  # the first of four is being renamed
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.decode().endswith("cjm: interrupted\n")
    assert _updated(folder) == [True] * 4  # not 1 of 4
    assert _leftovers(folder) == []


@pytest.mark.e2e
def test_a_rename_that_fails_halfway_puts_back_the_maps_already_renamed(tmp_path: Path) -> None:
    folder, data = _maps(tmp_path, 3)
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    proc = _start("fail", data, folder)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2, err
    assert b"Permission denied" in err and b"Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before
    assert _leftovers(folder) == []


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.e2e
def test_a_parent_killed_outright_takes_its_workers_and_their_staged_files_with_it(tmp_path: Path) -> None:
    folder, data = _maps(tmp_path, 30)  # enough maps for worker processes
    before = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    proc = _start("busy", data, folder)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _leftovers(folder):  # a worker has staged a map
        time.sleep(0.01)
    assert _leftovers(folder)
    workers = _children(proc.pid)
    assert workers
    proc.kill()
    proc.communicate(timeout=60)  # returns only once no worker holds the output pipes open
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.05)
    assert not any(_running(w) for w in workers)
    assert _leftovers(folder) == []
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before


def test_an_import_removes_what_a_killed_import_left_and_keeps_a_running_ones(tmp_path: Path) -> None:
    folder, data = _maps(tmp_path, 2)
    ended = subprocess.Popen(["true"])  # a process id that no longer runs
    ended.wait()
    orphan = folder / f".cjm-{ended.pid}-abc123.tmp"
    orphan.write_text("half a map")
    live = folder / f".cjm-{os.getpid()}-def456.tmp"  # this test process is alive
    live.write_text("a map being imported right now")
    result = run_cjm("data", "import", str(data), "--map", str(folder), "--write")
    assert result.exit_code == 0, result.output
    assert not orphan.exists() and live.exists()
    assert _updated(folder) == [True, True]
