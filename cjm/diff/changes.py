"""The records a diff is made of: what changed, where, and what it means for the journey.

They are plain frozen dataclasses with JSON-friendly values (text, numbers, lists, ``None``), so
every formatter (text, markdown, json) and every script reads the same thing, and the JSON output is
a straight dump of them. The schema is documented in ``docs/diff.md`` and is stable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..i18n import ENGLISH, Language
from ..problems import Problem

# The kinds of change, in the order summaries list them.
KINDS: tuple[str, ...] = ("added", "removed", "changed", "renamed", "moved", "reordered")

# What a change means for the journey (``Change.meaning``): code -> human description.
MEANINGS: dict[str, str] = {
    "emotion_up": "emotion raised",
    "emotion_down": "emotion lowered",
    "pain_point_introduced": "pain point introduced",
    "pain_point_resolved": "pain point resolved",
    "severity_up": "pain point got more severe",
    "severity_down": "pain point got less severe",
    "opportunity_progressed": "opportunity progressed",
    "opportunity_regressed": "opportunity went back",
    "metric_improved": "metric moved the right way",
    "metric_worsened": "metric moved the wrong way",
    "conversion_up": "conversion up",
    "conversion_down": "conversion down",
    "flow_added": "flow edge added",
    "flow_removed": "flow edge removed",
    "persona_switched": "persona switched",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one element (or to one field of it).

    ``stage`` is the id of the stage the element is in (its new stage; the old one when it was
    removed; its own id for a stage; ``None`` for the map, personas and channels). For ``moved``,
    ``old``/``new`` are the old and new stage ids; for ``reordered``, the old and new 1-based
    positions in the stage order; for ``renamed``, the old and new names. ``note`` is a name
    the change refers to (the old stage of a move, the target of a flow edge, the opportunity
    that resolved a pain point), ``related`` the ids of such elements.
    """

    kind: str
    element_kind: str
    id: str
    name: str
    stage: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    meaning: str | None = None
    note: str | None = None
    related: tuple[str, ...] = ()


@dataclass
class Summary:
    """Counts for the one-line summary; ``changed`` counts elements, not fields."""

    added: int = 0
    removed: int = 0
    changed: int = 0
    renamed: int = 0
    moved: int = 0
    reordered: int = 0
    emotion_up: int = 0
    emotion_down: int = 0
    pain_points_introduced: int = 0
    pain_points_resolved: int = 0
    opportunities_progressed: int = 0
    metrics_improved: int = 0
    metrics_worsened: int = 0
    conversion_up: int = 0
    conversion_down: int = 0
    flow_added: int = 0
    flow_removed: int = 0
    persona_switched: bool = False

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in KINDS)

    def add(self, other: Summary) -> None:
        for name in self.__dataclass_fields__:
            if name == "persona_switched":
                self.persona_switched = self.persona_switched or other.persona_switched
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self, lang: Language = ENGLISH) -> str:
        """``3 added, 2 removed, 5 changed · 1 pain point resolved · emotion ↑2 ↓0``."""
        _ = lang.gettext
        if not self.total:
            return _("no changes")
        kinds = {
            "added": lang.ngettext("%(num)s added", "%(num)s added", self.added),
            "removed": lang.ngettext("%(num)s removed", "%(num)s removed", self.removed),
            "changed": lang.ngettext("%(num)s changed", "%(num)s changed", self.changed),
            "renamed": lang.ngettext("%(num)s renamed", "%(num)s renamed", self.renamed),
            "moved": lang.ngettext("%(num)s moved", "%(num)s moved", self.moved),
            "reordered": lang.ngettext("%(num)s reordered", "%(num)s reordered", self.reordered),
        }
        parts = [", ".join(kinds[k] % {"num": getattr(self, k)} for k in KINDS if getattr(self, k))]
        meanings = []
        if self.pain_points_introduced:
            meanings.append(lang.ngettext("%(num)s pain point introduced", "%(num)s pain points introduced",
                               self.pain_points_introduced) % {"num": self.pain_points_introduced})
        if self.pain_points_resolved:
            meanings.append(lang.ngettext("%(num)s pain point resolved", "%(num)s pain points resolved",
                               self.pain_points_resolved) % {"num": self.pain_points_resolved})
        if self.opportunities_progressed:
            meanings.append(lang.ngettext("%(num)s opportunity progressed", "%(num)s opportunities progressed",
                               self.opportunities_progressed) % {"num": self.opportunities_progressed})
        if self.metrics_improved or self.metrics_worsened:
            meanings.append(_("metrics ↑%(up)s ↓%(down)s") % {"up": self.metrics_improved,
                                                               "down": self.metrics_worsened})
        if self.conversion_up or self.conversion_down:
            meanings.append(_("conversion ↑%(up)s ↓%(down)s") % {"up": self.conversion_up,
                                                                  "down": self.conversion_down})
        if self.flow_added or self.flow_removed:
            meanings.append(_("flow +%(added)s −%(removed)s") % {"added": self.flow_added,
                                                                  "removed": self.flow_removed})
        if self.persona_switched:
            meanings.append(_("persona switched"))
        if self.emotion_up or self.emotion_down:
            meanings.append(_("emotion ↑%(up)s ↓%(down)s") % {"up": self.emotion_up,
                                                               "down": self.emotion_down})
        return " · ".join(parts + meanings)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """A stage's emotion before and after: its own ``emotion``, else its touchpoints' mean."""

    stage: str
    name: str
    old: float | None
    new: float | None

    @property
    def arrow(self) -> str | None:
        """``↑`` or ``↓`` when the point moved (both sides have one), else None: the one place
        that says whether a stage's emotion changed, for every format."""
        if self.old is None or self.new is None or self.old == self.new:
            return None
        return "↑" if self.new > self.old else "↓"


