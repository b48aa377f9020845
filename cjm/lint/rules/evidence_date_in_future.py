"""An evidence item is dated in the future.

Why: an item's `date` says when the evidence was gathered, so a date after today is a typo (often
the year: 2062 for 2026, or a planned study written as if done). It also makes that item the
claim's newest evidence for years, which keeps stale-evidence (CJM602) quiet until the date comes
round. Every dated item of every pain point and opportunity is checked, resolved or not: the date
is wrong either way. Run with `cjm lint --today` to judge as of another day.

Fails (in 2026)::

    evidence:
      - {kind: interview, source: Round 3, date: 2030-01-01}

Passes::

    evidence:
      - {kind: interview, source: Round 3, date: 2026-03-01}
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.labels import kind_word
from ...i18n.message import say
from ...model import EvidenceItem
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM604"
NAME = "evidence-date-in-future"
SEVERITY = Severity.error
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    now = ctx.today
    for lane, what in (("pain_points", "pain point"), ("opportunities", "opportunity")):
        for path, _stage, item in ctx.journey.lane_items(lane):
            if not isinstance(item.evidence, list):
                continue
            for i, evidence in enumerate(item.evidence):
                assert isinstance(evidence, EvidenceItem)
                if evidence.date is not None and evidence.date > now:
                    yield Finding(
                        path + ("evidence", i, "date"),
                        say("evidence item %(num)s of %(kind)s '%(id)s' is dated %(date)s, which is in the future",
                            num=i + 1, kind=kind_word(what), id=item.id, date=evidence.date.isoformat()),
                        say("use the date the evidence was gathered, on or before today "
                            "(%(today)s): a study still to come is not evidence yet", today=now.isoformat()),
                    )
