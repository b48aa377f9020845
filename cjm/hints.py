"""Recognising the commonest mistakes behind an error, so that its hint names the real fix.

YAML's own words describe what its parser met, not what the user did: one space too many before
``emotion: 2`` reads as "mapping values are not allowed in this context", ``channel:email`` as a
missing ``:`` on the *next* line, an unclosed ``"`` in a list item as a missing ``-`` lines later.
Pydantic's words are no better for ``count: 6.100`` (a German thousands separator) or
``target: 20%``. This module turns each of those into the mistake and its fix, reported at the line
the user must change.

Positions still come from one place: the YAML error's marks and what the loader had already built
when the parser stopped (its open collections, with their keys' positions); the hints only read the
raw lines around that place, which are already in memory, to recognise the mistake.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .i18n.labels import kind_word
from .i18n.message import say, say_plural
from .problems import Path

# ---------------------------------------------------------------------------------------------
# YAML syntax errors


@dataclass(frozen=True)
class Block:
    """A collection the loader had opened and not yet closed when the YAML parser stopped."""

    path: Path
    is_map: bool
    line: int
    col: int
    keys: tuple[tuple[str, int, int], ...]  # (key, line, col) seen so far, in document order
    ident: str | None  # the mapping's ``id``, when it came before the error


@dataclass(frozen=True)
class Fix:
    """A better account of a syntax error: where the user must change the file, and how."""

    line: int
    col: int
    message: str
    hint: str


# `key:` at the start of a line, or after a list dash: the key, and what follows the colon.
_KEY_LINE = re.compile(r"^( *)(-[ ]+)?([^\s#:'\"\[\]{}&*!|>%@`-][^#:]*?)[ ]*:(?=[ ]|$)")
_IDENT = re.compile(r"^[A-Za-z_][\w-]*$")
# `channel:email`: a key glued to its value (not a URL such as `https://...`, not a time 10:30).
_GLUED = re.compile(r"^( *)(?:-[ ]+)?([A-Za-z_][\w-]*):([^\s/:][^#]*?)\s*(?:#.*)?$")
# Where a quoted scalar can start on a line: as a key's value or as a list item.
_QUOTE_START = re.compile(r"""^( *(?:-[ ]+)*(?:[^\s#:'"][^#:]*?[ ]*:[ ]+)?)(["'])""")


def syntax_fix(exc: Any, text: str, blocks: Sequence[Block]) -> Fix | None:
    """The mistake behind a YAML syntax error, when it is one of the common ones."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    ctx_mark = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    line = mark.line + 1
    ctx_line = ctx_mark.line + 1 if ctx_mark is not None else None
    if "end of stream" in problem and "quoted" in context and ctx_mark is not None:
        quote = _char(lines, ctx_line or 1, ctx_mark.column + 1)
        return _unclosed(ctx_line or 1, ctx_mark.column + 1, quote)
    # A scanner error ("found character that cannot start any token", "while scanning for the
    # next token") has no context mark of its own: a quote left open many lines up may have
    # swallowed everything down to a later value's opening quote, and the scanner failed on what
    # follows it. Look for the opening quote from the top of the file.
    scanning = ctx_mark is None or "scanning for the next token" in context
    quoted = _unclosed_quote(lines, 1 if scanning else ctx_line or 1, line)
    if quoted is not None:
        return quoted
    if "could not find expected ':'" in problem and ctx_line is not None:
        glued = _glued(lines, ctx_line)
        if glued is not None:
            return glued
    if "mapping values are not allowed" in problem:
        previous = _previous_content(lines, line)
        glued = _glued(lines, previous) if previous else None
        if glued is not None:
            return glued
        return _indentation(lines, line, blocks, strict=True)
    if "did not find expected" in problem or "expected <block end>" in problem:
        return _indentation(lines, line, blocks, strict=False)
    return None


def _char(lines: Sequence[str], line: int, col: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text[col - 1] if 0 < col <= len(text) else '"'


def _unclosed(line: int, col: int, quote: str) -> Fix:
    shown = "`" + quote + "`"
    inside = "`\\\"`" if quote == '"' else "`''`"
    return Fix(
        line,
        col,
        say("YAML syntax error: the quoted text that starts here with %(quote)s is never closed",
            quote=shown),
        say("add the closing %(quote)s at the end of the text; a quote inside it is written %(inside)s",
            quote=shown, inside=inside),
    )


def _unclosed_quote(lines: Sequence[str], first: int, last: int) -> Fix | None:
    """A quoted value opened on one line and left open: YAML reads on to the next quote, on a
    later line, and fails there; the line to change is the one with the opening quote."""
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        text = lines[number - 1]
        match = _QUOTE_START.match(text)
        if match is None:
            continue
        quote = match.group(2)
        start = match.end()
        if _closing(text, start, quote) is not None:
            continue
        # Not closed on its own line: a legitimate multi-line quoted text ends at a quote followed
        # by nothing but a comment; a mistaken one ends at the *opening* quote of a later value.
        rest = "\n".join([text[start:], *lines[number:]])
        end = _closing(rest, 0, quote)
        if end is None:
            return _unclosed(number, start, quote)
        after = rest[end + 1 :].split("\n", 1)[0].strip()
        if after and not after.startswith(("#", ":", ",", "]", "}")):
            return _unclosed(number, start, quote)
    return None


def _closing(text: str, start: int, quote: str) -> int | None:
    i = start
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _glued(lines: Sequence[str], line: int) -> Fix | None:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _GLUED.match(text)
    if match is None:
        return None
    key, value = match.group(2), match.group(3)
    colon = match.start(3)
    return Fix(
        line,
        colon,
        say("YAML syntax error: no space after ':' in `%(key)s:%(value)s`, so YAML reads it as one text",
            key=key, value=value),
        say("put a space after the colon: `%(key)s: %(value)s`", key=key, value=value),
    )


def _previous_content(lines: Sequence[str], line: int) -> int | None:
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _indentation(lines: Sequence[str], line: int, blocks: Sequence[Block], *, strict: bool) -> Fix | None:
    """A key or list item that starts at a column where no open collection has its keys.

    ``strict`` is for "mapping values are not allowed": there the line may also be a text with
    ': ' in it (which needs quotes, not moving), so only a key some open mapping has is moved.
    """
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    match = _KEY_LINE.match(text)
    if match is None:
        return None
    indent, dash, key = match.group(1), match.group(2), match.group(3)
    col = len(indent) + 1
    open_blocks = [b for b in blocks if b.line < line and _char(lines, b.line, b.col) not in "[{"]
    if dash:
        return _misplaced_item(line, col, open_blocks)
    maps = [b for b in open_blocks if b.is_map]
    if not maps or not _IDENT.match(key):
        return None
    fitting = [b for b in maps if _accepts(b, key)]
    if strict and not fitting:
        return None
    innermost = maps[-1]
    if strict and col <= innermost.col:
        return None
    target = _nearest(fitting or maps, col)
    if target.col == col:
        return None
    above = [k for k in target.keys if k[1] < line]
    n, more = abs(col - target.col), col > target.col
    values = {"key": key, "num": n, "col": str(target.col)}
    if above:
        values["sibling"] = above[-1][0]
        message = (say_plural("YAML syntax error: `%(key)s` is indented one space more than `%(sibling)s` "
                       "above",
                       "YAML syntax error: `%(key)s` is indented %(num)s spaces more than `%(sibling)s` "
                       "above", n, **values) if more else
                   say_plural("YAML syntax error: `%(key)s` is indented one space less than `%(sibling)s` "
                       "above",
                       "YAML syntax error: `%(key)s` is indented %(num)s spaces less than `%(sibling)s` "
                       "above", n, **values))
    else:
        values["item"] = describe(target.path, target.ident)
        message = (say_plural("YAML syntax error: `%(key)s` is indented one space more than the keys of "
                       "%(item)s",
                       "YAML syntax error: `%(key)s` is indented %(num)s spaces more than the keys of "
                       "%(item)s", n, **values) if more else
                   say_plural("YAML syntax error: `%(key)s` is indented one space less than the keys of "
                       "%(item)s",
                       "YAML syntax error: `%(key)s` is indented %(num)s spaces less than the keys of "
                       "%(item)s", n, **values))
    hint = say("move it to column %(col)s", col=str(target.col))
    if target is not innermost:
        hint = say("it belongs to %(item)s: move it to column %(col)s",
                   item=describe(target.path, target.ident), col=str(target.col))
    return Fix(line, col, message, hint)


def _misplaced_item(line: int, col: int, blocks: Sequence[Block]) -> Fix | None:
    lists = [b for b in blocks if not b.is_map]
    if not lists:
        return None
    target = _nearest(lists, col)
    if target.col == col:
        return None
    name = next((p for p in reversed(target.path) if isinstance(p, str)), None)
    n, more = abs(col - target.col), col > target.col
    values = {"num": n, "key": name or ""}
    if name:
        message = (say_plural("YAML syntax error: this list item is indented one space more than the "
                       "items of `%(key)s` above",
                       "YAML syntax error: this list item is indented %(num)s spaces more than the "
                       "items of `%(key)s` above", n, **values) if more else
                   say_plural("YAML syntax error: this list item is indented one space less than the "
                       "items of `%(key)s` above",
                       "YAML syntax error: this list item is indented %(num)s spaces less than the "
                       "items of `%(key)s` above", n, **values))
    else:
        message = (say_plural("YAML syntax error: this list item is indented one space more than the "
                       "items above",
                       "YAML syntax error: this list item is indented %(num)s spaces more than the "
                       "items above", n, **values) if more else
                   say_plural("YAML syntax error: this list item is indented one space less than the "
                       "items above",
                       "YAML syntax error: this list item is indented %(num)s spaces less than the "
                       "items above", n, **values))
    return Fix(line, col, message, say("move the `-` to column %(col)s", col=str(target.col)))


def _nearest(blocks: Sequence[Block], col: int) -> Block:
    # the nearest column; on a tie the deeper block (a space too many is commoner than too few)
    return min(reversed(blocks), key=lambda b: abs(b.col - col))


def _accepts(block: Block, key: str) -> bool:
    model = model_at(block.path)
    return model is not None and (key in model.model_fields or key.startswith("x-")) and key != "extensions"


def model_at(path: Path) -> Any:
    """The model class a mapping at ``path`` is an instance of; None for free mappings
    (a persona's ``demographics``, an ``x-`` key's value)."""
    from . import model as m
    from .kinds import CONTAINERS

    if not path:
        return m.JourneyMap
    if not isinstance(path[-1], int) or len(path) < 2 or not isinstance(path[-2], str):
        return None
    return CONTAINERS.get(path[-2])


def describe(path: Path, ident: str | None) -> str:
    """How a user names a mapping of the map: "stage 'compare'", "the top level of the map"."""
    from .kinds import KIND_NAMES

    if not path:
        return say("the top level of the map")
    model = model_at(path)
    kind = kind_word(KIND_NAMES.get(model, "item")) if model is not None else f"`{path[-1]}`"
    return say("%(kind)s '%(id)s'", kind=kind, id=ident) if ident else say("this %(kind)s", kind=kind)


# ---------------------------------------------------------------------------------------------
# numbers written as people write them, not as YAML reads them

_SEPARATORS = ".,' \u00a0\u202f"
_GROUPED = re.compile(r"[+-]?\d{1,3}([.,' \u00a0\u202f])\d{3}(?:\1\d{3})*")
_GROUPED_DECIMAL = re.compile(r"[+-]?\d{1,3}([.' \u00a0\u202f])\d{3}(?:\1\d{3})*,\d+")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_WITH_UNIT = re.compile(r"(?P<pre>[^\d\s+-][^\d]*?)?\s*(?P<num>[+-]?\d[\d.,' \u00a0\u202f]*?)\s*(?P<post>[^\d\s.,][^\d]*)?")


_EXPONENT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def exponent_number(text: str) -> float | None:
    """The number ``text`` means when it is written with an exponent (``1e6``, ``2.5E-3``),
    ``inf`` when it is past float's range; None for any other text.

    Why: YAML 1.1 (PyYAML) reads an exponent as a number only with a point and a signed exponent
    (``1.0e+6``); ``1e6`` is text to it, and "must be a number, not text" is no help to someone
    who wrote a number."""
    s = text.strip()
    return float(s) if _EXPONENT.fullmatch(s) else None


def _exponent_hint(name: str, text: str, *, whole: bool) -> str:
    """``1e6`` as YAML 1.1 reads it as a number: its digits when short, else with a point and a
    signed exponent (``1.0e-30``)."""
    from decimal import Decimal

    exact = Decimal(text.strip())
    plain = format(exact.normalize(), "f")
    if whole and exact != exact.to_integral_value():
        return f"`{name}` takes a whole number, and `{text.strip()}` is {plain}"
    if len(plain.lstrip("-")) <= 16:
        return f"YAML reads `{text.strip()}` as text: write `{name}: {plain}`"
    mantissa, _, exponent = f"{exact:e}".partition("e")
    mantissa = mantissa if "." in mantissa else mantissa + ".0"
    sign = "" if exponent.startswith(("-", "+")) else "+"
    return f"YAML reads `{text.strip()}` as text: write `{name}: {mantissa}e{sign}{exponent}`"


def number_hint(name: str, text: str, *, whole: bool, metric_unit: str | None = None,
                in_metric: bool = False, quoted: bool = False) -> str | None:
    """How to write ``text`` as the number YAML expects, when it is one written the human way:
    ``6.100`` or ``38,900`` (thousands separators), ``3,5`` (a decimal comma), ``20%``, ``5 min``."""
    s = text.strip()
    if not s:
        return None
    if exponent_number(s) is not None:
        return _exponent_hint(name, s, whole=whole)
    if _GROUPED.fullmatch(s):
        digits = re.sub(f"[{_SEPARATORS}]", "", s)
        hint = f"YAML numbers have no thousands separators: write `{name}: {digits}`"
        if not whole and "," in s and "." not in s:
            decimal = s.replace(",", ".").rstrip("0").rstrip(".")
            hint += f", or `{name}: {decimal}` if the comma is a decimal comma"
        return hint
    if _GROUPED_DECIMAL.fullmatch(s) and not whole:
        number = re.sub(f"[{_SEPARATORS}]", "", s[: s.rindex(",")]) + "." + s[s.rindex(",") + 1 :]
        return f"YAML numbers have a decimal point and no thousands separators: write `{name}: {number}`"
    if _DECIMAL_COMMA.fullmatch(s):
        if whole:
            return f"`{name}` takes a whole number: write it with digits only, no ','"
        return f"YAML numbers have a decimal point: write `{name}: {s.replace(',', '.')}`"
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", s):
        return f"remove the quotes: `{name}: {s}`" if quoted and (not whole or "." not in s) else None
    match = _WITH_UNIT.fullmatch(s)
    if match is None or not (match.group("pre") or match.group("post")):
        return None
    raw_number = match.group("num").strip()
    inner = number_hint(name, raw_number, whole=whole) if not re.fullmatch(r"[+-]?\d+(\.\d+)?", raw_number) else None
    number = raw_number if inner is None else re.findall(r"`[^`]*: ([^`]*)`", inner)[0]
    unit = ((match.group("pre") or "") + (match.group("post") or "")).strip()
    if not in_metric:
        return f"write the number alone: `{name}: {number}`"
    if metric_unit is not None and metric_unit.strip() == unit:
        return f"write the number alone: `{name}: {number}` (the metric's unit is already \"{unit}\")"
    return f"write the number alone, `{name}: {number}`, and set `unit: \"{unit}\"` on the metric"


# ---------------------------------------------------------------------------------------------
# a list where one id is expected

_ONE_ID_WHY = {
    ("map", "persona"): ("persona", "a journey belongs to one persona: choose one ({}), or create a map per persona"),
    ("touchpoint", "channel"): ("channel", "a touchpoint happens in one channel: choose one ({}), or make a touchpoint per channel"),
    ("moment of truth", "touchpoint"): ("touchpoint", "a moment of truth happens at one touchpoint: choose one ({})"),
    ("desired action", "metric"): ("metric", "a desired action is measured by one metric: choose one ({}), or make a desired action per metric"),
    ("completed action", "fulfils"): ("desired action", "a completed action fulfils one desired action: choose one ({})"),
    ("map", "current"): ("map", "a future-state map improves on one current-state map: choose one ({})"),
}


def one_id(owner: str, name: str, items: Sequence[Any]) -> tuple[str, str] | None:
    """For ``persona: [anna, boris]``: what was expected, and the choice the user has."""
    why = _ONE_ID_WHY.get((owner, name))
    if why is None:
        return None
    kind, hint = why
    shown = ", ".join(str(i) for i in items[:6]) + (", ..." if len(items) > 6 else "")
    return f"one {kind} id", hint.format(shown)


def glued(text: str) -> str | None:
    """``- id:site`` read as one text where a mapping was expected: the missing space."""
    match = re.fullmatch(r"([A-Za-z_][\w-]*):(\S.*)", text.strip())
    if match is None or match.group(2).startswith("/"):
        return None
    return f"put a space after the colon: `{match.group(1)}: {match.group(2)}`"


# ---------------------------------------------------------------------------------------------
# periods written the way people write them

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}
_YEAR_MARK = r"(?:\s*(?:г|р|r|rok|год|рік|jahr)\.?)?"
_QUARTER_WORD = r"(?:q|кв|kw|квартал|kwartał|kwartal|quartal|тримесечие|трим)"
_HALF_WORD = r"(?:h|hj|пол|полугодие|півріччя|пів|półrocze|polrocze|halbjahr|п/г|шестмесечие)"
_WEEK_WORD = r"(?:w|kw|нед|тиж|tydz|tydzień|седм|неделя|тиждень)"
_PERIOD_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), form) for pattern, form in (
        (r"(?P<month>\d{1,2})[./-](?P<year>\d{4})" + _YEAR_MARK, "month"),
        (r"(?P<year>\d{4})[./](?P<month>\d{1,2})", "month"),
        (r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _YEAR_MARK, "day"),
        (r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})", "day"),
        (r"(?P<roman>[ivx]{1,4})[ ./-]+(?P<year>\d{4})" + _YEAR_MARK, "month"),
        (r"q(?P<quarter>[1-4])[ ./-]*(?P<year>\d{4})", "quarter"),
        (r"(?P<year>\d{4})[ ./]*q(?P<quarter>[1-4])", "quarter"),
        (r"(?P<quarter>[1-4]|i{1,3}|iv)\.?\s*" + _QUARTER_WORD + r"\.?\s*(?P<year>\d{4})" + _YEAR_MARK,
         "quarter"),
        (r"h(?P<half>[12])[ ./-]*(?P<year>\d{4})", "half"),
        (r"(?P<year>\d{4})[ ./]*h(?P<half>[12])", "half"),
        (r"(?P<half>[12]|i{1,2})\.?\s*" + _HALF_WORD + r"\.?\s*(?P<year>\d{4})" + _YEAR_MARK, "half"),
        (_WEEK_WORD + r"\.?\s*(?P<week>\d{1,2})[ ./-]*(?P<year>\d{4})", "week"),
        (r"(?P<year>\d{4})" + r"\s*(?:г|р|r|rok|год|рік)\.?", "year"),
        (r"(?P<name>[^\W\d_]+)\.?\s+(?P<year>\d{4})" + _YEAR_MARK, "month"),
    )
)


def period_hint(text: str) -> str | None:
    """The canonical spelling of a period written the way people write it: ``09.2026``,
    ``IX 2026``, ``2026/09`` and ``wrzesień 2026`` are ``2026-09``; ``Q3 2026`` and ``3 кв. 2026``
    are ``2026-Q3``. None for a period already written as cjm writes one, and for other text."""
    from .periods import parse

    s = " ".join(str(text).split())
    if not s or parse(s) is not None:
        return None
    for pattern, form in _PERIOD_FORMS:
        match = pattern.fullmatch(s)
        if match is None:
            continue
        found = _period_of(form, match.groupdict())
        if found is not None and parse(found) is not None:
            return found
    return None


def _period_of(form: str, parts: dict[str, str | None]) -> str | None:
    year = parts["year"]
    if form == "year":
        return year
    if form == "quarter":
        quarter = _number(parts["quarter"])
        return f"{year}-Q{quarter}" if quarter and 1 <= quarter <= 4 else None
    if form == "half":
        half = _number(parts["half"])
        return f"{year}-H{half}" if half in (1, 2) else None
    if form == "week":
        return f"{year}-W{int(parts['week'] or 0):02d}"
    month = _number(parts.get("month") or parts.get("roman")) if not parts.get("name") else \
        _month_names().get(_fold(parts["name"] or ""))
    if month is None or not 1 <= month <= 12:
        return None
    if form == "day":
        return f"{year}-{month:02d}-{int(parts['day'] or 0):02d}"
    return f"{year}-{month:02d}"


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else _ROMAN.get(text.lower())


def _fold(text: str) -> str:
    from .i18n.reverse import fold

    return fold(text).rstrip(".")


def _month_names() -> dict[str, int]:
    """Month names and their short forms in the six languages (CLDR, through Babel)."""
    global _MONTHS
    if _MONTHS is None:
        from babel import Locale

        from .i18n import LANGUAGES

        found: dict[str, int] = {}
        for code in LANGUAGES:
            months = Locale.parse(code).months
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in months[context][width].items():
                        found.setdefault(_fold(name), number)
        _MONTHS = found
    return _MONTHS


_MONTHS: dict[str, int] | None = None
