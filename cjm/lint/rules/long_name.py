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

from ...i18n.message import say, say_plural
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
        yield Finding(("title",), say_plural("the title is %(num)s character, more than %(limit)s",
                                 "the title is %(num)s characters, more than %(limit)s",
                                 len(journey.title), num=len(journey.title), limit=limit),
                      say("shorten it; put the detail in `description`"))
    for path, element in journey.elements():
        name = getattr(element, "name", None)
        if isinstance(name, str) and len(name) > limit:
            yield Finding(
                path + ("name",),
                say_plural("name is %(num)s character, more than %(limit)s",
                           "name is %(num)s characters, more than %(limit)s",
                           len(name), num=len(name), limit=limit),
                say("shorten it; put the detail in `description`"),
            )
