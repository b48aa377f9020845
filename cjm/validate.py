"""Schema and reference checks: a loaded document in, a typed map and located problems out.

Pydantic says *what* is wrong in its own words and at a model path; this module says it in a
journey-mapper's words, at the file's line and column (via the loader's SourceMap), with a hint
on how to fix it. Reference integrity (every id a map mentions exists, and is of the right kind)
is checked here too, because a map with a dangling reference is not a valid map.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import hints
from . import model as m
from .kinds import CONTAINERS
from .kinds import KIND_NAMES as KIND_NAMES  # re-exported: diff names elements with it
from .limits import MAX_HIERARCHY_DEPTH
from .loader import Document
from .problems import Path, Problem
from .references import hierarchy_references, references
from .text import did_you_mean, slug

if TYPE_CHECKING:
    from .repository import Repository, SharedElement

_CONTAINERS = CONTAINERS


@dataclass
class Checked:
    """A file after validation: the typed map when it is valid, and every problem found."""

    document: Document
    map: m.JourneyMap | None = None
    problems: list[Problem] = field(default_factory=list)
    library: m.Library | None = None  # the typed library, when the file is a valid library file
    # the typed map whenever the schema holds, even with dangling references: enough to publish a
    # page that is flagged with its problems (``map`` stays None then: nothing else uses it)
    readable: m.JourneyMap | None = None

    @property
    def file(self) -> str:
        return self.document.file

    @property
    def ok(self) -> bool:
        return self.map is not None and not self.problems


def validate_document(doc: Document, repo: Repository | None = None,
                      whole_repository: bool = False) -> Checked:
    """Everything ``cjm validate`` reports about one loaded file.

    ``repo`` is the repository the file belongs to (by default found from the file's name, see
    :func:`cjm.repository.for_file`): its libraries resolve the map's references, its map index
    checks ``parent`` and ``detail``. The index is read only when the map has either, or when
    ``whole_repository`` asks for every repository-wide check (a folder is being validated:
    then a map id another map also has is reported too).
    """
    checked = Checked(doc, problems=list(doc.problems))
    data = doc.data
    if not isinstance(data, dict):
        return checked
    version = _version_problem(doc)
    if version is not None:
        checked.problems.append(version)
        return checked
    if repo is None:
        from .repository import for_file

        repo = for_file(doc.file)
    mine = os.path.abspath(doc.file)
    checked.problems.extend(p for p in repo.library_read_problems()
                            if os.path.abspath(p.file) != mine)
    if m.is_library(data):
        checked.library, problems = validate_library(doc, repo)
        checked.problems.extend(problems)
        return checked
    try:
        journey = m.JourneyMap.model_validate(data)
    except ValidationError as exc:
        checked.problems.extend(_schema_problems(exc, doc))
        return checked
    shared = repo.shared()
    if shared:
        journey.attach_shared({key: found.element for key, found in shared.items()},
                              {key: found.library for key, found in shared.items()})
    checked.readable = journey
    checked.problems.extend(check_references(journey, doc, repo))
    checked.problems.extend(check_hierarchy(journey, doc, repo, whole_repository))
    if not checked.problems or all(p.code == "CJM002" for p in checked.problems):
        checked.map = journey
    return checked


def validate_library(doc: Document, repo: Repository) -> tuple[m.Library | None, list[Problem]]:
    """A library file's own problems: its schema, ids unique within it, and ids another library
    also defines (reported on the later file, pointing at the earlier one)."""
    problems: list[Problem] = []
    version = _version_problem(doc)
    if version is not None:
        return None, [version]
    try:
        library = m.Library.model_validate(doc.data)
    except ValidationError as exc:
        return None, _schema_problems(exc, doc)
    src = doc.source
    seen: dict[str, tuple[type[m.Element], Path]] = {}
    for path, element in library.elements():
        line, col = src.locate(path + ("id",))
        if element.id in seen:
            kind, first = seen[element.id]
            fl, fc = src.locate(first + ("id",))
            problems.append(Problem(
                "CJM020", f"duplicate id '{element.id}': already used by the {KIND_NAMES[kind]} "
                f"at line {fl}", doc.file, line, col, path=path + ("id",),
                hint="ids are one namespace across a library and the maps that use it; rename one",
                related=((fl, fc),)))
        else:
            seen[element.id] = (type(element), path)
    mine = os.path.abspath(doc.file)
    for again, earlier in repo.clashes():
        if os.path.abspath(again.place.file) != mine or os.path.abspath(earlier.place.file) == mine:
            continue
        problems.append(Problem(
            "CJM030",
            f"id '{again.id}' is already defined by library '{earlier.library}': the "
            f"{KIND_NAMES[earlier.kind]} defined in {earlier.place}",
            doc.file, again.place.line, again.place.col, path=again.path + ("id",),
            hint="an id means one thing across the repository; keep one definition",
            elsewhere=(_where(earlier),)))
    return library, problems
def _version_problem(doc: Document) -> Problem | None:
    data, src = doc.data, doc.source
    if "cjm" not in data:
        return Problem(
            "CJM006",
            "not a cjm map: the `cjm:` format version is missing",
            doc.file,
            1,
            1,
            hint="add `cjm: 1` at the top of the file",
        )
    version = data["cjm"]
    line, col = src.locate(("cjm",))
    if isinstance(version, int) and not isinstance(version, bool) and version > m.FORMAT_VERSION:
        return Problem(
            "CJM006",
            f"format version {version} is newer than this cjm understands "
            f"(it reads version {m.FORMAT_VERSION})",
            doc.file,
            line,
            col,
            path=("cjm",),
            hint="upgrade cjm",
        )
    if version != m.FORMAT_VERSION or isinstance(version, bool):
        return Problem(
            "CJM006",
            f"format version must be {m.FORMAT_VERSION}, not {_show(version, src.raw_text(('cjm',)))}",
            doc.file,
            line,
            col,
            path=("cjm",),
            hint=f"write `cjm: {m.FORMAT_VERSION}`",
        )
    return None


# ---------------------------------------------------------------------------------------------
# pydantic errors -> problems


def _schema_problems(exc: ValidationError, doc: Document) -> list[Problem]:
    by_path: dict[Path, list[tuple[Any, bool]]] = {}
    for err in exc.errors(include_url=False):
        path, via_union = _real_path(err["loc"], doc.data, err["type"])
        by_path.setdefault(path, []).append((err, via_union))
    problems = _misplaced_keys(by_path, doc)
    # A union (text or mapping) reports one error per branch; keep the most specific.
    union_paths = [p for p, errs in by_path.items() if any(u for _, u in errs)]
    for p in union_paths:
        if any(len(q) > len(p) and q[: len(p)] == p for q in by_path):
            del by_path[p]
    for path, errs in by_path.items():
        err, via_union = errs[0]
        if via_union and len(errs) > 1:
            problems.append(_union_problem(path, err, doc))
        else:
            problems.extend(_problem(path, e, doc) for e, _ in errs)
    return problems


def _misplaced_keys(by_path: dict[Path, list[tuple[Any, bool]]], doc: Document) -> list[Problem]:
    """A key indented under the wrong parent, as one problem instead of a cascade.

    ``pain_points:`` indented under a touchpoint is an unknown field of the touchpoint; when its
    items stayed where they were, each is read as one more touchpoint with unknown fields
    (``severity``, ``touchpoints``...). The user has one line to change: say which, where it
    belongs and at which column, and drop the errors that follow from it.
    """
    src, data = doc.source, doc.data
    extras = sorted(
        (p for p, errs in by_path.items()
         if p and isinstance(p[-1], str) and any(e["type"] == "extra_forbidden" for e, _ in errs)),
        key=src.locate_key,
    )
    problems: list[Problem] = []
    for path in extras:
        if path not in by_path:
            continue  # an item this cascade already accounts for
        key, parent = str(path[-1]), path[:-1]
        value = _at(data, path)
        home = _home(parent, key, value)
        if home is None:
            continue
        swallowed = _swallowed(parent, key, value, data)
        for gone in [path, *swallowed]:
            for p in [q for q in by_path if q[: len(gone)] == gone]:
                del by_path[p]
        line, col = src.locate_key(path)
        column = src.locate(home)[1]
        message = f"`{key}` is indented under {_describe(parent, data)}, but belongs to {_describe(home, data)}"
        if swallowed:
            lane, holder = str(key), str(parent[-2])
            if len(swallowed) == 1:
                message += f": the {KIND_NAMES[CONTAINERS[lane]]} below it is read as a {KIND_NAMES[CONTAINERS[holder]]}"
            else:
                message += (f": the {len(swallowed)} {lane.replace('_', ' ')} below it are read as "
                            f"{holder.replace('_', ' ')}")
        if value is None or swallowed:
            hint = f"move `{key}:` to column {column}, in line with the other keys of {_describe(home, data)}"
        else:
            hint = (f"move `{key}:` and the lines under it {col - column} spaces left, so that `{key}:` "
                    f"starts at column {column}, in line with the other keys of {_describe(home, data)}")
        problems.append(_make("CJM010", message, doc, line, col, path, hint))
    return problems


def _home(parent: Path, key: str, value: Any) -> Path | None:
    """The nearest enclosing mapping that has ``key`` as a field (with a value it could hold)."""
    lane = CONTAINERS.get(key)
    if lane is not None and not (value is None or (isinstance(value, list) and all(isinstance(v, dict) for v in value))):
        return None  # `touchpoints: [site]` in a touchpoint is a pain point's list of ids, not a lane
    for cut in range(len(parent) - 1, -1, -1):
        model = hints.model_at(parent[:cut])
        if model is not None and key in model.model_fields and key != "extensions":
            return parent[:cut]
    return None


def _swallowed(parent: Path, key: str, value: Any, data: Any) -> list[Path]:
    """Items after ``parent`` in its list that are really the items of the misplaced lane ``key``
    (``pain_points:`` moved, its items not): shaped like the lane's items, not like the list's."""
    lane = CONTAINERS.get(key)
    holder = hints.model_at(parent)
    if lane is None or holder is None or value is not None or not isinstance(parent[-1], int):
        return []
    items = _at(data, parent[:-1])
    out: list[Path] = []
    for i in range(parent[-1] + 1, len(items) if isinstance(items, list) else 0):
        item = items[i]
        keys = {k for k in item if isinstance(k, str) and not k.startswith("x-")} if isinstance(item, dict) else set()
        foreign = keys - set(holder.model_fields)
        if not foreign or not foreign <= set(lane.model_fields):
            break
        out.append(parent[:-1] + (i,))
    return out


def _describe(path: Path, data: Any) -> str:
    item = _at(data, path)
    ident = item.get("id") if isinstance(item, dict) else None
    return hints.describe(path, ident if isinstance(ident, str) else None)


def _belongs_below(path: Path, doc: Document) -> str | None:
    """A key dedented out of the last item of a lane above it (a touchpoint's ``channel:`` at the
    stage's column): unknown where it is, a field of that item."""
    key, parent = path[-1], path[:-1]
    here = _at(doc.data, parent)
    if not isinstance(here, dict) or not isinstance(key, str):
        return None
    line = doc.source.locate_key(path)[0]
    best: tuple[int, Path] | None = None
    for lane, model in CONTAINERS.items():
        items = here.get(lane)
        lane_line = doc.source.locate_key(parent + (lane,))[0]
        if (isinstance(items, list) and items and isinstance(items[-1], dict) and lane_line < line
                and key in model.model_fields and (best is None or lane_line > best[0])):
            best = (lane_line, parent + (lane, len(items) - 1))
    if best is None:
        return None
    column = doc.source.locate(best[1])[1]
    block = " with the lines under it" if isinstance(here[key], (list, dict)) else ""
    return f"`{key}` is a field of {_describe(best[1], doc.data)} above: indent it{block} to column {column}"


def _real_path(loc: tuple[Any, ...], data: Any, kind: str) -> tuple[Path, bool]:
    """Pydantic's loc without union-branch labels (``('demographics', 'str')``)."""
    path: list[str | int] = []
    cur = data
    skipped = False
    for i, part in enumerate(loc):
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            path.append(part)
            cur = cur[part]
        elif kind in ("missing", "extra_forbidden") and i == len(loc) - 1:
            path.append(part)
        else:
            skipped = True
    return tuple(path), skipped


def _owner(path: Path, top: type[m.Element] = m.JourneyMap) -> type[m.Element]:
    """The model that the mapping at ``path`` is an instance of (``top`` for the file itself)."""
    for part in reversed(path):
        if isinstance(part, str) and part in _CONTAINERS:
            return _CONTAINERS[part]
    return top


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _field_names(cls: type[m.Element]) -> list[str]:
    return [name for name in cls.model_fields if name != "extensions"]


_PYTHON_KIND = {
    bool: "a yes/no value",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing (null)",
}


def _kind(value: Any) -> str:
    import datetime

    if isinstance(value, datetime.date):
        return "a date"
    return _PYTHON_KIND.get(type(value), type(value).__name__)


def _show(value: Any, raw: str | None = None) -> str:
    if raw is not None:  # a 401-digit number is shown by its start, like long text
        return f"`{raw}`" if len(raw) <= 60 else f"`{raw[:57]}...`"
    if isinstance(value, (dict, list)):
        return _kind(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(path: Path, err: dict[str, Any], doc: Document) -> Problem:
    kind = err["type"]
    src = doc.source
    value = err.get("input")
    raw = src.raw_text(path)
    name = str(path[-1]) if path and isinstance(path[-1], str) else None
    top: type[m.Element] = m.Library if m.is_library(doc.data) else m.JourneyMap
    where = KIND_NAMES[_owner(path[:-1] if name else path, top)]
    line, col = src.locate(path)
    code, hint = "CJM016", None
    ctx = err.get("ctx") or {}

    if kind == "extra_forbidden":
        line, col = src.locate_key(path)
        owner = _owner(path[:-1], top)
        fields = _field_names(owner)
        guess = did_you_mean(str(name), fields)
        hint = (
            f"did you mean '{guess}'?"
            if guess
            else _belongs_below(path, doc)
            or f"{_article(KIND_NAMES[owner])} has: {', '.join(fields)}; prefix your own keys with 'x-'"
        )
        if name == "extensions ":
            name, hint = "extensions", "use 'x-' prefixed keys for your own data"
        return _make("CJM010", f"unknown field '{name}' in {KIND_NAMES[owner]}", doc, line, col, path, hint)
    if kind == "missing":
        owner = _owner(path[:-1], top)
        return _make(
            "CJM011",
            f"missing required field '{name}' in {KIND_NAMES[owner]}",
            doc,
            line,
            col,
            path,
            f"add `{name}: ...`",
        )
    if kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type",
                "model_type", "model_attributes_type", "int_from_float", "is_instance_of"):
        want = {
            "string_type": "text",
            "int_type": "a whole number",
            "int_from_float": "a whole number",
            "float_type": "a number",
            "bool_type": "true or false",
            "list_type": "a list",
            "dict_type": "a mapping",
            "model_type": f"a mapping ({_article(where)})",
            "model_attributes_type": f"a mapping ({_article(where)})",
            "is_instance_of": "a mapping",
        }[kind]
        message = f"{_label(path)} must be {want}, not {_kind(value)}"
        if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
            # YAML reads any run of digits as a whole number; one past float's range is no number
            # cjm can compute with ("must be a number, not a number" said nothing).
            digits = len(str(abs(value)))
            return _make("CJM012", f"{_label(path)} is too large: {_show(value, raw)} has {digits} "
                         "digits", doc, line, col, path, _RANGE_HINT)
        if isinstance(value, str) and kind != "string_type":
            written_number = hints.exponent_number(value)
            if written_number is not None and not abs(written_number) <= m.MAX_NUMBER:
                # `1e400` is text to YAML 1.1 (no point, no exponent sign), but what it means is
                # a number out of range: saying "not text" would send the user the wrong way
                return _out_of_range(path, f"`{value}`", written_number > 0, doc, line, col)
        if kind in ("int_type", "float_type", "int_from_float") and not isinstance(value, bool):
            written = raw if raw is not None else value if isinstance(value, str) else None
            fix = _number_hint(path, written, kind != "float_type", doc) if written else None
            if fix is not None:
                shown = f'the text "{written}"' if _quoted(doc, line, col) else f"`{written}`"
                return _make("CJM012", f"{_label(path)} must be {want}, not {shown}", doc, line, col,
                             path, fix)
        if kind == "string_type" and isinstance(value, list) and name is not None:
            single = hints.one_id(where, name, value)
            if single is not None:
                return _make("CJM012", f"{name} must be {single[0]}, not a list", doc, line, col, path,
                             single[1])
        if kind in ("model_type", "model_attributes_type") and isinstance(value, str):
            hint = hints.glued(value)
        if isinstance(value, float) and raw is not None and kind == "int_type":
            message = f"{_label(path)} must be {want}, not `{raw}`"  # not "a number (`6.5`)"
        elif not isinstance(value, (dict, list, str)) and kind != "string_type":
            message += f" ({_show(value, raw)})"
        if kind == "int_from_float":
            message = f"{_label(path)} must be a whole number, not {value}"
        if raw is not None and kind == "string_type":
            message += f": YAML reads `{raw}` as {_show(value)}"
            hint = f'quote it: {name or "-"}: "{raw}"' if name else f'quote it: - "{raw}"'
        elif kind == "list_type" and isinstance(value, str):
            hint = f"write a list: {name}: [{value}]" if name else "write a list"
        elif kind == "string_type" and isinstance(value, (dict, list)):
            hint = "a text that contains ': ' or starts with '- ' must be quoted"
        return _make("CJM012", message, doc, line, col, path, hint)
    if kind in ("int_parsing", "float_parsing"):
        fix = _number_hint(path, value, kind == "int_parsing", doc) if isinstance(value, str) else None
        return _make("CJM012", f"{_label(path)} must be a number, not {_show(value)}", doc, line, col, path,
                     fix)
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "")
        allowed = re.findall(r"'([^']*)'", expected) or [expected]
        guess = did_you_mean(str(value), allowed) if isinstance(value, str) else None
        hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(allowed)}"
        shown = _show(value, raw)
        return _make("CJM013", f"{shown} is not an allowed {_label(path)}; allowed: {', '.join(allowed)}", doc, line, col, path, hint if guess else None)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if name == "emotion" or (len(path) > 1 and path[-1] == "emotion"):
            return _make("CJM014", f"emotion {value} is out of range 1-5", doc, line, col, path,
                         "1 = very negative, 3 = neutral, 5 = very positive")
        bound = next(iter(ctx.values()), "")
        if isinstance(bound, (int, float)) and abs(bound) == m.MAX_NUMBER:
            return _out_of_range(path, _show(value, raw), kind.startswith("less"), doc, line, col)
        op = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}[kind]
        return _make("CJM014", f"{_label(path)} must be {op} {bound}, not {value}", doc, line, col, path)
    if kind == "finite_number":
        return _make("CJM014", f"{_label(path)} must be a finite number, not {_show(value, raw)}", doc, line, col, path,
                     "remove the value if it is unknown")
    if kind in ("string_pattern_mismatch", "string_too_long"):  # only ids have either
        suggestion = slug(str(value), max_len=64)
        return _make(
            "CJM015",
            f"id {value!r} is not valid: use lowercase letters, digits, '-' and '_' (at most 64)",
            doc, line, col, path,
            f"for example '{suggestion}'" if suggestion and suggestion != value else None,
        )
    if kind == "too_short":
        return _make("CJM011", f"{_label(path)} needs at least one item", doc, line, col, path,
                     "add a stage: `- id: awareness` with a `name`" if name == "stages" else None)
    if kind.startswith("date") or kind.startswith("datetime"):
        return _make("CJM016", f"{_label(path)} must be a date like 2026-09-30, not {_show(value, raw)}",
                     doc, line, col, path, _date_hint(value))
    return _make(code, f"{_label(path)}: {err['msg']}", doc, line, col, path, hint)


