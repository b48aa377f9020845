"""An id is not kebab-case or snake_case.

Why: ids are typed in references and diffs for years. Valid ids may still mix `-` and `_`
(`tp_checkout-page`), double them or end with one; a consistent style makes them easy to guess
and to grep. Option `case`: `either` (default: each id kebab-case or snake_case), `kebab` or
`snake` (one style for the whole map).

Fails::

    - id: tp_checkout-page
    - id: pp--slow
    - id: op-

Passes::

    - id: tp-checkout-page
    - id: pp_slow
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM404"
NAME = "id-style"
SEVERITY = Severity.warning


class Options(RuleOptions):
    case: Literal["either", "kebab", "snake"] = "either"

_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SNAKE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_STYLES = {"kebab": ("kebab-case", (_KEBAB,)), "snake": ("snake_case", (_SNAKE,)),
           "either": (say("kebab-case or snake_case"), (_KEBAB, _SNAKE))}


def _suggest(ident: str, case: str) -> str:
    sep = "_" if case == "snake" or (case == "either" and ident.count("_") > ident.count("-")) else "-"
    return sep.join(p for p in re.split(r"[-_]+", ident) if p)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    case = ctx.options.case
    label, patterns = _STYLES[case]
    items = [((), journey)] + list(journey.elements())
    for path, element in items:
        ident: str = element.id  # type: ignore[attr-defined]
        if not any(p.match(ident) for p in patterns):
            yield Finding(
                path + ("id",),
                say("id '%(id)s' is not %(style)s", id=ident, style=label),
                say("for example '%(id)s' (and update its references)", id=_suggest(ident, case)),
            )
