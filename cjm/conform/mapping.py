"""Which touchpoint an activity of the log stands for, tried in order:

1. a mapping file (``activity,touchpoint`` rows; several activities may name one touchpoint);
2. the touchpoint's ``events`` in the map (reviewed with the map, in its pull request);
3. the touchpoint's id itself.

An activity none of them names is ad hoc (:mod:`cjm.facts.conformance`).
"""

from __future__ import annotations

import csv

from ..facts.conformance import Rules
from ..model import JourneyMap
from .readers import LogError, open_binary, sniff_delimiter, text_stream


def read_mapping(path: str, rules: Rules) -> dict[str, int]:
    """Activity -> touchpoint number from a mapping file; a row naming a touchpoint the map does
    not have is a :class:`LogError` at its line (an optional first row ``activity,touchpoint``
    is the header)."""
    out: dict[str, int] = {}
    with open_binary(path) as fh:
        text, sample = text_stream(path, fh)
        rows = csv.reader(text, delimiter=sniff_delimiter(sample))
        for row in rows:
            line = rows.line_num
            cells = [c.strip() for c in row]
            if not cells or not any(cells):
                continue
            if line == 1 and [c.lower() for c in cells[:2]] == ["activity", "touchpoint"]:
                continue
            if len(cells) < 2 or not cells[1]:
                raise LogError(path, line, "a row needs an activity and a touchpoint id")
            activity, touchpoint = row[0], cells[1]
            if touchpoint not in rules.number:
                from ..text import did_you_mean

                hint = did_you_mean(touchpoint, list(rules.touchpoints))
                raise LogError(path, line, f"touchpoint {touchpoint!r} does not exist in the map"
                                              + (f"; did you mean {hint!r}?" if hint else ""))
            out.setdefault(activity, rules.number[touchpoint])
    return out


def resolver(journey: JourneyMap, rules: Rules, mapping: dict[str, int] | None = None) -> dict[str, int]:
    """Activity -> touchpoint number for every activity the three sources name; an activity not
    in it is ad hoc. The first source that names an activity decides it."""
    out: dict[str, int] = dict(mapping or {})
    for stage in journey.stages:
        for tp in stage.touchpoints:
            if tp.id in rules.number:
                for name in tp.events or ():
                    out.setdefault(name, rules.number[tp.id])
    for tp_id, number in rules.number.items():
        out.setdefault(tp_id, number)
    return out
