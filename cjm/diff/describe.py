"""One change in words (``emotion 2 → 4 ↑``), shared by the text and markdown formats.

The two formats differ only in how a name or value is quoted (``"name"`` in a terminal, ``*name*``
in markdown), so that is a parameter; the wording lives here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..i18n import ENGLISH, Language, language, numbers
from ..i18n.labels import N_, label
from ..i18n.message import localize
from .changes import Change, FileDiff

Quote = Callable[[str], str]

MAX_TEXT = 60

# Meanings that are good news (↑ shown in green) and bad news (red), for colour and for words.
GOOD = {"emotion_up", "pain_point_resolved", "severity_down", "opportunity_progressed",
        "metric_improved", "conversion_up", "confidence_up"}
BAD = {"emotion_down", "pain_point_introduced", "severity_up", "opportunity_regressed",
       "metric_worsened", "conversion_down", "confidence_down"}

_SUFFIX = {
    "pain_point_introduced": N_("pain point introduced"),
    "pain_point_resolved": N_("pain point resolved"),
    "severity_up": N_("more severe"),
    "severity_down": N_("less severe"),
    "opportunity_progressed": N_("progressed"),
    "opportunity_regressed": N_("went back"),
    "metric_improved": N_("better"),
    "metric_worsened": N_("worse"),
    "persona_switched": N_("persona switched"),
    "confidence_up": N_("better backed"),
    "confidence_down": N_("less backed"),
}

# The element kinds a change names (``Change.element_kind``), capitalised as a line starts.
KINDS = {
    "map": N_("Map"),
    "library": N_("Library"),
    "persona": N_("Persona"),
    "channel": N_("Channel"),
    "stage": N_("Stage"),
    "touchpoint": N_("Touchpoint"),
    "moment of truth": N_("Moment of truth"),
    "pain point": N_("Pain point"),
    "desired action": N_("Desired action"),
    "completed action": N_("Completed action"),
    "opportunity": N_("Opportunity"),
    "metric": N_("Metric"),
}

# The format's field names as a reader calls them; a field not listed (a team's ``x-`` key) is
# shown as written.
FIELDS = {
    "actual": N_("actual"),
    "addresses": N_("addresses"),
    "backstage": N_("backstage"),
    "behaviours": N_("behaviours"),
    "channel": N_("channel"),
    "confidence": N_("confidence"),
    "conversion": N_("conversion"),
    "count": N_("count"),
    "current": N_("current-state map"),
    "customer_goal": N_("customer goal"),
    "demographics": N_("demographics"),
    "description": N_("description"),
    "detail": N_("sub-journey"),
    "direction": N_("direction"),
    "effort": N_("effort"),
    "emotion": N_("emotion"),
    "evidence": N_("evidence"),
    "fulfils": N_("fulfils"),
    "goals": N_("goals"),
    "history": N_("history"),
    "impact": N_("impact"),
    "kind": N_("kind"),
    "lang": N_("language"),
    "metric": N_("metric"),
    "name": N_("name"),
    "needs": N_("needs"),
    "next": N_("flow"),
    "of": N_("base"),
    "owner": N_("owner"),
    "parent": N_("parent journey"),
    "period": N_("period"),
    "persona": N_("persona"),
    "psychographics": N_("psychographics"),
    "reviewed": N_("reviewed"),
    "severity": N_("severity"),
    "state": N_("state"),
    "status": N_("status"),
    "summary": N_("summary"),
    "tags": N_("tags"),
    "target": N_("target"),
    "thoughts": N_("thoughts"),
    "title": N_("title"),
    "touchpoint": N_("touchpoint"),
    "touchpoints": N_("touchpoints"),
    "unit": N_("unit"),
}

# Fields whose values are the format's own words: shown in the reader's language.
_VOCABULARY = {"severity": "severity", "status": "status", "impact": "level", "effort": "level",
               "direction": "direction", "state": "state", "channel": "channel",
               "confidence": "confidence"}

# Fields whose values are ids or fixed choices: shown as codes, not as quoted text.
CODE_FIELDS = {"status", "severity", "kind", "impact", "effort", "direction", "state", "channel",
               "fulfils", "metric", "touchpoint", "persona", "stage", "reviewed", "parent",
               "detail", "current", "lang", "confidence"}



# What happened to an element, in words that agree with its kind (Polish "Kanał: usunięty", "Mapa:
# usunięta"): one gettext context per element kind, so a translator gives each its gender. The
# calls are literal so that `make messages` extracts every context.
_WORDS: dict[str, dict[str, Callable[[Language], str]]] = {
    "added": {
        "map": lambda lang: lang.pgettext("map", "added"),
        "library": lambda lang: lang.pgettext("library", "added"),
        "persona": lambda lang: lang.pgettext("persona", "added"),
        "channel": lambda lang: lang.pgettext("channel", "added"),
        "stage": lambda lang: lang.pgettext("stage", "added"),
        "touchpoint": lambda lang: lang.pgettext("touchpoint", "added"),
        "moment of truth": lambda lang: lang.pgettext("moment of truth", "added"),
        "pain point": lambda lang: lang.pgettext("pain point", "added"),
        "desired action": lambda lang: lang.pgettext("desired action", "added"),
        "completed action": lambda lang: lang.pgettext("completed action", "added"),
        "opportunity": lambda lang: lang.pgettext("opportunity", "added"),
        "metric": lambda lang: lang.pgettext("metric", "added"),
    },
    "removed": {
        "map": lambda lang: lang.pgettext("map", "removed"),
        "library": lambda lang: lang.pgettext("library", "removed"),
        "persona": lambda lang: lang.pgettext("persona", "removed"),
        "channel": lambda lang: lang.pgettext("channel", "removed"),
        "stage": lambda lang: lang.pgettext("stage", "removed"),
        "touchpoint": lambda lang: lang.pgettext("touchpoint", "removed"),
        "moment of truth": lambda lang: lang.pgettext("moment of truth", "removed"),
        "pain point": lambda lang: lang.pgettext("pain point", "removed"),
        "desired action": lambda lang: lang.pgettext("desired action", "removed"),
        "completed action": lambda lang: lang.pgettext("completed action", "removed"),
        "opportunity": lambda lang: lang.pgettext("opportunity", "removed"),
        "metric": lambda lang: lang.pgettext("metric", "removed"),
    },
    "renamed": {
        "map": lambda lang: lang.pgettext("map", "renamed from %(name)s"),
        "library": lambda lang: lang.pgettext("library", "renamed from %(name)s"),
        "persona": lambda lang: lang.pgettext("persona", "renamed from %(name)s"),
        "channel": lambda lang: lang.pgettext("channel", "renamed from %(name)s"),
        "stage": lambda lang: lang.pgettext("stage", "renamed from %(name)s"),
        "touchpoint": lambda lang: lang.pgettext("touchpoint", "renamed from %(name)s"),
        "moment of truth": lambda lang: lang.pgettext("moment of truth", "renamed from %(name)s"),
        "pain point": lambda lang: lang.pgettext("pain point", "renamed from %(name)s"),
        "desired action": lambda lang: lang.pgettext("desired action", "renamed from %(name)s"),
        "completed action": lambda lang: lang.pgettext("completed action", "renamed from %(name)s"),
        "opportunity": lambda lang: lang.pgettext("opportunity", "renamed from %(name)s"),
        "metric": lambda lang: lang.pgettext("metric", "renamed from %(name)s"),
    },
    "moved": {
        "map": lambda lang: lang.pgettext("map", "moved from stage %(name)s (%(id)s)"),
        "library": lambda lang: lang.pgettext("library", "moved from stage %(name)s (%(id)s)"),
        "persona": lambda lang: lang.pgettext("persona", "moved from stage %(name)s (%(id)s)"),
        "channel": lambda lang: lang.pgettext("channel", "moved from stage %(name)s (%(id)s)"),
        "stage": lambda lang: lang.pgettext("stage", "moved from stage %(name)s (%(id)s)"),
        "touchpoint": lambda lang: lang.pgettext("touchpoint", "moved from stage %(name)s (%(id)s)"),
        "moment of truth": lambda lang: lang.pgettext("moment of truth", "moved from stage %(name)s (%(id)s)"),
        "pain point": lambda lang: lang.pgettext("pain point", "moved from stage %(name)s (%(id)s)"),
        "desired action": lambda lang: lang.pgettext("desired action", "moved from stage %(name)s (%(id)s)"),
        "completed action": lambda lang: lang.pgettext("completed action", "moved from stage %(name)s (%(id)s)"),
        "opportunity": lambda lang: lang.pgettext("opportunity", "moved from stage %(name)s (%(id)s)"),
        "metric": lambda lang: lang.pgettext("metric", "moved from stage %(name)s (%(id)s)"),
    },
}



def happened(change: Change, lang: Language = ENGLISH) -> str:
    """``added``, ``removed``, ``renamed from %(name)s``, ``moved from stage ...`` as said of the
    change's element kind (an unknown kind: the plain message)."""
    verb = "moved" if change.kind == "moved" else change.kind
    said = _WORDS[verb].get(change.element_kind)
    return said(lang) if said is not None else lang.gettext(_PLAIN[verb])


