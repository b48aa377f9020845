"""``cjm data import``: numbers from an analytics export into the maps they belong to.

Why in cjm: a journey map goes stale the day its numbers stop being updated, and the numbers
live in BI tools that export CSV. Reading the export here, matching each row to a map element by
id and appending it to that element's history makes refreshing a map a scheduled job whose
result is a reviewed pull request (docs/data.md).

The data (CSV or JSON), one row per element and period:

- ``id``: a metric (the row gives ``value``: a point of its ``history``), a desired action or a
  completed action (the row gives ``count`` and optionally ``of``: that step's completed action
  for the period); ``map``, optional, the map id when the same element id is in several maps;
- ``period``: a period cjm can order (``2026-Q3``, ``2026-10``...; :mod:`cjm.periods`).

Numbers are read the way the export wrote them: plain (``1234.5``) unless a locale is given,
then with that locale's decimal and grouping signs (``1.234,5`` in ``de``, ``1 234,5`` in
``ru``) by Babel; a number that only a locale could read is refused, never guessed.

Nothing is half done: every row is checked first (each bad row is reported with its line), then
the new lines are written into each map's text (:mod:`.splice`; the round trip of
:mod:`cjm.yamledit` for layouts it does not handle), the result is read back and validated as
``cjm validate`` would, and only when every map passes is anything written. The maps are opened,
edited and checked on every core (:class:`Maps`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .. import output, periods
from ..i18n.lists import Listed
from ..i18n.message import Quantity, say, say_plural
from ..limits import MAX_NUMBER
from ..loader import MAX_BYTES, Document, load_text, read_back
from ..output import Staged, WriteError
from ..problems import Problem
from ..text import did_you_mean
from ..yamledit import (
    Entry,
    Item,
    Mapping,
    Order,
    Scalar,
    Sequence,
    Splice,
    Unsafe,
    YamlError,
    parse,
    render_string,
)

if TYPE_CHECKING:
    from ..repository import Repository
    from ..workspace import Workspace

_PLAIN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
# 1.500 or 12.345.678: a decimal point to an English export, thousands to a German one
_DOT_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
LIMIT = Decimal(MAX_NUMBER)  # the model's bound: a row past it would make a map invalid
COLUMNS = ("map", "id", "period", "value", "count", "of", "note")
REQUIRED = ("id", "period")


@dataclass(frozen=True)
class Row:
    """One data row; ``line`` is where it starts in the file (1-based)."""

    line: int
    id: str
    period: str
    value: float | None = None
    count: int | None = None
    of: int | None = None
    map: str | None = None
    note: str | None = None
    col: int = 0  # where a JSON row starts on its line (0: a CSV row is its line)


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    col: int = 0  # a JSON row's column: minified JSON puts every row on line 1


def _row_error(row: Row, message: str) -> RowError:
    return RowError(row.line, message, row.col)


def _at(row: Row) -> str:
    """Where a row is, in words: ``line 7``, or ``the row at 1:245`` in minified JSON."""
    return (say("the row at %(line)s:%(col)s", line=str(row.line), col=str(row.col)) if row.col
            else say("line %(line)s", line=str(row.line)))


class DataError(Exception):
    """The data cannot be imported: every bad row, with its line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors[0].message if errors else "bad data")
        self.errors = errors


# ------------------------------------------------------------------------------ reading rows


