"""``cjm diff``: what changed in a journey, by meaning (engine in ``engine``, formats apart).

From Python, :func:`cjm.api.compare` takes paths or maps.

>>> from cjm.diff import diff_maps
>>> result = diff_maps(old_map, new_map)          # pure: two JourneyMap models in
>>> result.summary.line()                          # '3 added, 2 removed, 5 changed · ...'
>>> from cjm.diff.formats import render
>>> render("markdown", [FileDiff("old.yaml", "new.yaml", result)])
"""

from __future__ import annotations

from .changes import KINDS, MEANINGS, Change, CurvePoint, DiffResult, FileDiff, Summary
from .engine import diff_maps

__all__ = ["KINDS", "MEANINGS", "Change", "CurvePoint", "DiffResult", "FileDiff", "Summary", "diff_maps"]