_PLAIN = {"added": N_("added"), "removed": N_("removed"), "renamed": N_("renamed from %(name)s"),
          "moved": N_("moved from stage %(name)s (%(id)s)")}


def file_language(fd: FileDiff, override: str | None = None) -> Language:
    """The language one map's changes are written in: ``--lang``, else the map's own ``lang``
    (for a map read only for its id, its unchanged bytes, the ``lang:`` line of its file)."""
    if override or fd.result.lang is not None:
        return language(override or fd.result.lang)
    from ..language import map_lang

    return language(map_lang(fd.new_label))


def files_language(files: Sequence[FileDiff], override: str | None = None) -> Language:
    """The language of what is said about several maps at once (the header, the totals):
    ``--lang``, else the language every changed map that states one shares, else English."""
    if override:
        return language(override)
    # a map read only for its id (unchanged bytes, moved) has no known language: it does not vote
    said = [f for f in files if f.result.lang is not None]
    codes = {file_language(f) for f in said if f.changed} or {file_language(f) for f in said}
    if not codes and files:  # nothing changed: the maps' own `lang` lines, as every command reads them
        import os

        from ..language import config_lang, maps_lang

        paths = [f.new_label for f in files if os.path.isfile(f.new_label)]
        tag = (config_lang(paths) or maps_lang(paths)) if paths else None
        return language(tag) if tag else ENGLISH
    return codes.pop() if len(codes) == 1 else ENGLISH


