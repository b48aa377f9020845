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

from ...model import JourneyMap
from ...problems import Severity
from ..finding import Finding, Options
from ._used import used_ids

CODE = "CJM208"
NAME = "unused-channel"
SEVERITY = Severity.info
OPTIONS: dict[str, object] = {}


def check(journey: JourneyMap, options: Options) -> Iterator[Finding]:
    used = used_ids(journey)
    for i, channel in enumerate(journey.channels):
        if channel.id not in used:
            yield Finding(
                ("channels", i),
                f"channel '{channel.id}' is defined but no touchpoint uses it",
                "remove it, or set `channel: " + channel.id + "` on its touchpoints",
            )
