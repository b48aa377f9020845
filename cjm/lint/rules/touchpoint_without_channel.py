"""A touchpoint has no channel.

Why: the channel (web, store, phone...) decides who owns a touchpoint and how it is measured;
omnichannel views, channel filters and the rendered map all group touchpoints by it.

Fails::

    touchpoints:
      - id: tp-checkout
        name: Checkout

Passes::

    touchpoints:
      - id: tp-checkout
        name: Checkout
        channel: web
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM103"
NAME = "touchpoint-without-channel"
SEVERITY = Severity.warning
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    for path, _stage, tp in journey.lane_items("touchpoints"):
        if tp.channel is None:
            yield Finding(
                path,
                say("touchpoint '%(id)s' has no channel", id=tp.id),
                say("add `channel:` (web, mobile_app, email, store, phone, chat... or one of `channels`)"),
            )
