"""What ``cjm diff`` says when new inputs or a new formula reorder the top opportunities.

The ranks come from :mod:`cjm.facts.scores` (:func:`~cjm.facts.scores.rank_moves`); this module
only words them. Each side of a diff is scored with the scoring model of its own repository as
it was on that side: for ``cjm diff --rev REV`` the ``.cjm.toml`` (or ``pyproject.toml``) of REV,
read from git, against the working tree's; for two folders each folder's. A formula changed in
the configuration reorders maps whose files did not change at all, so when the two models
differ every map is scored on both sides (:func:`cjm.diff.pairs.compare` loads the unchanged
ones too), and a map whose top changed says that the formula changed (old → new) before its
moves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..config import ConfigError
from ..facts.scores import rank_moves, scores
from ..i18n.labels import N_
from ..i18n.message import say
from ..model import JourneyMap
from ..scoring import DEFAULT, ScoringModel

Models = tuple[ScoringModel, ScoringModel]
"""The scoring models of the old and the new side."""


def models(old: Callable[[], ScoringModel], new: Callable[[], ScoringModel]) -> Models | None:
    """Both sides' models, each read by calling its function; None (no notes) when neither side's
    repository configures ``[scoring]`` (the ranking is then nobody's agreed priority) or a
    configuration cannot be read (the command that reads it, lint or validate, says why)."""
    try:
        pair = (old(), new())
    except ConfigError:
        return None
    return None if pair[0] is DEFAULT and pair[1] is DEFAULT else pair


def rank_notes(old: JourneyMap, new: JourneyMap, pair: Models | None, top: int = 5) -> list[Any]:
    """What ``cjm diff`` says when the top ``top`` of the ranking changed: "opportunity 'Guest
    checkout' moved from rank 5 to rank 2 by score", one message per move (:func:`rank_moves`),
    translatable; led by what changed in the scoring model when the two sides' models differ.
    Nothing for two different maps, or without models (:func:`models`)."""
    if old.id != new.id or pair is None:
        return []
    before, after = pair
    out: list[Any] = []
    for move in rank_moves(scores(old, before), scores(new, after), top):
        if move.before is not None and move.after is not None:
            out.append(say(N_("opportunity '%(name)s' moved from rank %(before)s to rank %(after)s by score"),
                           name=move.name, before=move.before, after=move.after))
        elif move.after is not None:
            out.append(say(N_("opportunity '%(name)s' now ranks %(after)s by score"),
                           name=move.name, after=move.after))
        else:
            out.append(say(N_("opportunity '%(name)s' left the ranking (rank %(before)s before)"),
                           name=move.name, before=move.before))
    if out and before != after:
        out.insert(0, model_note(before, after))
    return out


def model_note(before: ScoringModel, after: ScoringModel) -> Any:
    """``the scoring formula changed: reach * impact → reach * impact * fit``; when only the
    inputs' scales or words changed, that, with the formula both sides share."""
    if before.formula.text != after.formula.text:
        return say(N_("the scoring formula changed: %(old)s → %(new)s"),
                   old=before.formula.text, new=after.formula.text)
    return say(N_("the scales of the scoring inputs changed (formula %(formula)s)"),
               formula=after.formula.text)
