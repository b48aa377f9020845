"""Opportunity scores: each input stated or derived from the map's own numbers, and the ranking.

Why here: a score is a number about a journey, and the report, the board's matrix and ranks, the
diff's "moved from 5th to 2nd" and lint read the same one (DESIGN §2, one definition per
concept). The formula and the scales are the repository's scoring model (:mod:`cjm.scoring`,
``[tool.cjm.scoring]``); this module only knows how a map fills the inputs in. A value an
opportunity states always wins; otherwise (docs/scoring.md has worked examples):

- **reach**: customers at the funnel step of the stage where the addressed pain points sit (the
  opportunity's own stage when it addresses none), in the latest period: the first measured step
  of that stage in :attr:`JourneyFacts.latest`, its base ``of`` (those who reached the step),
  else its ``count``. Pain points in several stages: the largest of their stages' reach (the
  same customers pass through several stages, so they are not added up).
- **impact**: the most severe addressed pain point (open ones first): critical 3, high 2,
  medium 1, low 0.5, unrated 0.25 (RICE's massive ... minimal); one step up, at most 3, when
  its stage's emotion is negative (level 1 or 2). On a scale whose top is not 3 it is rescaled:
  ``impact × top / 3``.
- **confidence**: the opportunity's own confidence when it states one or gives evidence
  (:func:`cjm.facts.backing`), else the weakest confidence of the pain points it addresses:
  assumption 0.5, reasoned 0.8, validated 1 (RICE's 50/80/100%), or the word's point when the
  input's scale names it (ICE's 5/8/10).
- **customer_value**: impact as a share of its top, on the input's scale (0-100 by default).
- **value**: the mean of customer_value and business_value, whichever are known.
- **ease**: from an effort word: low 80%, medium 50%, high 20% of the scale's top.

Scores are plain data (:class:`ScoredOpportunity`), computed once per map and model and kept
with the map's facts. They are named tuples, not frozen dataclasses: as immutable, and a
thousand maps make tens of thousands of them (an opportunity, its inputs, their sources), which
a frozen dataclass's ``__init__`` made a fifth slower to score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..model import Confidence, JourneyMap, Opportunity, Status
from ..scoring import DEFAULT, Scale, ScoringModel
from .journey import JourneyFacts, of
from .pain import PainFact

IMPACT_LADDER: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0)
"""Derived impact's points, unrated to critical: RICE's minimal, low, medium, high, massive."""
IMPACT_TOP = 3.0
CONFIDENCE_POINTS: dict[Confidence, float] = {
    Confidence.assumption: 0.5, Confidence.reasoned: 0.8, Confidence.validated: 1.0}
EASE_SHARE: dict[str, float] = {"low": 0.8, "medium": 0.5, "high": 0.2}
STATED_FIELDS = ("reach", "value", "impact", "effort")  # inputs with a field of their own


class Derivation(NamedTuple):
    """Where a derived input comes from, as data: each output words it in its language."""

    kind: str  # funnel, pain, evidence, pain-evidence, impact, mean, effort
    stage: str | None = None
    period: str | None = None
    pain: str | None = None
    severity: str | None = None
    emotion: float | None = None  # the stage emotion that raised impact a step
    confidence: str | None = None
    word: str | None = None  # the effort word ease comes from


@dataclass(frozen=True)
class OffScale:
    """A stated value its input's scale does not have (so it is not used), with what the scale
    allows: data, worded in the reader's language by each output (:func:`cjm.i18n.scoring.off_scale`)."""

    stated: float | str
    low: float | None
    high: float | None
    words: tuple[str, ...]


class InputValue(NamedTuple):
    """One input of one opportunity: its value, stated or derived (with its source)."""

    name: str
    value: float | None
    stated: bool = False
    word: str | None = None  # the word the map states, when it states one
    source: Derivation | None = None
    problem: OffScale | None = None  # a stated value the scale does not have (it is not used)

    @property
    def derived(self) -> bool:
        return self.value is not None and not self.stated


