"""Shared by the three "defined but never used" rules (CJM207-CJM209)."""

from __future__ import annotations

from ...model import JourneyMap
from ...validate import references

_last: tuple[JourneyMap | None, frozenset[str]] = (None, frozenset())


def used_ids(journey: JourneyMap) -> frozenset[str]:
    """Every id the map refers to; computed once per map (three rules ask in a row)."""
    global _last
    if _last[0] is not journey:
        _last = (journey, frozenset(ref.target for ref in references(journey)))
    return _last[1]
