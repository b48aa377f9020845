"""Journey-quality rules: validation says a map is well-formed; lint says it is a good journey map.

The registry (rules by code, selectors) is :mod:`cjm.lint.registry`, re-exported here; the run
over files is :mod:`cjm.lint.runner`. From Python: :func:`cjm.api.lint_paths`.
"""

from __future__ import annotations

from .finding import Context, Finding, NoOptions, Rule, RuleOptions
from .registry import (
    BY_NAME,
    META,
    RULES,
    UNKNOWN_SUPPRESSION,
    SelectorError,
    all_codes,
    expand,
    option_defaults,
    rule_info,
)

__all__ = ["BY_NAME", "META", "RULES", "UNKNOWN_SUPPRESSION", "Context", "Finding", "NoOptions",
           "Rule", "RuleOptions", "SelectorError", "all_codes", "expand", "option_defaults",
           "rule_info"]

