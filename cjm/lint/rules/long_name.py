"""A name (or the title) is longer than `max-length` characters (default 80).

Why: names label cards on the rendered board and columns in reports; long ones wrap, get cut
and hide the point. Put the detail in `description` and keep the name short.

Fails::

    - id: tp-checkout
      name: The checkout page where the customer enters the address, picks delivery and pays for it

Passes::

    - id: tp-checkout
      name: Checkout page
      description: The customer enters the address, picks delivery and pays.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ...problems import Severity
from ..finding import Context, Finding, RuleOptions

CODE = "CJM406"
NAME = "long-name"
SEVERITY = Severity.info


class Options(RuleOptions):
    max_length: int = Field(80, ge=0)


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    limit = ctx.options.max_length
    if len(journey.title) > limit:
        yield Finding(("title",), f"the title is {len(journey.title)} characters, more than {limit}",
                      "shorten it; put the detail in `description`")
    for path, element in journey.elements():
        name = getattr(element, "name", None)
        if isinstance(name, str) and len(name) > limit:
            yield Finding(
                path + ("name",),
                f"name is {len(name)} characters, more than {limit}",
                "shorten it; put the detail in `description`",
            )
