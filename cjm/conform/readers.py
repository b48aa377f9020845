"""Event logs, read as a stream of events: CSV (any delimiter, BOM, CRLF, quoted fields), XES
(also ``.xes.gz``, streamed with xml.etree's pull parser) and JSON lines.

Every event is ``(case, activity, instant, line, map)``: ``instant`` in microseconds since the
epoch UTC (:mod:`cjm.conform.timestamps`), ``line`` the line of the file it was read from, for
messages, ``map`` the map column's value (None without one). Bad input is a :class:`LogError`
naming the file and the line; nothing is guessed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from .timestamps import BadTimestamp, parse

DEFAULT_CASE = ("case_id", "case:concept:name", "case")
DEFAULT_ACTIVITY = ("activity", "concept:name")
DEFAULT_TIMESTAMP = ("timestamp", "time:timestamp", "time")
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"


class LogError(Exception):
    """A log (or a mapping file) that cannot be read as one: ``FILE:LINE: message``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


class Event(NamedTuple):
    case: str
    activity: str
    instant: int
    line: int
    map: str | None


@dataclass(frozen=True)
class Columns:
    """Which column (CSV, JSON lines) or attribute key (XES) holds what; None: the defaults."""

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    map: str | None = None  # a folder of maps: the column naming each event's map
    timezone: str | None = None
    date_format: str | None = None
    delimiter: str | None = None


def kind_of(path: str) -> str:
    """``xes``, ``jsonl`` or ``csv``, from the file's name (``.xes.gz`` is XES)."""
    name = path.lower().removesuffix(".gz")
    if name.endswith(".xes"):
        return "xes"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


def open_binary(path: str) -> IO[bytes]:
    """The file's bytes, ungzipped when it is gzip (by its magic number, whatever its name)."""
    if path == "-":
        return sys.stdin.buffer
    try:
        raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except IsADirectoryError:
        raise LogError(path, None, "is a folder, not an event log") from None
    except OSError as exc:
        raise LogError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    head = raw.peek(2)[:2] if isinstance(raw, io.BufferedReader) else b""
    if head == b"\x1f\x8b":
        return gzip.open(raw)  # type: ignore[return-value]
    return raw


def read(path: str, columns: Columns) -> Iterator[Event]:
    """Every event of the log at ``path``, in file order."""
    kind = kind_of(path)
    with open_binary(path) as fh:
        try:
            if kind == "xes":
                yield from _xes(path, fh, columns)
            elif kind == "jsonl":
                yield from _jsonl(path, fh, columns)
            else:
                yield from _csv(path, fh, columns)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise LogError(path, None, f"cannot read file: {exc}") from None


def _instant(path: str, line: int, text: str, columns: Columns) -> int:
    try:
        return parse(text, columns.timezone, columns.date_format)
    except BadTimestamp as exc:
        raise LogError(path, line, str(exc)) from None


def pick(found: Sequence[str], wanted: str | None, defaults: Sequence[str], what: str,
         option: str, path: str) -> str:
    """The column called ``wanted`` (or the first default found), matched exactly and then
    ignoring case; else a :class:`LogError` listing the columns there are."""
    names = [wanted] if wanted is not None else list(defaults)
    for name in names:
        if name in found:
            return name
    lower = {c.lower(): c for c in found}
    for name in names:
        if name.lower() in lower:
            return lower[name.lower()]
    listed = ", ".join(repr(c) for c in found) or "none"
    raise LogError(path, 1, f"no {what} column {names[0]!r}; the columns found are {listed} "
                   f"(name it with {option})")


def sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: the one of ``, ; TAB |`` that csv.Sniffer finds, else the
    most frequent of them in the header line, else a comma."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def text_stream(path: str, fh: IO[bytes]) -> tuple[io.TextIOWrapper, str]:
    """The file as text (UTF-8, a byte order mark skipped) and its first 64 KiB for sniffing."""
    buffered = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, fh))
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    try:
        sample = head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut by the sample's end
            line = head[: exc.start].count(b"\n") + 1
            raise LogError(path, line, "is not UTF-8 text; save it as UTF-8") from None
        sample = head[: exc.start].decode("utf-8-sig")
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")
    return text, sample


def csv_header(path: str, fh: IO[bytes], columns: Columns) -> tuple[io.TextIOWrapper, str, list[str]]:
    text, sample = text_stream(path, fh)
    delimiter = columns.delimiter or sniff_delimiter(sample)
    return text, delimiter, next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])


