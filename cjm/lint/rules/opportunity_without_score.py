"""An open opportunity has no score, and cjm cannot derive the inputs it lacks.

Why: the report ranks opportunities by the repository's scoring model (RICE unless
`[tool.cjm.scoring]` says otherwise; docs/scoring.md). An opportunity without a score is listed
after every scored one, whatever its merit, so it is never weighed against the others. cjm derives
reach from the funnel, impact from the pain points it addresses and confidence from evidence;
what it cannot derive (effort, a custom input) the opportunity must state. Done opportunities
are left alone. Like every scoring rule it runs in a repository that configures
`[tool.cjm.scoring]`: one that has chosen no model is not told what its model lacks.

Fails::

    opportunities:
      - id: op-guest-checkout
        name: Guest checkout
        addresses: [pp-forced-account]
        status: planned

Passes::

    opportunities:
      - id: op-guest-checkout
        name: Guest checkout
        addresses: [pp-forced-account]
        status: planned
        effort: 2          # person-months in RICE; low, medium, high work too
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import facts as F
from ...i18n.message import say
from ...i18n.scoring import off_scale
from ...problems import Severity
from ...scoring import DEFAULT
from ..finding import Context, Finding, NoOptions
from ._scoring import model_of

CODE = "CJM701"
NAME = "opportunity-without-score"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[NoOptions]) -> Iterator[Finding]:
    model = model_of(ctx)
    if model is DEFAULT:
        return  # the team has chosen no scoring model: the report still ranks, lint stays quiet
    scored = F.scores(ctx.journey, model)
    for (path, _stage, _opp), item in zip(ctx.journey.lane_items("opportunities"), scored, strict=True):
        if item.done or item.score is not None:
            continue
        if item.undefined:
            yield Finding(path, say("opportunity '%(id)s' has no score: the scoring formula divides by zero for "
                                    "its inputs", id=item.id),
                          say("give the input the formula divides by a value above zero"))
            continue
        wrong = [i for i in item.inputs if i.name in item.missing and i.problem]
        if wrong:
            problem = wrong[0].problem
            assert problem is not None
            yield Finding(path, say("opportunity '%(id)s' has no score: %(problem)s", id=item.id,
                                    problem=off_scale(wrong[0].name, problem)),
                          say("write a number on the scale or one of its words"))
            continue
        names = ", ".join(item.missing)
        yield Finding(path, say("opportunity '%(id)s' has no score: no %(names)s, and cjm cannot derive it from "
                                "the map", id=item.id, names=names),
                      _hint(item.missing[0]))


def _hint(name: str) -> str:
    if name == "reach":
        return say("state `reach:` (customers), or record the funnel of the stage of the pain points "
                   "it addresses (`completed_actions` with `count` and `of`)")
    if name in ("impact", "customer_value"):
        return say("state `%(name)s:`, or list the pain points it addresses in `addresses`", name=name)
    if name in ("reach", "value", "impact", "effort"):
        return say("state `%(name)s:` on the opportunity (a number, or low, medium, high)", name=name)
    return say("state it under `scores:` (`scores: {%(name)s: ...}`)", name=name)
