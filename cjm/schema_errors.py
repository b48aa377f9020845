"""Pydantic's errors said in a journey-mapper's words, at the file's line and column.

Pydantic says *what* is wrong in its own words and at a model path; this module says it as the
user wrote it, with a hint on how to fix it. Each error type has one short builder in
:data:`_BUILDERS` (a table, not a chain of ifs), and every message is a
:class:`cjm.i18n.message.Message`: English as it is, and in the reader's language in the text
output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from . import hints
from . import model as m
from .i18n.labels import kind_word
from .i18n.message import Message, say, say_plural
from .kinds import CONTAINERS, KIND_NAMES
from .loader import Document
from .problems import Path, Problem
from .text import did_you_mean, slug

RANGE_HINT = say("cjm takes numbers from -10^15 to 10^15 (a million billion)")


def schema_problems(exc: ValidationError, doc: Document) -> list[Problem]:
    """Every problem pydantic found in ``doc``, one per mistake (a misplaced key's cascade and a
    union's branches folded into one; a period written the human way once per distinct value)."""
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
    for path in [p for p in by_path if p and p[-1] == "period" and _period_text(doc, p)]:
        del by_path[path]  # said once per distinct value by period_problems
    for path, errs in by_path.items():
        err, via_union = errs[0]
        if via_union and len(errs) > 1:
            problems.append(_union_problem(path, err, doc))
        else:
            problems.extend(_problem(path, e, doc) for e, _ in errs)
    return problems


# ---------------------------------------------------------------------------------------------
# periods written the way people write them


def _period_text(doc: Document, path: Path) -> str | None:
    """The text of a period written as people write it (``09.2026``, ``IX 2026``), when it is one."""
    value = _at(doc.data, path)
    raw = doc.source.raw_text(path)
    written = raw if raw is not None else value if isinstance(value, str) else None
    if written is None or hints.period_hint(written) is None:
        return None
    return written


def period_problems(doc: Document) -> list[Problem]:
    """``period: 09.2026``, ``11.2026``: a period YAML reads as a number, which the schema refuses,
    though a person reads a month. One problem per distinct text, at its first place, with how
    often it is written and its canonical form (``did you mean 2026-09?``). A period written as
    text (``Q3 2026``, ``IX 2026``) stays valid, as every version-1 map does: lint CJM305 reports
    it, with the same canonical form."""
    found: dict[str, list[Path]] = {}
    for path in _period_paths(doc.data, ()):
        if isinstance(_at(doc.data, path), str):
            continue  # text stays a valid period (format version 1); lint CJM305 gives the form
        written = _period_text(doc, path)
        if written is not None:
            found.setdefault(written, []).append(path)
    problems = []
    for written, paths in found.items():
        line, col = doc.source.locate(paths[0])
        shown = f"`{written}`"
        message = (say("%(value)s is not a period cjm can place in time", value=shown) if len(paths) == 1
                   else say_plural("%(value)s is not a period cjm can place in time (%(num)s time)",
                                   "%(value)s is not a period cjm can place in time (%(num)s times)",
                                   len(paths), value=shown, num=len(paths)))
        problems.append(_make("CJM016", message, doc, line, col, paths[0],
                              say("did you mean %(period)s?", period=hints.period_hint(written))))
    return problems


def _period_paths(data: Any, path: Path) -> list[Path]:
    out: list[Path] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "period" and not isinstance(value, (dict, list)):
                out.append(path + (key,))
            elif isinstance(key, str):
                out.extend(_period_paths(value, path + (key,)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(_period_paths(value, path + (i,)))
    return out


# ---------------------------------------------------------------------------------------------
# a key indented under the wrong parent


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
        values = {"key": key, "here": _describe(parent, data), "home": _describe(home, data)}
        if not swallowed:
            message = say("`%(key)s` is indented under %(here)s, but belongs to %(home)s", **values)
        elif len(swallowed) == 1:
            lane, holder = str(key), str(parent[-2])
            message = say("`%(key)s` is indented under %(here)s, but belongs to %(home)s: the %(item)s "
                          "below it is read as a %(holder)s", **values,
                          item=kind_word(KIND_NAMES[CONTAINERS[lane]]),
                          holder=kind_word(KIND_NAMES[CONTAINERS[holder]]))
        else:
            message = say("`%(key)s` is indented under %(here)s, but belongs to %(home)s: the %(num)s "
                          "%(lane)s below it are read as %(holders)s", **values, num=len(swallowed),
                          lane=key.replace("_", " "), holders=str(parent[-2]).replace("_", " "),
                          holder_key=str(parent[-2]))
        if value is None or swallowed:
            hint = say("move `%(key)s:` to column %(col)s, in line with the other keys of %(home)s",
                       key=key, col=str(column), home=values["home"])
        else:
            hint = say("move `%(key)s:` and the lines under it %(num)s spaces left, so that `%(key)s:` "
                       "starts at column %(col)s, in line with the other keys of %(home)s",
                       key=key, num=col - column, col=str(column), home=values["home"])
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
    column = str(doc.source.locate(best[1])[1])
    item = _describe(best[1], doc.data)
    if isinstance(here[key], (list, dict)):
        return say("`%(key)s` is a field of %(item)s above: indent it with the lines under it to "
                   "column %(col)s", key=key, item=item, col=column)
    return say("`%(key)s` is a field of %(item)s above: indent it to column %(col)s",
               key=key, item=item, col=column)


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
        if isinstance(part, str) and part in CONTAINERS:
            return CONTAINERS[part]
    return top


def _a_mapping(noun: str) -> str:
    """``a mapping (a stage)``, ``a mapping (an opportunity)``."""
    if noun[:1] in "aeiou":
        return say("a mapping (an %(kind)s)", kind=kind_word(noun))
    return say("a mapping (a %(kind)s)", kind=kind_word(noun))


def _has_fields(noun: str, fields: list[str]) -> str:
    shown = ", ".join(fields)
    if noun[:1] in "aeiou":
        return say("an %(kind)s has: %(fields)s; prefix your own keys with 'x-'", kind=kind_word(noun),
                   fields=shown)
    return say("a %(kind)s has: %(fields)s; prefix your own keys with 'x-'", kind=kind_word(noun),
               fields=shown)


def _field_names(cls: type[m.Element]) -> list[str]:
    return [name for name in cls.model_fields if name != "extensions"]


def _python_kinds() -> dict[type, str]:
    return {
        bool: say("a yes/no value"),
        int: say("a number"),
        float: say("a number"),
        str: say("text"),
        list: say("a list"),
        dict: say("a mapping"),
        type(None): say("nothing (null)"),
    }


_PYTHON_KIND = _python_kinds()


def kind_of(value: Any) -> str:
    """What a value is, as a user names it: "a number", "text", "a list"."""
    import datetime

    if isinstance(value, datetime.date):
        return say("a date")
    return _PYTHON_KIND.get(type(value), type(value).__name__)


def show(value: Any, raw: str | None = None) -> str:
    """A value as a message quotes it: its source text when YAML changed it, shortened."""
    if raw is not None:  # a 401-digit number is shown by its start, like long text
        return f"`{raw}`" if len(raw) <= 60 else f"`{raw[:57]}...`"
    if isinstance(value, (dict, list)):
        return kind_of(value)
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------------------------
# one builder per pydantic error type


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with everything a builder needs to say it."""

    path: Path
    kind: str
    value: Any
    raw: str | None
    name: str | None
    where: str  # the English name of the kind of element the value belongs to
    line: int
    col: int
    ctx: dict[str, Any]
    msg: str
    doc: Document

    @property
    def label(self) -> str:
        return _label(self.path)

    def make(self, code: str, message: str, hint: str | None = None) -> Problem:
        return _make(code, message, self.doc, self.line, self.col, self.path, hint)


def _problem(path: Path, err: dict[str, Any], doc: Document) -> Problem:
    src = doc.source
    name = str(path[-1]) if path and isinstance(path[-1], str) else None
    top: type[m.Element] = m.Library if m.is_library(doc.data) else m.JourneyMap
    where = KIND_NAMES[_owner(path[:-1] if name else path, top)]
    line, col = src.locate(path)
    e = _Error(path, err["type"], err.get("input"), src.raw_text(path), name, where, line, col,
               err.get("ctx") or {}, err["msg"], doc)
    builder = next((b for kinds, b in _BUILDERS if e.kind in kinds or
                    any(k.endswith("*") and e.kind.startswith(k[:-1]) for k in kinds)), _other)
    return builder(e)


def _unknown_field(e: _Error) -> Problem:
    top: type[m.Element] = m.Library if m.is_library(e.doc.data) else m.JourneyMap
    line, col = e.doc.source.locate_key(e.path)
    owner = _owner(e.path[:-1], top)
    fields = _field_names(owner)
    guess = did_you_mean(str(e.name), fields)
    hint = (say("did you mean '%(guess)s'?", guess=guess) if guess else
            _belongs_below(e.path, e.doc) or _has_fields(KIND_NAMES[owner], fields))
    name = e.name
    if name == "extensions ":
        name, hint = "extensions", say("use 'x-' prefixed keys for your own data")
    message = say("unknown field '%(name)s' in %(kind)s", name=name, kind=kind_word(KIND_NAMES[owner]))
    return _make("CJM010", message, e.doc, line, col, e.path, hint)


def _missing(e: _Error) -> Problem:
    top: type[m.Element] = m.Library if m.is_library(e.doc.data) else m.JourneyMap
    owner = _owner(e.path[:-1], top)
    return e.make("CJM011", say("missing required field '%(name)s' in %(kind)s", name=e.name,
                                kind=kind_word(KIND_NAMES[owner])),
                  say("add `%(name)s: ...`", name=e.name))


def _wanted(e: _Error) -> str:
    if e.kind in ("model_type", "model_attributes_type"):
        return _a_mapping(e.where)
    return {
        "string_type": say("text"),
        "int_type": say("a whole number"),
        "int_from_float": say("a whole number"),
        "float_type": say("a number"),
        "bool_type": say("true or false"),
        "list_type": say("a list"),
        "dict_type": say("a mapping"),
        "is_instance_of": say("a mapping"),
    }[e.kind]


def _wrong_type(e: _Error) -> Problem:
    """``count: many``, ``name: 2026``, ``touchpoints: site``: what the field takes and how."""
    special = _too_large_number(e) or _human_number(e) or _one_id(e)
    if special is not None:
        return special
    want, value = _wanted(e), e.value
    values = {"label": e.label, "want": want, "got": kind_of(value)}
    message = say("%(label)s must be %(want)s, not %(got)s", **values)
    hint: str | None = None
    if e.kind in ("model_type", "model_attributes_type") and isinstance(value, str):
        hint = hints.glued(value)
    if isinstance(value, float) and e.raw is not None and e.kind == "int_type":
        message = say("%(label)s must be %(want)s, not `%(raw)s`", **values, raw=e.raw)
    elif not isinstance(value, (dict, list, str)) and e.kind != "string_type":
        message = say("%(label)s must be %(want)s, not %(got)s (%(value)s)", **values,
                      value=show(value, e.raw))
    if e.kind == "int_from_float":
        message = say("%(label)s must be a whole number, not %(value)s", label=e.label, value=str(value))
    if e.raw is not None and e.kind == "string_type":
        message = say("%(label)s must be %(want)s, not %(got)s: YAML reads `%(raw)s` as %(value)s",
                      **values, raw=e.raw, value=show(value))
        hint = (say('quote it: %(name)s: "%(raw)s"', name=e.name, raw=e.raw) if e.name
                else say('quote it: - "%(raw)s"', raw=e.raw))
    elif e.kind == "list_type" and isinstance(value, str):
        hint = (say("write a list: %(name)s: [%(value)s]", name=e.name, value=value) if e.name
                else say("write a list"))
    elif e.kind == "string_type" and isinstance(value, (dict, list)):
        hint = say("a text that contains ': ' or starts with '- ' must be quoted")
    return e.make("CJM012", message, hint)


def _too_large_number(e: _Error) -> Problem | None:
    value = e.value
    if e.kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        # YAML reads any run of digits as a whole number; one past float's range is no number
        # cjm can compute with ("must be a number, not a number" said nothing).
        return e.make("CJM012", say("%(label)s is too large: %(value)s has %(num)s digits",
                                    label=e.label, value=show(value, e.raw),
                                    num=str(len(str(abs(value))))), RANGE_HINT)
    if isinstance(value, str) and e.kind != "string_type":
        written = hints.exponent_number(value)
        if written is not None and not abs(written) <= m.MAX_NUMBER:
            # `1e400` is text to YAML 1.1 (no point, no exponent sign), but what it means is
            # a number out of range: saying "not text" would send the user the wrong way
            return _out_of_range(e, f"`{value}`", written > 0)
    return None


def _human_number(e: _Error) -> Problem | None:
    """``count: 6.100``, ``target: 20%``: a number written the human way."""
    if e.kind not in ("int_type", "float_type", "int_from_float") or isinstance(e.value, bool):
        return None
    written = e.raw if e.raw is not None else e.value if isinstance(e.value, str) else None
    fix = _number_hint(e.path, written, e.kind != "float_type", e.doc) if written else None
    if fix is None:
        return None
    shown = (say('the text "%(value)s"', value=written) if _quoted(e.doc, e.line, e.col)
             else f"`{written}`")
    return e.make("CJM012", say("%(label)s must be %(want)s, not %(got)s", label=e.label,
                                want=_wanted(e), got=shown), fix)


def _one_id(e: _Error) -> Problem | None:
    if e.kind != "string_type" or not isinstance(e.value, list) or e.name is None:
        return None
    single = hints.one_id(e.where, e.name, e.value)
    if single is None:
        return None
    return e.make("CJM012", say("%(name)s must be %(want)s, not a list", name=e.name, want=single[0]),
                  single[1])


def _not_a_number(e: _Error) -> Problem:
    fix = (_number_hint(e.path, e.value, e.kind == "int_parsing", e.doc)
           if isinstance(e.value, str) else None)
    return e.make("CJM012", say("%(label)s must be a number, not %(value)s", label=e.label,
                                value=show(e.value)), fix)


def _not_allowed(e: _Error) -> Problem:
    """``severity: hgih``, and ``severity: krytyczny``: the word a board in another language
    prints for an allowed value is pointed back at the value."""
    expected = e.ctx.get("expected", "")
    allowed = re.findall(r"'([^']*)'", expected) or [expected]
    guess = None
    if isinstance(e.value, str):
        guess = did_you_mean(e.value, allowed) or translated_value(e.value, allowed)
    message = say("%(value)s is not an allowed %(label)s; allowed: %(allowed)s",
                  value=show(e.value, e.raw), label=e.label, allowed=", ".join(allowed))
    return e.make("CJM013", message, say("did you mean '%(guess)s'?", guess=guess) if guess else None)


def translated_value(value: str, allowed: list[str]) -> str | None:
    """The allowed value ``value`` is a translation of, in any language cjm speaks."""
    from .i18n.reverse import vocabulary_value

    return vocabulary_value(value, allowed)


_OPERATORS = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}


def _out_of_bounds(e: _Error) -> Problem:
    if e.name == "emotion" or (len(e.path) > 1 and e.path[-1] == "emotion"):
        return e.make("CJM014", say("emotion %(value)s is out of range 1-5", value=str(e.value)),
                      say("1 = very negative, 3 = neutral, 5 = very positive"))
    bound = next(iter(e.ctx.values()), "")
    if isinstance(bound, (int, float)) and abs(bound) == m.MAX_NUMBER:
        return _out_of_range(e, show(e.value, e.raw), e.kind.startswith("less"))
    return e.make("CJM014", say("%(label)s must be %(op)s %(bound)s, not %(value)s", label=e.label,
                                op=_OPERATORS[e.kind], bound=str(bound), value=str(e.value)))


def _out_of_range(e: _Error, shown: str, large: bool) -> Problem:
    """A number past :data:`cjm.model.MAX_NUMBER`: said as what it is, with the range and the
    usual cause (a typo, or a value in too small a unit)."""
    in_metric = any(p == "metrics" for p in e.path)
    cause = (say("a typo, or a value in too small a unit: write it in a larger one and say so in "
                 "the metric's `unit:`") if in_metric else say("a typo: check the number"))
    values = {"label": e.label, "value": shown, "range": RANGE_HINT}
    message = (say("%(label)s is too large: %(value)s; %(range)s", **values) if large
               else say("%(label)s is out of range: %(value)s; %(range)s", **values))
    return e.make("CJM014", message, cause)


def _not_finite(e: _Error) -> Problem:
    return e.make("CJM014", say("%(label)s must be a finite number, not %(value)s", label=e.label,
                                value=show(e.value, e.raw)), say("remove the value if it is unknown"))


def _bad_id(e: _Error) -> Problem:
    """Only ids (and ``lang``) have a pattern or a length limit."""
    if e.path == ("lang",):
        return _bad_lang(e)
    suggestion = slug(str(e.value), max_len=64)
    return e.make("CJM015", say("id %(value)s is not valid: use lowercase letters, digits, '-' and '_' "
                                "(at most 64)", value=repr(e.value)),
                  say("for example '%(id)s'", id=suggestion) if suggestion and suggestion != e.value else None)


def _bad_lang(e: _Error) -> Problem:
    """``lang: polski``: a language named in words; the hint is its tag (``pl``)."""
    from .i18n.reverse import language_tag

    tag = language_tag(str(e.value))
    return e.make("CJM015", say("lang %(value)s is not a language tag such as pl, uk or de-AT",
                                value=repr(e.value)),
                  say("did you mean %(tag)s?", tag=tag) if tag else
                  say("write the language's code: en, ru, pl, bg, de or uk"))


def _too_short(e: _Error) -> Problem:
    return e.make("CJM011", say("%(label)s needs at least one item", label=e.label),
                  say("add a stage: `- id: awareness` with a `name`") if e.name == "stages" else None)


def _not_a_date(e: _Error) -> Problem:
    return e.make("CJM016", say("%(label)s must be a date like 2026-09-30, not %(value)s",
                                label=e.label, value=show(e.value, e.raw)), _date_hint(e.value))


def _other(e: _Error) -> Problem:
    return e.make("CJM016", f"{e.label}: {e.msg}")


_BUILDERS: tuple[tuple[tuple[str, ...], Callable[[_Error], Problem]], ...] = (
    (("extra_forbidden",), _unknown_field),
    (("missing",), _missing),
    (("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type", "model_type",
      "model_attributes_type", "int_from_float", "is_instance_of"), _wrong_type),
    (("int_parsing", "float_parsing"), _not_a_number),
    (("enum", "literal_error"), _not_allowed),
    (tuple(_OPERATORS), _out_of_bounds),
    (("finite_number",), _not_finite),
    (("string_pattern_mismatch", "string_too_long"), _bad_id),
    (("too_short",), _too_short),
    (("date*", "datetime*"), _not_a_date),
)
"""Pydantic's error type (``*`` ends a prefix) -> the builder that says it."""


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
        return say("there is no month %(month)s", month=str(month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return say_plural("%(month)s has %(num)s day", "%(month)s has %(num)s days", days,
                          month=_Month(year, month), num=days)
    return None


class _Month(str):
    """``February 2026`` in English, ``luty 2026`` in Polish: a month and year said by Babel."""

    def __new__(cls, year: int, month: int) -> _Month:
        import calendar

        text = super().__new__(cls, f"{calendar.month_name[month]} {year}")
        text.year, text.month = year, month
        return text

    year: int
    month: int

    def __reduce__(self) -> tuple[Any, ...]:
        return _Month, (self.year, self.month)

    def localized(self, lang: Any) -> str:
        import datetime

        from babel.dates import format_date

        if lang.code == "en":
            return str(self)
        return str(format_date(datetime.date(self.year, self.month, 1), "LLLL y", locale=lang.code))


def _union_problem(path: Path, err: dict[str, Any], doc: Document) -> Problem:
    line, col = doc.source.locate(path)
    value = err.get("input")
    label = _label(path)
    if label == "evidence":  # text or a list of items (model.Evidence)
        return _make(
            "CJM012", say("evidence must be text or a list of evidence items, not %(got)s", got=kind_of(value)),
            doc, line, col, path,
            hint=say("write `evidence: what we know`, or a list of `- {kind: interview, source: ...}`"),
        )
    return _make("CJM012", say("%(label)s must be text or a mapping of text, not %(got)s", label=label,
                               got=kind_of(value)), doc, line, col, path)


def _label(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _make(code: str, message: str, doc: Document, line: int, col: int, path: Path,
          hint: str | None = None) -> Problem:
    return Problem(code, message, doc.file, line, col, path=path, hint=hint)


__all__ = ["Message", "kind_of", "period_problems", "schema_problems", "show"]