def _csv(path: str, fh: IO[bytes], columns: Columns) -> Iterator[Event]:
    text, delimiter, _ = csv_header(path, fh, columns)
    rows = csv.reader(text, delimiter=delimiter)
    try:
        header = next(rows)
    except StopIteration:
        return  # an empty file: an empty log
    except (csv.Error, UnicodeDecodeError) as exc:
        raise LogError(path, 1, f"cannot read CSV: {exc}") from None
    ci = header.index(pick(header, columns.case, DEFAULT_CASE, "case", "--case", path))
    ai = header.index(pick(header, columns.activity, DEFAULT_ACTIVITY, "activity", "--activity", path))
    ti = header.index(pick(header, columns.timestamp, DEFAULT_TIMESTAMP, "timestamp", "--timestamp", path))
    mi = header.index(pick(header, columns.map, (), "map", "--map-column", path)) if columns.map else None
    width = max(ci, ai, ti, mi or 0)
    try:
        for row in rows:
            line = rows.line_num
            if not row or len(row) == 1 and not row[0].strip():
                continue  # a blank line
            if len(row) <= width:
                raise LogError(path, line, f"{len(row)} field{'s' if len(row) != 1 else ''} where "
                               f"the header has {len(header)} (delimiter {delimiter!r})")
            case, activity = row[ci], row[ai]
            if not case:
                raise LogError(path, line, "empty case id")
            yield Event(case, activity, _instant(path, line, row[ti], columns), line,
                        row[mi] if mi is not None else None)
    except csv.Error as exc:
        raise LogError(path, rows.line_num, f"cannot read CSV: {exc}") from None
    except UnicodeDecodeError:
        raise LogError(path, rows.line_num + 1, "is not UTF-8 text; save it as UTF-8") from None


def _jsonl(path: str, fh: IO[bytes], columns: Columns) -> Iterator[Event]:
    keys: tuple[str, str, str] | None = None
    for number, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise LogError(path, number, f"not a JSON object: {exc}") from None
        if not isinstance(obj, dict):
            raise LogError(path, number, "each line must be a JSON object")
        if keys is None:
            found = list(obj)
            keys = (pick(found, columns.case, DEFAULT_CASE, "case", "--case", path),
                    pick(found, columns.activity, DEFAULT_ACTIVITY, "activity", "--activity", path),
                    pick(found, columns.timestamp, DEFAULT_TIMESTAMP, "timestamp", "--timestamp", path))
        values = [obj.get(k) for k in keys]
        if values[0] is None or values[0] == "":
            raise LogError(path, number, f"no case id ({keys[0]!r})")
        stamp = values[2]
        if not isinstance(stamp, str):
            raise LogError(path, number, f"timestamp {keys[2]!r} must be a text such as "
                           "2026-03-01T14:32:00+01:00")
        where = obj.get(columns.map) if columns.map else None
        yield Event(str(values[0]), "" if values[1] is None else str(values[1]),
                    _instant(path, number, stamp, columns), number,
                    None if where is None else str(where))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xes(path: str, fh: IO[bytes], columns: Columns) -> Iterator[Event]:
    """XES, one trace at a time: the trace's events are kept until its end (its case id may come
    after them), then given out and dropped, so memory holds one trace."""
    case_key = columns.case or "concept:name"
    activity_key = columns.activity or "concept:name"
    time_key = columns.timestamp or "time:timestamp"
    map_key = columns.map
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    stack: list[str] = []
    trace_attrs: dict[str, str] = {}
    event: dict[str, tuple[str, int]] = {}
    pending: list[tuple[dict[str, tuple[str, int]], int]] = []
    trace_line = 0
    root: Element | None = None
    for number, raw in enumerate(fh, 1):
        try:
            parser.feed(raw)
            found = cast(list[tuple[str, Element]], list(parser.read_events()))
        except ParseError as exc:
            raise LogError(path, number, f"not well-formed XES: {exc}") from None
        for what, elem in found:
            tag = _local(elem.tag)
            if what == "start":
                if root is None:
                    root = elem
                    if tag != "log":
                        raise LogError(path, number, f"not an XES log (the root is <{tag}>)")
                stack.append(tag)
                if tag == "trace":
                    trace_attrs, pending, trace_line = {}, [], number
                elif tag == "event":
                    event = {}
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            key = elem.get("key")
            if key is not None and parent in ("event", "trace") and len(stack) >= 2:
                if parent == "event" and stack[-2] == "trace":
                    event[key] = (elem.get("value", ""), number)
                elif parent == "trace":
                    trace_attrs[key] = elem.get("value", "")
            if tag == "event" and parent == "trace":
                pending.append((event, number))
            elif tag == "trace":
                yield from _trace(path, trace_attrs, pending, trace_line, case_key, activity_key,
                                  time_key, map_key, columns)
                pending = []
                if root is not None:
                    root.clear()
    try:
        parser.close()
    except ParseError as exc:
        raise LogError(path, None, f"not well-formed XES: {exc}") from None


def _trace(path: str, attrs: dict[str, str], events: list[tuple[dict[str, tuple[str, int]], int]],
           line: int, case_key: str, activity_key: str, time_key: str, map_key: str | None,
           columns: Columns) -> Iterator[Event]:
    case = attrs.get(case_key)
    if not case:
        raise LogError(path, line, f"a trace without its case id (the trace attribute {case_key!r}; "
                       "name another with --case)")
    where = attrs.get(map_key) if map_key else None
    for ev, end in events:
        activity = ev.get(activity_key)
        stamp = ev.get(time_key)
        if activity is None:
            raise LogError(path, end, f"an event without {activity_key!r} (name the key with --activity)")
        if stamp is None:
            raise LogError(path, end, f"an event without {time_key!r} (name the key with --timestamp)")
        yield Event(case, activity[0], _instant(path, stamp[1], stamp[0], columns), stamp[1],
                    where if where is not None else (ev[map_key][0] if map_key and map_key in ev else None))


def size_of(path: str) -> int | None:
    try:
        return os.path.getsize(path) if path != "-" else None
    except OSError:
        return None
