"""Ids made from names, for maps cjm writes (``cjm init``, ``cjm import``): readable and stable.

Stable means the same name always gives the same id, so importing a diagram twice gives the same
map and ``cjm diff`` matches its elements. The id itself is :func:`cjm.text.slug`; this module
keeps one map's ids unique (in the map's language), and a name with nothing readable left falls back to a numbered id
such as ``stage-3``.
"""

from __future__ import annotations

from .text import slug

__all__ = ["Ids"]

class Ids:
    """Hands out ids unique across one map (ids are one namespace): ``name``, ``name-2``..."""

    def __init__(self, lang: str | None = None) -> None:
        self.used: set[str] = set()
        self.lang = lang  # the map's `lang`: names are romanised by its official system

    def make(self, name: str, prefix: str = "", fallback: str = "item") -> str:
        base = slug(name, lang=self.lang)
        base = f"{prefix}{base}" if base else fallback
        ident, n = base, 2
        while ident in self.used:
            ident = f"{base}-{n}"
            n += 1
        self.used.add(ident)
        return ident
