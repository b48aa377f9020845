"""The evidence behind a pain point or opportunity has grown old.

Why: customers, products and competitors change; an interview round from three years ago may no
longer be true. The newest dated evidence item of an open pain point (or of an opportunity not
yet done) older than `max-age-days` (default 365) means the claim is due to be checked again.
Items without a `date` are not judged, and one recent item is enough.

Fails (with the default, in November 2026)::

    evidence:
      - {kind: interview, source: Round 1, date: 2024-03-10, sample: 8}

Passes::

    evidence:
      - {kind: interview, source: Round 1, date: 2024-03-10, sample: 8}
      - {kind: analytics, source: Checkout funnel, date: 2026-09-30}

Configure::

    [tool.cjm.lint.rules.CJM602]
    max-age-days = 180
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ... import facts as F
from ...i18n.labels import kind_word
from ...i18n.message import say, say_plural
from ...model import Status
from ...problems import Path, Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM602"
NAME = "stale-evidence"
SEVERITY = Severity.warning


class Options(RuleOptions):
    max_age_days: int = Field(365, ge=0, description="How old the newest evidence may be, in days.")


def check(ctx: Context[Options]) -> Iterator[Finding]:
    facts = ctx.facts
    for path, _stage, pain in ctx.journey.lane_items("pain_points"):
        fact = facts.pain_index[pain.id]
        if fact.open:
            yield from _judge(path, "pain point", pain.id, fact.backing, ctx)
    for path, _stage, opp in ctx.journey.lane_items("opportunities"):
        if opp.status is not Status.done:
            yield from _judge(path, "opportunity", opp.id, facts.opportunity_backing[opp.id], ctx)


def _judge(path: Path, what: str, ident: str, backing: F.Backing,
           ctx: Context[Options]) -> Iterator[Finding]:
    age, latest = backing.age_days(ctx.today), backing.latest
    if age is None or latest is None or age <= ctx.options.max_age_days:
        return
    index = next(i for i, item in enumerate(backing.items) if item.date == latest)
    yield Finding(
        path + ("evidence", index, "date"),
        say_plural("the newest evidence for %(kind)s '%(id)s' is %(num)s day old (%(date)s), more than %(limit)s",
                   "the newest evidence for %(kind)s '%(id)s' is %(num)s days old (%(date)s), more than %(limit)s",
                   age, kind=kind_word(what), id=ident, num=age, date=latest.isoformat(),
                   limit=ctx.options.max_age_days),
        say("check the claim again and add a fresh evidence item with its `date:`"),
    )
