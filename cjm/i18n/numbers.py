"""Numbers as people read them, written one way by every output, in the output's language.

Why one module: the board once showed "94%" where the report said "94.4%" for the same step. Every
output (board, Markdown, report, diff, graph) formats a number, a share or an emotion here, and
a share always travels with its base (:func:`rate`), so no output can show "67%" without "2 of 3".
English is written without Babel (fast, and what every English test expects); other languages
use Babel's CLDR data: ``2 300 000`` and ``94,4 %`` in Russian, ``2.300.000`` in German.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from . import ENGLISH, Language

if TYPE_CHECKING:
    from ..facts.numbers import Rate


def half_up(value: float, places: int = 0) -> float:
    """:func:`cjm.facts.numbers.half_up`, imported when first used: importing the facts package
    (every fact module) with the number formats cost ~20 ms of each `cjm validate`'s start-up,
    which formats a count or two and computes no fact."""
    from ..facts.numbers import half_up as rounded

    return rounded(value, places)

DASH = "–"
# Digits Babel may need to round a number: a float's integer part has at most 309, and a share
# of a target near zero (lint and the report show it as a percentage) can be that large.
_DIGITS = 400


def integer(n: int, lang: Language = ENGLISH) -> str:
    """``2,300,000`` (``2 300 000`` in Russian)."""
    if lang.code == "en":
        return f"{n:,}"
    from babel.numbers import format_decimal, get_group_symbol

    if abs(n) >= 10**15:  # past a map's range (an invalid map shown anyway): Babel's rounding
        return f"{n:,}".replace(",", get_group_symbol(lang.code))  # fails on hundreds of digits
    return str(format_decimal(n, locale=lang.code))


def number(x: float | int | None, lang: Language = ENGLISH) -> str:
    """``1.2``, ``45``, ``1,250.5``: no trailing ``.0``, thousands separated, at most 4 decimals."""
    if x is None:
        return DASH
    if isinstance(x, float) and not x.is_integer():
        value = half_up(x, 4)
        if lang.code == "en":
            return f"{value:,.4f}".rstrip("0").rstrip(".")
        from babel.numbers import format_decimal

        with localcontext() as context:
            context.prec = _DIGITS
            return str(format_decimal(value, format="#,##0.####", locale=lang.code))
    if isinstance(x, float) and not math.isfinite(x):
        return str(x)
    return integer(int(x), lang)


def numbers_apart(old: float | int, new: float | int, lang: Language = ENGLISH) -> tuple[str, str]:
    """Two numbers that differ, written so they look different: :func:`number` when that shows
    the difference, else every digit each has (``40 → 40.00001``, not ``40 → 40``)."""
    a, b = number(old, lang), number(new, lang)
    if a != b or old == new:
        return a, b
    return _exact(old, lang), _exact(new, lang)


def _exact(x: float | int, lang: Language) -> str:
    text = format(Decimal(repr(x)) if isinstance(x, float) else Decimal(x), "f")
    if lang.code == "en":
        return text
    from babel.numbers import get_decimal_symbol

    return text.replace(".", get_decimal_symbol(lang.code))


@functools.cache
def _percent_pattern(code: str, decimals: int) -> str:
    """The language's percent pattern with ``decimals`` decimals: ``#,##0.0 %`` for Russian."""
    from babel import Locale

    pattern = Locale.parse(code).percent_formats[None].pattern
    return re.sub(r"0(?=[^0#,.]*$)", "0." + "0" * decimals, pattern, count=1)


def percent(fraction: float | None, lang: Language = ENGLISH, decimals: int = 1) -> str:
    """One decimal, half up (``94.4%``); two significant digits for tiny shares (``0.0076%``).
    ``decimals`` asks for more where one is not enough to tell two shares apart
    (:func:`percents`)."""
    if fraction is None:
        return DASH
    p = fraction * 100
    if p == 0 or abs(p) >= 0.1:
        text = f"{half_up(p, decimals):.{decimals}f}"
    else:  # a small rate at the top of a funnel still needs a figure: two significant digits
        text = f"{p:.2g}"
        if "e" in text:
            text = f"{p:.10f}".rstrip("0")
    return _with_percent_sign(text, lang)


def _with_percent_sign(text: str, lang: Language) -> str:
    """A percentage written as digits (``94.4``, ``40``) with the language's percent sign where
    CLDR puts it (``94,4 %`` with a no-break space in Russian, ``94.4%`` in English): the one
    place every percentage is written, a share's and a metric's value alike."""
    if lang.code == "en":
        return f"{text}%"
    from babel.numbers import format_percent

    decimals = len(text.partition(".")[2])
    with localcontext() as context:  # Babel rounds in the current context: room for any float
        context.prec = _DIGITS
        return str(format_percent(Decimal(text) / 100, format=_percent_pattern(lang.code, decimals),
                                  locale=lang.code, decimal_quantization=False))


MAX_DECIMALS = 4  # a share is compared to 6 places (0.039412): 4 decimals of a percentage


