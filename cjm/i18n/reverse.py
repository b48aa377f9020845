"""From the words people type back to the format's values: ``krytyczny`` → ``critical``,
``polski`` → ``pl``.

Why from the catalogs: a Polish board prints "krytyczny" for ``severity: critical``, so a Polish
team writes ``severity: krytyczny``. The format accepts only its own values (a map means the same
in every language), but the hint can name the value the word translates, in any of the six
languages, matched without regard to case or diacritics (``krytyczny``, ``KRYTYCZNY``,
``kritisch``, ``критична``). Language names come from CLDR through Babel.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from . import LANGUAGES, translations
from .labels import VOCABULARY


def fold(text: str) -> str:
    """``Krytyczny`` and ``krytyczny``, ``Ünterwegs`` and ``unterwegs``: one key; ``_``, ``-``
    and spaces are one too (``in_progress``, ``in progress``)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("_", " ").replace("-", " ").split())


def _words(msgid: str) -> Iterable[str]:
    """Every way the catalogs write ``msgid``: English and its five translations."""
    yield msgid
    for code in LANGUAGES[1:]:
        yield translations(code).gettext(msgid)


_COUNTED = {  # the board's counts ("2 krytyczne") name a severity in more forms
    "critical": "%(num)s critical", "high": "%(num)s high", "medium": "%(num)s medium",
    "low": "%(num)s low",
}


@functools.cache
def _index() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for kind, words in VOCABULARY.items():
        for value, msgid in words.items():
            if not value or not msgid.strip("–"):
                continue
            for word in _words(msgid):
                found.setdefault(fold(word), set()).add(value)
            if kind == "severity" and value in _COUNTED:
                for code in LANGUAGES[1:]:
                    forms = translations(code).messages.get(_COUNTED[value])  # type: ignore[attr-defined]
                    for form in forms if isinstance(forms, tuple) else ():
                        found.setdefault(fold(form.replace("%(num)s", "")), set()).add(value)
        for value in words:
            if value:
                found.setdefault(fold(value), set()).add(value)
    return {word: frozenset(values) for word, values in found.items()}


def vocabulary_value(word: str, allowed: Iterable[str]) -> str | None:
    """The one value of ``allowed`` that ``word`` translates, or None (none, or several)."""
    candidates = _index().get(fold(word), frozenset()) & set(allowed)
    return next(iter(candidates)) if len(candidates) == 1 else None


@functools.cache
def _languages() -> dict[str, str]:
    from babel import Locale

    found: dict[str, str] = {}
    for code in LANGUAGES:
        for tag, name in Locale.parse(code).languages.items():
            if "_" not in tag:
                found.setdefault(fold(name), tag)
    for code in LANGUAGES:  # each language's own name for itself wins: "polski" is pl
        found[fold(Locale.parse(code).languages[code])] = code
    return found


def language_tag(name: str) -> str | None:
    """``polski`` → ``pl``, ``Ukrainian`` → ``uk``, ``Deutsch`` → ``de``: a language's name
    in any of the six languages, as its BCP 47 tag."""
    return _languages().get(fold(name))
