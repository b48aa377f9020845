"""A running preview for the tests: in-process (fast, for what pages and events hold) or as the
real ``cjm serve`` process (for start-up, signals and exit codes), and an HTTP client that sends
paths exactly as written (``..`` and ``%2e`` untouched, as an attacker would)."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cjm.serve.preview import Preview, Refreshed
from cjm.serve.server import PreviewServer, bind, watch

START_TIMEOUT = 120  # a loaded CI machine can take seconds to import and render


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def request(base: str, path: str, method: str = "GET", headers: dict[str, str] | None = None) -> Reply:
    host, port = base.removeprefix("http://").rstrip("/").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(method, path, skip_host=bool(headers and "Host" in headers))
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8"))
    finally:
        conn.close()


def live_version(page: str) -> tuple[str, str]:
    """The page name and version the served page's reload script subscribes with."""
    found = re.search(r'encodeURIComponent\((".*?")\) \+\s*"&v=" \+ encodeURIComponent\("(\w*)"\)', page)
    assert found, "no live-reload script in the page"
    import json

    return json.loads(found.group(1)), found.group(2)


class Events:
    """An open event stream, as the page's ``EventSource`` holds it."""

    def __init__(self, base: str, page: str) -> None:
        name, version = live_version(page)
        host, port = base.removeprefix("http://").rstrip("/").rsplit(":", 1)
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        from urllib.parse import quote

        self.conn.request("GET", f"/__cjm/events?page={quote(name)}&v={version}")
        self.resp = self.conn.getresponse()
        assert self.resp.status == 200
        assert self.resp.getheader("Content-Type", "").startswith("text/event-stream")
        assert self.resp.fp.readline() == b"retry: 1000\n"
        assert self.resp.fp.readline() == b"\n"

    def next_event(self, timeout: float = 30) -> str:
        """The name of the next event (``reload``); comments (keep-alives) are skipped."""
        sock = self.resp.fp.raw._sock  # type: ignore[attr-defined]
        sock.settimeout(timeout)
        event = ""
        while True:
            line = self.resp.fp.readline().decode()
            if line == "":
                raise EOFError("the stream ended without an event")
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line == "\n" and event:
                return event

    def close(self) -> None:
        self.conn.close()


class Running:
    """A preview being served, and what its watcher reported (``reports``, one per refresh)."""

    def __init__(self, url: str, preview: Preview, server: PreviewServer) -> None:
        self.url = url
        self.preview = preview
        self.server = server
        self.reports: list[Refreshed] = []
        self._reported = threading.Condition()
        self._count = 0  # reports so far (``reports`` may be cleared)

    def report(self, refreshed: Refreshed) -> None:
        """The watcher's callback: keep the report and wake whoever waits for one."""
        with self._reported:
            self.reports.append(refreshed)
            self._count += 1
            self._reported.notify_all()

    def wait_for(self, predicate, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        """Until ``predicate()`` holds, checked now and again after each refresh the watcher
        reports (what the preview serves changes only then); fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            with self._reported:
                seen = self._count
            if predicate():
                return
            with self._reported:
                if not self._reported.wait_for(lambda seen=seen: self._count > seen, max(0.0, deadline - time.monotonic())):
                    raise AssertionError("timed out waiting for the preview")

    def report_changing(self, page: str, timeout: float = 30) -> Refreshed:
        """The first report whose refresh changed ``page`` (waiting for it up to ``timeout``)."""
        found: list[Refreshed] = []

        def changed() -> bool:
            with self._reported:
                found[:] = [r for r in self.reports if page in r.changed]
            return bool(found)

        self.wait_for(changed, timeout)
        return found[0]

    def watching(self, timeout: float = 30) -> None:
        """Return once the watcher sees saves: rewrite a map unchanged every 50 ms until a
        refresh reports it, then forget the reports so far.

        Why: the watcher sets up its inotify watch in its own thread, some time after it starts;
        a save before that is never seen. A rewrite with the same bytes changes no page (its
        report's ``changed`` is empty), so one that is reported late confuses no test that looks
        for the report of its own save (:meth:`report_changing`)."""
        target = _a_map_of(self.preview)
        data = target.read_bytes()
        deadline = time.monotonic() + timeout
        while True:
            with self._reported:
                seen = self._count
            tmp = target.with_name(f".{target.name}.handshake")
            tmp.write_bytes(data)
            os.replace(tmp, target)
            with self._reported:
                if self._reported.wait_for(lambda seen=seen: self._count > seen, 0.05):
                    self.reports.clear()
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"the watcher did not report a rewrite of {target} within {timeout} s")


def _a_map_of(preview: Preview) -> Path:
    """A map file the preview serves (a regular file, not a symlink: rewriting one would turn it
    into a file); the first by name, so it is the same one on every run."""
    if not preview.folder:
        return Path(preview.path)
    root = Path(preview.path)
    maps = sorted(p for p in root.rglob("*.yaml") if p.is_file() and not p.is_symlink()
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))
    assert maps, f"no map in {root} to rewrite"
    return maps[0]


@contextmanager
def serving(path: Path, **options: object) -> Iterator[Running]:
    """``cjm serve PATH --port 0`` in this process: the same preview, server and watcher, yielded
    once the watcher sees saves (:meth:`Running.watching`)."""
    preview = Preview(str(path), **options)  # type: ignore[arg-type]
    preview.refresh()
    server = bind(preview, "127.0.0.1", 0)
    stop = threading.Event()
    live = Running(server.url, preview, server)
    watch(preview, stop, live.report, lambda why: live.report(Refreshed(errors=[why])))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        live.watching()
        yield live
    finally:
        stop.set()
        server.shutdown()
        server.stop()


@contextmanager
def cjm_serve(*args: str, cwd: Path | None = None) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The real command in its own process; yields it and the URL it printed."""
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, "serve", *args, "--port", "0"], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        line = _readline(proc, START_TIMEOUT)
        found = re.search(r"http://\S+/", line)
        assert found, f"no URL in {line!r}; stderr: {proc.stderr.read().decode() if proc.stderr else ''}"
        yield proc, found.group(0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _readline(proc: subprocess.Popen[bytes], timeout: float) -> str:
    assert proc.stdout is not None
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    return out[0].decode() if out else ""


# A shell's background job starts with SIGINT ignored, and Python then never raises
# KeyboardInterrupt: give the child the interactive handler, as a user's terminal would.
_CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a CI runner may have left it ignored
sys.argv = ["cjm", *sys.argv[1:]]
from cjm.cli import main
main()
"""
