"""A custom channel is defined but no touchpoint uses it.

Why: `channels:` adds channels beyond the built-in ones; one that no touchpoint uses is dead
weight, often a typo'd duplicate of the channel the touchpoints really use.

Fails::

    channels:
      - id: kiosk
        name: In-store kiosk
    # ...no touchpoint has `channel: kiosk`

Passes::

    touchpoints:
      - id: tp-kiosk-order
        name: Order at the kiosk
        channel: kiosk
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n.message import say
from ...problems import Severity
from ..finding import Context, Finding, NoOptions

CODE = "CJM208"
NAME = "unused-channel"
SEVERITY = Severity.info
Options = NoOptions


def check(ctx: Context[Options]) -> Iterator[Finding]:
    journey = ctx.journey
    used = ctx.facts.used_ids
    for i, channel in enumerate(journey.channels):
        if channel.id not in used:
            yield Finding(
                ("channels", i),
                say("channel '%(id)s' is defined but no touchpoint uses it", id=channel.id),
                say("remove it, or set `channel: %(id)s` on its touchpoints", id=channel.id),
            )