class Numbers:
    """Reads numbers as an export wrote them: plain, or in one stated locale (Babel)."""

    def __init__(self, locale: str | None) -> None:
        self.locale = locale
        self.group: str | None = None
        self.decimal: str | None = None
        if locale is not None:
            from babel import Locale, UnknownLocaleError
            from babel.numbers import get_group_symbol

            try:
                Locale.parse(locale.replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                raise ValueError(say("unknown locale %(locale)s; give a language the export was "
                                     "written in, such as en, de, ru, pl or de-CH",
                                     locale=repr(locale))) from None
            from babel.numbers import get_decimal_symbol

            self.group = get_group_symbol(locale.replace("-", "_"))
            self.decimal = get_decimal_symbol(locale.replace("-", "_"))

    def parse(self, text: str, what: str) -> Decimal:
        """The number in a cell; raises ValueError saying why it is none (or which locale would
        read it), never reading a cell two locales read differently without being told which."""
        return _bounded(self._parse(text, what), text, what)

    def _parse(self, text: str, what: str) -> Decimal:
        raw = text.strip()
        if self.locale is None and _PLAIN.fullmatch(raw):  # most cells: no question to ask
            if "." in raw and _DOT_GROUPED.fullmatch(raw):
                raise ValueError(say(
                    "%(key)s %(text)s reads as %(point)s with a decimal point and as %(grouped)s "
                    "with the dot grouping thousands: say which with --locale (en: a decimal "
                    "point; de: thousands)", key=what, text=repr(text),
                    point=f"{Decimal(raw).normalize():f}", grouped=f"{Decimal(raw.replace('.', '')):f}"))
            return Decimal(raw)
        if self.locale is None:
            try:
                if any(ch in raw for ch in ", \u00a0\u202f'"):
                    raise InvalidOperation
                return _finite(Decimal(raw))
            except InvalidOperation:
                raise ValueError(say("%(key)s %(text)s is not a number%(hint)s", key=what,
                                     text=repr(text), hint=_locale_hint(raw))) from None
        from babel.numbers import NumberFormatError, parse_decimal

        if self.group is not None and self.group.isspace():
            raw = raw.replace(" ", self.group).replace("\u00a0", self.group).replace(
                "\u202f", self.group)
        # a mark the locale uses for neither decimals nor thousands (a dot to ru) says the cell
        # was written otherwise: Babel would drop it and read 950.000 as 950
        stray = next((ch for ch in ".," if ch in raw and ch not in (self.group, self.decimal)), None)
        try:
            if stray is not None:
                raise NumberFormatError(stray)
            return _finite(parse_decimal(raw, locale=self.locale.replace("-", "_"), strict=True))
        except (NumberFormatError, InvalidOperation):
            raise ValueError(say("%(key)s %(text)s is not a number as %(locale)s writes them",
                                 key=what, text=repr(text), locale=self.locale)) from None


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise InvalidOperation
    return value


def _bounded(value: Decimal, text: str, what: str) -> Decimal:
    if not value.is_finite():
        raise ValueError(say("%(key)s %(text)s is not a number%(hint)s", key=what,
                             text=repr(text.strip()), hint=""))
    if abs(value) > LIMIT:
        raise ValueError(say("%(key)s %(text)s is too large (a map holds numbers from -10^15 to "
                             "10^15)", key=what, text=repr(text.strip())))
    return value


def _locale_hint(raw: str) -> str:
    """Which ``--locale`` writes numbers like ``raw``: named after the separator it uses."""
    if any(ch in raw for ch in " \u00a0\u202f"):
        return say(" (a space between thousands: say so with --locale, e.g. --locale ru or pl)")
    if "'" in raw:
        return say(" (an apostrophe between thousands: say so with --locale de-CH)")
    if "," in raw or "." in raw:
        return say(" (a decimal comma or a thousands separator: say which with --locale, e.g. --locale de)")
    return ""


def parse_columns(spec: str | None) -> dict[str, str]:
    """``--columns id=Step,value=Score`` → our column name → the export's column name."""
    out: dict[str, str] = {}
    if not spec:
        return out
    for part in spec.split(","):
        ours, sep, theirs = part.partition("=")
        ours = ours.strip().lower()
        if not sep or not theirs.strip():
            raise ValueError(say("--columns takes NAME=COLUMN pairs separated by commas, not "
                                 "%(part)s", part=repr(part)))
        if ours not in COLUMNS:
            guess = did_you_mean(ours, COLUMNS)
            raise ValueError(say("--columns: unknown name %(name)s; did you mean %(guess)s?",
                                 name=repr(ours), guess=repr(guess)) if guess else
                             say("--columns: unknown name %(name)s; the names are %(names)s",
                                 name=repr(ours), names=", ".join(COLUMNS)))
        if ours in out:
            raise ValueError(say("--columns names %(name)s twice (%(first)s and %(second)s)",
                                 name=repr(ours), first=repr(out[ours]), second=repr(theirs.strip())))
        taken = [name for name, column in out.items() if column.lower() == theirs.strip().lower()]
        if taken:
            raise ValueError(say("--columns maps the export's column %(column)s to both %(first)s "
                                 "and %(second)s", column=repr(theirs.strip()), first=repr(taken[0]),
                                 second=repr(ours)))
        out[ours] = theirs.strip()
    return out


@dataclass(frozen=True)
class Export:
    """What an export holds: the rows that can be read, an error for each that cannot, and how
    many comment lines (``#``, as GA4 writes them above the header) were skipped."""

    rows: list[Row]
    errors: list[RowError]
    comments: int = 0


def read_rows(data: bytes, name: str, *, kind: str, locale: str | None = None,
              columns: dict[str, str] | None = None, delimiter: str | None = None) -> Export:
    """The rows of a CSV or JSON export that can be read, and an error for each that cannot
    (the good ones are still matched to the maps, so one run names every row to fix); raises
    :class:`DataError` when the file as a whole cannot be read (not UTF-8, no header, a NUL
    byte, a quote never closed, a cell longer than a map may be)."""
    numbers = Numbers(locale)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError([RowError(data.count(b"\n", 0, exc.start) + 1,
                                  say("%(file)s is not UTF-8 (byte %(byte)s); export it as UTF-8 "
                                      "(Excel: 'CSV UTF-8')", file=name, byte=str(exc.start)))]) from None
    comments = 0
    if kind == "json":
        records = _json_records(text, name)
    else:
        text, comments = _skip_comments(text)
        records = _csv_records(text, name, columns or {}, delimiter)
    rows, errors = [], []
    for line, col, record in records:
        try:
            rows.append(_row(line, col, record, numbers))
        except ValueError as exc:
            errors.append(RowError(line, exc.args[0] if exc.args else str(exc), col))
    return Export(rows, errors, comments)


def _skip_comments(text: str) -> tuple[str, int]:
    """The text with the comment lines above its header blanked (each keeps its line break, so
    every later line keeps its number), and how many there were. GA4 starts its CSV exports
    with ``# Account: ...`` lines; read as data, they would be taken for the header."""
    pos = comments = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end + 1
        line = text[pos:end].strip()
        if line and not line.startswith("#"):
            break
        comments += bool(line)
        pos = end
    if not comments:
        return text, 0
    return "\n" * text.count("\n", 0, pos) + text[pos:], comments


def _csv_problem(message: str, start: int, end: int) -> str:
    """What a CSV reading error means, for the row that starts on line ``start`` (``end``: the
    line the reader had come to)."""
    if "end of data" in message:
        return say("a quote opens a cell on line %(line)s and is never closed, so every line after "
                   "it would be read into that one cell; close the quote, or double a quote meant "
                   "as text (\"\")", line=str(start))
    if "field limit" in message:
        return say("a cell is longer than %(limit)s characters, more than a map may hold "
                   "(a quote that is never closed?)", limit=Quantity(MAX_BYTES, None))
    if "expected after" in message:
        if end != start:
            return say("a quoted cell has text after its closing quote (line %(line)s); double a "
                       "quote meant as text (\"\")", line=str(end))
        return say("a quoted cell has text after its closing quote; double a quote meant as text "
                   "(\"\")")
    return say("cannot be read as CSV: %(reason)s", reason=message)


def _header_columns(header: list[str], columns: dict[str, str], sep: str,
                    line: int) -> dict[str, int]:
    """Our column name -> its index in ``header`` (``--columns`` renames ours); a column the
    import reads named twice, read as two names, or missing is :class:`DataError`."""
    lookup: dict[str, int] = {}
    twice: dict[str, tuple[int, int]] = {}  # an error only for a column the import reads
    for i, h in enumerate(header):
        if h and h.lower() in lookup:
            twice.setdefault(h.lower(), (lookup[h.lower()], i))
            continue
        lookup[h.lower()] = i
    where: dict[str, int] = {}
    for ours in COLUMNS:
        theirs = columns.get(ours, ours)
        if theirs.lower() in lookup:
            where[ours] = lookup[theirs.lower()]
        elif ours in columns:
            guess = did_you_mean(theirs, header)
            raise DataError([RowError(1, say("--columns names %(column)s, but the header has "
                                             "%(header)s (did you mean %(guess)s?)",
                                             column=repr(theirs), header=", ".join(header),
                                             guess=repr(guess)) if guess else
                                      say("--columns names %(column)s, but the header has "
                                          "%(header)s", column=repr(theirs), header=", ".join(header)))])
    for ours, i in where.items():
        name = header[i].lower()
        if name in twice:
            one, two = twice[name]
            raise DataError([RowError(line, say("the header names %(column)s twice (columns "
                                                "%(first)s and %(second)s); which one is meant "
                                                "cannot be told", column=repr(header[i]),
                                                first=str(one + 1), second=str(two + 1)))])
        shared = [other for other, j in where.items() if j == i and other != ours]
        if shared:
            raise DataError([RowError(line, say("the column %(column)s would be read as both "
                                                "%(first)s and %(second)s; map each name to its own "
                                                "column with --columns", column=repr(header[i]),
                                                first=repr(shared[0]), second=repr(ours)))])
    missing = [c for c in REQUIRED if c not in where]
    if missing or not ({"value", "count"} & set(where)):
        need = ", ".join(missing) if missing else say("value or count")
        raise DataError([RowError(1, say("the header (%(header)s) has no column %(need)s; name "
                                         "the columns id, period, value (metrics) or count, of "
                                         "(funnel steps), or map yours with --columns "
                                         "id=...,period=...", header=sep.join(header), need=need))])
    return where


def _csv_records(text: str, name: str, columns: dict[str, str],
                 delimiter: str | None) -> list[tuple[int, int, dict[str, str]]]:
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError([RowError(text.count("\n", 0, nul) + 1,
                                  say("a NUL byte (column %(col)s): this is not a text export (a "
                                      "spreadsheet saved as .xls? export it as CSV UTF-8)",
                                      col=str(nul - text.rfind(chr(10), 0, nul))))])
    csv.field_size_limit(MAX_BYTES)  # no cell of a map may be longer; the default is 128 KiB
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first:
        raise DataError([RowError(1, say("%(file)s has no header line (it must name the columns: "
                                         "id, period, value or count, of)", file=name))])
    # the header is made of known words, so which separator it uses is not a guess
    sep = delimiter or max(";,\t|", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    header: list[str] = []
    while not any(header):  # blank lines above the header, as some exports write them
        start = reader.line_num + 1
        header = [h.strip() for h in _next(reader, start)]
    where = _header_columns(header, columns, sep, reader.line_num)
    out = []
    line = reader.line_num + 1
    while True:
        start = line
        try:
            cells = _next(reader, start)
        except StopIteration:
            break
        line = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            error: str = say_plural(
                "%(num)s cells, but the header has %(header)s (a separator inside a value? quote it)",
                "%(num)s cells, but the header has %(header)s (a separator inside a value? quote it)",
                len(cells), num=len(cells), header=len(header))
            out.append((start, 0, {"__error__": error}))
            continue
        out.append((start, 0, {ours: cells[i] for ours, i in where.items() if i < len(cells)}))
    return out


def _next(reader: Any, start: int) -> list[str]:
    """The reader's next record (it starts on line ``start``); a quote never closed, text after
    a closing quote or a cell too long is :class:`DataError` (strict: nothing is guessed)."""
    try:
        return next(reader)  # type: ignore[no-any-return]
    except csv.Error as exc:
        raise DataError([RowError(start, _csv_problem(str(exc), start, reader.line_num))]) from None


def _json_records(text: str, name: str) -> list[tuple[int, int, dict[str, Any]]]:
    """Objects of a JSON array (or of ``{"rows": [...]}``), each with the line it starts on,
    and its column when another row starts on that line too (minified JSON)."""
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise DataError([RowError(exc.lineno, say("%(file)s is not JSON: %(reason)s", file=name,
                                                  reason=exc.msg), exc.colno)]) from None
    items = whole.get("rows") if isinstance(whole, dict) else whole
    if not isinstance(items, list):
        raise DataError([RowError(1, say("%(file)s: expected a JSON array of rows (or an object "
                                         "with \"rows\": [...])", file=name))])
    # find where each item starts: decode the array again, item by item
    start = text.index("[", text.index('"rows"') if isinstance(whole, dict) else 0) + 1
    out: list[tuple[int, int, dict[str, Any]]] = []
    pos = start
    line, line_start = 1, 0
    for item in items:
        while text[pos] in " \t\r\n,":
            pos += 1
        _value, end = decoder.raw_decode(text, pos)
        line += text.count("\n", line_start, pos)
        line_start = text.rfind("\n", 0, pos) + 1
        col = pos - line_start + 1
        if not isinstance(item, dict):
            out.append((line, col, {"__error__": say("a row must be an object like {\"id\": "
                                                     "..., \"period\": ..., \"value\": ...}")}))
        elif isinstance(item, _Object) and item.twice is not None:
            out.append((line, col, {"__error__": say("the row gives %(key)s twice",
                                                     key=repr(item.twice))}))
        else:
            out.append((line, col, {str(k).lower(): v for k, v in item.items()}))
        pos = end
    rows_on = Counter(line for line, _, _ in out)
    return [(line, col if rows_on[line] > 1 else 0, record) for line, col, record in out]


def _text_cell(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list, bool)):  # JSON: an object is no id, period or note
        raise ValueError(say("%(key)s must be text, not %(value)s", key=key,
                             value=json.dumps(value, ensure_ascii=False)))
    value = str(value).strip()
    if len(value) > MAX_BYTES // 4 and len(value.encode("utf-8")) > MAX_BYTES:
        raise ValueError(say("%(key)s is %(size)s bytes long, more than the %(limit)s a map may "
                             "have", key=key, size=Quantity(len(value.encode("utf-8")), None),
                             limit=Quantity(MAX_BYTES, None)))
    return value or None


class _Object(dict[str, Any]):
    """A JSON object, and the first key it gives twice (JSON allows it; a row cannot mean it)."""

    twice: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    out = _Object()
    for key, value in pairs:
        if key in out and out.twice is None:
            out.twice = key
        out[key] = value
    return out


def _number_cell(record: dict[str, Any], key: str, numbers: Numbers) -> Decimal | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        if not value or value.isspace():
            return None
        return numbers.parse(value, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(say("%(key)s %(text)s is not a number%(hint)s", key=key,
                             text=json.dumps(value, ensure_ascii=False), hint=""))
    return _bounded(Decimal(repr(value)) if isinstance(value, float) else Decimal(value),
                    json.dumps(value), key)


def _row(line: int, col: int, record: dict[str, Any], numbers: Numbers) -> Row:
    if "__error__" in record:
        raise ValueError(record["__error__"])
    ident, period = _text_cell(record, "id"), _text_cell(record, "period")
    if ident is None:
        raise ValueError(say("no id"))
    if period is None:
        raise ValueError(say("no period for %(id)s", id=repr(ident)))
    found = _period(period)
    if found is None:
        raise ValueError(say("period %(period)s is not one cjm can order; write it as 2026, "
                             "2026-H2, 2026-Q3, 2026-10, 2026-W41 or 2026-10-05", period=repr(period)))
    period = found.canonical  # 2027-q1 is 2027-Q1: written, and matched, in one spelling
    value = _number_cell(record, "value", numbers)
    count = _number_cell(record, "count", numbers)
    of = _number_cell(record, "of", numbers)
    if value is not None and (count is not None or of is not None):
        raise ValueError(say("%(id)s has both value and count/of; a row is a metric value or a "
                             "funnel count, not both", id=repr(ident)))
    if value is None and count is None:
        raise ValueError(say("%(id)s %(period)s has no value (metrics) or count (funnel steps)",
                             id=repr(ident), period=period))
    whole: dict[str, int] = {}
    for key, n in (("count", count), ("of", of)):
        if n is None:
            continue
        if n < 0:
            raise ValueError(say("%(key)s %(num)s is negative: it counts customers", key=key, num=str(n)))
        if n != n.to_integral_value():
            raise ValueError(say("%(key)s %(num)s is not a whole number of customers", key=key,
                                 num=str(n)))
        whole[key] = int(n)
    if "count" in whole and "of" in whole and whole["count"] > whole["of"]:
        raise ValueError(say("count %(count)s is larger than its base of %(of)s",
                             count=whole["count"], of=whole["of"]))
    if count is None and of is not None:
        raise ValueError(say("%(id)s %(period)s has of but no count", id=repr(ident), period=period))
    return Row(line, ident, period, _number(value) if value is not None else None,
               whole.get("count"), whole.get("of"), _text_cell(record, "map"),
               _text_cell(record, "note"), col)


_period = periods.parse  # kept per text there: an export repeats its periods


def _number(value: Decimal) -> float:
    return float(value)


# ------------------------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class Edit:
    """One change to one map, in words and as an operation on its YAML tree."""

    line: int  # the data row
    what: str  # "metric m-nps 2026-Q4: 41"
    kind: str  # "added" | "replaced"


@dataclass
class MapPlan:
    """What importing the data does to one map file."""

    file: str
    map_id: str
    original: str
    text: str | None = None  # the new text (None: unchanged)
    edits: list[Edit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the edited map would not validate
    invalid_before: bool = False  # ``problems`` are the map's as it is: the data is not to blame
    reformatted: str | None = None  # why the map was written in cjm fmt's layout (round trip)
    staged: Staged | None = None  # the new text written beside the map, when asked to write
    library: bool = False  # a library file (its metrics' points), counted only when it changes

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original


@dataclass
class Plan:
    maps: list[MapPlan]
    errors: list[RowError]  # rows that cannot be applied (unknown ids, conflicts)

    @property
    def behind(self) -> list[MapPlan]:
        return [p for p in self.maps if p.changed]

    def write(self, rewriter: output.Rewriter) -> None:
        """Put every changed map's staged text in place; raises :class:`cjm.output.Changed`
        when a map no longer holds the text the plan was made from (nothing is written then:
        plan again from the new text), or :class:`cjm.output.WriteError`.

        All or nothing (:meth:`cjm.output.Rewriter.commit`): the texts were written and synced
        while the maps were checked, so this is one rename per map, done under the writers'
        lock with Ctrl-C, SIGTERM and SIGHUP held; a rename that fails (the map's folder
        changed meanwhile) puts back the maps already renamed."""
        rewrites = []
        for plan in self.behind:
            assert plan.staged is not None, "plan(write=True) stages every changed map"
            rewrites.append(output.Rewrite(plan.staged, plan.original.encode("utf-8")))
        rewriter.commit(rewrites)

    def discard(self) -> None:
        """Remove what was staged and not written (safe to call whatever happened)."""
        for plan in self.maps:
            if plan.staged is not None:
                plan.staged.discard()


@dataclass(frozen=True)
class _Set:
    """The scalar at ``path`` becomes ``value`` (a key the mapping lacks is added)."""

    path: tuple[str | int, ...]
    value: Any


@dataclass(frozen=True)
class _Append:
    """A new mapping at the end of the list at ``path`` (created when missing)."""

    path: tuple[str | int, ...]
    fields: tuple[tuple[str, Any], ...]


@dataclass
class _Map:
    file: str
    text: str  # as read
    body: str  # without a BOM, with \n line ends
    newline: str
    loaded: Document  # the loader's view of ``body``: positions for the text edits
    data: dict[str, Any]  # the map's data, edited as the plan goes: what the new text must load to
    index: dict[str, tuple[str, tuple[str | int, ...]]]  # id -> (kind, path)
    plan: MapPlan
    ops: list[_Set | _Append] = field(default_factory=list)
    points: dict[tuple[str | int, ...], dict[str, tuple[str | int, ...]]] = field(
        default_factory=dict)  # metric path -> period -> path of its history point
    records: dict[tuple[str, str], tuple[str | int, ...]] | None = None  # see _record_index
    touched: set[tuple[str | int, ...]] = field(default_factory=set)  # metrics given points
    ids: set[str] | None = None  # every id in the map (a touchpoint's too), once a new one is made
    repo: Repository | None = None  # what its edited text is checked in (None: it alone)


def _index(data: dict[str, Any]) -> dict[str, tuple[str, tuple[str | int, ...]]]:
    out: dict[str, tuple[str, tuple[str | int, ...]]] = {}
    if "library" in data:  # a library's metrics are the maps' metrics, kept in one file
        metrics = data.get("metrics")
        for i, item in enumerate(metrics if isinstance(metrics, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.setdefault(item["id"], ("metric", ("metrics", i)))
        return out
    stages = data.get("stages")
    if not isinstance(stages, list):
        return out
    for s, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        for lane, kind in (("metrics", "metric"), ("desired_actions", "desired action"),
                           ("completed_actions", "completed action")):
            items = stage.get(lane)
            if not isinstance(items, list):
                continue
            for i, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out.setdefault(item["id"], (kind, ("stages", s, lane, i)))
    return out


@dataclass(frozen=True)
class Refused:
    """A file the import will not edit, and why; ``broken`` when it looks like a map but cannot
    be read (a YAML error, say), as opposed to a YAML file that is no map (CI configuration)."""

    message: str
    broken: bool = False


def open_map(file: str, text: str, repo: Repository | None = None) -> _Map | Refused:
    """A map file as the import edits it; :class:`Refused` when it cannot be.

    Read once, by the loader ``cjm validate`` uses: its data is what rows are matched against,
    its positions are where the text is edited. ``repo``, the repository it belongs to, is what
    its edited text is validated against (its libraries, its scoring scales)."""
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    body = text.removeprefix("\ufeff").replace("\r\n", "\n")
    loaded = load_text(body, file)
    data = loaded.data
    if data is None:
        problem = loaded.problems[0] if loaded.problems else None
        why = (say("%(line)s:%(col)s: %(reason)s", line=str(problem.line), col=str(problem.col),
                   reason=problem.message) if problem else say("not YAML"))
        return Refused(say("%(file)s: cannot be edited: %(reason)s", file=file, reason=why),
                       broken=True)
    if not isinstance(data, dict) or "cjm" not in data:
        return Refused(say("%(file)s: not a journey map", file=file))
    # a library file: the metrics it keeps for the repository's maps get their points here, so a
    # metric moved into the library is updated as it was in the map
    map_id = str(data.get("library", file)) if "library" in data else str(data.get("id", file))
    return _Map(file, text, body, newline, loaded, data, _index(data), MapPlan(file, map_id, text),
                repo=repo)


def libraries_of(paths: Iterable[str], have: Iterable[str], workspace: Workspace) -> list[str]:
    """The library files of the repositories ``paths`` belong to, as messages name them, that
    ``have`` does not list yet: a row for a metric a map borrows from its library updates the
    library file, as a row for the map's own metric updates the map."""
    from ..repository import shown

    known = {os.path.abspath(name) for name in have}
    out: list[str] = []
    for path in paths:
        for library in workspace.repository(path).library_files:
            if library not in known:
                known.add(library)
                out.append(shown(library))
    return out


@dataclass(frozen=True)
class _Opened:
    """What the rest of an import needs to know of a map a worker opened: its id, and the kind
    of each element id rows can name (``metric``, ``desired action``, ``completed action``)."""

    map_id: str
    kinds: dict[str, str]
    library: bool = False  # a library file: its metrics are any map's, it is no map of its own


@dataclass(frozen=True)
class _Outcome:
    """What planning a map's rows and checking its edited text found (sent back by its worker)."""

    errors: list[RowError]
    edits: list[Edit]
    text: str | None
    problems: list[Problem]
    reformatted: str | None
    staged: Staged | None = None
    unwritable: WriteError | None = None
    invalid_before: bool = False


def _open(workspace: Workspace, item: tuple[str, str]) -> tuple[_Map | None, _Opened | Refused]:
    """In a worker: one map opened and kept for :func:`_apply`."""
    file, text = item
    found = open_map(file, text, workspace.repository(file))
    if isinstance(found, Refused):
        return None, found
    return found, _Opened(found.plan.map_id, {ident: kind for ident, (kind, _) in
                                              found.index.items()}, "library" in found.data)


class Maps:
    """The maps an import may change, each opened once and kept where it was opened.

    Opening a map (the loader, with positions) and checking its edited text are most of an
    import's work, and each map's is its own, so both run on every core (:class:`cjm.shards.
    Shards`): a worker keeps the maps it opened, this process matches the export's rows to maps
    (it needs every map's ids for that, and for did-you-mean), and each worker then plans, edits
    and checks its own maps. Only ids, rows and results travel between processes.

    ``files`` are (name, text) pairs. The workers start opening them at once, so the caller can
    read the export meanwhile. Use it as a context manager: leaving it stops the workers.
    """

    def __init__(self, files: list[tuple[str, str]], workspace: Workspace,
                 jobs: int | None = None) -> None:
        from ..shards import Shards, workers

        self.files = files
        if workers(len(files), jobs):
            _warm()
        self._shards: Shards[tuple[str, str], _Map | None] = Shards(
            files, functools.partial(_open, workspace), jobs, sizes=[len(text) for _, text in files])

    @functools.cached_property
    def refused(self) -> dict[int, Refused]:
        """The files that are no maps (or cannot be edited), with why, by number in ``files``."""
        return {n: answer for n, answer in enumerate(self._shards.opened)
                if isinstance(answer, Refused)}

    @functools.cached_property
    def _maps(self) -> dict[int, _Opened]:
        return {n: answer for n, answer in enumerate(self._shards.opened)
                if isinstance(answer, _Opened)}

    @functools.cached_property
    def _files_of(self) -> dict[str, list[str]]:
        """Map id -> the files that have it (more than one: CJM034)."""
        out: dict[str, list[str]] = {}
        for n, mp in self._maps.items():
            if not mp.library:
                out.setdefault(mp.map_id, []).append(self.files[n][0])
        return out

    def __len__(self) -> int:
        return len(self._maps)

    def __enter__(self) -> Maps:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        self._shards.close(abort=kind is not None)

    def plan(self, rows: Iterable[Row], *, replace: bool = False, write: bool = False,
             bad: Iterable[RowError] = ()) -> Plan:
        """Match rows to maps and say what changes: the new text of every map a row changes,
        checked as ``cjm validate`` checks it (a map the import would break keeps its problems
        on the plan and is never written).

        ``write``: each worker also stages the maps it changed (:func:`cjm.output.stage`: the
        new text written and synced beside the map), so :meth:`Plan.write` is only renames; a
        map that cannot be staged raises :class:`cjm.output.WriteError`, with nothing staged
        left behind.

        ``bad``: rows of the export that could not be read. Every row is still matched and
        checked against its map, so one run lists every row to fix (nothing is written)."""
        by_id: dict[str, list[int]] = {}
        by_map_id: dict[str, int] = {}
        for n, mp in self._maps.items():
            if not mp.library:
                by_map_id.setdefault(mp.map_id, n)
            for ident in mp.kinds:
                by_id.setdefault(ident, []).append(n)
        errors: list[RowError] = list(bad)
        seen: dict[tuple[int, str, str], Row] = {}
        per_map: dict[int, list[Row]] = {}
        for row in rows:
            found = self._match(row, by_id, by_map_id, errors)
            if found is None:
                continue
            key = (found, row.id, row.period)
            earlier = seen.get(key)
            if earlier is not None:
                if (earlier.value, earlier.count, earlier.of) != (row.value, row.count, row.of):
                    errors.append(_row_error(row, say("a second value for %(id)s %(period)s "
                                                      "(%(where)s has another one)", id=repr(row.id),
                                                      period=row.period, where=_at(earlier))))
                continue
            seen[key] = row
            per_map.setdefault(found, []).append(row)
        plans = {n: MapPlan(self.files[n][0], mp.map_id, self.files[n][1], library=mp.library)
                 for n, mp in self._maps.items()}
        rows_only = bool(errors)  # the rows' own errors are still wanted, the edited maps not
        owner = os.getpid() if write and not rows_only else None
        folders = {os.path.dirname(os.path.abspath(name)) for name, _ in self.files}
        if owner is not None:  # what an import killed outright (SIGKILL) before left behind
            output.remove_staged(folders)
        try:
            outcomes = self._shards.call(_apply, {n: (found, replace, owner, rows_only)
                                                  for n, found in per_map.items()})
        except BaseException:
            if owner is not None:  # a worker killed between staging a file and saying so
                output.remove_staged(folders, owner)
            raise
        result = Plan(list(plans.values()), errors)
        unwritable = None
        for n, outcome in outcomes.items():
            errors.extend(outcome.errors)
            plan = plans[n]
            plan.edits, plan.problems, plan.reformatted = (outcome.edits, outcome.problems,
                                                           outcome.reformatted)
            plan.invalid_before = outcome.invalid_before
            plan.text = outcome.text
            plan.staged = outcome.staged.adopt() if outcome.staged is not None else None
            unwritable = unwritable or outcome.unwritable
        if errors or unwritable or any(plan.problems for plan in plans.values()):
            result.discard()  # all or nothing: one map that cannot be written stops them all
        if unwritable is not None:
            raise unwritable
        if errors:  # a plan with errors is never written: no map's text is kept
            errors.sort(key=lambda e: (e.line, e.col))
            for plan in plans.values():
                plan.text = None
                plan.problems = []
        return result

    def _match(self, row: Row, by_id: dict[str, list[int]], by_map_id: dict[str, int],
               errors: list[RowError]) -> int | None:
        if row.map is not None:
            found = by_map_id.get(row.map)
            if found is None:
                guess = did_you_mean(row.map, list(by_map_id))
                errors.append(_row_error(row, say("no map with id %(id)s; did you mean %(guess)s?",
                                                  id=repr(row.map), guess=repr(guess)) if guess else
                                         say("no map with id %(id)s", id=repr(row.map))))
                return None
            candidates = [found] if row.id in self._maps[found].kinds else [
                n for n in by_id.get(row.id, []) if self._maps[n].library]  # a metric it borrows
            universe: Iterable[str] = self._maps[found].kinds
        else:
            candidates = by_id.get(row.id, [])
            universe = by_id
        if not candidates:
            guess = did_you_mean(row.id, list(universe))
            found_nowhere = (say("no metric, desired action or completed action %(id)s in map %(map)s",
                                 id=repr(row.id), map=repr(row.map)) if row.map else
                             say("no metric, desired action or completed action %(id)s in the maps",
                                 id=repr(row.id)))
            errors.append(_row_error(row, say("%(error)s; did you mean %(guess)s?", error=found_nowhere,
                                              guess=repr(guess)) if guess else found_nowhere))
            return None
        for n in candidates:
            if self._maps[n].library:
                continue
            files = self._files_of[self._maps[n].map_id]
            if len(files) > 1:  # which of them is meant cannot be told, nor cjm validate pass
                errors.append(_row_error(row, say("map id %(id)s is used by %(files)s (CJM034 in "
                                                  "cjm validate): give each map its own id first",
                                                  id=repr(self._maps[n].map_id), files=Listed(files))))
                return None
        if len(candidates) > 1:
            names = ", ".join(sorted(self._maps[n].map_id for n in candidates))
            errors.append(_row_error(row, say("%(id)s is in several maps (%(maps)s); add a "
                                              "'map' column with the map id", id=repr(row.id), maps=names)))
            return None
        n = candidates[0]
        kind = self._maps[n].kinds[row.id]
        if kind == "metric" and row.value is None:
            errors.append(_row_error(row, say("%(id)s is a metric: the row needs a value, "
                                              "not a count", id=repr(row.id))))
            return None
        if kind != "metric" and row.count is None:
            errors.append(_row_error(row, say("%(id)s is a desired action: the row needs a count "
                                              "(and of), not a value", id=repr(row.id))
                                     if kind == "desired action" else
                                     say("%(id)s is a completed action: the row needs a count "
                                         "(and of), not a value", id=repr(row.id))))
            return None
        return n


def _warm() -> None:
    """What checking an edited map needs before its first map (the model, its validators, the
    key order), made here before the workers start, so they share it instead of each paying
    for it (about 0.15 s of CPU per process)."""
    from ..validate import validate_document

    _order(False)
    validate_document(Document(file="<warm-up>", data={"cjm": 1, "id": "warm-up", "title": "-",
                                                       "stages": [{"id": "s", "name": "-"}]}))


def _apply(mp: _Map | None, job: tuple[list[Row], bool, int | None, bool]) -> _Outcome:
    """In the worker that opened ``mp``: its rows planned on its data and, when every row could
    be applied, the edited text made and checked (:func:`_finish`), and staged for process
    ``owner`` when it asked to write (a worker's disk writes overlap the others' checks).
    ``rows_only``: other rows are bad already; only this map's rows are checked."""
    assert mp is not None  # rows are only matched to maps that opened
    rows, replace, owner, rows_only = job
    errors: list[RowError] = []
    for row in rows:
        kind, path = mp.index[row.id]
        if kind == "metric":
            _metric(row, mp, path, replace, errors)
        else:
            _record(row, mp, kind, path, replace, errors)
    if not errors and mp.plan.edits and not rows_only:
        _finish(mp)
    plan = mp.plan
    staged = unwritable = None
    if owner is not None and not errors and not plan.problems and plan.changed:
        assert plan.text is not None
        try:
            staged = output.stage(mp.file, plan.text, owner)
        except WriteError as exc:
            unwritable = exc
    return _Outcome(errors, plan.edits, plan.text, plan.problems, plan.reformatted, staged,
                    unwritable, plan.invalid_before)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------- the plan, on the map's data


def _get(mp: _Map, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` of the map's data (as edited so far); ``None`` when absent."""
    here: Any = mp.data
    for part in path:
        if isinstance(here, dict) and isinstance(part, str):
            here = here.get(part)
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        else:
            return None
    return here


def _set(mp: _Map, container: Any, path: tuple[str | int, ...], value: Any) -> None:
    """``container`` (the mapping at ``path[:-1]``) gets ``value`` at ``path[-1]``."""
    container[path[-1]] = value
    mp.ops.append(_Set(path, value))


def _append(mp: _Map, parent: Any, path: tuple[str | int, ...], fields: list[tuple[str, Any]],
            line: int, errors: list[RowError]) -> int | None:
    """Append to the list at ``path`` (``parent`` is the mapping that holds it; the list is
    created when missing); the new item's index."""
    target = parent.get(path[-1]) if isinstance(parent, dict) else None
    if target is None and isinstance(parent, dict):
        target = parent[path[-1]] = []
    if not isinstance(target, list):
        errors.append(RowError(line, say("%(file)s: %(path)s is not a list", file=mp.file,
                                         path=".".join(str(p) for p in path))))
        return None
    target.append(dict(fields))
    mp.ops.append(_Append(path, tuple(fields)))
    return len(target) - 1


def _metric(row: Row, mp: _Map, path: tuple[str | int, ...], replace: bool,
            errors: list[RowError]) -> None:
    assert row.value is not None
    metric = _get(mp, path)
    points = mp.points.get(path)
    if points is None:
        points = mp.points[path] = _periods_at(mp, path + ("history",), "period")
    what = say("metric %(id)s %(period)s", id=row.id, period=row.period)
    found = points.get(row.period)
    if found is not None:
        point = _get(mp, found)
        old, old_note = point.get("value"), point.get("note")
        same = isinstance(old, (int, float)) and not isinstance(old, bool) and float(old) == row.value
        new_note = row.note is not None and row.note != old_note
        if same and not new_note:
            return  # already there: re-importing is a no-op
        was = f"{old}" + (f" ({old_note})" if new_note and old_note is not None else "")
        says = f"{_show(row.value)}" + (f" ({row.note})" if new_note else "")
        if not replace:
            errors.append(_row_error(row, say("%(what)s is already %(old)s in %(file)s, the data "
                                              "says %(new)s; pass --replace to overwrite it",
                                              what=what, old=was, file=mp.file, new=says)))
            return
        if not same:
            _set(mp, point, found + ("value",), _value(row.value))
        if new_note:
            _set(mp, point, found + ("note",), row.note)
        mp.plan.edits.append(Edit(row.line, say("%(what)s: %(old)s → %(new)s", what=what, old=was,
                                                new=says), "replaced"))
        mp.touched.add(path)
        return
    fields: list[tuple[str, Any]] = [("period", row.period), ("value", _value(row.value))]
    if row.note:
        fields.append(("note", row.note))
    index = _append(mp, metric, path + ("history",), fields, row.line, errors)
    if index is None:
        return
    points[row.period] = path + ("history", index)
    mp.plan.edits.append(Edit(row.line, say("%(what)s: %(value)s", what=what,
                                            value=_show(row.value)), "added"))
    mp.touched.add(path)


def _periods_at(mp: _Map, path: tuple[str | int, ...], key: str) -> dict[str, tuple[str | int, ...]]:
    """Period -> path of the items of the list at ``path`` (first one wins)."""
    out: dict[str, tuple[str | int, ...]] = {}
    items = _get(mp, path)
    if not isinstance(items, list):
        return out
    for i, item in enumerate(items):
        if isinstance(item, dict) and key in item and not isinstance(item[key], (dict, list)):
            out.setdefault(periods.canonical(_period_text(item[key])), path + (i,))
    return out


def _sync_actual(mp: _Map, path: tuple[str | int, ...]) -> None:
    """A metric that states ``actual:`` gets the latest value of its history there, so the map
    does not contradict itself (lint CJM310); one that derives it is left as it is.

    Which point is the latest is :class:`cjm.facts.MetricFact`'s to say (dated periods only, in
    time order, the first value of a period written twice), the value the one written there.
    Only a map the rows change gets here, and checking it loads the model anyway."""
    metric = _get(mp, path)
    if not isinstance(metric, dict) or "actual" not in metric:
        return
    from pydantic import ValidationError

    from ..facts import MetricFact
    from ..model import Metric

    try:
        fact = MetricFact.of(Metric.model_validate(metric))
    except ValidationError:  # validating the edited map says what is wrong with it
        return
    if fact.latest is None:
        return
    period = fact.latest.period
    latest = next(p.get("value") for p in metric.get("history") or [] if isinstance(p, dict)
                  and periods.canonical(_period_text(p.get("period"))) == period)
    if metric["actual"] != latest:
        mp.plan.edits.append(Edit(0, say("metric %(id)s actual: %(old)s → %(new)s",
                                         id=str(metric.get("id")), old=str(metric["actual"]),
                                         new=str(latest)), "replaced"))
        _set(mp, metric, path + ("actual",), latest)


def _record_index(mp: _Map) -> dict[tuple[str, str], tuple[str | int, ...]]:
    """(the step: fulfils, else the record's own id; period) -> path of its completed action.

    Two records of one step and period (lint CJM315): the one every output counts is the one a
    row updates, as :func:`cjm.facts.counted_instead` decides (imported only then: it loads the
    model, which an import with nothing to do otherwise never needs)."""
    out: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for ident, (kind, path) in mp.index.items():
        if kind != "completed action":
            continue
        record = _get(mp, path)
        fulfils, period = record.get("fulfils"), record.get("period")
        if period is None or isinstance(period, (dict, list)):
            continue
        key = (str(fulfils) if fulfils is not None else ident, periods.canonical(_period_text(period)))
        kept = out.get(key)
        if kept is None:
            out[key] = path
            continue
        from ..facts import counted_instead

        if counted_instead(_count(record), _count(_get(mp, kept))):
            out[key] = path
    return out


def _count(record: Any) -> float:
    count = record.get("count") if isinstance(record, dict) else None
    return count if isinstance(count, (int, float)) and not isinstance(count, bool) else -1


def _record(row: Row, mp: _Map, kind: str, path: tuple[str | int, ...], replace: bool,
            errors: list[RowError]) -> None:
    """A funnel count: the completed action of the step for the period, updated or added."""
    assert row.count is not None
    if mp.records is None:
        mp.records = _record_index(mp)
    fulfils = row.id if kind == "desired action" else _get(mp, path).get("fulfils")
    step = str(fulfils) if fulfils is not None else row.id
    what = (say("desired action %(id)s %(period)s", id=row.id, period=row.period)
            if kind == "desired action" else
            say("completed action %(id)s %(period)s", id=row.id, period=row.period))
    shown = (say("%(count)s of %(of)s", count=str(row.count), of=str(row.of)) if row.of is not None
             else str(row.count))
    found = mp.records.get((step, row.period))
    if found is not None:
        record = _get(mp, found)
        count, of, rid = record.get("count"), record.get("of"), record.get("id")
        if count == row.count and (row.of is None or of == row.of):
            return
        base = row.of if row.of is not None else of
        if isinstance(base, int) and not isinstance(base, bool) and row.count > base:
            errors.append(_row_error(row, say("count %(count)s of %(what)s is larger than its base "
                                              "of %(of)s (%(id)s in %(file)s has of: %(of)s)",
                                              count=str(row.count), what=what, of=str(base),
                                              id=str(rid), file=mp.file)))
            return
        if not replace:
            old = say("%(count)s of %(of)s", count=str(count), of=str(of)) if of is not None else str(count)
            errors.append(_row_error(row, say("%(what)s is already %(old)s in %(file)s (%(id)s), the "
                                              "data says %(new)s; pass --replace to overwrite it",
                                              what=what, old=old, file=mp.file, id=str(rid), new=shown)))
            return
        _set(mp, record, found + ("count",), row.count)
        if row.of is not None:
            _set(mp, record, found + ("of",), row.of)
        mp.plan.edits.append(Edit(row.line, say("%(what)s: %(value)s (%(id)s)", what=what, value=shown,
                                                id=str(rid)), "replaced"))
        return
    stage_path = path[:2]
    new_id = _new_id(mp, step, row.period)
    fields: list[tuple[str, Any]] = [("id", new_id)]
    if fulfils is not None:
        fields.append(("fulfils", fulfils))
    fields.append(("count", row.count))
    if row.of is not None:
        fields.append(("of", row.of))
    fields.append(("period", row.period))
    index = _append(mp, _get(mp, stage_path), stage_path + ("completed_actions",), fields,
                    row.line, errors)
    if index is None:
        return
    new_path = stage_path + ("completed_actions", index)
    mp.index[new_id] = ("completed action", new_path)
    mp.records[(step, row.period)] = new_path
    mp.plan.edits.append(Edit(row.line, say("%(what)s: %(value)s (new %(id)s)", what=what, value=shown,
                                            id=new_id), "added"))


def _new_id(mp: _Map, base: str, period: str) -> str:
    """An id for a new completed action that no element of the map has: ids are unique across
    the whole map (CJM020), a touchpoint's and a persona's included. (Every id is looked for
    only when the text has the candidate at all: the ids made here are in ``mp.index``.)"""
    stem = base.removeprefix("da-").removeprefix("ca-")
    candidate = f"ca-{stem}-{period.lower()}"[:64].rstrip("-_")
    n = 2
    ident = candidate
    while ident in mp.index or (ident in mp.body and ident in _ids(mp)):
        ident = f"{candidate[:60]}-{n}"
        n += 1
    return ident


def _ids(mp: _Map) -> set[str]:
    if mp.ids is None:
        mp.ids = _ids_in(mp.data)
    return mp.ids


def _ids_in(data: Any) -> set[str]:
    found: set[str] = set()
    todo = [data]
    while todo:
        here = todo.pop()
        if isinstance(here, dict):
            if isinstance(here.get("id"), str):
                found.add(here["id"])
            todo.extend(v for v in here.values() if isinstance(v, (dict, list)))
        elif isinstance(here, list):
            todo.extend(v for v in here if isinstance(v, (dict, list)))
    return found


def _period_text(written: Any) -> str:
    """``2026`` unquoted is a number and ``2026-10-05`` a date in YAML; both are periods."""
    return written.isoformat() if hasattr(written, "isoformat") else str(written)


def _value(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# ------------------------------------------------------------------------- the edited text


def _number_text(value: float | int) -> str:
    """A number as YAML writes it, without a YAML dump per value (``1e-05`` would read back as
    text in YAML 1.1: decimals are written out)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _node(value: Any) -> Scalar:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Scalar(value, _number_text(value))
    return Scalar(value)


@functools.lru_cache(maxsize=8192, typed=True)
def _text(value: Any) -> str:
    """A value as the round trip writes it: numbers written out, text quoted only when needed.
    Cached: an export repeats the same periods and ids thousands of times."""
    if isinstance(value, str):
        return render_string(value)
    node = _node(value)
    return node.source if node.source is not None else render_string(str(value))


def _spliced(mp: _Map) -> str:
    """The map's text with the plan's edits made in place (:mod:`.splice`); :class:`Unsafe`
    when the file's layout is one the text edit does not handle."""
    if "\r" in mp.body:
        raise Unsafe(say("mixed line endings"))
    if any(ch in mp.body for ch in "\x85\u2028\u2029"):  # line breaks to YAML, not to str.split
        raise Unsafe(say("a NEL or Unicode line separator in the text"))
    edit = Splice(mp.body, mp.loaded.source, mp.data, _order("library" in mp.data))
    for op in mp.ops:
        if isinstance(op, _Set):
            edit.set(op.path, _text(op.value))
        else:
            edit.append(op.path, [(key, _text(value)) for key, value in op.fields])
    return edit.result()


def _round_trip(mp: _Map) -> str:
    """The map's text through :mod:`cjm.yamledit`: the plan's edits on its tree, every comment
    kept, written in ``cjm fmt``'s layout."""
    doc = parse(mp.body)
    for op in mp.ops:
        if isinstance(op, _Set):
            parent = doc.node(op.path[:-1])
            node = _node(op.value)
            if isinstance(parent, Mapping) and isinstance(op.path[-1], str):
                entry = parent.find(op.path[-1])
                if entry is None:
                    parent.entries.append(Entry(op.path[-1], None, node))
                else:
                    entry.value = node
            elif isinstance(parent, Sequence) and isinstance(op.path[-1], int):
                parent.items[op.path[-1]].value = node
            else:
                raise KeyError(op.path)
            continue
        try:
            target = doc.node(op.path)
        except KeyError:
            target = None
        if not isinstance(target, Sequence):
            doc.set(op.path, [])
            target = doc.node(op.path)
        assert isinstance(target, Sequence)
        target.items.append(Item(Mapping([Entry(key, None, _node(value))
                                          for key, value in op.fields])))
    return doc.dump(_order("library" in mp.data))


def _finish(mp: _Map) -> None:
    """The map's edited text, checked as ``cjm validate`` checks a file: a map the import would
    break is never written (its problems are kept on the plan).

    The text edit is tried first; its result must load to exactly the data the plan made, or
    the map goes through the round trip instead (``mp.plan.reformatted`` says why)."""
    text = _edited(mp)
    if text is None:
        return
    read_back, problems = _verdict(mp.file, text, mp.data if mp.plan.reformatted is None else None,
                                   mp.repo, _largest_rows(mp))
    if not read_back:
        mp.plan.reformatted = say("the text edit would not read back as planned")
        round_tripped = _round_tripped(mp)
        if round_tripped is None:
            return
        text = round_tripped
        _, problems = _verdict(mp.file, text, None, mp.repo, _largest_rows(mp))
    if problems:
        from ..validate import validate_document

        before = validate_document(load_text(mp.body, mp.file), mp.repo).problems
        if before:  # broken before any row touched it: point at the file as it is on disk
            mp.plan.problems, mp.plan.invalid_before = list(before), True
        else:
            mp.plan.problems = problems
        return
    if mp.newline != "\n":
        text = text.replace("\n", mp.newline)
    mp.plan.text = ("\ufeff" + text) if mp.text.startswith("\ufeff") else text


def _edited(mp: _Map) -> str | None:
    """The map's text with the plan's edits: spliced in place, else (layout the text edit does
    not handle) through the round trip; None when it cannot be edited at all."""
    for path in sorted(mp.touched, key=str):
        _sync_actual(mp, path)
    try:
        return _spliced(mp)
    except Unsafe as exc:
        mp.plan.reformatted = str(exc)
    return _round_tripped(mp)


def _round_tripped(mp: _Map) -> str | None:
    try:
        return _round_trip(mp)
    except YamlError as exc:
        mp.plan.problems = [Problem("CJM001", say("cannot be edited: %(reason)s", reason=str(exc)),
                                    mp.file, 1, 1)]
        return None


def _largest_rows(mp: _Map) -> list[int]:
    """The lines of the rows that add most to a map: which to look at when the map would grow
    past what a map may be."""
    edits = sorted((e for e in mp.plan.edits if e.line), key=lambda e: -len(e.what))[:3]
    return sorted(e.line for e in edits)


def _verdict(file: str, text: str, expected: Any, repo: Repository | None,
             rows: list[int] | None = None) -> tuple[bool, list[Problem]]:
    """Whether ``text`` loads as the ``expected`` data (None: not asked), and what ``cjm
    validate`` says of it.

    The text is read without positions first (:func:`cjm.loader.read_back`): positions only
    matter for pointing at a problem, so they are read, with the loader ``cjm validate`` uses,
    only when there is one (or when the quick reader declines the text)."""
    from ..validate import validate_document  # pydantic's models: only when a map changes

    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:  # cjm validate would refuse to read the file the import wrote
        said = (say_plural("with the imported data the file would be %(size)s bytes, more than "
                           "the %(limit)s a map may have (the largest row: line %(lines)s)",
                           "with the imported data the file would be %(size)s bytes, more than "
                           "the %(limit)s a map may have (the largest rows: lines %(lines)s)",
                           len(rows), size=Quantity(size, None), limit=Quantity(MAX_BYTES, None),
                           lines=Listed([str(n) for n in rows])) if rows
                else say("with the imported data the file would be %(size)s bytes, more than the "
                         "%(limit)s a map may have", size=Quantity(size, None),
                         limit=Quantity(MAX_BYTES, None)))
        return True, [Problem("CJM005", said, file, 1, 1,
                              hint=say("split the map before importing more history"))]
    if expected is not None:
        data = read_back(text)
        if data is not None:
            if data != expected:
                return False, []
            problems = validate_document(Document(file=file, text=text, data=data),
                                         repo).problems
            if not problems:
                return True, []
    loaded = load_text(text, file)
    if expected is not None and loaded.data != expected:
        return False, []
    return True, list(validate_document(loaded, repo).problems)


@functools.cache
def _order(library: bool) -> Order:
    """Keys in the model's order, as ``cjm fmt`` writes them (the model is imported only when
    a map changes: a re-import with nothing to do never needs it)."""
    from ..fmt import model_order
    from ..model import JourneyMap, Library

    return model_order(Library if library else JourneyMap)
