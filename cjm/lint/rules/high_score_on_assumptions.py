"""A top-scored opportunity addresses a pain point that rests on assumptions only.

Why: the score ranks it among the first things to build, but the pain it would relieve is a
hypothesis nobody has checked (its confidence is `assumption`: docs/format.md). The derived
confidence already lowers the score; when the opportunity still ranks among the map's first
`top` (default 3), check the pain point with customers or data before the team commits to it.
Only in a repository that configures `[tool.cjm.scoring]`: a ranking nobody chose is no plan.

Fails (ranks first, and its pain point is an assumption)::

    pain_points:
      - id: pp-reference-format
        name: Booking reference rejected with spaces
        severity: medium
        evidence:
          - {kind: assumption, source: Team retro}
    opportunities:
      - {id: op-lenient, name: Accept spaces, addresses: [pp-reference-format], effort: 0.5}

Passes::

    pain_points:
      - id: pp-reference-format
        name: Booking reference rejected with spaces
        severity: medium
        evidence:
          - {kind: analytics, source: Login errors by input, date: 2026-10-01}
    opportunities:
      - {id: op-lenient, name: Accept spaces, addresses: [pp-reference-format], effort: 0.5}

Configure::

    [tool.cjm.lint.rules.CJM703]
    top = 5   # look at the map's first 5 opportunities (default 3)
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ... import facts as F
from ...i18n.message import say
from ...problems import Severity
from ...scoring import DEFAULT
from ..finding import Context, Finding, RuleOptions
from ._scoring import model_of

CODE = "CJM703"
NAME = "high-score-on-assumptions"
SEVERITY = Severity.warning


class Options(RuleOptions):
    top: int = Field(3, ge=1, description="How many of the map's highest-scored opportunities to look at.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    model = model_of(ctx)
    if model is DEFAULT:
        return  # the team has chosen no scoring model: nothing to hold its ranking against
    scored = F.scores(ctx.journey, model)
    paths = {item.order: path for item, (path, _s, _o) in
             zip(scored, ctx.journey.lane_items("opportunities"), strict=True)}
    for entry in F.ranked(scored)[0]:
        if entry.rank is None or entry.rank > ctx.options.top:
            continue
        item = entry.item
        if not item.on_assumptions:
            continue
        names = ", ".join(f"'{p}'" for p in item.on_assumptions)
        yield Finding(paths[item.order] + ("addresses",),
                      say("opportunity '%(id)s' ranks %(rank)s of the map's opportunities, but the pain point "
                          "%(names)s it addresses rests on assumptions only", id=item.id, rank=entry.rank,
                          names=names),
                      say("check the pain point with customers or data (add an interview, survey or "
                          "analytics evidence item) before committing to the opportunity"))