@dataclass
class DiffResult:
    """Everything :func:`cjm.diff.diff_maps` found; formatters render it, none recompute it."""

    old_id: str | None
    new_id: str | None
    title: str
    changes: list[Change] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    warnings: list[str] = field(default_factory=list)
    stages: dict[str, str] = field(default_factory=dict)  # stage id -> name, in display order
    curve: list[CurvePoint] = field(default_factory=list)
    lang: str | None = None  # the map's language (the new side's): what its diff is written in
    # the scoring model's change, then the opportunities whose rank in the top moved (cjm.diff.ranks)
    ranking: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Elements changed, or the top of the ranking moved (a new formula moves it in a map
        whose file did not change)."""
        return bool(self.changes or self.ranking)

    @property
    def curve_moves(self) -> list[CurvePoint]:
        """The stages whose point on the emotion curve moved, in stage order."""
        return [p for p in self.curve if p.arrow is not None]


@dataclass(frozen=True, slots=True)
class Overview:
    """A whole map in one line, for a map added or deleted: listing every element of a new map
    as "added" buries the rest of a pull request, and a deleted map resolves nothing."""

    title: str
    stages: int
    touchpoints: int
    open_pain_points: int

    def counts(self, lang: Language = ENGLISH) -> str:
        """``5 stages, 23 touchpoints, 3 open pain points``."""
        return ", ".join([
            lang.ngettext("%(num)s stage", "%(num)s stages", self.stages) % {"num": self.stages},
            lang.ngettext("%(num)s touchpoint", "%(num)s touchpoints", self.touchpoints)
            % {"num": self.touchpoints},
            lang.ngettext("%(num)s open pain point", "%(num)s open pain points", self.open_pain_points)
            % {"num": self.open_pain_points},
        ])

    def line(self, lang: Language = ENGLISH) -> str:
        """``Checkout · 5 stages, 23 touchpoints, 3 open pain points``."""
        return f"{self.title} · {self.counts(lang)}"


@dataclass
class FileDiff:
    """One compared pair of files: labels as the user should read them, and the result.

    ``status`` is ``modified``, ``added`` (no old file), ``deleted`` (no new file) or
    ``invalid``: one side cannot be read as a map (``invalid`` says which, ``"old"`` or
    ``"new"``, and ``problems`` why, as ``cjm validate`` says it); it is reported in its place and
    the other files are still compared. A map found at another path than before (paired by its
    id) has ``moved_from``, the old path. Added and deleted maps carry an ``overview`` instead of
    element changes. ``breaking`` says why the change breaks references to the old map or
    library element, or that it made a map invalid (``--fail-on breaking``).
    """

    old_label: str
    new_label: str
    result: DiffResult
    status: str = "modified"
    moved_from: str | None = None
    overview: Overview | None = None
    breaking: tuple[str, ...] = ()
    kind: str = "map"  # or "library": a library file's elements (cjm.diff.libraries)
    invalid: str | None = None  # "old" or "new": the side that is not a valid map
    problems: tuple[Problem, ...] = ()

    @property
    def label(self) -> str:
        """The file's name now (for a deleted map: the path it had)."""
        return self.old_label if self.status == "deleted" else self.new_label

    @property
    def changed(self) -> bool:
        """Anything to show: element changes, a move, or a whole map added or deleted."""
        return self.result.changed or self.status != "modified" or self.moved_from is not None

    @property
    def compared(self) -> bool:
        """Both sides (or the one there is) could be read, so the changes are known."""
        return self.invalid is None

    def headline(self, title: bool = True, lang: Language = ENGLISH, moved: bool = True) -> str:
        """One line about the file: the summary of its changes, or what happened to the map
        (without the map's title when it is shown next to it; without the move when the move is
        said on a line of its own)."""
        _ = lang.gettext
        if self.invalid is not None:
            n = len(self.problems)
            found = lang.ngettext("%(num)s problem", "%(num)s problems", n) % {"num": n}
            if self.invalid == "new":
                return _("not a valid map (%(problems)s): not compared") % {"problems": found}
            return _("the old version is not a valid map (%(problems)s): not compared") % {
                "problems": found}
        if self.overview is not None:
            what = _("new map") if self.status == "added" else _("map deleted")
            return f"{what}: {self.overview.line(lang) if title else self.overview.counts(lang)}"
        line = self.result.summary.line(lang)
        if self.moved_from is not None and moved:
            if not self.result.changed:
                return _("moved from %(path)s, no changes") % {"path": self.moved_from}
            return _("moved from %(path)s") % {"path": self.moved_from} + f" · {line}"
        return line


