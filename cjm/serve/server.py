"""The preview's HTTP server, its server-sent events, and the file watcher that drives them.

The standard library's ``ThreadingHTTPServer`` is enough: one user, a few tabs, pages that are
already rendered in memory. Every request is looked up among the preview's pages by name, so no
request can read a file (``../``, ``%2e%2e/``, absolute paths and symlinks find no page and get
404). ``watchfiles`` (Rust's ``notify``: inotify, FSEvents, ReadDirectoryChangesW) reports saves
without a polling loop of ours. Nothing here prints: what happens is told to the callbacks the
command gives.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import os
import socket
import threading
from collections.abc import Callable, Iterator
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .preview import EVENTS, Preview, Refreshed, Served

INSTALL_HINT = "cjm serve needs watchfiles: pip install watchfiles"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream, so a closed tab is noticed
STEP_MS = 10  # watchfiles: how long a burst of events (an editor's save) may pause before it is one change
DEBOUNCE_MS = 300  # watchfiles: the longest a burst is collected before it is reported anyway
# Content-Security-Policy of every served page: inline CSS and SVG as the board has them, the one
# script cjm adds (by nonce), its event stream; no other request can leave the page.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
       "script-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class ServeError(Exception):
    """The server cannot start (the port is taken, the host is unknown, no watcher): exit 2."""


def loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, ``127.0.0.1``, ``::1``)."""
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    return False


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def host_allowed(header: str | None, port: int) -> bool:
    """Whether a ``Host:`` header names this machine at the server's port: exactly one of
    :data:`LOOPBACK_NAMES` (any case, as host names go), ``:``, the port in digits; the port may
    be left out only when it is 80, as browsers do. Parsed whole, never matched by prefix or
    substring: ``127.0.0.1:8000@evil.example``, ``localhost.evil.example`` and a missing header
    are refused."""
    if header is None:
        return False
    host, colon, given = header.rpartition(":") if not header.endswith("]") else (header, "", "")
    if not colon:
        host, given = header, ""
    if host.lower() not in LOOPBACK_NAMES:
        return False
    if given == "":
        return not colon and port == 80
    return given.isascii() and given.isdigit() and len(given) <= 5 and int(given) == port


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the preview's pages and of its event stream; every other path is 404."""

    server: PreviewServer
    server_version = "cjm-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal shows what the maps do, not what the browser asks."""

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def do_GET(self) -> None:
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        try:
            if not self._host_allowed():
                self._send(HTTPStatus.MISDIRECTED_REQUEST, b"unexpected Host header\n", "text/plain", head)
                return
            url = urlsplit(self.path)
            if url.path == EVENTS and not head:
                self._events(parse_qs(url.query))
                return
            name, served = self._page(url.path)
            status = HTTPStatus.OK
            if served is None:
                status, served = HTTPStatus.NOT_FOUND, self.server.preview.missing(name)
            body, nonce = served.with_nonce()
            self._send(status, body, "text/html; charset=utf-8", head, nonce)
        except OSError as exc:  # the browser went away mid-answer: nothing to tell anyone
            if exc.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ECONNABORTED, None):
                raise

    def _host_allowed(self) -> bool:
        """A preview bound to this machine answers only to this machine's names at its port, so
        a web page cannot read the maps by pointing a DNS name at 127.0.0.1 (DNS rebinding)."""
        if not loopback(self.server.host):
            return True
        hosts = self.headers.get_all("Host") or []
        return len(hosts) == 1 and host_allowed(hosts[0], self.server.server_address[1])

    def _page(self, path: str) -> tuple[str, Served | None]:
        """The page a URL path names: a key among the rendered pages, never a file on disk."""
        name = unquote(path).lstrip("/")  # undecodable bytes become U+FFFD: no page has that name
        if name == "":
            name = self.server.preview.home
        return name, self.server.preview.lookup(name)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, head: bool, nonce: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", CSP.format(nonce=nonce or "none"))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, query: dict[str, list[str]]) -> None:
        """``event: reload`` once the page the client shows (``page``, at version ``v``) differs
        from what the server has: at once when it changed before the stream opened, else on the
        save that changes it. The stream ends after it; the reloaded page opens a new one.

        Nothing of the request is written to the stream: a CR, LF or NUL in ``page`` would end
        a line of it and let a page forge an event. Every line written goes through
        :func:`sse_field`, which refuses those characters."""
        preview = self.server.preview
        name = query.get("page", [""])[0]
        seen = query.get("v", [""])[0]
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()
        self.wfile.write(sse_field("retry", "1000") + b"\n")
        self.wfile.flush()
        stopping = self.server.stopping
        while True:
            with preview.changed:
                generation = preview.generation
            if stopping.is_set():
                return
            current = preview.lookup(name)
            if (current.version if current is not None else "") != seen:
                break
            with preview.changed:  # the socket is written outside the lock: a stalled tab blocks no save
                woke = preview.changed.wait_for(partial(_moved, preview, generation, stopping), KEEPALIVE)
            if not woke:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        self.wfile.write(sse_field("event", "reload") + sse_field("data", "reload") + b"\n")
        self.wfile.flush()