_RANGE_HINT = "cjm takes numbers from -10^15 to 10^15 (a million billion)"


def _out_of_range(path: Path, shown: str, large: bool, doc: Document, line: int,
                  col: int) -> Problem:
    """A number past :data:`cjm.model.MAX_NUMBER`: said as what it is, with the range and the
    usual cause (a typo, or a value in too small a unit)."""
    cut = max((i for i, p in enumerate(path) if p == "metrics"), default=None)
    cause = ("a typo, or a value in too small a unit: write it in a larger one and say so in the "
             "metric's `unit:`" if cut is not None else "a typo: check the number")
    return _make("CJM014", f"{_label(path)} is {'too large' if large else 'out of range'}: "
                 f"{shown}; {_RANGE_HINT}", doc, line, col, path, cause)


def _number_hint(path: Path, written: str, whole: bool, doc: Document) -> str | None:
    """``count: 6.100``, ``of: 38,900``, ``target: 20%``: the number as YAML wants it."""
    cut = max((i for i, p in enumerate(path) if p == "metrics"), default=None)
    metric = _at(doc.data, path[: cut + 2]) if cut is not None else None
    unit = metric.get("unit") if isinstance(metric, dict) else None
    line, col = doc.source.locate(path)
    return hints.number_hint(
        _label(path), written, whole=whole, metric_unit=unit if isinstance(unit, str) else None,
        in_metric=cut is not None, quoted=_quoted(doc, line, col),
    )