def percents(before: float, after: float, lang: Language = ENGLISH) -> tuple[str, str]:
    """Two shares that differ, written so they look different: ``3.94% → 3.87%``, not
    ``3.9% → 3.9% ↑`` (an arrow for a change nobody can see). One decimal when that shows the
    difference, else the fewest more that do, the same for both (up to :data:`MAX_DECIMALS`)."""
    decimals = 1
    old, new = percent(before, lang), percent(after, lang)
    while old == new and before != after and decimals < MAX_DECIMALS:
        decimals += 1
        old, new = percent(before, lang, decimals), percent(after, lang, decimals)
    return old, new


def rate(r: Rate, lang: Language = ENGLISH) -> str:
    """``120 of 1,000 (12.0%)``; ``120 (no base)`` when there is none."""
    _ = lang.gettext
    if r.base is None:
        return _("%(count)s (no base)") % {"count": integer(r.count, lang)}
    frac = r.fraction
    text = _("%(count)s of %(base)s") % {"count": integer(r.count, lang), "base": integer(r.base, lang)}
    return f"{text} ({percent(frac, lang)})" if frac is not None else text


def with_unit(x: float | None, unit: str | None, lang: Language = ENGLISH) -> str:
    """``12%``, ``4.5 min``: a ``%`` value is written as :func:`percent` writes a share (the
    language's sign and spacing: ``12 %`` in Russian), with the decimals it was given (a
    target of 45 is ``45%``; a share is computed, so it always has one); other units follow
    the number after a space."""
    if x is None or not unit:
        return number(x, lang)
    if unit == "%":
        if lang.code == "en":
            return f"{number(x, lang)}%"
        if isinstance(x, float) and not x.is_integer():
            text = f"{half_up(x, 4):.4f}".rstrip("0").rstrip(".")
        else:
            text = f"{x:.0f}"
        return _with_percent_sign(text, lang)
    return f"{number(x, lang)} {unit}"


def change(x: float | None, unit: str | None = None, lang: Language = ENGLISH) -> str:
    """``+3.2``, ``−1.5 min``, ``±0``: a difference, its sign always written (a minus sign, not
    a hyphen), so a trend reads the same in a table and in a sentence."""
    if x is None:
        return DASH
    if unit == "%":  # a change of a percentage is in percentage points
        return points(x, lang)
    sign = "+" if x > 0 else ("−" if x < 0 else "±")
    return sign + with_unit(abs(x), unit, lang)


def points(x: float | None, lang: Language = ENGLISH, signed: bool = True) -> str:
    """Percentage points, the one way every output writes them: ``+3.5 pp``, ``+1.0 pp``
    (``+3,5 п. п.`` in Russian, ``+1,0 pkt proc.`` in Polish): one catalog message for the unit
    and always one decimal, so ``+1.0`` stands beside ``+0.4``, not ``+1``. A change too small
    for one decimal keeps two significant digits (``+0.04 pp``), never a ``±0.0`` for a change.
    ``signed=False`` for an amount (a gap to target: ``1.0 pp short``)."""
    if x is None:
        return DASH
    rounded = half_up(abs(x), 1)
    digits = f"{rounded:.1f}" if rounded or not x else f"{abs(x):.2g}"
    if "e" in digits:
        digits = f"{abs(x):.10f}".rstrip("0")
    if lang.code != "en":
        from babel.numbers import format_decimal

        decimals = len(digits.partition(".")[2])
        with localcontext() as context:
            context.prec = _DIGITS
            digits = str(format_decimal(Decimal(digits), format="#,##0." + "0" * decimals,
                                        locale=lang.code, decimal_quantization=False))
    elif rounded >= 1000:
        digits = f"{rounded:,.1f}"
    sign = ("+" if x > 0 else "−" if x < 0 else "±") if signed else ("−" if x < 0 else "")
    return lang.gettext("%(change)s pp") % {"change": sign + digits}


def emotion(value: float | None, lang: Language = ENGLISH) -> str:
    """A stage's point on the curve: ``2.7``, ``4``; a dash when not rated."""
    if value is None:
        return DASH
    return number(half_up(value, 1), lang)


def date(value: _dt.date | None, lang: Language = ENGLISH) -> str:
    """ISO in English (``2026-09-30``, what a CI log greps for); the long local form elsewhere."""
    if value is None:
        return DASH
    if lang.code == "en":
        return value.isoformat()
    from babel.dates import format_date

    return str(format_date(value, format="long", locale=lang.code))


SPARKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
GAP = "·"


def sparkline(values: list[float | None]) -> str:
    """One block per stage, ▁ (1, very negative) to █ (5, very positive), · for no emotion."""
    return "".join(GAP if v is None else SPARKS[max(1, min(5, int(half_up(v))))] for v in values)


def days(n: int | None, lang: Language = ENGLISH) -> str:
    """``12 days``, ``today``, ``in 3 days``; ``never`` without a date."""
    _ = lang.gettext
    if n is None:
        return _("never")
    if n < 0:
        return lang.ngettext("in %(num)s day", "in %(num)s days", -n) % {"num": integer(-n, lang)}
    if n == 0:
        return _("today")
    return lang.ngettext("%(num)s day", "%(num)s days", n) % {"num": integer(n, lang)}
