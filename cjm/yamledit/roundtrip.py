"""Round-trip YAML for map files: read one keeping its comments, edit it by model path, and write
it in cjm's canonical layout. ``cjm fmt`` is this module plus a meaning check; ``cjm data import``
uses it to add values to a map without losing what its authors wrote around them.

API (a path is a model path, as in problems: ``("stages", 0, "metrics", 1, "history")``)::

    doc = yamledit.parse(text)                   # YamlError if the text is not YAML this module
                                                 # can keep (aliases, several documents)
    doc.get(path)                                # the plain value there (dict, list, str, int...)
    doc.set(path, value)                         # replace a value or add a key (comments stay)
    doc.append(path, {"period": "2026-Q3", "value": 4})   # to a list, created when missing
    doc.remove(path)                             # drop a key or a list item, with its comments
    text = doc.dump()                            # the canonical layout (see docs/fmt.md)

Edit through these methods: the comments of a list item travel with it.

Why not ruamel.yaml's round trip: it resolves scalars as YAML 1.2 while cjm's loader (PyYAML)
reads YAML 1.1, so a quoted ``'no'`` came back unquoted, a boolean to cjm; and its emitter writes
invalid YAML (``id: a name: A``) once a comment sits before the first key of a list item whose keys
were reordered. Here PyYAML composes the node tree (the loader's own YAML 1.1, with every node's
position and style), comments are found in the text around the nodes, and a small emitter writes
the canonical layout.

Where comments go: a comment on a line of its own belongs to the element that follows it (and
moves with it when keys are reordered), unless it is indented deeper than that element: then it
closes the block above it and stays at the end of that block. A comment at the end of a line
belongs to the innermost key (or list item) that starts on that line. Blank lines between
elements are kept (one at most); the comments above the first key are the file's header, with
the ``# yaml-language-server:`` modeline first.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Union

import yaml
from yaml.emitter import Emitter
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

try:  # LibYAML when present, as in the loader: the same events, ten times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

__all__ = ["Document", "Mapping", "Scalar", "Sequence", "YamlError", "parse", "render_string"]

Path = tuple[str | int, ...]
Order = Callable[[Path, list[str]], list[str]]
"""How keys of the mapping at a path are ordered: the key list in, the keys in order out."""

WIDTH = 80  # an inline list is used only when its line fits in this many columns
INDENT = 2
MODELINE = "# yaml-language-server:"

_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_EMITTER = Emitter(io.StringIO(), allow_unicode=True)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
# text to PyYAML, not to every YAML tool: ints in YAML 1.2, booleans in the YAML 1.1 spec
# Most text in a map: a letter or digit first, then letters, digits, spaces and punctuation that
# never mean anything to YAML. Plain without asking PyYAML's (slow, per character) analysis.
_COMMON_BLOCK = re.compile(r"^[^\W_][\w .,;?!()/+%'’…–—-]*(?<! )$")
_COMMON_FLOW = re.compile(r"^[^\W_][\w .;!()/+%'’…–—-]*(?<! )$")  # no , or ? in [a, b]
_OTHER_TRAPS = re.compile(r"^(?:[-+]?0o[0-7]+|[yYnN])$")


class YamlError(Exception):
    """The text cannot be kept through a round trip (not YAML, aliases, several documents)."""


# ----------------------------------------------------------------------------------- the tree


@dataclass
class Scalar:
    """A value that is not a collection.

    ``value`` is what the loader reads; ``source`` the text as written when it is kept (numbers,
    dates, booleans, tagged values, block scalars and text written over several lines): a
    one-line string is written anew from ``value``, with quotes only where YAML needs them.
    ``lines`` are the kept text's lines after the first, without the indentation they are
    written at (``None`` for an empty line); ``block`` for ``|`` and ``>`` scalars, whose
    ``source`` is their header line (``>-``, ``|2+ # comment``).
    """

    value: Any
    source: str | None = None
    lines: list[str | None] = field(default_factory=list)
    block: bool = False


@dataclass
class Entry:
    """A key and its value in a mapping, with the comment lines above it and the one after it.
    ``key_source`` is the key as written when it is not text (``1:``, ``2026-01-01:``)."""

    key: str
    key_source: str | None
    value: Node_
    before: list[str] = field(default_factory=list)
    eol: str | None = None


@dataclass
class Item:
    """A list item, with the comment lines above its dash and the one after it."""

    value: Node_
    before: list[str] = field(default_factory=list)
    eol: str | None = None


@dataclass
class Mapping:
    """``end``: comment lines after the last entry, indented as the entries are."""

    entries: list[Entry] = field(default_factory=list)
    end: list[str] = field(default_factory=list)

    def find(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)


@dataclass
class Sequence:
    items: list[Item] = field(default_factory=list)
    end: list[str] = field(default_factory=list)


Node_ = Union[Scalar, Mapping, Sequence]  # noqa: UP007 - a runtime alias used before its members


# ----------------------------------------------------------------------------------- scalars


def _is_text(value: str) -> bool:
    """Whether a plain ``value`` reads back as this text, to PyYAML (YAML 1.1: ``no``, ``on``,
    ``010``, ``1:20`` are not text) and to other YAML tools (``0o17``, ``y``)."""
    tag = _RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR and not _OTHER_TRAPS.match(value)


def render_string(value: str, flow: bool = False) -> str:
    """``value`` as one line of YAML: plain when YAML reads it back as this text, else double
    quoted (non-ASCII letters stay as written; control characters are escaped)."""
    if value and _is_text(value):
        if (_COMMON_FLOW if flow else _COMMON_BLOCK).match(value):
            return value
        analysis = _EMITTER.analyze_scalar(value)
        allowed = analysis.allow_flow_plain if flow else analysis.allow_block_plain
        if allowed and not analysis.multiline and not analysis.empty:
            return value
    return _double_quoted(value)


_ESCAPES = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
            "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
            "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P"}


def _double_quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < " " or "\x7f" <= ch <= "\x9f" or ch == "\ufeff" or "\ud800" <= ch <= "\udfff":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain_scalar_text(value: Any) -> str:
    """A number, boolean, date or null set through the API, as YAML writes it."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def to_node(value: Any) -> Node_:
    """A plain Python value (what the loader gives) as a tree node, written canonically."""
    if isinstance(value, dict):
        return Mapping([Entry(str(k), None if isinstance(k, str) else _plain_scalar_text(k),
                              to_node(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return Sequence([Item(to_node(v)) for v in value])
    if isinstance(value, str):
        if "\n" in value.rstrip("\n") or value.endswith("\n"):
            return _literal(value)
        return Scalar(value)
    return Scalar(value, _plain_scalar_text(value))


def _literal(value: str) -> Scalar:
    """Text with line breaks set through the API: a literal block (``|``), as people write it."""
    body = value.rstrip("\n")
    trailing = len(value) - len(body)
    chomp = "-" if trailing == 0 else ("" if trailing == 1 else "+")
    lines: list[str | None] = [ln if ln.strip() else None for ln in body.split("\n")]
    lines += [None] * (trailing - 1 if trailing > 1 else 0)
    if lines and lines[0] is not None and lines[0].startswith(" "):
        return Scalar(value)  # leading spaces need an indentation indicator: quote instead
    return Scalar(value, "|" + chomp, lines, block=True)


# ------------------------------------------------------------------------------------ parsing


@dataclass
class _Anchor:
    """Where an element (a mapping entry or a list item of a block collection) starts."""

    index: int
    line: int
    col: int
    owner: Entry | Item
    container: Mapping | Sequence
    is_key: bool
    value_end: int | None = None  # where a scalar or flow value ends (comments inside go above)


class _Reader:
    """Builds the tree from PyYAML's nodes and the text between them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: list[tuple[int, int]] = []
        self.anchors: list[_Anchor] = []
        self.seen: set[int] = set()

    def line_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1

    def col_of(self, index: int) -> int:
        return index - self.starts[self.line_of(index)]

    def line_text(self, line: int) -> str:
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end]

    # -- nodes

    def node(self, node: Node, col: int) -> Node_:
        """``col``: the column of the collection the node belongs to (a block scalar's
        indentation indicator counts from it)."""
        if id(node) in self.seen:
            raise YamlError("the file uses YAML aliases (*name); cjm fmt keeps every value "
                            "written out once: replace the alias with the value it stands for")
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self.scalar(node, col)
        if isinstance(node, SequenceNode):
            seq = Sequence()
            dash = node.start_mark.index
            for child in node.value:
                item = Item(self.node(child, self.col_of(dash)))
                seq.items.append(item)
                if not node.flow_style:
                    start = child.start_mark.index
                    self.anchors.append(_Anchor(start, self.line_of(start), self.col_of(dash),
                                                item, seq, False, _value_end(child)))
            return seq
        assert isinstance(node, MappingNode)
        mapping = Mapping()
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise YamlError("a mapping key is itself a list or a mapping; cjm maps have "
                                "text keys only")
            if key.tag == "tag:yaml.org,2002:merge":
                raise YamlError("the file uses YAML merge keys (<<); write the merged keys out")
            key_scalar = self.scalar(key, self.col_of(key.start_mark.index))
            key_col = self.col_of(key.start_mark.index)
            entry = Entry(
                key_scalar.value if isinstance(key_scalar.value, str) else str(key_scalar.value),
                key_scalar.source if not isinstance(key_scalar.value, str) else None,
                self.node(value, key_col),
            )
            mapping.entries.append(entry)
            if not node.flow_style:
                start = key.start_mark.index
                self.anchors.append(_Anchor(start, self.line_of(start), key_col, entry,
                                            mapping, True, _value_end(value)))
        return mapping

    def scalar(self, node: ScalarNode, col: int) -> Scalar:
        start, end = node.start_mark.index, node.end_mark.index
        source = self.text[start:end]
        value = _CONSTRUCTOR.construct_object(node) if node.tag != _STR else node.value
        if node.style in ("|", ">"):
            end = self._block_end(source, start, end)
            self.spans.append((start, end))
            return self.block_scalar(self.text[start:end], col, value)
        self.spans.append((start, end))
        if "\n" in source:  # written over several lines: kept as written, re-indented
            first, *rest = source.split("\n")
            cut = str.strip if node.style is None else str.lstrip  # quotes keep trailing spaces
            return Scalar(value, first.rstrip() if node.style is None else first,
                          [cut(ln) or None for ln in rest])
        if source.startswith("!") or node.tag != _STR:  # tagged, or not text: as written
            return Scalar(value, source)
        return Scalar(value)

    def _block_end(self, source: str, start: int, end: int) -> int:
        """Trailing empty lines belong to a block scalar only with ``+`` (keep): otherwise they
        are blank lines between elements."""
        header = source.split("\n", 1)[0]
        if "+" in header.split("#", 1)[0]:
            return end
        body = source.rstrip(" \n")
        return start + len(body) + 1 if start + len(body) < end else end

    def block_scalar(self, source: str, col: int, value: Any) -> Scalar:
        header, _, body = source.partition("\n")
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        indicator = header.split("#", 1)[0].strip()
        digit = next((ch for ch in indicator if ch.isdigit()), None)
        nonempty = [ln for ln in lines if ln.strip()]
        if digit is not None:
            base = col + int(digit)
            header = header.replace(digit, "2", 1)
        elif nonempty:
            base = len(nonempty[0]) - len(nonempty[0].lstrip(" "))
        else:
            base = 0
        # a line of spaces no longer than the indentation is an empty line; a longer one keeps
        # its extra spaces (they are text in a literal block)
        kept: list[str | None] = [ln[base:] if len(ln) > base else None for ln in lines]
        return Scalar(value, header.rstrip(), kept, block=True)

    # -- comments

    def comments(self, first_line: int) -> Iterator[tuple[int, int, str, bool]]:
        """(line, column, text, alone) for every comment from ``first_line`` on; ``alone``
        when nothing else is on its line."""
        self.spans.sort()
        span_starts = [s for s, _ in self.spans]
        for line in range(first_line, len(self.starts)):
            text = self.line_text(line)
            base = self.starts[line]
            pos = text.find("#")
            while pos != -1:
                index = base + pos
                k = bisect.bisect_right(span_starts, index) - 1
                inside = k >= 0 and self.spans[k][0] <= index < self.spans[k][1]
                if not inside and (pos == 0 or text[pos - 1] in " \t"):
                    yield line, pos, text[pos:].rstrip(), not text[:pos].strip()
                    break
                pos = text.find("#", pos + 1)

    def interior(self) -> set[int]:
        """Lines inside a scalar written over several lines (block scalar bodies included)."""
        lines: set[int] = set()
        for start, end in self.spans:
            if self.text.find("\n", start, end) == -1:
                continue
            first, last = self.line_of(start), self.line_of(max(start, end - 1))
            lines.update(range(first + 1, last + 1))
        return lines


def _value_end(node: Node) -> int | None:
    """Where a value written in one piece (a scalar, a flow collection) ends; ``None`` for a
    block collection, whose own elements hold the comments inside it."""
    if isinstance(node, ScalarNode) or getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    return None


def parse(text: str) -> Document:
    """The tree of a YAML text whose top level is a mapping, with its comments placed.

    Line ends are ``\\n`` here (:func:`cjm.fmt` turns CRLF into LF and back); a BOM is dropped.
    """
    text = text.removeprefix("\ufeff")
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        raise YamlError(f"not well-formed YAML: {exc}") from None
    if len(nodes) != 1 or not isinstance(nodes[0], MappingNode):
        raise YamlError("the top level of a map file is one mapping")
    root_node = nodes[0]
    reader = _Reader(text)
    root = reader.node(root_node, 0)
    assert isinstance(root, Mapping)
    first = reader.line_of(root_node.start_mark.index)
    header = [reader.line_text(i).rstrip() for i in range(first)]
    modelines = _place_comments(reader, root, first)
    return Document(root, _header(modelines + header))


def _header(lines: list[str]) -> list[str]:
    """The lines above the first key: the modeline first, one blank line at most anywhere."""
    modeline = [ln for ln in lines if ln.startswith(MODELINE)]
    rest = [ln for ln in lines if not ln.startswith(MODELINE)]
    return _squeeze(modeline + rest, lead=False, trail=True)


def _squeeze(lines: list[str], lead: bool, trail: bool) -> list[str]:
    """Comment lines with one blank line at most in a row; a blank line first only when
    ``lead`` (it separates an element from the one above), last only when ``trail``."""
    out: list[str] = []
    for ln in lines:
        if ln == "" and out[-1:] == [""]:
            continue
        out.append(ln)
    if out[:1] == [""] and not lead:
        out.pop(0)
    if out[-1:] == [""] and not trail:
        out.pop()
    return out


def _place_comments(reader: _Reader, root: Mapping, first: int) -> list[str]:
    """Give every comment and blank line below the header its element; the schema modelines
    found among them are returned, for the header."""
    modelines: list[str] = []
    # a list item before the first key of its mapping: comments above the dash go with the item
    anchors = sorted(reader.anchors, key=lambda a: (a.index, a.is_key))
    starts = [a.index for a in anchors]
    interior = reader.interior()
    found = {line: (col, text, alone) for line, col, text, alone in reader.comments(first)}
    blank = False
    for line in range(first, len(reader.starts)):
        if line in interior:
            continue
        raw = reader.line_text(line)
        comment = found.get(line)
        if not raw.strip():
            blank = True
            continue
        line_start = reader.starts[line]
        nxt = bisect.bisect_left(starts, line_start)
        if comment is not None and comment[2]:  # a comment alone on its line
            col, text, _ = comment
            if col == 0 and text.startswith(MODELINE):
                modelines.append(text)
                continue
            following = anchors[nxt] if nxt < len(anchors) else None
            inside = anchors[nxt - 1] if nxt else None  # in a value that started above?
            if inside is not None and (inside.value_end or 0) > line_start:
                target = inside.owner.before
            elif following is not None and col <= following.col:
                target = following.owner.before
            else:
                target = _closing(anchors[:nxt], col, root)
            if blank:
                target.append("")
            target.append(text)
            blank = False
            continue
        if blank:
            following = anchors[nxt] if nxt < len(anchors) else None
            if following is not None:
                following.owner.before.append("")
            blank = False
        if comment is not None:
            dash_only = raw[:comment[0]].strip() == "-"  # `- # note` above the item's first key
            _attach_eol(anchors, starts, line_start, line_start + len(raw), comment[1], dash_only,
                        root)
    return modelines


def _closing(preceding: list[_Anchor], col: int, root: Mapping) -> list[str]:
    """Where a comment indented deeper than what follows it goes: the end of the innermost
    block above it that starts at or left of its column."""
    for anchor in reversed(preceding):
        if anchor.col <= col:
            return anchor.container.end
    return root.end


def _attach_eol(anchors: list[_Anchor], starts: list[int], begin: int, end: int,
                text: str, dash_only: bool, root: Mapping) -> None:
    lo, hi = bisect.bisect_left(starts, begin), bisect.bisect_left(starts, end)
    if dash_only and hi < len(anchors) and not anchors[hi].is_key:
        hi += 1  # the list item whose dash this is starts on a later line
    on_line = [a for a in anchors[lo:hi] if not (dash_only and a.is_key)]
    keys = [a for a in on_line if a.is_key]
    pick = keys[-1] if keys else (on_line[-1] if on_line else (anchors[lo - 1] if lo else None))
    if pick is None:  # a top level written in flow style: nothing to hang it on
        root.end.append(text)
        return
    owner = pick.owner
    owner.eol = text if owner.eol is None else f"{owner.eol} {text}"


# ------------------------------------------------------------------------------------ writing


@dataclass
class Document:
    """A map file as a tree: the header lines and the top-level mapping."""

    root: Mapping
    header: list[str] = field(default_factory=list)

    # -- reading and editing by model path

    def node(self, path: Path) -> Node_:
        """The node at ``path``; ``KeyError`` when the map has nothing there."""
        here: Node_ = self.root
        for part in path:
            if isinstance(here, Mapping) and isinstance(part, str):
                entry = here.find(part)
                if entry is None:
                    raise KeyError(path)
                here = entry.value
            elif isinstance(here, Sequence) and isinstance(part, int) and (
                -len(here.items) <= part < len(here.items)
            ):
                here = here.items[part].value
            else:
                raise KeyError(path)
        return here

    def get(self, path: Path) -> Any:
        return plain(self.node(path))

    def set(self, path: Path, value: Any) -> None:
        parent, last = self.node(path[:-1]), path[-1]
        new = to_node(value)
        if isinstance(parent, Mapping) and isinstance(last, str):
            entry = parent.find(last)
            if entry is None:
                parent.entries.append(Entry(last, None, new))
            else:
                entry.value = new
        elif isinstance(parent, Sequence) and isinstance(last, int):
            parent.items[last].value = new
        else:
            raise KeyError(path)

    def append(self, path: Path, value: Any) -> None:
        try:
            target = self.node(path)
        except KeyError:
            self.set(path, [])
            target = self.node(path)
        if not isinstance(target, Sequence):
            raise KeyError(path)
        target.items.append(Item(to_node(value)))

    def remove(self, path: Path) -> None:
        parent, last = self.node(path[:-1]), path[-1]
        if isinstance(parent, Mapping) and isinstance(last, str):
            entry = parent.find(last)
            if entry is None:
                raise KeyError(path)
            parent.entries.remove(entry)
        elif isinstance(parent, Sequence) and isinstance(last, int):
            del parent.items[last]
        else:
            raise KeyError(path)

    # -- the canonical layout

    def dump(self, order: Order | None = None) -> str:
        """The canonical text; ``order`` sorts each mapping's keys (cjm.fmt passes the model's
        field order), else keys keep the order they have."""
        writer = _Writer(order or (lambda _path, keys: keys))
        out = list(self.header)
        writer.mapping(self.root, 0, (), out)
        return "\n".join(out) + "\n"


def plain(node: Node_) -> Any:
    """The plain value of a node (a block scalar's value is only known after loading)."""
    if isinstance(node, Mapping):
        return {e.key: plain(e.value) for e in node.entries}
    if isinstance(node, Sequence):
        return [plain(i.value) for i in node.items]
    return node.value


class _Writer:
    def __init__(self, order: Order) -> None:
        self.order = order

    def mapping(self, m: Mapping, indent: int, path: Path, out: list[str],
                dash: int | None = None) -> None:
        """``dash``: the mapping is a list item, its first key written after ``- `` at that
        column (and the comments above that key above the dash)."""
        by_key = {e.key: e for e in m.entries}
        keys = self.order(path, [e.key for e in m.entries])
        entries = [by_key[k] for k in keys] + [e for e in m.entries if e.key not in keys]
        for n, e in enumerate(entries):
            lead = " " * indent
            if n == 0 and dash is not None:
                self.comments(e.before, dash, out, lead=False, trail=True)
                lead = " " * dash + "- "
            else:
                self.comments(e.before, indent, out, lead=n > 0, trail=True)
            self.entry(e, lead, indent, path + (e.key,), out)
        self.comments(m.end, indent, out, lead=True, trail=False)

    @staticmethod
    def comments(lines: list[str], indent: int, out: list[str], lead: bool, trail: bool) -> None:
        for ln in _squeeze(lines, lead, trail):
            out.append(" " * indent + ln if ln else "")

    def entry(self, e: Entry, lead: str, indent: int, path: Path, out: list[str]) -> None:
        key = e.key_source if e.key_source is not None else render_string(e.key)
        head = f"{lead}{key}:"
        self.value(e.value, head, indent, path, out, e.eol)

    def value(self, v: Node_, head: str, indent: int, path: Path, out: list[str],
              eol: str | None) -> None:
        """Write ``head`` (``key:`` or ``-``) and the value after it, children at indent + 2."""
        child = indent + INDENT
        if isinstance(v, Scalar):
            self.scalar(v, head, child, out, eol)
        elif isinstance(v, Mapping):
            if not v.entries and not v.end:
                out.append(_eol(f"{head} {{}}", eol))
            elif head.endswith("-"):
                mark = len(out)
                self.mapping(v, child, path, out, dash=indent)
                if eol is not None:
                    dash_line = next(i for i in range(mark, len(out))
                                     if out[i].startswith(" " * indent + "- "))
                    out[dash_line] = _eol(out[dash_line], eol)
            else:
                out.append(_eol(head, eol))
                self.mapping(v, child, path, out)
        else:
            inline = _inline(v, len(head) + 1)
            if inline is not None:
                out.append(_eol(f"{head} {inline}", eol))
                return
            out.append(_eol(head, eol))
            for n, item in enumerate(v.items):
                self.comments(item.before, child, out, lead=n > 0, trail=True)
                self.value(item.value, " " * child + "-", child, path + (n,), out, item.eol)
            self.comments(v.end, child, out, lead=True, trail=False)

    def scalar(self, s: Scalar, head: str, child: int, out: list[str], eol: str | None) -> None:
        if s.source is None:
            text = render_string(s.value) if isinstance(s.value, str) else _plain_scalar_text(s.value)
        else:
            text = s.source
        out.append(f"{head} {text}" if text else head)
        for ln in s.lines:
            out.append(" " * child + ln if ln is not None else "")
        if eol is not None:
            if s.block:  # after the header line
                idx = len(out) - len(s.lines) - 1
                out[idx] = _eol(out[idx], eol)
            else:
                out[-1] = _eol(out[-1], eol)


def _eol(line: str, comment: str | None) -> str:
    return f"{line}  {comment}" if comment is not None else line


def _inline(seq: Sequence, used: int) -> str | None:
    """``[a, b]`` for an empty list, or a short list of single words (ids, tags, numbers) whose
    line fits in :data:`WIDTH` columns; ``None`` for one item per line."""
    if not seq.items:
        return "[]" if not seq.end else None
    words = []
    for item in seq.items:
        v = item.value
        if item.before or item.eol is not None or not isinstance(v, Scalar) or v.lines:
            return None
        if v.source is not None:
            word = v.source
        elif isinstance(v.value, str):
            word = render_string(v.value, flow=True)
        else:
            return None
        if not word or any(ch.isspace() for ch in str(v.value)) or word.startswith("!"):
            return None
        words.append(word)
    text = "[" + ", ".join(words) + "]"
    return text if used + len(text) <= WIDTH and not seq.end else None