def _quoted(doc: Document, line: int, col: int) -> bool:
    """Whether the value at (line, col) was written in quotes (``count: "6100"``)."""
    lines = doc.text.splitlines()
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text[col - 1 : col] in ("'", '"')


def _at(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _date_hint(value: Any) -> str | None:
    """Why a date-shaped value is no date: ``2026-02-30`` -> "February 2026 has 28 days"."""
    import calendar

    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value))
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    return None


def _union_problem(path: Path, err: dict[str, Any], doc: Document) -> Problem:
    line, col = doc.source.locate(path)
    value = err.get("input")
    label = _label(path)
    if label == "evidence":  # text or a list of items (model.Evidence)
        return _make(
            "CJM012", f"evidence must be text or a list of evidence items, not {_kind(value)}",
            doc, line, col, path,
            hint="write `evidence: what we know`, or a list of `- {kind: interview, source: ...}`",
        )
    return _make(
        "CJM012",
        f"{label} must be text or a mapping of text, not {_kind(value)}",
        doc, line, col, path,
    )


def _label(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _make(code: str, message: str, doc: Document, line: int, col: int, path: Path,
          hint: str | None = None) -> Problem:
    return Problem(code, message, doc.file, line, col, path=path, hint=hint)


# ---------------------------------------------------------------------------------------------
# references


def check_references(journey: m.JourneyMap, doc: Document,
                     repo: Repository | None = None) -> list[Problem]:
    """Ids unique in the map and against its libraries; every reference resolved, here or there."""
    problems: list[Problem] = []
    src = doc.source
    shared: dict[str, SharedElement] = repo.shared() if repo is not None else {}
    index: dict[str, tuple[type[m.Element], Path]] = {}
    for path, element in journey.elements():
        ident: str = element.id  # type: ignore[attr-defined]
        if ident in index:
            first_kind, first_path = index[ident]
            fl, fc = src.locate(first_path + ("id",))
            line, col = src.locate(path + ("id",))
            problems.append(
                Problem(
                    "CJM020",
                    f"duplicate id '{ident}': already used by the {KIND_NAMES[first_kind]} at line {fl}",
                    doc.file, line, col, path=path + ("id",),
                    hint="ids are one namespace across the whole map; rename one",
                    related=((fl, fc),),
                )
            )
        else:
            index[ident] = (type(element), path)
        there = shared.get(ident)
        if there is not None and not (type(element) is there.kind and element == there.element):
            # an identical copy is lint's business (CJM502); a different one has diverged
            line, col = src.locate(path + ("id",))
            what = KIND_NAMES[type(element)]
            same = type(element) is there.kind
            problems.append(Problem(
                "CJM030",
                f"id '{ident}' is defined twice: this {what} and the {KIND_NAMES[there.kind]} of "
                f"library '{there.library}' defined in {there.place}",
                doc.file, line, col, path=path + ("id",),
                hint=(f"remove this {what} to use the library's" if same
                      else "an id means one thing across a map and its libraries; rename one"),
                elsewhere=(_where(there),)))
    for name in m.BUILTIN_CHANNELS:
        index.setdefault(name, (m.Channel, ()))
    for ref in references(journey):
        found = index.get(ref.target)
        if found is not None and found[0] is ref.kind:
            continue  # the common case, decided before any position is looked up
        line, col = src.locate(ref.path)
        want = KIND_NAMES[ref.kind]
        elsewhere = shared.get(ref.target) if found is None else None
        if found is None and elsewhere is None:
            options = sorted({k for k, (kind, _) in index.items() if kind is ref.kind}
                             | {k for k, e in shared.items() if e.kind is ref.kind})
            guess = did_you_mean(ref.target, options)
            if guess:
                hint = f"did you mean '{guess}'?"
                if guess in shared and guess not in index:
                    hint = f"did you mean '{guess}', defined in {shared[guess].place}?"
            elif options:
                shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
                hint = f"{want}s in this map{' and its libraries' if shared else ''}: {shown}"
            else:
                hint = f"the map defines no {want}s yet"
            if not guess and not shared and ref.kind in (m.Persona, m.Channel, m.Metric) \
                    and repo is not None:
                hint += _no_library_hint(repo)
            problems.append(Problem("CJM021", f"unknown {want} '{ref.target}'", doc.file, line, col,
                                    path=ref.path, hint=hint))
        elif found is not None and found[0] is not ref.kind:
            problems.append(
                Problem("CJM023", f"'{ref.target}' is a {KIND_NAMES[found[0]]}, not a {want}",
                        doc.file, line, col, path=ref.path)
            )
        elif elsewhere is not None and elsewhere.kind is not ref.kind:
            problems.append(Problem(
                "CJM023",
                f"'{ref.target}' is a {KIND_NAMES[elsewhere.kind]} of library "
                f"'{elsewhere.library}' defined in {elsewhere.place}, not a {want}",
                doc.file, line, col, path=ref.path, elsewhere=(_where(elsewhere),)))
    for path, _stage, done in journey.lane_items("completed_actions"):
        if done.of is not None and done.count > done.of:
            line, col = src.locate(path + ("count",))
            problems.append(
                Problem("CJM022", f"count {done.count} is larger than its base of {done.of}",
                        doc.file, line, col, path=path + ("count",),
                        hint="`of` is how many customers could have done it; count cannot exceed it")
            )
    return problems


def _where(element: SharedElement) -> tuple[str, int, int]:
    return (element.place.file, element.place.line, element.place.col)


def _no_library_hint(repo: Repository) -> str:
    """Why a library persona may not be found: the map was validated outside its repository."""
    if repo.config is None and repo.scan:
        return ("; if a library file defines it, mark the repository root with a .cjm.toml "
                "so cjm finds the library from any folder")
    return ""


def check_hierarchy(journey: m.JourneyMap, doc: Document, repo: Repository,
                    whole_repository: bool = False) -> list[Problem]:
    """``parent`` and ``detail`` name maps of the repository, agree, and never loop; the map's id
    is its own across the repository. Reads the map index only when there is something to check."""
    named = list(hierarchy_references(journey))
    if not repo.scan or (not named and not whole_repository):
        return []  # a map read from no folder (a git revision, a test's text) has no index
    index = repo.maps()
    src = doc.source
    problems: list[Problem] = []
    mine = os.path.abspath(doc.file)
    others = [e for e in index.by_id.get(journey.id, []) if os.path.abspath(e.file) != mine]
    if others:
        line, col = src.locate(("id",))
        problems.append(Problem(
            "CJM034", f"map id '{journey.id}' is also the id of the map in {others[0].place}",
            doc.file, line, col, path=("id",),
            hint="map ids are unique across the repository; rename one (and what points at it)",
            elsewhere=tuple((e.place.file, e.place.line, e.place.col) for e in others)))
    for path, target in named:
        line, col = src.locate(path)
        what = "parent" if path == ("parent",) else "detail"
        if target == journey.id:
            if what == "parent":
                problems.append(Problem("CJM032", f"map '{target}' names itself as its parent",
                                        doc.file, line, col, path=path,
                                        hint="`parent` is the wider journey this one zooms into"))
            else:
                problems.append(Problem("CJM033", f"a {_detail_of(path)} cannot zoom into its own map",
                                        doc.file, line, col, path=path,
                                        hint="`detail` names the map of the sub-journey"))
            continue
        entry = index.get(target)
        if entry is None:
            guess = did_you_mean(target, sorted(index.by_id))
            hint = (f"did you mean '{guess}' ({index.by_id[guess][0].place})?" if guess else
                    f"no map under {shown_root(repo)} has `id: {target}`")
            problems.append(Problem("CJM031", f"unknown map '{target}' in `{what}`", doc.file,
                                    line, col, path=path, hint=hint))
            continue
        if what == "detail" and entry.parent != journey.id:
            says = f"says `parent: {entry.parent}`" if entry.parent else "has no `parent`"
            where = entry.parent_place or entry.place
            problems.append(Problem(
                "CJM033",
                f"the {_detail_of(path)} zooms into map '{target}', which {says} (defined in {where})",
                doc.file, line, col, path=path,
                hint=f"write `parent: {journey.id}` in {entry.file}, or point `detail` at the "
                "right map",
                elsewhere=((where.file, where.line, where.col),)))
    if journey.parent is not None and journey.parent != journey.id and index.get(journey.parent):
        chain, loops = index.ancestors(journey.parent)
        if loops and journey.id in chain:
            full = [journey.id, journey.parent] + chain[: chain.index(journey.id) + 1]
            line, col = src.locate(("parent",))
            problems.append(Problem(
                "CJM032", f"`parent` goes round in a circle: {' -> '.join(full)}",
                doc.file, line, col, path=("parent",),
                hint="a journey's parent is a wider journey; remove `parent` from one of these maps"))
        elif not loops and len(chain) + 1 > MAX_HIERARCHY_DEPTH:
            line, col = src.locate(("parent",))
            top = chain[-1] if chain else journey.parent
            problems.append(Problem(
                "CJM035",
                f"`parent` puts this map {len(chain) + 1} levels below '{top}', more than the "
                f"{MAX_HIERARCHY_DEPTH} a journey hierarchy may have",
                doc.file, line, col, path=("parent",),
                hint="point `parent` at a map nearer the top; until then boards and the site index "
                "show this map as a top journey"))
    return problems


def _detail_of(path: Path) -> str:
    return "touchpoint" if "touchpoints" in path else "stage"


def shown_root(repo: Repository) -> str:
    from .repository import shown

    return shown(repo.root) if repo.scan else "this folder"
