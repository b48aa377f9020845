"""Journey-quality rules: validation says a map is well-formed; lint says it is a good journey map.

The registry (rules by code, selectors) is :mod:`cjm.lint.registry`, re-exported here; the run
over files is :mod:`cjm.lint.runner`. The package is also the Python API's ``cjm.lint``: calling
it runs :func:`cjm.lint.runner.lint` (see :mod:`cjm.callable_package`).
"""

from __future__ import annotations

from typing import Any

from ..callable_package import make_callable
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


def _lint(*args: Any, **kwargs: Any) -> Any:
    from .runner import lint

    return lint(*args, **kwargs)


_lint.__doc__ = "``cjm.lint(paths, ...)``: see :func:`cjm.lint.runner.lint`."
make_callable(__name__, _lint)
