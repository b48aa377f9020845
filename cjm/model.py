"""The journey-map format as pydantic models: the one place that says what a map is.

Everything else (validation messages, the JSON Schema for editors, lint rules, diff, renderers)
reads these classes, so a field added here is known everywhere. See ``docs/format.md``.

The models are strict on purpose: YAML 1.1 quietly turns ``name: no`` into ``False`` and
``code: 010`` into ``8``; a journey map is mostly text, so text fields take strings only and the
user is told to quote. Unknown keys are errors (typos must not pass silently) except ``x-`` keys,
which teams use for their own data.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    WithJsonSchema,
    model_validator,
)

from .limits import MAX_NUMBER as MAX_NUMBER  # the bound Number and Count hold

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

BUILTIN_CHANNELS: dict[str, tuple[str, str]] = {
    "web": ("Website", "digital"),
    "mobile_app": ("Mobile app", "digital"),
    "email": ("Email", "digital"),
    "social": ("Social media", "digital"),
    "ads": ("Advertising", "digital"),
    "search": ("Search", "digital"),
    "store": ("Store", "physical"),
    "phone": ("Phone", "human"),
    "chat": ("Chat", "digital"),
    "sms": ("SMS", "digital"),
    "partner": ("Partner", "human"),
    "word_of_mouth": ("Word of mouth", "human"),
    "mail": ("Mail", "physical"),
}

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=64,
        description="Lowercase letters, digits, '-' and '_'; unique across the whole map.",
    ),
]
Ref = Annotated[str, Field(description="The id of another element of the map.")]
Text = Annotated[str, Field(description="Any Unicode text.")]
Emotion = Annotated[
    int, Field(ge=1, le=5, description="1 = very negative, 3 = neutral, 5 = very positive.")
]
TextOrMap = Text | dict[str, Text]


Number = Annotated[
    float,
    Field(ge=-MAX_NUMBER, le=MAX_NUMBER, description="A number from -10^15 to 10^15."),
]
Count = Annotated[int, Field(ge=0, le=MAX_NUMBER)]


def _period_text(value: Any) -> Any:
    """``period: 2026`` and ``period: 2026-10-05`` unquoted are a YAML integer and date: both
    are periods (see :mod:`cjm.periods`), so they are taken as the text they were written as."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


PeriodText = Annotated[
    str,
    BeforeValidator(_period_text),
    WithJsonSchema({
        "anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1000, "maximum": 9999}],
        "description": "2026, 2026-H2, 2026-Q3, 2026-10, 2026-W41 or 2026-10-05; other text "
                       "is kept but cannot be ordered.",
    }),
]


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


SEVERITY_ORDER: tuple[Severity, ...] = (
    Severity.critical,
    Severity.high,
    Severity.medium,
    Severity.low,
)
"""Most severe first: the one order of severities (reports, badges, diff's "more severe")."""


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Status(StrEnum):
    idea = "idea"
    planned = "planned"
    in_progress = "in_progress"
    done = "done"


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"


class MomentKind(StrEnum):
    zero = "zero"
    first = "first"
    second = "second"
    ultimate = "ultimate"


class ChannelKind(StrEnum):
    digital = "digital"
    physical = "physical"
    human = "human"


class MapState(StrEnum):
    current = "current"
    future = "future"


class EvidenceKind(StrEnum):
    """Where an evidence item comes from; ``assumption`` is the team's own belief, unchecked."""

    interview = "interview"
    survey = "survey"
    analytics = "analytics"
    support = "support"
    observation = "observation"
    usability_test = "usability_test"
    assumption = "assumption"


class Confidence(StrEnum):
    """How well the whole of a claim's evidence backs it, weakest first."""

    assumption = "assumption"
    reasoned = "reasoned"
    validated = "validated"


# Strict mode would demand Enum instances; from YAML the value is its text, so enums opt out.
SeverityField = Annotated[Severity, Strict(False)]
LevelField = Annotated[Level, Strict(False)]
StatusField = Annotated[Status, Strict(False)]
DirectionField = Annotated[Direction, Strict(False)]
MomentKindField = Annotated[MomentKind, Strict(False)]
ChannelKindField = Annotated[ChannelKind, Strict(False)]
MapStateField = Annotated[MapState, Strict(False)]
EvidenceKindField = Annotated[EvidenceKind, Strict(False)]
ConfidenceField = Annotated[
    Confidence,
    Strict(False),
    Field(description="How well the evidence backs the claim: assumption (a hypothesis nobody "
                      "has checked), reasoned (some data points that way) or validated "
                      "(research or data confirm it)."),
]


