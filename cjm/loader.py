"""Bytes to plain data, with a position for every path and a clear problem for every bad input.

Why not ``yaml.safe_load``: it silently keeps the last of two duplicate keys, forgets where every
value came from, expands alias bombs until memory runs out, and LibYAML's composer recurses in C
(a file of 100,000 nested ``[`` crashes the interpreter). So cjm builds the data itself from
LibYAML's *event* stream with an explicit stack: one pass, bounded depth, bounded alias
expansion, duplicate keys reported with both lines, and a :class:`SourceMap` from model paths to
(line, column) that validate, lint and every other command use to point at a value.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .files import STDIN, PathNotFound, TooLarge, Unreadable, read_bytes, read_input, shown_name
from .hints import Block, syntax_fix
from .i18n.labels import N_
from .i18n.message import Message, Quantity, say
from .problems import UNREADABLE, Path, Problem

try:  # LibYAML when present: the pure-Python parser is ~10x slower but gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 1_000_000

Position = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}
_IMPLICIT = Resolver.yaml_implicit_resolvers
_CONSTRUCT = {
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_timestamp,
}
_constructor = SafeConstructor()


class SourceMap:
    """Where each value of a map stands in its file: one lookup for every command.

    ``locate(("stages", 2, "touchpoints", 0, "emotion"))`` gives the value's (line, column), both
    1-based. A path that is not in the file (a missing field, a value reached through an alias)
    falls back to its nearest ancestor that is, so every problem still gets a real place.
    """

    __slots__ = ("values", "keys", "raw")

    def __init__(self) -> None:
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.raw: dict[Path, str] = {}

    def locate(self, path: Path) -> Position:
        values = self.values
        while path:
            pos = values.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return values.get((), (1, 1))

    def locate_key(self, path: Path) -> Position:
        """The key's position for a mapping entry (where an unknown field is best pointed at)."""
        pos = self.keys.get(path)
        return pos if pos is not None else self.locate(path)

    def raw_text(self, path: Path) -> str | None:
        """The source text of a plain scalar that YAML turned into a non-string (``no``, ``010``)."""
        return self.raw.get(path)


@dataclass
class Document:
    """A loaded file: its data (None when it could not be parsed), positions and problems."""

    file: str
    text: str = ""
    data: Any = None
    source: SourceMap = field(default_factory=SourceMap)
    problems: list[Problem] = field(default_factory=list)
    empty: bool = False

    @property
    def is_map(self) -> bool:
        return isinstance(self.data, dict) and "cjm" in self.data

    @property
    def may_be_map(self) -> bool:
        """Whether a YAML file found in a folder is checked as a map: it says ``cjm:``, or it
        does not parse at all (a broken map must be reported, not skipped as someone's CI file)."""
        if self.data is None:
            return bool(self.problems) and not self.empty
        return self.is_map


