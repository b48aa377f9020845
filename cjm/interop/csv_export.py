"""One row per lane item, for people who plan in spreadsheets (``cjm export csv``).

Every lane shares one set of columns (:data:`COLUMNS`); a cell is empty where a field does not
apply to the lane. Lists of ids are joined with ``"; "`` (ids never contain ``;``). The stdlib
``csv`` module quotes separators, quotes and line breaks. Columns after ``met`` are facts
(:mod:`cjm.facts`), the same numbers the board and the report show: ``stage_emotion`` (the
stage's point on the curve, on every row), ``open`` for pain points, and for a completed action
that is its step's record, the funnel step's ``conversion`` and ``drop_off`` (shares, as
decimals of 1, within its own period).

Plain CSV (the default) is for programs: ``,`` between fields, ``.`` in numbers, ``\n``.

:class:`Excel` is for a person who double-clicks the file. Excel reads a CSV with the list
separator and decimal mark of the computer's regional settings, so a Polish, German, Russian,
Ukrainian or Bulgarian Excel, whose decimal mark is ``,`` and list separator ``;``, puts a
comma-separated row in one column and reads ``0.137179`` as text. So the file is written in the
language's own convention: the decimal mark from CLDR (Babel's ``get_decimal_symbol``), and ``;``
between fields wherever the decimal mark is ``,`` (where ``,`` is the decimal mark it cannot also
separate fields; Windows makes the same choice for these locales). Then a UTF-8 byte-order mark,
CRLF line ends, and text that starts with ``=``, ``+``, ``-`` or ``@`` prefixed with ``'`` so that
a pasted name never runs as a formula.

Why a BOM and no ``sep=;`` first line: without the BOM Excel reads the file in the computer's
ANSI code page (Windows-1250/1251), so Polish and Cyrillic names come out garbled; and the two
are widely reported to conflict: with a ``sep=`` line after the BOM, Excel 2010 to 2016 take the
separator but read the text as ANSI again (garbled names), and other versions show ``sep=;`` as
a row of text. (No Excel ran here; the tests read the file back as that Excel's settings would.)
A BOM and the regional separator open correctly in that language's Excel, and the file stays a
plain CSV for every other reader (pandas, LibreOffice, Google Sheets), where a ``sep=`` line
would be a junk first row. The cost: a file written for a Polish Excel opens in one column in an
English Excel; ``--lang en`` writes that one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from .. import facts as F
from ..model import LANES, JourneyMap, Stage

COLUMNS: tuple[str, ...] = (
    "stage_id", "stage", "lane", "id", "name", "channel", "emotion", "severity", "status",
    "impact", "effort", "kind", "owner", "touchpoint", "touchpoints", "addresses", "next",
    "metric", "fulfils", "count", "of", "period", "unit", "target", "actual", "direction",
    "met", "stage_emotion", "open", "conversion", "drop_off", "description", "evidence", "backstage",
    "confidence",
)
LIST_SEPARATOR = "; "
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Excel:
    """How a spreadsheet of one language reads a CSV (see the module docstring)."""

    delimiter: str = ","
    decimal: str = "."

    @classmethod
    def of(cls, locale: str) -> Excel:
        """The convention of ``locale`` (``pl``, ``de_AT``, ``en``): its CLDR decimal mark, and
        ``;`` between fields where that mark is ``,``."""
        from babel.core import Locale, UnknownLocaleError
        from babel.numbers import get_decimal_symbol

        tag = locale.replace("-", "_")
        found = Locale("en")
        for candidate in (tag, tag.split("_")[0]):  # de_AT, else de; a tag CLDR lacks: English
            try:
                found = Locale.parse(candidate)
                break
            except (UnknownLocaleError, ValueError):
                continue
        decimal = get_decimal_symbol(found)
        return cls(";" if decimal == "," else ",", decimal)


def cell(value: Any, decimal: str = ".") -> str:
    """A field as spreadsheet text: enums by value, whole floats without ``.0``, lists joined;
    a fraction with ``decimal`` as its mark (``0,137179`` for a Polish spreadsheet)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", decimal)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(v, decimal) for v in value)
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)