def files_line(files: list[FileDiff], lang: Language = ENGLISH) -> str:
    """``3 of 40 maps changed: 2 new, 1 moved · 5 added, 1 changed · ...``: the whole comparison."""
    maps = [f for f in files if f.kind == "map"]
    changed = [f for f in maps if f.changed]
    libraries = sum(1 for f in files if f.kind == "library" and f.changed)
    total = Summary()
    for f in files:
        total.add(f.result.summary)
    head = lang.ngettext("%(changed)s of %(num)s map changed", "%(changed)s of %(num)s maps changed",
              len(maps)) % {"changed": len(changed), "num": len(maps)}
    if libraries:
        head += ", " + lang.ngettext("%(num)s library changed", "%(num)s libraries changed",
                                     libraries) % {"num": libraries}
    if not changed and not libraries:
        return head
    counts = Counter(f.status for f in changed)
    invalid = counts["invalid"]
    moved = sum(1 for f in changed if f.moved_from is not None)
    words = ((counts["added"], lang.ngettext("%(num)s new", "%(num)s new", counts["added"])),
             (counts["deleted"], lang.ngettext("%(num)s deleted", "%(num)s deleted", counts["deleted"])),
             (moved, lang.npgettext("map", "%(num)s moved", "%(num)s moved", moved)),
             (invalid, lang.ngettext("%(num)s not valid", "%(num)s not valid", invalid)))
    parts = [word % {"num": n} for n, word in words if n]
    detail = " · ".join(x for x in (", ".join(parts), total.line(lang) if total.total else "") if x)
    return f"{head}: {detail}" if detail else head