def _drop_extension_schema(schema: dict[str, Any]) -> None:
    schema.get("properties", {}).pop("extensions", None)
    schema["patternProperties"] = {"^x-": {"description": "Free for a team's own data."}}


class Element(BaseModel):
    """Base of every mapping in a map: strict, closed, with room for ``x-`` keys."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        frozen=True,
        use_enum_values=False,
        json_schema_extra=_drop_extension_schema,
        defer_build=True,
    )

    extensions: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _split_extensions(cls, data: Any) -> Any:
        """Move ``x-`` keys aside so ``extra="forbid"`` still catches typos everywhere else."""
        if isinstance(data, dict):
            if "extensions" in data:
                data = dict(data)
                data["extensions "] = data.pop("extensions")  # not a field: reported as unknown
            for k in data:  # a plain loop: this runs for every element of every map read
                if isinstance(k, str) and k.startswith("x-"):
                    break
            else:
                return data
            ext = {k: v for k, v in data.items() if isinstance(k, str) and k.startswith("x-")}
            data = {k: v for k, v in data.items() if k not in ext}
            data["extensions"] = ext
        return data


class Persona(Element):
    id: Id
    name: Text
    summary: Text | None = None
    goals: list[Text] = []
    needs: list[Text] = []
    demographics: TextOrMap | None = None
    psychographics: TextOrMap | None = None
    behaviours: TextOrMap | None = None


class Channel(Element):
    id: Id
    name: Text
    kind: ChannelKindField | None = None


class Touchpoint(Element):
    id: Id
    name: Text
    channel: Ref | None = None
    description: Text | None = None
    emotion: Emotion | None = None
    owner: Text | None = None
    next: list[Ref] | None = Field(
        default=None,
        description="Touchpoints that can follow this one; when absent the flow follows stage order.",
    )
    backstage: list[Text] = Field(
        default=[], description="Internal processes and systems behind this touchpoint."
    )
    detail: Ref | None = Field(
        default=None,
        description="The id of a map in the repository that zooms into this touchpoint "
        "(its sub-journey; that map's `parent` is this map).",
    )
    events: list[Text] | None = Field(
        default=None,
        description="Activity names in event logs that stand for this touchpoint (`cjm conform`); "
        "without it an activity named like the touchpoint's id does.",
    )


class MomentOfTruth(Element):
    id: Id
    name: Text
    kind: MomentKindField | None = None
    touchpoint: Ref | None = None
    description: Text | None = None


class EvidenceItem(Element):
    """One piece of evidence: a study, a data pull, a ticket queue, or an admitted assumption."""

    kind: EvidenceKindField
    source: Text | None = Field(
        default=None, description="Where it comes from: a study, a dashboard, a ticket queue."
    )
    date: _dt.date | None = Field(
        default=None,
        strict=False,
        description="When it was gathered (YYYY-MM-DD); lint reports evidence grown old.",
    )
    sample: Annotated[int, Field(gt=0, le=MAX_NUMBER, description="Respondents, sessions or tickets.")] | None = None
    quote: Text | None = Field(default=None, description="What a customer said, in their words.")


Evidence = Annotated[
    Text | list[EvidenceItem],
    Field(description="How we know: free text, or a list of evidence items."),
]


class PainPoint(Element):
    id: Id
    name: Text
    touchpoints: list[Ref] = []
    severity: SeverityField | None = None
    description: Text | None = None
    evidence: Evidence | None = None
    confidence: ConfidenceField | None = None


class DesiredAction(Element):
    id: Id
    name: Text
    metric: Ref | None = None


class CompletedAction(Element):
    id: Id
    fulfils: Ref | None = None
    count: Count
    of: Annotated[Count, Field(description="Customers who could have done it.")] | None = None
    period: PeriodText | None = None


ScaleWord = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64,
          description="A word the scoring model's scale for this input names (low, medium, high, "
                      "or the words declared in [scoring.inputs.NAME]; docs/scoring.md)."),
]
ScaleValue = Annotated[
    LevelField | Number | ScaleWord,
    Field(description="A number on the input's scale, or a word naming a point on it."),
]
InputName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


class Opportunity(Element):
    id: Id
    name: Text
    addresses: list[Ref] = []
    description: Text | None = None
    owner: Text | None = None
    status: StatusField | None = None
    impact: ScaleValue | None = None
    effort: ScaleValue | None = None
    evidence: Evidence | None = None
    confidence: ConfidenceField | None = None
    reach: Annotated[Number, Field(ge=0, description="Customers the opportunity reaches; when "
                                   "absent cjm derives it from the funnel (docs/scoring.md).")] | None = None
    value: Annotated[Number, Field(description="Its value on the scoring model's value scale "
                                   "(0-100 in the value-effort preset).")] | None = None
    scores: dict[InputName, ScaleValue] = Field(
        default_factory=dict,
        description="Any other input of the repository's scoring model ([tool.cjm.scoring]), "
                    "by name: a number or a word of its scale.",
    )


class MetricPoint(Element):
    """One measured value of a metric in one period: a map's numbers are dated data, not one
    figure somebody typed once (DESIGN §4 "Metric history")."""

    period: PeriodText
    value: Number
    note: Text | None = None


class Metric(Element):
    id: Id
    name: Text
    unit: Text | None = None
    target: Number | None = None
    actual: Number | None = Field(
        default=None, description="The current value; when absent, the latest value of `history`."
    )
    direction: DirectionField = Direction.higher_is_better
    history: list[MetricPoint] = Field(
        default=[],
        description="Values per period (2026-Q3, 2026-10, ...), at most one per period; cjm "
        "orders them in time, so the last one in time is the latest.",
    )



LANG_TAG = r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$"
"""What a map's ``lang`` may be: a BCP 47 tag (``uk``, ``pl-PL``, ``de_AT``)."""

