"""The fixed words cjm shows for the format's own vocabulary, as gettext messages.

A map's enums (``severity: high``, ``status: in_progress``, ``kind: first``) and the built-in
channels are the format's words, not the map's text, so they are shown in the output's language:
"высокая", "w trakcie", "Website" → "Веб-сайт". Each is listed here once, marked for extraction
(``N_``), and looked up with :func:`label`.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from . import ENGLISH, Language

if TYPE_CHECKING:
    from ..facts import EvidenceFact
    from ..model import JourneyMap


def N_(message: str) -> str:
    """Marks a message for extraction (``make messages``) without translating it here."""
    return message


VOCABULARY: dict[str, dict[str, str]] = {
    "severity": {
        "critical": N_("critical"),
        "high": N_("high"),
        "medium": N_("medium"),
        "low": N_("low"),
        "": N_("unrated"),
    },
    "status": {
        "idea": N_("idea"),
        "planned": N_("planned"),
        "in_progress": N_("in progress"),
        "done": N_("done"),
        "": N_("no status"),
    },
    "level": {"low": N_("low"), "medium": N_("medium"), "high": N_("high"), "": "–"},
    "moment": {
        "zero": N_("Zero moment of truth"),
        "first": N_("First moment of truth"),
        "second": N_("Second moment of truth"),
        "ultimate": N_("Ultimate moment of truth"),
        "": N_("Moment of truth"),
    },
    "state": {"current": N_("Current state (as-is)"), "future": N_("Future state (to-be)")},
    "direction": {
        "higher_is_better": N_("higher is better"),
        "lower_is_better": N_("lower is better"),
    },
    "emotion": {
        "1": N_("very negative"),
        "2": N_("negative"),
        "3": N_("neutral"),
        "4": N_("positive"),
        "5": N_("very positive"),
        "": N_("not rated"),
    },
    "evidence": {
        "interview": N_("interview"),
        "survey": N_("survey"),
        "analytics": N_("analytics"),
        "support": N_("support tickets"),
        "observation": N_("observation"),
        "usability_test": N_("usability test"),
        "assumption": N_("assumption"),
    },
    "confidence": {
        "assumption": N_("assumption only"),
        "reasoned": N_("reasoned"),
        "validated": N_("validated"),
    },
    "channel": {
        "web": N_("Website"),
        "mobile_app": N_("Mobile app"),
        "email": N_("Email"),
        "social": N_("Social media"),
        "ads": N_("Advertising"),
        "search": N_("Search"),
        "store": N_("Store"),
        "phone": N_("Phone"),
        "chat": N_("Chat"),
        "sms": N_("SMS"),
        "partner": N_("Partner"),
        "word_of_mouth": N_("Word of mouth"),
        "mail": N_("Mail"),
    },
}


def label(kind: str, value: object, lang: Language = ENGLISH) -> str:
    """The word for ``value`` (an enum, its text, a number or None) of ``kind``, in ``lang``."""
    key = value.value if isinstance(value, Enum) else ("" if value is None else str(value))
    found = VOCABULARY[kind].get(key)
    return lang.gettext(found) if found else key


def severity_count(severity: object, count: int, lang: Language = ENGLISH) -> str:
    """``2 high``: a count of open pain points of one severity, the word agreeing with the number
    (Russian "2 высокие", "5 высоких"): one plural message per severity, not number + label."""
    from .numbers import integer

    key = severity.value if isinstance(severity, Enum) else (severity or "")
    num = {"num": integer(count, lang)}
    if key == "critical":
        return lang.ngettext("%(num)s critical", "%(num)s critical", count) % num
    if key == "high":
        return lang.ngettext("%(num)s high", "%(num)s high", count) % num
    if key == "medium":
        return lang.ngettext("%(num)s medium", "%(num)s medium", count) % num
    if key == "low":
        return lang.ngettext("%(num)s low", "%(num)s low", count) % num
    return lang.ngettext("%(num)s unrated", "%(num)s unrated", count) % num


def channel_label(journey: JourneyMap, ref: str, lang: Language = ENGLISH) -> str:
    """A channel's name: the map's own (or its library's) for a custom channel, the built-in
    one's in ``lang``."""
    for channel in journey.channels:
        if channel.id == ref:
            return channel.name
    from ..model import Channel

    shared = journey.shared(ref)
    if isinstance(shared, Channel):
        return shared.name
    return label("channel", ref, lang)


def evidence_item(item: EvidenceFact, lang: Language = ENGLISH) -> str:
    """One evidence item on one line, its parts in the order a reader weighs them: what kind,
    where from, when, how many (``interview, Round 3, 1 May 2026, n = 12``); the quote is left to
    outputs with room for it."""
    from .numbers import date, integer

    parts = [label("evidence", item.kind, lang)]
    if item.source:
        parts.append(item.source)
    if item.date is not None:
        parts.append(date(item.date, lang))
    if item.sample is not None:
        parts.append(lang.gettext("n = %(num)s") % {"num": integer(item.sample, lang)})
    return ", ".join(parts)


def _kind_words() -> dict[str, str]:
    from .message import say_in

    return {
        "map": say_in("element", "map"),
        "library": say_in("element", "library"),
        "persona": say_in("element", "persona"),
        "channel": say_in("element", "channel"),
        "stage": say_in("element", "stage"),
        "touchpoint": say_in("element", "touchpoint"),
        "moment of truth": say_in("element", "moment of truth"),
        "pain point": say_in("element", "pain point"),
        "desired action": say_in("element", "desired action"),
        "completed action": say_in("element", "completed action"),
        "opportunity": say_in("element", "opportunity"),
        "metric": say_in("element", "metric"),
        "history point": say_in("element", "history point"),
        "evidence item": say_in("element", "evidence item"),
        "item": say_in("element", "item"),
    }


def kind_word(name: str) -> str:
    """The name of a kind of element (``"pain point"``, as :data:`cjm.kinds.KIND_NAMES` has it)
    as a message: English as it is, and in the reader's language when a message that names it is
    localized. Translations write it in the nominative, so messages place it where no case ending
    is needed (after a colon, in parentheses)."""
    return _KIND_WORDS.get(name) or name


_KIND_WORDS = _kind_words()
