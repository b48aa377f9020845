"""Sub-journeys: one map's summary, and the rollup over a journey and its sub-journeys."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import SEVERITY_ORDER, JourneyMap, Severity
from .emotion import Low
from .journey import of
from .numbers import Rate


class _OpenBySeverity:
    """Open pain points read from ``open_by_severity`` (a map's, or several maps' added up): one
    definition for a sub-journey's summary and for a rollup alike."""

    open_by_severity: tuple[tuple[Severity | None, int], ...]

    @property
    def open_pain_points(self) -> int:
        return sum(count for _severity, count in self.open_by_severity)

    def open_count(self, severity: Severity | None) -> int:
        return next((count for s, count in self.open_by_severity if s is severity), 0)


@dataclass(frozen=True)
class Summary(_OpenBySeverity):
    """What a parent journey shows of a sub-journey, and what rollups add up.

    Read from the map's own facts (never recomputed): ``overall`` is its latest funnel's
    end-to-end conversion, ``lowest`` its lowest stage emotion, ``open_by_severity`` its open pain
    points. Plain data, so a worker process can send it back and a site can show it on another
    map's board: the numbers a parent shows for a sub-journey are the sub-journey's own.
    """

    id: str
    title: str
    state: str  # ``current`` or ``future``
    persona: str | None  # the persona id
    period: str | None  # of ``overall``: the latest funnel's period
    overall: Rate | None
    lowest: Low | None
    open_by_severity: tuple[tuple[Severity | None, int], ...]
    metrics_off_target: int
    metrics: int


def summary(journey: JourneyMap) -> Summary:
    """The sub-journey summary of ``journey``, taken from :func:`of`."""
    f = of(journey)
    latest = f.latest
    return Summary(
        journey.id, journey.title, journey.state.value, journey.persona,
        latest.period if latest is not None else None,
        latest.overall if latest is not None else None,
        f.lowest,
        tuple(f.open_by_severity()),
        len(f.metrics_off_target),
        len(f.metrics),
    )


@dataclass(frozen=True)
class Rollup(_OpenBySeverity):
    """Several maps' summaries taken together: a journey with its sub-journeys, or a persona's maps.

    What adds up is added (open pain points per severity, metrics off target); what does not is
    picked or listed: the lowest emotion is the lowest of any map (with the map it is in), and
    end-to-end conversions stay each map's own (:attr:`maps`), because funnels of different
    journeys count different customers and a mean of their shares would describe nobody.
    """

    maps: tuple[Summary, ...]
    open_by_severity: tuple[tuple[Severity | None, int], ...]
    lowest: tuple[Summary, Low] | None
    metrics_off_target: int
    metrics: int

    @property
    def conversions(self) -> list[Summary]:
        """The maps that have an end-to-end conversion, in rollup order."""
        return [s for s in self.maps if s.overall is not None]


def rollup(summaries: Iterable[Summary]) -> Rollup:
    """Add ``summaries`` up; ties for the lowest emotion go to the first map (the parent first)."""
    maps = tuple(summaries)
    counts: Counter[Severity | None] = Counter()
    lowest: tuple[Summary, Low] | None = None
    for s in maps:
        for severity, count in s.open_by_severity:
            counts[severity] += count
        if s.lowest is not None and (lowest is None or s.lowest.value < lowest[1].value):
            lowest = (s, s.lowest)
    return Rollup(
        maps,
        tuple((s, counts[s]) for s in (*SEVERITY_ORDER, None) if counts.get(s)),
        lowest,
        sum(s.metrics_off_target for s in maps),
        sum(s.metrics for s in maps),
    )
