"""Text the core writes before it knows the reader's language: English now, translatable later.

Why a ``str``: the diff engine and the pair checks write notes ("target 20%, now met"), warnings
and breaking-change reasons long before a formatter chooses a language, and those texts also go,
as they are, into the JSON output, stderr and scripts that read them as plain strings. A
:class:`Message` *is* the English text (so every one of those uses keeps working unchanged) and
also remembers its gettext id and values, so a formatter writing Russian calls :func:`localize`
and gets the Russian sentence, with any value that is itself a message (a "persona" in "persona
'x' removed") translated too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import ENGLISH, Language


class Message(str):
    """English text that can be said again in another language (see the module docstring)."""

    msgid: str
    values: Mapping[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any] | None = None) -> Message:
        values = dict(values or {})
        text = super().__new__(cls, msgid % {k: str(v) for k, v in values.items()} if values else msgid)
        text.msgid = msgid
        text.values = values
        return text

    def __reduce__(self) -> tuple[Callable[..., Message], tuple[str, dict[str, Any]]]:
        return Message, (self.msgid, dict(self.values))


def say(msgid: str, **values: Any) -> Message:
    """A message in English now, in any language later: ``say(N_("%(kind)s '%(id)s' removed"),
    kind=..., id=...)``. The ``N_`` marks the id for extraction (``make messages``)."""
    return Message(msgid, values)


def localize(text: str, lang: Language = ENGLISH) -> str:
    """``text`` in ``lang``: a :class:`Message` translated (values too), any other text as it is."""
    if not isinstance(text, Message) or lang.code == "en":
        return str(text)
    from .numbers import number

    values = {k: localize(v, lang) if isinstance(v, str) else
              number(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
              for k, v in text.values.items()}
    translated = lang.gettext(text.msgid)
    return translated % values if values else translated
