"""``cjm diff``: what changed in a journey, by meaning (engine in ``engine``, formats apart).

The package is also the Python API's ``cjm.diff``: ``cjm.diff(old, new)`` compares two maps given
as paths or :class:`~cjm.model.JourneyMap` objects (see :func:`compare`).

>>> from cjm.diff import diff_maps
>>> result = diff_maps(old_map, new_map)          # pure: two JourneyMap models in
>>> result.summary.line()                          # '3 added, 2 removed, 5 changed · ...'
>>> from cjm.diff.formats import render
>>> render("markdown", [FileDiff("old.yaml", "new.yaml", result)])
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..callable_package import make_callable
from .changes import KINDS, MEANINGS, Change, CurvePoint, DiffResult, FileDiff, Summary
from .engine import diff_maps

if TYPE_CHECKING:
    from ..model import JourneyMap

__all__ = ["KINDS", "MEANINGS", "Change", "CurvePoint", "DiffResult", "FileDiff", "Summary", "compare",
           "diff_maps"]


def compare(old: JourneyMap | str | os.PathLike[str], new: JourneyMap | str | os.PathLike[str]) -> DiffResult:
    """``cjm.diff(old, new)``: what changed from ``old`` to ``new``, each a map or a map file.

    Files are loaded as :func:`cjm.load` does, so an invalid one raises :class:`cjm.MapError`
    with its problems; two maps in, the comparison is pure.
    """
    from ..api import load

    def as_map(side: JourneyMap | str | os.PathLike[str]) -> JourneyMap:
        return load(side) if isinstance(side, (str, os.PathLike)) else side

    return diff_maps(as_map(old), as_map(new))


make_callable(__name__, compare)
