"""What validate and lint report: one record type, so every output format serves both.

:class:`Report` and :class:`RuleInfo` live here, not in :mod:`cjm.formats`, because validate,
lint, render and the Python API produce them and the formats only read them: the core must not
depend on how its results are printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

Path = tuple[str | int, ...]


class Severity(IntEnum):
    """Ordered so that ``--fail-on`` is a comparison."""

    info = 1
    warning = 2
    error = 3

    def __str__(self) -> str:
        return self.name

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().lower()]
        except KeyError:
            allowed = ", ".join(s.name for s in cls)
            raise ValueError(f"unknown severity {text!r} (use one of {allowed})") from None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file, located to the character."""

    code: str
    message: str
    file: str
    line: int = 1
    col: int = 1
    severity: Severity = Severity.error
    path: Path = ()
    hint: str | None = None
    name: str = ""
    end_line: int | None = None
    end_col: int | None = None
    related: tuple[tuple[int, int], ...] = field(default=())
    # places in *other* files the problem is about (file, line, col): the library that defines
    # an id, the other map that claims the same id; SARIF's relatedLocations, JSON's "related"
    elsewhere: tuple[tuple[str, int, int], ...] = field(default=())

    @property
    def dotted_path(self) -> str:
        """``stages[2].touchpoints[0].emotion``: how a user names a place in a map."""
        return format_path(self.path)

    @property
    def full_message(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.code, self.message)


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


UNREADABLE = "CJM003"  # a file that cannot be read at all: every command exits 2 for it


def first_unreadable(problems: Iterable[Problem]) -> Problem | None:
    """The first problem saying a file could not be read at all, if any: the one test for exit 2."""
    return next((p for p in problems if p.code == UNREADABLE), None)


# The validation codes. Lint rules own CJM1xx-CJM4xx; CJM0xx is the loader and the schema.
CODES: dict[str, tuple[str, str]] = {
    "CJM001": ("yaml-syntax", "The file is not well-formed YAML."),
    "CJM002": ("duplicate-key", "A mapping has the same key twice; YAML parsers keep only one."),
    "CJM003": ("unreadable", "The file cannot be read at all (missing permission, a directory...)."),
    "CJM004": ("not-a-map", "The file is empty, or its top level is not a mapping."),
    "CJM005": ("too-complex", "The file is too large, too deep, or expands too many aliases."),
    "CJM007": ("encoding", "The file is not UTF-8 text."),
    "CJM006": ("version", "The `cjm:` format version is missing or not supported."),
    "CJM010": ("unknown-field", "A key the format does not define (use an `x-` prefix for your own)."),
    "CJM011": ("missing-field", "A required field is absent."),
    "CJM012": ("wrong-type", "A value has the wrong type (text, number, list, mapping...)."),
    "CJM013": ("not-allowed", "A value is not one of the allowed choices."),
    "CJM014": ("out-of-range", "A number is outside its allowed range."),
    "CJM015": ("bad-id", "An id is not lowercase letters, digits, '-' and '_'."),
    "CJM016": ("invalid-value", "A value is not valid for its field."),
    "CJM020": ("duplicate-id", "Two elements share an id; ids are one namespace across the map."),
    "CJM021": ("unknown-reference", "A reference names an id that the map does not define."),
    "CJM022": ("count-exceeds-base", "A completed action counts more customers than its base `of`."),
    "CJM023": ("wrong-reference-kind", "A reference names an element of the wrong kind."),
    "CJM030": ("shared-id-clash", "An id is defined twice across files: a map and a library, or two libraries."),
    "CJM031": ("unknown-map", "A `parent` or `detail` names a map id that no map in the repository has."),
    "CJM032": ("hierarchy-cycle", "Following `parent` from a map leads back to it."),
    "CJM033": ("detail-parent-mismatch", "A `detail` map's own `parent` is not the map that zooms into it."),
    "CJM034": ("duplicate-map-id", "Two maps of one repository have the same id."),
    "CJM035": ("hierarchy-too-deep", "A map sits more `parent` levels below its top journey than a hierarchy may have (32)."),
}


@dataclass
class RuleInfo:
    """What a report says about a code: SARIF's ``rules[]``, ``--statistics``, help links."""

    code: str
    name: str
    summary: str
    severity: Severity = Severity.error
    doc: str = ""


@dataclass
class Report:
    """The outcome of one ``cjm validate`` or ``cjm lint`` run."""

    command: str
    files: list[str]
    problems: list[Problem]
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    # the language the text format tells the problems in (messages are cjm.i18n.message.Message:
    # English text that knows its gettext id); machine formats keep the English text
    lang: str = "en"

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for p in self.problems:
            out[p.severity] += 1
        return out

    def rule(self, code: str) -> RuleInfo:
        if code in self.rules:
            return self.rules[code]
        name, summary = CODES.get(code, (code.lower(), code))
        return RuleInfo(code, name, summary)


def exit_code(report: Report, fail_on: int = 1, failed: bool | None = None) -> int:
    """The documented exit code of a run: 0 clean, 1 problems at or above ``fail_on`` severity
    (or ``failed``, when the caller decided, as lint does per folder), 2 a file could not be read
    at all. Every command that reports problems ends with this one rule."""
    if first_unreadable(report.problems) is not None:
        return 2
    if failed is None:
        failed = any(p.severity >= fail_on for p in report.problems)
    return 1 if failed else 0
