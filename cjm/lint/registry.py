"""The rule registry, and how rules are chosen by code, prefix or name.

Each rule is one small module in :mod:`cjm.lint.rules` (see :class:`cjm.lint.finding.Rule`); the
registry is the plain dict below, built from explicit imports, so the list of rules is this list.
Codes are never reused: ``CJM1xx`` structure, ``CJM2xx`` completeness, ``CJM3xx`` consistency and
funnel, ``CJM4xx`` freshness and style, ``CJM6xx`` evidence and confidence, ``CJM7xx``
opportunity scores. A module of its own
(not the package's ``__init__``) so that the runner, settings and suppressions import it without importing the package.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import cast

from ..i18n.message import say
from ..problems import CODES, RuleInfo, Severity
from ..text import did_you_mean
from .finding import Context, Finding, NoOptions, Rule, RuleOptions
from .rules import (
    actual_differs_from_history,
    conversion_fell,
    cycle_without_exit,
    dead_end_touchpoint,
    desired_action_without_metric,
    detail_persona_differs,
    duplicate_funnel_period,
    duplicate_history_period,
    duplicate_name,
    evidence_date_in_future,
    formula_input_never_given,
    funnel_grows,
    high_score_on_assumptions,
    history_out_of_order,
    id_style,
    long_name,
    map_without_parent,
    map_without_persona,
    metric_missed_in_a_row,
    metric_without_target,
    moment_without_touchpoint,
    opportunity_addresses_nothing,
    opportunity_without_score,
    pain_point_without_evidence,
    pain_point_without_opportunity,
    partial_emotion,
    percentage_over_100,
    redefined_library_persona,
    review_date_in_future,
    review_date_missing,
    severe_pain_on_assumptions,
    stage_emotion_mismatch,
    stage_without_desired_action,
    stage_without_touchpoints,
    stale_data,
    stale_evidence,
    stale_map,
    touchpoint_without_channel,
    unordered_period,
    unreachable_touchpoint,
    unused_channel,
    unused_library_persona,
    unused_metric,
    unused_persona,
    validated_without_evidence,
)

__all__ = ["BY_NAME", "META", "RULES", "UNKNOWN_SUPPRESSION", "Context", "Finding", "NoOptions",
           "Rule", "RuleOptions", "SelectorError", "all_codes", "expand", "option_defaults",
           "rule_info"]

_MODULES = (
    stage_without_touchpoints,
    stage_without_desired_action,
    touchpoint_without_channel,
    unreachable_touchpoint,
    dead_end_touchpoint,
    cycle_without_exit,
    map_without_persona,
    pain_point_without_opportunity,
    pain_point_without_evidence,
    opportunity_addresses_nothing,
    moment_without_touchpoint,
    metric_without_target,
    desired_action_without_metric,
    unused_persona,
    unused_channel,
    unused_metric,
    funnel_grows,
    percentage_over_100,
    partial_emotion,
    stage_emotion_mismatch,
    unordered_period,
    stale_map,
    review_date_missing,
    review_date_in_future,
    id_style,
    duplicate_name,
    long_name,
    actual_differs_from_history,
    duplicate_history_period,
    duplicate_funnel_period,
    history_out_of_order,
    metric_missed_in_a_row,
    conversion_fell,
    stale_data,
    severe_pain_on_assumptions,
    stale_evidence,
    validated_without_evidence,
    evidence_date_in_future,
    unused_library_persona,
    redefined_library_persona,
    detail_persona_differs,
    map_without_parent,
    opportunity_without_score,
    formula_input_never_given,
    high_score_on_assumptions,
)

RULES: dict[str, Rule] = {
    m.CODE: cast(Rule, m) for m in sorted(_MODULES, key=lambda m: m.CODE)
}
BY_NAME: dict[str, str] = {rule.NAME: code for code, rule in RULES.items()}

# Reported by the runner itself, not by a rule module.
UNKNOWN_SUPPRESSION = "CJM099"
META: dict[str, RuleInfo] = {
    UNKNOWN_SUPPRESSION: RuleInfo(
        UNKNOWN_SUPPRESSION,
        "unknown-suppression",
        "A `# cjm: disable=` comment names a code or rule that does not exist.",
        Severity.warning,
        "A `# cjm: disable=` comment names a code or rule that does not exist.\n\n"
        "Why: a suppression with a typo suppresses nothing, and the problem it was meant to\n"
        "silence keeps failing the build for reasons nobody can see. Fix the code or remove\n"
        "the comment; `cjm rules` lists every code.\n",
    )
}


class SelectorError(ValueError):
    """A ``--select``/``--ignore`` entry matches no rule."""


def rule_info(code: str) -> RuleInfo:
    """What formats and ``cjm rules`` say about a code, lint rule or validation code."""
    if code in RULES:
        rule = RULES[code]
        doc = inspect.cleandoc(rule.__doc__ or "")
        return RuleInfo(code, rule.NAME, doc.splitlines()[0] if doc else rule.NAME,
                        rule.SEVERITY, doc)
    if code in META:
        return META[code]
    name, summary = CODES.get(code, (code.lower(), code))
    return RuleInfo(code, name, summary, Severity.error, summary)


def option_defaults(code: str) -> dict[str, str]:
    """A rule's options as a config file spells them (``max-age-days``) with their defaults in
    TOML (``365``, ``"either"``, ``true``): what ``cjm rules CODE`` documents."""
    import json

    rule = RULES.get(code)
    if rule is None:
        return {}
    return {(f.alias or name): json.dumps(f.default) for name, f in rule.Options.model_fields.items()}


def all_codes() -> list[str]:
    """Every code a user may name: validation codes, rules, and the runner's own."""
    return sorted([*CODES, *RULES, *META])


def expand(selector: str, universe: Iterable[str] | None = None) -> set[str]:
    """Codes that ``selector`` means: ``ALL``, a code, a code prefix (``CJM2``) or a rule name."""
    codes = sorted(universe) if universe is not None else sorted(RULES)
    text = selector.strip()
    upper = text.upper()
    if upper == "ALL":
        return set(codes)
    by_name = _names()
    if by_name.get(text.lower()) in codes:
        return {by_name[text.lower()]}
    found = {c for c in codes if c.startswith(upper)} if upper.startswith("CJM") else set()
    if found:
        return found
    names = [name for name, code in by_name.items() if code in codes]
    guess = did_you_mean(text.lower(), names) or did_you_mean(upper, codes)
    if guess:
        raise SelectorError(say("unknown rule %(rule)s; did you mean '%(guess)s'?", rule=repr(selector), guess=guess))
    raise SelectorError(say("unknown rule %(rule)s; `cjm rules` lists them", rule=repr(selector)))


def _names() -> dict[str, str]:
    names = {name: code for code, (name, _) in CODES.items()}
    names.update({info.name: code for code, info in META.items()})
    names.update(BY_NAME)
    return names
