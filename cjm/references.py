"""What every id in a map refers to: one walk of the format's reference fields.

Why a module of its own: validation checks each reference resolves, the facts layer needs the ids a
map uses (a library element "used by the map"), lint, diff and ``cjm refs`` list them. With the
walk inside validation, the facts layer had to import validation to read it, and sat above it.
The walk depends on the model alone, so every layer can read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import model as m
from .problems import Path

__all__ = ["Reference", "hierarchy_references", "references"]


@dataclass(frozen=True)
class Reference:
    """One place a map names another element: ``path`` holds ``target``, which must be a ``kind``."""

    path: Path
    target: str
    kind: type[m.Element]


def references(journey: m.JourneyMap) -> Iterator[Reference]:
    """Every reference a map makes, in document order; diff and lint use this too."""
    if journey.persona is not None:
        yield Reference(("persona",), journey.persona, m.Persona)
    for s, stage in enumerate(journey.stages):
        base: Path = ("stages", s)
        for i, tp in enumerate(stage.touchpoints):
            p = base + ("touchpoints", i)
            if tp.channel is not None:
                yield Reference(p + ("channel",), tp.channel, m.Channel)
            for j, nxt in enumerate(tp.next or ()):
                yield Reference(p + ("next", j), nxt, m.Touchpoint)
        for i, mot in enumerate(stage.moments_of_truth):
            if mot.touchpoint is not None:
                yield Reference(base + ("moments_of_truth", i, "touchpoint"), mot.touchpoint, m.Touchpoint)
        for i, pain in enumerate(stage.pain_points):
            for j, tp_id in enumerate(pain.touchpoints):
                yield Reference(base + ("pain_points", i, "touchpoints", j), tp_id, m.Touchpoint)
        for i, action in enumerate(stage.desired_actions):
            if action.metric is not None:
                yield Reference(base + ("desired_actions", i, "metric"), action.metric, m.Metric)
        for i, done in enumerate(stage.completed_actions):
            if done.fulfils is not None:
                yield Reference(base + ("completed_actions", i, "fulfils"), done.fulfils, m.DesiredAction)
        for i, opp in enumerate(stage.opportunities):
            for j, pain_id in enumerate(opp.addresses):
                yield Reference(base + ("opportunities", i, "addresses", j), pain_id, m.PainPoint)


def hierarchy_references(journey: m.JourneyMap) -> Iterator[tuple[Path, str]]:
    """Every map id a map names (``parent``, each ``detail``), with its path, in document order."""
    if journey.parent is not None:
        yield ("parent",), journey.parent
    for s, stage in enumerate(journey.stages):
        if stage.detail is not None:
            yield ("stages", s, "detail"), stage.detail
        for i, tp in enumerate(stage.touchpoints):
            if tp.detail is not None:
                yield ("stages", s, "touchpoints", i, "detail"), tp.detail
