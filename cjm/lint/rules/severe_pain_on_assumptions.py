"""A severe pain point rests on assumptions only.

Why: a critical or high pain point steers roadmaps and budgets. When nobody has checked it (its
`confidence` is `assumption`, or it has no confidence and its evidence is missing or made only
of `kind: assumption` items: docs/format.md defines this once), the map presents a hypothesis as
a finding. Check it with customers or data, or say how sure you are by lowering the severity.
Resolved pain points are left alone. Teams that gate on it make the rule an error. A severe pain
point with no evidence at all is also CJM202's finding (no evidence is a gap in the map as well
as a hypothesis); a team that wants one line for it ignores one of the two.

Fails::

    - id: pp-slow-pages
      name: Pages load slowly on mobile
      severity: critical
      evidence:
        - {kind: assumption, source: Product team workshop}

Passes::

    - id: pp-slow-pages
      name: Pages load slowly on mobile
      severity: critical
      evidence:
        - {kind: analytics, source: CrUX p75 LCP 4.1 s, date: 2026-06-30}
      confidence: reasoned

Configure::

    [tool.cjm.lint.rules.CJM601]
    severity = "error"          # fail lint on it
    min-severity = "critical"   # only critical pain points (default: high and critical)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ... import facts as F
from ...i18n.message import say
from ...model import Severity as PainSeverity
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions
from ._severity import severe_pain_word

CODE = "CJM601"
NAME = "severe-pain-on-assumptions"
SEVERITY = Severity.warning


class Options(RuleOptions):
    min_severity: Literal["critical", "high", "medium", "low"] = Field(
        "high", description="The least severe pain point the rule looks at."
    )


def check(ctx: Context[Options]) -> Iterator[Finding]:
    limit = F.severity_rank(PainSeverity(ctx.options.min_severity))
    for path, _stage, pain in ctx.journey.lane_items("pain_points"):
        fact = ctx.facts.pain_index[pain.id]
        if fact.severity is None or fact.severity_rank > limit:
            continue
        if not fact.open or not fact.assumption_only:
            continue
        if fact.backing.stated:
            where, why = path + ("confidence",), say("its confidence is `assumption`")
        elif fact.backing.items:
            where, why = path + ("evidence",), say("its only evidence items are assumptions")
        else:
            where, why = path + ("severity",), say("it gives no evidence")
        yield Finding(
            where,
            say("%(severity)s pain point '%(id)s' rests on assumptions only: %(why)s",
                severity=severe_pain_word(fact.severity.value), id=pain.id, why=why),
            say("check it with customers or data and add an evidence item (interview, survey, "
                "analytics...) with `confidence: reasoned` or `validated`, or lower the severity"),
        )
