"""What ``cjm diff`` says when new inputs (or a new formula) reorder the top opportunities.

A self-contained piece hooked into :func:`cjm.diff.engine.diff_maps` by one line: the ranks come
from :mod:`cjm.facts.scores` (:func:`~cjm.facts.scores.rank_moves`), this module only words them.
"""

from __future__ import annotations

from typing import Any

from ..config import ConfigError, scoring_for
from ..facts.scores import rank_moves, scores
from ..i18n.labels import N_
from ..i18n.message import say
from ..model import JourneyMap
from ..scoring import DEFAULT, ScoringModel


def rank_notes(old: JourneyMap, new: JourneyMap, old_model: ScoringModel | None = None,
               new_model: ScoringModel | None = None, top: int = 5) -> list[Any]:
    """What ``cjm diff`` says when the ranking's top changed: "opportunity 'Guest checkout' moved
    from rank 5 to rank 2 by score", one message per move (:func:`rank_moves`), translatable.

    The models default to the scoring model of the current folder's repository, the same for
    both sides; a repository that configures no ``[scoring]`` (or a broken one) gets no notes,
    nor do two different maps. Pass two models to see what a new formula does to the same map
    (``rank_notes(m, m, old_model, new_model)``)."""
    if old.id != new.id:
        return []
    if old_model is None or new_model is None:
        try:
            here = scoring_for(None)
        except ConfigError:
            return []
        if here is DEFAULT:
            return []
        old_model, new_model = old_model or here, new_model or here
    out = []
    for move in rank_moves(scores(old, old_model), scores(new, new_model), top):
        if move.before is not None and move.after is not None:
            out.append(say(N_("opportunity '%(name)s' moved from rank %(before)s to rank %(after)s by score"),
                           name=move.name, before=move.before, after=move.after))
        elif move.after is not None:
            out.append(say(N_("opportunity '%(name)s' now ranks %(after)s by score"),
                           name=move.name, after=move.after))
        else:
            out.append(say(N_("opportunity '%(name)s' left the ranking (rank %(before)s before)"),
                           name=move.name, before=move.before))
    return out
