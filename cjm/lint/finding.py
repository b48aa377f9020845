"""What a rule is given and what it gives back.

A rule gets a :class:`Context`: the typed map, the facts computed from it (:mod:`cjm.facts`, the
numbers every output shows, computed once per map and shared by every rule), the day to judge
staleness by, and its own options, already checked. It yields :class:`Finding`: a place in the
model and what is wrong there. Rules never see YAML, so they say *where* with a model path
(``("stages", 2, "pain_points", 0)``) and the runner turns it into file:line:col with the
document's SourceMap, the same lookup validation uses; that keeps rules testable on a model
built in Python.

A rule's options are a small pydantic model (:class:`RuleOptions`): the defaults are declared
once, there, and the same class checks a configuration file's values (with its own words:
"must be a whole number >= 0") and documents them in ``cjm rules CODE``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from ..facts import JourneyFacts, of
from ..model import JourneyMap, Library, Metric
from ..problems import Path, Severity

if TYPE_CHECKING:
    from ..repository import Repository


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(BaseModel):
    """Base of every rule's options: closed, immutable, written in kebab-case in config files."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, alias_generator=_kebab,
                              populate_by_name=True)


class NoOptions(RuleOptions):
    """For the rules that take no options."""


OptionsT = TypeVar("OptionsT", bound=RuleOptions)


@dataclass(frozen=True)
class Context(Generic[OptionsT]):
    """One map as one rule sees it; ``repository`` (its libraries and map index, see
    :mod:`cjm.repository`) for the rules that look across files, None when linted alone."""

    journey: JourneyMap
    options: OptionsT
    today: _dt.date
    repository: Repository | None = None

    @property
    def facts(self) -> JourneyFacts:
        return of(self.journey)

    def metrics(self) -> Iterator[tuple[Path, Metric, bool]]:
        """Every metric of the map, as the facts count them (:attr:`JourneyFacts.metrics`), with
        the path a finding about it points at and whether the map borrows it from a library.

        A stage's own metric is at its place in the lane; a library metric at the ``metric:`` of
        the first desired action that names it: the line of this map that brings it in, and the
        one its owner can act on. Rules about a metric's state (its trend) read both kinds;
        rules about how a metric is written leave a borrowed one to its library file."""
        for path, _stage, metric in self.journey.lane_items("metrics"):
            yield path, metric, False
        for path, _stage, metric in self.facts.borrowed_metrics.values():
            yield path, metric, True


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found: ``path`` in the map, a message, and how to fix it."""

    path: Path
    message: str
    hint: str | None = None


class Rule(Protocol):
    """A rule module: module-level constants, its ``Options`` and a ``check`` function."""

    CODE: str
    NAME: str
    SEVERITY: Severity
    Options: type[RuleOptions]
    __doc__: str | None

    def check(self, ctx: Context[Any]) -> Iterator[Finding]: ...


@dataclass(frozen=True)
class LibraryContext(Generic[OptionsT]):
    """A library file as a cross-file rule sees it (rules with a ``check_library`` function)."""

    library: Library
    file: str
    options: OptionsT
    repository: Repository


def context(journey: JourneyMap, options: RuleOptions | None = None,
            today: _dt.date | None = None, repository: Repository | None = None) -> Context[Any]:
    """A context for calling one rule from Python (tests, notebooks): defaults for the rest."""
    return Context(journey, options or NoOptions(), today or _dt.date.today(), repository)
