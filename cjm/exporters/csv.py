"""One row per lane item, for people who plan in spreadsheets (``cjm export csv``).

Every lane shares one set of columns (:data:`COLUMNS`); a cell is empty where a field does not
apply to the lane. Lists of ids are joined with ``"; "`` (ids never contain ``;``). The stdlib
``csv`` module quotes commas, quotes and line breaks. ``excel=True`` writes what Excel opens
correctly by double-click: a UTF-8 byte-order mark, CRLF line ends, and text that starts with
``=``, ``+``, ``-`` or ``@`` prefixed with ``'`` so that a pasted name never runs as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import LANES, JourneyMap

COLUMNS: tuple[str, ...] = (
    "stage_id", "stage", "lane", "id", "name", "channel", "emotion", "severity", "status",
    "impact", "effort", "kind", "owner", "touchpoint", "touchpoints", "addresses", "next",
    "metric", "fulfils", "count", "of", "period", "unit", "target", "actual", "direction",
    "met", "description", "evidence", "backstage",
)
LIST_SEPARATOR = "; "
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A field as spreadsheet text: enums by value, whole floats without ``.0``, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    if hasattr(value, "value"):  # enums
        return str(value.value)
    return str(value)


def rows(journey: JourneyMap) -> list[dict[str, str]]:
    out = []
    for stage in journey.stages:
        for lane in LANES:
            for item in getattr(stage, lane):
                fields = item.model_dump(exclude={"extensions"})
                row = {c: "" for c in COLUMNS}
                row.update(stage_id=stage.id, stage=stage.name, lane=lane)
                for key, value in fields.items():
                    if key in row:
                        row[key] = cell(value)
                if lane == "metrics":
                    row["met"] = cell(item.met)
                out.append(row)
    return out


def render(journey: JourneyMap, *, excel: bool = False) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n" if excel else "\n")
    writer.writeheader()
    for row in rows(journey):
        if excel:
            row = {k: ("'" + v if v.startswith(_FORMULA) else v) for k, v in row.items()}
        writer.writerow(row)
    text = buffer.getvalue()
    return "\ufeff" + text if excel else text
