"""A log's timestamps as instants: microseconds since 1970-01-01 UTC.

Why instants: events are ordered by the moment they happened, so ``10:00+02:00`` comes before
``09:00Z`` however the text sorts. Accepted forms, tried in order:

- ISO 8601 / RFC 3339 (what XES and most exports write): ``2010-12-30T14:32:00.000+01:00``,
  ``2010-12-30 14:32:00Z``, a date alone, a decimal comma in the seconds (``14:32:00,5``);
  optionally followed by an IANA zone in brackets, ``2010-12-30T14:32:00[Europe/Berlin]``
  (RFC 9557), which is the zone of a timestamp without an offset;
- the day-first dotted form of the languages cjm speaks: ``30.12.2010 14:32[:00]``;
- with ``--date-format``, that ``strptime`` format instead of the two above.

A timestamp without offset is UTC, or in the zone ``--timezone`` names. An unknown zone is an
error naming its line; so is a timestamp none of the forms reads.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_BRACKET = re.compile(r"^(.*?)\[([^\]]+)\]$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?$")


class BadTimestamp(ValueError):
    """A timestamp cannot be read, or names a zone that does not exist (message says which)."""


@functools.lru_cache(maxsize=64)
def zone(name: str | None) -> _dt.tzinfo:
    """The zone called ``name`` (an IANA name such as ``Europe/Berlin``; ``UTC``); UTC for None."""
    if name is None or name.upper() in ("UTC", "Z"):
        return _dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadTimestamp(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


def micros(moment: _dt.datetime) -> int:
    """Microseconds since the epoch, exactly (no float rounding)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def parse(text: str, default_zone: str | None = None, date_format: str | None = None) -> int:
    """The instant ``text`` names, in microseconds since the epoch UTC."""
    raw = text.strip()
    where = default_zone
    bracket = _BRACKET.match(raw)
    if bracket:
        raw, where = bracket.group(1).strip(), bracket.group(2).strip()
    moment = _read(raw, date_format)
    if moment is None:
        raise BadTimestamp(f"cannot read timestamp {text!r} (expected ISO 8601 such as "
                           "2026-03-01T14:32:00+01:00, or give --date-format)")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(where))
    elif bracket:
        zone(where)  # the zone must exist even where the offset decides
    return micros(moment)


def _read(raw: str, date_format: str | None) -> _dt.datetime | None:
    if date_format is not None:
        try:
            return _dt.datetime.strptime(raw, date_format)
        except ValueError:
            return None
    try:
        return _dt.datetime.fromisoformat(raw.replace(",", ".") if "," in raw else raw)
    except ValueError:
        pass
    dotted = _DOTTED.match(raw)
    if dotted:
        d, m, y, hh, mm, ss, frac = dotted.groups()
        try:
            return _dt.datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                                int((frac or "0").ljust(6, "0")))
        except ValueError:
            return None
    return None