class _Fail(Exception):
    def __init__(self, code: str, message: str, pos: Position, hint: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.pos, self.hint = code, message, pos, hint


def read_file(path: str | os.PathLike[str], display: str | None = None, *,
              named: bool = True) -> Document:
    """Read and parse one file, or stdin for ``-``; never raises, not even for a missing file:
    that is a CJM003 problem here, since the file was named and the report must say so.

    ``named``: the user named the file on the command line, so it may be a pipe (`cjm diff
    a.yaml <(git show HEAD:a.yaml)`), read bounded by MAX_BYTES. A file cjm found itself (a
    library, a map in a folder) must be a regular file (:func:`cjm.files.read_bytes`): a FIFO, a
    device or a folder is CJM003 and never blocks; one past MAX_BYTES is CJM005."""
    path = os.fspath(path)
    name = display if display is not None else shown_name(path)
    try:
        if named and path != STDIN:
            info = os.stat(path)  # a regular file past the limit is refused before it is read
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
                raise TooLarge(path, info.st_size, MAX_BYTES)
        raw = read_input(path, MAX_BYTES + 1) if named else read_bytes(path, MAX_BYTES)
        if len(raw) > MAX_BYTES:
            raise TooLarge(path, None, MAX_BYTES)
    except TooLarge as exc:
        size = exc.size
        if size is None and path != STDIN:
            try:
                size = os.stat(path).st_size
            except OSError:
                size = None
        said = (say("file is %(size)s bytes, more than the %(limit)s a map may have", size=Quantity(size, None),
                    limit=Quantity(MAX_BYTES, None)) if size is not None else
                say("file is more than the %(limit)s bytes a map may have", limit=Quantity(MAX_BYTES, None)))
        return _failed(name, "CJM005", said, say("split the map, or check that this is the file you meant"))
    except Unreadable as exc:
        return _failed(name, UNREADABLE, exc.reason)
    except (PathNotFound, FileNotFoundError):  # it vanished between discovery and reading
        return _failed(name, UNREADABLE, say("cannot read file: %(reason)s", reason=os.strerror(errno.ENOENT)))
    except OSError as exc:
        return _failed(name, UNREADABLE, say("cannot read file: %(reason)s", reason=exc.strerror or str(exc)))
    return load_bytes(raw, name)


def load_bytes(raw: bytes, file: str = "<bytes>") -> Document:
    if len(raw) > MAX_BYTES:
        return _failed(file, "CJM005", say("input is more than %(limit)s bytes", limit=Quantity(MAX_BYTES, None)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _failed(
            file,
            "CJM007",
            say("not UTF-8 text: byte %(byte)s at offset %(offset)s cannot be decoded",
                byte=f"0x{raw[exc.start]:02x}", offset=str(exc.start)),
            say("save the file as UTF-8"),
            (line, col),
        )
    return load_text(text, file)


def load_text(text: str, file: str = "<text>") -> Document:
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = Document(file=file, text=text)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        doc.empty = True
        doc.problems.append(
            Problem("CJM004", say("file is empty"), file, 1, 1, hint=say("a map starts with `cjm: 1`"))
        )
        return doc
    builder = _Builder(text, doc.source)
    try:
        doc.data = builder.build()
    except _Fail as fail:
        doc.data = None
        doc.problems.append(
            Problem(fail.code, fail.message, file, fail.pos[0], fail.pos[1], hint=fail.hint)
        )
        return doc
    except yaml.YAMLError as exc:
        doc.data = None
        doc.problems.append(_yaml_problem(exc, text, file, builder))
        return doc
    except RecursionError:  # pragma: no cover - the builder is iterative; belt and braces
        doc.data = None
        doc.problems.append(Problem("CJM005", say("file is nested too deeply"), file))
        return doc
    doc.problems.extend(
        Problem("CJM002", msg, file, pos[0], pos[1], hint=hint, path=path, related=(first,))
        for msg, pos, path, first, hint in builder.duplicates
    )
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        said = {"empty": say("the top level is empty, not a mapping"),
                "list": say("the top level is a list, not a mapping"),
                "str": say("the top level is a text, not a mapping"),
                "int": say("the top level is a number, not a mapping"),
                "float": say("the top level is a number, not a mapping")}.get(
            kind, say("the top level is %(kind)s, not a mapping", kind=kind))
        doc.problems.append(
            Problem(
                "CJM004",
                said,
                file,
                *doc.source.locate(()),
                hint=say("a map is a mapping that starts with `cjm: 1`"),
            )
        )
    return doc


def _failed(
    file: str, code: str, message: str, hint: str | None = None, pos: Position = (1, 1)
) -> Document:
    return Document(file=file, problems=[Problem(code, message, file, pos[0], pos[1], hint=hint)])


def _too_deep() -> Message:
    return say("nesting is deeper than %(limit)s levels", limit=MAX_DEPTH)


def _few_levels() -> Message:
    return say("a journey map needs no more than a handful of levels")


_YAML_WORDS = frozenset((
    N_("mapping values are not allowed in this context"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while scanning for the next token"),
    N_("found a tab character that violates indentation"),
    N_("while scanning a plain scalar"),
    N_("found a tab character where an indentation space is expected"),
    N_("while scanning a block scalar"),
    N_("did not find expected ',' or ']'"),
    N_("while parsing a flow sequence"),
    N_("did not find expected ',' or '}'"),
    N_("while parsing a flow mapping"),
    N_("found unknown escape character"),
    N_("while parsing a quoted scalar"),
    N_("found undefined alias"),
))
"""The words LibYAML says a syntax error in (its own English), as the catalogs say them; a
problem not listed here is quoted as LibYAML wrote it."""


def _yaml_words(text: str) -> str:
    return say(text) if text in _YAML_WORDS else text


def _yaml_problem(exc: yaml.YAMLError, text: str, file: str, builder: _Builder | None = None) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "maximum nesting depth" in problem:
        # LibYAML (0.2.5 in PyYAML >= 6.0.3) refuses 1,000 levels while it scans ahead, before
        # our own limit sees the 65th: the same finding, said the same way
        return Problem("CJM005", _too_deep(), file, line, col, hint=_few_levels())
    message = (say("YAML syntax error: %(problem)s (%(context)s)", problem=_yaml_words(problem),
                   context=_yaml_words(context)) if context else
               say("YAML syntax error: %(problem)s", problem=_yaml_words(problem)))
    hint = None
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: col + 1] or "'\\t'" in problem:
        hint = say("YAML does not allow tabs for indentation; indent with spaces")
        return Problem("CJM001", message, file, line, col, hint=hint)
    if builder is not None and not isinstance(exc, yaml.reader.ReaderError):
        fix = syntax_fix(exc, text, builder.open_blocks())
        if fix is not None:
            return Problem("CJM001", fix.message, file, fix.line, fix.col, hint=fix.hint)
    if "end of stream" in problem and "quoted" in (context or ""):
        hint = say("a quoted text is not closed: add the closing quote")
    elif "could not find expected ':'" in problem:
        hint = say("a key needs a ':' after it, or a quote is not closed")
    elif "mapping values are not allowed" in problem:
        hint = say("quote a text that contains ': '")
    elif "found character '@'" in problem or "found character '`'" in problem:
        hint = say("quote a text that starts with '@' or '`'")
    if isinstance(exc, yaml.reader.ReaderError):
        message = say("cannot read file: %(reason)s (character %(character)s)", reason=exc.reason,
                      character=f"#x{exc.character:04x}") if isinstance(
            exc.character, int
        ) else say("cannot read file: %(reason)s", reason=exc.reason)
        return Problem("CJM001", message, file, line, col, hint=say("remove control characters"))
    return Problem("CJM001", message, file, line, col, hint=hint)


class _Frame:
    __slots__ = ("container", "path", "is_map", "key", "key_pos", "seen", "anchor", "start", "nodes")

    def __init__(
        self, container: Any, path: Path, is_map: bool, anchor: str | None, start: Position
    ) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_pos: Position = start
        self.seen: dict[str, Position] = {}
        self.anchor = anchor
        self.start = start
        self.nodes = 1


_NO_KEY = object()
_OPEN = object()  # what closing a container that is not the document returns
_MERGE = object()


class _Builder:
    """An iterative composer+constructor over LibYAML events."""

    def __init__(self, text: str, source: SourceMap) -> None:
        self.text = text
        self.source = source
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.documents = 0
        self.duplicates: list[tuple[str, Position, Path, Position, str | None]] = []
        self.stack: list[_Frame] = []
        self.closed: list[_Frame] = []  # closed since the last value: a dedent ends them at once

    def open_blocks(self) -> list[Block]:
        """The collections open where parsing stopped, outermost first, with those the last
        dedent closed (a key one space short of its mapping ends it): what a syntax error's hint
        needs to say which mapping a misindented key belongs to."""
        blocks = []
        for frame in self.stack + self.closed[::-1]:
            keys = tuple(sorted(((k, *p) for k, p in frame.seen.items()), key=lambda k: (k[1], k[2])))
            ident = frame.container.get("id") if frame.is_map else None
            blocks.append(
                Block(frame.path, frame.is_map, frame.start[0], frame.start[1], keys,
                      ident if isinstance(ident, str) else None)
            )
        return blocks

    def build(self) -> Any:
        loader = _EventLoader(self.text)
        try:
            return self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Any) -> Any:
        """The event loop. Scalars, most of a map's events, are handled inline: this loop is
        ``cjm validate``'s hot path, and a call per scalar measured ~5% of a 1,000-map run.
        Containers, aliases and documents, far fewer, each have a method of their own."""
        source = self.source
        values, raws = source.values, source.raw
        stack: list[_Frame] = []
        self.stack = stack
        result: Any = None
        get_event = loader.get_event
        while True:
            event = get_event()
            cls = event.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                self.closed.append(stack[-1])
            elif self.closed:
                self.closed = []
            if cls is ScalarEvent or cls is AliasEvent:
                pos = (event.start_mark.line + 1, event.start_mark.column + 1)
                frame = stack[-1] if stack else None
                if cls is ScalarEvent:
                    if frame is not None and frame.is_map and frame.key is _NO_KEY:
                        self._set_key(frame, event, pos)
                        continue
                    value, size = _scalar(event, pos), 1
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                else:
                    value, size = self._alias(event, frame, pos)
                self.nodes += size
                if self.nodes > MAX_NODES:
                    self._too_many(cls is AliasEvent, pos)
                if frame is None:
                    result = value
                    values[()] = pos
                    continue
                frame.nodes += size
                path = self._place(frame, value, pos)
                if path is not None:
                    values[path] = pos
                    if cls is ScalarEvent and event.implicit[0] and not isinstance(value, str):
                        raws[path] = event.value
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                self._open(event, cls is MappingStartEvent, stack, values)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                closed = self._close(stack)
                if closed is not _OPEN:
                    result = closed
            elif cls is DocumentStartEvent:
                self._document(event)
            elif cls is StreamEndEvent:
                break
        return result

    def _alias(self, event: AliasEvent, frame: _Frame | None, pos: Position) -> tuple[Any, int]:
        """What ``*name`` stands for, and how many values it brings (for the alias-bomb limit)."""
        if event.anchor in self.open_anchors:
            raise _Fail("CJM005", say("alias *%(anchor)s refers to itself", anchor=event.anchor), pos)
        if event.anchor not in self.anchors:
            raise _Fail("CJM001", say("YAML syntax error: unknown alias *%(anchor)s", anchor=event.anchor), pos)
        if frame is not None and frame.is_map and frame.key is _NO_KEY:
            raise _Fail("CJM001", say("an alias cannot be used as a mapping key"), pos)
        return self.anchors[event.anchor]

    @staticmethod
    def _too_many(alias: bool, pos: Position) -> None:
        raise _Fail(
            "CJM005",
            say("the file holds more than %(limit)s values once its aliases are expanded", limit=Quantity(MAX_NODES, None))
            if alias else say("the file holds more than %(limit)s values", limit=Quantity(MAX_NODES, None)),
            pos,
            say("this looks like an alias bomb; write the values out instead")
            if alias
            else say("split the map into smaller maps"),
        )

    def _open(self, event: Any, is_map: bool, stack: list[_Frame],
              values: dict[Path, Position]) -> None:
        """A mapping or list starts: checked (tag, depth, not a key) and pushed."""
        pos = (event.start_mark.line + 1, event.start_mark.column + 1)
        if event.tag is not None and event.tag not in _SAFE_TAGS:
            raise _Fail("CJM001", say("tag %(tag)s is not allowed", tag=event.tag), pos, say("remove the tag"))
        if len(stack) >= MAX_DEPTH:
            raise _Fail("CJM005", _too_deep(), pos, _few_levels())
        if stack:
            parent = stack[-1]
            if parent.is_map and parent.key is _NO_KEY:
                raise _Fail("CJM001", say("a mapping key must be text, not a list or mapping"), pos,
                            say("quote the key"))
            path = _child_path(parent)
        else:
            path = ()
        values[path] = pos
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        stack.append(_Frame({} if is_map else [], path, is_map, event.anchor, pos))

    def _close(self, stack: list[_Frame]) -> Any:
        """A mapping or list ends: placed in its parent, or returned when it is the document
        (``_OPEN`` otherwise)."""
        frame = stack.pop()
        value = frame.container
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (value, frame.nodes)
        self.nodes += 1
        if not stack:
            return value
        parent = stack[-1]
        parent.nodes += frame.nodes
        self._place(parent, value, frame.start, child_path=frame.path)
        return _OPEN

    def _document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            pos = (event.start_mark.line + 1, event.start_mark.column + 1)
            raise _Fail("CJM001", say("more than one YAML document in the file"), pos,
                        say("one map per file: remove the second `---` or split the file"))

    def _set_key(self, frame: _Frame, event: ScalarEvent, pos: Position) -> None:
        key = event.value
        if key == "<<" and event.implicit[0]:
            frame.key = _MERGE
            frame.key_pos = pos
            return
        if key in frame.seen:
            first = frame.seen[key]
            self.duplicates.append(
                (
                    say("duplicate key '%(key)s' (first defined at line %(line)s, column %(col)s)",
                        key=key, line=str(first[0]), col=str(first[1])),
                    pos,
                    frame.path + (key,),
                    first,
                    say("remove one of them; YAML keeps only the last"),
                )
            )
        else:
            frame.seen[key] = pos
        frame.key = key
        frame.key_pos = pos
        self.source.keys[frame.path + (key,)] = pos

    def _place(
        self, frame: _Frame, value: Any, pos: Position, child_path: Path | None = None
    ) -> Path | None:
        if frame.is_map:
            key = frame.key
            frame.key = _NO_KEY
            if key is _MERGE:
                self._merge(frame, value, pos)
                return None
            frame.container[key] = value  # the last of duplicate keys wins, as in YAML
            return frame.path + (key,) if child_path is None else child_path
        frame.container.append(value)
        return frame.path + (len(frame.container) - 1,) if child_path is None else child_path

    def _merge(self, frame: _Frame, value: Any, pos: Position) -> None:
        sources = value if isinstance(value, list) else [value]
        for src in sources:
            if not isinstance(src, dict):
                raise _Fail("CJM001", say("a merge key `<<` needs a mapping or a list of mappings"), pos)
            for k, v in src.items():
                if k not in frame.container and k not in frame.seen:
                    frame.container[k] = v
                    self.source.values.setdefault(frame.path + (k,), pos)


_PLAIN: dict[str, Any] = {}  # a plain scalar's text -> its value: maps repeat periods and numbers
_PLAIN_MAX = 8192
# values one object may stand for wherever it occurs: a date is a value too, but YAML writers
# (PyYAML's dump among them) write an object met twice as an anchor and an alias
_SHAREABLE = frozenset({str, int, float, bool, type(None)})


def _scalar(event: ScalarEvent, pos: Position) -> Any:
    """A scalar event's value as YAML 1.1's safe schema reads it (``pos`` for the error).

    A plain scalar's value depends on its text alone, and values are immutable (text, numbers,
    dates), so each distinct text is resolved once per process: a map repeats the same periods,
    numbers and words hundreds of times (dates are resolved each time, see ``_SHAREABLE``)."""
    tag = event.tag
    value = event.value
    if tag is None:
        if not event.implicit[0]:
            return value
        known = _PLAIN.get(value, _PLAIN)
        if known is not _PLAIN:
            return known
        known = _resolve(event, pos)
        if known.__class__ in _SHAREABLE:
            if len(_PLAIN) >= _PLAIN_MAX:
                _PLAIN.clear()
            _PLAIN[value] = known
        return known
    return _resolve(event, pos)


def _resolve(event: ScalarEvent, pos: Position) -> Any:
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return value
        if value == "":
            tag = "tag:yaml.org,2002:null"
        else:
            tag = _STR
            for candidate, regexp in _IMPLICIT.get(value[0], ()):
                if regexp.match(value):
                    tag = candidate
                    break
        if tag == _STR:
            return value
    elif tag not in _SAFE_TAGS:
        raise _Fail("CJM001", say("tag %(tag)s is not allowed", tag=tag), pos, say("remove the tag"))
    if tag == _STR:
        return value
    build = _CONSTRUCT.get(tag)
    if build is None:
        raise _Fail("CJM001", say("tag %(tag)s cannot be used on a text value", tag=tag), pos)
    try:
        return build(_constructor, ScalarNode(tag, value))
    except (ValueError, yaml.YAMLError, OverflowError) as exc:
        if tag == _TIMESTAMP and event.implicit[0]:
            # `reviewed: 2026-02-30` looks like a date but is none: kept as the text it is,
            # so validation says what is wrong with the date (CJM016) instead of calling the
            # whole file a YAML syntax error. An explicit !!timestamp still is one.
            return value
        raise _Fail("CJM001", say("cannot read %(value)s as %(type)s: %(reason)s", value=repr(value),
                                       type=tag.rsplit(':', 1)[-1], reason=str(exc)), pos) from None
    except (IndexError, KeyError):  # PyYAML's constructors on `!!int` with no value, `!!bool maybe`
        raise _Fail("CJM001", say("cannot read %(value)s as %(type)s", value=repr(value),
                                       type=tag.rsplit(':', 1)[-1]), pos) from None



def read_back(text: str) -> Any:
    """The data of a text cjm wrote itself, without positions; ``None`` when it is anything but
    one document of plain mappings, lists and scalars (an alias, a tag on a collection, a merge
    key, a duplicate key, nesting or more values than the limits allow, a YAML error).

    Why a second reader: ``cjm data import`` loads every map it edits once more, to prove the
    new text says exactly what it planned, and only needs positions when that text has a
    problem to point at. This is about two thirds of :func:`load_text`'s time; scalars are read
    by the same :func:`_scalar`, so both readers agree on every value, and on ``None`` the
    caller uses :func:`load_text`.

    One loop with a branch per event kind, on purpose: the whole reader reads top to bottom as
    the event stream it follows, and it runs once per event of every map an import writes.
    """
    # long: one loop over the event stream, a branch per event kind (the docstring says why)
    loader = _EventLoader(text)
    stack: list[Any] = []
    keys: list[Any] = []
    result: Any = None
    documents = 0
    events = 0
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()
            cls = event.__class__
            events += 1
            if events > MAX_NODES:  # at most one value per event: load_text says which limit
                return None
            if cls is ScalarEvent:
                if event.anchor is not None:
                    return None
                if stack:
                    top = stack[-1]
                    if top.__class__ is dict:
                        key = keys[-1]
                        if key is _NO_KEY:
                            if event.value in top or (event.value == "<<" and event.implicit[0]):
                                return None
                            keys[-1] = event.value
                            continue
                        top[key] = _scalar(event, (0, 0))
                        keys[-1] = _NO_KEY
                    else:
                        top.append(_scalar(event, (0, 0)))
                else:
                    result = _scalar(event, (0, 0))
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None or len(stack) >= MAX_DEPTH:
                    return None
                if stack and stack[-1].__class__ is dict and keys[-1] is _NO_KEY:
                    return None  # a collection as a key
                stack.append({} if cls is MappingStartEvent else [])
                keys.append(_NO_KEY)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = stack.pop()
                keys.pop()
                if stack:
                    top = stack[-1]
                    if top.__class__ is dict:
                        top[keys[-1]] = value
                        keys[-1] = _NO_KEY
                    else:
                        top.append(value)
                else:
                    result = value
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
            elif cls is StreamEndEvent:
                return result
            elif cls is AliasEvent:
                return None
    except (_Fail, yaml.YAMLError):
        return None
    finally:
        loader.dispose()


def _child_path(frame: _Frame) -> Path:
    if frame.is_map:
        key = frame.key
        return frame.path + ((key if key is not _MERGE else "<<"),)
    return frame.path + (len(frame.container),)
