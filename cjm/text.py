"""Text helpers every output shares, one of each: a terminal sanitiser, a Markdown escaper,
did-you-mean, slug and the width of text in a terminal.

One copy each because copies drift: three Markdown escapers disagreed on which characters were
special, and two slugs made different ids from the same name. Numbers are not formatted here;
that is the locale's job.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")

# C0 controls (ESC, BEL, CR, LF, TAB...), DEL, C1 controls (U+0085 NEL among them), the Unicode
# line and paragraph separators, and the bidirectional overrides and isolates (which reorder
# what a terminal shows, "Trojan Source"-style), and lone surrogates (an undecodable byte in a
# file name), which could not even be encoded.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """Map-supplied text (a name, a key, a file name) made safe to print on a terminal or a CI log.

    Every control character is shown escaped (``\\x1b``, ``\\n``, ``\\u2028``), never raw: an
    ESC could clear the screen or forge an OSC 8 hyperlink, BEL rings, and a line break could
    start a line of its own, such as ``::add-mask::`` or ``::error`` that GitHub Actions runs as
    a workflow command. Apply it to each piece of map text, not to a whole output (which has
    its own line breaks and colours). Machine formats escape by their own rules instead.
    """
    return _UNSAFE.sub(_shown, text)


def markdown(text: str | None) -> str:
    """Map text shown as is in Markdown: inline, in a heading or in a table cell.

    Line breaks and runs of whitespace fold into one space (a break would end a table row);
    other control characters are shown escaped as on a terminal (:func:`terminal`), since
    Markdown is read raw in terminals and CI logs too; ``&``, ``<`` and ``>`` become entities
    so a name can neither open HTML nor spell an entity; every other character Markdown gives a
    meaning inline is backslash-escaped. Text is never ``None`` in the output: a missing value
    is an empty cell.
    """
    if text is None:
        return ""
    return _escape(" ".join(text.split()))


def _escape(text: str) -> str:
    out = terminal(text)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", out)


def markdown_with_code(text: str) -> str:
    """Like :func:`markdown`, but text between backticks stays a code span, as cjm's own messages
    and hints mean it (``add `reviewed: YYYY-MM-DD` ``). An odd number of backticks: all text."""
    text = " ".join(text.split())
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return _escape(text)
    return "".join(f"`{p}`" if i % 2 else _escape(p) for i, p in enumerate(parts))


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The closest of ``options`` to a misspelt ``word``, when one is close enough to suggest.

    Case counts for nothing in how close two words are: ``M-NPS`` (a spreadsheet's upper case)
    is ``m-nps`` mistyped, not a stranger to it."""
    choices = list(options)
    folded: dict[str, str] = {}
    for option in choices:
        folded.setdefault(option.casefold(), option)
    match = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


_LATIN = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "þ": "th", "œ": "oe"}
_NOT_ID = re.compile(r"[^a-z0-9_]+")
SLUG_MAX = 48


def slug(text: str, max_len: int = SLUG_MAX, lang: str | None = None) -> str:
    """An id made from a name: ``"Zakup i odbiór"`` -> ``"zakup-i-odbior"``; ``""`` if nothing is left.

    Used where cjm writes ids (``cjm init``, ``cjm import``) and where it suggests a fix for a bad
    one. Cyrillic is romanised by the official system of the map's ``lang`` (Ukrainian, Russian,
    Bulgarian: :mod:`cjm.romanize`) rather than dropped, so ids stay readable to the team; Polish
    and German letters lose their diacritics (``ł`` is ``l``, ``ß`` is ``ss``). The same name in
    the same language always gives the same id, so ``cjm diff`` matches elements. A long name is
    cut at a word boundary when one is near the limit.
    """
    from .romanize import romanize

    out = []
    for ch in romanize(text, lang):
        if ch in _LATIN:
            out.append(_LATIN[ch])
        else:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
    result = _NOT_ID.sub("-", "".join(out)).strip("-_")
    if len(result) > max_len:
        cut = result[:max_len]
        result = cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2 :] else cut
    return result.strip("-_")


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide CJK characters two, combining marks none).

    rich already knows this, and its tables use it; asking it keeps plain-text and rich tables
    aligned the same way. Imported on use: most commands never draw a table.
    """
    from rich.cells import cell_len

    return cell_len(text)