class ScoredOpportunity(NamedTuple):
    """An opportunity with its score; ``score`` is None when an input has no value."""

    id: str
    name: str
    stage_id: str
    stage: str
    status: Status | None
    order: int  # document order in its map (not `index`: a tuple has that method)
    score: float | None
    inputs: tuple[InputValue, ...]
    missing: tuple[str, ...] = ()  # inputs with no value (stated nor derived)
    undefined: bool = False  # every input has a value but the formula divides by zero
    addresses: tuple[tuple[str, str, bool], ...] = ()  # (id, name, open) of the pain points
    on_assumptions: tuple[str, ...] = ()  # ids of addressed open pain points that are assumption-only
    map_id: str = ""
    map_title: str = ""
    file: str = ""

    @property
    def done(self) -> bool:
        return self.status is Status.done

    def input(self, name: str) -> InputValue | None:
        return next((i for i in self.inputs if i.name == name), None)

    def bare(self) -> ScoredOpportunity:
        """Itself without its inputs and pain points: what a portfolio's ranking needs, and
        what a worker sends back when the map's JSON already carries the rest."""
        return self._replace(inputs=(), addresses=(), on_assumptions=())


@dataclass(frozen=True)
class Ranked:
    """An opportunity's place: ``rank`` 1 is the highest score; None for unscored and done ones."""

    rank: int | None
    item: ScoredOpportunity


@dataclass(frozen=True)
class Move:
    """An opportunity whose rank changed between two versions (``None``: not ranked there)."""

    id: str
    name: str
    before: int | None
    after: int | None


def scores(journey: JourneyMap, model: ScoringModel = DEFAULT, file: str = "") -> tuple[ScoredOpportunity, ...]:
    """Every opportunity of ``journey`` scored with ``model``, in document order; computed once
    per map and model and kept with the map's facts."""
    facts = of(journey)
    # keyed by the model's id, kept with the model itself: a model freed (cjm serve reading an
    # edited .cjm.toml) cannot hand its id, and so its scores, to the next one
    kept: dict[tuple[int, str], tuple[ScoringModel, tuple[ScoredOpportunity, ...]]] = \
        facts.__dict__.setdefault("_scores", {})
    key = (id(model), file)
    hit = kept.get(key)
    if hit is not None and hit[0] is model:
        return hit[1]
    here = _Here(facts)
    order = _input_order(model)
    found = tuple([_score(here, model, order, stage, opp, index, file)
                   for index, (_path, stage, opp) in enumerate(journey.lane_items("opportunities"))])
    kept[key] = (model, found)
    return found


class _Here:
    """What every opportunity of one map is scored from, looked up once per map (a thousand maps
    score thousands of opportunities: a search of the funnel or the curve for each cost more
    than the scoring itself)."""

    def __init__(self, facts: JourneyFacts) -> None:
        self.facts = facts
        self.is_open = {p.id: p.open for p in reversed(facts.pain_points)}  # the first of an id wins
        self.pain_index = facts.pain_index
        latest = facts.latest
        self.period = latest.period if latest is not None else None
        # stage id -> (customers, stage name): the first measured step of the stage, latest period
        self.reach_at: dict[str, tuple[int, str]] = {}
        for step in latest.steps if latest is not None else ():
            if step.completed is not None and step.stage_id not in self.reach_at:
                done = step.completed
                self.reach_at[step.stage_id] = (done.base if done.base is not None else done.count, step.stage)
        self.emotion_at = {p.stage_id: p for p in reversed(facts.emotion)}


def _score(here: _Here, model: ScoringModel, order: list[str], stage: Any, opp: Opportunity,
           index: int, file: str) -> ScoredOpportunity:
    index_, is_open = here.pain_index, here.is_open
    pains_all = [index_[p] for p in dict.fromkeys(opp.addresses) if p in index_]
    # the addressed pain points an input is derived from: the open ones, else all of them
    pains = [p for p in pains_all if is_open[p.id]] or pains_all
    values: dict[str, InputValue] = {}
    for name in order:
        values[name] = _input(here, model, name, stage, opp, pains, values)
    missing = tuple([n for n in model.uses if values[n].value is None])
    score: float | None = None
    undefined = False
    if not missing:
        try:
            score = model.formula.evaluate({n: values[n].value for n in model.uses})  # type: ignore[misc]
        except (ZeroDivisionError, OverflowError):
            undefined = True
    journey = here.facts.journey
    return ScoredOpportunity(
        opp.id, opp.name, stage.id, stage.name, opp.status, index, score,
        tuple([values[n] for n in model.inputs]), missing, undefined,
        tuple([(p.id, p.name, is_open[p.id]) for p in pains_all]),
        tuple([p.id for p in pains_all if is_open[p.id] and p.assumption_only]),
        journey.id, journey.title, file,
    )


