"""A pain point's severity as the adjective before "pain point", in the reader's language.

Why a word of its own: "critical pain point" needs the adjective to agree with the noun
(Polish "krytyczny punkt bólu", Russian "критическая болевая точка"), which the bare severity
label (a value in a list) cannot do; the message context keeps it apart from that label."""

from __future__ import annotations

from ...i18n.message import say_in

_WORDS = {
    "critical": say_in("pain point severity", "critical"),
    "high": say_in("pain point severity", "high"),
    "medium": say_in("pain point severity", "medium"),
    "low": say_in("pain point severity", "low"),
}


def severe_pain_word(severity: str) -> str:
    """``critical`` → the word that goes before "pain point" (a message, localized later)."""
    return _WORDS.get(severity) or severity
