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
    quoted = _unclosed_quote(lines, ctx_line or 1, line)
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
    return Fix(
        line,
        col,
        f"YAML syntax error: the quoted text that starts here with {shown} is never closed",
        f"add the closing {shown} at the end of the text"
        + ("; a quote inside it is written `\\\"`" if quote == '"' else "; a quote inside it is written `''`"),
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
        f"YAML syntax error: no space after ':' in `{key}:{value}`, so YAML reads it as one text",
        f"put a space after the colon: `{key}: {value}`",
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
    sibling = f"`{above[-1][0]}` above" if above else f"the keys of {describe(target)}"
    message = f"YAML syntax error: `{key}` is indented {_spaces(col - target.col)} than {sibling}"
    hint = f"move it to column {target.col}"
    if target is not innermost:
        hint = f"it belongs to {describe(target)}: move it to column {target.col}"
    return Fix(line, col, message, hint)


def _misplaced_item(line: int, col: int, blocks: Sequence[Block]) -> Fix | None:
    lists = [b for b in blocks if not b.is_map]
    if not lists:
        return None
    target = _nearest(lists, col)
    if target.col == col:
        return None
    name = next((p for p in reversed(target.path) if isinstance(p, str)), None)
    of = f" of `{name}`" if name else ""
    return Fix(
        line,
        col,
        f"YAML syntax error: this list item is indented {_spaces(col - target.col)} than the items{of} above",
        f"move the `-` to column {target.col}",
    )


def _nearest(blocks: Sequence[Block], col: int) -> Block:
    # the nearest column; on a tie the deeper block (a space too many is commoner than too few)
    return min(reversed(blocks), key=lambda b: abs(b.col - col))


def _spaces(diff: int) -> str:
    n = abs(diff)
    amount = "one space" if n == 1 else f"{n} spaces"
    return f"{amount} {'more' if diff > 0 else 'less'}"


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


def describe(block: Block) -> str:
    """How a user names a mapping: "stage 'compare'", "the top level of the map"."""
    from .kinds import KIND_NAMES

    model = model_at(block.path)
    if model is None or not block.path:
        return "the top level of the map" if not block.path else f"`{block.path[-1]}`"
    kind = KIND_NAMES.get(model, "item")
    return f"{kind} '{block.ident}'" if block.ident else f"this {kind}"
