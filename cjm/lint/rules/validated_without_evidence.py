"""A pain point or opportunity says `confidence: validated` but lists no evidence to show it.

Why: `validated` tells readers that research or data confirm the claim; the board and the report
count it as settled. Without an evidence item of a kind other than `assumption` (free text is not
enough: it cannot say what kind of evidence it is, or how old), the claim cannot be checked by
the next person who reads the map.

Fails::

    - id: pp-fees
      name: Hidden fees at checkout
      confidence: validated
      evidence: Everybody knows this

Passes::

    - id: pp-fees
      name: Hidden fees at checkout
      confidence: validated
      evidence:
        - {kind: usability_test, source: Checkout test round 4, date: 2026-08-12, sample: 6}
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import facts as F
from ...i18n.labels import kind_word
from ...i18n.message import say
from ...model import Confidence, EvidenceKind
from ...problems import Path, Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM603"
NAME = "validated-without-evidence"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    facts = ctx.facts
    for path, _stage, pain in ctx.journey.lane_items("pain_points"):
        yield from _judge(path, "pain point", pain.id, facts.pain_index[pain.id].backing)
    for path, _stage, opp in ctx.journey.lane_items("opportunities"):
        yield from _judge(path, "opportunity", opp.id, facts.opportunity_backing[opp.id])


def _judge(path: Path, kind: str, ident: str, backing: F.Backing) -> Iterator[Finding]:
    if backing.confidence is not Confidence.validated:
        return
    if any(item.kind is not EvidenceKind.assumption for item in backing.items):
        return
    if backing.items:
        why = say("its only evidence items are assumptions")
    elif backing.text is not None:
        why = say("its evidence is free text, not evidence items")
    else:
        why = say("it gives no evidence")
    yield Finding(
        path + ("confidence",),
        say("%(kind)s '%(id)s' is marked validated but %(why)s", kind=kind_word(kind), id=ident, why=why),
        say("list what validates it (`- {kind: interview, source: ..., date: ..., sample: ...}`) "
            "or say `confidence: reasoned`"),
    )