def sse_field(name: str, value: str) -> bytes:
    """One ``name: value`` line of an event stream. A CR, LF or NUL would end the line early (CR
    alone ends one in server-sent events) or cut it: such a value is refused, never written."""
    if any(c in value or c in name for c in "\r\n\0"):
        raise ValueError(f"not written to the event stream: {value!r}")
    return f"{name}: {value}\n".encode()


def _moved(preview: Preview, generation: int, stopping: threading.Event) -> bool:
    return preview.generation != generation or stopping.is_set()


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one preview. Request threads are daemons: Ctrl-C never waits on a tab."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, preview: Preview, host: str, port: int) -> None:
        self.preview = preview
        self.host = host
        self.stopping = threading.Event()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.address_family = family
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        address, port = self.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed is that browser's business; it must not print a traceback."""

    def stop(self) -> None:
        """Wake every open event stream so its thread ends, then close the socket."""
        self.stopping.set()
        with self.preview.changed:
            self.preview.changed.notify_all()
        self.server_close()


def bind(preview: Preview, host: str, port: int) -> PreviewServer:
    """The server listening on ``host:port`` (``0``: a free port); :class:`ServeError` when not."""
    try:
        return PreviewServer(preview, host, port)
    except OSError as exc:
        why = exc.strerror or str(exc)
        hint = "; another program (or cjm serve) uses it: try --port 0 for a free port" if exc.errno == errno.EADDRINUSE else ""
        raise ServeError(f"cannot listen on {host}:{port}: {why}{hint}") from None


def watcher() -> Any:
    """The ``watchfiles`` module, or :class:`ServeError` with the install line."""
    try:
        import watchfiles
    except ImportError as exc:
        raise ServeError(f"{INSTALL_HINT} ({exc})") from None
    return watchfiles


def _relevant(preview: Preview) -> Callable[[Any, str], bool]:
    """Which changes matter: maps (and templates) under the watched folders, not an editor's swap
    file, a ``.git`` folder or any other hidden path beside them."""
    watchfiles = watcher()
    default = watchfiles.DefaultFilter()
    own = os.path.abspath(preview.path)
    templates = str(preview.template_dir.resolve()) if preview.template_dir is not None else None

    def relevant(change: Any, path: str) -> bool:
        if not default(change, path):
            return False
        if templates is not None and path.startswith(templates + os.sep):
            return True
        if not preview.folder:
            return os.path.abspath(path) == own
        rel = os.path.relpath(path, own)
        return not any(part.startswith(".") for part in Path(rel).parts if part != "..")

    return relevant


def watch(preview: Preview, stop: threading.Event, report: Callable[[Refreshed], None],
          failed: Callable[[str], None]) -> threading.Thread:
    """Start the thread that refreshes ``preview`` on every save and tells ``report`` what it did.

    A map file's folder is watched rather than the file, because editors save by writing a new
    file and renaming it over the old one, which a watch on the old file would lose.
    """
    watchfiles = watcher()
    folders = [preview.path if preview.folder else os.path.dirname(os.path.abspath(preview.path))]
    if preview.template_dir is not None:
        folders.append(str(preview.template_dir))
    templates = str(preview.template_dir.resolve()) if preview.template_dir is not None else None
    relevant = _relevant(preview)

    def changes() -> Iterator[set[str]]:
        for batch in watchfiles.watch(*folders, watch_filter=relevant, debounce=DEBOUNCE_MS, step=STEP_MS,
                                      stop_event=stop, recursive=preview.folder,
                                      raise_interrupt=False, ignore_permission_denied=True):
            yield {path for _, path in batch}

    def run() -> None:
        try:
            for paths in changes():
                template = templates is not None and any(p.startswith(templates + os.sep) for p in paths)
                report(preview.refresh(paths, template_changed=template))
        except Exception as exc:  # the watcher stops; the pages stay served as they are
            if not stop.is_set():
                failed(f"{type(exc).__name__}: {exc}")

    thread = threading.Thread(target=run, name="cjm-serve-watch", daemon=True)
    thread.start()
    return thread