def _input_order(model: ScoringModel) -> list[str]:
    """Inputs in the order they can be filled in: value after customer value, ease after effort."""
    late = {"value": 2, "ease": 1}
    return sorted(model.inputs, key=lambda n: late.get(n, 0))


def stated_raw(opp: Opportunity, name: str) -> float | str | None:
    """What the opportunity itself says for input ``name``, before any scale reads it."""
    if name in STATED_FIELDS:
        raw = getattr(opp, name)
        if raw is not None:
            return raw.value if hasattr(raw, "value") else raw  # type: ignore[no-any-return]
    if name == "confidence" and opp.confidence is not None:
        return opp.confidence.value
    return opp.scores.get(name)


def _read(name: str, raw: float | str, scale: Scale) -> InputValue:
    if isinstance(raw, str):
        number = scale.word(raw)
        if number is None and name == "confidence" and raw in Confidence.__members__:
            number = _rescaled(CONFIDENCE_POINTS[Confidence(raw)], 1.0, scale)
        if number is None:
            return InputValue(name, None, True, raw, problem=_off(raw, scale))
        return InputValue(name, number, True, raw)
    if not scale.contains(raw):
        return InputValue(name, None, True, problem=_off(raw, scale))
    return InputValue(name, float(raw), True)


def _off(raw: float | str, scale: Scale) -> OffScale:
    return OffScale(raw, scale.low, scale.high, tuple(scale.allowed_words()))


def _rescaled(value: float, top: float, scale: Scale) -> float:
    """A derived value on its own scale (0 to ``top``) as a point on the input's scale."""
    if scale.high is not None:
        value = value * scale.high / top
    if scale.low is not None:
        value = max(value, scale.low)
    return value


def _input(here: _Here, model: ScoringModel, name: str, stage: Any, opp: Opportunity,
           pains: list[PainFact], known: dict[str, InputValue]) -> InputValue:
    scale = model.inputs[name]
    raw = stated_raw(opp, name)
    if raw is not None:
        return _read(name, raw, scale)
    if name == "reach":
        return _reach(here, stage, pains)
    if name in ("impact", "customer_value"):
        impact = _impact(here, pains)
        if impact is None:
            return InputValue(name, None)
        points, source = impact
        if name == "impact":
            return InputValue(name, _rescaled(points, IMPACT_TOP, scale), source=source)
        top = scale.high if scale.high is not None else 100.0
        return InputValue(name, _rescaled(points / IMPACT_TOP * top, top, scale), source=source)
    if name == "confidence":
        level, source = _confidence(here.facts, opp, pains)
        number = scale.words.get(level.value) if scale.words else None
        if number is None:
            number = _rescaled(CONFIDENCE_POINTS[level], 1.0, scale)
        return InputValue(name, number, source=source)
    if name == "value":
        parts = [known[n].value for n in ("customer_value", "business_value")
                 if n in known and known[n].value is not None]
        if not parts:
            return InputValue(name, None)
        return InputValue(name, math.fsum(p for p in parts if p is not None) / len(parts),
                          source=Derivation("mean"))
    if name == "ease":
        effort = stated_raw(opp, "effort")
        if isinstance(effort, str) and effort in EASE_SHARE:
            top = scale.high if scale.high is not None else 10.0
            return InputValue(name, _rescaled(EASE_SHARE[effort] * top, top, scale),
                              source=Derivation("effort", word=effort))
    return InputValue(name, None)


