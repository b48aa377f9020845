"""Periods of funnel data (``2026-Q3``) as things that can be ordered.

Why a parser of our own: funnels are compared period by period, and "the latest period" is what a
board shows first, so cjm has to know that ``2026-Q4`` comes after ``2026-Q3`` and ``2026-10``
after ``2026-H1``. The forms are the ones teams write in spreadsheets and BI exports (DESIGN §4):

=============  ==============================
``2026``       a year
``2026-H2``    a half year (H1, H2)
``2026-Q3``    a quarter (Q1 ... Q4)
``2026-10``    a month
``2026-W41``   an ISO week (W01 ... W53)
``2026-10-05`` a day
=============  ==============================

Periods are ordered by their first day, then by their last (a year before its first quarter).
Any other text (``2027-Q2, forecast``) stays a valid period but cannot be placed in time: those
come before every dated period, in the order they first appear, and lint reports them (CJM305).

A period is the days it covers, not the way it is spelled: ``2027-q1`` and ``2027-Q1`` are one
quarter (a spreadsheet export and a person rarely agree on case). :func:`canonical` gives its one
spelling, upper-case letters and no surrounding spaces, and everything that asks "is this the same
period?" (facts' funnels and metric history, lint's duplicate periods, ``cjm data import``) asks
it. Text that is not a period is its own spelling: only its exact text is the same period.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field

_FORM = re.compile(
    r"^(?P<year>\d{4})(?:-(?:H(?P<half>[12])|Q(?P<quarter>[1-4])|W(?P<week>\d{2})"
    r"|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Period:
    """A parsed period: the days it covers. Ordered, and equal, by ``(start, end)``: ``text`` (as
    written, for messages that quote the map) takes no part in comparisons."""

    start: _dt.date
    end: _dt.date
    text: str = field(compare=False)

    @property
    def canonical(self) -> str:
        """The period's one spelling (``2027-Q1``)."""
        return self.text.strip().upper()


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Period | None:
    """The period ``text`` names, or None when it is not one of the forms above.

    Kept per text: a map repeats the same few periods, and facts, lint and the board each ask."""
    match = _FORM.match(text.strip())
    if match is None:
        return None
    year = int(match["year"])
    if year < 1:
        return None
    try:
        if match["half"]:
            half = int(match["half"])
            start = _dt.date(year, 1 + 6 * (half - 1), 1)
            end = _month_end(year, 6 * half)
        elif match["quarter"]:
            quarter = int(match["quarter"])
            start = _dt.date(year, 3 * quarter - 2, 1)
            end = _month_end(year, 3 * quarter)
        elif match["week"]:
            start = _dt.date.fromisocalendar(year, int(match["week"]), 1)
            end = start + _dt.timedelta(days=6)
        elif match["day"]:
            start = end = _dt.date(year, int(match["month"]), int(match["day"]))
        elif match["month"]:
            start = _dt.date(year, int(match["month"]), 1)
            end = _month_end(year, int(match["month"]))
        else:
            start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    except ValueError:  # month 13, day 31 of a 30-day month, week 53 of a 52-week year
        return None
    return Period(start, end, text)


def canonical(text: str) -> str:
    """The one spelling of the period ``text`` (``2027-q1`` -> ``2027-Q1``, `` 2026-w05`` ->
    ``2026-W05``), by which two periods are the same; text that is not a period unchanged."""
    found = parse(text)
    return found.canonical if found is not None else text


def _month_end(year: int, month: int) -> _dt.date:
    if month == 12:
        return _dt.date(year, 12, 31)
    return _dt.date(year, month + 1, 1) - _dt.timedelta(days=1)


def order(periods: list[str | None]) -> list[str | None]:
    """``periods`` (distinct, in order of first appearance) from oldest to latest.

    Records without a period come first, then text that is not a period (first appearance),
    then dated periods in time order: so the last entry is the latest period a reader can trust.
    Callers pass each period once, by its :func:`canonical` spelling.
    """
    undated = [p for p in periods if p is None]
    parsed = {p: parse(p) for p in periods if p is not None}
    unknown = [p for p, found in parsed.items() if found is None]
    known = sorted(found for found in parsed.values() if found is not None)
    return [*undated, *unknown, *(k.text for k in known)]
