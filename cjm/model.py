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


# Strict mode would demand Enum instances; from YAML the value is its text, so enums opt out.
SeverityField = Annotated[Severity, Strict(False)]
LevelField = Annotated[Level, Strict(False)]
StatusField = Annotated[Status, Strict(False)]
DirectionField = Annotated[Direction, Strict(False)]
MomentKindField = Annotated[MomentKind, Strict(False)]
ChannelKindField = Annotated[ChannelKind, Strict(False)]
MapStateField = Annotated[MapState, Strict(False)]


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
            if any(isinstance(k, str) and k.startswith("x-") for k in data):
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


class MomentOfTruth(Element):
    id: Id
    name: Text
    kind: MomentKindField | None = None
    touchpoint: Ref | None = None
    description: Text | None = None


class PainPoint(Element):
    id: Id
    name: Text
    touchpoints: list[Ref] = []
    severity: SeverityField | None = None
    description: Text | None = None
    evidence: Text | None = None


class DesiredAction(Element):
    id: Id
    name: Text
    metric: Ref | None = None


class CompletedAction(Element):
    id: Id
    fulfils: Ref | None = None
    count: Annotated[int, Field(ge=0)]
    of: Annotated[int, Field(ge=0, description="Customers who could have done it.")] | None = None
    period: PeriodText | None = None


class Opportunity(Element):
    id: Id
    name: Text
    addresses: list[Ref] = []
    description: Text | None = None
    owner: Text | None = None
    status: StatusField | None = None
    impact: LevelField | None = None
    effort: LevelField | None = None


class MetricPoint(Element):
    """One measured value of a metric in one period: a map's numbers are dated data, not one
    figure somebody typed once (DESIGN §4 "Metric history")."""

    period: PeriodText
    value: float
    note: Text | None = None


class Metric(Element):
    id: Id
    name: Text
    unit: Text | None = None
    target: float | None = None
    actual: float | None = Field(
        default=None, description="The current value; when absent, the latest value of `history`."
    )
    direction: DirectionField = Direction.higher_is_better
    history: list[MetricPoint] = Field(
        default=[],
        description="Values per period (2026-Q3, 2026-10, ...), at most one per period; cjm "
        "orders them in time, so the last one in time is the latest.",
    )



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
            pattern=r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$",
            max_length=35,
            description="BCP 47 tag of the map's language (ru, pl, bg, de, uk, en...): the "
            "language of every label cjm adds around the map's text.",
        ),
    ] | None = None
    persona: Ref | None = None
    personas: list[Persona] = []
    channels: list[Channel] = []
    stages: list[Stage] = Field(min_length=1)

    # cjm.facts keeps the map's computed facts here: maps are immutable, so they never go stale
    _facts: Any = PrivateAttr(default=None)

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
        return set(BUILTIN_CHANNELS) | {c.id for c in self.channels}

    def persona_profile(self) -> Persona | None:
        """The persona this journey belongs to, when the map defines it (reports, board, Mermaid)."""
        return next((p for p in self.personas if p.id == self.persona), None)

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
        names.update({c.id: c.name for c in self.channels})
        return names


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for completion; generated, never written by hand."""
    schema = JourneyMap.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://cjm.dev/schema/v1/cjm.schema.json"
    return schema
