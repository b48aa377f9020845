"""Lists in a sentence, joined as the reader's language joins them: ``A, B and C`` in English,
``A, B i C`` in Polish, ``A, B и C`` in Russian, by Babel's :func:`babel.lists.format_list`
(CLDR's list patterns), never by repeating a word per item ("w punkcie A w punkcie B").

Why a ``str`` (:class:`Listed`): the core names lists long before it knows the reader's language
(a data import's error naming two files); the English join is the text, and
:func:`cjm.i18n.message.localize` joins the items again in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup, escape

from . import ENGLISH, Language


def join(items: Iterable[str], lang: Language = ENGLISH, style: str = "standard") -> str:
    """``A, B and C`` in ``lang`` (``style="or"``: ``A, B or C``); one item is itself."""
    from babel.lists import format_list

    words = [str(i) for i in items]
    if len(words) < 2:
        return "".join(words)
    return str(format_list(words, style=style, locale=lang.code))  # type: ignore[arg-type]


def join_markup(items: Iterable[Any], lang: Language = ENGLISH, style: str = "standard") -> Markup:
    """:func:`join` for HTML: each item escaped unless it is markup already (a link), the
    separators CLDR's (plain text)."""
    parts = [str(escape(i)) for i in items]
    return Markup(join(parts, lang, style))


class Listed(str):
    """Items named in a message: joined in English now, in the reader's language when localized."""

    items: tuple[str, ...]
    style: str

    def __new__(cls, items: Iterable[str], style: str = "standard") -> Listed:
        kept = tuple(str(i) for i in items)
        text = super().__new__(cls, join(kept, ENGLISH, style))
        text.items = kept
        text.style = style
        return text

    def localized(self, lang: Language) -> str:
        return join(self.items, lang, self.style)

    def __reduce__(self) -> tuple[Callable[..., Listed], tuple[Any, ...]]:
        return Listed, (self.items, self.style)