LANES: tuple[str, ...] = (
    "touchpoints",
    "moments_of_truth",
    "pain_points",
    "desired_actions",
    "completed_actions",
    "opportunities",
    "metrics",
)


class Stage(Element):
    id: Id
    name: Text
    description: Text | None = None
    customer_goal: Text | None = None
    emotion: Emotion | None = None
    # among the stage's own fields, before its lanes: `cjm fmt` writes keys in this order, and a
    # link down to the sub-journey read after a hundred lane items was lost to the reader
    detail: Ref | None = Field(
        default=None,
        description="The id of a map in the repository that zooms into this stage "
        "(its sub-journey; that map's `parent` is this map).",
    )
    thoughts: list[Text] = Field(default=[], description="What customers say, in their words.")
    touchpoints: list[Touchpoint] = []
    moments_of_truth: list[MomentOfTruth] = []
    pain_points: list[PainPoint] = []
    desired_actions: list[DesiredAction] = []
    completed_actions: list[CompletedAction] = []
    opportunities: list[Opportunity] = []
    metrics: list[Metric] = []


class JourneyMap(Element):
    """A customer journey map, format version 1."""

    model_config = ConfigDict(title="cjm journey map")

    cjm: Literal[1] = Field(description="Format version.")
    id: Id
    title: Text
    description: Text | None = None
    owner: Text | None = None
    tags: list[Text] = []
    reviewed: _dt.date | None = Field(
        default=None,
        strict=False,
        description="When the map was last checked against reality (YYYY-MM-DD).",
    )
    state: MapStateField = MapState.current
    current: Ref | None = Field(
        default=None,
        description="For a future-state map: the id of the current-state map it improves on.",
    )
    lang: Annotated[
        str,
        Field(
            pattern=LANG_TAG,
            max_length=35,
            description="BCP 47 tag of the map's language (ru, pl, bg, de, uk, en...): the "
            "language of every label cjm adds around the map's text.",
        ),
    ] | None = None
    parent: Ref | None = Field(
        default=None,
        description="The id of the map this journey zooms out to (the wider journey it is a "
        "stage or touchpoint of), in the same repository.",
    )
    persona: Ref | None = None
    personas: list[Persona] = []
    channels: list[Channel] = []
    stages: list[Stage] = Field(min_length=1)

    # cjm.facts keeps the map's computed facts here: maps are immutable, so they never go stale
    _facts: Any = PrivateAttr(default=None)
    # the personas, channels and metrics of the repository's library files, by id (attach_shared)
    _shared: dict[str, Persona | Channel | Metric] = PrivateAttr(default_factory=dict)
    # element id -> the id of the library that defines it (``library:`` of its file)
    _shared_source: dict[str, str] = PrivateAttr(default_factory=dict)

    def attach_shared(self, elements: dict[str, Persona | Channel | Metric],
                      sources: dict[str, str] | None = None) -> None:
        """Make a library's elements part of this map's lookups (validation does it, from
        :mod:`cjm.repository`): every output that names a persona, a channel or a metric asks
        the map, so a persona renamed in the library is renamed on every board and report.
        ``sources`` names each element's library, for outputs that say where it comes from."""
        self._shared = elements
        self._shared_source = dict(sources or {})

    def shared_source(self, ident: str) -> str | None:
        """The library that defines ``ident`` for this map (None: the map's own, or unknown)."""
        return self._shared_source.get(ident) if self._shared_source else None

    def shared(self, ident: str | None) -> Persona | Channel | Metric | None:
        """The library element with this id, when the map does not define the id itself."""
        if ident is None:
            return None
        return self._shared.get(ident) if self._shared else None

    def library_elements(self) -> dict[str, Persona | Channel | Metric]:
        """Every library element attached to the map, by id."""
        return dict(self._shared) if self._shared else {}

    def elements(self) -> Iterator[tuple[tuple[str | int, ...], Element]]:
        """Every element with an id, with its path in the file, in document order."""
        for i, persona in enumerate(self.personas):
            yield ("personas", i), persona
        for i, channel in enumerate(self.channels):
            yield ("channels", i), channel
        for s, stage in enumerate(self.stages):
            yield ("stages", s), stage
            for lane in LANES:
                for i, item in enumerate(getattr(stage, lane)):
                    yield ("stages", s, lane, i), item

    def lane_items(self, lane: str) -> Iterator[tuple[tuple[str | int, ...], Stage, Any]]:
        """Items of one lane across all stages, with their path and stage."""
        for s, stage in enumerate(self.stages):
            for i, item in enumerate(getattr(stage, lane)):
                yield ("stages", s, lane, i), stage, item

    def channel_ids(self) -> set[str]:
        shared = {k for k, e in self._shared.items() if isinstance(e, Channel)} if self._shared else set()
        return set(BUILTIN_CHANNELS) | shared | {c.id for c in self.channels}

    def persona_profile(self) -> Persona | None:
        """The persona this journey belongs to, when the map or its library defines it (reports,
        board, Mermaid)."""
        own = next((p for p in self.personas if p.id == self.persona), None)
        if own is None:
            shared = self.shared(self.persona)
            return shared if isinstance(shared, Persona) else None
        return own

    def metric_named(self, ident: str) -> Metric | None:
        """The metric with this id: one of a stage's, else the library's."""
        for stage in self.stages:
            for metric in stage.metrics:
                if metric.id == ident:
                    return metric
        shared = self.shared(ident)
        return shared if isinstance(shared, Metric) else None

    def persona_label(self) -> str | None:
        """What to call the persona: its name, else its id (a dangling id is still informative)."""
        profile = self.persona_profile()
        return profile.name if profile is not None else self.persona

    def addressed_by(self) -> dict[str, list[Opportunity]]:
        """Pain point id -> the opportunities that address it, in document order.

        A pain point counts as open until one of these is ``done``: the board, the report and the
        diff ("resolved") all read that from here.
        """
        out: dict[str, list[Opportunity]] = {}
        for stage in self.stages:
            for opp in stage.opportunities:
                for pain_id in dict.fromkeys(opp.addresses):
                    out.setdefault(pain_id, []).append(opp)
        return out

    def channel_names(self) -> dict[str, str]:
        """Display name of every channel a touchpoint may use: built-in ones, overridden by custom ones."""
        names = {cid: name for cid, (name, _kind) in BUILTIN_CHANNELS.items()}
        if self._shared:
            names.update({k: e.name for k, e in self._shared.items() if isinstance(e, Channel)})
        names.update({c.id: c.name for c in self.channels})
        return names