def kind_word(kind: str, lang: Language = ENGLISH) -> str:
    """``Touchpoint`` (``Точка контакта``)."""
    found = KINDS.get(kind)
    return lang.gettext(found) if found else kind[:1].upper() + kind[1:]


def field_word(name: str | None, lang: Language = ENGLISH) -> str:
    found = FIELDS.get(name or "")
    return lang.gettext(found) if found else (name or "")


def element_label(change: Change, quote: Quote, *, with_stage: bool = True,
                  lang: Language = ENGLISH) -> str:
    """``Touchpoint "Посещение сайта" (interest)``."""
    where = f" ({change.stage})" if change.stage and with_stage else ""
    return f"{kind_word(change.element_kind, lang)} {quote(change.name)}{where}"


def arrow(change: Change) -> str:
    if change.field == "history":  # the value is a point; its note says the trend
        return ""
    if change.meaning in ("emotion_up", "conversion_up") or (
        change.meaning in ("metric_improved", "metric_worsened") and _num(change.new) > _num(change.old)
    ):
        return " ↑"
    if change.meaning in ("emotion_down", "conversion_down") or change.meaning in (
        "metric_improved", "metric_worsened"
    ):
        return " ↓"
    return ""


def _num(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def describe(change: Change, quote: Quote, code: Quote = str, lang: Language = ENGLISH) -> str:
    """What happened, without the element: ``emotion 2 → 4 ↑``, ``renamed from "Interest"``."""
    _ = lang.gettext
    kind, c = change.kind, change
    if kind in ("added", "removed"):
        text = happened(c, lang)
    elif kind == "renamed":
        text = happened(c, lang) % {"name": quote(str(c.old))}
    elif kind == "moved":
        text = happened(c, lang) % {"name": quote(c.note or str(c.old)), "id": c.old}
    elif kind == "reordered":
        text = _("moved in the stage order: position %(old)s → %(new)s") % {"old": c.old, "new": c.new}
    elif c.field == "next":
        target = quote(c.note or str(c.new or c.old))
        text = (_("flow → %(target)s added") if c.meaning == "flow_added"
                else _("flow → %(target)s removed")) % {"target": target}
    elif c.field == "conversion":
        old, new = _percents(c.old, c.new, lang)
        # a change past four decimals of a point reads as none: no arrow for what cannot be seen
        text = _("conversion %(old)s → %(new)s") % {"old": old, "new": new} + (arrow(c) if old != new else "")
        if c.note:  # a step measured for a new period: which periods are compared
            return f"{text} ({c.note})"
    elif c.field == "history":
        point = c.new if c.new is not None else c.old
        values = {"period": point["period"], "value": value(point["value"], quote, lang)}
        if c.old is None:
            text = _("history + %(period)s: %(value)s") % values
        elif c.new is None:
            text = _("history − %(period)s: %(value)s") % values
        elif c.old["value"] == c.new["value"]:  # the value stayed; its note changed
            text = _("history %(period)s: note %(old)s → %(new)s") % {
                "period": point["period"], "old": value(c.old.get("note"), quote, lang),
                "new": value(c.new.get("note"), quote, lang)}
        else:
            before, after = c.old["value"], c.new["value"]
            shown_old = value(before, quote, lang)
            if _numeric(before) and _numeric(after):  # a change past 4 decimals still shows
                shown_old, values["value"] = numbers.numbers_apart(before, after, lang)
            text = _("history %(period)s: %(old)s → %(value)s") % {**values, "old": shown_old}
        extra = [_(_SUFFIX[c.meaning])] if c.meaning in _SUFFIX else []
        extra += [localize(c.note, lang)] if c.note else []
        return text + (f" ({'; '.join(extra)})" if extra else "")
    elif c.field == "resolved":
        return _("resolved by %(name)s") % {"name": quote(c.note)} if c.note else _("resolved")
    elif c.field == "persona" and c.note:
        before, _sep, after = c.note.partition(" → ")
        text = _("persona %(old)s → %(new)s") % {"old": _maybe(before, quote),
                                                  "new": _maybe(after, quote)}
    elif c.note and c.field in ("touchpoints", "addresses"):
        text = f"{field_word(c.field, lang)} {c.note}"
    else:
        old, new = shorten(c.old, c.new)
        show = code if c.field in CODE_FIELDS else quote
        text = (f"{field_word(c.field, lang)} {value(old, show, lang, c.field)} → "
                f"{value(new, show, lang, c.field)}{arrow(c)}")
    extra = ([_(_SUFFIX[c.meaning])] if c.meaning in _SUFFIX and c.meaning != "persona_switched"
             else [])
    if c.note and c.field in ("actual", "count", "of"):  # the target; a record's period
        extra.append(localize(c.note, lang))
    if extra:
        text += f" ({'; '.join(extra)})"
    return text


def _numeric(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _maybe(text: str, quote: Quote) -> str:
    return text if text == "—" else quote(text)


def _percents(old: Any, new: Any, lang: Language = ENGLISH) -> tuple[str, str]:
    """Both conversions of a change, with decimals enough to see that they differ: the arrow
    beside them says they moved (:func:`cjm.i18n.numbers.percents`)."""
    def one(rate: Any) -> str:
        return numbers.percent(rate, lang) if isinstance(rate, (int, float)) else "—"

    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return numbers.percents(old, new, lang)
    return one(old), one(new)


def value(v: Any, quote: Quote, lang: Language = ENGLISH, field: str | None = None) -> str:
    """A field value for people: the format's words in the reader's language, text quoted,
    numbers as the language writes them, lists joined, absent as an em dash."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return lang.gettext("yes") if v else lang.gettext("no")
    if isinstance(v, str):
        if field in _VOCABULARY and lang.code != "en":
            return quote(label(_VOCABULARY[field], v, lang))
        return quote(v)
    if isinstance(v, (int, float)):
        return numbers.number(v, lang)
    if isinstance(v, list):
        return "[" + ", ".join(value(x, quote, lang) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {value(x, quote, lang)}" for k, x in v.items()) + "}"
    return str(v)


def shorten(old: Any, new: Any) -> tuple[Any, Any]:
    """Long texts cut to the part that differs, with ``…`` where text was left out."""
    if not (isinstance(old, str) and isinstance(new, str)):
        return _cut(old), _cut(new)
    if len(old) <= MAX_TEXT and len(new) <= MAX_TEXT:
        return old, new
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    start = max(0, prefix - 15)
    return _window(old, start, len(old) - suffix), _window(new, start, len(new) - suffix)


def _window(text: str, start: int, end: int) -> str:
    end = max(end, start)
    stop = min(len(text), max(end + 15, start + 30), start + MAX_TEXT)
    out = text[start:stop]
    return ("…" if start else "") + out + ("…" if stop < len(text) else "")


def _cut(v: Any) -> Any:
    if isinstance(v, str) and len(v) > MAX_TEXT:
        return v[: MAX_TEXT - 1] + "…"
    return v
