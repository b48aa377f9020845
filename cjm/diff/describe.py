"""One change in words (``emotion 2 → 4 ↑``), shared by the text and markdown formats.

The two formats differ only in how a name or value is quoted (``"name"`` in a terminal, ``*name*``
in markdown), so that is a parameter; the wording lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import numbers
from .changes import Change

Quote = Callable[[str], str]

MAX_TEXT = 60

# Meanings that are good news (↑ shown in green) and bad news (red), for colour and for words.
GOOD = {"emotion_up", "pain_point_resolved", "severity_down", "opportunity_progressed",
        "metric_improved", "conversion_up", "confidence_up"}
BAD = {"emotion_down", "pain_point_introduced", "severity_up", "opportunity_regressed",
       "metric_worsened", "conversion_down", "confidence_down"}

_SUFFIX = {
    "pain_point_introduced": "pain point introduced",
    "pain_point_resolved": "pain point resolved",
    "severity_up": "more severe",
    "severity_down": "less severe",
    "opportunity_progressed": "progressed",
    "opportunity_regressed": "went back",
    "metric_improved": "better",
    "metric_worsened": "worse",
    "persona_switched": "persona switched",
    "confidence_up": "better backed",
    "confidence_down": "less backed",
}


# Fields whose values are ids or fixed choices: shown as codes, not as quoted text.
CODE_FIELDS = {"status", "severity", "kind", "impact", "effort", "direction", "state", "channel",
               "fulfils", "metric", "touchpoint", "persona", "stage", "reviewed", "confidence"}


def element_label(change: Change, quote: Quote, *, with_stage: bool = True) -> str:
    """``Touchpoint "Посещение сайта" (interest)``."""
    kind = change.element_kind[:1].upper() + change.element_kind[1:]
    where = f" ({change.stage})" if change.stage and with_stage else ""
    return f"{kind} {quote(change.name)}{where}"


def arrow(change: Change) -> str:
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


def describe(change: Change, quote: Quote, code: Quote = str) -> str:
    """What happened, without the element: ``emotion 2 → 4 ↑``, ``renamed from "Interest"``."""
    kind, c = change.kind, change
    if kind in ("added", "removed"):
        text = kind
    elif kind == "renamed":
        text = f"renamed from {quote(str(c.old))}"
    elif kind == "moved":
        text = f"moved from stage {quote(c.note or str(c.old))} ({c.old})"
    elif kind == "reordered":
        text = f"moved in the stage order: position {c.old} → {c.new}"
    elif c.field == "next":
        target = quote(c.note or str(c.new or c.old))
        text = f"flow → {target} {'added' if c.meaning == 'flow_added' else 'removed'}"
    elif c.field == "conversion":
        text = f"conversion {_percent(c.old)} → {_percent(c.new)}{arrow(c)}"
    elif c.field == "resolved":
        return f"resolved by {quote(c.note)}" if c.note else "resolved"
    elif c.field == "persona" and c.note:
        before, _, after = c.note.partition(" → ")
        text = f"persona {_maybe(before, quote)} → {_maybe(after, quote)}"
    elif c.note and c.field in ("touchpoints", "addresses"):
        text = f"{c.field} {c.note}"
    else:
        old, new = shorten(c.old, c.new)
        show = code if c.field in CODE_FIELDS else quote
        text = f"{c.field} {value(old, show)} → {value(new, show)}{arrow(c)}"
    extra = [_SUFFIX[c.meaning]] if c.meaning in _SUFFIX and c.meaning != "persona_switched" else []
    if c.note and c.field in ("actual",):
        extra.append(c.note)
    if extra:
        text += f" ({'; '.join(extra)})"
    return text


def _maybe(text: str, quote: Quote) -> str:
    return text if text == "—" else quote(text)


def _percent(rate: Any) -> str:
    return numbers.percent(rate) if isinstance(rate, (int, float)) else "—"


def value(v: Any, quote: Quote) -> str:
    """A field value for people: text quoted, lists joined, absent as an em dash."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, str):
        return quote(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x, quote) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {value(x, quote)}" for k, x in v.items()) + "}"
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
