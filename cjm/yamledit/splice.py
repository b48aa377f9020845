"""Edits to a map's text at the places the loader found them: how ``cjm data import`` adds
history points and funnel records without writing the whole file again.

Why not the round trip (:mod:`cjm.yamledit.roundtrip`) for every map: it parses a file a second time into
a tree with comments and writes all of it again in ``cjm fmt``'s layout. That was most of an
import's time, and on a map nobody had formatted it made a review diff of the whole file. Here
each new list item is written as lines at the end of its list with the indentation of the items
before it, a missing key is written where ``cjm fmt`` would put it (the model's field order),
and a replaced number is replaced where it stands: every other byte of the file is kept.

Only layouts this module is sure of are edited: block lists and mappings indented with spaces,
numbers written plain on one line. For anything else it raises :class:`Unsafe` and the caller
uses the round trip. The caller also loads the result and compares it with the data it
expects, so a layout misjudged here can never change what a map says.
"""

from __future__ import annotations

import re
from typing import Any

from ..loader import SourceMap
from .roundtrip import Order, Path

__all__ = ["Splice", "Unsafe"]

Fields = list[tuple[str, str]]  # key, the value as YAML text

_DASH = re.compile(r"( *)-( +)")


class Unsafe(Exception):
    """The file's layout at an edit is one this module does not edit (the reason in words)."""


