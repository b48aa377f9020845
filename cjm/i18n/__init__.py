"""How cjm writes what it adds around a map's own text, in the map's language.

Why the ecosystem's machinery: labels are gettext messages, kept in one ``.po`` catalog per
language beside this module (``cjm/i18n/ru.po``) (translators' tools read and write them; ``make messages``
re-extracts them from the code and templates with Babel), plural forms follow each language's
rules (Russian has three), and numbers, shares and dates are written by Babel from CLDR data
(``2 300 000``, ``94,4 %``, ``30 сентября 2026 г.``). Templates use Jinja2's i18n extension.

A map's ``lang`` (BCP 47: ``ru``, ``pl-PL``, ``de-AT``) chooses; ``--lang`` overrides it. A tag
cjm has no catalog for falls back to English, with one warning (:func:`resolve`).
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "ru", "pl", "bg", "de", "uk")
DEFAULT = "en"
CATALOGS = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Resolved:
    """The language cjm will write in, and what to warn about when it is not the one asked for."""

    code: str  # one of LANGUAGES
    tag: str  # what <html lang> says: the map's own tag when cjm speaks its language
    warning: str | None = None


def resolve(tag: str | None) -> Resolved:
    """``ru-RU`` → Russian; ``fr`` → English with a warning; None → English."""
    if not tag:
        return Resolved(DEFAULT, DEFAULT)
    base = tag.replace("_", "-").split("-")[0].lower()
    if base in LANGUAGES:
        return Resolved(base, tag)
    return Resolved(DEFAULT, DEFAULT,
                    f"no translation for language '{tag}' (cjm speaks {', '.join(LANGUAGES)}); "
                    "writing English labels")


@functools.cache
def translations(code: str) -> _gettext.NullTranslations:
    """The catalog of ``code``, read from its ``.po`` file (English needs none)."""
    if code == DEFAULT:
        return _gettext.NullTranslations()
    path = CATALOGS / f"{code}.po"
    return _PoTranslations(path)


class _PoTranslations(_gettext.NullTranslations):
    """gettext translations straight from a ``.po`` file, read with Babel.

    Loading the ``.po`` (a few milliseconds) instead of a compiled ``.mo`` keeps the build free of
    a compile step; an untranslated or fuzzy message falls back to English, never to nothing.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        from babel.messages.pofile import read_po

        with open(path, "rb") as fh:
            catalog = read_po(fh, locale=path.stem)
        self.catalog = catalog
        self.plural = catalog.plural_expr and _plural_function(catalog.plural_expr)
        # a message with a context under gettext's own key, "context\x04msgid": one English word,
        # two meanings ("touchpoint" the element), or a word agreeing with its noun's gender
        self.messages: dict[str, str | tuple[str, ...]] = {}
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            key = message.id if isinstance(message.id, str) else message.id[0]
            if message.context:  # gettext's own key for a message with a context
                key = f"{message.context}\x04{key}"
            text = message.string
            if isinstance(text, str) and text or isinstance(text, tuple) and all(text):
                self.messages[key] = text if isinstance(text, str) else tuple(text)

    def gettext(self, message: str) -> str:
        found = self.messages.get(message)
        return found if isinstance(found, str) else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self.messages.get(msgid1)
        if isinstance(found, tuple) and self.plural:
            index = int(self.plural(n))
            return found[min(index, len(found) - 1)]
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        """The message as said of ``context`` (Polish "dodany" of a channel, "dodana" of a map);
        without a translation in that context, the message's plain translation."""
        found = self.messages.get(f"{context}\x04{message}")
        return found if isinstance(found, str) else self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        found = self.messages.get(f"{context}\x04{msgid1}")
        if isinstance(found, tuple) and self.plural:
            index = int(self.plural(n))
            return found[min(index, len(found) - 1)]
        return self.ngettext(msgid1, msgid2, n)


def _plural_function(expr: str) -> Callable[[int], int]:
    function: Callable[[int], int] = _gettext.c2py(expr)  # type: ignore[attr-defined]
    return function


@dataclass(frozen=True)
class Language:
    """Everything an output needs to speak one language: messages, numbers, shares, dates."""

    code: str = DEFAULT
    tag: str = DEFAULT
    _t: _gettext.NullTranslations = field(default_factory=_gettext.NullTranslations, repr=False)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose words agree with what it is said of (grammatical gender)."""
        return self._t.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._t.npgettext(context, singular, plural, n)

    @property
    def translations(self) -> _gettext.NullTranslations:
        return self._t


def language(tag: str | None) -> Language:
    """The :class:`Language` for a BCP 47 tag (see :func:`resolve` for the fallback)."""
    found = resolve(tag)
    return Language(found.code, found.tag, translations(found.code))


ENGLISH = Language()
