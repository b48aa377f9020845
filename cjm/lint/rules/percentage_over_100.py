"""A percentage metric (a conversion rate) is above 100%.

Why: a metric whose unit is `%` is a share of customers; more than 100% of them cannot convert,
so such a value is a typo or a count written in the wrong unit. (A completed action whose
`count` exceeds its base `of` is already a validation error, CJM022.)

Fails::

    metrics:
      - id: m-checkout-rate
        name: Checkout conversion
        unit: "%"
        target: 120

Passes::

    metrics:
      - id: m-checkout-rate
        name: Checkout conversion
        unit: "%"
        target: 12
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM302"
NAME = "percentage-over-100"
SEVERITY = Severity.error
Options = NoOptions

_PERCENT = {"%", "percent", "pct", "per cent", "процент", "procent"}


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, metric in journey.lane_items("metrics"):
        if (metric.unit or "").strip().lower() not in _PERCENT:
            continue
        for field in ("target", "actual"):
            value = getattr(metric, field)
            if value is not None and value > 100:
                yield Finding(
                    path + (field,),
                    say("%(field)s of metric '%(id)s' is %(value)s, above 100%%", field=field, id=metric.id,
                        value=f"{value:g}%"),
                    say("a rate cannot exceed 100%: check the value and the unit"),
                )