class Library(Element):
    """A library file: personas, channels and metrics shared by the maps of a repository.

    Its elements have the same fields as a map's own; a map names them by id exactly as it names
    its own, so a persona renamed here is renamed in every map (see :mod:`cjm.repository`).
    """

    model_config = ConfigDict(title="cjm library")

    cjm: Literal[1] = Field(description="Format version.")
    library: Annotated[
        str,
        Field(
            pattern=ID_PATTERN,
            max_length=64,
            description="The library's id: lowercase letters, digits, '-' and '_'.",
        ),
    ]
    title: Text | None = None
    description: Text | None = None
    personas: list[Persona] = []
    channels: list[Channel] = []
    metrics: list[Metric] = []

    def elements(self) -> Iterator[tuple[tuple[str | int, ...], Persona | Channel | Metric]]:
        """Every element the library defines, with its path in the file, in document order."""
        for lane in ("personas", "channels", "metrics"):
            for i, item in enumerate(getattr(self, lane)):
                yield (lane, i), item


def is_library(data: Any) -> bool:
    """Whether loaded YAML is a library file rather than a map: it has a top-level ``library``."""
    return isinstance(data, dict) and "library" in data


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for completion; generated, never written by hand.

    A file is either a map or a library (``anyOf``: the two are exclusive, since a map must have
    ``stages`` and a library may not); editors offer the fields of both at the top level.
    """
    from pydantic import TypeAdapter

    adapter: TypeAdapter[JourneyMap | Library] = TypeAdapter(JourneyMap | Library)
    schema = adapter.json_schema(mode="validation")
    schema["title"] = "cjm journey map or library"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cjm.dev/schema/v1/cjm.schema.json"
    return schema
