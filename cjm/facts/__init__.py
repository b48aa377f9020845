"""Journey facts: the only place numbers and judgements about a journey are computed.

Why one module: when the board, the report and the diff each computed a funnel for themselves,
one funnel showed three different drop-offs. Every output (board, site index, Markdown, Mermaid,
Graphviz, report, diff, lint, CSV) asks :func:`of` for a map's :class:`JourneyFacts` and only
formats what it is given; templates never divide. The definitions, also in docs/format.md:

- **funnel**: one per period (ordered by :mod:`cjm.periods`); its steps are the desired actions
  in journey order, each with the completed action that ``fulfils`` it in that period (the
  largest ``count`` when several do), then completed actions that fulfil nothing, in their stage.
  *Conversion* is ``count`` of ``of``; *drop-off* is what was lost since the previous step with
  data **of the same period**, of that step's ``count``; *overall* is the last step's ``count``
  of the first step's base (its ``of``, else its ``count``).
- **stage emotion**: the stage's own ``emotion``, else the mean of its touchpoints' emotions,
  rounded half up to one decimal; its *level* (colour, word) is that value rounded half up.
- **open pain point**: no opportunity with status ``done`` addresses it; otherwise resolved.
- **confidence** of a pain point or opportunity: its ``confidence`` when the map states one;
  otherwise ``assumption`` when it has no evidence at all or only items of kind ``assumption``,
  and ``reasoned`` when it has free-text evidence or any other item (cjm never infers
  ``validated``: that is a team's judgement). *Assumption-only* means that confidence is
  ``assumption``: the board shades it, the report counts it, lint CJM601 reports it when severe.
- **evidence date**: the newest ``date`` among its evidence items (None without dated items).
- **severe pain on assumptions**: of the open critical and high pain points, weighted critical 2
  and high 1, the share that is assumption-only (the portfolio ranks maps by it).
- **severity order**: :data:`cjm.model.SEVERITY_ORDER`, unrated last.
- **flow**: a touchpoint with ``next`` leads to those touchpoints; one without ``next`` may lead
  to any touchpoint of the next stage that has touchpoints (stacked touchpoints are alternatives
  or parallel channels, not a chain). The journey starts at the first stage with touchpoints.
- **conformance** of an event log (:mod:`.conformance`, docs/conform.md): ad hoc events,
  irregular moves (with their kind), missing stages, failed cases and each case's fitness,
  held against the flow above.
- **metric status**: ``met``/``missed`` from actual against target in the metric's direction,
  ``unknown`` without both.
- **period**: a period is the days it covers, whatever its case (``2027-q1`` is ``2027-Q1``):
  funnels and histories group by :func:`cjm.periods.canonical` and show that spelling.
- **metric history**: points ordered by period (:mod:`cjm.periods`; a repeated period keeps its
  first value); ``actual`` is the map's ``actual``, else the latest point's value; the *change*
  is the latest value minus the previous one; *missed in a row* counts the latest points that
  missed the target, back from the latest.
- **trends use dated periods only**: the latest and previous points, the change and the misses
  in a row are taken from the points whose period cjm can place in time (the *trend*). A point
  with free text for a period (``осень 2026``, ``forecast``) is kept in the history and shown,
  but it is never the latest value, never "the previous period" of a change, and never part of
  a run of misses: nobody can say whether it came before or after ``2026-Q3`` (lint CJM305 asks
  for a period cjm can order). A metric whose history has no dated point has no derived actual.
- **step trend**: a funnel step's conversion in each dated period; its *change* is the latest
  minus the previous one, in percentage points.
- **opportunity score**: the repository's scoring model (:mod:`cjm.scoring`) over inputs each
  opportunity states or cjm derives from the facts above (reach from the latest funnel, impact
  from severity and stage emotion, confidence from evidence): :mod:`.scores`, docs/scoring.md.

Facts are plain data (ids, names, numbers), so a worker process can send them back instead of
the map, and they are computed once per map: :func:`of` keeps them on the map object.
"""

from . import conformance
from .conformance import CaseResult, Conformance, MoveKind, Rules, check_case, rules_of
from .emotion import EmotionPoint, Low
from .flow import Flow
from .funnel import Funnel, FunnelStep, StepTrend, counted_instead
from .hierarchy import Rollup, Summary, rollup, summary
from .journey import NO_CHANNEL, JourneyFacts, of, release
from .metrics import HistoryPoint, MetricFact
from .moments import ChannelMix, MomentFact
from .numbers import Rate, half_up
from .pain import (
    SEVERE_WEIGHTS,
    Backing,
    EvidenceFact,
    PainFact,
    backing,
    by_confidence,
    open_count,
    severe_on_assumptions,
    severity_rank,
)
from .scores import (
    Derivation,
    InputValue,
    Move,
    OffScale,
    Ranked,
    ScoredOpportunity,
    rank_moves,
    ranked,
    ranks,
    scores,
)

__all__ = [
    "CaseResult", "Conformance", "MoveKind", "Rules", "check_case", "conformance", "rules_of",
    "NO_CHANNEL", "SEVERE_WEIGHTS", "Backing", "ChannelMix", "Derivation", "EmotionPoint",
    "EvidenceFact", "Flow", "Funnel", "FunnelStep", "HistoryPoint", "InputValue", "JourneyFacts", "OffScale",
    "Low", "MetricFact", "MomentFact", "Move", "PainFact", "Ranked", "Rate", "Rollup",
    "ScoredOpportunity", "StepTrend", "Summary", "backing", "by_confidence", "counted_instead",
    "half_up", "of", "open_count", "rank_moves", "ranked", "ranks", "release",
    "rollup", "scores", "severe_on_assumptions", "severity_rank", "summary",
]
