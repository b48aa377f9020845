"""A moment of truth is not tied to a touchpoint.

Why: a moment of truth is where a customer decides (to trust, to buy, to stay). Tied to the
touchpoint where it happens, it tells a team which screen, call or shelf deserves the most care;
floating free, it is a slogan.

Fails::

    moments_of_truth:
      - id: mot-first-delivery
        name: The first parcel arrives

Passes::

    moments_of_truth:
      - id: mot-first-delivery
        name: The first parcel arrives
        touchpoint: tp-delivery
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM204"
NAME = "moment-without-touchpoint"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, mot in journey.lane_items("moments_of_truth"):
        if mot.touchpoint is None:
            yield Finding(
                path,
                say("moment of truth '%(id)s' is not tied to a touchpoint", id=mot.id),
                say("add `touchpoint:` with the id of the touchpoint where it happens"),
            )
