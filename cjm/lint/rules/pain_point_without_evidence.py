"""A high or critical pain point gives no evidence.

Why: severe pains drive roadmaps and budgets, so the map should say how we know: interviews,
analytics, support tickets. Without `evidence`, a "critical" label is an opinion.

Fails::

    - id: pp-slow-pages
      name: Pages load slowly on mobile
      severity: high

Passes::

    - id: pp-slow-pages
      name: Pages load slowly on mobile
      severity: high
      evidence: LCP 4.1 s at p75 on mobile (CrUX, June 2026)
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...model import Severity as PainSeverity
from ...problems import Severity
from ..finding import Context, Finding, NoOptions
from ._severity import severe_pain_word

CODE = "CJM202"
NAME = "severe-pain-point-without-evidence"
SEVERITY = Severity.warning
Options = NoOptions

_SEVERE = (PainSeverity.high, PainSeverity.critical)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, pain in journey.lane_items("pain_points"):
        backing = ctx.facts.pain_index[pain.id].backing
        if pain.severity in _SEVERE and backing.text is None and not backing.items:
            yield Finding(
                path + ("severity",),
                say("%(severity)s pain point '%(id)s' gives no evidence",
                    severity=severe_pain_word(pain.severity.value), id=pain.id),
                say("add `evidence:` (interviews, analytics, tickets) or lower the severity"),
            )
