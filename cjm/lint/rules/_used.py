"""Shared by the three "defined but never used" rules (CJM207-CJM209)."""

from __future__ import annotations

from ...model import JourneyMap
from ...validate import references


def used_ids(journey: JourneyMap) -> set[str]:
    return {ref.target for ref in references(journey)}
