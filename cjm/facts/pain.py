"""Pain points, the evidence behind a claim and the confidence it earns, severities."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import SEVERITY_ORDER, Confidence, EvidenceItem, EvidenceKind, Severity, Status
from .numbers import Rate


@dataclass(frozen=True)
class EvidenceFact:
    """One evidence item as outputs show it (plain data, so facts stay picklable)."""

    kind: EvidenceKind
    source: str | None = None
    date: _dt.date | None = None
    sample: int | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Backing:
    """How a pain point or opportunity is backed: its evidence and the confidence it earns."""

    text: str | None  # free-text evidence (None when the evidence is a list, or absent)
    items: tuple[EvidenceFact, ...]
    confidence: Confidence  # stated, else derived (see the module docstring)
    stated: bool  # the map says ``confidence:`` itself

    @property
    def assumption_only(self) -> bool:
        """Nothing but assumptions behind it: the one test board, report and lint share."""
        return self.confidence is Confidence.assumption

    @property
    def latest(self) -> _dt.date | None:
        """The newest dated evidence item: how fresh the evidence is."""
        dates = [item.date for item in self.items if item.date is not None]
        return max(dates) if dates else None

    def age_days(self, today: _dt.date) -> int | None:
        latest = self.latest
        return (today - latest).days if latest is not None else None


def backing(evidence: str | list[EvidenceItem] | None, confidence: Confidence | None) -> Backing:
    """The one definition of a claim's confidence (docs/format.md, "Evidence and confidence")."""
    text = evidence if isinstance(evidence, str) and evidence.strip() else None
    items = tuple(EvidenceFact(i.kind, i.source, i.date, i.sample, i.quote)
                  for i in (evidence if isinstance(evidence, list) else ()))
    if confidence is not None:
        return Backing(text, items, confidence, True)
    if text is not None or any(i.kind is not EvidenceKind.assumption for i in items):
        return Backing(text, items, Confidence.reasoned, False)
    return Backing(text, items, Confidence.assumption, False)


SEVERE_WEIGHTS: dict[Severity, int] = {Severity.critical: 2, Severity.high: 1}
"""How much an open severe pain point weighs in "severe pain on assumptions"."""


@dataclass(frozen=True)
class PainFact:
    id: str
    name: str
    severity: Severity | None
    stage_id: str
    stage: str
    touchpoint_ids: tuple[str, ...]  # those that exist, in the pain point's order
    touchpoints: tuple[str, ...]  # their names
    channels: tuple[str, ...]  # channel ids of those touchpoints (NO_CHANNEL for none)
    opportunities: tuple[tuple[str, str, Status | None], ...]  # (id, name, status) addressing it
    evidence: str | None  # free-text evidence; structured items are in ``backing``
    backing: Backing

    @property
    def confidence(self) -> Confidence:
        return self.backing.confidence

    @property
    def assumption_only(self) -> bool:
        return self.backing.assumption_only

    @property
    def open(self) -> bool:
        return not any(status is Status.done for _, _, status in self.opportunities)

    @property
    def severity_rank(self) -> int:
        return severity_rank(self.severity)


def by_confidence(pains: Iterable[PainFact]) -> list[tuple[Confidence, int]]:
    """(confidence, how many of ``pains``) for every level, weakest first."""
    counts = Counter(p.confidence for p in pains)
    return [(level, counts.get(level, 0)) for level in Confidence]


def severe_on_assumptions(pains: Iterable[PainFact]) -> Rate:
    """Of the open critical and high pain points (weighted by :data:`SEVERE_WEIGHTS`), how much
    weight is assumption-only; ``base`` 0 when there is no open severe pain."""
    total = weak = 0
    for pain in pains:
        weight = SEVERE_WEIGHTS.get(pain.severity, 0) if pain.severity is not None else 0
        if weight and pain.open:
            total += weight
            if pain.assumption_only:
                weak += weight
    return Rate(weak, total)


def severity_rank(severity: Severity | None) -> int:
    """0 for critical ... 3 for low, 4 for unrated: the one order of severities."""
    return SEVERITY_ORDER.index(severity) if severity is not None else len(SEVERITY_ORDER)


def open_count(pains: Iterable[PainFact], *severities: Severity | None,
               assumption_only: bool = False) -> int:
    """How many of ``pains`` are open; only those of ``severities`` when given, only those resting
    on assumptions when asked. The one count of open pain points every output shows (board,
    report, site, lint), on a map's facts or on the pain points a report carries from a worker."""
    return sum(1 for p in pains if p.open and (not severities or p.severity in severities)
               and (p.assumption_only or not assumption_only))
