"""Moments of truth and the channel mix, as outputs show them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MomentFact:
    id: str
    name: str
    kind: str | None
    stage_id: str
    stage: str
    touchpoint_id: str | None
    touchpoint: str | None
    emotion: int | None  # at the touchpoint (the stage's when the touchpoint has none)
    emotion_from_stage: bool = False


@dataclass(frozen=True)
class ChannelMix:
    stage_id: str
    stage: str
    counts: dict[str, int]  # channel id -> touchpoints, in first-seen order