def _reach(here: _Here, stage: Any, pains: list[PainFact]) -> InputValue:
    best: tuple[int, str] | None = None
    for stage_id in dict.fromkeys(p.stage_id for p in pains) if pains else (stage.id,):
        found = here.reach_at.get(stage_id)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    if best is None:
        return InputValue("reach", None)
    return InputValue("reach", float(best[0]), source=Derivation("funnel", stage=best[1], period=here.period))


def _impact(here: _Here, pains: list[PainFact]) -> tuple[float, Derivation] | None:
    if not pains:
        return None
    worst = min(pains, key=lambda p: p.severity_rank)  # min keeps document order on a tie
    step = len(IMPACT_LADDER) - 1 - worst.severity_rank
    point = here.emotion_at.get(worst.stage_id)
    raised = point is not None and point.level is not None and point.level <= 2
    if raised:
        step = min(step + 1, len(IMPACT_LADDER) - 1)
    return IMPACT_LADDER[step], Derivation(
        "pain", stage=worst.stage, pain=worst.name,
        severity=worst.severity.value if worst.severity else None,
        emotion=point.value if raised and point is not None else None)


_ORDER = {level: i for i, level in enumerate(Confidence)}


def _confidence(facts: JourneyFacts, opp: Opportunity,
                pains: list[PainFact]) -> tuple[Confidence, Derivation]:
    # the opportunity's own backing, only when it has evidence (most have none: the pain points'
    # confidence is then the answer, without the cost of every opportunity's backing)
    own = facts.opportunity_backing.get(opp.id) if opp.evidence else None
    if own is not None and (own.text is not None or own.items):
        return own.confidence, Derivation("evidence", confidence=own.confidence.value)
    if pains:
        weakest = min(pains, key=lambda p: _ORDER[p.confidence])
        return weakest.confidence, Derivation("pain-evidence", pain=weakest.name,
                                              confidence=weakest.confidence.value)
    return Confidence.assumption, Derivation("evidence", confidence=Confidence.assumption.value)


# --- ranking ----------------------------------------------------------------------------------

def rank_key(item: ScoredOpportunity) -> tuple[bool, float, str, int]:
    """Highest score first (to six decimals, so float noise never breaks a tie: 1/3 × 100 and
    100/3 are one score); unscored last; then file and document order (deterministic)."""
    return (item.score is None, -round(item.score or 0.0, 6), item.file, item.order)


def ranked(items: Iterable[ScoredOpportunity]) -> tuple[list[Ranked], list[ScoredOpportunity]]:
    """The opportunities still to do, ranked (unscored ones after, without a rank), and the done
    ones apart, in document order. Equal scores share no rank: the order is still deterministic."""
    todo: list[ScoredOpportunity] = []
    done: list[ScoredOpportunity] = []
    for item in items:
        (done if item.done else todo).append(item)
    todo.sort(key=rank_key)
    out = [Ranked(i if item.score is not None else None, item) for i, item in enumerate(todo, 1)]
    return out, done


def ranks(items: Iterable[ScoredOpportunity]) -> dict[str, int]:
    """Opportunity id -> rank (the board's badges; the first of a duplicated id)."""
    out: dict[str, int] = {}
    for r in ranked(items)[0]:
        if r.rank is not None:
            out.setdefault(r.item.id, r.rank)
    return out


def rank_moves(before: Sequence[ScoredOpportunity], after: Sequence[ScoredOpportunity],
               top: int = 5) -> list[Move]:
    """Opportunities in the ``top`` of either version whose rank changed, by their new rank:
    what ``cjm diff`` says when new inputs or a new formula reorder the top of the list."""
    old, new = ranks(before), ranks(after)
    names = {i.id: i.name for i in (*before, *after)}
    out = []
    for ident in dict.fromkeys([*new, *old]):
        a, b = old.get(ident), new.get(ident)
        if a == b or not ((a is not None and a <= top) or (b is not None and b <= top)):
            continue
        out.append(Move(ident, names.get(ident, ident), a, b))
    out.sort(key=lambda m: (m.after is None, m.after or 0, m.before or 0))
    return out
