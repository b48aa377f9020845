"""An input of the scoring formula has a value on no opportunity of the map.

Why: when no opportunity states an input and cjm cannot derive it (docs/scoring.md: reach from
the funnel, impact from the pain points addressed, confidence from evidence), the formula has
nothing to compute with: no opportunity of the map gets a score, and the ranking is empty. It
is usually a formula naming an input the team never filled in, or a map without a funnel under
a model that needs reach. Reported once per map, at its first open opportunity, and only
in a repository that configures `[tool.cjm.scoring]` (one that has chosen no model gets
CJM701's notes instead).

Fails (with `[scoring] preset = "rice"`: effort is never derived)::

    opportunities:
      - {id: op-guest, name: Guest checkout, addresses: [pp-account]}
      - {id: op-wallets, name: Apple Pay and Google Pay, addresses: [pp-card-entry]}

Passes::

    opportunities:
      - {id: op-guest, name: Guest checkout, addresses: [pp-account], effort: 2}
      - {id: op-wallets, name: Apple Pay and Google Pay, addresses: [pp-card-entry], effort: low}
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import facts as F
from ...i18n.message import say
from ...problems import Severity
from ...scoring import DEFAULT
from ..finding import Context, Finding, NoOptions
from ._scoring import model_of

CODE = "CJM702"
NAME = "formula-input-never-given"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    model = model_of(ctx)
    if model is DEFAULT:
        return  # the team has written no formula: the default's needs are CJM701's business
    scored = F.scores(ctx.journey, model)
    open_items = [(path, item) for (path, _s, _o), item in
                  zip(ctx.journey.lane_items("opportunities"), scored, strict=True) if not item.done]
    if not open_items:
        return
    where = open_items[0][0]
    for name in model.uses:
        if any(i.input(name) is not None and i.input(name).value is not None  # type: ignore[union-attr]
               for _p, i in open_items):
            continue
        if any(i.input(name) is not None and i.input(name).stated  # type: ignore[union-attr]
               for _p, i in open_items):
            continue  # stated, but off the scale: CJM701 says so for each
        yield Finding(where, say("the scoring formula (%(formula)s) uses '%(name)s', which no open opportunity of "
                                 "this map states and cjm cannot derive: none has a score",
                                 formula=model.formula.text, name=name),
                      _hint(name))


def _hint(name: str) -> str:
    if name == "reach":
        return say("record the funnel (`completed_actions` with `count` and `of`), or state `reach:`")
    if name in ("value", "impact", "effort"):
        return say("state `%(name)s:` on the opportunities, or change the formula in [tool.cjm.scoring]",
                   name=name)
    return say("state it under `scores:` on the opportunities, or change the formula in [tool.cjm.scoring]")
