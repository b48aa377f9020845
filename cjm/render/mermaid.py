"""The map as a Mermaid ``journey`` diagram, so it renders natively in GitHub Markdown.

Mapping: the map title is the diagram title, stages are sections, touchpoints are tasks, a
touchpoint's emotion (1-5) is the task's score, and the map's persona is the actor.

Mermaid's journey grammar cannot take some characters in names, and reads some words as keywords,
so every text goes through :func:`clean` first (the only lossy step, documented in docs/render.md):

- ``:`` separates a task from its score, ``;`` ends a statement and ``#`` starts a comment, so
  they become look-alikes: ``∶`` (U+2236 RATIO), ``；`` (U+FF1B) and ``＃`` (U+FF03);
- ``%%`` starts a comment anywhere on a line, so the second ``%`` becomes ``％`` (U+FF05);
- ``,`` separates actors, so in the persona's name it becomes ``‚`` (U+201A);
- line breaks and tabs become spaces (one statement per line), and other control characters
  (ESC, BEL, DEL, C1, bidirectional overrides) are dropped: the diagram is read raw in
  terminals and logs as well as drawn;
- a name that starts with a keyword (``journey``, ``title``, ``section``, ``accTitle``,
  ``accDescr``; Mermaid matches them case-insensitively) gets an invisible U+200B in front, so it
  stays a name.

A touchpoint without an emotion is scored with its stage's level on the emotion curve
(:attr:`cjm.facts.EmotionPoint.level`), or 3 (neutral) when the stage has none either, because
Mermaid needs a whole score. A stage without touchpoints gets one task named
after the stage, so that the section still shows (Mermaid draws only sections that have tasks).
"""

from __future__ import annotations

import re

from .. import facts as F
from ..model import JourneyMap, Stage
from .options import Options

_REPLACE = str.maketrans({":": "\u2236", ";": "\uff1b", "#": "\uff03", "\t": " ", "\r": " ", "\n": " "})
_KEYWORD = re.compile(r"(journey|title|section|acctitle|accdescr)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NEUTRAL = 3


def clean(text: str, *, actor: bool = False) -> str:
    """``text`` made safe as a Mermaid journey title, section, task or actor name."""
    out = text.translate(_REPLACE)
    out = out.replace("%%", "%\uff05")
    while "%%" in out:  # "%%%" leaves a pair behind after one pass
        out = out.replace("%%", "%\uff05")
    if actor:
        out = out.replace(",", "\u201a")
    out = _CONTROLS.sub("", _SPACES.sub(" ", out)).strip()
    if _KEYWORD.match(out):
        out = "\u200b" + out
    return out


def _tasks(stage: Stage, point: F.EmotionPoint) -> list[tuple[str, int]]:
    """(task name, score) for each touchpoint of ``stage``; ids stand in for blank names."""
    fallback = point.level if point.level is not None else NEUTRAL
    if not stage.touchpoints:
        return [(clean(stage.name) or stage.id, fallback)]
    return [
        (clean(tp.name) or tp.id, tp.emotion if tp.emotion is not None else fallback)
        for tp in stage.touchpoints
    ]


def render(journey: JourneyMap, options: Options | None = None) -> str:
    """Mermaid source for ``journey``, ending with a newline. Deterministic: document order."""
    actor = journey.persona_label()
    who = f": {clean(actor, actor=True) or journey.persona}" if actor is not None else ""
    lines = ["journey", f"  title {clean(journey.title) or journey.id}"]
    for stage, point in zip(journey.stages, F.of(journey).emotion, strict=True):
        lines.append(f"  section {clean(stage.name) or stage.id}")
        for name, score in _tasks(stage, point):
            lines.append(f"    {name}: {score}{who}")
    return "\n".join(lines) + "\n"
