"""Ids made from names, for maps cjm writes (``cjm init``, ``cjm import``): readable and stable.

Stable means the same name always gives the same id, so importing a diagram twice gives the same
map and ``cjm diff`` matches its elements. Names in Polish, Russian or Bulgarian are
transliterated (``Оплата`` -> ``oplata``) rather than dropped, so ids stay readable; what cannot
be transliterated falls back to a numbered id such as ``stage-3``.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = dict(
    zip(
        "абвгдезийклмнопрстуфхцыэюяёжчшщъьіїєґ",
        ["a", "b", "v", "g", "d", "e", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
         "u", "f", "h", "ts", "y", "e", "yu", "ya", "e", "zh", "ch", "sh", "sht", "a", "", "i",
         "yi", "ye", "g"],
        strict=True,
    )
)
_LATIN = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "þ": "th", "œ": "oe"}
_NOT_ID = re.compile(r"[^a-z0-9]+")
MAX_LEN = 48


def slug(text: str) -> str:
    """``"Zakup i odbiór"`` -> ``"zakup-i-odbior"``; ``""`` when nothing readable is left."""
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        else:
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
    text = _NOT_ID.sub("-", "".join(out)).strip("-")
    if len(text) > MAX_LEN:
        cut = text[:MAX_LEN]
        text = cut.rsplit("-", 1)[0] if "-" in cut[MAX_LEN // 2 :] else cut
    return text.strip("-")


class Ids:
    """Hands out ids unique across one map (ids are one namespace): ``name``, ``name-2``..."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, name: str, prefix: str = "", fallback: str = "item") -> str:
        base = slug(name)
        base = f"{prefix}{base}" if base else fallback
        ident, n = base, 2
        while ident in self.used:
            ident = f"{base}-{n}"
            n += 1
        self.used.add(ident)
        return ident
