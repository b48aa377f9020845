"""The words around an opportunity's score: input names, where a derived input comes from.

The report, the board and the site say "reach 52,000: customers at Choose a sailing, 2026-Q3"
the same way in every language; the numbers come from :mod:`cjm.facts.scores`, and this module
only words them (a custom input's name is the label the scoring model gives it, the team's own).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..facts.numbers import half_up
from ..facts.scores import Derivation, InputValue, OffScale, ScoredOpportunity
from . import ENGLISH, Language
from . import numbers as n
from .labels import N_, label
from .message import Message, Quantity, say

INPUT_NAMES: dict[str, str] = {
    "reach": N_("reach"),
    "impact": N_("impact"),
    "confidence": N_("confidence"),
    "effort": N_("effort"),
    "ease": N_("ease"),
    "value": N_("value"),
    "customer_value": N_("customer value"),
    "business_value": N_("business value"),
}

SCORED_WITH: dict[str, str] = {  # whole sentences: a model's name takes a different case in each language
    "rice": N_("Scored with RICE: %(formula)s"),
    "ice": N_("Scored with ICE: %(formula)s"),
    "value-effort": N_("Scored as value against effort: %(formula)s"),
    "custom": N_("Scored with the repository's own model: %(formula)s"),
}


def input_name(name: str, lang: Language = ENGLISH, labels: Mapping[str, str] | None = None) -> str:
    """A built-in input in ``lang``; a custom one by its label in the scoring model, else its name."""
    if labels and name in labels:
        return labels[name]
    found = INPUT_NAMES.get(name)
    return lang.gettext(found) if found else name.replace("_", " ")


def formula_text(formula: str, lang: Language = ENGLISH, labels: Mapping[str, str] | None = None) -> str:
    """The formula with its input names in ``lang`` (``охват * влияние ...``): the report's
    words are the reader's, the operators and numbers everyone's."""
    import re

    def name(found: re.Match[str]) -> str:
        word = found.group(0)
        return word if word in ("min", "max", "mean") else input_name(word, lang, labels)

    return re.sub(r"[A-Za-z_][A-Za-z0-9_]*", name, formula)


def scored_with(model: str, formula: str, lang: Language = ENGLISH) -> str:
    """``Scored with RICE: reach × impact × …``, the formula already worded (:func:`formula_text`)."""
    found = SCORED_WITH.get(model)
    if found is None:
        return lang.gettext("Scored with %(model)s: %(formula)s") % {"model": model, "formula": formula}
    return lang.gettext(found) % {"formula": formula}


def score_text(score: float | None, lang: Language = ENGLISH) -> str:
    """A score as reports and boards write it: two decimals at most, the language's way."""
    return n.number(half_up(score, 2), lang) if score is not None else "–"


def source_text(src: Derivation, lang: Language = ENGLISH) -> str:
    """Where a derived input comes from, in ``lang``."""
    _ = lang.gettext
    if src.kind == "funnel":
        if src.period:
            return _("customers at %(stage)s, %(period)s") % {"stage": src.stage, "period": src.period}
        return _("customers at %(stage)s") % {"stage": src.stage}
    if src.kind == "pain":
        values = {"severity": label("severity", src.severity, lang), "pain": src.pain,
                  "stage": src.stage}
        if src.emotion is not None:
            return _("%(severity)s pain point “%(pain)s”, a step higher for the emotion at "
                     "%(stage)s (%(emotion)s)") % {**values, "emotion": n.emotion(src.emotion, lang)}
        return _("%(severity)s pain point “%(pain)s”") % values
    if src.kind == "evidence":
        return _("the opportunity's own evidence: %(confidence)s") % {
            "confidence": label("confidence", src.confidence, lang)}
    if src.kind == "pain-evidence":
        return _("pain point “%(pain)s” is %(confidence)s") % {
            "pain": src.pain, "confidence": label("confidence", src.confidence, lang)}
    if src.kind == "mean":
        return _("the mean of customer value and business value")
    if src.kind == "effort":
        return _("effort %(effort)s") % {"effort": label("level", src.word, lang)}
    return src.kind


def input_text(value: InputValue, lang: Language = ENGLISH,
               labels: Mapping[str, str] | None = None) -> str:
    """``reach 52,000: customers at Checkout, 2026-Q3``; ``effort medium (2)``; ``effort –``."""
    name = input_name(value.name, lang, labels)
    if value.value is None:
        return f"{name} –"
    number = n.number(half_up(value.value, 4), lang)
    if value.stated:
        if value.word is not None:
            kind = "confidence" if value.name == "confidence" else "level"
            return f"{name} {label(kind, value.word, lang)} ({number})"
        return f"{name} {number}"
    assert value.source is not None
    return lang.gettext("%(name)s %(value)s: %(source)s") % {
        "name": name, "value": number, "source": source_text(value.source, lang)}


def inputs_text(item: ScoredOpportunity, lang: Language = ENGLISH,
                labels: Mapping[str, str] | None = None) -> str:
    return "; ".join(input_text(i, lang, labels) for i in item.inputs)


def addressed_text(item: ScoredOpportunity, lang: Language = ENGLISH) -> str:
    """``Fare rules hidden (open); Card declined (resolved)``: the pain points an opportunity
    addresses, each with its state; ``-`` for none."""
    state = {True: lang.gettext("open"), False: lang.gettext("resolved")}
    return "; ".join(f"{name} ({state[is_open]})" for _id, name, is_open in item.addresses) or "-"


def why_unscored(item: ScoredOpportunity, lang: Language = ENGLISH,
                 labels: Mapping[str, str] | None = None) -> str:
    """Why an opportunity has no score: the inputs it lacks, or a division by zero."""
    _ = lang.gettext
    if item.undefined:
        return _("the formula divides by zero")
    return _("no %(inputs)s") % {"inputs": ", ".join(input_name(m, lang, labels) for m in item.missing)}


def off_scale(name: str, miss: OffScale) -> Message:
    """Why a stated input is not used: ``'huge' is not a word of the effort scale (one of low,
    medium, high)``, ``7 is outside the impact scale (0 to 3, or one of ...)``; a message, so
    lint says it in the run's language and the JSON report in English."""
    words = ", ".join(miss.words)
    if isinstance(miss.stated, str):
        return say(N_("'%(word)s' is not a word of the %(input)s scale (one of %(words)s)"),
                   word=miss.stated, input=name, words=words)
    return say(N_("%(value)s is outside the %(input)s scale (%(range)s)"),
               value=Quantity(miss.stated, None), input=name, range=_scale_range(miss, words))


def _scale_range(miss: OffScale, words: str) -> Message:
    low = Quantity(miss.low, None) if miss.low is not None else None
    high = Quantity(miss.high, None) if miss.high is not None else None
    if low is not None and high is not None:
        return say(N_("%(low)s to %(high)s, or one of %(words)s"), low=low, high=high, words=words)
    if low is not None:
        return say(N_("%(low)s or more, or one of %(words)s"), low=low, words=words)
    if high is not None:
        return say(N_("at most %(high)s, or one of %(words)s"), high=high, words=words)
    return say(N_("any number, or one of %(words)s"), words=words)
