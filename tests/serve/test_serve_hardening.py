"""`cjm serve` under hostile requests and odd file-system changes: the Host header is parsed and
must name this machine at the server's port, nothing of a request reaches the event stream, and a
single map replaced by a folder (and back) keeps its last good board with the problem shown.

No test sleeps: servers run in this process, waits are for an event with a deadline."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from cjm.serve.preview import Preview, Refreshed
from cjm.serve.server import PreviewServer, bind, host_allowed, sse_field, watch

from .helpers import Events, request

DEADLINE = 30.0


def board(title: str) -> str:
    return (f"cjm: 1\nid: checkout\ntitle: {title}\nstages:\n  - id: browse\n    name: Browse\n"
            "    touchpoints:\n      - id: visit\n        name: Visit the site\n")


@contextmanager
def server_of(path: Path) -> Iterator[PreviewServer]:
    """The preview of ``path`` served on a free port of 127.0.0.1 (no watcher)."""
    preview = Preview(str(path))
    preview.refresh()
    server = bind(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.stop()


def raw_get(server: PreviewServer, lines: list[str]) -> bytes:
    """Send a request exactly as written, read the whole answer (the server closes it)."""
    with socket.create_connection(server.server_address[:2], timeout=DEADLINE) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def single(tmp_path: Path) -> Path:
    path = tmp_path / "checkout.yaml"
    path.write_text(board("Checkout journey"), encoding="utf-8")
    return path


# --- 2a: the Host header ------------------------------------------------------------------------

def test_only_this_machines_names_at_this_port_are_answered(single: Path) -> None:
    with server_of(single) as server:
        port = server.server_address[1]
        for good in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", f"LocalHost:{port}"):
            assert request(server.url, "/", headers={"Host": good}).status == 200, good
        for bad in (f"127.0.0.1:{port}@evil.example", f"localhost:{port}@evil.example:{port}",
                    "evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}",
                    f"127.0.0.1.evil.example:{port}", f"localhost:{port + 1}", "localhost",
                    f"127.0.0.1:{port}:{port}", f"[::1]x:{port}", f"127.0.0.2:{port}",
                    f"localhost:+{port}", f"0x7f000001:{port}"):
            reply = request(server.url, "/", headers={"Host": bad})
            assert reply.status == 421, bad
            assert "Checkout journey" not in reply.body
        answer = raw_get(server, ["GET / HTTP/1.0"])  # no Host at all
        assert answer.startswith(b"HTTP/1.0 421 ")
        twice = raw_get(server, ["GET / HTTP/1.1", f"Host: 127.0.0.1:{port}", "Host: evil.example",
                                 "Connection: close"])
        assert twice.startswith(b"HTTP/1.0 421 ") or twice.startswith(b"HTTP/1.1 421 ")


def test_the_host_header_is_parsed_not_matched() -> None:
    assert host_allowed("localhost:8000", 8000)
    assert host_allowed("[::1]:8000", 8000)
    assert host_allowed("127.0.0.1", 80) and host_allowed("localhost", 80)
    assert not host_allowed("127.0.0.1:8000@evil.com", 8000)
    assert not host_allowed("127.0.0.1:", 80)
    assert not host_allowed("127.0.0.1:８０００", 8000)  # fullwidth digits
    assert not host_allowed(None, 8000)


# --- 2b: nothing of a request reaches the event stream -----------------------------------------

@pytest.mark.parametrize("smuggled", ["%0D", "%0A", "%0D%0A", "%00", "%0D%0D"])
def test_a_line_break_in_page_cannot_forge_an_event(single: Path, smuggled: str) -> None:
    with server_of(single) as server:
        port = server.server_address[1]
        target = f"/__cjm/events?page=checkout.html{smuggled}event:%20pwned{smuggled}data:%20x&v=old"
        answer = raw_get(server, [f"GET {target} HTTP/1.1", f"Host: 127.0.0.1:{port}",
                                  "Connection: close"])
    head, _, stream = answer.partition(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0]
    assert stream == b"retry: 1000\n\nevent: reload\ndata: reload\n\n"


def test_every_field_written_to_the_stream_refuses_line_breaks() -> None:
    assert sse_field("event", "reload") == b"event: reload\n"
    for bad in ("a\rb", "a\nb", "a\0b"):
        with pytest.raises(ValueError):
            sse_field("data", bad)


# --- 2c: a map replaced by a folder, then by a file again --------------------------------------

def test_a_map_replaced_by_a_folder_keeps_its_board_and_comes_back(single: Path) -> None:
    preview = Preview(str(single))
    preview.refresh()
    name = preview.home
    assert name == "checkout.html"
    first = preview.lookup(name)
    assert first is not None and "Checkout journey" in first.body

    single.unlink()
    single.mkdir()
    done = preview.refresh([str(single)])
    assert done.changed == [name]
    kept = preview.lookup(preview.home)
    assert preview.home == name and kept is not None
    assert "Checkout journey" in kept.body  # the last good board
    assert "is a directory, not a file" in kept.body  # with the problem shown

    single.rmdir()
    single.write_text(board("Checkout, redesigned"), encoding="utf-8")
    done = preview.refresh([str(single)])
    assert done.changed == [name]
    back = preview.lookup(preview.home)
    assert back is not None and "Checkout, redesigned" in back.body
    assert "is a directory" not in back.body


@contextmanager
def watched(path: Path) -> Iterator[tuple[PreviewServer, list[Refreshed]]]:
    """A served preview with its watcher, once the watcher is seen to work: the map is written
    again unchanged until a refresh is reported (no fixed sleep), then the reports are cleared."""
    preview = Preview(str(path))
    preview.refresh()
    server = bind(preview, "127.0.0.1", 0)
    stop = threading.Event()
    reports: list[Refreshed] = []
    watch(preview, stop, reports.append, lambda why: reports.append(Refreshed(errors=[why])))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        text = path.read_bytes()
        deadline = time.monotonic() + DEADLINE
        while not reports:
            assert time.monotonic() < deadline, "the watcher never reported a save"
            path.write_bytes(text)
            stop.wait(0.05)  # the next rewrite, unless a report arrives first
        reports.clear()
        yield server, reports
    finally:
        stop.set()
        server.shutdown()
        server.stop()


def test_the_served_page_follows_a_map_replaced_by_a_folder_and_back(single: Path) -> None:
    with watched(single) as (server, _reports):
        page = request(server.url, "/").body
        events = Events(server.url, page)
        try:
            single.unlink()
            single.mkdir()
            assert events.next_event(timeout=DEADLINE) == "reload"
        finally:
            events.close()
        shown = request(server.url, "/")
        assert shown.status == 200
        assert "Checkout journey" in shown.body and "is a directory, not a file" in shown.body

        events = Events(server.url, shown.body)
        try:
            os.rmdir(single)
            single.write_text(board("Checkout, redesigned"), encoding="utf-8")
            assert events.next_event(timeout=DEADLINE) == "reload"
        finally:
            events.close()
        back = request(server.url, "/")
        assert back.status == 200 and "Checkout, redesigned" in back.body
