"""Text the core writes before it knows the reader's language: English now, translatable later.

Why a ``str``: the diff engine and the pair checks write notes ("target 20%, now met"), warnings
and breaking-change reasons long before a formatter chooses a language, and those texts also go,
as they are, into the JSON output, stderr and scripts that read them as plain strings. A
:class:`Message` *is* the English text (so every one of those uses keeps working unchanged) and
also remembers its gettext id and values, so a formatter writing Russian calls :func:`localize`
and gets the Russian sentence, with any value that is itself a message (a "persona" in "persona
'x' removed") translated too.

A message with a count (``3 periods in a row``) is made with :func:`say_plural`: it keeps both
English forms and the count, so :func:`localize` asks the catalog for the form the count needs in
the reader's language (Russian "21 период", "22 периода", "25 периодов"), as the report and the
board do with ``ngettext``. Formatting the number into one fixed sentence cannot: the form
depends on the number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import ENGLISH, Language


class Message(str):
    """English text that can be said again in another language (see the module docstring).

    ``plural`` and ``n`` are set for a message with a count: ``msgid`` is then the singular."""

    msgid: str
    values: Mapping[str, Any]
    plural: str | None
    n: int
    context: str | None

    def __new__(cls, msgid: str, values: Mapping[str, Any] | None = None,
                plural: str | None = None, n: int = 1, context: str | None = None) -> Message:
        values = dict(values or {})
        english = msgid if plural is None or n == 1 else plural
        text = super().__new__(cls, english % {k: str(v) for k, v in values.items()} if values else english)
        text.msgid = msgid
        text.values = values
        text.plural = plural
        text.n = n
        text.context = context
        return text

    def __str__(self) -> str:
        """Itself, not a plain copy: ``str(exc)`` of an exception raised with a message (a
        configuration error, a publish error) stays a message the CLI says in the run's language."""
        return self

    def __reduce__(self) -> tuple[Callable[..., Message], tuple[Any, ...]]:
        return Message, (self.msgid, dict(self.values), self.plural, self.n, self.context)


class Quantity(str):
    """A number with its unit in a message (``45%``, ``10 min``): English now, and written as the
    reader's language writes it when the message is localized (``45 %`` in Russian), by
    :func:`cjm.i18n.numbers.with_unit`, as every other output writes it."""

    value: float
    unit: str | None

    def __new__(cls, value: float, unit: str | None) -> Quantity:
        from .numbers import with_unit

        text = super().__new__(cls, with_unit(value, unit))
        text.value = value
        text.unit = unit
        return text

    def __reduce__(self) -> tuple[Callable[..., Quantity], tuple[Any, ...]]:
        return Quantity, (self.value, self.unit)


def say(msgid: str, **values: Any) -> Message:
    """A message in English now, in any language later: ``say(N_("%(kind)s '%(id)s' removed"),
    kind=..., id=...)``. The ``N_`` marks the id for extraction (``make messages``)."""
    return Message(msgid, values)


def say_plural(singular: str, plural: str, n: int, **values: Any) -> Message:
    """:func:`say` for a message with a count: ``say_plural("%(num)s period", "%(num)s periods",
    n, num=n)``; the count chooses the form in every language (``make messages`` extracts both
    forms: the ``say_plural:1,2`` keyword)."""
    return Message(singular, values, plural, n)


def say_in(context: str, msgid: str) -> Message:
    """A word whose English has more than one meaning, in its ``context``
    (``say_in("element", "touchpoint")``: the kind of element, not a count of them);
    ``make messages`` extracts it with the ``say_in:1c,2`` keyword."""
    return Message(msgid, context=context)


def localize(text: str, lang: Language = ENGLISH) -> str:
    """``text`` in ``lang``: a :class:`Message` translated (values too), any other text as it is."""
    if not isinstance(text, Message) or lang.code == "en":
        return str(text)
    from .numbers import number, with_unit

    values = {k: v.localized(lang) if hasattr(v, "localized") else
              with_unit(v.value, v.unit, lang) if isinstance(v, Quantity) else
              localize(v, lang) if isinstance(v, str) else
              number(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
              for k, v in text.values.items()}
    if text.plural is not None:
        translated = lang.ngettext(text.msgid, text.plural, text.n)
    elif text.context is not None:
        translated = lang.pgettext(text.context, text.msgid)
    else:
        translated = lang.gettext(text.msgid)
    return translated % values if values else translated
