"""A running preview for the tests: in-process (fast, for what pages and events hold) or as the
real ``cjm serve`` process (for start-up, signals and exit codes), and an HTTP client that sends
paths exactly as written (``..`` and ``%2e`` untouched, as an attacker would)."""

from __future__ import annotations

import http.client
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

    def nothing_within(self, seconds: float) -> bool:
        sock = self.resp.fp.raw._sock  # type: ignore[attr-defined]
        sock.settimeout(seconds)
        try:
            line = self.resp.fp.readline()
        except TimeoutError:
            return True
        return line.startswith(b":")

    def close(self) -> None:
        self.conn.close()


@dataclass
class Running:
    url: str
    preview: Preview
    server: PreviewServer
    reports: list[Refreshed]

    def wait_for(self, predicate, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.02)
        raise AssertionError("timed out waiting for the preview")


@contextmanager
def serving(path: Path, **options: object) -> Iterator[Running]:
    """``cjm serve PATH --port 0`` in this process: the same preview, server and watcher."""
    preview = Preview(str(path), **options)  # type: ignore[arg-type]
    preview.refresh()
    server = bind(preview, "127.0.0.1", 0)
    stop = threading.Event()
    reports: list[Refreshed] = []
    watch(preview, stop, reports.append, lambda why: reports.append(Refreshed(errors=[why])))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    time.sleep(0.3)  # the watcher's first watch is in place (inotify is set up in its thread)
    try:
        yield Running(server.url, preview, server, reports)
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
sys.argv = ["cjm", *sys.argv[1:]]
from cjm.cli import main
main()
"""
