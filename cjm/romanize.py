"""Cyrillic in Latin letters by each language's official system, for ids made from names.

Why each language's own system: an id is read by the team that wrote the name, and a Ukrainian
team reads "zamovlennia-likiv-onlain" (its national system) where a Russian-style table wrote
"zamovlennya-likiv-onlayn". The systems are fixed by law and small, so they are tables here:

- **Ukrainian**: the national system of 2010 (Cabinet of Ministers of Ukraine, resolution No. 55
  of 27 January 2010). є, ї, й, ю, я are ``ye``, ``yi``, ``y``, ``yu``, ``ya`` at the start of a
  word and ``ie``, ``i``, ``i``, ``iu``, ``ia`` elsewhere; зг is ``zgh`` (so it is not read as
  ж); the soft sign and the apostrophe are dropped.
- **Russian**: ICAO Doc 9303, the system of Russian passports since 2013 (order of the Federal
  Migration Service No. 320 of 15 October 2012): ё ``e``, й ``i``, х ``kh``, щ ``shch``, ъ
  ``ie``, ь dropped, ю ``iu``, я ``ia``.
- **Bulgarian**: the Streamlined System of the Transliteration Act of 2009: щ ``sht``, ъ ``a``,
  ь ``y``, ю ``yu``, я ``ya``, and ия at the end of a word ``ia`` (София, Sofia).

Any other language (and a map without ``lang``) keeps the table cjm used before: a mix that
reads well enough for every Cyrillic language, so ids made for such maps do not change.

Why not a library: none on PyPI implements the three. ``iuliia`` has ICAO Doc 9303 for Russian
but no Ukrainian or Bulgarian scheme in its Python package; ``cyrtranslit`` and
``transliterate`` write their own (scholarly or Russian-style) schemes, not the official ones.
"""

from __future__ import annotations

_COMMON = dict(
    zip(
        "абвгдезийклмнопрстуфхцыэюяёжчшщъьіїєґ",
        ["a", "b", "v", "g", "d", "e", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
         "u", "f", "h", "ts", "y", "e", "yu", "ya", "e", "zh", "ch", "sh", "sht", "a", "", "i",
         "yi", "ye", "g"],
        strict=True,
    )
)
"""cjm's table before the official systems: for Cyrillic in a map of no known language."""


def _table(letters: str, latin: list[str]) -> dict[str, str]:
    return dict(zip(letters, latin, strict=True))


_UKRAINIAN = _table(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l", "m", "n",
     "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "iu", "ia"],
)
_UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_APOSTROPHES = frozenset("'\u2019\u02bc")  # ' ’ ʼ: part of a Ukrainian word, never a break

_RUSSIAN = _table(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia"],
)

_BULGARIAN = _table(
    "абвгдежзийклмнопрстуфхцчшщъьюя",
    ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
     "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"],
)


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or ch in _APOSTROPHES


def _ukrainian(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        prev = text[i - 1] if i else ""
        if ch in _APOSTROPHES and _is_letter(prev):
            continue  # Знам'янка, Znamianka
        if ch in _UKRAINIAN_INITIAL and not _is_letter(prev):
            out.append(_UKRAINIAN_INITIAL[ch])
        elif ch == "г" and prev == "з":
            out.append("gh")  # Згорани, Zghorany
        else:
            out.append(_UKRAINIAN.get(ch, _COMMON.get(ch, ch)))
    return "".join(out)


def _russian(text: str) -> str:
    return "".join(_RUSSIAN.get(ch, _COMMON.get(ch, ch)) for ch in text)


def _bulgarian(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == "я" and text[i - 1 : i] == "и" and not after.isalpha():
            out.append("a")  # София, Sofia: -ия at a word's end
        else:
            out.append(_BULGARIAN.get(ch, _COMMON.get(ch, ch)))
    return "".join(out)


def _common(text: str) -> str:
    return "".join(_COMMON.get(ch, ch) for ch in text)


_SYSTEMS = {"uk": _ukrainian, "ru": _russian, "bg": _bulgarian}


def romanize(text: str, lang: str | None = None) -> str:
    """Lower-case ``text`` with its Cyrillic letters in Latin ones, by the official system of
    ``lang`` (a BCP 47 tag: ``uk``, ``ru-RU``, ``bg``); other letters are left as they are."""
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    return _SYSTEMS.get(base, _common)(text.lower())