def _share(rate: F.Rate | None, decimal: str) -> str:
    frac = rate.fraction if rate is not None else None
    return "" if frac is None else cell(round(frac, 6), decimal)


def _evidence(backing: F.Backing) -> str:
    """Free text as written; items as ``kind: source, 2026-05-01, n=12, "quote"``, one per entry."""
    if backing.text is not None:
        return backing.text
    out = []
    for item in backing.items:
        parts = [item.source, item.date.isoformat() if item.date else None,
                 f"n={item.sample}" if item.sample is not None else None,
                 f'"{item.quote}"' if item.quote else None]
        details = ", ".join(p for p in parts if p)
        out.append(f"{item.kind.value}: {details}" if details else item.kind.value)
    return LIST_SEPARATOR.join(out)


def _items(journey: JourneyMap, facts: F.JourneyFacts, stage: Stage, lane: str) -> list[Any]:
    """A stage's items of one lane; its metrics as the facts place them, so a library metric a
    desired action names is a row of that stage exactly as one written in the map."""
    if lane != "metrics":
        return list(getattr(stage, lane))
    return [journey.metric_named(fact.id) for fact in facts.metrics_at(stage.id)]


def rows(journey: JourneyMap, decimal: str = ".") -> list[dict[str, str]]:
    """The map's lane items as CSV cells, numbers with ``decimal`` as their decimal mark."""
    facts = F.of(journey)
    out = []
    for stage, point in zip(journey.stages, facts.emotion, strict=True):
        for lane in LANES:
            for item in _items(journey, facts, stage, lane):
                fields = item.model_dump(exclude={"extensions"})
                row = {c: "" for c in COLUMNS}
                row.update(stage_id=stage.id, stage=stage.name, lane=lane,
                           stage_emotion=cell(point.value, decimal))
                for key, value in fields.items():
                    if key in row:
                        row[key] = cell(value, decimal)
                if lane in ("pain_points", "opportunities"):
                    found = (facts.pain_index[item.id].backing if lane == "pain_points"
                             else facts.opportunity_backing[item.id])
                    row["evidence"] = _evidence(found)
                    row["confidence"] = found.confidence.value
                if lane == "metrics":
                    row["met"] = cell(facts.metrics[item.id].met)
                    row["actual"] = cell(facts.metrics[item.id].actual, decimal)  # from history when absent
                elif lane == "pain_points":
                    row["open"] = cell(facts.is_open(item.id))
                elif lane == "completed_actions" and item.id in facts.step_of_record:
                    step = facts.step_of_record[item.id][1]
                    row["conversion"] = _share(step.completed, decimal)
                    row["drop_off"] = _share(step.drop_off, decimal)
                out.append(row)
    return out


def _defuse(text: str, decimal: str) -> str:
    """Text that a spreadsheet would run as a formula gets a ``'``; a number (``-5``, ``-0,5``)
    stays one."""
    if not text.startswith(_FORMULA):
        return text
    try:
        float(text.replace(decimal, "."))
    except ValueError:
        return "'" + text
    return text


def render(journey: JourneyMap, *, excel: Excel | None = None) -> str:
    """The CSV text: plain for programs, or for ``excel``, a spreadsheet of one language
    (its separator and decimal mark, a BOM, CRLF, formulas defused)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n" if excel else "\n",
                            delimiter=excel.delimiter if excel else ",")
    writer.writeheader()
    for row in rows(journey, excel.decimal if excel else "."):
        if excel:
            row = {k: _defuse(v, excel.decimal) for k, v in row.items()}
        writer.writerow(row)
    text = buffer.getvalue()
    return "\ufeff" + text if excel else text