class Splice:
    """The edits of one map, collected, then applied to its text in one pass.

    ``text`` is the file's text with ``\\n`` line ends and no BOM; ``source`` the loader's map of
    it; ``data`` its data (keys added to it since it was loaded are skipped); ``order`` the key order a new key follows (``cjm.fmt.model_order``). Values are given as
    YAML text (the caller renders them as the round trip would).
    """

    def __init__(self, text: str, source: SourceMap, data: Any, order: Order) -> None:
        self.text = text if text.endswith("\n") else text + "\n"
        self.missing_eol = not text.endswith("\n")
        self.source = source
        self.data = data
        self.order = order
        self.lines = self.text.split("\n")[:-1]
        self.starts: list[int] = []
        at = 0
        for line in self.lines:
            self.starts.append(at)
            at += len(line) + 1
        self.starts.append(at)
        self.replaced: dict[Path, str] = {}
        self.appended: dict[Path, list[Fields]] = {}  # an existing list -> its new items
        self.added: dict[Path, list[tuple[str, str | list[Fields]]]] = {}  # mapping -> new keys

    # -- collecting

    def set(self, path: Path, text: str) -> None:
        """The scalar at ``path`` becomes ``text``; a key the mapping lacks is added."""
        pending = self._pending(path[:-1])
        if pending is not None:
            _put(pending, str(path[-1]), text)
            pending[:] = self._ordered(path[:-1], pending)
            return
        if path in self.source.keys:
            self.replaced[path] = text
            return
        parent, key = path[:-1], path[-1]
        if not isinstance(key, str) or parent not in self.source.values:
            raise Unsafe(f"no place for {_dotted(path)}")
        self._new_key(parent, key, text)

    def append(self, path: Path, fields: Fields) -> None:
        """A new mapping at the end of the list at ``path`` (the list is created when missing)."""
        fields = self._ordered(path + (0,), fields)
        if (path + (0,)) in self.source.values:
            self.appended.setdefault(path, []).append(fields)
            return
        if path in self.source.keys:
            raise Unsafe(f"{_dotted(path)} is empty or not a list")
        parent, key = path[:-1], path[-1]
        if not isinstance(key, str) or parent not in self.source.values:
            raise Unsafe(f"no place for {_dotted(path)}")
        for name, value in self.added.get(parent, []):
            if name == key and isinstance(value, list):
                value.append(fields)
                return
        self._new_key(parent, key, [fields])

    def _ordered(self, path: Path, fields: Fields) -> Fields:
        """A new mapping's keys in the order ``cjm fmt`` writes them."""
        text = dict(fields)
        return [(key, text[key]) for key in self.order(path, list(text))]

    def _new_key(self, parent: Path, key: str, value: str | list[Fields]) -> None:
        self.added.setdefault(parent, []).append((key, value))

    def _pending(self, path: Path) -> Fields | None:
        """The fields of an item added by :meth:`append`, when ``path`` names one."""
        if len(path) < 2 or not isinstance(path[-1], int):
            return None
        index, where = path[-1], path[:-1]
        if where in self.appended:
            base = self._length(where)
            if index >= base:
                return self.appended[where][index - base]
            return None
        for name, value in self.added.get(where[:-1], []):
            if name == where[-1] and isinstance(value, list):
                return value[index]
        return None

    def _length(self, path: Path) -> int:
        n = 0
        while (path + (n,)) in self.source.values:
            n += 1
        return n

    # -- applying

    def result(self) -> str:
        """The edited text (``\\n`` line ends); :class:`Unsafe` when an edit cannot be placed."""
        edits: list[tuple[int, int, int, str]] = []  # start, end, rank among inserts, text
        for path, text in self.replaced.items():
            start, end = self._scalar_span(path)
            edits.append((start, end, 0, text))
        for path, items in self.appended.items():
            at, dash, off = self._list_end(path)
            edits.append((at, at, 0, "".join(_item(fields, dash, off) for fields in items)))
        for parent, keys in self.added.items():
            for rank, (key, value) in enumerate(keys):
                at, col = self._key_place(parent, key)
                if isinstance(value, str):
                    text = f"{' ' * col}{key}: {value}\n"
                else:
                    dash, off = self._list_indent(parent, col)
                    text = f"{' ' * col}{key}:\n" + "".join(_item(f, dash, off) for f in value)
                edits.append((at, at, rank + 1, text))
        edits.sort(key=lambda e: (e[0], e[2]))
        out, pos = [], 0
        for start, end, _rank, text in edits:
            if start < pos:
                raise Unsafe("two edits overlap")
            out.append(self.text[pos:start])
            out.append(text)
            pos = end
        out.append(self.text[pos:])
        new = "".join(out)
        return new[:-1] if self.missing_eol and new.endswith("\n") else new

    def _where(self, path: Path, keys: bool = False) -> tuple[int, int]:
        """0-based line and column of a value (or of its key)."""
        pos = (self.source.keys if keys else self.source.values).get(path)
        if pos is None:
            raise Unsafe(f"{_dotted(path)} has no place in the file")
        return pos[0] - 1, pos[1] - 1

    def _scalar_span(self, path: Path) -> tuple[int, int]:
        """Where a number written plain on one line stands."""
        raw = self.source.raw_text(path)
        line, col = self._where(path)
        text = self.lines[line] if line < len(self.lines) else ""
        if not raw or text[col:col + len(raw)] != raw or (
                text[col + len(raw):][:1] not in ("", " ", ",", "]", "}")):
            raise Unsafe(f"{_dotted(path)} is not a number written plain on one line")
        start = self.starts[line] + col
        return start, start + len(raw)

    def _indent(self, line: int) -> int | None:
        """The indentation of a line; ``None`` for a blank line; :class:`Unsafe` on a tab."""
        text = self.lines[line]
        body = text.lstrip(" ")
        if not body.strip():
            return None
        if body[0] == "\t":
            raise Unsafe(f"a tab in the indentation of line {line + 1}")
        return len(text) - len(body)

    def _block_end(self, line: int, col: int) -> int:
        """The offset just after a block element that starts on ``line`` at column ``col``: its
        lines are those after it indented deeper (comments deeper than ``col`` included);
        blank lines and shallower comments after its last line stay with what follows."""
        last = line
        n = line + 1
        while n < len(self.lines):
            indent = self._indent(n)
            if indent is not None:
                comment = self.lines[n].lstrip(" ").startswith("#")
                if indent <= col and not comment:
                    break
                if indent > col:
                    last = n
            n += 1
        return self.starts[last + 1]

    def _dash(self, path: Path) -> tuple[int, int]:
        """The column of a list item's dash and how far its value starts after it."""
        line, col = self._where(path)
        match = _DASH.fullmatch(self.lines[line][:col])
        if match is None:
            raise Unsafe(f"{_dotted(path)} is not a block list item on the line of its dash")
        return len(match[1]), col - len(match[1])

    def _list_end(self, path: Path) -> tuple[int, int, int]:
        line, col = self._where(path)
        if self.lines[line][col:col + 1] != "-":
            raise Unsafe(f"{_dotted(path)} is written in flow style ([...])")
        last = path + (self._length(path) - 1,)
        dash, off = self._dash(last)
        return self._block_end(self._where(last)[0], dash), dash, off

    def _list_indent(self, parent: Path, col: int) -> tuple[int, int]:
        """Dash column and offset of a new list under a key at ``col`` of ``parent`` (a list
        item): indented as the list ``parent`` is in is indented under its own key."""
        holder = parent[:-1]
        if parent and isinstance(parent[-1], int) and holder in self.source.keys:
            try:
                dash, off = self._dash(holder + (0,))
                return col + max(dash - self._where(holder, keys=True)[1], 0), off
            except Unsafe:
                pass
        return col + 2, 2

    def _key_place(self, parent: Path, key: str) -> tuple[int, int]:
        """Where a new key of the block mapping at ``parent`` goes, and its column: before the
        first key the model orders after it (with the comments above that key), else after the
        mapping's last key."""
        mapping: Any = self.data
        for part in parent:
            mapping = mapping[part]
        known = self.source.keys
        entries = sorted((known[parent + (k,)][0] - 1, known[parent + (k,)][1] - 1, k)
                         for k in mapping if parent + (k,) in known)
        if not entries:
            raise Unsafe(f"{_dotted(parent)} is not a mapping with keys")
        first_line, col, _first = entries[0]
        if (first_line, col) != self._where(parent):
            raise Unsafe(f"{_dotted(parent)} is written in flow style ({{...}})")
        names = [name for _ln, _cl, name in entries]
        ordered = self.order(parent, [*names, key])
        later = set(ordered[ordered.index(key) + 1:])
        follow = next((e for e in entries if e[2] in later), None)
        if follow is None or follow is entries[0]:
            last_line = entries[-1][0]
            return self._block_end(last_line, col), col
        line = follow[0]
        while line - 1 > first_line:
            indent = self._indent(line - 1)
            if indent is None or (indent <= col and self.lines[line - 1].lstrip(" ")[:1] == "#"):
                line -= 1
                continue
            break
        return self.starts[line], col


def _put(fields: Fields, key: str, text: str) -> None:
    for n, (name, _old) in enumerate(fields):
        if name == key:
            fields[n] = (key, text)
            return
    fields.append((key, text))


def _item(fields: Fields, dash: int, off: int) -> str:
    lines = []
    for n, (key, text) in enumerate(fields):
        lead = " " * dash + "-" + " " * (off - 1) if n == 0 else " " * (dash + off)
        lines.append(f"{lead}{key}: {text}\n")
    return "".join(lines)


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path) or "the top level"
